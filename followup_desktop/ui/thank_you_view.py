"""The thank-you view: whom to write a handwritten note to, what about, where to send it.

``ThankYouModel`` adapts the queue (``ThankYouService.queue()``) to a table:
the name, the headline ("Meeting on 20 Nov: talked about the workshop") and
the envelope address on one or two lines, or a warning when there is none.
``ThankYouWidget`` shows it with the outputs (print preview, the list as a
PDF, address labels, envelopes) and turns "mark as sent", "remove" and
"open" into signals; the main window applies them (with undo), this view
writes nothing to the database.

Stored text is shown as plain text only: display roles, plain-text labels,
no rich-text tooltips, no HTML delegates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.errors import os_error_words
from followup_desktop.domain.thanks import ThankYouEntry
from followup_desktop.i18n import N_, _, ngettext, npgettext, pgettext
from followup_desktop.services import FollowUpService
from followup_desktop.services.settings import page_size_for_country
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.ui.accessibility import name_toolbar_overflow
from followup_desktop.ui.agenda import FocusedShortcuts
from followup_desktop.ui.context_menu import KeyboardContextMenu
from followup_desktop.ui.file_dialogs import THANK_YOU_PDF, RecentFolders
from followup_desktop.ui.format import overdue_color
from followup_desktop.ui.models import PagedRows, column_title, leaf_flags

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

# The printing modules (and QtPrintSupport) load when something is first printed.

ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
PROSPECT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
ADDRESS_MISSING_ROLE = Qt.ItemDataRole.UserRole + 3

# Shown with _(): the language is chosen after this module loads.
EMPTY_TEXT = N_("No thank-you notes to write. Meetings, wins and introductions add people here.")
MISSING_ADDRESS_TEXT = N_("No postal address — complete it on the card")

# Paper per home country: Letter in the US and Canada, A4 elsewhere.

SHEET_LABELS = {
    "avery-l7160": N_("Avery L7160 (A4, 3 × 7)"),
    "avery-5160": N_("Avery 5160 (US Letter, 3 × 10)"),
}
ENVELOPE_LABELS = {
    "dl": N_("DL (220 × 110 mm)"),
    "c5": N_("C5 (229 × 162 mm)"),
    "us10": N_("US #10 (9.5 × 4.125 in)"),
}

_ModelIndex = QModelIndex | QPersistentModelIndex


def two_line_address(lines: Sequence[str]) -> str:
    """A postal address on at most two lines: the first line, then the rest joined."""
    cleaned = [" ".join(line.split()) for line in lines if line.strip()]
    if len(cleaned) <= 2:
        return "\n".join(cleaned)
    return f"{cleaned[0]}\n{', '.join(cleaned[1:])}"


def with_pdf_suffix(path: str) -> str:
    return path if path.lower().endswith(".pdf") else f"{path}.pdf"


class Column(IntEnum):
    NAME = 0
    ABOUT = 1
    ADDRESS = 2


COLUMN_TITLES = {
    Column.NAME: N_("Name"),
    Column.ABOUT: N_("Thank them for"),
    Column.ADDRESS: N_("Envelope address"),
}


class ThankYouModel(QAbstractTableModel):
    """The thank-you queue as a table: name, headline, envelope address.

    A long queue is counted and read a page at a time as the view scrolls to
    its end (``canFetchMore``/``fetchMore``).
    """

    PAGE_SIZE = 200

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paged: PagedRows[ThankYouEntry] = PagedRows(self.PAGE_SIZE)

    def set_entries(self, entries: Sequence[ThankYouEntry]) -> None:
        self.beginResetModel()
        self._paged.set_all(entries)
        self.endResetModel()

    def set_source(
        self, total: int, fetch: Callable[[int, int], list[ThankYouEntry]], keep_rows: int = 0
    ) -> None:
        """Show ``total`` entries read by ``fetch(limit, offset)``: a page, or as many
        as were shown before (``keep_rows``, so a refresh keeps the place)."""
        self.beginResetModel()
        self._paged.set_source(total, fetch, keep_rows)
        self.endResetModel()

    def total(self) -> int:
        """How many entries the queue holds, read or not yet."""
        return self._paged.total

    def canFetchMore(self, parent: _ModelIndex) -> bool:
        return not parent.isValid() and self._paged.can_fetch_more()

    def fetchMore(self, parent: _ModelIndex) -> None:
        if not parent.isValid():
            self._paged.fetch_into(self)

    def entries(self) -> list[ThankYouEntry]:
        """The entries read so far (all of them in a short list)."""
        return list(self._paged.rows)

    def entry(self, index: _ModelIndex) -> ThankYouEntry | None:
        if not index.isValid() or index.model() is not self:
            return None
        row = index.row()
        return self._paged.rows[row] if 0 <= row < len(self._paged.rows) else None

    def row_of(self, entry_id: int) -> int:
        """The row of an entry, -1 when it is not listed."""
        for row, entry in enumerate(self._paged.rows):
            if entry.entry_id == entry_id:
                return row
        return -1

    # -- Qt's model interface -------------------------------------------------
    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._paged.rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        return leaf_flags(index)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        title = column_title(COLUMN_TITLES, section, orientation, role)
        return _(title) if isinstance(title, str) else title

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index)
        if entry is None:
            return None
        column = Column(index.column())
        if role == ENTRY_ID_ROLE:
            return entry.entry_id
        if role == PROSPECT_ID_ROLE:
            return entry.prospect_id
        if role == ADDRESS_MISSING_ROLE:
            return entry.address_missing
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.NAME:
                company = entry.company.strip()
                if company and company.casefold() != entry.name.strip().casefold():
                    return f"{entry.name}\n{company}"
                return entry.name
            if column is Column.ABOUT:
                return entry.headline
            if entry.address_missing or not entry.postal_lines:
                return _(MISSING_ADDRESS_TEXT)
            return two_line_address(entry.postal_lines)
        missing = column is Column.ADDRESS and (entry.address_missing or not entry.postal_lines)
        if role == Qt.ItemDataRole.ForegroundRole and missing:
            return overdue_color()
        if role == Qt.ItemDataRole.DecorationRole and missing:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # No ToolTipRole: Qt reads a tooltip that looks like HTML as rich text.
        return None


class LabelOptionsDialog(QDialog):
    """The label sheet and the first free label on it."""

    def __init__(self, default_sheet: str, parent: QWidget | None = None) -> None:
        from followup_desktop.printing.labels import SHEETS

        super().__init__(parent)
        self.setWindowTitle(_("Address labels"))
        self.sheet_combo = QComboBox()
        for key in SHEETS:
            self.sheet_combo.addItem(_(SHEET_LABELS[key]) if key in SHEET_LABELS else key, key)
        self.start_spin = QSpinBox()
        self.start_spin.setMinimum(1)
        hint = QLabel(_("Labels are filled row by row; start later to reuse a part-used sheet."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(_("Save as PDF…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("&Sheet:"), self.sheet_combo)
        form.addRow(_("Start at &label:"), self.start_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.sheet_combo.currentIndexChanged.connect(self._on_sheet_changed)
        position = self.sheet_combo.findData(default_sheet)
        self.sheet_combo.setCurrentIndex(max(0, position))
        self._on_sheet_changed()

    def _on_sheet_changed(self) -> None:
        from followup_desktop.printing.labels import SHEETS

        per_sheet = SHEETS[self.sheet()].per_sheet
        self.start_spin.setMaximum(per_sheet)
        # Translators: after the number of the first label: "3 of 21".
        self.start_spin.setSuffix(_(" of {count}").format(count=per_sheet))

    def sheet(self) -> str:
        return str(self.sheet_combo.currentData())

    def start_at(self) -> int:
        return self.start_spin.value()


class EnvelopeOptionsDialog(QDialog):
    """The envelope size; shows the sender's address printed in the corner."""

    def __init__(
        self, default_size: str, sender_lines: Sequence[str], parent: QWidget | None = None
    ) -> None:
        from followup_desktop.printing.envelopes import ENVELOPES

        super().__init__(parent)
        self.setWindowTitle(_("Envelopes"))
        self.size_combo = QComboBox()
        for key in ENVELOPES:
            self.size_combo.addItem(_(ENVELOPE_LABELS[key]) if key in ENVELOPE_LABELS else key, key)
        self.size_combo.setCurrentIndex(max(0, self.size_combo.findData(default_size)))
        sender = "\n".join(sender_lines) if sender_lines else _("None: set it in Preferences.")
        self.sender_label = QLabel(sender)
        self.sender_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sender_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save as PDF…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("&Size:"), self.size_combo)
        form.addRow(_("Sender:"), self.sender_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def size_key(self) -> str:
        return str(self.size_combo.currentData())


def ask_label_options(parent: QWidget, default_sheet: str) -> tuple[str, int] | None:
    """A modal ``LabelOptionsDialog``: (sheet, first label), None when cancelled."""
    dialog = LabelOptionsDialog(default_sheet, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.sheet(), dialog.start_at()
        return None
    finally:
        dialog.deleteLater()


def ask_envelope_size(
    parent: QWidget, default_size: str, sender_lines: Sequence[str]
) -> str | None:
    """A modal ``EnvelopeOptionsDialog``: the envelope size, None when cancelled."""
    dialog = EnvelopeOptionsDialog(default_size, sender_lines, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.size_key()
        return None
    finally:
        dialog.deleteLater()


class ThankYouWidget(QWidget):
    """The thank-you list with its outputs and the actions an entry allows.

    ``mark_sent_requested``, ``remove_requested`` and ``open_requested`` are
    for the main window to apply (with undo); then it calls ``refresh()``.
    ``status_message`` reports what an output wrote (for a status bar).
    """

    mark_sent_requested = Signal(list)  # entry ids
    remove_requested = Signal(int)  # entry id
    open_requested = Signal(int)  # prospect id
    address_requested = Signal(int)  # prospect id: complete the postal address
    count_changed = Signal(int)
    selection_changed = Signal()
    status_message = Signal(str)

    def __init__(
        self,
        service: FollowUpService,
        thanks: ThankYouService,
        parent: QWidget | None = None,
        *,
        load: bool = True,
    ) -> None:
        """``load=False`` leaves the list to be read when it is first shown."""
        super().__init__(parent)
        self._service = service
        self._thanks = thanks
        self._sender_lines: list[str] = []
        self._page_size = page_size_for_country(service.home_country)
        self._count = -1
        # Replaced in tests: each asks the user and returns None when cancelled.
        self.ask_save_path: Callable[[str], str | None] = self._ask_save_path
        self.folders = RecentFolders()  # the window hands over its own, kept in its settings
        self.ask_label_options: Callable[[str], tuple[str, int] | None] = lambda sheet: (
            ask_label_options(self, sheet)
        )
        self.ask_envelope_size: Callable[[str], str | None] = lambda size: ask_envelope_size(
            self, size, self._sender_lines
        )
        self.show_error: Callable[[str], None] = lambda text: self._show_error(text)
        self._init_view()
        self._init_actions()
        self._init_layout()
        self._connect_signals()
        if load:
            self.refresh()

    # -- construction ------------------------------------------------------
    def _init_view(self) -> None:
        self.model = ThankYouModel(self)
        self.view = QTreeView()
        self.view.setObjectName("thank_you_view")
        self.view.setAccessibleName(_("Thank-you notes to send"))
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setUniformRowHeights(False)  # a row has one or two lines
        self.view.setWordWrap(False)  # a line too long is elided: rows stay one or two lines
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.keyboard_menu = KeyboardContextMenu(self.view)
        # The address keeps its lines whole; the headline takes the space left.
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.ABOUT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.ADDRESS, QHeaderView.ResizeMode.ResizeToContents)
        em = self.view.fontMetrics().horizontalAdvance("M")
        header.resizeSection(Column.NAME, em * 19)

    def _init_actions(self) -> None:
        def action(text: str, *shortcuts: str | QKeySequence.StandardKey | Qt.Key) -> QAction:
            act = QAction(text, self)
            if shortcuts:
                act.setShortcuts([QKeySequence(s) for s in shortcuts])
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return act

        self.print_action = action(_("&Print…"))
        self.save_pdf_action = action(_("Save as P&DF…"))
        self.labels_action = action(_("&Labels…"))
        self.envelopes_action = action(_("&Envelopes…"))
        self.mark_sent_action = action(_("&Mark as sent"))
        self.mark_all_sent_action = action(_("Mark &all as sent"))
        self.remove_action = action(_("&Remove from list"), QKeySequence.StandardKey.Delete)
        self.open_action = action(_("&Open prospect"), Qt.Key.Key_Return, Qt.Key.Key_Enter)
        self.address_action = action(_("Complete &address…"), "F2")
        # A toolbar button drops the "…" of its action's text: keep it, it means a dialog.
        for act in (
            self.print_action,
            self.save_pdf_action,
            self.labels_action,
            self.envelopes_action,
        ):
            act.setIconText(act.text().replace("&", ""))
        # The toolbar's own labels, which a language may shorten to fit the row of
        # buttons; menus and tooltips keep the full texts.
        for act, short in (
            # Translators: a short toolbar label; its menu entry says it in full.
            (self.mark_all_sent_action, pgettext("toolbar", "Mark all as sent")),
            (self.remove_action, pgettext("toolbar", "Remove from list")),
            (self.open_action, pgettext("toolbar", "Open prospect")),
        ):
            act.setIconText(short)
            act.setToolTip(act.text().replace("&", ""))
        self._set_mark_sent_texts(1)
        self.output_actions = [
            self.print_action,
            self.save_pdf_action,
            self.labels_action,
            self.envelopes_action,
        ]
        self.entry_actions = [
            self.mark_sent_action,
            self.remove_action,
            self.open_action,
            self.address_action,
        ]
        for act in self.entry_actions:
            self.view.addAction(act)
        self._shortcuts = FocusedShortcuts(self.view, [self.remove_action, self.open_action])

    def _init_layout(self) -> None:
        self.toolbar = QToolBar(_("Thank-you notes"))
        name_toolbar_overflow(self.toolbar)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in self.output_actions:
            self.toolbar.addAction(act)
        self.toolbar.addSeparator()
        for act in (
            self.mark_sent_action,
            self.mark_all_sent_action,
            self.remove_action,
            self.open_action,
        ):
            self.toolbar.addAction(act)
        self.count_label = QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setContentsMargins(6, 0, 6, 0)

        empty = QWidget()
        layout = QVBoxLayout(empty)
        layout.addStretch()
        self.empty_label = QLabel(_(EMPTY_TEXT))
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        layout.addStretch()
        self._stack = QStackedWidget()
        self._stack.addWidget(self.view)
        self._stack.addWidget(empty)
        self._empty_page = empty

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.addWidget(self.toolbar)
        outer.addWidget(self.count_label)
        outer.addWidget(self._stack)

    def _connect_signals(self) -> None:
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.print_action.triggered.connect(self._on_print_triggered)
        self.save_pdf_action.triggered.connect(self._on_save_pdf_triggered)
        self.labels_action.triggered.connect(self._on_labels_triggered)
        self.envelopes_action.triggered.connect(self._on_envelopes_triggered)
        self.mark_sent_action.triggered.connect(self._on_mark_sent_triggered)
        self.mark_all_sent_action.triggered.connect(self._on_mark_all_sent_triggered)
        self.remove_action.triggered.connect(self._on_remove_triggered)
        self.open_action.triggered.connect(self._on_open_triggered)
        self.address_action.triggered.connect(self._on_address_triggered)

    # -- public API ----------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the queue; the selected entries that are still listed stay selected."""
        selected = self.selected_entry_ids()
        current = self.model.entry(self.view.currentIndex())
        current_row = self.view.currentIndex().row()
        total = self._thanks.count()
        self.model.set_source(total, self._thanks.queue, keep_rows=self.model.rowCount())
        self._restore_selection(selected, current.entry_id if current else None, current_row)
        count = total
        self._stack.setCurrentWidget(self._empty_page if count == 0 else self.view)
        self.count_label.setText(
            ngettext(
                "{count} thank-you note to write", "{count} thank-you notes to write", count
            ).format(count=QLocale().toString(count))
        )
        self.count_label.setVisible(count > 0)
        self._update_actions()
        if count != self._count:
            self._count = count
            self.count_changed.emit(count)

    def count(self) -> int:
        """How many notes are on the list (for the navigation)."""
        return self.model.total()

    def entries(self) -> list[ThankYouEntry]:
        """Every note on the list, read or not yet shown (what printing prints)."""
        if self.model.rowCount() >= self.model.total():
            return self.model.entries()
        return self._thanks.queue()

    def selected_entry_ids(self) -> list[int]:
        """The selected entries' ids, in list order."""
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        entries = self.model.entries()
        return [entries[row].entry_id for row in rows if 0 <= row < len(entries)]

    def selected_prospect_id(self) -> int | None:
        """The prospect of the current entry (the first chosen when several are)."""
        index = self.view.currentIndex()
        entry = self.model.entry(index) if index.isValid() else None
        if entry is None or entry.entry_id not in self.selected_entry_ids():
            ids = self.selected_entry_ids()
            if not ids:
                return None
            entry = self.model.entries()[self.model.row_of(ids[0])]
        return entry.prospect_id

    def select_entries(self, entry_ids: Sequence[int]) -> None:
        """Select these entries (those listed); the first becomes current."""
        selection = QItemSelection()
        first: QModelIndex | None = None
        for entry_id in entry_ids:
            row = self.model.row_of(entry_id)
            if row < 0:
                continue
            left = self.model.index(row, 0)
            selection.select(left, self.model.index(row, self.model.columnCount() - 1))
            first = first or left
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        selection_model = self.view.selectionModel()
        if first is None:
            selection_model.clearSelection()
            return
        selection_model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        selection_model.select(selection, flags | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(first)

    def set_sender_lines(self, lines: Sequence[str]) -> None:
        """The sender's address printed on envelopes (from the preferences)."""
        self._sender_lines = [line.strip() for line in lines if line.strip()]

    def sender_lines(self) -> list[str]:
        return list(self._sender_lines)

    def set_page_size(self, page_size: str) -> None:
        """ "A4" or "Letter": the list's paper and the default label sheet and envelope."""
        self._page_size = "Letter" if page_size.strip().lower() == "letter" else "A4"

    def page_size(self) -> str:
        return self._page_size

    def today(self) -> date:
        return self._service.now().astimezone(self._service.clock.tz).date()

    # -- outputs -------------------------------------------------------------
    def paint_list(self, printer: QPrinter) -> int:
        """Paint the list on a printer (print preview's paintRequested); the page count,
        0 when the printer failed (said in a message)."""
        from followup_desktop.printing.thank_you import print_thank_you_list

        try:
            return print_thank_you_list(self.entries(), printer, today=self.today())
        except OSError as error:
            self.show_error(
                _("Could not print the list: {reason}.").format(reason=os_error_words(error))
            )
            return 0

    def save_list_pdf(self, path: str) -> int:
        """Write the list as a PDF; the page count."""
        from followup_desktop.printing.thank_you import write_thank_you_list

        return write_thank_you_list(
            self.entries(), path, page_size=self._page_size, today=self.today()
        )

    def _suggested(self, stem: str) -> str:
        return f"{stem}-{self.today().isoformat()}.pdf"

    def _on_print_triggered(self) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from followup_desktop.printing.thank_you import default_title, setup_printer

        if not self.model.rowCount():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(default_title())
        # The preferred paper, as Save as PDF uses; the preview's page setup may change it.
        setup_printer(printer, self._page_size)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(_("Print thank-you notes"))
        dialog.paintRequested.connect(self.paint_list)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def _on_save_pdf_triggered(self) -> None:
        if not self.model.rowCount():
            return
        path = self.ask_save_path(self._suggested("thank-you-notes"))
        if not path:
            return
        try:
            pages = self.save_list_pdf(path)
        except OSError as error:
            self.show_error(
                _("Could not save the list to {path}: {reason}.").format(
                    path=path, reason=os_error_words(error)
                )
            )
            return
        self.status_message.emit(
            ngettext(
                "Saved the thank-you list ({count} page) to {path}",
                "Saved the thank-you list ({count} pages) to {path}",
                pages,
            ).format(count=pages, path=path)
        )

    def _on_labels_triggered(self) -> None:
        from followup_desktop.printing.labels import write_labels

        if not self.model.rowCount():
            return
        default = "avery-5160" if self._page_size == "Letter" else "avery-l7160"
        options = self.ask_label_options(default)
        if options is None:
            return
        sheet, start_at = options
        path = self.ask_save_path(self._suggested("address-labels"))
        if not path:
            return
        try:
            skipped = write_labels(self.entries(), path, sheet=sheet, start_at=start_at)
        except OSError as error:
            self.show_error(
                _("Could not save the labels to {path}: {reason}.").format(
                    path=path, reason=os_error_words(error)
                )
            )
            return
        except ValueError as error:
            self.show_error(_("Could not save the labels: {reason}").format(reason=error))
            return
        saved = _("Saved the labels to {path}").format(path=path)
        self.status_message.emit(self._with_skipped(saved, skipped))

    def _on_envelopes_triggered(self) -> None:
        from followup_desktop.printing.envelopes import write_envelopes

        if not self.model.rowCount():
            return
        default = "us10" if self._page_size == "Letter" else "dl"
        size = self.ask_envelope_size(default)
        if size is None:
            return
        path = self.ask_save_path(self._suggested("envelopes"))
        if not path:
            return
        try:
            skipped = write_envelopes(
                self.entries(), path, size=size, sender_lines=self._sender_lines
            )
        except OSError as error:
            self.show_error(
                _("Could not save the envelopes to {path}: {reason}.").format(
                    path=path, reason=os_error_words(error)
                )
            )
            return
        except ValueError as error:
            self.show_error(_("Could not save the envelopes: {reason}").format(reason=error))
            return
        saved = _("Saved the envelopes to {path}").format(path=path)
        self.status_message.emit(self._with_skipped(saved, skipped))

    @staticmethod
    def _with_skipped(saved: str, skipped: Sequence[str]) -> str:
        """What was saved, and who was left out for want of an address."""
        if not skipped:
            return saved
        return ngettext(
            "{saved}; skipped {count} without a postal address: {names}",
            "{saved}; skipped {count} without a postal address: {names}",
            len(skipped),
        ).format(saved=saved, count=len(skipped), names=", ".join(skipped))

    def _ask_save_path(self, suggested: str) -> str | None:
        start = self.folders.start(THANK_YOU_PDF, suggested)
        path, _kind = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), start, _("PDF files (*.pdf)")
        )
        if not path:
            return None
        self.folders.remember(THANK_YOU_PDF, path)
        return with_pdf_suffix(path)

    def _show_error(self, text: str) -> None:
        QMessageBox.warning(self, _("Thank-you notes"), text)

    # -- selection and actions -------------------------------------------------
    def _restore_selection(
        self, selected: Sequence[int], current_id: int | None, current_row: int
    ) -> None:
        still = [i for i in selected if self.model.row_of(i) >= 0]
        if current_id is not None and current_id in still:
            still.remove(current_id)
            still.insert(0, current_id)
        if still:
            self.select_entries(still)
        elif selected and self.model.rowCount():
            # The selected entries left the list: their neighbour, for the next key.
            row = min(max(current_row, 0), self.model.rowCount() - 1)
            self.select_entries([self.model.entries()[row].entry_id])

    def _update_actions(self) -> None:
        has_entries = self.model.rowCount() > 0
        for act in self.output_actions:
            act.setEnabled(has_entries)
        self.mark_all_sent_action.setEnabled(has_entries)
        chosen = len(self.selected_entry_ids())
        self.mark_sent_action.setEnabled(chosen > 0)
        self._set_mark_sent_texts(chosen)
        self.remove_action.setEnabled(chosen == 1)
        self.address_action.setEnabled(chosen == 1)
        self.open_action.setEnabled(chosen == 1)

    def _set_mark_sent_texts(self, chosen: int) -> None:
        """The texts of Mark as sent ("Mark 3 as sent" when several are chosen): in menus,
        on the toolbar (a language may shorten it there) and in its tooltip."""
        if chosen <= 1:
            text = _("&Mark as sent")
            # Translators: a short toolbar label; its menu entry says it in full.
            short = pgettext("toolbar", "Mark as sent")
        else:
            text = ngettext("&Mark {count} as sent", "&Mark {count} as sent", chosen)
            short = npgettext("toolbar", "Mark {count} as sent", "Mark {count} as sent", chosen)
        self.mark_sent_action.setText(text.format(count=chosen))
        self.mark_sent_action.setIconText(short.format(count=chosen))
        self.mark_sent_action.setToolTip(text.format(count=chosen).replace("&", ""))

    def _single(self) -> ThankYouEntry | None:
        ids = self.selected_entry_ids()
        if len(ids) != 1:
            return None
        row = self.model.row_of(ids[0])
        return self.model.entries()[row]

    def _on_selection_changed(self, *_args: object) -> None:
        self._update_actions()
        self.selection_changed.emit()

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        entry = self.model.entry(index)
        if entry is not None:
            self.open_requested.emit(entry.prospect_id)

    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        entry = self.model.entry(index)
        if entry is None:
            return
        if entry.entry_id not in self.selected_entry_ids():
            self.select_entries([entry.entry_id])
        menu = QMenu(self)
        menu.addAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.mark_sent_action)
        menu.addAction(self.remove_action)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _on_mark_sent_triggered(self) -> None:
        ids = self.selected_entry_ids()
        if ids:
            self.mark_sent_requested.emit(ids)

    def _on_mark_all_sent_triggered(self) -> None:
        ids = [entry.entry_id for entry in self.entries()]
        if ids:
            self.mark_sent_requested.emit(ids)

    def _on_remove_triggered(self) -> None:
        entry = self._single()
        if entry is not None:
            self.remove_requested.emit(entry.entry_id)

    def _on_open_triggered(self) -> None:
        entry = self._single()
        if entry is not None:
            self.open_requested.emit(entry.prospect_id)

    def _on_address_triggered(self) -> None:
        entry = self._single()
        if entry is not None:
            self.address_requested.emit(entry.prospect_id)

    def tool_button(self, act: QAction) -> QToolButton | None:
        """The toolbar button of an action (for tests and for focus)."""
        widget = self.toolbar.widgetForAction(act)
        return widget if isinstance(widget, QToolButton) else None


__all__ = [
    "ADDRESS_MISSING_ROLE",
    "EMPTY_TEXT",
    "ENTRY_ID_ROLE",
    "MISSING_ADDRESS_TEXT",
    "PROSPECT_ID_ROLE",
    "EnvelopeOptionsDialog",
    "LabelOptionsDialog",
    "ThankYouModel",
    "ThankYouWidget",
    "ask_envelope_size",
    "ask_label_options",
    "two_line_address",
]
