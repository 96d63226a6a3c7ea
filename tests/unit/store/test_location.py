"""Database URLs: what each names, and the words for one that names nothing usable."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.store.location import LocationError, parse_location


def test_a_postgresql_url_gives_every_part_and_keeps_the_password_out_of_sight() -> None:
    where = parse_location("postgresql://ana:s3cr%40t@db.example.com:5433/followup")
    assert (where.kind, where.host, where.port, where.user, where.dbname) == (
        "postgresql",
        "db.example.com",
        5433,
        "ana",
        "followup",
    )
    assert where.password == "s3cr@t"
    assert "s3cr" not in where.public_url()
    assert "s3cr" not in repr(where)
    assert where.public_url() == "postgresql://ana@db.example.com:5433/followup"
    assert where.connect_params()["password"] == "s3cr@t"


def test_without_a_password_the_client_library_finds_it_in_pgpass() -> None:
    where = parse_location("postgres://ana@/followup?host=/run/postgresql")
    assert where.host == "/run/postgresql"
    assert "password" not in where.connect_params()
    assert parse_location(where.public_url()) == where


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///rel/followup.sqlite3", Path("/base/rel/followup.sqlite3")),
        ("sqlite:////abs/followup.sqlite3", Path("/abs/followup.sqlite3")),
        ("/abs/plain.sqlite3", Path("/abs/plain.sqlite3")),
        ("plain.sqlite3", Path("/base/plain.sqlite3")),
    ],
)
def test_sqlite_urls_and_plain_paths_name_a_file(url: str, path: Path) -> None:
    where = parse_location(url, base=Path("/base"))
    assert where.is_sqlite
    assert where.path == path
    assert parse_location(where.public_url()) == where


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://host/db", "is not a database URL"),
        ("postgresql://ana:pw@host/", "names no database"),
        ("sqlite://", "names no file"),
        ("postgresql://host:abc/db", "is not a number"),
        ("  ", "is empty"),
    ],
)
def test_a_url_that_names_nothing_usable_is_refused_in_words(url: str, words: str) -> None:
    with pytest.raises(LocationError, match=words) as caught:
        parse_location(url)
    assert "pw@" not in str(caught.value)
