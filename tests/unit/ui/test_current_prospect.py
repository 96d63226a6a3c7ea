"""One current prospect and the change feed, as a user meets them in the window.

Each test here drives the real window (keyboard, context menus) through a
defect a user hit: an action acting on a hidden prospect, the Menu key acting
on the row below, typing lost to a refresh, an undo taking a snooze with it,
another program's writes never showing.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel, Outcome, Stage
from followup_desktop.services import FollowUpService
from followup_desktop.services.reminders import ReminderService
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.ui.draft_dialog import DraftDialog
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import AGENDA, NO_NEXT_STEP, PROSPECTS, THANK_YOU
from tests.helpers.qt import settle, when_modal

POPUP_NOISE = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)


def _three_due_today(service: FollowUpService, clock: FixedClock) -> list[int]:
    """Ana, Bo and Cy, each with one follow-up due later today (in that order)."""
    ids = []
    for hours, name in enumerate(("Ana Müller", "Bo Berg", "Cy Chan"), start=1):
        prospect = service.add_prospect(name, emails=(f"{name[:2].lower()}@example.com",))
        assert prospect.id is not None
        (follow_up,) = service.pending(prospect.id)
        assert follow_up.id is not None
        service.reschedule(follow_up.id, clock.now() + timedelta(hours=hours))
        ids.append(prospect.id)
    return ids


def _agenda_rows(window: MainWindow) -> list[int]:
    from followup_desktop.ui.agenda import Section

    return [item.follow_up.prospect_id for item in window.agenda.model.items(Section.TODAY)]


def _select_agenda_row(window: MainWindow, prospect_id: int) -> None:
    from followup_desktop.ui.agenda import Section

    item = next(
        i
        for i in window.agenda.model.items(Section.TODAY)
        if i.follow_up.prospect_id == prospect_id
    )
    assert item.follow_up.id is not None
    assert window.agenda.select_follow_up(item.follow_up.id)


def test_menu_actions_act_on_the_agenda_row_not_the_last_card_shown(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    ana, bo, cy = _three_due_today(service, clock)
    window.refresh()
    window.open_prospect(cy)  # the card last showed Cy
    window.show_destination(AGENDA)
    assert window.pages.currentWidget() is window.agenda
    _select_agenda_row(window, bo)
    assert window.current_prospect_id() == bo
    assert window.windowTitle() == "Bo Berg — FollowUp"

    window.actions_.won.trigger()
    assert service.get_prospect(bo).stage is Stage.WON
    assert service.get_prospect(cy).stage is Stage.NEW
    assert window.undo_stack.undoText() == "Mark won: Bo Berg"
    assert window.actions_.undo.text() == "&Undo Mark won: Bo Berg"
    window.undo_stack.undo()
    assert service.get_prospect(bo).stage is Stage.NEW

    # Drafting from the menu drafts to the selected row too.
    _select_agenda_row(window, ana)
    drafted: list[str] = []

    def read(dialog: DraftDialog) -> None:
        drafted.append(dialog.windowTitle())
        dialog.reject()

    when_modal(DraftDialog, read)
    window.actions_.draft_follow_up.trigger()
    assert drafted
    assert "Ana Müller" in drafted[0]


def test_with_nothing_selected_prospect_actions_are_disabled(
    window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    _three_due_today(service, clock)
    window.refresh()
    window.show_destination(AGENDA)
    window.agenda.view.selectionModel().clearSelection()
    window.agenda.view.setCurrentIndex(window.agenda.model.index(-1, -1))
    assert window.current_prospect_id() is None
    for action in (
        window.actions_.won,
        window.actions_.lost,
        window.actions_.delete,
        window.actions_.draft_follow_up,
        window.actions_.log_touch,
    ):
        assert not action.isEnabled(), action.text()
    assert window.windowTitle() == "FollowUp"


def _menu_from_keyboard(qtbot: QtBot, view: object, choose: str) -> list[str]:
    """Press the Menu key on ``view`` and trigger the menu entry ``choose``."""
    seen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            seen.append(action.text())
            if action.text() == choose:
                menu.close()
                action.trigger()
                return
        menu.close()

    QTimer.singleShot(0, pick)
    # What the Menu key sends: a keyboard context-menu event, in the view's coordinates.
    center = view.rect().center()  # type: ignore[attr-defined]
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard,
        center,
        view.mapToGlobal(center),  # type: ignore[attr-defined]
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, event)  # type: ignore[arg-type]
    qtbot.wait_until(lambda: bool(seen))
    return seen


@POPUP_NOISE
def test_the_menu_key_in_the_agenda_acts_on_the_selected_row(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    ana, bo, cy = _three_due_today(service, clock)
    window.refresh()
    window.show_destination(AGENDA)
    assert _agenda_rows(window) == [ana, bo, cy]
    _select_agenda_row(window, ana)
    (ana_due,) = service.pending(ana)
    window.agenda.view.setFocus()
    _menu_from_keyboard(qtbot, window.agenda.view, "Mark &done")
    assert ana_due not in service.pending(ana)  # Ana's follow-up was carried out …
    assert len(service.touches(ana)) == 1
    assert service.touches(bo) == []  # … not the one of the row below


@POPUP_NOISE
def test_shift_f10_opens_the_agenda_menu_on_the_selected_row(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    _, bo, _ = _three_due_today(service, clock)
    window.refresh()
    window.show_destination(AGENDA)
    _select_agenda_row(window, bo)
    window.agenda.view.setFocus()
    seen: list[str] = []

    def read() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.extend(a.text() for a in menu.actions() if not a.isSeparator())
            menu.close()

    QTimer.singleShot(0, read)
    window.agenda.keyboard_menu.action.trigger()  # what Shift+F10 is bound to
    qtbot.wait_until(lambda: bool(seen))
    assert "Mark &done" in seen
    assert window.agenda.keyboard_menu.action.shortcut().toString() == "Shift+F10"
    assert window.current_prospect_id() == bo


@POPUP_NOISE
def test_the_menu_key_in_the_thank_you_list_marks_the_selected_entry(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    thanks = ThankYouService(service)
    names = ("Ana Müller", "Bo Berg", "Cy Chan")
    ids = [service.add_prospect(n).id or 0 for n in names]
    for pid in ids:
        thanks.add(pid)
    window.refresh()
    window.show_destination(THANK_YOU)
    entries = window.thank_you.entries()
    first = entries[0]
    window.thank_you.select_entries([first.entry_id])
    assert window.current_prospect_id() == first.prospect_id
    window.thank_you.view.setFocus()
    _menu_from_keyboard(qtbot, window.thank_you.view, "&Mark as sent")
    left = {e.prospect_id for e in window.thank_you.entries()}
    assert first.prospect_id not in left  # the selected entry was sent …
    assert len(left) == 2  # … and only it
    assert [t.channel for t in service.touches(first.prospect_id)] == [Channel.NOTE]


def test_a_refresh_keeps_what_is_typed_in_the_card(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    ana = service.add_prospect("Ana Müller", company="Acme").id or 0
    window.open_prospect(ana)
    window.card.notes_edit.setFocus()
    qtbot.keyClicks(window.card.notes_edit, "Call after the board meeting")
    assert window.card.has_unsaved_changes()
    # A reminder comes due: the app re-reads its views.
    clock.advance(timedelta(hours=3))
    window.refresh()
    assert window.card.notes_edit.toPlainText() == "Call after the board meeting"
    assert window.card.has_unsaved_changes()

    # A change made elsewhere to another field shows; the typing stays.
    with service.operation("Rename"):
        service.update_prospect(replace(service.get_prospect(ana), company="Acme GmbH"))
    assert window.card.company_edit.text() == "Acme GmbH"
    assert window.card.notes_edit.toPlainText() == "Call after the board meeting"
    window.card.save()
    assert service.get_prospect(ana).notes == "Call after the board meeting"
    assert service.get_prospect(ana).company == "Acme GmbH"


def test_undoing_a_rename_keeps_a_snooze_from_a_notification(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    ana = service.add_prospect("Ana Müller").id or 0
    window.open_prospect(ana)
    window.card.name_edit.setFocus()
    window.card.name_edit.selectAll()
    qtbot.keyClicks(window.card.name_edit, "Ana Schmidt")
    assert window.card.save()
    assert service.get_prospect(ana).name == "Ana Schmidt"
    (follow_up,) = service.pending(ana)
    assert follow_up.id is not None
    snoozed = ReminderService(service).snooze(follow_up.id, "1h")  # from the notification
    assert window.undo_stack.undoText() == "Edit prospect: Ana Müller"
    window.undo_stack.undo()
    assert service.get_prospect(ana).name == "Ana Müller"
    assert service.pending(ana)[0].snoozed_until == snoozed.snoozed_until
    assert window.card.name_edit.text() == "Ana Müller"


def _cli(data_dir: Path, *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "followup_desktop", "--data-dir", str(data_dir), *args],
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_the_command_line_s_writes_reach_the_open_window(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, db_path: Path
) -> None:
    ana = service.add_prospect("Ana Müller").id or 0
    window.refresh()
    settle(qtbot, window)
    assert window.navigation.entry_text(PROSPECTS) == "Prospects  1"
    window.open_prospect(ana)
    window.card.notes_edit.setFocus()
    qtbot.keyClicks(window.card.notes_edit, "typing while the terminal writes")

    _cli(db_path.parent, "add", "Bo Berg", "--company", "Berg AB")
    qtbot.wait_until(
        lambda: window.navigation.entry_text(PROSPECTS) == "Prospects  2", timeout=3000
    )

    assert window.navigation.entry_text(NO_NEXT_STEP).endswith("0")
    _cli(db_path.parent, "log", str(ana), "--channel", "call", "--no-next")
    qtbot.wait_until(lambda: window.navigation.entry_text(NO_NEXT_STEP).endswith("1"), timeout=3000)
    qtbot.wait_until(lambda: window.timeline.touch_count() == 1, timeout=3000)
    assert window.card.notes_edit.toPlainText() == "typing while the terminal writes"
    # The window's undo takes back the window's own operations only.
    assert window.undo_stack.count() == 0


def test_one_logged_touch_re_reads_only_what_it_touched(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    ana = service.add_prospect("Ana Müller").id or 0
    service.add_prospect("Bo Berg")
    window.refresh()
    window.open_prospect(ana)
    resets: list[int] = []
    window.prospect_list.model.modelReset.connect(lambda: resets.append(1))
    changed_rows: list[int] = []
    window.prospect_list.model.dataChanged.connect(lambda a, _b: changed_rows.append(a.row()))
    with service.operation("Log touch"):
        service.log_touch(ana, Channel.CALL, outcome=Outcome.CONVERSATION)
    assert resets == []  # no whole-list reset: the row repaints
    assert changed_rows == [window.prospect_list.model.row_of(ana)]
    assert window.current_prospect_id() == ana


def test_a_reminder_coming_due_re_reads_only_what_depends_on_the_time(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    ana, _, _ = _three_due_today(service, clock)
    window.refresh()
    window.open_prospect(ana)
    window.card.notes_edit.setFocus()
    qtbot.keyClicks(window.card.notes_edit, "half a sentence")
    resets: list[int] = []
    window.prospect_list.model.modelReset.connect(lambda: resets.append(1))
    clock.advance(timedelta(hours=1, minutes=30))  # Ana's follow-up is now overdue
    window.time_passed()
    assert resets == []
    assert window.card.notes_edit.toPlainText() == "half a sentence"
    settle(qtbot, window)
    assert window.status_label.text().startswith("2 due today · 1 overdue")
    window.show_destination(AGENDA)
    from followup_desktop.ui.agenda import Section

    assert [i.follow_up.prospect_id for i in window.agenda.model.items(Section.OVERDUE)] == [ana]


def test_the_window_is_told_when_the_check_after_opening_finds_damage(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock
) -> None:
    from followup_desktop.store import open_store
    from followup_desktop.ui.database_check import DatabaseCheck
    from tests.unit.store.test_database import _damaged

    path = tmp_path / "followup.sqlite3"
    _damaged(path, "garbage_pages")
    store = open_store(path, full_check=False)
    try:
        check = DatabaseCheck(FollowUpService(store, clock))
        with qtbot.wait_signal(check.finished, timeout=10_000) as blocker:
            check.start()
        (message,) = blocker.args
        assert "Your database is damaged" in message
    finally:
        store.close()


def test_preferences_saved_elsewhere_reach_the_window_once(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    from followup_desktop.services.preferences import DatabasePreferences, save_quiet_hours

    heard: list[int] = []
    window.preferences_changed.connect(lambda: heard.append(1))
    with qtbot.wait_signal(window.preferences_changed):
        save_quiet_hours(
            DatabasePreferences(service),
            __import__("followup_desktop.domain.reminders", fromlist=["QuietHours"]).QuietHours(
                enabled=False
            ),
        )
    qtbot.wait(50)
    assert heard == [1]  # four values written, one reload
