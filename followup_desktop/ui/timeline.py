"""A prospect's touch timeline: newest first, grouped by day, editable and deletable.

Day headings are top-level rows of a QStandardItemModel and the touches their
children, shown in one QTreeView. The widget writes nothing: Edit emits
``touch_edit_requested`` with the edited touch and Delete emits
``touch_delete_requested``; the main window applies them (with undo) and calls
``reload()``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, tzinfo

from PySide6.QtCore import (
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimeZone,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QResizeEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.model import Channel, Direction, Outcome, Prospect, Stage, Touch
from followup_desktop.domain.wallclock import at_local
from followup_desktop.i18n import N_, _
from followup_desktop.services import FollowUpService
from followup_desktop.ui.context_menu import KeyboardContextMenu
from followup_desktop.ui.format import (
    CHANNEL_LABELS,
    DIRECTION_LABELS,
    OUTCOME_LABELS,
    STAGE_LABELS,
    absolute_when,
    day_heading,
    qdate,
    qtime,
)
from followup_desktop.ui.icons import channel_icon
from followup_desktop.ui.time_note import TimeNote, with_note

EMPTY_STATE = N_("No touches yet. Log the first one with Ctrl+L.")
NO_PROSPECT = N_("Select a prospect to see their touches.")
TOUCH_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HEADLINE_ROLE = Qt.ItemDataRole.UserRole + 2  # time, channel, direction, outcome
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 3
NOTES_ROLE = Qt.ItemDataRole.UserRole + 4
DIRECTION_ARROWS = {Direction.OUT: "→", Direction.IN: "←"}


def touch_headline(touch: Touch, tz: tzinfo) -> str:
    """The first line of a touch in the timeline: time, channel, direction, outcome."""
    local = touch.at.astimezone(tz)
    parts = [
        CHANNEL_LABELS[touch.channel],
        f"{DIRECTION_ARROWS[touch.direction]} {DIRECTION_LABELS[touch.direction]}",
    ]
    if touch.outcome is not None:
        parts.append(OUTCOME_LABELS[touch.outcome])
    return f"{_short_time(local)}  " + " · ".join(parts)


def touch_text(touch: Touch, tz: tzinfo) -> str:
    """All a touch says, one part per line: headline, summary, notes."""
    lines = [touch_headline(touch, tz)]
    if touch.summary.strip():
        lines.append(touch.summary.strip())
    if touch.notes.strip():
        lines.append(touch.notes.strip())
    return "\n".join(lines)


def _short_time(moment: datetime) -> str:
    return str(QLocale().toString(qtime(moment.time()), QLocale.FormatType.ShortFormat))


_ModelIndex = QModelIndex | QPersistentModelIndex


class TouchTimelineDelegate(QStyledItemDelegate):
    """Paints a day heading, or a touch as its headline, summary and notes wrapped to the width.

    Text is drawn with QPainter.drawText, which never interprets markup.
    """

    MARGIN = 4
    ICON_SIZE = 20
    GAP = 8
    LINE_GAP = 2
    HEADING_SPACE = 10  # above every day but the first

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    @staticmethod
    def is_touch(index: _ModelIndex) -> bool:
        return index.data(TOUCH_ID_ROLE) is not None

    def _blocks(self, font: QFont, index: _ModelIndex) -> list[tuple[QFont, str, bool]]:
        """(font, text, muted) for each part of a touch, top to bottom."""
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.92)
        blocks = [(small, str(index.data(HEADLINE_ROLE) or ""), True)]
        for role in (SUMMARY_ROLE, NOTES_ROLE):
            text = str(index.data(role) or "")
            if text:
                blocks.append((font, text, False))
        return blocks

    def _text_left(self, rect: QRect) -> int:
        return rect.left() + self.MARGIN + self.ICON_SIZE + self.GAP

    def _heading_font(self, font: QFont) -> QFont:
        bold = QFont(font)
        bold.setBold(True)
        return bold

    def _heading_top(self, index: _ModelIndex) -> int:
        return self.HEADING_SPACE if index.row() > 0 else self.MARGIN

    def sizeHint(self, option: QStyleOptionViewItem, index: _ModelIndex) -> QSize:
        font = option.font
        if not self.is_touch(index):
            metrics = QFontMetrics(self._heading_font(font))
            return QSize(
                metrics.horizontalAdvance(str(index.data())),
                metrics.height() + self._heading_top(index) + self.MARGIN,
            )
        indent = self._view.indentation() if index.parent().isValid() else 0
        width = max(self._view.viewport().width() - indent, 120)
        text_width = width - (self.MARGIN + self.ICON_SIZE + self.GAP) - self.MARGIN
        height = self.MARGIN * 2
        for block_font, text, _muted in self._blocks(font, index):
            height += self._text_height(block_font, text, text_width) + self.LINE_GAP
        return QSize(width, max(height, self.ICON_SIZE + 2 * self.MARGIN))

    @staticmethod
    def _text_height(font: QFont, text: str, width: int) -> int:
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        bounds = QFontMetrics(font).boundingRect(QRect(0, 0, width, 1_000_000), flags, text)
        return int(bounds.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _ModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        rect = QRect(opt.rect)
        palette = opt.palette
        font = opt.font
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        icon = QIcon(opt.icon)  # a copy: the option's own is cleared below
        # Background, selection and focus from the style; the contents are ours.
        opt.text = ""
        opt.icon = QIcon()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.save()
        if not self.is_touch(index):
            painter.setFont(self._heading_font(font))
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            top = rect.top() + self._heading_top(index)
            area = QRect(
                rect.left() + self.MARGIN, top, rect.width() - 2 * self.MARGIN, rect.bottom() - top
            )
            text = QFontMetrics(painter.font()).elidedText(
                str(index.data()), Qt.TextElideMode.ElideRight, area.width()
            )
            painter.drawText(area, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, text)
            painter.restore()
            return
        icon_rect = QRect(
            rect.left() + self.MARGIN, rect.top() + self.MARGIN + 1, self.ICON_SIZE, self.ICON_SIZE
        )
        if selected:  # the grey icon on a chip of the base colour, readable on the highlight
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Base))
            painter.drawRoundedRect(icon_rect.adjusted(-2, -2, 2, 2), 4, 4)
        icon.paint(painter, icon_rect)
        muted = _blend(text_color, palette.color(QPalette.ColorRole.Base), 0.62)
        if selected:
            muted = text_color
        left = self._text_left(rect)
        width = rect.right() - self.MARGIN - left
        y = rect.top() + self.MARGIN
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        for block_font, text, is_muted in self._blocks(font, index):
            height = self._text_height(block_font, text, width)
            painter.setFont(block_font)
            painter.setPen(muted if is_muted else text_color)
            painter.drawText(QRect(left, y, width, height), int(flags), text)
            y += height + self.LINE_GAP
        painter.restore()


def _blend(color: QColor, background: QColor, weight: float) -> QColor:
    """``weight`` of ``color`` over ``background``: a muted text colour for any palette."""
    return QColor(
        round(color.red() * weight + background.red() * (1 - weight)),
        round(color.green() * weight + background.green() * (1 - weight)),
        round(color.blue() * weight + background.blue() * (1 - weight)),
    )


class _TimelineView(QTreeView):
    """A tree view that lays its rows out again when its width changes (wrapped text)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


