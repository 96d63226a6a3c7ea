"""Opening the database file: checks first, so a bad file is never written to."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from followup_desktop.domain.lost_reasons import is_timing
from followup_desktop.store import oplog
from followup_desktop.store.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    NewerSchemaError,
    NotADatabaseError,
)
from followup_desktop.store.migrations import LOG_SCHEMA, MIGRATIONS, SCHEMA_VERSION
from followup_desktop.store.models import ALL_MODELS, database
from followup_desktop.store.repository import Store

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks our files as ours: "FUPD".
APPLICATION_ID = 0x46555044
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
}

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "inspect_file", "open_store"]


def inspect_file(path: Path, *, full_check: bool = True) -> int:
    """Check an existing file without writing to it; return its schema version.

    Raises a StoreError subclass, with a message for the user, when the file
    is not one of ours, is damaged, or comes from a newer version of the app.
    ``full_check=False`` leaves out the check that reads the whole file
    (``quick_check``), for ``Store.verify`` to make once the window shows.
    """
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise CorruptDatabaseError(f"Cannot read {path}: {exc.strerror}.") from exc
    if not header:
        return 0  # an empty file: SQLite treats it as a new database
    if header != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path} is not a FollowUp Desktop database (it is not an SQLite file). "
            "It was left untouched; move it away or choose another data folder."
        )
    try:
        # With no write-ahead log beside it, read the file as immutable so that
        # not even a -shm file is created; with one, its content must be read.
        has_wal = path.with_name(path.name + "-wal").exists()
        query = "mode=ro" if has_wal else "mode=ro&immutable=1"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            check = conn.execute("PRAGMA quick_check(1)").fetchone()[0] if full_check else "ok"
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise DatabaseBusyError(f"{path} is locked by another program.") from exc
        raise CorruptDatabaseError(_corrupt_message(path, str(exc))) from exc
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(_corrupt_message(path, str(exc))) from exc
    if check != "ok":
        raise CorruptDatabaseError(_corrupt_message(path, check))
    if tables and app_id != APPLICATION_ID:
        raise NotADatabaseError(
            f"{path} is an SQLite database of another program, not FollowUp Desktop's. "
            "It was left untouched."
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path} was written by a newer version of FollowUp Desktop "
            f"(database schema {version}; this version knows up to {SCHEMA_VERSION}). "
            "Update FollowUp Desktop to open it; the file was not changed."
        )
    return int(version)


def _corrupt_message(path: Path, detail: str) -> str:
    return (
        f"{path} is damaged and cannot be opened ({detail}). "
        "It was left untouched; restore it from a backup, or move it away to start afresh."
    )


class _LoggedDatabase(SqliteDatabase):
    """Every connection (one per thread) logs its writes in the operation log."""

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        super()._add_conn_hooks(conn)  # type: ignore[misc]
        if conn.execute("PRAGMA user_version").fetchone()[0] >= LOG_SCHEMA:
            oplog.install(conn)


def _create_private(path: Path) -> None:
    """Create an empty database file readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _is_timing(reason: str | None) -> int:
    return int(is_timing(reason or ""))


def open_store(path: Path, *, origin: str = "app", full_check: bool = True) -> Store:
    """Open (creating or upgrading) the database at ``path``.

    Before an upgrade the file is copied beside itself
    (``followup.sqlite3.before-v2``) so that no upgrade can lose data.
    ``full_check=False`` skips reading the whole file first (the window checks
    it once shown, with ``Store.verify``); a file to upgrade is always checked.
    """
    path = Path(path)
    if path.exists():
        version = inspect_file(path, full_check=full_check)
        if not full_check and version < SCHEMA_VERSION:
            version = inspect_file(path)  # never upgrade a file not known to be whole
        if path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
            path.chmod(0o600)  # the user's data is theirs alone
    else:
        _create_private(path)
        version = 0
    if 0 < version < SCHEMA_VERSION:
        backup = path.with_name(f"{path.name}.before-v{SCHEMA_VERSION}")
        src = sqlite3.connect(path)
        try:
            dst = sqlite3.connect(backup)
            with dst:
                src.backup(dst)
            dst.close()
        finally:
            src.close()
        shutil.copymode(path, backup)
    db = _LoggedDatabase(str(path), pragmas=PRAGMAS)
    # Lost reasons are the user's words: whether one means "not now" is a domain rule.
    db.register_function(_is_timing, "followup_is_timing", 1)
    database.initialize(db)
    db.bind(ALL_MODELS)
    try:
        db.connect(reuse_if_open=True)
        if version < SCHEMA_VERSION:
            with db.atomic():
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](db)
                db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            oplog.install(db.connection())  # the log's tables exist now
    except Exception:
        db.close()
        raise
    return Store(db, origin=origin)
