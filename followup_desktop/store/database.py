"""Opening the database file: checks first, so a bad file is never written to."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

from followup_desktop.domain.lost_reasons import is_timing
from followup_desktop.store import oplog
from followup_desktop.store.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    NewerSchemaError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
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
# A read-only file is opened without the pragmas that write (journal_mode).
READ_ONLY_PRAGMAS = {"foreign_keys": 1, "busy_timeout": 5000}

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_VERSION",
    "inspect_file",
    "open_store",
    "read_only_reason",
]


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


def _writable(path: Path) -> bool:
    """Whether this program may change ``path``. A file or folder without its
    owner's write bit was made read-only: the superuser, who could write it
    anyway, leaves it alone too."""
    try:
        owner_may_write = bool(path.stat().st_mode & stat.S_IWUSR)
    except OSError:
        return False
    return owner_may_write and os.access(path, os.W_OK)


def read_only_reason(path: Path) -> str:
    """Why the database at ``path`` cannot be changed, in words; "" when it can.

    The folder counts too: SQLite keeps the write-ahead log beside the file.
    """
    if path.parent.exists() and not _writable(path.parent):
        return f"the data folder {path.parent} is read-only"
    if path.exists() and not _writable(path):
        return f"the database file {path} is read-only"
    return ""


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _make_writable_hint(path: Path, reason: str) -> str:
    target = path.parent if reason.startswith("the data folder") else path
    return f"make it writable (chmod u+w {target})"


def _open_read_only(path: Path) -> SqliteDatabase:
    """A connection that never writes, not even the files beside the database.

    Without a write-ahead log beside it, the file is read as immutable: no -shm
    file is made. With one, its content must be read (SQLite needs its -shm).
    """
    has_wal = path.with_name(path.name + "-wal").exists()
    query = "mode=ro" if has_wal else "mode=ro&immutable=1"
    return _LoggedDatabase(
        f"{path.resolve().as_uri()}?{query}", pragmas=READ_ONLY_PRAGMAS, uri=True
    )


def open_store(
    path: Path, *, origin: str = "app", full_check: bool = True, read_only_ok: bool = False
) -> Store:
    """Open (creating or upgrading) the database at ``path``.

    Before an upgrade the file is copied beside itself
    (``followup.sqlite3.before-v2``) so that no upgrade can lose data.
    ``full_check=False`` skips reading the whole file first (the window checks
    it once shown, with ``Store.verify``); a file to upgrade is always checked.
    A read-only file or folder is refused with ReadOnlyDatabaseError, unless
    ``read_only_ok``: then it is opened read-only (``Store.read_only`` says why)
    and every change is refused. A read-only file is never made writable.
    """
    path = Path(path)
    reason = read_only_reason(path)
    if reason and not path.exists():
        raise ReadOnlyDatabaseError(
            f"{_upper_first(reason)} and holds no database yet, so none can be made "
            f"in it; {_make_writable_hint(path, reason)}, or choose another data folder."
        )
    if reason and not read_only_ok:
        raise ReadOnlyDatabaseError(
            f"{_upper_first(reason)}, so nothing can be changed in it; "
            f"nothing was changed. {_upper_first(_make_writable_hint(path, reason))} to change it."
        )
    if path.exists():
        version = inspect_file(path, full_check=full_check)
        if not full_check and version < SCHEMA_VERSION:
            version = inspect_file(path)  # never upgrade a file not known to be whole
        if reason and version < SCHEMA_VERSION:
            raise ReadOnlyDatabaseError(
                f"{_upper_first(reason)}, and an older version of FollowUp Desktop "
                "wrote it: it must be upgraded before it can be read, which means writing to "
                f"it. Nothing was changed; {_make_writable_hint(path, reason)} to open it here."
            )
        status = path.stat()
        if not reason and status.st_mode & 0o077 and status.st_uid == os.getuid():
            path.chmod(stat.S_IMODE(status.st_mode) & 0o700)  # the user's data is theirs alone
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
    db = _open_read_only(path) if reason else _LoggedDatabase(str(path), pragmas=PRAGMAS)
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
        store = Store(db, origin=origin)
    except DatabaseError as exc:
        db.close()
        detail = str(exc)
        if "readonly" in detail or "read-only" in detail:
            raise ReadOnlyDatabaseError(
                f"{path} cannot be written ({detail}); nothing was changed."
            ) from exc
        if "locked" in detail or "busy" in detail:
            raise DatabaseBusyError(f"{path} is locked by another program.") from exc
        raise
    except Exception:
        db.close()
        raise
    if reason:
        store.read_only = reason
        store.refuse_writes(f"{_upper_first(reason)}: the change was not saved.")
    return store
