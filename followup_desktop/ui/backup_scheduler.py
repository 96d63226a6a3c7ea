"""Automatic backups: every 30 minutes while anything changed, and when the app ends.

The backup itself (SQLite's backup API, the check, the rename, the thinning)
runs on a thread of a pool of its own with connections of its own; only the
planning and the bookkeeping touch the store, on the GUI thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from followup_desktop.services.backups import (
    BACKUP_EVERY_MINUTES,
    Backup,
    BackupError,
    BackupJob,
    BackupService,
)

log = logging.getLogger(__name__)


class BackupScheduler(QObject):
    """Starts backups off the GUI thread and says how each went."""

    backed_up = Signal(object)  # Backup
    failed = Signal(str)
    _job_done = Signal(object)  # BackupJob, from the pool's thread

    def __init__(self, service: BackupService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one backup at a time
        self._running = False
        self.timer = QTimer(self)
        self.timer.setInterval(BACKUP_EVERY_MINUTES * 60_000)
        self.timer.timeout.connect(self.back_up_if_changed)
        self._job_done.connect(self._on_job_done)

    def start(self) -> None:
        self.timer.start()

    def back_up_if_changed(self) -> bool:
        """Start a backup when anything was written since the last one; whether it did."""
        if self._running or not self.service.changed_since_backup():
            return False
        self.back_up()
        return True

    def back_up(self) -> None:
        """Start a backup now, on the pool's thread."""
        job = self.service.plan()
        self._running = True
        self._pool.start(lambda: self._job_done.emit(job.run()))

    def wait(self) -> None:
        """Until a backup under way is written (before a restore, or at the end)."""
        self._pool.waitForDone()

    def _on_job_done(self, job: BackupJob) -> None:
        self._running = False
        self._report(job)

    def _report(self, job: BackupJob) -> Backup | None:
        for warning in job.warnings:
            log.warning("%s", warning)
        try:
            made = self.service.finish(job)
        except BackupError as exc:
            log.warning("%s", exc)
            self.failed.emit(str(exc))
            return None
        self.backed_up.emit(made)
        return made

    def back_up_at_exit(self) -> Backup | None:
        """The backup when the app ends (quit, or the session's SIGTERM): written
        unless the last one already holds everything; waited for."""
        self.timer.stop()
        self.wait()
        if self.service.backed_up_everything():
            return None
        job = self.service.plan()
        self._pool.start(job.run)
        self._pool.waitForDone()
        self._job_done.disconnect(self._on_job_done)  # nothing more is reported late
        return self._report(job)
