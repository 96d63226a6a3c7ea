"""File > Export: prospects as vCard or CSV, pending follow-ups as iCalendar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.errors import os_error_words
from followup_desktop.i18n import N_, _
from followup_desktop.io.whole import write_whole
from followup_desktop.services.contacts import ImportService


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str  # marked with N_(): shown with _()
    suffix: str
    for_prospects: bool


FORMATS = (
    ExportFormat("vcard4", N_("Prospects as vCard 4.0 (address books, phones)"), ".vcf", True),
    ExportFormat("vcard3", N_("Prospects as vCard 3.0 (older address books)"), ".vcf", True),
    ExportFormat("csv", N_("Prospects as CSV in Google Contacts' layout"), ".csv", True),
    ExportFormat(
        "ics", N_("Pending follow-ups as iCalendar to-dos, with reminders"), ".ics", False
    ),
    ExportFormat("ics-events", N_("Pending follow-ups as iCalendar events"), ".ics", False),
)


class ExportDialog(QDialog):
    """Choose what to export and where; the file is written whole or not at all."""

    def __init__(
        self,
        imports: ImportService,
        scopes: list[tuple[str, list[int] | None]],
        folder: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export"))
        self._imports = imports
        self._folder = folder
        self.written: Path | None = None
        self._confirmed: Path | None = None  # chosen in the file dialog, which asked already
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("What to export:")))
        for number, fmt in enumerate(FORMATS):
            radio = QRadioButton(_(fmt.label))
            self.group.addButton(radio, number)
            self.radios[fmt.key] = radio
            layout.addWidget(radio)
        self.radios["vcard4"].setChecked(True)
        self.scope = QComboBox()
        for label, ids in scopes:
            self.scope.addItem(label, ids)
        self.path = QLineEdit()
        self.path.setObjectName("export_path")
        self.browse = QPushButton(_("&Browse…"))
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(_("&Which prospects:"), self.scope)
        save_label = QLabel(_("&Save to:"))
        save_label.setBuddy(self.path)
        form.addRow(save_label, row)
        layout.addLayout(form)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.group.idToggled.connect(self._on_group_id_toggled)
        self._on_group_id_toggled(0, True)
        self.setMinimumWidth(620)

    def chosen(self) -> ExportFormat:
        return FORMATS[max(0, self.group.checkedId())]

    def choose(self, key: str) -> None:
        self.radios[key].setChecked(True)

    def _on_group_id_toggled(self, _number: int, checked: bool) -> None:
        if not checked:
            return
        fmt = self.chosen()
        self.scope.setEnabled(fmt.for_prospects)
        self.note.setText(
            ""
            if fmt.for_prospects
            else _(
                "Every pending follow-up; a calendar that imports the file again later "
                "updates these entries instead of adding them twice."
            )
        )
        current = self.path.text().strip()
        stem = "followup-prospects" if fmt.for_prospects else "followup-follow-ups"
        if not current or Path(current).stem in ("followup-prospects", "followup-follow-ups"):
            folder = Path(current).parent if current else self._folder
            self.path.setText(str(folder / f"{stem}{fmt.suffix}"))

    def _on_browse_clicked(self) -> None:
        fmt = self.chosen()
        name, _kind = QFileDialog.getSaveFileName(
            self, _("Export to"), self.path.text(), f"*{fmt.suffix};;{_('All files (*)')}"
        )
        if name:
            self.path.setText(name)
            self._confirmed = Path(name)

    def data(self) -> bytes:
        fmt = self.chosen()
        ids = self.scope.currentData() if fmt.for_prospects else None
        if fmt.key == "vcard4":
            return self._imports.export_vcard(ids, "4.0").encode("utf-8")
        if fmt.key == "vcard3":
            return self._imports.export_vcard(ids, "3.0").encode("utf-8")
        if fmt.key == "csv":
            return self._imports.export_csv(ids).encode("utf-8")
        return self._imports.export_ics(as_events=fmt.key == "ics-events")

    def export(self) -> None:
        """Write the file (through a temporary file beside it); say so if that fails."""
        text = self.path.text().strip()
        if not text:
            QMessageBox.warning(self, _("Export"), _("Choose a file to save to."))
            return
        target = Path(text).expanduser()
        if target.is_dir():
            QMessageBox.warning(
                self, _("Export"), _("{path} is a folder: add a file name.").format(path=target)
            )
            return
        if target.exists() and target != self._confirmed and not self._replace_confirmed(target):
            return
        data = self.data()
        try:
            write_whole(target, data)
        except OSError as exc:
            QMessageBox.critical(
                self,
                _("Export"),
                _("{path} could not be written ({reason}). Nothing was changed.").format(
                    path=target, reason=os_error_words(exc)
                ),
            )
            return
        self.written = target
        self.accept()

    def _replace_confirmed(self, target: Path) -> bool:
        answer = QMessageBox.question(
            self,
            _("Export"),
            _("{name} already exists in {folder}. Replace it?").format(
                name=target.name, folder=target.parent
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
