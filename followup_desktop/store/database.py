"""Opening the database file: checks first, so a bad file is never written to."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from contextlib import suppress
from pathlib import Path

from peewee import PeeweeException, SqliteDatabase
from playhouse.migrate import SqliteMigrator

from followup_desktop.domain.errors import os_error_words
from followup_desktop.domain.lost_reasons import is_timing
from followup_desktop.i18n import _, ngettext, pgettext
from followup_desktop.store import oplog
from followup_desktop.store.errors import (
    CorruptDatabaseError,
    DatabaseBusyError,
    DatabaseNotCreatedError,
    DatabaseNotOpenedError,
    NewerSchemaError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
)
from followup_desktop.store.migrations import LOG_SCHEMA, MIGRATIONS, SCHEMA_VERSION
from followup_desktop.store.models import ALL_MODELS, database
from followup_desktop.store.repository import Store
from followup_desktop.store.rows import first_cause

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
    "peek_setting",
    "read_only_reason",
    "reopen_store",
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
        raise CorruptDatabaseError(
            _("Cannot read {path}: {why}.").format(path=path, why=exc.strerror)
        ) from exc
    if not header:
        return 0  # an empty file: SQLite treats it as a new database
    if header != SQLITE_HEADER:
        raise NotADatabaseError(
            _(
                "{path} is not a FollowUp Desktop database (it is not an SQLite file). "
                "It was left untouched; move it away or choose another data folder."
            ).format(path=path)
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
            raise DatabaseBusyError(_locked_message(path)) from exc
        if _disk_trouble(exc):  # a full disk, say: the file is not damaged for that
            raise DatabaseNotOpenedError(_not_opened_message(path, exc)) from exc
        raise CorruptDatabaseError(_corrupt_message(path, str(exc))) from exc
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(_corrupt_message(path, str(exc))) from exc
    if check != "ok":
        raise CorruptDatabaseError(_corrupt_message(path, check))
    if tables and app_id != APPLICATION_ID:
        raise NotADatabaseError(
            _(
                "{path} is an SQLite database of another program, not FollowUp Desktop's. "
                "It was left untouched."
            ).format(path=path)
        )
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            _(
                "{path} was written by a newer version of FollowUp Desktop "
                "(database schema {version}; this version knows up to {known}). "
                "Update FollowUp Desktop to open it; the file was not changed."
            ).format(path=path, version=version, known=SCHEMA_VERSION)
        )
    return int(version)


def _corrupt_message(path: Path, detail: str) -> str:
    return _(
        "{path} is damaged and cannot be opened ({detail}). "
        "It was left untouched; restore it from a backup, or move it away to start afresh."
    ).format(path=path, detail=detail)


def _locked_message(path: Path) -> str:
    return _("{path} is locked by another program.").format(path=path)


class _LoggedDatabase(SqliteDatabase):
    """Every connection (one per thread) logs its writes in the operation log."""

    def _add_conn_hooks(self, conn: sqlite3.Connection) -> None:
        super()._add_conn_hooks(conn)  # type: ignore[misc]
        if conn.execute("PRAGMA user_version").fetchone()[0] >= LOG_SCHEMA:
            oplog.install(conn)


class _NewFile:
    """A database file this run creates, and what to take away if it cannot be made."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folders: list[Path] = []  # the folders made for it, innermost first
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            self.folders.append(folder)
            folder = folder.parent
        # SQLite's companions, unless they were there before (they are not ours then).
        self.files = [
            f
            for f in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
            if not f.exists()
        ]

    def create(self) -> None:
        """Create an empty database file readable by its owner only."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)

    def remove(self) -> None:
        """Take the file away again, and the folders made for it if they are empty."""
        for f in self.files:
            with suppress(FileNotFoundError):
                f.unlink()
        for folder in self.folders:
            try:
                folder.rmdir()
            except OSError:
                return  # not empty (or not ours to remove): the folders above stay too


def _disk_trouble(exc: sqlite3.Error) -> bool:
    """SQLite could not write what it needed (its -shm file, say): a full disk,
    not a damaged database. A file cut short fails to be read instead."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL:
        return True
    return (
        code is not None
        and code & 0xFF == sqlite3.SQLITE_IOERR
        and code not in (sqlite3.SQLITE_IOERR_READ, sqlite3.SQLITE_IOERR_SHORT_READ)
    )


