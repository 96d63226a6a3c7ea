"""The agenda, the landing view: what is overdue, due today and due in the next 7 days.

``AgendaModel`` adapts the service's ``Agenda`` (three lists of due items) to
a two-level tree: a header row per section, the follow-ups under it.
``AgendaWidget`` shows it and turns the user's actions on a follow-up into
signals; the main window applies them (with undo), this view writes nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import IntEnum
from functools import cache
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QDateTime,
    QEvent,
    QItemSelectionModel,
    QKeyCombination,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    Qt,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyleOptionComboBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.model import Channel, FollowUp
from followup_desktop.domain.reschedule import reschedule_presets, reschedule_start
from followup_desktop.domain.wallclock import at_local
from followup_desktop.i18n import N_, _, ngettext
from followup_desktop.services import Agenda, DueItem, FollowUpService
from followup_desktop.ui.context_menu import KeyboardContextMenu
from followup_desktop.ui.format import (
    CHANNEL_LABELS,
    absolute_when,
    clock_time_text,
    date_time_edit_format,
    is_today,
    number_text,
    overdue_color,
    qdate,
    qtime,
    relative_when,
)
from followup_desktop.ui.models import SELECTABLE_LEAF, column_title
from followup_desktop.ui.time_note import TimeNote

FOLLOW_UP_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PROSPECT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

TOMORROW_MORNING = time(9, 0)

EMPTY_TEXT = N_(
    "Nothing due in the next 7 days. Every open prospect has a next step — or see “No next step”."
)

_ModelIndex = QModelIndex | QPersistentModelIndex


# Reds with enough contrast on a light and on a dark base colour respectively.
@cache
def _channel_icon_lookup() -> Callable[[Channel], QIcon] | None:
    """``ui.icons.channel_icon`` when that module exists; the agenda works without it."""
    try:
        module = importlib.import_module("followup_desktop.ui.icons")
    except ImportError:
        return None
    lookup = getattr(module, "channel_icon", None)
    return lookup if callable(lookup) else None


def channel_icon(channel: Channel) -> QIcon | None:
    lookup = _channel_icon_lookup()
    return lookup(channel) if lookup is not None else None


def later(now: datetime, delta: timedelta) -> datetime:
    """``now`` plus an elapsed ``delta`` (counted in real time across DST changes)."""
    tz = now.tzinfo
    return (now.astimezone(UTC) + delta).astimezone(tz)


def tomorrow_morning(now: datetime, tz: tzinfo) -> datetime:
    """09:00 on the day after ``now``, local time in ``tz``."""
    return at_local(now.astimezone(tz).date() + timedelta(days=1), TOMORROW_MORNING, tz)


class FocusedShortcuts(QObject):
    """Runs a view's own actions for their keys while it has focus, before the window's.

    Qt reports an ambiguous shortcut (and runs neither action) when a
    window-wide action and a view's action share a key, such as the main
    window's Ctrl+L and the agenda's Ctrl+L. Claiming the key in the view's
    ShortcutOverride event makes the focused view's action win.
    """

    def __init__(self, widget: QWidget, actions: Sequence[QAction]) -> None:
        super().__init__(widget)
        self._actions = list(actions)
        widget.installEventFilter(self)

    def _action_for(self, event: QKeyEvent) -> QAction | None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))
        for action in self._actions:
            if not action.isEnabled():
                continue
            for shortcut in action.shortcuts():
                if shortcut.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch:
                    return action
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            action = self._action_for(event)
            if action is not None:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    action.trigger()
                return True
        return super().eventFilter(watched, event)


class CalendarDateTimeEdit(QDateTimeEdit):
    """A date-time edit whose calendar also opens from the keyboard: Alt+Down or F4,
    as a combo box's list does (Qt opens it only on a click)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt_down = (
            event.key() == Qt.Key.Key_Down and event.modifiers() == Qt.KeyboardModifier.AltModifier
        )
        plain_f4 = (
            event.key() == Qt.Key.Key_F4 and event.modifiers() == Qt.KeyboardModifier.NoModifier
        )
        if self.calendarPopup() and (alt_down or plain_f4):
            self.open_calendar()
            event.accept()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        """Open the calendar the way a click on the arrow does (Qt offers no other way)."""
        option = QStyleOptionComboBox()
        option.initFrom(self)
        option.editable = True
        option.subControls = QStyle.SubControl.SC_All
        arrow = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, self
        )
        where = QPointF(arrow.center())
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            where,
            self.mapToGlobal(where),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        self.mousePressEvent(press)


