"""A short dialog for a new prospect: who they are and how they came."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.model import Source
from followup_desktop.i18n import N_, _

SOURCE_LABELS = {
    Source.OUTBOUND: N_("Outbound (I reached out)"),
    Source.INBOUND: N_("Inbound (they asked)"),
    Source.REFERRAL: N_("Referral"),
}


@dataclass(frozen=True)
class NewProspect:
    name: str
    company: str
    email: str
    phone: str
    source: Source


class NewProspectDialog(QDialog):
    """Name (or company), e-mail, phone and source; the rest is on the card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New prospect"))
        self.name_edit = QLineEdit()
        self.company_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.source_combo = QComboBox()
        for source, label in SOURCE_LABELS.items():
            self.source_combo.addItem(_(label), source.value)
        form = QFormLayout()
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&Company:"), self.company_edit)
        form.addRow(_("&E-mail:"), self.email_edit)
        form.addRow(_("&Phone:"), self.phone_edit)
        form.addRow(_("&Source:"), self.source_combo)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828")
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Add"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.name_edit.setFocus()

    def accept(self) -> None:
        if not self.name_edit.text().strip() and not self.company_edit.text().strip():
            self.error_label.setText(_("Give a name or a company."))
            self.error_label.show()
            self.name_edit.setFocus()
            return
        super().accept()

    def value(self) -> NewProspect:
        return NewProspect(
            name=self.name_edit.text().strip(),
            company=self.company_edit.text().strip(),
            email=self.email_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            source=Source(self.source_combo.currentData()),
        )