def _not_opened_message(path: Path, exc: BaseException) -> str:
    return _("Could not open {path}: {why}. It was left as it was.").format(
        path=path, why=_why(exc, path.parent)
    )


def _why(exc: BaseException, folder: Path) -> str:
    """Why the database could not be created or opened, in words."""
    cause = first_cause(exc)
    if isinstance(cause, OSError):
        return os_error_words(cause)
    code = getattr(cause, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL or _no_room(folder):
        return _("the disk is full")
    if code is not None and code & 0xFF == sqlite3.SQLITE_IOERR:
        return _("the disk could not be written (disk I/O error)")
    return str(cause) or type(cause).__name__


def _no_room(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free == 0
    except OSError:
        return False


def _back_up(path: Path, backup: Path) -> None:
    """Copy the file beside itself before an upgrade; a copy cut short is removed."""
    try:
        src = sqlite3.connect(path)
        try:
            dst = sqlite3.connect(backup)
            try:
                with dst:
                    src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        shutil.copymode(path, backup)
    except (sqlite3.Error, OSError) as exc:
        with suppress(OSError):
            backup.unlink()
        raise DatabaseNotOpenedError(
            _(
                "Could not upgrade {path}: its copy {copy} could not be made "
                "({why}). The file was left as it was."
            ).format(path=path, copy=backup.name, why=_why(exc, path.parent))
        ) from exc


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


def _read_only_part(path: Path) -> Path | None:
    """What makes the database at ``path`` read-only: its folder or the file; None."""
    if path.parent.exists() and not _writable(path.parent):
        return path.parent
    if path.exists() and not _writable(path):
        return path
    return None


def read_only_reason(path: Path) -> str:
    """Why the database at ``path`` cannot be changed, in words; "" when it can.

    The folder counts too: SQLite keeps the write-ahead log beside the file.
    """
    part = _read_only_part(path)
    if part is None:
        return ""
    if part == path.parent:
        return _("the data folder {folder} is read-only").format(folder=part)
    return _("the database file {path} is read-only").format(path=part)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _make_writable_hint(path: Path) -> str:
    part = _read_only_part(path)
    if part is None or part != path.parent:
        return pgettext("the database file", "make it writable (chmod u+w {path})").format(
            path=path
        )
    return pgettext("the data folder", "make it writable (chmod u+w {path})").format(path=part)


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
    new: _NewFile | None = None
    reason = read_only_reason(path)
    if reason and not path.exists():
        raise ReadOnlyDatabaseError(
            _(
                "{reason} and holds no database yet, so none can be made "
                "in it; {hint}, or choose another data folder."
            ).format(reason=_upper_first(reason), hint=_make_writable_hint(path))
        )
    if reason and not read_only_ok:
        raise ReadOnlyDatabaseError(
            _(
                "{reason}, so nothing can be changed in it; nothing was changed. "
                "{hint} to change it."
            ).format(reason=_upper_first(reason), hint=_upper_first(_make_writable_hint(path)))
        )
    if path.exists():
        version = inspect_file(path, full_check=full_check)
        if not full_check and version < SCHEMA_VERSION:
            version = inspect_file(path)  # never upgrade a file not known to be whole
        if reason and version < SCHEMA_VERSION:
            raise ReadOnlyDatabaseError(
                _(
                    "{reason}, and an older version of FollowUp Desktop "
                    "wrote it: it must be upgraded before it can be read, which means writing "
                    "to it. Nothing was changed; {hint} to open it here."
                ).format(reason=_upper_first(reason), hint=_make_writable_hint(path))
            )
        status = path.stat()
        if not reason and status.st_mode & 0o077 and status.st_uid == os.getuid():
            path.chmod(stat.S_IMODE(status.st_mode) & 0o700)  # the user's data is theirs alone
    else:
        new = _NewFile(path)
        try:
            new.create()
        except OSError as exc:
            new.remove()
            raise _not_created(path, exc) from exc
        version = 0
    if 0 < version < SCHEMA_VERSION:
        _back_up(path, path.with_name(f"{path.name}.before-v{SCHEMA_VERSION}"))
    db = _open_read_only(path) if reason else _LoggedDatabase(str(path), pragmas=PRAGMAS)
    # Lost reasons are the user's words: whether one means "not now" is a domain rule.
    db.register_function(_is_timing, "followup_is_timing", 1)
    database.initialize(db)
    db.bind(ALL_MODELS)
    try:
        db.connect(reuse_if_open=True)
        if version < SCHEMA_VERSION:
            _migrate(db, version)
            oplog.install(db.connection())  # the log's tables exist now
        store = Store(db, origin=origin)
    except Exception as exc:
        with suppress(Exception):
            db.close()
        if new is not None:
            new.remove()
        if not isinstance(exc, sqlite3.Error | PeeweeException | OSError):
            raise
        if new is not None:
            raise _not_created(path, exc) from exc
        detail = str(first_cause(exc))
        if "readonly" in detail or "read-only" in detail:
            raise ReadOnlyDatabaseError(
                _("{path} cannot be written ({detail}); nothing was changed.").format(
                    path=path, detail=detail
                )
            ) from exc
        if "locked" in detail or "busy" in detail:
            raise DatabaseBusyError(_locked_message(path)) from exc
        raise DatabaseNotOpenedError(_not_opened_message(path, exc)) from exc
    if reason:
        store.read_only = reason
        store.refuse_writes(
            _("{reason}: the change was not saved.").format(reason=_upper_first(reason))
        )
    return store


def _migrate(db: SqliteDatabase, version: int) -> None:
    """Take the file from schema ``version`` to the current one, all or nothing.

    Foreign keys are off while the migrations run (SQLite can only switch them
    outside a transaction, which ``migration_context`` does): a migration that
    rebuilds a table drops the old one, and with foreign keys on, dropping
    ``prospect`` would delete every touch and follow-up with it. Before the
    transaction commits, ``foreign_key_check`` proves no row lost its parent.
    """
    with SqliteMigrator(db).migration_context():
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](db)
        orphans = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        if orphans:
            table, rowid, parent, _key = orphans[0]
            raise DatabaseNotOpenedError(
                ngettext(
                    "The upgrade to schema {version} would leave {n} row without its "
                    "{parent} (first: {table} row {rowid}); nothing was changed.",
                    "The upgrade to schema {version} would leave {n} rows without their "
                    "{parent} (first: {table} row {rowid}); nothing was changed.",
                    len(orphans),
                ).format(
                    version=SCHEMA_VERSION,
                    n=len(orphans),
                    parent=parent,
                    table=table,
                    rowid=rowid,
                )
            )
        db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def _not_created(path: Path, exc: BaseException) -> DatabaseNotCreatedError:
    return DatabaseNotCreatedError(
        _("Could not create the database {path}: {why}. Nothing was left behind.").format(
            path=path, why=_why(exc, path.parent)
        )
    )


def reopen_store(store: Store) -> None:
    """Close ``store`` and open its file again (upgrading it if it is older), in place:
    whoever holds the store keeps it, and its listeners stay subscribed."""
    store.close()
    store.take_over(open_store(store.path, origin=store.origin))


def peek_setting(path: Path, key: str) -> str | None:
    """One setting of the database at ``path``, read without opening it for work:
    nothing is created, checked, upgraded or written. None when the file, the
    setting or a readable database is not there (that is for ``open_store`` to say)."""
    path = Path(path)
    if not path.is_file():
        return None
    has_wal = path.with_name(path.name + "-wal").exists()
    query = "mode=ro" if has_wal else "mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, timeout=1)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return None if row is None else str(row[0])