class DateTimeDialog(QDialog):
    """Asks for a local date and time (snooze until, reschedule to), with one-click
    presets beside the edit; Alt+Down or F4 opens the calendar."""

    def __init__(
        self,
        title: str,
        prompt: str,
        initial: datetime,
        tz: tzinfo,
        *,
        minimum: datetime | None = None,
        presets: Sequence[tuple[str, datetime]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._tz = tz
        label = QLabel(prompt)
        label.setTextFormat(Qt.TextFormat.PlainText)
        self.edit = CalendarDateTimeEdit()
        # The edit holds the wall-clock time in UTC so that the system's own
        # zone (and its DST gaps) never shifts what the user typed.
        self.edit.setTimeZone(QTimeZone.utc())
        self.edit.setDisplayFormat(date_time_edit_format())
        self.edit.setAccessibleName(prompt)
        label.setBuddy(self.edit)
        if minimum is not None:
            self.edit.setMinimumDateTime(self._wall_clock(minimum))
        self.edit.setDateTime(self._wall_clock(initial))
        self.preset_buttons: list[QPushButton] = []
        preset_row = QHBoxLayout()
        for words, moment in presets:
            button = QPushButton(words)
            button.setAutoDefault(False)
            button.setToolTip(absolute_when(moment.astimezone(tz)))
            button.clicked.connect(lambda _=False, m=moment: self.set_value(m))
            preset_row.addWidget(button)
            self.preset_buttons.append(button)
        preset_row.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        self.note = TimeNote(self.edit, tz)
        layout.addWidget(self.note)
        if self.preset_buttons:
            layout.addLayout(preset_row)
        layout.addWidget(buttons)
        self.edit.setFocus()

    def _wall_clock(self, moment: datetime) -> QDateTime:
        local = moment.astimezone(self._tz)
        return QDateTime(qdate(local.date()), qtime(local.time()), QTimeZone.utc())

    def set_value(self, moment: datetime) -> None:
        self.edit.setDateTime(self._wall_clock(moment))

    def value(self) -> datetime:
        """The chosen time as an aware datetime in the user's zone."""
        chosen = self.edit.dateTime()
        day = chosen.date().toPython()
        clock_time = chosen.time().toPython()
        assert isinstance(day, date)
        assert isinstance(clock_time, time)
        return at_local(day, clock_time.replace(second=0, microsecond=0), self._tz)


def ask_datetime(
    parent: QWidget,
    title: str,
    prompt: str,
    initial: datetime,
    tz: tzinfo,
    minimum: datetime | None = None,
    presets: Sequence[tuple[str, datetime]] = (),
) -> datetime | None:
    """A modal ``DateTimeDialog``; None when the user cancels."""
    dialog = DateTimeDialog(
        title, prompt, initial, tz, minimum=minimum, presets=presets, parent=parent
    )
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.value()
        return None
    finally:
        dialog.deleteLater()


class Section(IntEnum):
    OVERDUE = 0
    TODAY = 1
    NEXT_DAYS = 2


SECTION_TITLES = {
    Section.OVERDUE: N_("Overdue"),
    Section.TODAY: N_("Today"),
    Section.NEXT_DAYS: N_("Next 7 days"),
}


class Column(IntEnum):
    WHEN = 0
    CHANNEL = 1
    PROSPECT = 2
    COMPANY = 3
    PURPOSE = 4


COLUMN_TITLES = {
    Column.WHEN: N_("When"),
    Column.CHANNEL: N_("Channel"),
    Column.PROSPECT: N_("Prospect"),
    Column.COMPANY: N_("Company"),
    Column.PURPOSE: N_("Purpose"),
}

# An index's internal id: 0 for a section row, 1 + section for a follow-up row.
_SECTION_ROW = 0


class AgendaTreeView(QTreeView):
    """A tree whose cursor keys step over the section rows, from follow-up to follow-up."""

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        index = super().moveCursor(cursorAction, modifiers)
        if not index.isValid() or self._selectable(index):
            return index
        action = QAbstractItemView.CursorAction
        if cursorAction in (action.MoveLeft, action.MoveRight):
            return self.currentIndex()
        upwards = cursorAction in (action.MoveUp, action.MovePrevious, action.MovePageUp)
        step = self.indexAbove if upwards else self.indexBelow
        candidate = step(index)
        while candidate.isValid() and not self._selectable(candidate):
            candidate = step(candidate)
        return candidate if candidate.isValid() else self.currentIndex()

    def _selectable(self, index: QModelIndex) -> bool:
        return bool(self.model().flags(index) & Qt.ItemFlag.ItemIsSelectable)


class AgendaModel(QAbstractItemModel):
    """The agenda as a tree: a row per section ("Overdue (3)"), its follow-ups below.

    Each section is counted in the database and its first page of follow-ups
    read; a section with more ends in a "Show more" row that reads the next page
    when activated, so thousands of overdue follow-ups cost one page to show.
    (Qt's own ``fetchMore`` is not used: a tree fetches on every layout pass,
    and rows fetched behind the user's back would open a gap above "Today".)
    """

    PAGE_SIZE = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[list[DueItem]] = [[] for _ in Section]
        self._totals = [0 for _ in Section]
        self._more = [False for _ in Section]  # a "Show more" row ends the section
        self._fetch: Callable[[int, int, int], list[DueItem]] | None = None
        self._now: datetime | None = None
        self._bold: QFont | None = None

    def set_agenda(self, agenda: Agenda, now: datetime) -> None:
        """Show an agenda read whole (small ones, and tests)."""
        self.beginResetModel()
        self._sections = [list(agenda.overdue), list(agenda.today), list(agenda.next_days)]
        self._totals = [len(rows) for rows in self._sections]
        self._more = [False for _ in Section]
        self._fetch = None
        self._now = now
        self.endResetModel()

    def set_source(
        self,
        totals: Sequence[int],
        fetch: Callable[[int, int, int], list[DueItem]],
        now: datetime,
    ) -> None:
        """Show sections of ``totals`` follow-ups, read by ``fetch(section, limit, offset)``."""
        self.beginResetModel()
        self._totals = list(totals)
        self._fetch = fetch
        self._sections = [
            fetch(section, self.PAGE_SIZE, 0) if self._totals[section] else []
            for section in Section
        ]
        self._more = [len(self._sections[s]) < self._totals[s] for s in Section]
        self._now = now
        self.endResetModel()

    def total(self, section: Section) -> int:
        """How many follow-ups the section holds, read or not yet."""
        return self._totals[section]

    def has_more(self, section: Section) -> bool:
        """Whether the section holds follow-ups not read yet (its last row says so)."""
        return self._more[section]

    def is_more_row(self, index: _ModelIndex) -> bool:
        if not index.isValid() or index.internalId() == _SECTION_ROW:
            return False
        section = Section(index.internalId() - 1)
        return self.has_more(section) and index.row() == len(self._sections[section])

    def load_more(self, section: Section) -> int:
        """Read the section's next page in place of its "Show more" row; returns
        the row of the first follow-up read (-1 when there was nothing more)."""
        if not self.has_more(section) or self._fetch is None:
            return -1
        rows = self._sections[section]
        first = len(rows)
        page = self._fetch(section, self.PAGE_SIZE, first)[: self._totals[section] - first]
        parent = self.section_index(section)
        if not page or first + len(page) >= self._totals[section]:
            # Read to the end (or fewer than counted: changed meanwhile): no more row.
            self.beginRemoveRows(parent, first, first)
            self._more[section] = False
            self._totals[section] = first + len(page)
            self.endRemoveRows()
        if page:
            self.beginInsertRows(parent, first, first + len(page) - 1)
            rows.extend(page)
            self.endInsertRows()
        return first if page else -1

    def items(self, section: Section) -> list[DueItem]:
        """The section's follow-ups read so far (all of them in a short agenda)."""
        return list(self._sections[section])

    def item(self, index: _ModelIndex) -> DueItem | None:
        """The follow-up on a row (any column), None on a section row."""
        if not index.isValid() or index.model() is not self:
            return None
        key = index.internalId()
        if key == _SECTION_ROW:
            return None
        rows = self._sections[key - 1]
        return rows[index.row()] if 0 <= index.row() < len(rows) else None

    def index_of(self, follow_up_id: int) -> QModelIndex:
        """The first-column index of a follow-up, invalid when it is not listed."""
        for section in Section:
            for row, due in enumerate(self._sections[section]):
                if due.follow_up.id == follow_up_id:
                    return self.createIndex(row, 0, section + 1)
        return QModelIndex()

    def section_index(self, section: Section) -> QModelIndex:
        return self.createIndex(int(section), 0, _SECTION_ROW)

    def is_empty(self) -> bool:
        return not any(self._totals)

    # -- Qt's model interface -------------------------------------------------
    def index(
        self,
        row: int,
        column: int,
        parent: _ModelIndex = QModelIndex(),  # noqa: B008
    ) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _SECTION_ROW)
        return self.createIndex(row, column, parent.row() + 1)

    @overload
    def parent(self) -> QObject: ...

    @overload
    def parent(self, child: _ModelIndex) -> QModelIndex: ...

    def parent(self, child: _ModelIndex | None = None) -> QObject | QModelIndex | None:
        if child is None:
            return super().parent()
        if not child.isValid() or child.internalId() == _SECTION_ROW:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _SECTION_ROW)

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(Section)
        if parent.column() != 0 or parent.internalId() != _SECTION_ROW:
            return 0
        section = Section(parent.row())
        return len(self._sections[section]) + int(self.has_more(section))

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(Column)

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _SECTION_ROW:
            return Qt.ItemFlag.ItemIsEnabled
        return SELECTABLE_LEAF

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        return column_title(COLUMN_TITLES, section, orientation, role)

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _SECTION_ROW:
            return self._section_data(Section(index.row()), index.column(), role)
        if self.is_more_row(index):
            return self._more_data(Section(index.internalId() - 1), index.column(), role)
        due = self.item(index)
        if due is None:
            return None
        return self._follow_up_data(
            due, Section(index.internalId() - 1), Column(index.column()), role
        )

    def _more_data(self, section: Section, column: int, role: int) -> Any:
        if column != 0:
            return None
        left = self._totals[section] - len(self._sections[section])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            page = min(left, self.PAGE_SIZE)
            return ngettext(
                "Show {page} more of the {left} not shown (Enter)",
                "Show {page} more of the {left} not shown (Enter)",
                left,
            ).format(page=number_text(page), left=number_text(left))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _section_data(self, section: Section, column: int, role: int) -> Any:
        if column != 0:
            return None
        count = self._totals[section]
        if role == Qt.ItemDataRole.DisplayRole:
            title = _(SECTION_TITLES[section])
            return f"{title} ({number_text(count)})"
        if role == Qt.ItemDataRole.FontRole:
            return self._bold_font()
        if role == Qt.ItemDataRole.ForegroundRole and section is Section.OVERDUE and count:
            return overdue_color()
        return None

    def _follow_up_data(self, due: DueItem, section: Section, column: Column, role: int) -> Any:
        follow_up = due.follow_up
        if role == FOLLOW_UP_ID_ROLE:
            return follow_up.id
        if role == PROSPECT_ID_ROLE:
            return follow_up.prospect_id
        if column is Column.WHEN and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            now = self._now or follow_up.effective_due
            when = relative_when(follow_up.effective_due, now)
            if role == Qt.ItemDataRole.AccessibleTextRole and section is Section.OVERDUE:
                # The red says it on screen; a screen reader says it in words.
                return _("{when}, overdue").format(when=when)
            if not _is_snoozed(follow_up):
                return when
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _("Snoozed until {when}").format(when=when)
            if is_today(follow_up.effective_due, now):
                when = clock_time_text(follow_up.effective_due.astimezone(now.tzinfo))
            return _("snoozed until {when}").format(when=when)
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.CHANNEL:
                return CHANNEL_LABELS[follow_up.channel]
            if column is Column.PROSPECT:
                return due.prospect_name
            if column is Column.COMPANY:
                return due.company
            return follow_up.purpose
        if role == Qt.ItemDataRole.ToolTipRole:
            # Plain strings only: stored text must never be read as rich text,
            # so the tooltip of a stored-text column is left to the display.
            if column is Column.WHEN:
                text = _("Due {when}").format(when=absolute_when(follow_up.due_at))
                snoozed = follow_up.snoozed_until
                if snoozed is not None and _is_snoozed(follow_up):
                    # Stored in UTC: shown in the user's zone.
                    local = snoozed.astimezone(self._now.tzinfo) if self._now else snoozed
                    text += "\n" + _("Snoozed until {when}").format(when=absolute_when(local))
                return text
            return None
        if role == Qt.ItemDataRole.DecorationRole and column is Column.CHANNEL:
            return channel_icon(follow_up.channel)
        overdue = section is Section.OVERDUE and column is Column.WHEN
        if role == Qt.ItemDataRole.ForegroundRole and overdue:
            return overdue_color()
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and section is Section.OVERDUE:
            return _("Overdue")
        return None

    def _bold_font(self) -> QFont:
        if self._bold is None:
            self._bold = QFont(QGuiApplication.font())
            self._bold.setBold(True)
        return self._bold


