"""Backups of the database file, made and put back with SQLite's online backup API.

Never a file copy: with write-ahead logging, the latest commits may still be in
``followup.sqlite3-wal``, which a copy of the main file leaves out. The backup
API reads one consistent snapshot through SQLite while other programs go on
writing. Every function here opens connections of its own (plain ``sqlite3``,
not the store's peewee connection), so it can run on any thread.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.domain.errors import os_error_words
from followup_desktop.i18n import _
from followup_desktop.store.database import APPLICATION_ID, SCHEMA_VERSION
from followup_desktop.store.errors import (
    CorruptDatabaseError,
    NewerSchemaError,
    NotADatabaseError,
    StoreError,
)

BUSY_TIMEOUT_S = 10.0


class BackupError(StoreError):
    """A backup could not be written or put back; the message says why."""


@dataclass(frozen=True)
class BackupFacts:
    """What a backup file holds, read without writing to it."""

    path: Path
    schema_version: int
    prospects: int
    touches: int


def _read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    return conn


def _copy(source: Path, target: Path) -> None:
    """Copy the database ``source`` into a new file ``target`` (owner-only), as one
    snapshot; the copy keeps no write-ahead log, so it is whole on its own."""
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    with closing(_read_only(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
    _sync(target)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    with suppress(OSError):  # not every file system lets a folder be synced
        _sync(folder)


def check_backup(path: Path) -> BackupFacts:
    """Read a backup (read-only) for damage and what it holds.

    Raises a StoreError subclass with a message for the user when it is not a
    FollowUp database, is damaged, or comes from a newer version of the app.
    """
    facts = read_backup(path, full_check=True)
    if facts.schema_version > SCHEMA_VERSION:
        raise NewerSchemaError(
            _(
                "{file} was made by a newer version of FollowUp Desktop "
                "(database schema {version}; this version knows up to "
                "{known}). Update FollowUp Desktop to restore it; nothing was changed."
            ).format(file=path.name, version=facts.schema_version, known=SCHEMA_VERSION)
        )
    return facts


def read_backup(path: Path, *, full_check: bool = False) -> BackupFacts:
    """The schema version and the prospects and touches in a backup, read-only.

    ``full_check`` reads the whole file (``PRAGMA integrity_check``) first.
    """
    try:
        with closing(_read_only(path)) as conn:
            if full_check:
                check = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(5)")]
                if check != ["ok"]:
                    raise CorruptDatabaseError(
                        _("{file} is damaged ({detail}); it cannot be restored.").format(
                            file=path.name, detail="; ".join(check)
                        )
                    )
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            if app_id != APPLICATION_ID:
                raise NotADatabaseError(
                    _("{file} is not a FollowUp Desktop database.").format(file=path.name)
                )
            prospects = int(conn.execute("SELECT count(*) FROM prospect").fetchone()[0])
            touches = int(conn.execute("SELECT count(*) FROM touch").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(
            _("{file} cannot be read as a FollowUp Desktop database ({detail}).").format(
                file=path.name, detail=exc
            )
        ) from exc
    return BackupFacts(path, version, prospects, touches)


def write_backup(database: Path, target: Path) -> BackupFacts:
    """Back the live ``database`` up into ``target`` (a new file, owner-only).

    Written under a temporary name beside ``target``, read back whole
    (``integrity_check``, the schema version), and only then renamed, so that a
    file by a backup's name is always a whole one. Raises BackupError.
    """
    folder = target.parent
    temporary = folder / f".{target.name}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if folder.stat().st_mode & 0o077 and folder.stat().st_uid == os.getuid():
            folder.chmod(0o700)
        with suppress(FileNotFoundError):
            temporary.unlink()  # left by a backup that was cut short
        _copy(database, temporary)
        facts = check_backup(temporary)
        with closing(_read_only(database)) as live:
            live_version = int(live.execute("PRAGMA user_version").fetchone()[0])
        if facts.schema_version != live_version:
            raise BackupError(
                _("The backup read back as schema {version}, not {live}; it was not kept.").format(
                    version=facts.schema_version, live=live_version
                )
            )
        os.replace(temporary, target)
        _sync_folder(folder)
    except (OSError, sqlite3.Error, StoreError) as exc:
        with suppress(OSError):
            temporary.unlink()
        if isinstance(exc, BackupError):
            raise
        why = os_error_words(exc) if isinstance(exc, OSError) else str(exc)
        raise BackupError(
            _("Could not write the backup {file}: {why}").format(file=target, why=why)
        ) from exc
    return BackupFacts(target, facts.schema_version, facts.prospects, facts.touches)


def copy_backup(backup: Path, folder: Path) -> Path:
    """A copy of a finished backup in another folder (a synced one, say); never the
    live file. Raises BackupError."""
    target = folder / backup.name
    temporary = folder / f".{backup.name}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with suppress(FileNotFoundError):
            temporary.unlink()
        _copy(backup, temporary)
        os.replace(temporary, target)
    except (OSError, sqlite3.Error) as exc:
        with suppress(OSError):
            temporary.unlink()
        why = os_error_words(exc) if isinstance(exc, OSError) else str(exc)
        raise BackupError(
            _("Could not copy the backup to {folder}: {why}").format(folder=folder, why=why)
        ) from exc
    return target


def restore_backup(backup: Path, database: Path, keep_as: Path) -> BackupFacts:
    """Put ``backup`` in place of ``database``; what was there is kept as ``keep_as``.

    The backup is checked first (a damaged one, or one from a newer version, is
    refused with nothing changed). The current data goes to ``keep_as`` through
    the backup API (with what is still in its write-ahead log), then the
    backup's pages are written into ``database`` in one transaction, so a program
    that has the file open never writes into a file moved away from under it.
    The caller closes its own connections first and reopens after.
    """
    facts = check_backup(backup)
    try:
        _copy(database, keep_as)
    except (OSError, sqlite3.Error) as exc:
        with suppress(OSError):
            keep_as.unlink()
        why = os_error_words(exc) if isinstance(exc, OSError) else str(exc)
        raise BackupError(
            _("Could not keep the current data as {file} ({why}); nothing was restored.").format(
                file=keep_as.name, why=why
            )
        ) from exc
    try:
        with (
            closing(_read_only(backup)) as src,
            closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)) as dst,
        ):
            src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupError(
            _(
                "Could not restore {file} ({detail}); the data was left as it was "
                "(and is also kept as {kept})."
            ).format(file=backup.name, detail=exc, kept=keep_as.name)
        ) from exc
    return facts
