"""Opening, creating and upgrading the database file; refusing bad files untouched."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
from pathlib import Path

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import FollowUpService
from followup_desktop.store import (
    SCHEMA_VERSION,
    CorruptDatabaseError,
    DatabaseNotCreatedError,
    DatabaseNotOpenedError,
    NewerSchemaError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    StoreError,
    open_store,
)
from followup_desktop.store.database import APPLICATION_ID
from followup_desktop.store.models import ALL_MODELS
from tests.helpers.factories import make_v1_database
from tests.helpers.full_disk import room_for_files


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def test_new_database_is_private_wal_with_foreign_keys(db_path: Path) -> None:
    store = open_store(db_path)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.journal_mode() == "wal"
        assert store.foreign_keys_enabled()
    finally:
        store.close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_a_read_only_file_is_refused_or_read_but_never_made_writable(
    db_path: Path, clock: FixedClock
) -> None:
    service = FollowUpService(open_store(db_path), clock)
    service.add_prospect("Tom Becker")
    service.store.close()
    db_path.chmod(0o444)
    digest, siblings = _digest(db_path), _siblings(db_path)
    try:
        with pytest.raises(ReadOnlyDatabaseError, match="is read-only, so nothing can be"):
            open_store(db_path)
        store = open_store(db_path, read_only_ok=True)
        try:
            assert store.read_only == f"the database file {db_path} is read-only"
            assert [s.prospect.name for s in store.summaries()] == ["Tom Becker"]
            with pytest.raises(StoreError, match="read-only: the change was not saved"):
                FollowUpService(store, clock).add_prospect("Ann Lee")
        finally:
            store.close()
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o444
        assert (_digest(db_path), _siblings(db_path)) == (digest, siblings)
    finally:
        db_path.chmod(0o600)


def test_a_read_only_file_to_upgrade_is_refused_untouched(db_path: Path) -> None:
    make_v1_database(db_path)
    db_path.chmod(0o444)
    digest, siblings = _digest(db_path), _siblings(db_path)
    try:
        with pytest.raises(ReadOnlyDatabaseError, match="must be upgraded before it can be read"):
            open_store(db_path, read_only_ok=True)
        assert (_digest(db_path), _siblings(db_path)) == (digest, siblings)
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o444
    finally:
        db_path.chmod(0o600)


def test_a_read_only_folder_without_a_database_gets_none(db_path: Path) -> None:
    db_path.parent.mkdir(mode=0o555)
    try:
        with pytest.raises(ReadOnlyDatabaseError, match="holds no database yet"):
            open_store(db_path, read_only_ok=True)
        assert list(db_path.parent.iterdir()) == []
    finally:
        db_path.parent.chmod(0o700)


def test_models_match_the_migrated_schema(store: object, db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        fields = {f.column_name for f in model._meta.sorted_fields}
        assert fields == columns, table
    conn.close()


def test_first_schema_is_upgraded_with_its_data(db_path: Path) -> None:
    make_v1_database(db_path)
    store = open_store(db_path)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        (eloise,) = store.summaries([1])
        assert eloise.prospect.name == "Éloïse Moreau"
        assert eloise.prospect.tags == ("workshop",)
        assert eloise.touch_count == 3
        assert eloise.last_touch_at is not None
        assert eloise.last_touch_at.isoformat() == "2026-01-19T10:00:00+00:00"
        assert eloise.next_due_at is not None
        assert eloise.next_due_at.isoformat() == "2026-02-02T08:00:00+00:00"
        # The search text was built for the old rows.
        assert store.search_prospect_ids("ÉLOÏSE") == [1]
        assert store.search_prospect_ids("eloise") == [1]  # folded for accents (schema 8)
        assert store.search_prospect_ids("#workshop") == [1]
        assert store.search_prospect_ids("0123456789") == []
        assert store.search_prospect_ids("123456789") == [1]
        (tom,) = store.summaries([2])
        assert (tom.touch_count, tom.next_due_at) == (0, None)
        # Every old prospect was given its own uid (schema 5).
        uids = store.prospect_uids()
        assert len(set(uids.values())) == 2
        assert all(len(uid) == 36 for uid in uids.values())
    finally:
        store.close()
    backup = db_path.with_name(f"{db_path.name}.before-v{SCHEMA_VERSION}")
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM touch").fetchone()[0] == 3
    conn.close()


def test_newer_schema_is_refused_and_left_unchanged(db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before, files = _digest(db_path), _siblings(db_path)
    with pytest.raises(NewerSchemaError, match="newer version of FollowUp Desktop"):
        open_store(db_path)
    assert _digest(db_path) == before
    assert _siblings(db_path) == files


def test_a_file_that_is_not_a_database_is_refused_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("BEGIN:VCARD\nFN:Not a database\nEND:VCARD\n")
    before = _digest(db_path)
    with pytest.raises(NotADatabaseError, match="not an SQLite file"):
        open_store(db_path)
    assert _digest(db_path) == before
    assert _siblings(db_path) == {db_path.name}


def test_another_programs_sqlite_file_is_refused_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    with pytest.raises(NotADatabaseError, match="another program"):
        open_store(db_path)
    assert _digest(db_path) == before


def _damaged(db_path: Path, damage: str) -> None:
    """A database of 400 prospects, then damaged on disk (its first page kept)."""
    store = open_store(db_path)
    from datetime import UTC, datetime

    from followup_desktop.domain.model import Prospect

    now = datetime(2026, 1, 1, tzinfo=UTC)
    with store.transaction():
        for i in range(400):
            store.add_prospect(Prospect(None, f"Prospect {i}", notes="x" * 200), now)
    store.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    data = bytearray(db_path.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 3 + 100]
    else:
        for offset in range(4096 * 2, min(len(data), 4096 * 12), 7):
            data[offset] = (data[offset] * 31 + 17) % 256
    db_path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["garbage_pages", "truncated"])
def test_a_corrupt_database_is_refused_untouched(db_path: Path, damage: str) -> None:
    _damaged(db_path, damage)
    before = _digest(db_path)
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        open_store(db_path)
    assert _digest(db_path) == before


def test_damage_found_after_opening_refuses_every_change(db_path: Path, clock: FixedClock) -> None:
    """The window opens without reading the whole file (a file cut short is still
    refused at once); the check after it finds damaged pages, says so, and from
    then on nothing is written."""
    _damaged(db_path, "garbage_pages")
    store = open_store(db_path, full_check=False)
    try:
        service = FollowUpService(store, clock)
        message = service.verify_database()
        assert message is not None
        assert "damaged" in message
        assert "restore it from a backup" in message
        before = _digest(db_path)
        with pytest.raises(StoreError, match="damaged"):
            service.add_prospect("Ana")
        assert _digest(db_path) == before
    finally:
        store.close()


def test_a_whole_file_passes_the_check_after_opening(service: FollowUpService) -> None:
    service.add_prospect("Ana")
    assert service.verify_database() is None
    assert service.add_prospect("Bo").id is not None


def test_a_full_disk_is_reported_and_committed_data_kept(db_path: Path) -> None:
    from datetime import UTC, datetime

    from followup_desktop.domain.model import Prospect

    now = datetime(2026, 1, 1, tzinfo=UTC)
    store = open_store(db_path)
    try:
        kept = store.add_prospect(Prospect(None, "Margaret Thompson"), now)
        pages = store._db.execute_sql("PRAGMA page_count").fetchone()[0]
        store._db.execute_sql(f"PRAGMA max_page_count = {pages + 2}")

        def fill() -> None:
            with store.transaction():
                for i in range(2000):
                    store.add_prospect(Prospect(None, f"Filler {i}", notes="y" * 500), now)

        with pytest.raises(StoreError, match="disk is full"):
            fill()
        assert store.prospect_count() == 1
        prospect = store.get_prospect(kept)
        assert prospect is not None
        assert prospect.name == "Margaret Thompson"
    finally:
        store.close()


@pytest.mark.parametrize("room", [0, 4096, 65536])
def test_a_database_that_cannot_be_created_leaves_nothing_behind(tmp_path: Path, room: int) -> None:
    path = tmp_path / "share" / "followup" / "followup.sqlite3"
    (tmp_path / "share").mkdir()
    with room_for_files(room), pytest.raises(DatabaseNotCreatedError) as caught:
        open_store(path)
    assert str(caught.value) == (
        f"Could not create the database {path}: the disk could not be written "
        "(disk I/O error). Nothing was left behind."
    )
    assert list((tmp_path / "share").iterdir()) == []  # the folder it made is gone too


def test_a_full_disk_is_not_taken_for_a_damaged_database(db_path: Path) -> None:
    """SQLite cannot make the -shm file a write-ahead log needs: the file is whole."""
    open_store(db_path).close()
    db_path.with_name(db_path.name + "-wal").touch()  # as a crash can leave it
    before = _digest(db_path)
    with room_for_files(0), pytest.raises(DatabaseNotOpenedError) as caught:
        open_store(db_path)
    assert str(caught.value) == (
        f"Could not open {db_path}: the disk could not be written (disk I/O error). "
        "It was left as it was."
    )
    assert _digest(db_path) == before
    store = open_store(db_path)  # once there is room again
    store.close()


def _rebuild_prospect(db: object) -> None:
    """A migration that rebuilds ``prospect`` the way SQLite alters a table: a new
    table, the rows copied, the old one dropped and the new one renamed."""
    execute = db.execute_sql  # type: ignore[attr-defined]
    (sql,) = execute("SELECT sql FROM sqlite_master WHERE name = 'prospect'").fetchone()
    execute(sql.replace("prospect", "prospect_new", 1))
    execute("INSERT INTO prospect_new SELECT * FROM prospect")
    execute("DROP TABLE prospect")
    execute("ALTER TABLE prospect_new RENAME TO prospect")


def _with_migration(monkeypatch: pytest.MonkeyPatch, migration: object) -> int:
    import followup_desktop.store.database as database

    monkeypatch.setattr(database, "MIGRATIONS", [*database.MIGRATIONS, migration])
    monkeypatch.setattr(database, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    return SCHEMA_VERSION + 1


def _filled(db_path: Path, clock: FixedClock) -> tuple[int, int, int]:
    """A database with prospects, touches and follow-ups: their counts."""
    from followup_desktop.domain.model import Channel

    store = open_store(db_path)
    service = FollowUpService(store, clock)
    for n in range(5):
        pid = service.add_prospect(f"Prospect {n}").id or 0
        for channel in (Channel.CALL, Channel.EMAIL, Channel.MEETING):
            service.log_touch(pid, channel)
    counts = _counts(db_path, store)
    store.close()
    return counts


def _counts(db_path: Path, store: object = None) -> tuple[int, int, int]:
    conn = sqlite3.connect(db_path)
    try:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("prospect", "touch", "follow_up")
        )
    finally:
        conn.close()


def test_a_migration_that_rebuilds_prospect_keeps_every_touch(
    db_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _filled(db_path, clock)
    assert before == (5, 15, 20)
    upgraded = _with_migration(monkeypatch, _rebuild_prospect)
    store = open_store(db_path)
    try:
        assert store.schema_version() == upgraded
        assert _counts(db_path) == before
        # Foreign keys are on again once the upgrade is done.
        assert store._db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        store.close()


def test_an_upgrade_that_would_orphan_rows_changes_nothing(
    db_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _filled(db_path, clock)

    def lose_prospects(db: object) -> None:
        db.execute_sql("DELETE FROM prospect WHERE id > 3")  # type: ignore[attr-defined]

    _with_migration(monkeypatch, lose_prospects)
    with pytest.raises(DatabaseNotOpenedError, match=r"would leave \d+ rows without their"):
        open_store(db_path)
    assert _counts(db_path) == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
