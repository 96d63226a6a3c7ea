"""The prospect list: a lazy table model over the database and the widget around it.

The model holds only the ordered ids a query returns (filtering and sorting
happen in the database) and reads the rows it shows in pages, so a list of
100k prospects opens and scrolls without loading 100k rows.
"""

from __future__ import annotations

import contextlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QIcon, QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.changes import FOLLOW_UP, PROSPECT, PROSPECT_TAG, TOUCH, Changes
from followup_desktop.domain.model import Stage
from followup_desktop.domain.queries import ProspectQuery, QuickFilter, SortKey
from followup_desktop.i18n import N_, _, ngettext, pgettext
from followup_desktop.services import FollowUpService, ProspectSummary
from followup_desktop.ui.flow_layout import flow_widget
from followup_desktop.ui.format import (
    STAGE_LABELS,
    absolute_when,
    number_text,
    overdue_color,
    relative_when,
)
from followup_desktop.ui.models import leaf_flags, resize_sections

PROSPECT_ID_ROLE = Qt.ItemDataRole.UserRole + 1

NO_NEXT_STEP_TIP = N_("No next step planned")

_ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    COMPANY = 1
    STAGE = 2
    TOUCHES = 3
    LAST_TOUCH = 4
    NEXT_FOLLOW_UP = 5


COLUMN_TITLES = {
    Column.NAME: N_("Name"),
    Column.COMPANY: N_("Company"),
    Column.STAGE: N_("Stage"),
    Column.TOUCHES: N_("Touches"),
    Column.LAST_TOUCH: N_("Last touch"),
    Column.NEXT_FOLLOW_UP: N_("Next follow-up"),
}
SORT_KEYS = {
    Column.NAME: SortKey.NAME,
    Column.COMPANY: SortKey.COMPANY,
    Column.STAGE: SortKey.STAGE,
    Column.TOUCHES: SortKey.TOUCHES,
    Column.LAST_TOUCH: SortKey.LAST_TOUCH,
    Column.NEXT_FOLLOW_UP: SortKey.NEXT_FOLLOW_UP,
}
QUICK_FILTER_LABELS = {
    QuickFilter.ALL: N_("All"),
    QuickFilter.OVERDUE: N_("Overdue"),
    QuickFilter.DUE_TODAY: N_("Due today"),
    QuickFilter.THIS_WEEK: N_("This week"),
    QuickFilter.NO_NEXT_STEP: N_("No next step"),
    QuickFilter.GONE_COLD: N_("Gone cold"),
    QuickFilter.REVIVE: N_("Revive"),
}


# Reds with enough contrast on a light and on a dark base colour respectively.
# The prospect's columns its search text is made of (store/search.py).
_SEARCHED_COLUMNS = ("name", "company", "title", "emails", "phones", "notes", "city")


