"""Automatic backups: only while anything changed, written off the GUI thread."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import FollowUpService
from followup_desktop.services.backups import BackupJob, BackupService
from followup_desktop.ui.backup_scheduler import BackupScheduler


def test_a_backup_is_made_every_half_hour_only_while_anything_changed(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    run = BackupJob.run

    def run_and_note_thread(job: BackupJob) -> BackupJob:
        threads.append(threading.current_thread())
        return run(job)

    monkeypatch.setattr(BackupJob, "run", run_and_note_thread)
    scheduler = BackupScheduler(BackupService(service))
    assert scheduler.timer.interval() == 30 * 60_000
    backups = scheduler.service

    assert not scheduler.back_up_if_changed()  # nothing changed since the start
    service.add_prospect("Ana Müller")
    with qtbot.wait_signal(scheduler.backed_up) as made:
        assert scheduler.back_up_if_changed()
    assert made.args is not None
    assert made.args[0].prospects == 1
    (thread,) = threads
    assert thread is not threading.main_thread()

    clock.advance(timedelta(minutes=30))
    assert not scheduler.back_up_if_changed()  # nothing new since that backup
    assert [b.prospects for b in backups.backups()] == [1]
    # At the end nothing is written twice: the last backup holds everything.
    assert scheduler.back_up_at_exit() is None


def test_the_backup_at_the_end_holds_the_latest_changes(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock
) -> None:
    scheduler = BackupScheduler(BackupService(service))
    service.add_prospect("Ana Müller")
    made = scheduler.back_up_at_exit()
    assert made is not None
    assert (made.path.name, made.prospects) == ("followup-20261125-100000.sqlite3", 1)


def test_a_failed_backup_is_reported(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock
) -> None:
    blocked = service.store.path.parent / "backups"
    blocked.write_text("a file where the folder should be")
    scheduler = BackupScheduler(BackupService(service))
    service.add_prospect("Ana Müller")
    with qtbot.wait_signal(scheduler.failed) as failed:
        scheduler.back_up()
    assert failed.args is not None
    assert "Could not write the backup" in failed.args[0]