def _datetime_edit_format() -> str:
    """The locale's short date and time, with four-digit years (two are ambiguous to edit)."""
    fmt = str(QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat))
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


class TouchEditDialog(QDialog):
    """Change a touch's channel, direction, outcome, time, summary and notes."""

    def __init__(self, touch: Touch, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._touch = touch
        self._tz = tz
        self.setWindowTitle(_("Edit touch"))
        form = QFormLayout(self)

        self.channel_combo = QComboBox()
        for channel in Channel:
            self.channel_combo.addItem(
                channel_icon(channel), CHANNEL_LABELS[channel], channel.value
            )
        self.channel_combo.setCurrentIndex(self.channel_combo.findData(touch.channel.value))
        form.addRow(_("&Channel:"), self.channel_combo)

        self.direction_combo = QComboBox()
        for direction in Direction:
            self.direction_combo.addItem(
                f"{DIRECTION_ARROWS[direction]} {DIRECTION_LABELS[direction]}", direction.value
            )
        self.direction_combo.setCurrentIndex(self.direction_combo.findData(touch.direction.value))
        form.addRow(_("&Direction:"), self.direction_combo)

        self.outcome_combo = QComboBox()
        self.outcome_combo.addItem(_("No outcome recorded"), "")
        for outcome in Outcome:
            self.outcome_combo.addItem(OUTCOME_LABELS[outcome], outcome.value)
        self.outcome_combo.setCurrentIndex(
            self.outcome_combo.findData(touch.outcome.value if touch.outcome else "")
        )
        form.addRow(_("&Outcome:"), self.outcome_combo)

        # The edit shows the wall-clock time in the user's zone; holding it as UTC
        # keeps Qt from shifting times that the system's own zone skips.
        local = touch.at.astimezone(tz)
        self._shown_at = QDateTime(qdate(local.date()), qtime(local.time()), QTimeZone.utc())
        self.when_edit = QDateTimeEdit()
        self.when_edit.setAccessibleName(_("When"))
        self.when_edit.setTimeZone(QTimeZone.utc())
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat(_datetime_edit_format())
        self.when_edit.setDateTime(self._shown_at)
        self.when_note = TimeNote(self.when_edit, tz)
        form.addRow(_("&When:"), with_note(self.when_edit, self.when_note))

        self.summary_edit = QLineEdit(touch.summary)
        self.summary_edit.setPlaceholderText(_("What was said or sent, in a line"))
        form.addRow(_("&Summary:"), self.summary_edit)
        self.notes_edit = QPlainTextEdit(touch.notes)
        self.notes_edit.setTabChangesFocus(True)
        form.addRow(_("&Notes:"), self.notes_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(420)

    def edited_touch(self) -> Touch:
        """The touch with the dialog's values; an untouched time keeps its seconds."""
        chosen = self.when_edit.dateTime()
        at = self._touch.at
        if chosen.toSecsSinceEpoch() // 60 != self._shown_at.toSecsSinceEpoch() // 60:
            day = chosen.date()
            clock_time = chosen.time()
            at = at_local(
                date(day.year(), day.month(), day.day()),
                datetime.min.time().replace(hour=clock_time.hour(), minute=clock_time.minute()),
                self._tz,
            )
        outcome = self.outcome_combo.currentData()
        return replace(
            self._touch,
            at=at,
            channel=Channel(self.channel_combo.currentData()),
            direction=Direction(self.direction_combo.currentData()),
            outcome=Outcome(outcome) if outcome else None,
            summary=self.summary_edit.text().strip(),
            notes=self.notes_edit.toPlainText(),
        )


class TouchTimelineWidget(QWidget):
    """The touches of one prospect, newest first, under day headings."""

    touch_edit_requested = Signal(object)  # Touch
    touch_delete_requested = Signal(int)
    log_touch_requested = Signal()

    def __init__(self, service: FollowUpService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._prospect_id: int | None = None
        self._touches: dict[int, Touch] = {}
        self.edit_dialog: TouchEditDialog | None = None
        self.model = QStandardItemModel(self)
        self._init_widgets()
        self._init_actions()
        self.set_prospect(None)

    def _init_widgets(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._pages = QStackedWidget()
        layout.addWidget(self._pages)

        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch()
        self.empty_label = QLabel()
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_layout.addWidget(self.empty_label)
        self.log_button = QPushButton(_("Log a touch"))
        self.log_button.clicked.connect(self.log_touch_requested)
        empty_layout.addWidget(self.log_button, alignment=Qt.AlignmentFlag.AlignCenter)
        empty_layout.addStretch()
        self._pages.addWidget(empty)

        self.view = _TimelineView()
        self.view.setAccessibleName(_("Touch timeline"))
        self.view.setModel(self.model)
        self.view.setItemDelegate(TouchTimelineDelegate(self.view))
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setExpandsOnDoubleClick(False)
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setIndentation(12)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.keyboard_menu = KeyboardContextMenu(self.view)
        self._pages.addWidget(self.view)

    def _init_actions(self) -> None:
        self.edit_action = QAction(_("&Edit touch…"), self.view)
        self.edit_action.setShortcuts(
            [
                QKeySequence(Qt.Key.Key_F2),
                QKeySequence(Qt.Key.Key_Return),
                QKeySequence(Qt.Key.Key_Enter),
            ]
        )
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.edit_action.triggered.connect(self.edit_current)
        self.view.addAction(self.edit_action)
        self.delete_action = QAction(_("&Delete touch"), self.view)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.view.addAction(self.delete_action)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self._on_current_changed(QModelIndex(), QModelIndex())

    # -- API -------------------------------------------------------------------
    def prospect_id(self) -> int | None:
        return self._prospect_id

    def set_prospect(self, prospect_id: int | None, prospect: Prospect | None = None) -> None:
        """Show a prospect's touches; ``prospect``, when the caller has just read it,
        saves reading it again."""
        self._prospect_id = prospect_id
        self._fill(keep_touch=None, prospect=prospect)

    def reload(self) -> None:
        """Re-read the touches, keeping the selected one (or its row) selected."""
        self._fill(keep_touch=self.current_touch_id(), keep_row=self._current_flat_row())

    def touch_count(self) -> int:
        return len(self._touches)

    def current_touch_id(self) -> int | None:
        value = self.view.currentIndex().data(TOUCH_ID_ROLE)
        return int(value) if value is not None else None

    def current_touch(self) -> Touch | None:
        touch_id = self.current_touch_id()
        return self._touches.get(touch_id) if touch_id is not None else None

    def select_touch(self, touch_id: int) -> bool:
        index = self._index_of(touch_id)
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def edit_current(self) -> None:
        """Open the edit dialog for the selected touch (F2, Enter, double-click)."""
        touch = self.current_touch()
        if touch is None:
            return
        dialog = TouchEditDialog(touch, self._service.clock.tz, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda result: self._on_edit_dialog_finished(dialog, result))
        self.edit_dialog = dialog
        dialog.open()

    def delete_current(self) -> None:
        touch_id = self.current_touch_id()
        if touch_id is not None:
            self.touch_delete_requested.emit(touch_id)

    # -- filling -----------------------------------------------------------------
    def _fill(
        self,
        *,
        keep_touch: int | None,
        keep_row: int | None = None,
        prospect: Prospect | None = None,
    ) -> None:
        self.model.clear()
        self._touches = {}
        if self._prospect_id is None:
            self.empty_label.setText(_(NO_PROSPECT))
            self.log_button.hide()
            self._pages.setCurrentIndex(0)
            return
        touches = self._service.touches(self._prospect_id)
        tz = self._service.clock.tz
        now = self._service.now()
        heading_font = self.view.font()
        heading_font.setBold(True)
        day_item: QStandardItem | None = None
        day: date | None = None
        root = self.model.invisibleRootItem()
        # A closed prospect's won or lost is a line of its own among the touches.
        if prospect is None or prospect.id != self._prospect_id:
            prospect = self._service.find_prospect(self._prospect_id)
        closed = (
            prospect
            if prospect is not None and prospect.stage.is_closed and prospect.closed_at
            else None
        )
        lines: list[tuple[datetime, int, Touch | None]] = [(t.at, t.id or 0, t) for t in touches]
        if closed is not None and closed.closed_at is not None:
            lines.append((closed.closed_at, -1, None))
        # The store gives newest first; sort again so a reordered edit cannot split a day.
        # A stage closed in the same second as a touch comes after it (the touch won it).
        lines.sort(key=lambda line: (line[0], line[1] == -1, line[1]), reverse=True)
        for moment, _order, touch in lines:
            local = moment.astimezone(tz)
            if day_item is None or local.date() != day:
                day = local.date()
                day_item = QStandardItem(day_heading(local, now))
                day_item.setFont(heading_font)
                day_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                day_item.setToolTip(
                    str(QLocale().toString(qdate(day), QLocale.FormatType.LongFormat))
                )
                root.appendRow(day_item)
            if touch is None:
                assert closed is not None
                day_item.appendRow(self._stage_item(closed.stage, closed.lost_reason, moment, tz))
                continue
            assert touch.id is not None
            self._touches[touch.id] = touch
            day_item.appendRow(self._touch_item(touch, tz))
        if not lines:
            self.empty_label.setText(_(EMPTY_STATE))
            self.log_button.show()
            self._pages.setCurrentIndex(0)
            return
        self._pages.setCurrentIndex(1)
        self.view.expandAll()
        if keep_touch is not None and self.select_touch(keep_touch):
            return
        if keep_row is not None:
            self._select_flat_row(keep_row)

    @staticmethod
    def _touch_item(touch: Touch, tz: tzinfo) -> QStandardItem:
        item = QStandardItem(channel_icon(touch.channel), touch_text(touch, tz))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        item.setData(touch.id, TOUCH_ID_ROLE)
        item.setData(touch_headline(touch, tz), HEADLINE_ROLE)
        item.setData(touch.summary.strip(), SUMMARY_ROLE)
        item.setData(touch.notes.strip(), NOTES_ROLE)
        tooltip = absolute_when(touch.at.astimezone(tz))
        item.setToolTip(tooltip)
        item.setData(f"{touch_text(touch, tz)}\n{tooltip}", Qt.ItemDataRole.AccessibleTextRole)
        return item

    @staticmethod
    def _stage_item(stage: Stage, lost_reason: str, moment: datetime, tz: tzinfo) -> QStandardItem:
        """The line that says the deal was won or lost (not a touch: nothing to edit)."""
        local = moment.astimezone(tz)
        headline = _("{time}  Stage · {stage}").format(
            time=_short_time(local), stage=STAGE_LABELS[stage]
        )
        if stage is Stage.WON:
            summary = _("They said Yes.")
        else:
            summary = _("Lost: {reason}").format(reason=lost_reason or _("no reason"))
        item = QStandardItem(f"{headline}\n{summary}")
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setData(headline, HEADLINE_ROLE)
        item.setData(summary, SUMMARY_ROLE)
        item.setData("", NOTES_ROLE)
        tooltip = absolute_when(local)
        item.setToolTip(tooltip)
        item.setData(f"{headline}\n{summary}\n{tooltip}", Qt.ItemDataRole.AccessibleTextRole)
        return item

    def _index_of(self, touch_id: int) -> QModelIndex:
        for day_row in range(self.model.rowCount()):
            day_item = self.model.item(day_row)
            for row in range(day_item.rowCount()):
                child = day_item.child(row)
                if child.data(TOUCH_ID_ROLE) == touch_id:
                    return child.index()
        return QModelIndex()

    def _flat_touch_indexes(self) -> list[QModelIndex]:
        indexes: list[QModelIndex] = []
        for day_row in range(self.model.rowCount()):
            day_item = self.model.item(day_row)
            indexes.extend(day_item.child(row).index() for row in range(day_item.rowCount()))
        return indexes

    def _current_flat_row(self) -> int | None:
        current = self.view.currentIndex()
        if not current.isValid() or current.data(TOUCH_ID_ROLE) is None:
            return None
        for position, index in enumerate(self._flat_touch_indexes()):
            if index == current:
                return position
        return None

    def _select_flat_row(self, position: int) -> None:
        indexes = self._flat_touch_indexes()
        if indexes:
            index = indexes[min(position, len(indexes) - 1)]
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    # -- slots -----------------------------------------------------------------------
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        on_touch = current.isValid() and current.data(TOUCH_ID_ROLE) is not None
        self.edit_action.setEnabled(on_touch)
        self.delete_action.setEnabled(on_touch)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if index.data(TOUCH_ID_ROLE) is not None:
            self.edit_current()

    def context_menu(self, pos: QPoint) -> QMenu | None:
        """The menu for the touch at a viewport position (made current); None off a touch."""
        index = self.view.indexAt(pos)
        if index.data(TOUCH_ID_ROLE) is None:
            return None
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addAction(self.delete_action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        if menu is not None:
            menu.popup(self.view.viewport().mapToGlobal(pos))

    def _on_edit_dialog_finished(self, dialog: TouchEditDialog, result: int) -> None:
        self.edit_dialog = None
        if result != QDialog.DialogCode.Accepted.value:
            return
        edited = dialog.edited_touch()
        if edited != self._touches.get(edited.id or -1):
            self.touch_edit_requested.emit(edited)


__all__ = [
    "EMPTY_STATE",
    "NO_PROSPECT",
    "TOUCH_ID_ROLE",
    "TouchEditDialog",
    "TouchTimelineWidget",
    "touch_headline",
    "touch_text",
]
