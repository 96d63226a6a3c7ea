"""The agenda view against a real database: sections, actions, shortcuts, empty state."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDateTime, QModelIndex, Qt, QTimer, QTimeZone
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDateTimeEdit,
    QDialog,
    QMainWindow,
    QMenu,
    QPushButton,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import FollowUpService
from followup_desktop.ui.agenda import (
    EMPTY_TEXT,
    FOLLOW_UP_ID_ROLE,
    PROSPECT_ID_ROLE,
    AgendaWidget,
    DateTimeDialog,
    Section,
    ask_datetime,
    later,
    overdue_color,
    tomorrow_morning,
)
from followup_desktop.ui.format import absolute_when, relative_when
from followup_desktop.ui.navigation import AGENDA

BERLIN = ZoneInfo("Europe/Berlin")
HTML_NAME = "<b>Bold</b> & <img src=x>"
TODAY = date(2026, 11, 25)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def place(
    service: FollowUpService, name: str, when: datetime, company: str = ""
) -> tuple[int, int]:
    """A prospect whose first follow-up is moved to ``when``: (prospect id, follow-up id)."""
    prospect = service.add_prospect(name, company=company)
    assert prospect.id is not None
    follow_up = service.pending(prospect.id)[0]
    assert follow_up.id is not None
    service.reschedule(follow_up.id, when)
    return prospect.id, follow_up.id


def section_rows(widget: AgendaWidget, section: Section) -> list[list[str]]:
    model = widget.model
    parent = model.index(int(section), 0)
    return [
        [model.index(row, column, parent).data() for column in range(model.columnCount())]
        for row in range(model.rowCount(parent))
    ]


def section_ids(widget: AgendaWidget, section: Section) -> list[int]:
    model = widget.model
    parent = model.index(int(section), 0)
    return [
        model.index(r, 0, parent).data(FOLLOW_UP_ID_ROLE) for r in range(model.rowCount(parent))
    ]


@pytest.fixture
def ids(service: FollowUpService) -> dict[str, tuple[int, int]]:
    """Follow-ups around "now" (Wed 25 Nov 2026 10:00): overdue, today, soon, later."""
    placed = {
        "yesterday": place(service, "Ana García", at(TODAY - timedelta(days=1), 9), "Acme"),
        "this morning": place(service, "Bo Lindqvist", at(TODAY, 8, 30)),
        "this afternoon": place(service, HTML_NAME, at(TODAY, 15), "<i>Ltd</i>"),
        "tonight": place(service, "Chloé Martin", at(TODAY, 18)),
        "in 3 days": place(service, "Dana Okafor", at(TODAY + timedelta(days=3), 9)),
        "in 7 days": place(service, "Eli Novak", at(TODAY + timedelta(days=7), 20)),
        "in 10 days": place(service, "Farid Haddad", at(TODAY + timedelta(days=10), 9)),
        "skipped": place(service, "Greta Holm", at(TODAY, 11)),
    }
    service.store.skip_pending(placed["skipped"][0])
    return placed


@pytest.fixture
def agenda(qtbot: QtBot, service: FollowUpService, ids: dict[str, tuple[int, int]]) -> AgendaWidget:
    widget = AgendaWidget(service)
    qtbot.add_widget(widget)
    widget.resize(900, 500)
    widget.show()
    qtbot.wait_exposed(widget)
    return widget


def test_sections_hold_the_right_follow_ups_in_order(
    agenda: AgendaWidget, ids: dict[str, tuple[int, int]], qtmodeltester: object
) -> None:
    model = agenda.model
    assert [model.index(s, 0).data() for s in range(model.rowCount())] == [
        "Overdue (2)",
        "Today (2)",
        "Next 7 days (2)",
    ]
    fid = {key: value[1] for key, value in ids.items()}
    assert section_ids(agenda, Section.OVERDUE) == [fid["yesterday"], fid["this morning"]]
    assert section_ids(agenda, Section.TODAY) == [fid["this afternoon"], fid["tonight"]]
    assert section_ids(agenda, Section.NEXT_DAYS) == [fid["in 3 days"], fid["in 7 days"]]
    assert agenda.attention_count() == 4
    for section in Section:
        assert agenda.view.isExpanded(model.index(int(section), 0))
        assert agenda.view.isFirstColumnSpanned(int(section), QModelIndex())
    assert agenda.view.isVisible()
    assert not agenda.empty_label.isVisible()
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_rows_show_when_channel_prospect_company_purpose(
    agenda: AgendaWidget, service: FollowUpService, ids: dict[str, tuple[int, int]]
) -> None:
    now = service.now()
    follow_up = service.store.get_follow_up(ids["this afternoon"][1])
    assert follow_up is not None
    when, channel, name, company, purpose = section_rows(agenda, Section.TODAY)[0]
    assert when == relative_when(at(TODAY, 15), now)
    assert when.startswith("today ")
    assert name == HTML_NAME  # stored text shows literally
    assert company == "<i>Ltd</i>"
    assert purpose == follow_up.purpose
    assert channel
    overdue_when = section_rows(agenda, Section.OVERDUE)[0][0]
    assert overdue_when == relative_when(at(TODAY - timedelta(days=1), 9), now)
    assert overdue_when.startswith("yesterday ")
    assert section_rows(agenda, Section.NEXT_DAYS)[0][0] == "in 3 days"

    model = agenda.model
    today = model.index(int(Section.TODAY), 0)
    row = model.index(0, 0, today)
    assert row.data(Qt.ItemDataRole.ToolTipRole) == f"Due {absolute_when(at(TODAY, 15))}"
    # Stored text never goes into a tooltip, where Qt could read it as HTML.
    assert model.index(0, 2, today).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(0, 2, today).data(PROSPECT_ID_ROLE) == ids["this afternoon"][0]
    assert model.index(0, 4, today).data(FOLLOW_UP_ID_ROLE) == ids["this afternoon"][1]
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert model.flags(row) & Qt.ItemFlag.ItemIsSelectable


def test_overdue_times_are_red(agenda: AgendaWidget) -> None:
    model = agenda.model
    overdue = model.index(int(Section.OVERDUE), 0)
    today = model.index(int(Section.TODAY), 0)
    red = overdue_color()
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) == red
    assert model.index(0, 0, overdue).data(Qt.ItemDataRole.ForegroundRole) == red
    assert model.index(1, 0, overdue).data(Qt.ItemDataRole.ForegroundRole) == red
    assert model.index(0, 2, overdue).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 0, today).data(Qt.ItemDataRole.ForegroundRole) is None
    assert today.data(Qt.ItemDataRole.ForegroundRole) is None


def test_the_agenda_list_is_named_for_screen_readers(agenda: AgendaWidget) -> None:
    assert agenda.view.accessibleName() == "Agenda"


def test_snoozed_follow_up_moves_and_says_so(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock
) -> None:
    _, fid = place(service, "Ana García", at(TODAY, 9))
    service.snooze(fid, at(TODAY, 16))
    widget = AgendaWidget(service)
    qtbot.add_widget(widget)
    assert section_ids(widget, Section.OVERDUE) == []
    assert section_ids(widget, Section.TODAY) == [fid]
    tip = widget.model.index(0, 0, widget.model.index(int(Section.TODAY), 0)).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert tip == f"Due {absolute_when(at(TODAY, 9))}\nSnoozed until {absolute_when(at(TODAY, 16))}"


# -- actions ---------------------------------------------------------------------------------


def test_each_action_emits_its_signal_with_the_right_ids(
    qtbot: QtBot, agenda: AgendaWidget, service: FollowUpService, ids: dict[str, tuple[int, int]]
) -> None:
    pid, fid = ids["this afternoon"]
    assert agenda.select_follow_up(fid)
    assert agenda.selected_follow_up_id() == fid
    now = service.now()

    with qtbot.wait_signal(agenda.open_requested) as blocker:
        agenda.open_action.trigger()
    assert blocker.args == [pid]
    with qtbot.wait_signal(agenda.log_requested) as blocker:
        agenda.log_action.trigger()
    assert blocker.args == [pid, fid]
    with qtbot.wait_signal(agenda.done_requested) as blocker:
        agenda.done_action.trigger()
    assert blocker.args == [fid]

    expected = {
        agenda.snooze_15_action: at(TODAY, 10, 15),
        agenda.snooze_hour_action: at(TODAY, 11),
        agenda.snooze_tomorrow_action: at(TODAY + timedelta(days=1), 9),
    }
    for action, until in expected.items():
        with qtbot.wait_signal(agenda.snooze_requested) as blocker:
            action.trigger()
        assert blocker.args[0] == fid
        emitted = blocker.args[1]
        assert emitted == until
        assert emitted.utcoffset() == until.utcoffset()
        assert emitted.tzinfo is not None
        assert emitted > now
    assert later(now, timedelta(hours=1)) == now + timedelta(hours=1)


def test_snooze_and_reschedule_ask_for_a_time(
    qtbot: QtBot, agenda: AgendaWidget, service: FollowUpService, ids: dict[str, tuple[int, int]]
) -> None:
    _, fid = ids["in 3 days"]
    agenda.select_follow_up(fid)
    asked: list[tuple[str, datetime, datetime | None]] = []
    answer: list[datetime | None] = [at(TODAY, 17, 45)]

    def ask(parent: object, title: str, prompt: str, initial: datetime, tz: object,
            minimum: datetime | None, presets: object = ()) -> datetime | None:  # fmt: skip
        assert tz is service.clock.tz
        asked.append((title, initial, minimum))
        return answer[0]

    agenda.ask_datetime = ask
    with qtbot.wait_signal(agenda.snooze_requested) as blocker:
        agenda.snooze_pick_action.trigger()
    assert blocker.args == [fid, at(TODAY, 17, 45)]
    assert asked[-1] == ("Snooze", at(TODAY, 11), service.now())

    answer[0] = at(TODAY + timedelta(days=5), 14)
    with qtbot.wait_signal(agenda.reschedule_requested) as blocker:
        agenda.reschedule_action.trigger()
    assert blocker.args == [fid, at(TODAY + timedelta(days=5), 14)]
    title, initial, minimum = asked[-1]
    assert title == "Reschedule"
    assert initial == at(TODAY + timedelta(days=3), 9)  # the current due time, still ahead
    assert minimum == service.now()

    answer[0] = None  # cancelled
    with qtbot.assert_not_emitted(agenda.snooze_requested):
        agenda.snooze_pick_action.trigger()
    with qtbot.assert_not_emitted(agenda.reschedule_requested):
        agenda.reschedule_action.trigger()


def test_actions_need_a_selected_follow_up(qtbot: QtBot, agenda: AgendaWidget) -> None:
    agenda.view.clearSelection()
    agenda.view.setCurrentIndex(agenda.model.index(int(Section.TODAY), 0))  # a section row
    assert agenda.selected_follow_up_id() is None
    for action in agenda.follow_up_actions:
        assert not action.isEnabled()
    with qtbot.assert_not_emitted(agenda.done_requested):
        agenda.done_action.trigger()
    first = agenda.model.index(0, 0, agenda.model.index(int(Section.OVERDUE), 0))
    agenda.view.setCurrentIndex(first)
    assert all(action.isEnabled() for action in agenda.follow_up_actions)


def test_shortcuts_work_when_the_view_has_focus(
    qtbot: QtBot, service: FollowUpService, ids: dict[str, tuple[int, int]]
) -> None:
    # A window with its own Ctrl+L, as the main window has: the focused agenda's wins.
    window = QMainWindow()
    qtbot.add_widget(window)
    window_log = QAction("Log touch", window)
    window_log.setShortcut(QKeySequence("Ctrl+L"))
    window.addAction(window_log)
    agenda = AgendaWidget(service)
    window.setCentralWidget(agenda)
    window.show()
    qtbot.wait_exposed(window)
    pid, fid = ids["tonight"]
    agenda.select_follow_up(fid)
    agenda.view.setFocus()

    with qtbot.wait_signal(agenda.done_requested) as blocker:
        qtbot.keyClick(agenda.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [fid]
    with (
        qtbot.assert_not_emitted(window_log.triggered),
        qtbot.wait_signal(agenda.log_requested) as blocker,
    ):
        qtbot.keyClick(agenda.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [pid, fid]
    with qtbot.wait_signal(agenda.open_requested) as blocker:
        qtbot.keyClick(agenda.view, Qt.Key.Key_Return)
    assert blocker.args == [pid]
    with qtbot.wait_signal(agenda.open_requested) as blocker:
        qtbot.keyClick(agenda.view, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert blocker.args == [pid]

    # Cursor keys step from follow-up to follow-up, over the section rows.
    qtbot.keyClick(agenda.view, Qt.Key.Key_Down)
    assert agenda.selected_follow_up_id() == ids["in 3 days"][1]
    qtbot.keyClick(agenda.view, Qt.Key.Key_Up)
    assert agenda.selected_follow_up_id() == fid
    qtbot.keyClick(agenda.view, Qt.Key.Key_Home)
    assert agenda.selected_follow_up_id() == ids["yesterday"][1]
    qtbot.keyClick(agenda.view, Qt.Key.Key_Up)
    assert agenda.selected_follow_up_id() == ids["yesterday"][1]
    qtbot.keyClick(agenda.view, Qt.Key.Key_Left)
    assert agenda.selected_follow_up_id() == ids["yesterday"][1]
    qtbot.keyClick(agenda.view, Qt.Key.Key_End)
    assert agenda.selected_follow_up_id() == ids["in 7 days"][1]


def test_double_click_opens_the_prospect(
    qtbot: QtBot, agenda: AgendaWidget, ids: dict[str, tuple[int, int]]
) -> None:
    pid, fid = ids["yesterday"]
    index = agenda.model.index_of(fid).siblingAtColumn(2)
    center = agenda.view.visualRect(index).center()
    viewport = agenda.view.viewport()
    with qtbot.wait_signal(agenda.open_requested) as blocker:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=center)
    assert blocker.args == [pid]
    section = agenda.view.visualRect(agenda.model.index(int(Section.TODAY), 0)).center()
    with qtbot.assert_not_emitted(agenda.open_requested):
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=section)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=section)


def test_refresh_keeps_the_selection_or_moves_to_the_next_follow_up(
    agenda: AgendaWidget, service: FollowUpService, ids: dict[str, tuple[int, int]]
) -> None:
    agenda.select_follow_up(ids["this afternoon"][1])
    agenda.refresh()
    assert agenda.selected_follow_up_id() == ids["this afternoon"][1]

    service.mark_done(ids["this afternoon"][1])  # leaves the agenda: its neighbour is next
    agenda.refresh()
    today = section_ids(agenda, Section.TODAY)
    assert ids["this afternoon"][1] not in today
    assert agenda.selected_follow_up_id() == today[0]
    assert agenda.select_follow_up(999_999) is False


def test_empty_state_says_what_to_do(qtbot: QtBot, service: FollowUpService) -> None:
    prospect = service.add_prospect("Only one, far ahead")
    assert prospect.id is not None
    service.reschedule(service.pending(prospect.id)[0].id or 0, at(TODAY + timedelta(days=30), 9))
    widget = AgendaWidget(service)
    qtbot.add_widget(widget)
    widget.show()
    assert widget.empty_label.isVisible()
    assert widget.empty_label.text() == EMPTY_TEXT
    assert "\n" not in EMPTY_TEXT
    assert widget.empty_label.textFormat() == Qt.TextFormat.PlainText
    assert not widget.view.isVisible()
    assert widget.attention_count() == 0
    assert widget.selected_follow_up_id() is None
    with qtbot.wait_signal(widget.no_next_step_requested):
        qtbot.mouseClick(widget.empty_button, Qt.MouseButton.LeftButton)

    place(service, "Due now", at(TODAY, 12))
    widget.refresh()
    assert widget.view.isVisible()
    assert not widget.empty_label.isVisible()
    assert widget.attention_count() == 1


# -- the date-time dialog ----------------------------------------------------------------------


def test_date_time_dialog_reads_wall_clock_time_in_the_users_zone(qtbot: QtBot) -> None:
    initial = at(TODAY + timedelta(days=1), 9)
    dialog = DateTimeDialog("Snooze", "Remind me again at:", initial, BERLIN, minimum=initial)
    qtbot.add_widget(dialog)
    assert dialog.value() == initial
    # 29 March 2027, 14:30 in Berlin is summer time (UTC+2): the zone's rules decide.
    dialog.edit.setDateTime(QDateTime(2027, 3, 29, 14, 30, 0, 0, QTimeZone.utc()))
    chosen = dialog.value()
    assert chosen == datetime(2027, 3, 29, 14, 30, tzinfo=BERLIN)
    assert chosen.utcoffset() == timedelta(hours=2)
    # Before the minimum is not allowed.
    dialog.edit.setDateTime(QDateTime(2026, 11, 20, 8, 0, 0, 0, QTimeZone.utc()))
    assert dialog.value() == initial


@pytest.mark.qt_log_ignore(  # the offscreen platform cannot raise or grab for a popup
    "This plugin does not support raise", "This plugin does not support grabbing"
)
def test_reschedule_of_an_overdue_follow_up_opens_ahead_with_presets_and_a_calendar(
    qtbot: QtBot, agenda: AgendaWidget, service: FollowUpService, ids: dict[str, tuple[int, int]]
) -> None:
    """Not on the old overdue date: the next working morning, in words, with presets."""
    _, fid = ids["yesterday"]
    agenda.select_follow_up(fid)
    seen: list[tuple[str, list[str], QDateTime]] = []
    popup_opened: list[bool] = []
    picked: list[datetime] = []

    def look_and_pick() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        try:
            edit = dialog.findChild(QDateTimeEdit)
            buttons = [
                b
                for b in dialog.findChildren(QPushButton)
                if b.text() not in ("&OK", "OK", "&Cancel", "Cancel")
            ]
            seen.append((edit.text(), [b.text() for b in buttons], edit.dateTime()))
            # Alt+Down opens the calendar.
            edit.setFocus()
            qtbot.keyClick(edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
            popup_opened.append(edit.calendarWidget().isVisible())
            edit.calendarWidget().window().close()
            # "Next week" sets the Monday at the follow-up time.
            next_week = next(b for b in buttons if b.text() == "Next week")
            qtbot.mouseClick(next_week, Qt.MouseButton.LeftButton)
            assert isinstance(dialog, DateTimeDialog)
            picked.append(dialog.value())
            dialog.accept()
        finally:
            if dialog.isVisible():
                dialog.reject()  # the test fails, it does not hang

    agenda.ask_datetime = ask_datetime
    rescheduled: list[tuple[int, datetime]] = []
    agenda.reschedule_requested.connect(lambda i, when: rescheduled.append((i, when)))
    QTimer.singleShot(200, look_and_pick)
    agenda.reschedule_action.trigger()
    text, presets, initial = seen[0]
    # Thursday morning (the edit holds the wall-clock time as UTC), not yesterday.
    assert initial == QDateTime(2026, 11, 26, 9, 0, 0, 0, QTimeZone.utc())
    assert text == "Thu 26 Nov 2026  09:00"
    assert presets == ["Tomorrow 9:00", "Next week", "In 2 weeks"]
    assert popup_opened == [True]
    assert picked == [at(date(2026, 11, 30), 9)]
    assert rescheduled == [(fid, at(date(2026, 11, 30), 9))]


def test_tomorrow_morning_is_nine_the_next_local_day() -> None:
    late = datetime(2026, 11, 25, 23, 30, tzinfo=BERLIN)
    assert tomorrow_morning(late, BERLIN) == at(TODAY + timedelta(days=1), 9)
    # Across the switch to summer time the wall clock still says 09:00.
    assert tomorrow_morning(datetime(2027, 3, 27, 22, 0, tzinfo=BERLIN), BERLIN) == datetime(
        2027, 3, 28, 9, 0, tzinfo=BERLIN
    )
    # An hour later is an hour of real time, even when the clocks change.
    before = datetime(2027, 3, 28, 1, 30, tzinfo=BERLIN)
    assert later(before, timedelta(hours=1)).timestamp() - before.timestamp() == 3600
    assert later(before, timedelta(hours=1)).hour == 3


@pytest.mark.qt_log_ignore(  # the offscreen platform cannot raise or grab for a popup
    "This plugin does not support raise", "This plugin does not support grabbing"
)
def test_context_menu_offers_the_actions_on_the_row_clicked(
    qtbot: QtBot, agenda: AgendaWidget, ids: dict[str, tuple[int, int]]
) -> None:
    index = agenda.model.index_of(ids["in 3 days"][1]).siblingAtColumn(3)
    pos = agenda.view.visualRect(index).center()
    seen: list[list[str]] = []

    def read_and_close_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.append([action.text() for action in menu.actions() if not action.isSeparator()])
        menu.close()

    QTimer.singleShot(0, read_and_close_menu)
    agenda.view.customContextMenuRequested.emit(pos)
    qtbot.wait_until(lambda: bool(seen))
    # An e-mail follow-up (the plan's first step) can also be drafted from here.
    assert seen == [
        ["&Open prospect", "&Log touch…", "Draft &e-mail…", "Mark &done", "&Snooze", "&Reschedule…"]
    ]
    assert agenda.selected_follow_up_id() == ids["in 3 days"][1]
    assert [a.text() for a in agenda.snooze_menu.actions()] == [
        "15 &minutes",
        "1 &hour",
        "&Tomorrow morning",
        "&Pick a time…",
    ]
    # No menu on a section row.
    section = agenda.view.visualRect(agenda.model.index(int(Section.TODAY), 0)).center()
    agenda.view.customContextMenuRequested.emit(section)
    assert QApplication.activePopupWidget() is None


def test_a_long_agenda_is_counted_and_read_a_page_at_a_time(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock, qtmodeltester: ModelTester
) -> None:
    from followup_desktop.ui.agenda import AgendaModel

    page = AgendaModel.PAGE_SIZE
    many = page + 25
    for i in range(many):
        p = service.add_prospect(f"Late {i:03d}")
        (due,) = service.pending(p.id or 0)
        service.reschedule(due.id or 0, clock.now() - timedelta(days=3, minutes=i))
    widget = AgendaWidget(service)
    qtbot.add_widget(widget)
    widget.show()
    model = widget.model
    overdue = model.section_index(Section.OVERDUE)
    assert model.total(Section.OVERDUE) == many
    assert model.index(int(Section.OVERDUE), 0).data() == f"Overdue ({many})"
    assert widget.attention_count() == many
    # One page is read, then a row that says what is left; the view reads no more.
    assert model.rowCount(overdue) == page + 1
    more = model.index(page, 0, overdue)
    assert more.data() == "Show 25 more of the 25 not shown (Enter)"
    assert model.item(more) is None
    qtmodeltester.check(model)
    # Enter on that row reads the rest in its place, the cursor on the first read.
    widget.view.setFocus()
    widget.view.setCurrentIndex(more)
    qtbot.keyClick(widget.view, Qt.Key.Key_Return)
    assert model.rowCount(overdue) == many
    assert not model.has_more(Section.OVERDUE)
    assert widget.selected_item() is not None
    assert widget.selected_item().prospect_name == f"Late {many - 1 - page:03d}"
    names = [item.prospect_name for item in model.items(Section.OVERDUE)]
    assert names[0] == f"Late {many - 1:03d}"  # the longest overdue first
    assert names[-1] == "Late 000"
    qtmodeltester.check(model)


def test_a_snoozed_row_is_marked_in_words_and_for_screen_readers(
    qtbot: QtBot, service: FollowUpService
) -> None:
    _, fid = place(service, "Ana García", at(TODAY, 9))
    _, other = place(service, "Bo Berg", at(TODAY, 15))
    service.snooze(fid, at(TODAY, 16))
    widget = AgendaWidget(service)
    qtbot.add_widget(widget)
    today = widget.model.index(int(Section.TODAY), 0)
    assert section_ids(widget, Section.TODAY) == [other, fid]
    snoozed = widget.model.index(1, 0, today)
    assert snoozed.data() == "snoozed until 16:00"
    spoken = snoozed.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == f"Snoozed until {relative_when(at(TODAY, 16), service.now())}"
    plain = widget.model.index(0, 0, today)
    assert plain.data() == relative_when(at(TODAY, 15), service.now())
    assert "nooze" not in str(plain.data(Qt.ItemDataRole.AccessibleTextRole))


def test_snoozing_moves_to_the_next_row_and_keeps_the_scroll(
    qtbot: QtBot, window: object, service: FollowUpService
) -> None:
    from followup_desktop.ui.mainwindow import MainWindow

    assert isinstance(window, MainWindow)
    yesterday = TODAY - timedelta(days=1)
    fids = [place(service, f"Prospect {n:02}", at(yesterday, 8) + timedelta(minutes=10 * n))[1]
            for n in range(60)]  # fmt: skip
    window.refresh()
    window.show_destination(AGENDA)
    window.resize(1000, 500)
    qtbot.wait(20)
    agenda = window.agenda
    overdue = section_ids(agenda, Section.OVERDUE)
    chosen = overdue.index(fids[30])
    assert agenda.select_follow_up(fids[30])
    bar = agenda.view.verticalScrollBar()
    assert bar.maximum() > 0
    scrolled = bar.value()
    assert scrolled > 0
    agenda.snooze_15_action.trigger()
    assert fids[30] not in section_ids(agenda, Section.OVERDUE)
    assert fids[30] in section_ids(agenda, Section.TODAY)
    assert agenda.selected_follow_up_id() == overdue[chosen + 1]
    assert bar.value() == scrolled
