"""Backups: written whole while others write, thinned as they age, put back exactly."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.domain.backups import Thinning
from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel
from followup_desktop.services import FollowUpService
from followup_desktop.services.backups import BackupService, save_thinning
from followup_desktop.services.preferences import DatabasePreferences
from followup_desktop.store import CorruptDatabaseError, NewerSchemaError
from followup_desktop.store.database import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[3]


TABLES = ("prospect", "touch", "follow_up", "tag", "prospect_tag", "thank_you", "setting")


def _data(path: Path) -> dict[str, list[Any]]:
    """Every row of the user's tables in a database file, read read-only."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_a_restored_backup_gives_back_the_data_as_it_was_and_keeps_what_was_current(
    service: FollowUpService, clock: FixedClock, tmp_path: Path
) -> None:
    ana = service.add_prospect("Ana Müller", company="Müller GmbH").id or 0
    service.log_touch(ana, Channel.CALL, notes="Interested in Q1")
    backups = BackupService(service)
    backed_up = _data(service.store.path)
    made = backups.back_up()
    assert made.path == backups.folder / "followup-20261125-100000.sqlite3"
    assert (made.prospects, made.touches) == (1, 1)
    assert made.path.stat().st_mode & 0o777 == 0o600
    assert backups.folder.stat().st_mode & 0o777 == 0o700

    clock.advance(timedelta(hours=2))
    bo = service.add_prospect("Bo Berg").id or 0
    service.log_touch(bo, Channel.EMAIL)
    service.log_touch(ana, Channel.EMAIL, notes="Sent the offer")
    current = _data(service.store.path)
    assert current != backed_up
    announced: list[object] = []
    service.subscribe(announced.append)

    restored = backups.restore(made.path)

    assert _data(service.store.path) == backed_up
    assert restored.kept_as == service.store.path.with_name(
        "followup.sqlite3.before-restore-20261125-120000"
    )
    assert restored.kept_as.stat().st_mode & 0o777 == 0o600
    assert _data(restored.kept_as) == current
    assert len(announced) == 1  # every view re-reads
    # The reopened store writes as before, and the way back restores what was current.
    service.add_prospect("Cem Demir")
    assert service.store.prospect_count() == 2
    clock.advance(timedelta(minutes=1))
    backups.restore(restored.kept_as)
    assert _data(service.store.path) == current


def test_a_backup_from_a_newer_version_is_refused_and_nothing_changes(
    service: FollowUpService, clock: FixedClock
) -> None:
    service.add_prospect("Ana Müller")
    backups = BackupService(service)
    made = backups.back_up()
    conn = sqlite3.connect(made.path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    service.add_prospect("Bo Berg")
    before = _data(service.store.path)

    with pytest.raises(NewerSchemaError, match="newer version of FollowUp Desktop"):
        backups.restore(made.path)

    assert _data(service.store.path) == before
    assert not list(service.store.path.parent.glob("*before-restore*"))


def test_a_damaged_backup_is_listed_as_unreadable_and_refused(
    service: FollowUpService, clock: FixedClock
) -> None:
    service.add_prospect("Ana Müller")
    backups = BackupService(service)
    made = backups.back_up()
    damaged = made.path.with_name("followup-20261124-090000.sqlite3")
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)

    listed = backups.backups()

    assert [(b.path.name, b.prospects) for b in listed] == [
        (made.path.name, 1),
        (damaged.name, None),
    ]
    assert listed[1].problem
    with pytest.raises(CorruptDatabaseError):
        backups.restore(damaged)
    assert service.store.prospect_count() == 1


def test_old_backups_are_thinned_by_the_preferences_and_copied_to_a_second_folder(
    service: FollowUpService, clock: FixedClock, tmp_path: Path
) -> None:
    prefs = DatabasePreferences(service)
    save_thinning(prefs, Thinning(daily=2, weekly=0, monthly=0))
    second = tmp_path / "synced"
    prefs.setValue("backups/second_folder", str(second))
    backups = BackupService(service)
    for _day in range(6):
        service.add_prospect(f"Prospect {_day}")
        backups.back_up()
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=-1))  # the last backup's day: Monday 30 November

    assert [b.path.name for b in backups.backups()] == [
        "followup-20261130-100000.sqlite3",  # today
        "followup-20261129-100000.sqlite3",  # yesterday
        "followup-20261128-100000.sqlite3",  # two days kept
        "followup-20261127-100000.sqlite3",
    ]
    copies = sorted(p.name for p in second.iterdir())
    assert len(copies) == 6  # the second folder is not thinned: it is the user's
    assert _integrity(second / "followup-20261130-100000.sqlite3") == "ok"
    assert not (second / "followup.sqlite3").exists()


def test_changes_since_the_last_backup_are_noticed_whoever_made_them(
    service: FollowUpService, db_path: Path
) -> None:
    backups = BackupService(service)
    assert not backups.changed_since_backup()  # nothing since the program started
    service.add_prospect("Ana Müller")
    assert backups.changed_since_backup()
    backups.back_up()
    assert not backups.changed_since_backup()
    subprocess.run(  # another program writes
        [sys.executable, "-m", "followup_desktop", "--data-dir", str(db_path.parent), "add", "Bo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert backups.changed_since_backup()


def test_backups_taken_while_another_program_writes_are_whole(
    service: FollowUpService, clock: FixedClock, tmp_path: Path
) -> None:
    for name in ("Ana Müller", "Bo Berg", "Cem Demir"):
        service.add_prospect(name)
    db = service.store.path
    backups = BackupService(service)
    start = service.store.last_op_id()
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.writer", str(db), "600", "7", str(tmp_path / "w")],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    made = []
    during = 0
    try:
        while writer.poll() is None and service.store.last_op_id() == start:
            pass  # until the writer has begun
        while writer.poll() is None:
            made.append(backups.back_up())
            during += writer.poll() is None
            clock.advance(timedelta(seconds=1))
    finally:
        _, err = writer.communicate(timeout=600)
    assert writer.returncode == 0, err
    made.append(backups.back_up())

    assert during >= 1
    touches = []
    for backup in made:
        assert _integrity(backup.path) == "ok"
        data = _data(backup.path)
        assert len(data["prospect"]) == 3
        touches.append(len(data["touch"]))
    assert touches == sorted(touches)  # each later backup holds at least as much
    assert touches[-1] == len(_data(service.store.path)["touch"])  # the last one holds everything
