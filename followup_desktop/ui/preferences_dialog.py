"""Preferences: quiet hours for reminders and starting at login."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.reminders import QuietHours
from followup_desktop.services.preferences import (
    THANK_KINDS,
    SettingsSource,
    load_page_size,
    load_quiet_hours,
    load_sender_lines,
    load_thank_you_preference,
    save_quiet_hours,
)
from followup_desktop.ui import autostart
from followup_desktop.ui.format import qtime

_THANK_LABELS = {
    "meeting": "after a &meeting",
    "won": "when a deal is &won",
    "referral": "when they &refer someone to me",
    "introduction": "when I &introduce them to someone",
}


class PreferencesDialog(QDialog):
    """Quiet hours, start at login, and the thank-you list's preferences."""

    def __init__(
        self,
        settings: SettingsSource,
        parent: QWidget | None = None,
        *,
        reopen_arguments: Sequence[str] = (),
    ) -> None:
        """``settings``: the database's preferences (``DatabasePreferences``);
        ``reopen_arguments``: the options that open this data (``--data-dir DIR``),
        written into the start-at-login entry so that it opens the same data."""
        super().__init__(parent)
        self._reopen_arguments = list(reopen_arguments)
        self.setWindowTitle("Preferences")
        self._settings = settings
        quiet = load_quiet_hours(settings)
        self.quiet_check = QCheckBox("&Quiet hours: no reminders in the evening")
        self.quiet_check.setChecked(quiet.enabled)
        self.from_edit = QTimeEdit(qtime(quiet.evening_start))
        self.until_edit = QTimeEdit(qtime(quiet.morning_end))
        for edit in (self.from_edit, self.until_edit):
            edit.setDisplayFormat("HH:mm")
        self.weekends_check = QCheckBox("Quiet all &weekend")
        self.weekends_check.setChecked(quiet.weekends_quiet)
        self.autostart_check = QCheckBox("&Start FollowUp when I log in")
        self.autostart_check.setEnabled(autostart.is_supported())
        self.autostart_check.setChecked(autostart.is_supported() and autostart.is_enabled())
        note = QLabel("Reminders that fall due in quiet hours are announced when they end.")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.quiet_check)
        form.addRow("Quiet &from:", self.from_edit)
        form.addRow("Quiet &until:", self.until_edit)
        form.addRow(self.weekends_check)
        form.addRow(note)
        form.addRow(self.autostart_check)
        thanks = load_thank_you_preference(settings)
        form.addRow(QLabel("Put a prospect on the thank-you list:"))
        self.thank_checks: dict[str, QCheckBox] = {}
        for kind in THANK_KINDS:
            check = QCheckBox(_THANK_LABELS[kind])
            check.setChecked(bool(getattr(thanks, kind)))
            self.thank_checks[kind] = check
            form.addRow(check)
        self.sender_edit = QPlainTextEdit("\n".join(load_sender_lines(settings)))
        self.sender_edit.setTabChangesFocus(True)
        self.sender_edit.setPlaceholderText("Your name and postal address, one line each")
        self.sender_edit.setFixedHeight(self.sender_edit.fontMetrics().lineSpacing() * 5 + 12)
        form.addRow("&Sender on envelopes:", self.sender_edit)
        self.page_size_combo = QComboBox()
        for label, value in (("By country", "auto"), ("A4", "A4"), ("Letter", "Letter")):
            self.page_size_combo.addItem(label, value)
        current = str(settings.value("thank_you/page_size", "auto"))
        self.page_size_combo.setCurrentIndex(max(0, self.page_size_combo.findData(current)))
        form.addRow("&Paper size:", self.page_size_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def quiet_hours(self) -> QuietHours:
        def to_time(value: QTime) -> time:
            return time(value.hour(), value.minute())

        return QuietHours(
            evening_start=to_time(self.from_edit.time()),
            morning_end=to_time(self.until_edit.time()),
            weekends_quiet=self.weekends_check.isChecked(),
            enabled=self.quiet_check.isChecked(),
        )

    def accept(self) -> None:
        save_quiet_hours(self._settings, self.quiet_hours())
        for kind, check in self.thank_checks.items():
            self._settings.setValue(f"thank_you/{kind}", "true" if check.isChecked() else "false")
        self._settings.setValue("thank_you/sender", self.sender_edit.toPlainText())
        self._settings.setValue("thank_you/page_size", self.page_size_combo.currentData())
        if autostart.is_supported():
            command = [*autostart.launch_command(), *self._reopen_arguments]
            autostart.set_enabled(self.autostart_check.isChecked(), command)
        super().accept()


__all__ = [
    "PreferencesDialog",
    "load_page_size",
    "load_quiet_hours",
    "load_sender_lines",
    "load_thank_you_preference",
    "save_quiet_hours",
]