def _is_snoozed(follow_up: FollowUp) -> bool:
    """Put off past its due time (a snooze to before it changes nothing)."""
    return follow_up.effective_due != follow_up.due_at


class AgendaWidget(QWidget):
    """Overdue, today and the next 7 days, with the actions a follow-up allows.

    Actions emit signals; times are aware datetimes in the user's zone,
    computed from ``service.now()``.
    """

    open_requested = Signal(int)
    log_requested = Signal(int, int)
    done_requested = Signal(int)
    snooze_requested = Signal(int, object)
    reschedule_requested = Signal(int, object)
    no_next_step_requested = Signal()
    draft_requested = Signal(int, int)  # prospect id, follow-up id: an e-mail to write

    def __init__(
        self, service: FollowUpService, parent: QWidget | None = None, *, load: bool = True
    ) -> None:
        """``load=False`` leaves the agenda to be read when it is first shown."""
        super().__init__(parent)
        self._service = service
        self._attention = 0
        # Where a snoozed follow-up was (its id, section, row, the scroll): the next
        # refresh chooses the row that took its place and keeps the scroll.
        self._snooze_place: tuple[int, Section, int, int] | None = None
        # Replaced in tests; asks the user for a date and time, None if cancelled.
        self.ask_datetime: Callable[..., datetime | None] = ask_datetime
        self._init_view()
        self._init_actions()
        self._init_layout()
        self._connect_signals()
        if load:
            self.refresh()

    # -- construction ------------------------------------------------------
    def _init_view(self) -> None:
        self.model = AgendaModel(self)
        self.view = AgendaTreeView()
        self.view.setObjectName("agenda_view")
        self.view.setAccessibleName(_("Agenda"))
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setExpandsOnDoubleClick(False)
        self.view.setIndentation(12)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.keyboard_menu = KeyboardContextMenu(self.view)
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.view.fontMetrics()
        widths = {
            Column.WHEN: metrics.horizontalAdvance(
                _("snoozed until {when}").format(when="00:00 AM")
            )
            + 24,
            Column.CHANNEL: max(
                metrics.horizontalAdvance(label) for label in CHANNEL_LABELS.values()
            )
            + 40,
            Column.PROSPECT: metrics.horizontalAdvance("M") * 14,
            Column.COMPANY: metrics.horizontalAdvance("M") * 12,
        }
        for column, width in widths.items():
            header.resizeSection(column, width)

    def _init_actions(self) -> None:
        def action(text: str, *shortcuts: str | QKeySequence.StandardKey | Qt.Key) -> QAction:
            act = QAction(text, self)
            if shortcuts:
                act.setShortcuts([QKeySequence(s) for s in shortcuts])
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return act

        self.open_action = action(_("&Open prospect"), Qt.Key.Key_Return, Qt.Key.Key_Enter)
        self.log_action = action(_("&Log touch…"), "Ctrl+L")
        self.done_action = action(_("Mark &done"), "Ctrl+D")
        self.snooze_15_action = action(_("15 &minutes"))
        self.snooze_hour_action = action(_("1 &hour"))
        self.snooze_tomorrow_action = action(_("&Tomorrow morning"))
        self.snooze_pick_action = action(_("&Pick a time…"))
        self.reschedule_action = action(_("&Reschedule…"))
        self.draft_action = action(_("Draft &e-mail…"))
        self.snooze_menu = QMenu(_("&Snooze"), self)
        for act in self.snooze_actions():
            self.snooze_menu.addAction(act)
        self.follow_up_actions = [
            self.open_action,
            self.log_action,
            self.done_action,
            *self.snooze_actions(),
            self.reschedule_action,
        ]
        for act in self.follow_up_actions:
            self.view.addAction(act)
        self._shortcuts = FocusedShortcuts(self.view, self.follow_up_actions)

    def snooze_actions(self) -> list[QAction]:
        return [
            self.snooze_15_action,
            self.snooze_hour_action,
            self.snooze_tomorrow_action,
            self.snooze_pick_action,
        ]

    def _init_layout(self) -> None:
        empty = QWidget()
        layout = QVBoxLayout(empty)
        layout.addStretch()
        self.empty_label = QLabel(_(EMPTY_TEXT))
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        self.empty_button = QPushButton(_("Show prospects with no next step"))
        layout.addWidget(self.empty_button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        self._stack = QStackedWidget()
        self._stack.addWidget(self.view)
        self._stack.addWidget(empty)
        self._empty_page = empty
        # Next-channel advice for the chosen follow-up, in one short line.
        self.advice_label = QLabel()
        self.advice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.advice_label.setWordWrap(True)
        self.advice_label.setAccessibleName(_("Channel advice"))
        self.advice_label.setContentsMargins(6, 2, 6, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)
        outer.addWidget(self.advice_label)

    def _connect_signals(self) -> None:
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        self.view.selectionModel().currentChanged.connect(self._on_view_current_changed)
        # A first click sets the current index before the selection: follow both.
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.empty_button.clicked.connect(self.no_next_step_requested)
        self.open_action.triggered.connect(self._on_open_triggered)
        self.log_action.triggered.connect(self._on_log_triggered)
        self.draft_action.triggered.connect(self._on_draft_triggered)
        self.done_action.triggered.connect(self._on_done_triggered)
        self.snooze_15_action.triggered.connect(lambda: self._snooze_for(timedelta(minutes=15)))
        self.snooze_hour_action.triggered.connect(lambda: self._snooze_for(timedelta(hours=1)))
        self.snooze_tomorrow_action.triggered.connect(self._on_snooze_tomorrow_triggered)
        self.snooze_pick_action.triggered.connect(self._on_snooze_pick_triggered)
        self.reschedule_action.triggered.connect(self._on_reschedule_triggered)

    # -- public API ----------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the agenda; the selected follow-up (or its neighbour) stays selected."""
        current = self.view.currentIndex()
        selected = self.selected_follow_up_id()
        place = (current.internalId() - 1, current.row()) if selected is not None else None
        totals = self._service.agenda_counts()
        self._attention = totals[Section.OVERDUE] + totals[Section.TODAY]
        self.model.set_source(totals, self._service.agenda_page, self._service.now())
        self._span_rows()
        for section in Section:
            # Only the sections have children: expandAll() would visit every row.
            self.view.expand(self.model.section_index(section))
        empty = self.model.is_empty()
        self._stack.setCurrentWidget(self._empty_page if empty else self.view)
        snoozed, self._snooze_place = self._snooze_place, None
        if snoozed is not None and snoozed[0] == selected:
            self._select_after_snooze(*snoozed)
        elif selected is not None and not self.select_follow_up(selected) and place is not None:
            self._select_near(Section(place[0]), place[1])
        self._update_actions()
        self._update_advice()

    def attention_count(self) -> int:
        """Overdue plus due today: the count the navigation shows beside Agenda."""
        return self._attention

    def selected_item(self) -> DueItem | None:
        indexes = self.view.selectionModel().selectedRows()
        return self.model.item(indexes[0]) if indexes else None

    def selected_follow_up_id(self) -> int | None:
        item = self.selected_item()
        return item.follow_up.id if item is not None else None

    def select_follow_up(self, follow_up_id: int) -> bool:
        """Select and show a follow-up; False when the agenda does not list it."""
        index = self.model.index_of(follow_up_id)
        if not index.isValid():
            return False
        self._select_index(index)
        return True

    # -- selection -----------------------------------------------------------
    def _select_index(self, index: QModelIndex) -> None:
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def _select_near(self, section: Section, row: int) -> None:
        """After the selected follow-up left the agenda: its neighbour, for the next key."""
        order = [
            section,
            *(s for s in Section if s > section),
            *(s for s in Section if s < section),
        ]
        for candidate in order:
            count = self.model.rowCount(self.model.section_index(candidate))
            if count:
                target = min(row, count - 1) if candidate is section else 0
                self._select_index(self.model.index(target, 0, self.model.section_index(candidate)))
                return

    def _select_after_snooze(
        self, follow_up_id: int, section: Section, row: int, scrolled: int
    ) -> None:
        """The snoozed follow-up moved on: choose the row now in its place (the next
        one of its section), and leave the list scrolled where it was."""
        parent = self.model.section_index(section)
        count = self.model.rowCount(parent)
        if count == 0:
            self._select_near(section, row)
            return
        target = min(row, count - 1)
        if self.model.index(target, 0, parent).data(FOLLOW_UP_ID_ROLE) == follow_up_id:
            target = target + 1 if target + 1 < count else target - 1  # it stayed in place
        if target < 0:
            return
        index = self.model.index(target, 0, parent)
        self._select_index(index)  # lays the rows out, so the scroll range is right
        self.view.verticalScrollBar().setValue(scrolled)
        self.view.scrollTo(index)  # moves only if the row is out of sight

    def _request_snooze(self, follow_up_id: int, until: datetime) -> None:
        current = self.view.currentIndex()
        item = self.model.item(current)
        if item is not None and item.follow_up.id == follow_up_id:
            self._snooze_place = (
                follow_up_id,
                Section(current.internalId() - 1),
                current.row(),
                self.view.verticalScrollBar().value(),
            )
        self.snooze_requested.emit(follow_up_id, until)

    def _update_actions(self) -> None:
        enabled = self.selected_item() is not None
        for act in self.follow_up_actions:
            act.setEnabled(enabled)
        self.snooze_menu.setEnabled(enabled)
        if self.model.is_more_row(self.view.currentIndex()):
            self.open_action.setEnabled(True)  # Enter reads the next page

    # -- slots -----------------------------------------------------------------
    def _on_view_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._update_actions()
        self._update_advice()

    def advice_text(self, item: DueItem) -> str:
        """The advice line for a follow-up: which channel, and why."""
        follow_up = item.follow_up
        prospect = self._service.find_prospect(follow_up.prospect_id)
        if prospect is None:
            return ""
        advice = self._service.advise(prospect, follow_up.channel)
        planned = CHANNEL_LABELS[follow_up.channel]
        if advice.changed:
            suggested = CHANNEL_LABELS[advice.channel]
            return _("Advice for {name}: {suggested}, not {planned}. {reason}").format(
                name=item.prospect_name, suggested=suggested, planned=planned, reason=advice.reason
            )
        return _("Advice for {name}: {planned}. {reason}").format(
            name=item.prospect_name, planned=planned, reason=advice.reason
        )

    def _update_advice(self) -> None:
        item = self.selected_item()
        text = self.advice_text(item) if item is not None else ""
        self.advice_label.setText(text)
        self.advice_label.setVisible(bool(text))

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if self.model.is_more_row(index):
            self.show_more(Section(index.internalId() - 1))
            return
        item = self.model.item(index)
        if item is not None:
            self.open_requested.emit(item.follow_up.prospect_id)

    def show_more(self, section: Section) -> None:
        """Read the next page of a section and put the cursor on its first row."""
        first = self.model.load_more(section)
        self._span_rows()
        if first >= 0:
            self._select_index(self.model.index(first, 0, self.model.section_index(section)))

    def _span_rows(self) -> None:
        """Section titles and "Show more" rows read across every column."""
        for section in Section:
            self.view.setFirstColumnSpanned(int(section), QModelIndex(), True)
            if self.model.has_more(section):
                parent = self.model.section_index(section)
                last = self.model.rowCount(parent) - 1
                self.view.setFirstColumnSpanned(last, parent, True)

    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if self.model.item(index) is None:
            return
        self._select_index(index.siblingAtColumn(0))
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addAction(self.log_action)
        item = self.model.item(index)
        if item is not None and item.follow_up.channel is Channel.EMAIL:
            menu.addAction(self.draft_action)
        menu.addSeparator()
        menu.addAction(self.done_action)
        menu.addMenu(self.snooze_menu)
        menu.addAction(self.reschedule_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _selected_ids(self) -> tuple[int, int] | None:
        """(prospect id, follow-up id) of the selected follow-up."""
        item = self.selected_item()
        if item is None or item.follow_up.id is None:
            return None
        return item.follow_up.prospect_id, item.follow_up.id

    def _on_open_triggered(self) -> None:
        current = self.view.currentIndex()
        if self.model.is_more_row(current):  # Enter on "Show more"
            self.show_more(Section(current.internalId() - 1))
            return
        ids = self._selected_ids()
        if ids is not None:
            self.open_requested.emit(ids[0])

    def _on_draft_triggered(self) -> None:
        ids = self._selected_ids()
        if ids is not None:
            self.draft_requested.emit(*ids)

    def _on_log_triggered(self) -> None:
        ids = self._selected_ids()
        if ids is not None:
            self.log_requested.emit(*ids)

    def _on_done_triggered(self) -> None:
        ids = self._selected_ids()
        if ids is not None:
            self.done_requested.emit(ids[1])

    def _snooze_for(self, delta: timedelta) -> None:
        ids = self._selected_ids()
        if ids is not None:
            self._request_snooze(ids[1], later(self._service.now(), delta))

    def _on_snooze_tomorrow_triggered(self) -> None:
        ids = self._selected_ids()
        if ids is not None:
            until = tomorrow_morning(self._service.now(), self._service.clock.tz)
            self._request_snooze(ids[1], until)

    def _on_snooze_pick_triggered(self) -> None:
        ids = self._selected_ids()
        if ids is None:
            return
        now = self._service.now()
        until = self.ask_datetime(
            self,
            _("Snooze"),
            _("Remind me again at:"),
            later(now, timedelta(hours=1)),
            self._service.clock.tz,
            now,
        )
        if until is not None:
            self._request_snooze(ids[1], until)

    def _on_reschedule_triggered(self) -> None:
        item = self.selected_item()
        if item is None or item.follow_up.id is None:
            return
        service = self._service
        now, morning = service.now(), service.follow_up_time
        when = self.ask_datetime(
            self,
            _("Reschedule"),
            _("Move this follow-up to:"),
            reschedule_start(item.follow_up.due_at, now, morning),
            service.clock.tz,
            now,
            reschedule_presets(now, morning),
        )
        if when is not None:
            self.reschedule_requested.emit(item.follow_up.id, when)


__all__ = [
    "EMPTY_TEXT",
    "FOLLOW_UP_ID_ROLE",
    "PROSPECT_ID_ROLE",
    "AgendaModel",
    "AgendaTreeView",
    "AgendaWidget",
    "CalendarDateTimeEdit",
    "DateTimeDialog",
    "FocusedShortcuts",
    "Section",
    "ask_datetime",
    "channel_icon",
    "clock_time_text",
    "later",
    "overdue_color",
    "tomorrow_morning",
]
