"""Completing a prospect's postal address where it is missing (the thank-you list)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.model import PostalAddress
from followup_desktop.i18n import _


class AddressDialog(QDialog):
    """Street (several lines), postal code, city, region and country."""

    def __init__(self, name: str, address: PostalAddress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Postal address"))
        heading = QLabel(_("Where to send {name}'s thank-you note:").format(name=name))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        self.street_edit = QPlainTextEdit(address.street)
        self.street_edit.setTabChangesFocus(True)
        self.street_edit.setFixedHeight(self.street_edit.fontMetrics().lineSpacing() * 3 + 12)
        self.postal_code_edit = QLineEdit(address.postal_code)
        self.city_edit = QLineEdit(address.city)
        self.region_edit = QLineEdit(address.region)
        self.country_edit = QLineEdit(address.country)
        self.country_edit.setPlaceholderText(_("Country code or name, e.g. DE or France"))
        form = QFormLayout()
        form.addRow(_("&Street:"), self.street_edit)
        form.addRow(_("&Postal code:"), self.postal_code_edit)
        form.addRow(_("&City:"), self.city_edit)
        form.addRow(_("&Region:"), self.region_edit)
        form.addRow(_("C&ountry:"), self.country_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)  # the country's hint reads whole
        self.street_edit.setFocus()

    def address(self) -> PostalAddress:
        return PostalAddress(
            street=self.street_edit.toPlainText().strip(),
            city=self.city_edit.text().strip(),
            region=self.region_edit.text().strip(),
            postal_code=self.postal_code_edit.text().strip(),
            country=self.country_edit.text().strip(),
        )
