"""The store's messages in the user's language: German here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from followup_desktop import i18n
from followup_desktop.store import (
    NotADatabaseError,
    ReadOnlyDatabaseError,
    StoreError,
    open_store,
)
from followup_desktop.store.backup import BackupError, copy_backup
from followup_desktop.store.rows import write_failure


@pytest.fixture(autouse=True)
def german() -> Iterator[None]:
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def test_a_file_that_is_no_database_is_refused_in_german(db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.write_text("Hallo")
    with pytest.raises(NotADatabaseError) as caught:
        open_store(db_path)
    assert str(caught.value) == (
        f"{db_path} ist keine FollowUp-Desktop-Datenbank (es ist keine SQLite-Datei). "
        "Die Datei wurde nicht verändert; verschieben Sie sie oder wählen Sie einen anderen "
        "Datenordner."
    )


def test_a_read_only_file_is_refused_and_read_in_german(db_path: Path) -> None:
    open_store(db_path).close()
    db_path.chmod(0o444)
    try:
        with pytest.raises(ReadOnlyDatabaseError) as caught:
            open_store(db_path)
        assert str(caught.value) == (
            f"Die Datenbankdatei {db_path} ist schreibgeschützt, daher kann nichts geändert "
            "werden; es wurde nichts geändert. Machen Sie die Datei beschreibbar "
            f"(chmod u+w {db_path}), um Änderungen zu ermöglichen."
        )
        store = open_store(db_path, read_only_ok=True)
        try:
            assert store.read_only == f"die Datenbankdatei {db_path} ist schreibgeschützt"
            with pytest.raises(StoreError, match="Die Änderung wurde nicht gespeichert"):
                store.set_setting("x", "y")
        finally:
            store.close()
    finally:
        db_path.chmod(0o600)


def test_a_read_only_folder_is_named_in_german(db_path: Path) -> None:
    db_path.parent.mkdir(mode=0o555)
    try:
        with pytest.raises(ReadOnlyDatabaseError) as caught:
            open_store(db_path, read_only_ok=True)
        assert str(caught.value) == (
            f"Der Datenordner {db_path.parent} ist schreibgeschützt und enthält noch keine "
            "Datenbank, daher kann darin keine angelegt werden; machen Sie den Ordner "
            f"beschreibbar (chmod u+w {db_path.parent}) oder wählen Sie einen anderen "
            "Datenordner."
        )
    finally:
        db_path.parent.chmod(0o700)


def test_a_failed_write_and_backup_are_told_in_german(tmp_path: Path) -> None:
    assert write_failure(OSError("database or disk is full")) == (
        "Der Datenträger ist voll: Die Änderung wurde nicht gespeichert, sonst ging nichts "
        "verloren."
    )
    with pytest.raises(BackupError, match=r"Die Sicherung konnte nicht nach .* kopiert werden"):
        copy_backup(tmp_path / "missing.sqlite3", tmp_path / "copies")
