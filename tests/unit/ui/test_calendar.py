"""The follow-up calendar and the day agenda against a real database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QLocale, QModelIndex, QPoint, Qt, QTime
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QCalendarWidget, QTableView, QToolTip
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel
from followup_desktop.services import FollowUpService
from followup_desktop.ui.agenda import PROSPECT_ID_ROLE, overdue_color
from followup_desktop.ui.calendar import (
    DAY_EMPTY_TEXT,
    DayAgendaWidget,
    FollowUpCalendarWidget,
)
from followup_desktop.ui.format import qdate
from tests.helpers.qt import settle

BERLIN = ZoneInfo("Europe/Berlin")
HTML_NAME = "<b>Bold</b> & <img src=x>"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def place(
    service: FollowUpService,
    name: str,
    when: datetime,
    *,
    company: str = "",
    channel: Channel | None = None,
    purpose: str | None = None,
) -> tuple[int, int]:
    """A prospect whose first follow-up is moved to ``when``: (prospect id, follow-up id)."""
    prospect = service.add_prospect(name, company=company)
    assert prospect.id is not None
    follow_up = service.pending(prospect.id)[0]
    assert follow_up.id is not None
    service.reschedule(follow_up.id, when)
    if channel is not None or purpose is not None:
        changed = service.store.get_follow_up(follow_up.id)
        assert changed is not None
        service.restore_follow_up(
            replace(
                changed,
                channel=channel or changed.channel,
                purpose=changed.purpose if purpose is None else purpose,
            )
        )
    return prospect.id, follow_up.id


def short_time(hour: int, minute: int = 0) -> str:
    return str(QLocale().toString(QTime(hour, minute), QLocale.FormatType.ShortFormat))


@pytest.fixture
def calendar(qtbot: QtBot, service: FollowUpService) -> FollowUpCalendarWidget:
    widget = FollowUpCalendarWidget(service)
    qtbot.add_widget(widget)
    widget.resize(340, 260)
    widget.show()
    qtbot.wait_exposed(widget)
    settle(qtbot, widget)
    return widget


NOV = {d: date(2026, 11, d) for d in range(1, 31)}


def test_counts_per_day_and_overdue_days(qtbot: QtBot, service: FollowUpService) -> None:
    place(service, "Ana García", at(NOV[23], 9))
    place(service, "Bo Lindqvist", at(NOV[23], 14))
    place(service, "Chloé Martin", at(NOV[25], 15))
    for name in ("Dana", "Eli", "Farid"):
        place(service, name, at(NOV[28], 11))
    place(service, "Greta", at(date(2026, 12, 2), 9))  # shown in November's last row
    skipped, _ = place(service, "Hugo", at(NOV[27], 9))
    service.store.skip_pending(skipped)

    widget = FollowUpCalendarWidget(service)
    qtbot.add_widget(widget)

    assert widget.firstDayOfWeek() == Qt.DayOfWeek.Monday
    assert (widget.yearShown(), widget.monthShown()) == (2026, 11)
    assert widget.shown_range() == (date(2026, 10, 26), date(2026, 12, 6))
    settle(qtbot, widget)
    assert widget.count_on(NOV[23]) == 2
    assert widget.count_on(NOV[25]) == 1
    assert widget.count_on(NOV[27]) == 0
    assert widget.count_on(NOV[28]) == 3
    assert widget.count_on(date(2026, 12, 2)) == 1
    assert widget.count_on(NOV[24]) == 0
    assert widget.is_overdue_day(NOV[23])
    assert not widget.is_overdue_day(NOV[24])  # nothing pending
    assert not widget.is_overdue_day(NOV[25])  # today
    assert not widget.is_overdue_day(NOV[28])
    assert widget.today() == NOV[25]


def test_overdue_days_are_painted_red_and_counts_drawn(
    qtbot: QtBot, calendar: FollowUpCalendarWidget, service: FollowUpService
) -> None:
    for hour in (9, 10, 11):
        place(service, f"P{hour}", at(NOV[17], hour))
    place(service, "Later", at(NOV[26], 9))  # a day to come, for contrast
    # Nov 17 (Tue) is overdue; the calendar was built before the data: refresh re-reads.
    calendar.refresh()
    settle(qtbot, calendar)
    assert calendar.is_overdue_day(NOV[17])

    image = calendar.grab().toImage()
    viewport = calendar.grid_viewport()

    def pixel(day: date, at_point: QPoint) -> tuple[int, int, int]:
        rect = calendar.cell_rect(day)
        point = viewport.mapTo(calendar, rect.topLeft() + at_point)
        color = image.pixelColor(point)
        return color.red(), color.green(), color.blue()

    # The bottom-left corner of the cell: away from the number and the badge.
    red, green, blue = pixel(NOV[17], QPoint(3, calendar.cell_rect(NOV[17]).height() - 3))
    assert red > green + 10
    assert red > blue + 10
    plain = pixel(NOV[18], QPoint(3, calendar.cell_rect(NOV[18]).height() - 3))
    assert plain[0] == plain[1] == plain[2]  # no tint on a day without follow-ups

    # The badge of an overdue day is the overdue red; a future day's is not.
    def badge_colours(day: date) -> set[tuple[int, int, int]]:
        rect = calendar.cell_rect(day)
        return {
            pixel(day, QPoint(rect.width() - dx, dy)) for dx in range(3, 12) for dy in range(3, 9)
        }

    expected = overdue_color()
    assert (expected.red(), expected.green(), expected.blue()) in badge_colours(NOV[17])
    assert (expected.red(), expected.green(), expected.blue()) not in badge_colours(NOV[26])


def test_changing_month_reloads_counts(
    qtbot: QtBot, calendar: FollowUpCalendarWidget, service: FollowUpService
) -> None:
    january = date(2027, 1, 12)
    place(service, "Ines", at(january, 10))
    assert calendar.count_on(january) == 0  # January is not shown yet

    with calendar_page_changed(calendar):
        calendar.setCurrentPage(2027, 1)
    settle(qtbot, calendar)
    assert calendar.count_on(january) == 1
    assert not calendar.is_overdue_day(january)
    assert calendar.shown_range() == (date(2026, 12, 28), date(2027, 2, 7))

    place(service, "Jon", at(january, 15))
    calendar.refresh()
    settle(qtbot, calendar)
    assert calendar.count_on(january) == 2

    calendar.showNextMonth()
    settle(qtbot, calendar)
    assert (calendar.yearShown(), calendar.monthShown()) == (2027, 2)
    assert calendar.count_on(january) == 0  # no longer shown


class calendar_page_changed:
    """Asserts the page changed inside the block (the signal the counts reload on)."""

    def __init__(self, widget: QCalendarWidget) -> None:
        self._widget = widget
        self._pages: list[tuple[int, int]] = []

    def __enter__(self) -> None:
        self._widget.currentPageChanged.connect(self._record)

    def __exit__(self, *exc: object) -> None:
        self._widget.currentPageChanged.disconnect(self._record)
        assert self._pages

    def _record(self, year: int, month: int) -> None:
        self._pages.append((year, month))


@pytest.mark.parametrize(("year", "month"), [(2026, 11), (2027, 2), (2026, 3), (2027, 8)])
def test_grid_positions_map_to_the_days_qt_shows(
    calendar: FollowUpCalendarWidget, year: int, month: int
) -> None:
    """date_at and cell_rect agree with the day numbers in QCalendarWidget's own grid."""
    calendar.setCurrentPage(year, month)
    grid = calendar.findChild(QTableView)
    assert grid is not None
    model = grid.model()
    first, last = calendar.shown_range()
    seen = []
    for row in range(1, model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            day = calendar.date_at(grid.visualRect(index).center())
            assert day is not None
            assert day.day == int(index.data())
            assert calendar.cell_rect(day) == grid.visualRect(index)
            seen.append(day)
    assert seen[0] == first
    assert seen[-1] == last
    assert date(year, month, 1) in seen
    # The header row (day names) is not a day.
    assert calendar.date_at(grid.visualRect(model.index(0, 3)).center()) is None


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltips
def test_tooltip_lists_the_days_follow_ups_as_plain_text(
    calendar: FollowUpCalendarWidget, service: FollowUpService
) -> None:
    day = NOV[26]
    place(
        service,
        "Ana García",
        at(day, 9),
        channel=Channel.CALL,
        purpose="Follow up on your answer",
    )
    place(service, HTML_NAME, at(day, 14, 30), channel=Channel.EMAIL, purpose="Send <the> deck")
    place(service, "Elsewhere", at(NOV[27], 9))
    calendar.refresh()

    text = calendar.tooltip_text(day)
    lines = text.split("\n")
    assert lines[0] == QLocale().toString(qdate(day), "dddd d MMMM")
    assert lines[1:] == [
        f"{short_time(9)} Call — Ana García: Follow up on your answer",
        f"{short_time(14, 30)} E-mail — {HTML_NAME}: Send <the> deck",
    ]
    assert calendar.tooltip_text(NOV[24]) == ""

    # What the tooltip renders reads exactly as the plain text.
    markup = calendar.tooltip_html(day)
    assert "<b>Bold" not in markup
    document = QTextDocument()
    document.setHtml(markup)
    assert document.toPlainText() == text

    # Hovering the day shows it.
    viewport = calendar.grid_viewport()
    center = calendar.cell_rect(day).center()
    event = QHelpEvent(QEvent.Type.ToolTip, center, viewport.mapToGlobal(center))
    assert calendar.eventFilter(viewport, event)
    assert QToolTip.isVisible()
    assert QToolTip.text() == markup
    QToolTip.hideText()


def test_tooltip_of_an_overdue_day_says_so_and_stays_short(
    calendar: FollowUpCalendarWidget, service: FollowUpService
) -> None:
    for minute in range(20):
        place(service, f"Prospect {minute}", at(NOV[20], 9, minute))
    lines = calendar.tooltip_text(NOV[20]).split("\n")
    assert lines[0].endswith("— overdue")
    assert len(lines) == 1 + 15 + 1
    assert lines[-1] == "… and 5 more"


def test_picking_a_day_emits_it(qtbot: QtBot, calendar: FollowUpCalendarWidget) -> None:
    viewport = calendar.grid_viewport()
    with qtbot.wait_signal(calendar.day_selected) as blocker:
        qtbot.mouseClick(
            viewport, Qt.MouseButton.LeftButton, pos=calendar.cell_rect(NOV[27]).center()
        )
    assert blocker.args == [NOV[27]]
    with qtbot.assert_not_emitted(calendar.day_selected):
        calendar.showNextMonth()  # turning the page picks no day
    with qtbot.wait_signal(calendar.day_selected) as blocker:
        calendar.select_day(date(2026, 12, 3))
    assert blocker.args == [date(2026, 12, 3)]


# -- the day agenda ------------------------------------------------------------------------


def test_day_agenda_lists_the_days_follow_ups(
    qtbot: QtBot, qtmodeltester: object, service: FollowUpService
) -> None:
    day = NOV[26]
    late_pid, _ = place(service, "Bo Lindqvist", at(day, 14), channel=Channel.EMAIL, purpose="")
    early_pid, _ = place(
        service, "Ana García", at(day, 9), channel=Channel.CALL, purpose="Follow up on your answer"
    )
    place(service, HTML_NAME, at(day, 16), channel=Channel.TEXT, purpose="Hi")
    place(service, "Not that day", at(NOV[27], 9))

    widget = DayAgendaWidget(service)
    qtbot.add_widget(widget)
    widget.show()
    assert widget.day() == NOV[25]
    widget.set_day(day)
    settle(qtbot, widget)

    assert widget.heading.text() == QLocale().toString(qdate(day), "dddd d MMMM")
    assert widget.heading.textFormat() == Qt.TextFormat.PlainText
    model = widget.model
    rows = [model.index(r).data() for r in range(model.rowCount())]
    assert rows == [
        f"{short_time(9)}  Call  Ana García — Follow up on your answer",
        f"{short_time(14)}  E-mail  Bo Lindqvist",
        f"{short_time(16)}  Text  {HTML_NAME} — Hi",
    ]
    assert [model.index(r).data(PROSPECT_ID_ROLE) for r in range(2)] == [early_pid, late_pid]
    assert widget.view.isVisible()
    assert not widget.empty_label.isVisible()
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_day_agenda_marks_overdue_items_and_shows_an_empty_state(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock
) -> None:
    place(service, "Earlier today", at(NOV[25], 8))
    place(service, "Later today", at(NOV[25], 16))
    widget = DayAgendaWidget(service)
    qtbot.add_widget(widget)
    widget.show()
    settle(qtbot, widget)
    model = widget.model
    assert model.index(0).data(Qt.ItemDataRole.ForegroundRole) == overdue_color()
    assert model.index(1).data(Qt.ItemDataRole.ForegroundRole) is None

    widget.set_day(NOV[30])
    settle(qtbot, widget)
    assert model.rowCount() == 0
    assert widget.empty_label.isVisible()
    assert widget.empty_label.text() == DAY_EMPTY_TEXT
    assert not widget.view.isVisible()
    assert widget.heading.text() == QLocale().toString(qdate(NOV[30]), "dddd d MMMM")

    widget.set_day(date(2027, 1, 4))
    settle(qtbot, widget)
    assert widget.heading.text().endswith("2027")


def test_day_agenda_opens_a_prospect_on_enter_and_double_click(
    qtbot: QtBot, service: FollowUpService
) -> None:
    pid, _ = place(service, "Ana García", at(NOV[26], 9))
    widget = DayAgendaWidget(service)
    qtbot.add_widget(widget)
    widget.set_day(NOV[26])
    settle(qtbot, widget)
    widget.show()
    qtbot.wait_exposed(widget)
    index = widget.model.index(0)
    widget.view.setCurrentIndex(index)
    widget.view.setFocus()
    with qtbot.wait_signal(widget.prospect_activated) as blocker:
        qtbot.keyClick(widget.view, Qt.Key.Key_Return)
    assert blocker.args == [pid]
    center = widget.view.visualRect(index).center()
    with qtbot.wait_signal(widget.prospect_activated) as blocker:
        # A double-click is a press, a release, then the double-click event.
        qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert blocker.args == [pid]


def test_calendar_and_day_agenda_follow_new_data(
    qtbot: QtBot, calendar: FollowUpCalendarWidget, service: FollowUpService
) -> None:
    day_agenda = DayAgendaWidget(service)
    qtbot.add_widget(day_agenda)
    calendar.day_selected.connect(day_agenda.set_day)
    calendar.select_day(NOV[27])
    assert day_agenda.day() == NOV[27]
    assert day_agenda.model.rowCount() == 0

    place(service, "Ana García", at(NOV[27], 10))
    calendar.refresh()
    day_agenda.refresh()
    settle(qtbot, day_agenda)
    settle(qtbot, calendar)
    assert calendar.count_on(NOV[27]) == 1
    assert day_agenda.model.rowCount() == 1
    assert calendar.count_on(NOV[27]) == service.due_counts_by_day(NOV[27], NOV[27])[NOV[27]]


def test_a_long_day_is_read_a_page_at_a_time(qtbot: QtBot, service: FollowUpService) -> None:
    from followup_desktop.ui.calendar import DayAgendaModel, DayAgendaWidget

    day = service.now().date() + timedelta(days=2)
    for i in range(DayAgendaModel.PAGE_SIZE + 30):
        p = service.add_prospect(f"Prospect {i:03d}")
        (due,) = service.pending(p.id or 0)
        when = service.now().replace(hour=8) + timedelta(days=2, minutes=i)
        service.reschedule(due.id or 0, when)
    widget = DayAgendaWidget(service)
    qtbot.add_widget(widget)
    widget.set_day(day)
    settle(qtbot, widget)
    model = widget.model
    assert model.total() == DayAgendaModel.PAGE_SIZE + 30
    assert model.rowCount() == DayAgendaModel.PAGE_SIZE  # one page read so far
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == DayAgendaModel.PAGE_SIZE + 30
    assert not model.canFetchMore(QModelIndex())
    names = [str(model.index(r).data()) for r in range(model.rowCount())]
    assert "Prospect 000" in names[0]
    assert "Prospect 129" in names[-1]


def test_the_month_arrows_have_words_for_a_screen_reader(
    calendar: FollowUpCalendarWidget,
) -> None:
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QWidget

    names = {}
    for name in ("qt_calendar_prevmonth", "qt_calendar_nextmonth"):
        button = calendar.findChild(QWidget, name)
        assert button is not None
        face = QAccessible.queryAccessibleInterface(button)
        names[name] = face.text(QAccessible.Text.Name)
    assert names == {
        "qt_calendar_prevmonth": "Previous month",
        "qt_calendar_nextmonth": "Next month",
    }
