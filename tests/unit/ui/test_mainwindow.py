"""The main window as a user drives it: keyboard, undo, plain text, restored state."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel, Outcome, Stage
from followup_desktop.domain.queries import QuickFilter
from followup_desktop.services import FollowUpService
from followup_desktop.services.demo import generate_demo
from followup_desktop.ui.log_touch_dialog import LogTouchDialog
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import AGENDA, NO_NEXT_STEP, PROSPECTS
from followup_desktop.ui.new_prospect_dialog import NewProspectDialog
from followup_desktop.ui.prospect_card import LostReasonDialog
from tests.helpers.qt import settle, when_modal

HTML_NAME = "<b>Bold</b> & <img src=x>"


def _list_names(window: MainWindow) -> list[str]:
    model = window.prospect_list.model
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


def test_first_run_says_what_to_do_and_loads_demo_data(qtbot: QtBot, window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.first_run_page
    assert "No prospects yet" in window.first_run_label.text()
    settle(qtbot, window)
    assert window.status_label.text() == "No prospects yet"
    with qtbot.wait_signal(window.demo_loaded):
        qtbot.mouseClick(window.first_run_demo_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.agenda
    settle(qtbot, window)
    assert window.navigation.entry_text(PROSPECTS) == "Prospects  80"
    assert "overdue" in window.status_label.text()


def test_add_and_log_a_touch_entirely_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    def fill_new(dialog: NewProspectDialog) -> None:
        dialog.activateWindow()
        dialog.name_edit.setFocus()
        qtbot.keyClicks(dialog.name_edit, "Ana Garcia")
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
        assert dialog.focusWidget() is dialog.company_edit  # the tab order
        qtbot.keyClicks(dialog.company_edit, "Mercado Verde")
        qtbot.keyClick(dialog.company_edit, Qt.Key.Key_Return)

    when_modal(NewProspectDialog, fill_new)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    pid = window.current_prospect_id()
    assert pid is not None
    assert service.get_prospect(pid).company == "Mercado Verde"
    assert window.windowTitle() == "Ana Garcia — FollowUp"
    assert _list_names(window) == ["Ana Garcia"]

    proposals: list[object] = []

    def fill_log(dialog: LogTouchDialog) -> None:
        dialog.note_edit.setFocus()
        qtbot.keyClicks(dialog.note_edit, "Sent the workshop outline")
        proposals.append(dialog.next_when_edit.dateTime())
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    seen = when_modal(LogTouchDialog, fill_log)
    window.activateWindow()  # back from the dialog, as a window manager would
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen
    qtbot.waitUntil(lambda: window.timeline.touch_count() == 1)
    (touch,) = service.touches(pid)
    assert touch.notes == "Sent the workshop outline"
    assert touch.channel is Channel.EMAIL
    (next_step,) = service.pending(pid)
    # The list, calendar and agenda show the new next step.
    model = window.prospect_list.model
    assert model.index(0, 3).data() == "1"
    day = next_step.due_at.date()
    settle(qtbot, window)
    assert window.calendar.count_on(day) == 1
    agenda = service.agenda()
    listed = agenda.overdue + agenda.today + agenda.next_days
    assert [d.follow_up.id for d in listed] == [next_step.id]
    # The agenda, out of sight meanwhile, catches up when it is shown.
    window.actions_.view_agenda.trigger()
    assert window.pages.currentWidget() is window.agenda
    assert window.agenda.model.index_of(next_step.id or 0).isValid()


def test_navigation_filters_and_search_narrow_the_list(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    generate_demo(service, prospects=40)
    window.refresh()
    window.show_destination(PROSPECTS)
    everyone = window.prospect_list.model.total_count()
    assert everyone == 40
    window.show_destination(NO_NEXT_STEP)
    missing = {s.prospect.name for s in service.without_next_step()}
    assert set(_list_names(window)) == missing
    settle(qtbot, window)
    assert window.navigation.entry_text(NO_NEXT_STEP) == f"No next step  {len(missing)}"
    window.show_destination(PROSPECTS)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.prospect_list.search_edit.hasFocus()
    target = sorted(n for n in missing if n.isascii())[0]  # QTest types ASCII only
    qtbot.keyClicks(window.prospect_list.search_edit, target)
    qtbot.waitUntil(lambda: _list_names(window) == [target])


def test_won_and_lost_with_a_reason(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    won = service.add_prospect("Oliver Wright")
    lost = service.add_prospect("Laura Bianchi")
    window.refresh()
    window.open_prospect(won.id or 0)
    window.actions_.won.trigger()
    assert service.get_prospect(won.id or 0).stage is Stage.WON
    assert service.pending(won.id or 0) == []

    window.open_prospect(lost.id or 0)

    def give_reason(dialog: LostReasonDialog) -> None:
        assert not dialog.ok_button.isEnabled()  # a No needs its reason
        qtbot.keyClicks(dialog.reason_edit, "Chose a competitor on price")
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)

    when_modal(LostReasonDialog, give_reason)
    window.actions_.lost.trigger()
    closed = service.get_prospect(lost.id or 0)
    assert (closed.stage, closed.lost_reason) == (Stage.LOST, "Chose a competitor on price")


def test_undo_of_a_delete_restores_the_prospect_with_its_touches(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    p = service.add_prospect("Priya Raman")
    for channel in (Channel.CALL, Channel.EMAIL, Channel.MEETING):
        service.log_touch(p.id or 0, channel, outcome=Outcome.CONVERSATION)
    before = service.snapshot(p.id or 0)
    window.refresh()
    window.open_prospect(p.id or 0)
    window.prospect_list.table.setFocus()
    qtbot.keyClick(window.prospect_list.table, Qt.Key.Key_Delete)
    assert service.store.get_prospect(p.id or 0) is None
    assert "Priya Raman" not in _list_names(window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert service.snapshot(p.id or 0) == before
    assert "Priya Raman" in _list_names(window)
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_Z, redo)
    assert service.store.get_prospect(p.id or 0) is None


def test_undo_and_redo_of_a_logged_touch_and_a_stage_change(
    window: MainWindow, service: FollowUpService
) -> None:
    p = service.add_prospect("Tom Becker")
    window.refresh()
    window.open_prospect(p.id or 0)
    before = service.snapshot(p.id or 0)
    window.card.stage_change_requested.emit(Stage.WON, "")
    assert service.get_prospect(p.id or 0).stage is Stage.WON
    window.undo_stack.undo()
    after = service.snapshot(p.id or 0)
    # Everything is as before; the row's version went on up (undo is a write too).
    assert after.prospect.version > before.prospect.version
    assert replace(after, prospect=replace(after.prospect, version=0)) == replace(
        before, prospect=replace(before.prospect, version=0)
    )
    window.undo_stack.redo()
    assert service.get_prospect(p.id or 0).stage is Stage.WON


def test_a_refused_change_is_explained_and_changes_nothing(
    window: MainWindow, service: FollowUpService, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "followup_desktop.ui.mainwindow.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    p = service.add_prospect("Zoë Brontë")
    window.refresh()
    window.open_prospect(p.id or 0)
    window.card.stage_change_requested.emit(Stage.LOST, "")
    assert shown == ["Marking a prospect lost needs the reason they gave."]
    assert service.get_prospect(p.id or 0).stage is Stage.NEW
    assert window.undo_stack.count() == 0


def test_the_html_like_name_shows_literally_everywhere(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    p = service.add_prospect(HTML_NAME)
    service.log_touch(p.id or 0, Channel.EMAIL, notes="<i>not italic</i> & more")
    (step,) = service.pending(p.id or 0)
    service.reschedule(step.id or 0, clock.now() + timedelta(hours=2))
    window.refresh()
    window.show_destination(AGENDA)
    agenda_texts = [
        str(window.agenda.model.index(r, c, window.agenda.model.index(1, 0)).data())
        for r in range(window.agenda.model.rowCount(window.agenda.model.index(1, 0)))
        for c in range(window.agenda.model.columnCount())
    ]
    assert HTML_NAME in agenda_texts
    assert HTML_NAME in window.calendar.tooltip_text(clock.now().date())
    window.open_prospect(p.id or 0)
    assert _list_names(window) == [HTML_NAME]
    assert window.windowTitle() == f"{HTML_NAME} — FollowUp"
    assert window.card.name_label.text() == HTML_NAME
    assert window.card.name_label.textFormat() == Qt.TextFormat.PlainText
    timeline = window.timeline.model
    texts = [
        str(timeline.index(r, 0, timeline.index(g, 0)).data())
        for g in range(timeline.rowCount())
        for r in range(timeline.rowCount(timeline.index(g, 0)))
    ]
    assert any("<i>not italic</i> & more" in t for t in texts)


def test_window_state_is_restored_after_a_restart(
    qtbot: QtBot, service: FollowUpService, settings: QSettings
) -> None:
    generate_demo(service, prospects=20)
    first = MainWindow(service, settings)
    qtbot.add_widget(first)
    # The offscreen screen is 800 px wide; the window's narrowest is its own minimum.
    first.resize(first.minimumSizeHint().width(), 700)
    first.show()
    first.show_destination(NO_NEXT_STEP)
    first.main_splitter.setSizes([150, 700, 250])
    header = first.prospect_list.table.horizontalHeader()
    header.resizeSection(1, 222)
    header.moveSection(1, 4)
    sizes = first.main_splitter.sizes()
    geometry = first.geometry()
    first.close()

    second = MainWindow(service, settings)
    qtbot.add_widget(second)
    second.show()
    assert second.geometry().size() == geometry.size()
    assert second.main_splitter.sizes() == sizes
    assert second.current_destination() == NO_NEXT_STEP
    assert second.prospect_list.model.query().quick is QuickFilter.NO_NEXT_STEP
    header = second.prospect_list.table.horizontalHeader()
    assert header.sectionSize(1) == 222
    assert header.visualIndex(1) == 4


def test_item_models_pass_the_model_tester(
    qtmodeltester,
    window: MainWindow,
    service: FollowUpService,  # type: ignore[no-untyped-def]
) -> None:
    generate_demo(service, prospects=30)
    window.refresh()
    richest = max(service.prospects_json(), key=lambda r: r["touch_count"])
    window.open_prospect(richest["id"])
    window.calendar.select_day(date(2026, 11, 25))
    for model in (
        window.prospect_list.model,
        window.agenda.model,
        window.timeline.model,
        window.day_agenda.model,
        window.navigation.model(),
    ):
        qtmodeltester.check(model)
    assert QApplication.instance() is not None


def test_card_and_timeline_stack_in_a_narrow_window(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    service.add_prospect("Mia Hoffmann")
    window.refresh()
    window.show_destination(PROSPECTS)
    window.resize(1300, 700)
    window.main_splitter.setSizes([100, 1000, 200])
    qtbot.waitUntil(lambda: window.pages.width() >= window.STACK_BELOW)
    assert window.detail_splitter.orientation() == Qt.Orientation.Horizontal
    window.main_splitter.setSizes([400, 500, 400])
    qtbot.waitUntil(lambda: window.pages.width() < window.STACK_BELOW)
    assert window.detail_splitter.orientation() == Qt.Orientation.Vertical


def test_delete_acts_only_where_it_belongs(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    p = service.add_prospect("Amélie Raman")
    service.log_touch(p.id or 0, Channel.CALL, outcome=Outcome.NO_ANSWER)
    (step,) = service.pending(p.id or 0)
    service.reschedule(step.id or 0, clock.now() + timedelta(hours=1))
    window.refresh()
    window.open_prospect(p.id or 0)
    # In the agenda, Delete does not delete the prospect shown in the hidden card.
    window.show_destination(AGENDA)
    window.agenda.view.setFocus()
    window.agenda.select_follow_up(step.id or 0)
    qtbot.keyClick(window.agenda.view, Qt.Key.Key_Delete)
    assert service.store.get_prospect(p.id or 0) is not None
    # In the timeline, Delete deletes the selected touch (undoably).
    window.open_prospect(p.id or 0)
    window.timeline.view.setFocus()
    touch_index = window.timeline.model.index(0, 0, window.timeline.model.index(0, 0))
    window.timeline.view.setCurrentIndex(touch_index)
    qtbot.keyClick(window.timeline.view, Qt.Key.Key_Delete)
    assert service.touches(p.id or 0) == []
    window.undo_stack.undo()
    assert len(service.touches(p.id or 0)) == 1


def test_undo_texts_show_stored_ampersands(window: MainWindow, service: FollowUpService) -> None:
    p = service.add_prospect("Harbour & Vale")
    window.refresh()
    window.open_prospect(p.id or 0)
    window.actions_.delete.trigger()
    assert window.undo_stack.undoText() == "Delete Harbour && Vale"  # shown as one "&"
    window.undo_stack.undo()
    # The prospect that came back is shown again.
    assert window.current_prospect_id() == p.id


def test_the_list_filter_and_prospect_are_restored(
    qtbot: QtBot, service: FollowUpService, settings: QSettings
) -> None:
    generate_demo(service, prospects=30)
    first = MainWindow(service, settings)
    qtbot.add_widget(first)
    first.show()
    first.show_destination(PROSPECTS)
    first.prospect_list.set_quick_filter(QuickFilter.OVERDUE)
    overdue_row = first.prospect_list.model.prospect_id(0)
    first.prospect_list.select_prospect(overdue_row)
    first.close()
    second = MainWindow(service, settings)
    qtbot.add_widget(second)
    second.show()
    assert second.prospect_list.model.query().quick is QuickFilter.OVERDUE
    assert second.current_prospect_id() == overdue_row


def test_enter_saves_the_touch_even_with_the_focus_on_cancel(
    qtbot: QtBot, service: FollowUpService
) -> None:
    p = service.add_prospect("Noah Fischer")
    dialog = LogTouchDialog(service, p.id or 0)
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.cancel_button.setFocus()
    with qtbot.wait_signal(dialog.accepted):
        qtbot.keyClick(dialog.cancel_button, Qt.Key.Key_Return)


def test_thank_you_notes_view_with_count_and_undoable_mark_sent(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    from followup_desktop.ui.navigation import THANK_YOU

    p = service.add_prospect(HTML_NAME)
    service.log_touch(p.id or 0, Channel.MEETING, outcome=Outcome.CONVERSATION, notes="Workshop")
    window.refresh()
    settle(qtbot, window)
    assert window.navigation.entry_text(THANK_YOU) == "Thank-you notes  1"
    window.show_destination(THANK_YOU)
    assert window.pages.currentWidget() is window.thank_you
    assert window.thank_you.count() == 1
    window.thank_you.mark_sent_requested.emit([window.thank_you.entries()[0].entry_id])
    assert window.thank_you.count() == 0
    assert service.touches(p.id or 0)[0].channel is Channel.NOTE
    window.undo_stack.undo()
    assert window.thank_you.count() == 1
    assert [t.channel for t in service.touches(p.id or 0)] == [Channel.MEETING]
    window.undo_stack.redo()
    assert window.thank_you.count() == 0


def test_add_by_hand_and_complete_the_address_in_place(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    from followup_desktop.ui.address_dialog import AddressDialog
    from followup_desktop.ui.navigation import THANK_YOU

    p = service.add_prospect("Lucas Martin")
    window.refresh()
    window.open_prospect(p.id or 0)
    window.actions_.add_thank_you.trigger()
    window.show_destination(THANK_YOU)
    (entry,) = window.thank_you.entries()
    assert entry.address_missing
    window.undo_stack.undo()
    assert window.thank_you.entries() == []
    window.undo_stack.redo()
    window.show_destination(THANK_YOU)
    window.thank_you.select_entries([window.thank_you.entries()[0].entry_id])

    def fill(dialog: AddressDialog) -> None:
        dialog.street_edit.setPlainText("12 rue de Rivoli")
        dialog.postal_code_edit.setText("75004")
        dialog.city_edit.setText("Paris")
        dialog.country_edit.setText("FR")
        dialog.accept()

    when_modal(AddressDialog, fill)
    window.thank_you.address_action.trigger()
    (entry,) = window.thank_you.entries()
    assert not entry.address_missing
    assert entry.address_lines == ["Lucas Martin", "12 rue de Rivoli", "75004 PARIS", "FRANCE"]
    window.undo_stack.undo()
    assert window.thank_you.entries()[0].address_missing


def test_every_view_is_in_the_view_menu_with_ctrl_and_its_place(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    """Ctrl+1 … Ctrl+6 in the navigation's order, Thank-you notes at Ctrl+5."""
    from followup_desktop.ui.navigation import REPORTS, REVIVE, THANK_YOU

    service.add_prospect("Ana García")
    window.refresh()
    view_menu = next(
        m.menu() for m in window.menuBar().actions() if m.text().replace("&", "") == "View"
    )
    entries = [
        (a.text().replace("&", ""), a.shortcut().toString())
        for a in view_menu.actions()
        if a.shortcut().toString().startswith("Ctrl+")
    ]
    assert entries == [
        ("Agenda", "Ctrl+1"),
        ("Prospects", "Ctrl+2"),
        ("No next step", "Ctrl+3"),
        ("Revive", "Ctrl+4"),
        ("Thank-you notes", "Ctrl+5"),
        ("Reports", "Ctrl+6"),
    ]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_destination() == THANK_YOU
    assert window.pages.currentWidget() is window.thank_you
    assert window.navigation.current_destination() == THANK_YOU
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_destination() == REVIVE
    assert REPORTS != THANK_YOU


