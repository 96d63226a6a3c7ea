"""File > Import: columns (for an unknown CSV), then a preview, then the import.

Nothing is written until Import is pressed. The preview says how many
contacts are new, which look like prospects already here (and why), and each
problem with its file and line; per duplicate the user chooses merge, skip or
create. The window then runs the import in one transaction (undoable).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.i18n import N_, _, ngettext, pgettext
from followup_desktop.io.csv_contacts import field_choices, field_label
from followup_desktop.services.contacts import (
    Candidate,
    Decision,
    FileReport,
    ImportCancelled,
    ImportPreview,
    ImportService,
)
from followup_desktop.ui.models import column_title
from followup_desktop.ui.progress import run_with_progress

_ModelIndex = QModelIndex | QPersistentModelIndex
# Marked with N_() and shown with _(): the language is chosen after this module loads.
DECISION_WORDS = {
    Decision.MERGE: N_("Merge into it"),
    Decision.SKIP: N_("Skip"),
    Decision.CREATE: N_("Create a new prospect"),
}
# Why a contact looks like a prospect already here: "Because of …".
REASON_WORDS = {
    "same uid": N_("the same card, exported before"),
    "same e-mail": N_("the same e-mail address"),
    "same phone": N_("the same phone number"),
    "similar name and company": N_("a close name and company"),
}
SAMPLE_ROWS = 3


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class DuplicateTableModel(QAbstractTableModel):
    """The contacts that look like prospects already here, with the choice for each."""

    COLUMN_COUNT = 5

    @staticmethod
    def column_titles() -> dict[int, str]:
        """The headers, in the current language."""
        return {
            0: _("Contact"),
            # Translators: the file and line a contact was read from.
            1: pgettext("import column", "From"),
            2: _("Looks like"),
            3: _("Because of"),
            # Translators: the column where merge, skip or create is chosen.
            4: pgettext("import column", "Do"),
        }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Candidate] = []

    def set_candidates(self, candidates: list[Candidate]) -> None:
        self.beginResetModel()
        self._rows = [c for c in candidates if c.match is not None]
        self.endResetModel()

    def candidate(self, row: int) -> Candidate:
        return self._rows[row]

    def rowCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        return column_title(self.column_titles(), section, orientation, role)

    def flags(self, index: _ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if index.column() == 4:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        assert c.match is not None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == 0:
                return c.contact.name or c.contact.company or ", ".join(c.contact.emails)
            if column == 1:
                return c.where
            if column == 2:
                return (
                    c.match.name
                    if c.match.prospect_id is not None
                    else _("{name} (earlier in this import)").format(name=c.match.name)
                )
            if column == 3:
                reason = c.match.reason
                words = _(REASON_WORDS[reason]) if reason in REASON_WORDS else reason
                if c.match.detail:
                    words = _("{reason} ({detail})").format(reason=words, detail=c.match.detail)
                if c.match.conflict:
                    words = _("{reason}, but other e-mail addresses").format(reason=words)
                return words
            return _(DECISION_WORDS[c.decision])
        if role == Qt.ItemDataRole.EditRole and index.column() == 4:
            return c.decision.value
        return None

    def setData(self, index: _ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 4 or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            decision = Decision(str(value))
        except ValueError:
            return False
        self._rows[index.row()].decision = decision
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def set_all(self, decision: Decision) -> None:
        for c in self._rows:
            c.decision = decision
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 4), self.index(len(self._rows) - 1, 4), [Qt.ItemDataRole.DisplayRole]
            )


class DecisionDelegate(QStyledItemDelegate):
    """A drop-down of merge, skip or create for the last column."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: _ModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        for decision, words in DECISION_WORDS.items():
            combo.addItem(_(words), decision.value)
        return combo

    def setEditorData(self, editor: QWidget, index: _ModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: _ModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ColumnMappingPage(QWidget):
    """Which field each column of a CSV file holds, with a few values as examples."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _plain()
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName(_("Columns of the file"))
        self.table.setHorizontalHeaderLabels([_("Column"), _("For example"), _("Imports as")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.remember = QCheckBox(_("&Remember this for files with the same columns"))
        self.remember.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remember)
        self._combos: list[QComboBox] = []

    def set_file(self, report: FileReport) -> None:
        table = report.table
        assert table is not None
        mapping = report.mapping or table.guessed
        self.title.setText(
            _(
                "{file}: FollowUp does not know this layout. Choose what each column holds; "
                "columns left as “(not imported)” are ignored."
            ).format(file=Path(report.path).name)
        )
        self.table.setRowCount(len(table.header))
        self._combos = []
        extra = [m for m in mapping if m]
        for row, name in enumerate(table.header):
            samples = [
                r[row].strip() for _line, r in table.rows if row < len(r) and r[row].strip()
            ][:SAMPLE_ROWS]
            for column, text in ((0, name), (1, " · ".join(" ".join(s.split()) for s in samples))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            combo = QComboBox()
            for key in field_choices(extra):
                combo.addItem(field_label(key), key)
            combo.setCurrentIndex(
                max(0, combo.findData(mapping[row] if row < len(mapping) else ""))
            )
            combo.setAccessibleName(_("Imports {column} as").format(column=name))
            self.table.setCellWidget(row, 2, combo)
            self._combos.append(combo)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)

    def mapping(self) -> list[str]:
        return [str(c.currentData()) for c in self._combos]

    def set_field(self, column: int, key: str) -> None:
        combo = self._combos[column]
        combo.setCurrentIndex(combo.findData(key))


class ImportDialog(QDialog):
    """The import's columns step (when needed) and its preview."""

    import_requested = Signal()

    def __init__(
        self, imports: ImportService, paths: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import contacts"))
        self.setObjectName("import_dialog")
        self._imports = imports
        self._paths = paths
        self._mappings: dict[str, list[str]] = {}
        # Column choices to remember once the import is made (not when it is cancelled).
        self._to_remember: dict[str, tuple[list[str], list[str]]] = {}
        self._to_map: list[FileReport] = []
        self.preview: ImportPreview | None = None
        self._init_widgets()
        self._init_layout()
        self._connect_signals()
        self.resize(860, 560)

    # -- construction ------------------------------------------------------
    def _init_widgets(self) -> None:
        self.pages = QStackedWidget()
        self.mapping_page = ColumnMappingPage()
        self.preview_page = QWidget()
        self.summary = _plain()
        self.summary.setObjectName("import_summary")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.files_label = _plain()
        self.duplicates_label = _plain()
        self.model = DuplicateTableModel(self)
        self.duplicates = QTableView()
        self.duplicates.setModel(self.model)
        self.duplicates.setItemDelegateForColumn(4, DecisionDelegate(self.duplicates))
        self.duplicates.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.duplicates.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.duplicates.verticalHeader().setVisible(False)
        self.duplicates.horizontalHeader().setStretchLastSection(True)
        self.duplicates.setWordWrap(False)
        self.merge_all = QPushButton(_("&Merge all"))
        self.skip_all = QPushButton(_("S&kip all"))
        self.create_all = QPushButton(_("Create &all"))
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setObjectName("import_problems")
        self.problems.setAccessibleName(_("Problems in the file"))
        self.problems.setMaximumHeight(120)
        self.cadence = QComboBox()
        self.cadence.addItem(_("No follow-ups yet (they appear under No next step)"), None)
        for key, name in self._imports.service.cadence_names().items():
            self.cadence.addItem(_("Plan follow-ups: {plan}").format(plan=name), key)
        self.buttons = QDialogButtonBox()
        self.back_button = self.buttons.addButton(
            _("< &Back"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.next_button = self.buttons.addButton(
            _("&Next >"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            _("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

    def _init_layout(self) -> None:
        page = QVBoxLayout(self.preview_page)
        page.addWidget(self.summary)
        page.addWidget(self.files_label)
        page.addWidget(self.duplicates_label)
        page.addWidget(self.duplicates, 1)
        choices = QHBoxLayout()
        for button in (self.merge_all, self.skip_all, self.create_all):
            choices.addWidget(button)
        choices.addStretch()
        page.addLayout(choices)
        page.addWidget(_plain(_("Problems found, by file and line:")))
        page.addWidget(self.problems)
        form = QFormLayout()
        form.addRow(_("New prospects start as “new”, with:"), self.cadence)
        page.addLayout(form)
        self.pages.addWidget(self.mapping_page)
        self.pages.addWidget(self.preview_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.back_button.clicked.connect(self._on_back_button_clicked)
        self.merge_all.clicked.connect(lambda: self.model.set_all(Decision.MERGE))
        self.skip_all.clicked.connect(lambda: self.model.set_all(Decision.SKIP))
        self.create_all.clicked.connect(lambda: self.model.set_all(Decision.CREATE))

    # -- flow ----------------------------------------------------------------
    def start(self) -> bool:
        """Read the files; False when the user cancelled the reading."""
        if not self._read():
            return False
        self._to_map = [
            f
            for f in self.preview.files  # type: ignore[union-attr]
            if f.table is not None and f.table.needs_mapping and not f.mapping_remembered
        ]
        if self._to_map:
            self._show_mapping(0)
        else:
            self._show_preview()
        return True

    def _read(self) -> bool:
        try:
            self.preview = run_with_progress(
                self,
                _("Reading contacts…"),
                lambda progress: self._imports.preview(self._paths, self._mappings, progress),
            )
        except ImportCancelled:
            return False
        return True

    def _show_mapping(self, index: int) -> None:
        self._mapping_index = index
        self.mapping_page.set_file(self._to_map[index])
        self.pages.setCurrentWidget(self.mapping_page)
        self.back_button.setVisible(index > 0)
        self.next_button.setVisible(True)
        self.import_button.setVisible(False)
        self.next_button.setDefault(True)

    def _on_next_button_clicked(self) -> None:
        report = self._to_map[self._mapping_index]
        assert report.table is not None
        mapping = self.mapping_page.mapping()
        self._mappings[report.path] = mapping
        if self.mapping_page.remember.isChecked():
            self._to_remember[report.path] = (list(report.table.header), mapping)
        else:
            self._to_remember.pop(report.path, None)
        if self._mapping_index + 1 < len(self._to_map):
            self._show_mapping(self._mapping_index + 1)
            return
        if self._read():
            self._show_preview()

    def _on_back_button_clicked(self) -> None:
        if self.pages.currentWidget() is self.preview_page and self._to_map:
            self._show_mapping(len(self._to_map) - 1)
        elif self._mapping_index > 0:
            self._show_mapping(self._mapping_index - 1)

    def _show_preview(self) -> None:
        preview = self.preview
        assert preview is not None
        problems = preview.problems
        parts = [
            ngettext("{n} new prospect", "{n} new prospects", preview.new_count).format(
                n=preview.new_count
            ),
            ngettext(
                "{count} that looks like a prospect already here",
                "{count} that look like prospects already here",
                preview.existing_count,
            ).format(count=preview.existing_count),
        ]
        if preview.repeated_count:
            parts.append(
                ngettext(
                    "{count} repeated within the files",
                    "{count} repeated within the files",
                    preview.repeated_count,
                ).format(count=preview.repeated_count)
            )
        parts.append(ngettext("{n} problem", "{n} problems", len(problems)).format(n=len(problems)))
        self.summary.setText(" · ".join(parts))
        self.files_label.setText("\n".join(_file_line(f) for f in preview.files))
        self.model.set_candidates(preview.candidates)
        has_duplicates = preview.duplicate_count > 0
        self.duplicates_label.setText(
            _(
                "These look like prospects you already have. Choose for each: merge (adds what "
                "is new to the prospect), skip, or create a new prospect."
            )
            if has_duplicates
            else _("No duplicates: none of these contacts looks like a prospect you already have.")
        )
        for widget in (self.duplicates, self.merge_all, self.skip_all, self.create_all):
            widget.setVisible(has_duplicates)
        self.duplicates.resizeColumnsToContents()
        # Long names and reasons are cut (their tooltips say them whole); the choice
        # in the last column stays in sight.
        for column, widest in ((0, 180), (1, 170), (2, 180), (3, 280)):
            if self.duplicates.columnWidth(column) > widest:
                self.duplicates.setColumnWidth(column, widest)
        self.problems.setPlainText(
            "\n".join(f"{Path(path).name}: {problem}" for path, problem in problems) or _("None.")
        )
        self.pages.setCurrentWidget(self.preview_page)
        self.back_button.setVisible(bool(self._to_map))
        self.next_button.setVisible(False)
        self.import_button.setVisible(True)
        self.import_button.setEnabled(bool(preview.candidates))
        self.import_button.setDefault(True)

    def save_mappings(self) -> None:
        """Remember the column choices the user asked to remember (after an import)."""
        for header, mapping in self._to_remember.values():
            self._imports.remember_mapping(header, mapping)
        self._to_remember.clear()

    def cadence_key(self) -> str | None:
        data = self.cadence.currentData()
        return None if data is None else str(data)

    def _on_import_button_clicked(self) -> None:
        self.import_requested.emit()


def _file_line(report: FileReport) -> str:
    name = Path(report.path).name
    if not report.refused:
        # Translators: "contacts.vcf: vCard, 12 contacts".
        return _("{file}: {kind}, {contacts}").format(
            file=name,
            kind=report.kind,
            contacts=ngettext("{n} contact", "{n} contacts", report.contacts).format(
                n=report.contacts
            ),
        )
    reason = next((p.message for p in report.problems if p.fatal), "")
    if reason:
        return _("{file}: not read: {reason}").format(file=name, reason=reason)
    return _("{file}: not read").format(file=name)
