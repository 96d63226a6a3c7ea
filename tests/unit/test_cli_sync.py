"""`followup-desktop sync` against a real Radicale server started on loopback."""

from __future__ import annotations

import json
from collections.abc import Callable

import caldav
import pytest

Run = Callable[..., tuple[int, str, str]]


def test_sync_puts_a_demo_database_on_the_server_once(run: Run, dav_server: str) -> None:
    assert run("demo", "--prospects", "6")[0] == 0
    code, out, err = run("due", "--all", "--json")
    pending = len(json.loads(out))
    code, out, err = run("sync", "--url", dav_server, "--user", "ana", "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["uploaded"] == pending + 6
    assert first["conflicts"] == 0
    (calendar,) = (
        caldav.DAVClient(url=dav_server, username="ana", password="").principal().calendars()
    )
    todos = calendar.todos()
    assert len(todos) == pending
    assert all(t.icalendar_component.walk("VALARM") for t in todos)
    # The account is remembered: a second run needs no options and changes nothing.
    code, out, err = run("sync", "--json")
    assert code == 0, err
    assert json.loads(out) == {
        "uploaded": 0,
        "updated": 0,
        "removed": 0,
        "unchanged": pending + 6,
        "conflicts": 0,
        "from_server": 0,
        "merged": [],
        "conflict_items": [],
    }
    assert len(calendar.todos()) == pending


def test_sync_without_an_account_says_what_to_give(run: Run) -> None:
    code, _out, err = run("sync")
    assert code == 2
    assert "--url" in err


def test_the_password_comes_from_the_variable_named(
    run: Run, dav_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _out, err = run("sync", "--url", dav_server, "--user", "ana", "--password-env", "FU_PW")
    assert code == 2
    assert "FU_PW" in err
    monkeypatch.setenv("FU_PW", "secret")
    code, out, err = run("sync", "--url", dav_server, "--user", "ana", "--password-env", "FU_PW")
    assert code == 0, err
    assert "Synced with" in out
    assert run("sync")[0] == 0
    db = (run.data / "followup.sqlite3").read_bytes()  # type: ignore[attr-defined]
    assert b"secret" not in db


def test_an_unreachable_server_is_one_line(run: Run) -> None:
    code, _out, err = run("sync", "--url", "http://127.0.0.1:9/", "--user", "ana")
    assert code == 2
    assert err.count("\n") == 1
    assert "Cannot reach the sync server" in err


def test_the_summary_counts_each_kind_of_change(run: Run, dav_server: str) -> None:
    assert run("add", "Ana Müller")[0] == 0  # a card and her first follow-up's to-do
    code, out, err = run("sync", "--url", dav_server, "--user", "ana")
    assert code == 0, err
    assert out.strip() == (
        f"Synced with {dav_server}: 2 new, 0 updated, 0 removed, 0 unchanged, "
        "0 conflicts, 0 changes from the server."
    )
    code, out, _err = run("sync")
    assert out.strip().endswith(
        ": 0 new, 0 updated, 0 removed, 2 unchanged, 0 conflicts, 0 changes from the server."
    )


def test_undo_brings_back_a_follow_up_the_phone_deleted(run: Run, dav_server: str) -> None:
    assert run("add", "Ana Müller")[0] == 0
    assert run("add", "Tom Becker")[0] == 0
    assert run("sync", "--url", dav_server, "--user", "ana")[0] == 0
    (calendar,) = (
        caldav.DAVClient(url=dav_server, username="ana", password="").principal().calendars()
    )
    todo = next(t for t in calendar.todos() if "Ana" in str(t.icalendar_component["summary"]))
    todo.delete()
    code, out, err = run("sync", "--json")
    assert code == 0, err
    assert json.loads(out)["from_server"] == 1
    code, out, _err = run("due", "--all", "--json")
    assert len(json.loads(out)) == 1
    code, out, err = run("undo")
    assert code == 0, err
    assert "Skip 1 follow-up deleted on the phone" in out
    code, out, _err = run("due", "--all", "--json")
    assert len(json.loads(out)) == 2
    code, out, err = run("sync", "--json")
    assert json.loads(out)["uploaded"] == 1
    assert len(calendar.todos()) == 2


def test_an_emptied_server_asks_for_allow_empty(run: Run, dav_server: str) -> None:
    assert run("add", "Ana Müller")[0] == 0
    assert run("sync", "--url", dav_server, "--user", "ana")[0] == 0
    (calendar,) = (
        caldav.DAVClient(url=dav_server, username="ana", password="").principal().calendars()
    )
    (todo,) = calendar.todos()
    todo.delete()
    code, _out, err = run("sync")
    assert code == 2
    assert "calendar on the server is empty, though 1 to-do was synced" in err
    assert "--allow-empty" in err
    code, out, err = run("sync", "--allow-empty", "--json")
    assert code == 0, err
    assert json.loads(out)["from_server"] == 1