class ProspectTableModel(QAbstractTableModel):
    """The prospects a ``ProspectQuery`` returns, fetched lazily.

    Rows are exposed in chunks through ``canFetchMore``/``fetchMore``
    (``PAGE_SIZE`` ids, which cost next to nothing); the data of a row is read
    with its block (``BLOCK_SIZE`` summaries in one query, about a screenful,
    so that a search keystroke reads what it shows and not more) into a
    bounded cache that forgets the blocks farthest away.
    """

    PAGE_SIZE = 200
    BLOCK_SIZE = 50
    MAX_CACHED_BLOCKS = 100

    def __init__(
        self,
        service: FollowUpService,
        query: ProspectQuery | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._query = query or ProspectQuery()
        self._ids: array[int] = array("q")  # packed: a hundred thousand ids in 800 kB
        self._loaded = 0
        self._cache: dict[int, ProspectSummary] = {}
        self._blocks: dict[int, list[int]] = {}
        self._warning_icon: QIcon | None = None
        self._bold: QFont | None = None
        self._reload(keep_rows=0)

    # -- the query ------------------------------------------------------------
    def query(self) -> ProspectQuery:
        return self._query

    def set_query(self, query: ProspectQuery) -> None:
        """Show what ``query`` returns, from the first rows."""
        self.beginResetModel()
        self._query = query
        self._reload(keep_rows=0)
        self.endResetModel()

    def refresh(self, ids: array[int] | None = None) -> None:
        """Run the same query again (or show ``ids``, its answer read just now); rows
        already scrolled to stay available."""
        self.beginResetModel()
        self._reload(keep_rows=self._loaded, ids=ids)
        self.endResetModel()

    def refresh_ids(self, prospect_ids: Iterable[int]) -> None:
        """Re-read these prospects' rows where they are loaded (calibre's
        ``refresh_ids``): their cells repaint, nothing else is re-read."""
        rows = sorted(row for pid in prospect_ids if (row := self.row_of_loaded(pid)) is not None)
        cached = [self._ids[row] for row in rows if self._ids[row] in self._cache]
        for found in self._service.summaries(cached) if cached else ():
            if found.prospect.id is not None:
                self._cache[found.prospect.id] = found
        last = self.columnCount() - 1
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def row_of_loaded(self, prospect_id: int) -> int | None:
        """The row of a listed prospect, without fetching rows up to it."""
        try:  # the loaded rows only: no map of a hundred thousand ids for a change
            return self._ids.index(prospect_id, 0, self._loaded)
        except ValueError:
            return None

    def _listed_row(self, prospect_id: int) -> int | None:
        # A scan of the packed ids (a millisecond for 100,000) rather than a map of
        # them all, which would take more memory than the list itself.
        try:
            return self._ids.index(prospect_id)
        except ValueError:
            return None

    def apply_changes(self, changes: Changes) -> None:
        """Re-read what a change set touches: which rows are listed only when the
        change can move a prospect in or out of the list or along its order."""
        if not changes:
            return
        query = self._query
        filtered = query.quick is not QuickFilter.ALL or query.stage is not None or query.tag
        if changes.membership:
            moved = True
        elif filtered or query.sort is not SortKey.NAME:
            moved = changes.touches(PROSPECT, TOUCH, FOLLOW_UP, PROSPECT_TAG)
        elif query.text:
            moved = changes.touches(PROSPECT_TAG) or changes.touches_column(
                PROSPECT, *_SEARCHED_COLUMNS
            )
        else:
            moved = changes.touches_column(PROSPECT, "name")  # the order by name
        if moved:
            ids = self._service.prospect_id_array(query)
            if ids != self._ids:
                self.refresh(ids)
                return
        self.refresh_ids(changes.prospect_ids)

    def _reload(self, keep_rows: int, ids: array[int] | None = None) -> None:
        self._ids = ids if ids is not None else self._service.prospect_id_array(self._query)
        self._cache.clear()
        self._blocks.clear()
        self._loaded = min(len(self._ids), max(self.PAGE_SIZE, keep_rows))

    def all_ids(self) -> list[int]:
        """Every listed prospect's id, in list order (rows not yet fetched too)."""
        return list(self._ids)

    def total_count(self) -> int:
        """How many prospects match the query, fetched as rows or not."""
        return len(self._ids)

    def prospect_id(self, row: int) -> int:
        if not 0 <= row < self._loaded:
            raise IndexError(f"row {row} is not in the list")
        return self._ids[row]

    def row_of(self, prospect_id: int) -> int | None:
        """The row of a prospect, fetching rows up to it; None when it is not listed."""
        row = self._listed_row(prospect_id)
        if row is None:
            return None
        if row >= self._loaded:
            last = min(len(self._ids), (row // self.PAGE_SIZE + 1) * self.PAGE_SIZE)
            self.beginInsertRows(QModelIndex(), self._loaded, last - 1)
            self._loaded = last
            self.endInsertRows()
        return row

    def summary(self, row: int) -> ProspectSummary | None:
        """The row's prospect and figures; None if it was deleted since the query."""
        if not 0 <= row < self._loaded:
            return None
        block = row // self.BLOCK_SIZE
        if block not in self._blocks:
            self._load_block(block)
        return self._cache.get(self._ids[row])

    def _load_block(self, block: int) -> None:
        ids = list(self._ids[block * self.BLOCK_SIZE : (block + 1) * self.BLOCK_SIZE])
        for found in self._service.summaries(ids):
            if found.prospect.id is not None:
                self._cache[found.prospect.id] = found
        self._blocks[block] = ids
        while len(self._blocks) > self.MAX_CACHED_BLOCKS:
            farthest = max(self._blocks, key=lambda b: abs(b - block))
            for pid in self._blocks.pop(farthest):
                self._cache.pop(pid, None)

    # -- Qt's model interface -------------------------------------------------
    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def canFetchMore(self, parent: _ModelIndex) -> bool:
        return not parent.isValid() and self._loaded < len(self._ids)

    def fetchMore(self, parent: _ModelIndex) -> None:
        if parent.isValid():
            return
        count = min(self.PAGE_SIZE, len(self._ids) - self._loaded)
        if count <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + count - 1)
        self._loaded += count
        self.endInsertRows()

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        return leaf_flags(index)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMN_TITLES[column])
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.TOUCHES:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, section = index.row(), index.column()
        if not (0 <= row < self._loaded and 0 <= section < len(Column)):
            return None
        if role == PROSPECT_ID_ROLE:
            return self._ids[row]
        found = self.summary(row)
        if found is None:
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(found, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Tooltips render rich text when it looks like HTML: never put stored text in one.
            return self._tool_tip(found, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column is Column.NAME and _lacks_next_step(found):
                return self._warning()
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.TOUCHES:
            return Qt.AlignmentFlag.AlignCenter
        if column is Column.NEXT_FOLLOW_UP and self._is_overdue(found):
            if role == Qt.ItemDataRole.ForegroundRole:
                return overdue_color()
            # The red says it on screen; a screen reader says it in words.
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _("{when}, overdue").format(when=self._display(found, column))
            if role == Qt.ItemDataRole.AccessibleDescriptionRole:
                return _("Overdue")
            if role == Qt.ItemDataRole.FontRole:
                return self._bold_font()
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in the database: the same query with another ORDER BY."""
        if not 0 <= column < len(Column):
            return
        key = SORT_KEYS[Column(column)]
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._query.sort, self._query.descending):
            return
        self.set_query(replace(self._query, sort=key, descending=descending))

    # -- what a cell shows ----------------------------------------------------
    def _display(self, found: ProspectSummary, column: Column) -> str:
        prospect = found.prospect
        if column is Column.NAME:
            return prospect.name
        if column is Column.COMPANY:
            return prospect.company or "—"
        if column is Column.STAGE:
            return STAGE_LABELS[prospect.stage]
        if column is Column.TOUCHES:
            return str(found.touch_count)
        if column is Column.LAST_TOUCH:
            if found.last_touch_at is None:
                return _("never")
            return relative_when(found.last_touch_at, self._service.now())
        if prospect.stage.is_closed:
            return "—"
        if found.next_due_at is None:
            return pgettext("next follow-up", "none")
        return relative_when(found.next_due_at, self._service.now())

    def _tool_tip(self, found: ProspectSummary, column: Column) -> str | None:
        # The summaries hold moments in UTC: the tooltip says them in the user's zone.
        tz = self._service.clock.tz
        if column is Column.LAST_TOUCH and found.last_touch_at is not None:
            return absolute_when(found.last_touch_at.astimezone(tz))
        if column is Column.NEXT_FOLLOW_UP and found.prospect.stage.is_open:
            if found.next_due_at is not None:
                return absolute_when(found.next_due_at.astimezone(tz))
            return _(NO_NEXT_STEP_TIP)
        if column is Column.NAME and _lacks_next_step(found):
            return _(NO_NEXT_STEP_TIP)
        return None

    def _is_overdue(self, found: ProspectSummary) -> bool:
        due = found.next_due_at
        return found.prospect.stage.is_open and due is not None and due < self._service.now()

    def _warning(self) -> QIcon:
        if self._warning_icon is None:
            style = QApplication.style()
            self._warning_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning_icon

    def _bold_font(self) -> QFont:
        if self._bold is None:
            self._bold = QFont()
            self._bold.setBold(True)
        return self._bold


def _lacks_next_step(found: ProspectSummary) -> bool:
    """Rule 1's defect: open, and nothing planned."""
    return found.prospect.stage.is_open and found.next_due_at is None


class MarkRoomDelegate(QStyledItemDelegate):
    """Keeps the room of a mark in every row, so marked and unmarked names line up.

    Painting is the standard delegate's: plain text, never HTML.
    """

    def initStyleOption(self, option: QStyleOptionViewItem, index: _ModelIndex) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class _WrappedLabel(QLabel):
    """Plain text that wraps and asks for the height its lines need at its width
    (a wrapped QLabel's minimum height is one line: squeezed, it is cut off)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)

    def _fit(self) -> None:
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()


@dataclass(frozen=True)
class ListViewState:
    """What one view of the list shows: its search text and its filters."""

    text: str = ""
    quick: QuickFilter = QuickFilter.ALL
    stage: Stage | None = None
    tag: str | None = None


class ProspectListWidget(QWidget):
    """Search, quick filters and the prospect table, with an empty state."""

    prospect_selected = Signal(int)
    prospect_activated = Signal(int)
    add_requested = Signal()
    import_requested = Signal()
    # The coach bar over the No next step and Revive lists: the prospect ids to act on.
    schedule_by_plan_requested = Signal(list)
    revive_requested = Signal(list)

    SEARCH_DELAY_MS = 150
    _DEFAULT_WIDTHS: ClassVar[dict[Column, int]] = {
        Column.NAME: 180,
        Column.COMPANY: 140,
        Column.STAGE: 85,
        Column.TOUCHES: 65,
        Column.LAST_TOUCH: 105,
    }

    def __init__(self, service: FollowUpService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._selected_id: int | None = None
        self._restore_id: int | None = None
        self.model = ProspectTableModel(service, parent=self)
        self._init_search()
        self._init_filters()
        self._init_table()
        self._init_empty_state()
        self._init_coach_bar()
        self._init_layout()
        self._connect_signals()
        self._update_state()

    # -- building -------------------------------------------------------------
    def _init_search(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(_("Search prospects"))
        self.search_edit.setPlaceholderText(_("Search name, company, e-mail, phone, tag, notes…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.installEventFilter(self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)

    def _init_filters(self) -> None:
        self._quick_group = QButtonGroup(self)
        self._quick_group.setExclusive(True)
        self.quick_buttons: dict[QuickFilter, QToolButton] = {}
        for number, quick in enumerate(QuickFilter):
            button = QToolButton()
            button.setText(_(QUICK_FILTER_LABELS[quick]))
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setChecked(quick is QuickFilter.ALL)
            self._quick_group.addButton(button, number)
            self.quick_buttons[quick] = button
        self.stage_combo = QComboBox()
        self.stage_combo.addItem(_("Any stage"), "")
        for stage in Stage:
            self.stage_combo.addItem(STAGE_LABELS[stage], stage.value)
        self.stage_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tag_button = QToolButton()
        self.tag_button.setAutoRaise(True)
        self.tag_button.setToolTip(_("Show prospects with any tag"))
        self.tag_button.hide()

    def _init_table(self) -> None:
        self.table = QTableView()
        self.table.setAccessibleName(_("Prospects"))
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(Column.NAME, MarkRoomDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows can be chosen (Ctrl/Shift) to put them on a plan at once.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        # The indicator first: enabling sorting sorts by it, and this order needs no new query.
        self.table.horizontalHeader().setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        rows = self.table.verticalHeader()
        rows.hide()
        # Fixed heights: the view never measures 100k rows to lay them out.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # The stage column fits its longest name (in the language in use).
        metrics = self.table.fontMetrics()
        stage = max(metrics.horizontalAdvance(label) for label in STAGE_LABELS.values()) + 16
        widths = dict(self._DEFAULT_WIDTHS)
        widths[Column.STAGE] = max(widths[Column.STAGE], stage)
        resize_sections(header, widths)

    def _init_empty_state(self) -> None:
        self.empty_page = QWidget()
        layout = QVBoxLayout(self.empty_page)
        layout.addStretch()
        self.empty_label = _plain_label()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty_label)
        self.empty_button = QPushButton()
        # With no prospects at all, importing is the first thing to offer.
        self.empty_import_button = QPushButton(_("Import contacts…"))
        self.empty_import_button.hide()
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.empty_import_button)
        buttons.addWidget(self.empty_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        layout.addStretch()

    def _init_coach_bar(self) -> None:
        """What the No next step and Revive lists ask for, one click away."""
        self.coach_bar = QFrame()
        self.coach_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.coach_bar.setAccessibleName(_("Coach"))
        self.coach_label = _WrappedLabel()
        self.coach_all_button = QPushButton()
        self.coach_selected_button = QPushButton(_("Revive selected"))
        self.coach_selected_button.setToolTip(
            _("Put only the prospects chosen in the list (Ctrl or Shift click) on the revive plan")
        )
        # The words above the buttons: the whole width of a narrow window for them.
        bar = QVBoxLayout(self.coach_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        bar.addWidget(self.coach_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.coach_selected_button)
        buttons.addWidget(self.coach_all_button)
        bar.addLayout(buttons)
        self.coach_bar.hide()

    def _init_layout(self) -> None:
        # The quick filters wrap onto a second row in a narrow window.
        self.filter_row = flow_widget([*self.quick_buttons.values(), self.tag_button], spacing=2)
        filters = QHBoxLayout()
        filters.addWidget(self.filter_row, 1)
        filters.addWidget(self.stage_combo, 0, Qt.AlignmentFlag.AlignTop)

        self._pages = QStackedWidget()
        self._pages.addWidget(self.table)
        self._pages.addWidget(self.empty_page)

        self.count_label = _plain_label()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.search_edit)
        layout.addLayout(filters)
        layout.addWidget(self.coach_bar)
        layout.addWidget(self._pages, 1)
        layout.addWidget(self.count_label)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._quick_group.idClicked.connect(self._on_quick_group_id_clicked)
        self.stage_combo.activated.connect(self._on_stage_combo_activated)
        self.tag_button.clicked.connect(self._on_tag_button_clicked)
        self.empty_button.clicked.connect(self._on_empty_button_clicked)
        self.empty_import_button.clicked.connect(self.import_requested)
        self.coach_all_button.clicked.connect(self._on_coach_all_button_clicked)
        self.coach_selected_button.clicked.connect(self._on_coach_selected_button_clicked)
        self.model.modelAboutToBeReset.connect(self._on_model_model_about_to_be_reset)
        self.model.modelReset.connect(self._on_model_model_reset)
        self.table.selectionModel().currentRowChanged.connect(
            self._on_selection_current_row_changed
        )
        self.table.activated.connect(self._on_table_activated)

    # -- public API -------------------------------------------------------------
    def set_quick_filter(self, quick: QuickFilter) -> None:
        self.quick_buttons[quick].setChecked(True)
        self._apply(quick=quick)

    def set_stage(self, stage: Stage | None) -> None:
        self.stage_combo.setCurrentIndex(self._stage_index(stage))
        self._apply(stage=stage)

    def set_tag(self, tag: str | None) -> None:
        self._apply(tag=tag or None)

    def set_filters(self, quick: QuickFilter, tag: str | None) -> None:
        """Set the quick filter and tag together: one query, not two."""
        self.quick_buttons[quick].setChecked(True)
        self._apply(quick=quick, tag=tag or None)

    def view_state(self) -> ListViewState:
        """The search text (as typed, applied or not) and the filters shown now."""
        query = self.model.query()
        return ListViewState(self.search_edit.text(), query.quick, query.stage, query.tag)

    def set_view_state(self, state: ListViewState) -> None:
        """Show another view's search and filters: one query, the controls to match."""
        self._search_timer.stop()
        with QSignalBlocker(self.search_edit):
            self.search_edit.setText(state.text)
        self._apply(text=state.text.strip(), quick=state.quick, stage=state.stage, tag=state.tag)
        self._sync_controls()

    def apply_search_now(self) -> None:
        """Search for the search box's text without waiting for the typing pause."""
        self._search_timer.stop()
        self._apply(text=self.search_edit.text().strip())

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def select_prospect(self, prospect_id: int) -> bool:
        """Make a prospect the current row, scrolled into view; False if not listed."""
        row = self.model.row_of(prospect_id)
        if row is None:
            return False
        index = self.model.index(row, Column.NAME)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def selected_prospect_ids(self) -> list[int]:
        """The prospects chosen in the list, in list order (the current one if none)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.model.prospect_id(row) for row in rows]
        current = self.current_prospect_id()
        return ids or ([current] if current is not None else [])

    def neighbour_of(self, prospect_id: int) -> int | None:
        """The prospect listed after this one, or before it when it is the last."""
        ids = self.model.all_ids()
        row = self.model.row_of_loaded(prospect_id)
        if row is None:
            return None
        if row + 1 < len(ids):
            return ids[row + 1]
        return ids[row - 1] if row > 0 else None

    def listed_prospect_ids(self) -> list[int]:
        """Every prospect the list holds, loaded or not."""
        return self.model.all_ids()

    def current_prospect_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.model.prospect_id(index.row())

    def refresh(self) -> None:
        """Re-read the list; the same prospect stays selected if it is still listed."""
        self.model.refresh()

    def apply_changes(self, changes: Changes) -> None:
        """Re-read only the rows a change set touches (all of them when it moves rows)."""
        self.model.apply_changes(changes)

    def save_state(self) -> dict[str, Any]:
        query = self.model.query()
        header = self.table.horizontalHeader()
        return {
            "header": bytes(header.saveState().toBase64().data()).decode("ascii"),
            "quick_filter": query.quick.value,
            "stage": query.stage.value if query.stage is not None else None,
            "sort_column": header.sortIndicatorSection(),
            "sort_order": (
                "descending"
                if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
                else "ascending"
            ),
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        """Put back what ``save_state`` returned; unknown or damaged values are ignored."""
        changes: dict[str, Any] = {}
        with contextlib.suppress(ValueError):
            changes["quick"] = QuickFilter(state.get("quick_filter", QuickFilter.ALL.value))
        stage = state.get("stage")
        with contextlib.suppress(ValueError):
            changes["stage"] = Stage(stage) if stage is not None else None
        column = state.get("sort_column")
        if isinstance(column, int) and 0 <= column < len(Column):
            changes["sort"] = SORT_KEYS[Column(column)]
            changes["descending"] = state.get("sort_order") == "descending"
        # One query for everything restored; the header's sort indicator then
        # matches the query, so restoring it asks for no other.
        self._apply(**changes)
        saved_header = state.get("header")
        if isinstance(saved_header, str):
            blob = QByteArray.fromBase64(QByteArray(saved_header.encode("ascii", "ignore")))
            self.table.horizontalHeader().restoreState(blob)
        self._sync_controls()

    # -- slots ------------------------------------------------------------------
    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_edit_return_pressed(self) -> None:
        self.apply_search_now()

    def _on_search_timer_timeout(self) -> None:
        self._apply(text=self.search_edit.text().strip())

    def _on_quick_group_id_clicked(self, number: int) -> None:
        self._apply(quick=list(QuickFilter)[number])

    def _on_stage_combo_activated(self, index: int) -> None:
        value = self.stage_combo.itemData(index)
        self._apply(stage=Stage(value) if value else None)

    def _on_tag_button_clicked(self) -> None:
        self._apply(tag=None)

    def _on_empty_button_clicked(self) -> None:
        query = self.model.query()
        if query.text:
            self.search_edit.clear()
            self.apply_search_now()
        elif _is_filtered(query):
            self._apply(quick=QuickFilter.ALL, stage=None, tag=None)
            self._sync_controls()
        else:
            self.add_requested.emit()

    def _on_coach_all_button_clicked(self) -> None:
        ids = self.listed_prospect_ids()
        if self.model.query().quick is QuickFilter.REVIVE:
            self.revive_requested.emit(ids)
        else:
            self.schedule_by_plan_requested.emit(ids)

    def _on_coach_selected_button_clicked(self) -> None:
        self.revive_requested.emit(self.selected_prospect_ids())

    def _on_model_model_about_to_be_reset(self) -> None:
        self._restore_id = self.current_prospect_id()

    def _on_model_model_reset(self) -> None:
        restore, self._restore_id = self._restore_id, None
        if restore is None or not self.select_prospect(restore):
            self._selected_id = None
        self._update_state()

    def _on_selection_current_row_changed(
        self, current: QModelIndex, _previous: QModelIndex
    ) -> None:
        prospect_id = self.model.prospect_id(current.row()) if current.isValid() else None
        if prospect_id == self._selected_id:
            return
        self._selected_id = prospect_id
        if prospect_id is not None:
            self.prospect_selected.emit(prospect_id)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.prospect_activated.emit(self.model.prospect_id(index.row()))

    # -- helpers ----------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves to the list, as in a launcher."""
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount() > 0
        ):
            if self.current_prospect_id() is None:
                self.select_prospect(self.model.prospect_id(0))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _apply(self, **changes: Any) -> None:
        query = replace(self.model.query(), **changes)
        if query != self.model.query():
            self.model.set_query(query)

    def _sync_controls(self) -> None:
        """Make the filter buttons, stage combo and sort indicator show the query."""
        query = self.model.query()
        self.quick_buttons[query.quick].setChecked(True)
        self.stage_combo.setCurrentIndex(self._stage_index(query.stage))
        column = next(c for c, key in SORT_KEYS.items() if key is query.sort)
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        # The model already has this order: sort() sees no change and does not query again.
        header.setSortIndicator(column, order)
        self._update_state()

    def _stage_index(self, stage: Stage | None) -> int:
        return self.stage_combo.findData(stage.value if stage is not None else "")

    def _update_state(self) -> None:
        """The count, the tag chip, and the table or the empty state."""
        total = self.model.total_count()
        query = self.model.query()
        self.count_label.setText(
            ngettext("{n} prospect", "{n} prospects", total).format(n=number_text(total))
        )
        self.tag_button.setVisible(bool(query.tag))
        self.tag_button.setText(f"#{query.tag} ✕" if query.tag else "")
        self._update_coach_bar(total)
        if total:
            self._pages.setCurrentWidget(self.table)
            return
        if query.text:
            if _is_filtered(query):
                words = _("No prospects match “{text}” with these filters.")
            else:
                words = _("No prospects match “{text}”.")
            self.empty_label.setText(words.format(text=query.text))
            self.empty_button.setText(_("Clear the search"))
        elif _is_filtered(query):
            self.empty_label.setText(_(_EMPTY_TEXTS.get(query.quick, _EMPTY_FILTERED)))
            if query.stage is not None or query.tag:
                self.empty_label.setText(_(_EMPTY_FILTERED))
            self.empty_button.setText(_("Show all prospects"))
        else:
            self.empty_label.setText(_("No prospects yet: import your contacts or add one."))
            self.empty_button.setText(_("Add prospect"))
        self.empty_import_button.setVisible(not query.text and not _is_filtered(query))
        self._pages.setCurrentWidget(self.empty_page)

    def _update_coach_bar(self, total: int) -> None:
        quick = self.model.query().quick
        shown = bool(total) and quick in (QuickFilter.NO_NEXT_STEP, QuickFilter.REVIVE)
        self.coach_bar.setVisible(shown)
        if not shown:
            return
        n = number_text(total)
        if quick is QuickFilter.NO_NEXT_STEP:
            self.coach_label.setText(
                ngettext(
                    "{n} prospect is open and without a dated next step. "
                    "Every open prospect needs one until a Yes or a No.",
                    "{n} prospects are open and without a dated next step. "
                    "Every open prospect needs one until a Yes or a No.",
                    total,
                ).format(n=n)
            )
            self.coach_all_button.setText(
                ngettext("Schedule it by plan", "Schedule all {n} by plan", total).format(n=n)
            )
            self.coach_all_button.setToolTip(
                _("Give each the next step of its plan, counted from its last touch")
            )
            self.coach_selected_button.hide()
            return
        policy = self._service.coach_settings.revive_policy()
        self.coach_label.setText(
            ngettext(
                "{n} prospect is worth reaching back out to: dropped after a touch or two, "
                "or lost for timing.",
                "{n} prospects are worth reaching back out to: dropped after a touch or two, "
                "or lost for timing.",
                total,
            ).format(n=n)
        )
        self.coach_label.setToolTip(
            " ".join(
                (
                    ngettext(
                        "Dropped: one or two touches and silent for over {n} day.",
                        "Dropped: one or two touches and silent for over {n} days.",
                        policy.silent_days,
                    ).format(n=policy.silent_days),
                    ngettext(
                        "Lost for timing: more than {n} month ago.",
                        "Lost for timing: more than {n} months ago.",
                        policy.lost_months,
                    ).format(n=policy.lost_months),
                    _("Tools › Follow-up plans… changes both."),
                )
            )
        )
        self.coach_all_button.setText(ngettext("Revive it", "Revive all {n}", total).format(n=n))
        self.coach_all_button.setToolTip(
            _("Put them on the revive plan: reach back out now, then again two weeks later")
        )
        self.coach_selected_button.setVisible(total > 1)


_EMPTY_FILTERED = N_("No prospects match these filters.")
# The coach's lists, empty: good news, said as such.
_EMPTY_TEXTS = {
    QuickFilter.NO_NEXT_STEP: N_("Every open prospect has a dated next step."),
    QuickFilter.REVIVE: N_(
        "Nobody to revive: no prospect was dropped after one or two touches, "
        "and none lost for timing is due to be asked again."
    ),
}


def _is_filtered(query: ProspectQuery) -> bool:
    return query.quick is not QuickFilter.ALL or query.stage is not None or bool(query.tag)
