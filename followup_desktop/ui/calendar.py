"""The calendar of follow-ups and the agenda of the day picked in it.

``FollowUpCalendarWidget`` paints how many follow-ups are due on each day it
shows (days gone by with follow-ups still pending in red) and lists a day's
follow-ups in its tooltip. ``DayAgendaWidget`` lists the picked day's
follow-ups below it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QLabel,
    QListView,
    QStackedWidget,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.rules import is_overdue
from followup_desktop.i18n import N_, _, ngettext
from followup_desktop.services import DueItem, FollowUpService
from followup_desktop.ui.agenda import (
    FOLLOW_UP_ID_ROLE,
    PROSPECT_ID_ROLE,
    FocusedShortcuts,
    channel_icon,
    clock_time_text,
    overdue_color,
)
from followup_desktop.ui.background import BackgroundReads
from followup_desktop.ui.format import (
    CHANNEL_LABELS,
    absolute_when,
    day_month_name_pattern,
    locale_date,
    long_day_pattern,
    long_day_year_pattern,
    number_text,
    qdate,
)
from followup_desktop.ui.models import PagedRows, leaf_flags
from followup_desktop.ui.palette import over, readable_ink

DAY_EMPTY_TEXT = N_("Nothing planned for this day.")

# Days a month page shows: six weeks, whatever the month.
_SHOWN_DAYS = 42
_TOOLTIP_MAX_ITEMS = 15

_ModelIndex = QModelIndex | QPersistentModelIndex


def _python_date(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def day_heading(day: date, today: date) -> str:
    """A day in words, with the year only when it is not this year ("Thursday 26 November")."""
    fmt = long_day_pattern() if day.year == today.year else long_day_year_pattern()
    return locale_date(day, fmt)


def follow_up_line(due: DueItem, tz: tzinfo) -> str:
    """One follow-up on one line: "09:00 Call — Ana García: Follow up on your answer"."""
    follow_up = due.follow_up
    line = _("{time} {channel} — {name}").format(
        time=clock_time_text(follow_up.due_at, tz),
        channel=CHANNEL_LABELS[follow_up.channel],
        name=due.prospect_name,
    )
    return f"{line}: {follow_up.purpose}" if follow_up.purpose else line


def plain_text_tooltip(text: str) -> str:
    """``text`` as tooltip markup that shows it literally, line breaks kept.

    QToolTip renders anything Qt guesses to be rich text as HTML, so stored
    text (a name like ``<b>Bold</b>``) is escaped and put in a pre block.
    """
    return f"<p style='white-space:pre'>{html.escape(text)}</p>"


class FollowUpCalendarWidget(QCalendarWidget):
    """A month calendar whose days show how many follow-ups are due on them.

    Counts are read for the days the page shows (the month and its spill-over
    weeks) when the page changes and on ``refresh()``.
    """

    day_selected = Signal(object)  # datetime.date
    counts_shown = Signal()  # the counts of the page shown are current

    def __init__(self, service: FollowUpService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._today = service.now().date()
        self._counts: dict[date, int] = {}
        self._late_today = 0
        self._painted_today: date | None = None  # the day "today" was painted as
        self._reads = BackgroundReads(self)
        self.setAccessibleName(_("Calendar of follow-ups"))
        # Qt's own month arrows show only an arrow: a screen reader needs their words.
        for name, words in (
            ("qt_calendar_prevmonth", _("Previous month")),
            ("qt_calendar_nextmonth", _("Next month")),
            ("qt_calendar_monthbutton", _("Choose the month")),
            ("qt_calendar_yearbutton", _("Choose the year")),
        ):
            button = self.findChild(QWidget, name)
            if button is not None:
                button.setAccessibleName(words)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        # Qt paints weekends red by default; here red means overdue.
        for weekend in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekend, QTextCharFormat())
        self.setSelectedDate(qdate(self._today))
        self._selected = self._today
        # QCalendarWidget has no dateAt(): the grid of days is its internal table view.
        view = self.findChild(QTableView)
        assert view is not None
        self._grid: QTableView = view
        self._grid.viewport().installEventFilter(self)
        self.setMinimumSize(280, 220)
        self.currentPageChanged.connect(self._on_current_page_changed)
        self.selectionChanged.connect(self._on_selection_changed)
        self.refresh()

    # -- public API ----------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the counts of the page shown (and what day today is), off the
        GUI thread: counted over a hundred thousand follow-ups they take a while."""
        self._today = today = self._service.now().date()  # open past midnight
        first, last = self.shown_range()
        service = self._service

        def read() -> tuple[dict[date, int], int]:
            return service.due_counts_by_day(first, last), service.count_overdue_on(today)

        self._reads.submit("counts", read, self._show_counts)

    def counts_pending(self) -> bool:
        """Whether the counts of the page shown are still being read."""
        return self._reads.pending()

    def _show_counts(self, counted: tuple[dict[date, int], int]) -> None:
        changed = counted != (self._counts, self._late_today) or self._painted_today != self._today
        self._counts, self._late_today = counted
        if changed:  # most touches change no day's count: nothing to repaint then
            self._painted_today = self._today
            self._update_text_formats()
            self._describe_selected_day(announce=False)
            self._grid.viewport().update()
        self.counts_shown.emit()

    def count_on(self, day: date) -> int:
        """How many follow-ups the widget paints on ``day`` (0 for days not shown)."""
        first, last = self.shown_range()
        return self._counts.get(day, 0) if first <= day <= last else 0

    def is_overdue_day(self, day: date) -> bool:
        """A day gone by with follow-ups still pending: painted red."""
        return day < self._today and self.count_on(day) > 0

    def today(self) -> date:
        return self._today

    def day_text(self, day: date) -> str:
        """What the day's cell shows, in words for a screen reader:
        "25 November, today: 12 due, 1 of them overdue"."""
        name = locale_date(day, day_month_name_pattern())
        if day == self._today:
            name = _("{day}, today").format(day=name)
        first, last = self.shown_range()
        total = self.count_on(day) if first <= day <= last else self._service.count_due_on(day)
        n = number_text(total)
        if not total:
            return _("{day}: nothing due").format(day=name)
        if day < self._today:
            return ngettext("{day}: {n} overdue", "{day}: {n} overdue", total).format(day=name, n=n)
        if day == self._today:
            late = self._late_today  # counted with the page: a day may hold thousands
            if late:
                return ngettext(
                    "{day}: {n} due, {late} of them overdue",
                    "{day}: {n} due, {late} of them overdue",
                    total,
                ).format(day=name, n=n, late=number_text(late))
        return ngettext("{day}: {n} due", "{day}: {n} due", total).format(day=name, n=n)

    def select_day(self, day: date) -> None:
        """Select ``day`` and show its month (emits ``day_selected`` when it changes)."""
        self.setSelectedDate(qdate(day))

    def shown_range(self) -> tuple[date, date]:
        """The first and last day the current page shows."""
        first = self._first_shown_day()
        return first, first + timedelta(days=_SHOWN_DAYS - 1)

    def date_at(self, pos: QPoint) -> date | None:
        """The day under ``pos`` in the grid's viewport coordinates."""
        index = self._grid.indexAt(pos)
        if not index.isValid():
            return None
        row, column = index.row() - self._first_row(), index.column() - self._first_column()
        if row < 0 or column < 0:
            return None
        return self._first_shown_day() + timedelta(days=row * 7 + column)

    def cell_rect(self, day: date) -> QRect:
        """Where ``day`` is in the grid's viewport; empty when the page does not show it."""
        offset = (day - self._first_shown_day()).days
        if not 0 <= offset < _SHOWN_DAYS:
            return QRect()
        model = self._grid.model()
        index = model.index(self._first_row() + offset // 7, self._first_column() + offset % 7)
        return self._grid.visualRect(index)

    def grid_viewport(self) -> QWidget:
        """The widget that shows the days (where the mouse hovers for a tooltip)."""
        return self._grid.viewport()

    def tooltip_text(self, day: date) -> str:
        """The day's follow-ups, one a line, as plain text; empty when there are none."""
        total = self._service.count_due_on(day)
        if not total:
            return ""
        items = self._service.due_on(day, _TOOLTIP_MAX_ITEMS)
        heading = day_heading(day, self._today)
        if day < self._today:
            heading = _("{day} — overdue").format(day=heading)
        tz = self._service.clock.tz
        lines = [heading, *(follow_up_line(due, tz) for due in items)]
        if total > _TOOLTIP_MAX_ITEMS:
            more = total - _TOOLTIP_MAX_ITEMS
            lines.append(ngettext("… and {n} more", "… and {n} more", more).format(n=more))
        return "\n".join(lines)

    def tooltip_html(self, day: date) -> str:
        """What the tooltip shows: ``tooltip_text`` escaped so that it reads literally."""
        text = self.tooltip_text(day)
        return plain_text_tooltip(text) if text else ""

    # -- painting ------------------------------------------------------------
    def paintCell(self, painter: QPainter, rect: QRect, qt_date: QDate) -> None:
        day = _python_date(qt_date)
        count = self.count_on(day)
        is_today = day == self._today
        badge = self._badge_rect(rect, count) if count else None
        overlap = self._number_overlap(rect, day, badge) if badge is not None else 0
        if overlap > 0:
            # A narrow cell: move the day's number left, clear of the badge.
            painter.save()
            painter.setClipRect(rect)
            if day == _python_date(self.selectedDate()):
                painter.fillRect(rect, self._grid.palette().brush(QPalette.ColorRole.Highlight))
            super().paintCell(painter, rect.translated(-overlap, 0), qt_date)
            painter.restore()
        else:
            super().paintCell(painter, rect, qt_date)
        if badge is None and not is_today:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        overdue = self.is_overdue_day(day)
        red = overdue_color()
        if overdue:
            tint = QColor(red)
            tint.setAlpha(40)
            painter.fillRect(rect, tint)
        if is_today:
            pen = painter.pen()
            pen.setColor(self.palette().color(QPalette.ColorRole.Highlight))
            pen.setWidthF(2.0)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(1.5, 1.5, -1.5, -1.5), 3, 3)
        if badge is not None:
            self._paint_count(painter, badge, count, day)
        painter.restore()

    def _badge_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.72))
        font.setBold(True)
        return font

    @staticmethod
    def _badge_text(count: int) -> str:
        return str(count) if count < 100 else "99+"

    def _badge_rect(self, rect: QRect, count: int) -> QRectF:
        """Where the count goes: a small badge in the cell's top-right corner."""
        metrics = QFontMetrics(self._badge_font())
        # Tight to the digits, so that it keeps clear of the day's number.
        height = metrics.tightBoundingRect("0").height() + 5
        width = max(height, metrics.horizontalAdvance(self._badge_text(count)) + 5)
        return QRectF(rect.right() - width, rect.top() + 1, width, height)

    def _number_overlap(self, rect: QRect, day: date, badge: QRectF) -> int:
        """How far the day's number, centred in the cell, would run under the badge."""
        font = QFont(self.font())
        font.setBold(True)
        number = QFontMetrics(font).tightBoundingRect(str(day.day))
        if rect.center().y() - number.height() / 2 >= badge.bottom():
            return 0
        number_right = rect.center().x() + number.width() / 2 + 3
        room_left = rect.center().x() - number.width() / 2 - rect.left()
        return max(0, min(int(number_right - badge.left()) + 1, int(room_left)))

    def badge_colours(self, day: date) -> tuple[QColor, QColor]:
        """The count badge's fill and the colour of its digits on ``day``: red when
        overdue, the highlight otherwise, and digits that read on the fill in a
        light or a dark palette."""
        palette = self._grid.palette()
        accent = overdue_color() if self.is_overdue_day(day) else None
        if accent is None:
            accent = palette.color(QPalette.ColorRole.Highlight)
        light = palette.color(QPalette.ColorRole.HighlightedText)
        # On the selected day's highlight the badge turns inside out to stay visible.
        selected = day == _python_date(self.selectedDate())
        fill, ink = (light, accent) if selected else (accent, light)
        if day.month != self.monthShown():
            # Other months' days are dimmed: the badge too, over the cell's colour.
            fill.setAlphaF(0.55)
            fill = over(fill, palette.color(QPalette.ColorRole.Base))
        return fill, readable_ink(fill, ink)

    def _paint_count(self, painter: QPainter, badge: QRectF, count: int, day: date) -> None:
        fill, ink = self.badge_colours(day)
        painter.setFont(self._badge_font())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        radius = badge.height() / 2
        painter.drawRoundedRect(badge, radius, radius)
        painter.setPen(ink)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self._badge_text(count))

    def _update_text_formats(self) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())  # a null date clears them all
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        self.setDateTextFormat(qdate(self._today), bold)

    # -- tooltips ------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(event, QHelpEvent)
            and event.type() == QEvent.Type.ToolTip
            and watched is self._grid.viewport()
        ):
            self._show_tooltip(event)
            return True
        return super().eventFilter(watched, event)

    def _show_tooltip(self, event: QHelpEvent) -> None:
        day = self.date_at(event.pos())
        markup = self.tooltip_html(day) if day is not None else ""
        if not markup or day is None:
            QToolTip.hideText()
            event.ignore()
            return
        viewport = self._grid.viewport()
        QToolTip.showText(event.globalPos(), markup, viewport, self.cell_rect(day))

    # -- the grid ------------------------------------------------------------
    def _first_row(self) -> int:
        no_header = QCalendarWidget.HorizontalHeaderFormat.NoHorizontalHeader
        return 0 if self.horizontalHeaderFormat() == no_header else 1

    def _first_column(self) -> int:
        no_header = QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader
        return 0 if self.verticalHeaderFormat() == no_header else 1

    def _first_shown_day(self) -> date:
        """The day in the grid's top-left cell.

        Qt shows some days of the previous month (a whole week when the month
        starts on the first day of the week); the cell's day number says which.
        """
        model = self._grid.model()
        number = int(model.index(self._first_row(), self._first_column()).data())
        first_of_month = date(self.yearShown(), self.monthShown(), 1)
        if number == 1:
            return first_of_month
        return (first_of_month - timedelta(days=1)).replace(day=number)

    # -- slots -----------------------------------------------------------------
    def _on_current_page_changed(self, year: int, month: int) -> None:
        self.refresh()

    def _on_selection_changed(self) -> None:
        day = _python_date(self.selectedDate())
        if day != self._selected:
            self._selected = day
            self._describe_selected_day(announce=True)
            self.day_selected.emit(day)

    def _describe_selected_day(self, *, announce: bool) -> None:
        """The painted badges in words: Qt's calendar cells say only the day's number,
        so the chosen day's counts are the grid's description, and are announced
        when the user moves to another day."""
        text = self.day_text(_python_date(self.selectedDate()))
        self.setAccessibleDescription(text)
        self._grid.setAccessibleDescription(text)
        if announce and QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self._grid, text))


