"""Preferences: quiet hours for reminders and starting at login."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QSettings, QTime
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
from followup_desktop.domain.thanks import ThankYouPreference
from followup_desktop.services.settings import page_size_for_country
from followup_desktop.ui import autostart
from followup_desktop.ui.format import qtime


def load_quiet_hours(settings: QSettings) -> QuietHours:
    """The quiet hours saved in settings, or the defaults (evenings and weekends)."""
    default = QuietHours()

    def read_time(key: str, fallback: time) -> time:
        text = str(settings.value(key, fallback.strftime("%H:%M")))
        try:
            hours, minutes = (int(part) for part in text.split(":", 1))
            return time(hours, minutes)
        except ValueError:
            return fallback

    return QuietHours(
        evening_start=read_time("reminders/quiet_from", default.evening_start),
        morning_end=read_time("reminders/quiet_until", default.morning_end),
        weekends_quiet=str(settings.value("reminders/weekends_quiet", "true")) == "true",
        enabled=str(settings.value("reminders/quiet_enabled", "true")) == "true",
    )


def load_thank_you_preference(settings: QSettings) -> ThankYouPreference:
    """Which touches put a prospect on the thank-you list (all four by default)."""
    values = {
        kind: str(settings.value(f"thank_you/{kind}", "true")) == "true" for kind in _THANK_KINDS
    }
    return ThankYouPreference(**values)


def load_sender_lines(settings: QSettings) -> list[str]:
    """The sender's address for envelopes, one line each."""
    text = str(settings.value("thank_you/sender", ""))
    return [line.strip() for line in text.splitlines() if line.strip()]


def load_page_size(settings: QSettings, home_country: str) -> str:
    """A4 or Letter as chosen, or by the country (Letter in the US and Canada)."""
    chosen = str(settings.value("thank_you/page_size", "auto"))
    return chosen if chosen in ("A4", "Letter") else page_size_for_country(home_country)


_THANK_KINDS = ("meeting", "won", "referral", "introduction")
_THANK_LABELS = {
    "meeting": "after a &meeting",
    "won": "when a deal is &won",
    "referral": "when they &refer someone to me",
    "introduction": "when I &introduce them to someone",
}


def save_quiet_hours(settings: QSettings, quiet: QuietHours) -> None:
    settings.setValue("reminders/quiet_from", quiet.evening_start.strftime("%H:%M"))
    settings.setValue("reminders/quiet_until", quiet.morning_end.strftime("%H:%M"))
    settings.setValue("reminders/weekends_quiet", "true" if quiet.weekends_quiet else "false")
    settings.setValue("reminders/quiet_enabled", "true" if quiet.enabled else "false")
    settings.sync()


class PreferencesDialog(QDialog):
    """Quiet hours, start at login, and the thank-you list's preferences."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        for kind in _THANK_KINDS:
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
        self._settings.sync()
        if autostart.is_supported():
            autostart.set_enabled(self.autostart_check.isChecked(), autostart.launch_command())
        super().accept()
