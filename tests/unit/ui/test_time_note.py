"""A time the clocks skip or show twice is never moved without a word in the window."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import FollowUpService
from followup_desktop.store import open_store
from followup_desktop.ui.agenda import DateTimeDialog
from followup_desktop.ui.log_touch_dialog import LogTouchDialog

BERLIN = ZoneInfo("Europe/Berlin")


def _wall(day: tuple[int, int, int], hour: int, minute: int) -> QDateTime:
    return QDateTime(QDate(*day), QTime(hour, minute), QTimeZone.utc())


def test_the_reschedule_dialog_says_which_time_it_takes_on_a_clock_change(
    qtbot: QtBot,
) -> None:
    dialog = DateTimeDialog(
        "Reschedule", "Due:", datetime(2026, 3, 27, 9, 0, tzinfo=BERLIN), BERLIN
    )
    qtbot.add_widget(dialog)
    dialog.show()
    assert not dialog.note.isVisible()

    dialog.edit.setDateTime(_wall((2026, 3, 29), 2, 30))  # the clocks go forward at 02:00
    assert dialog.note.isVisible()
    assert dialog.note.text() == (
        "02:30 does not exist on 29 Mar 2026 in Europe/Berlin (the clocks go forward); using 03:30."
    )
    assert dialog.value() == datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN)

    dialog.edit.setDateTime(_wall((2026, 10, 25), 2, 30))  # and back at 03:00
    assert dialog.note.text().startswith(
        "02:30 happens twice on 25 Oct 2026 in Europe/Berlin (the clocks go back); "
        "using the first, 2026-10-25T02:30+02:00"
    )
    assert dialog.value().utcoffset() == datetime(2026, 10, 25, 1, tzinfo=BERLIN).utcoffset()

    dialog.edit.setDateTime(_wall((2026, 10, 26), 9, 0))
    assert not dialog.note.isVisible()
    assert dialog.note.text() == ""


def test_the_log_touch_dialog_says_it_for_the_touch_and_the_next_step(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "followup.sqlite3")
    try:
        clock = FixedClock(datetime(2026, 3, 29, 12, 0, tzinfo=BERLIN))
        service = FollowUpService(store, clock)
        ana = service.add_prospect("Ana Müller").id or 0
        dialog = LogTouchDialog(service, ana)
        qtbot.add_widget(dialog)
        dialog.show()
        assert not dialog.when_note.isVisible()
        dialog.when_edit.setDateTime(_wall((2026, 3, 29), 2, 15))
        assert dialog.when_note.isVisible()
        assert "02:15 does not exist on 29 Mar 2026" in dialog.when_note.text()
        dialog.next_when_edit.setDateTime(_wall((2026, 10, 25), 2, 45))
        assert dialog.next_when_note.isVisible()
        assert "02:45 happens twice on 25 Oct 2026" in dialog.next_when_note.text()
    finally:
        store.close()