class DayAgendaModel(QAbstractListModel):
    """One day's follow-ups, one a row ("09:00  Call  Ana García — Follow up …")."""

    PAGE_SIZE = 100

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paged: PagedRows[DueItem] = PagedRows(self.PAGE_SIZE)
        self._now: datetime | None = None
        self._tz: tzinfo = UTC

    def set_items(self, items: list[DueItem], now: datetime, tz: tzinfo) -> None:
        self.beginResetModel()
        self._paged.set_all(items)
        self._now = now
        self._tz = tz
        self.endResetModel()

    def set_source(
        self, fetch: Callable[[int, int], list[DueItem]], total: int, now: datetime, tz: tzinfo
    ) -> None:
        """Show ``total`` follow-ups read a page at a time: ``fetch(limit, offset)``."""
        self.beginResetModel()
        self._paged.set_source(total, fetch)
        self._now = now
        self._tz = tz
        self.endResetModel()

    def set_first_page(
        self,
        fetch: Callable[[int, int], list[DueItem]],
        total: int,
        rows: list[DueItem],
        now: datetime,
        tz: tzinfo,
    ) -> None:
        """Show ``total`` follow-ups whose first ``rows`` were read already."""
        self.beginResetModel()
        self._paged.set_first_page(total, rows, fetch)
        self._now = now
        self._tz = tz
        self.endResetModel()

    def total(self) -> int:
        return self._paged.total

    def canFetchMore(self, parent: _ModelIndex) -> bool:
        return not parent.isValid() and self._paged.can_fetch_more()

    def fetchMore(self, parent: _ModelIndex) -> None:
        if not parent.isValid():
            self._paged.fetch_into(self)

    def item(self, index: _ModelIndex) -> DueItem | None:
        if not index.isValid() or index.parent().isValid():
            return None
        rows = self._paged.rows
        return rows[index.row()] if 0 <= index.row() < len(rows) else None

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._paged.rows)

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        return leaf_flags(index)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        due = self.item(index)
        if due is None:
            return None
        follow_up = due.follow_up
        if role == Qt.ItemDataRole.DisplayRole:
            text = (
                f"{clock_time_text(follow_up.due_at, self._tz)}  "
                f"{CHANNEL_LABELS[follow_up.channel]}  {due.prospect_name}"
            )  # times, channels and names: the same in every language
            return f"{text} — {follow_up.purpose}" if follow_up.purpose else text
        if role == Qt.ItemDataRole.ToolTipRole:
            # Stored text goes only in the display role; a tooltip would read it as HTML.
            return _("Due {when}").format(when=absolute_when(follow_up.due_at))
        if role == Qt.ItemDataRole.DecorationRole:
            return channel_icon(follow_up.channel)
        overdue = self._now is not None and is_overdue(follow_up, self._now)
        if role == Qt.ItemDataRole.ForegroundRole:
            return overdue_color() if overdue else None
        # The red says it on screen; a screen reader says it in words.
        if role == Qt.ItemDataRole.AccessibleTextRole and overdue:
            return _("{when}, overdue").format(when=self.data(index))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and overdue:
            return _("Overdue")
        if role == FOLLOW_UP_ID_ROLE:
            return follow_up.id
        if role == PROSPECT_ID_ROLE:
            return follow_up.prospect_id
        return None


