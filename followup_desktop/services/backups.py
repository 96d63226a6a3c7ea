"""Backups: write one now, list them, put one back.

A backup goes to ``DATA_DIR/backups/followup-YYYYmmdd-HHMMSS.sqlite3``
(owner-only, the folder too), thinned as it ages (``domain.backups``), and is
copied to a second folder when the preferences name one (a synced folder is
fine for finished backups, never for the live file). Writing one is split so a
window can do the slow part off its GUI thread: ``plan()`` on the thread that
owns the store, ``BackupJob.run()`` anywhere, ``finish()`` back on the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from followup_desktop.domain.backups import (
    Thinning,
    backup_name,
    backup_time,
    backups_to_keep,
)
from followup_desktop.domain.changes import Changes
from followup_desktop.i18n import _
from followup_desktop.services.followup import FollowUpService
from followup_desktop.services.preferences import DatabasePreferences, SettingsSource
from followup_desktop.store import StoreError
from followup_desktop.store.backup import (
    BackupError,
    BackupFacts,
    check_backup,
    copy_backup,
    read_backup,
    restore_backup,
    write_backup,
)
from followup_desktop.store.database import reopen_store

BACKUP_FOLDER = "backups"
BACKUP_EVERY_MINUTES = 30
KEEP_KEYS = ("backups/daily", "backups/weekly", "backups/monthly")
SECOND_FOLDER_KEY = "backups/second_folder"

__all__ = [
    "BACKUP_EVERY_MINUTES",
    "BACKUP_FOLDER",
    "Backup",
    "BackupError",
    "BackupJob",
    "BackupService",
    "Restored",
    "load_second_folder",
    "load_thinning",
]


def load_thinning(settings: SettingsSource) -> Thinning:
    """How many daily, weekly and monthly backups to keep (12, 10 and 9 unless set)."""
    default = Thinning()
    counts = []
    defaults = (default.daily, default.weekly, default.monthly)
    for key, fallback in zip(KEEP_KEYS, defaults, strict=True):
        try:
            counts.append(max(0, int(str(settings.value(key, fallback)))))
        except ValueError:
            counts.append(fallback)
    return Thinning(*counts)


def save_thinning(settings: SettingsSource, rule: Thinning) -> None:
    for key, count in zip(KEEP_KEYS, (rule.daily, rule.weekly, rule.monthly), strict=True):
        settings.setValue(key, str(count))


def load_second_folder(settings: SettingsSource) -> Path | None:
    """The folder that receives a copy of each finished backup, if one is chosen."""
    text = str(settings.value(SECOND_FOLDER_KEY, "") or "").strip()
    return Path(text).expanduser() if text else None


@dataclass(frozen=True)
class Backup:
    """One backup in the folder: when it was taken and what it holds (None when it
    cannot be read; ``problem`` says why)."""

    path: Path
    created_at: datetime
    prospects: int | None
    touches: int | None
    schema_version: int | None = None
    problem: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "created_at": self.created_at.isoformat(),
            "prospects": self.prospects,
            "touches": self.touches,
        }


@dataclass(frozen=True)
class Restored:
    """A backup put back; what was there before is kept as ``kept_as``."""

    backup: Backup
    kept_as: Path


@dataclass
class BackupJob:
    """Everything a backup needs, gathered on the store's thread; ``run`` touches
    only files (and connections of its own), so any thread may call it."""

    database: Path
    target: Path
    second_folder: Path | None
    rule: Thinning
    today: date
    op_id: int
    created_at: datetime
    facts: BackupFacts | None = None
    error: str = ""
    warnings: list[str] = field(default_factory=list)

    def run(self) -> BackupJob:
        try:
            self.facts = write_backup(self.database, self.target)
        except BackupError as exc:
            self.error = str(exc)
            return self
        if self.second_folder is not None:
            try:
                copy_backup(self.target, self.second_folder)
            except BackupError as exc:
                self.warnings.append(str(exc))
        self.warnings.extend(thin(self.target.parent, self.today, self.rule))
        return self


def thin(folder: Path, today: date, rule: Thinning) -> list[str]:
    """Delete the backups in ``folder`` that the rule no longer keeps; problems in words."""
    taken: dict[datetime, Path] = {}
    for path in folder.glob("followup-*.sqlite3"):
        moment = backup_time(path.name)
        if moment is not None:
            taken[moment] = path
    keep = backups_to_keep(taken, today, rule)
    problems = []
    for moment, path in taken.items():
        if moment not in keep:
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                problems.append(
                    _("Could not delete the old backup {file}: {problem}").format(
                        file=path.name, problem=exc.strerror
                    )
                )
    return problems


class BackupService:
    """Backups of one database, in ``DATA_DIR/backups``."""

    def __init__(self, service: FollowUpService, folder: Path | None = None) -> None:
        self._service = service
        self.folder = folder if folder is not None else service.store.path.parent / BACKUP_FOLDER
        self._backed_up_op: int | None = None  # the newest operation the last backup holds
        self._seen_op = service.store.last_op_id()

    @property
    def database(self) -> Path:
        return self._service.store.path

    def current_prospects(self) -> int:
        return self._service.store.prospect_count()

    def changed_since_backup(self) -> bool:
        """Whether anything was written (by anyone) since the last backup this program
        made, or since it started when it made none."""
        last = self._backed_up_op if self._backed_up_op is not None else self._seen_op
        return self._service.store.last_op_id() != last

    def backed_up_everything(self) -> bool:
        """Whether a backup this program made holds the latest operation."""
        return self._backed_up_op == self._service.store.last_op_id()

    def plan(self) -> BackupJob:
        prefs = DatabasePreferences(self._service)
        now = self._service.now().replace(microsecond=0)  # as the name says
        return BackupJob(
            database=self.database,
            target=self.folder / backup_name(now),
            second_folder=load_second_folder(prefs),
            rule=load_thinning(prefs),
            today=now.date(),
            op_id=self._service.store.last_op_id(),
            created_at=now,
        )

    def finish(self, job: BackupJob) -> Backup:
        """Take a finished job's result; raises BackupError when it failed."""
        if job.facts is None:
            raise BackupError(job.error or _("The backup was not written."))
        self._backed_up_op = job.op_id
        facts = job.facts
        return Backup(
            facts.path, job.created_at, facts.prospects, facts.touches, facts.schema_version
        )

    def back_up(self) -> Backup:
        """Write a backup now, on this thread."""
        return self.finish(self.plan().run())

    def backups(self) -> list[Backup]:
        """The backups in the folder, newest first, each read read-only."""
        found: list[Backup] = []
        tz = self._service.clock.tz
        if not self.folder.is_dir():
            return found
        for path in self.folder.glob("followup-*.sqlite3"):
            moment = backup_time(path.name)
            if moment is not None:
                found.append(self.describe(path, moment.replace(tzinfo=tz)))
        found.sort(key=lambda b: b.created_at, reverse=True)
        return found

    def describe(self, path: Path, created_at: datetime | None = None) -> Backup:
        """What a backup (or any database file) holds, read read-only."""
        if created_at is None:
            moment = backup_time(path.name)
            if moment is not None:
                created_at = moment.replace(tzinfo=self._service.clock.tz)
            else:
                created_at = datetime.fromtimestamp(path.stat().st_mtime, self._service.clock.tz)
        try:
            facts = read_backup(path)
        except StoreError as exc:
            return Backup(path, created_at, None, None, None, str(exc))
        return Backup(path, created_at, facts.prospects, facts.touches, facts.schema_version)

    def restore(self, path: Path) -> Restored:
        """Put a backup in place of the current data and reopen it.

        What was current is kept beside the database as
        ``followup.sqlite3.before-restore-YYYYmmdd-HHMMSS``. A damaged backup, or
        one from a newer version, is refused (StoreError) with nothing changed.
        """
        path = Path(path).expanduser().resolve()
        check_backup(path)  # refused before anything is closed
        backup = self.describe(path)
        store = self._service.store
        database = store.path
        stamp = self._service.now().strftime("%Y%m%d-%H%M%S")
        kept_as = database.with_name(f"{database.name}.before-restore-{stamp}")
        count = 1
        while kept_as.exists():  # a second restore within the same second
            count += 1
            kept_as = database.with_name(f"{database.name}.before-restore-{stamp}-{count}")
        store.close()
        try:
            restore_backup(path, database, kept_as)
        finally:
            reopen_store(store)
        self._backed_up_op = None
        self._seen_op = store.last_op_id()
        store.announce(Changes.all())
        return Restored(backup, kept_as)