def test_after_a_delete_the_next_prospect_is_chosen_and_shown(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    ids = [service.add_prospect(name).id for name in ("Ana", "Bo", "Cy")]
    window.refresh()
    window.open_prospect(ids[1] or 0)
    window.prospect_list.table.setFocus()
    window.actions_.delete.trigger()
    assert [s.prospect.name for s in service.store.summaries()] == ["Ana", "Cy"]
    assert window.prospect_list.current_prospect_id() == ids[2]
    assert window.card.prospect_id() == ids[2]
    selected = window.prospect_list.table.selectionModel().selectedRows()
    assert [i.row() for i in selected] == [1]
    # The last row deleted: the one before it is chosen.
    window.actions_.delete.trigger()
    assert window.prospect_list.current_prospect_id() == ids[0]
    assert window.card.prospect_id() == ids[0]
    assert window.windowTitle().startswith("Ana")


def test_first_run_offers_import_beside_new_prospect(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def choose(*args: object, **kwargs: object) -> tuple[list[str], str]:
        asked.append(str(args[1] if len(args) > 1 else kwargs.get("caption")))
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    assert window.pages.currentWidget() is window.first_run_page
    button = window.first_run_import_button
    assert button.isVisible()
    assert button.text() == "Import contacts…"
    assert "import" in window.first_run_label.text().lower()
    # Beside the new-prospect button, on the same row.
    assert button.y() == window.first_run_add_button.y()
    with qtbot.wait_signal(window.actions_.import_contacts.triggered):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == ["Import contacts"]
    # The list's own empty state (no prospects, no filter) offers it too.
    listed = window.prospect_list
    assert listed.empty_import_button.text() == "Import contacts…"
    with qtbot.wait_signal(window.actions_.import_contacts.triggered):
        listed.empty_import_button.click()