class DayAgendaWidget(QWidget):
    """The follow-ups of the day picked in the calendar, under a heading with that day."""

    prospect_activated = Signal(int)

    def __init__(self, service: FollowUpService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._reads = BackgroundReads(self)
        self._day = service.now().date()
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.model = DayAgendaModel(self)
        self.view = QListView()
        self.view.setObjectName("day_agenda_view")
        self.view.setAccessibleName(_("Follow-ups on the chosen day"))
        self.view.setModel(self.model)
        # A narrow side panel: long purposes wrap rather than scroll sideways.
        self.view.setWordWrap(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setSpacing(1)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.empty_label = QLabel(_(DAY_EMPTY_TEXT))
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setWordWrap(True)
        self.empty_label.setContentsMargins(0, 12, 0, 0)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self._stack, 1)

        self.open_action = QAction(_("&Open prospect"), self)
        self.open_action.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.open_action)
        self._shortcuts = FocusedShortcuts(self.view, [self.open_action])
        self.open_action.triggered.connect(self._on_open_triggered)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.refresh()

    def day(self) -> date:
        return self._day

    def set_day(self, day: date) -> None:
        self._day = day
        self.refresh()

    def refresh(self) -> None:
        """Re-read the day's follow-ups: counted, with their first page, off the GUI
        thread (a day may hold thousands); the rest as they are scrolled to."""
        service = self._service
        now = service.now()
        day = self._day
        self.heading.setText(day_heading(day, now.date()))
        size = self.model.PAGE_SIZE

        def read() -> tuple[int, list[DueItem]]:
            total = service.count_due_on(day)
            return total, service.due_on(day, size, 0) if total else []

        def fetch(limit: int, offset: int) -> list[DueItem]:
            return service.due_on(day, limit, offset)

        def show(counted: tuple[int, list[DueItem]]) -> None:
            total, rows = counted
            self.model.set_first_page(fetch, total, rows, now, service.clock.tz)
            self._stack.setCurrentWidget(self.view if total else self.empty_label)

        self._reads.submit("day", read, show)

    def counts_pending(self) -> bool:
        """Whether the day's follow-ups are still being read."""
        return self._reads.pending()

    def _emit_for(self, index: QModelIndex) -> None:
        due = self.model.item(index)
        if due is not None:
            self.prospect_activated.emit(due.follow_up.prospect_id)

    def _on_open_triggered(self) -> None:
        self._emit_for(self.view.currentIndex())

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        self._emit_for(index)


__all__ = [
    "DAY_EMPTY_TEXT",
    "DayAgendaModel",
    "DayAgendaWidget",
    "FollowUpCalendarWidget",
    "day_heading",
    "follow_up_line",
    "plain_text_tooltip",
]
