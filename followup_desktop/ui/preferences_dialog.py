"""Preferences: the language, quiet hours for reminders, starting at login, thank-you
notes, backups; and on a page of its own, the phone sync account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.backups import Thinning
from followup_desktop.domain.reminders import QuietHours
from followup_desktop.i18n import N_, _, available_languages, language_name, pgettext
from followup_desktop.services.backups import (
    SECOND_FOLDER_KEY,
    load_second_folder,
    load_thinning,
    save_thinning,
)
from followup_desktop.services.preferences import (
    THANK_KINDS,
    SettingsSource,
    load_language,
    load_page_size,
    load_quiet_hours,
    load_sender_lines,
    load_thank_you_preference,
    save_language,
    save_quiet_hours,
)
from followup_desktop.ui import autostart
from followup_desktop.ui.format import qtime

if TYPE_CHECKING:
    from followup_desktop.ui.phone_sync import PhoneSync
    from followup_desktop.ui.phone_sync_page import PhoneSyncPage

_THANK_LABELS = {
    "meeting": N_("after a &meeting"),
    "won": N_("when a deal is &won"),
    "referral": N_("when they &refer someone to me"),
    "introduction": N_("when I &introduce them to someone"),
}


class PreferencesDialog(QDialog):
    """The language, quiet hours, start at login, and the thank-you list's preferences."""

    def __init__(
        self,
        settings: SettingsSource,
        parent: QWidget | None = None,
        *,
        reopen_arguments: Sequence[str] = (),
        phone_sync: PhoneSync | None = None,
    ) -> None:
        """``settings``: the database's preferences (``DatabasePreferences``);
        ``reopen_arguments``: the options that open this data (``--data-dir DIR``),
        written into the start-at-login entry so that it opens the same data;
        ``phone_sync``: the window's syncs, whose account the Phone sync page sets."""
        super().__init__(parent)
        self._reopen_arguments = list(reopen_arguments)
        self.setWindowTitle(_("Preferences"))
        self._settings = settings
        form = QFormLayout()
        self._init_language(form)
        quiet = load_quiet_hours(settings)
        self.quiet_check = QCheckBox(_("&Quiet hours: no reminders in the evening"))
        self.quiet_check.setChecked(quiet.enabled)
        self.from_edit = QTimeEdit(qtime(quiet.evening_start))
        self.until_edit = QTimeEdit(qtime(quiet.morning_end))
        for edit in (self.from_edit, self.until_edit):
            edit.setDisplayFormat("HH:mm")
        self.weekends_check = QCheckBox(_("Quiet all &weekend"))
        self.weekends_check.setChecked(quiet.weekends_quiet)
        self.autostart_check = QCheckBox(_("&Start FollowUp when I log in"))
        self.autostart_check.setEnabled(autostart.is_supported())
        self.autostart_check.setChecked(autostart.is_supported() and autostart.is_enabled())
        note = QLabel(_("Reminders that fall due in quiet hours are announced when they end."))
        note.setWordWrap(True)
        form.addRow(self.quiet_check)
        form.addRow(_("Quiet &from:"), self.from_edit)
        form.addRow(_("Quiet &until:"), self.until_edit)
        form.addRow(self.weekends_check)
        form.addRow(note)
        form.addRow(self.autostart_check)
        thanks = load_thank_you_preference(settings)
        form.addRow(QLabel(_("Put a prospect on the thank-you list:")))
        self.thank_checks: dict[str, QCheckBox] = {}
        for kind in THANK_KINDS:
            check = QCheckBox(_(_THANK_LABELS[kind]))
            check.setChecked(bool(getattr(thanks, kind)))
            self.thank_checks[kind] = check
            form.addRow(check)
        self.sender_edit = QPlainTextEdit("\n".join(load_sender_lines(settings)))
        self.sender_edit.setTabChangesFocus(True)
        self.sender_edit.setPlaceholderText(_("Your name and postal address, one line each"))
        self.sender_edit.setFixedHeight(self.sender_edit.fontMetrics().lineSpacing() * 5 + 12)
        form.addRow(_("&Sender on envelopes:"), self.sender_edit)
        self.page_size_combo = QComboBox()
        sizes = (
            (_("By country"), "auto"),
            (pgettext("paper size", "A4"), "A4"),
            (pgettext("paper size", "Letter"), "Letter"),
        )
        for label, value in sizes:
            self.page_size_combo.addItem(label, value)
        current = str(settings.value("thank_you/page_size", "auto"))
        self.page_size_combo.setCurrentIndex(max(0, self.page_size_combo.findData(current)))
        form.addRow(_("&Paper size:"), self.page_size_combo)
        self._init_backups(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        general = QWidget()
        general.setLayout(form)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, _("&General"))
        self.phone_sync_page: PhoneSyncPage | None = None
        if phone_sync is not None:
            from followup_desktop.ui.phone_sync_page import PhoneSyncPage

            self.phone_sync_page = PhoneSyncPage(phone_sync)
            self.tabs.addTab(self.phone_sync_page, _("Phone s&ync"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)

    def _init_language(self, form: QFormLayout) -> None:
        """The language of the window, the command line and what is printed: the
        system's, or one chosen here; it takes effect at the next start."""
        self.language_combo = QComboBox()
        self.language_combo.addItem(_("System default"), "")
        for language in available_languages():
            self.language_combo.addItem(language_name(language), language)
        current = load_language(self._settings)
        if current and self.language_combo.findData(current) < 0:
            self.language_combo.addItem(current, current)  # kept as it is, if not known here
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(current)))
        form.addRow(_("&Language:"), self.language_combo)
        note = QLabel(_("A new language applies the next time FollowUp starts."))
        note.setWordWrap(True)
        form.addRow(note)

    def _init_backups(self, form: QFormLayout) -> None:
        rule = load_thinning(self._settings)
        self.keep_spins: list[QSpinBox] = []
        keep = QHBoxLayout()
        units = (
            # Translators: after a number in a box: "7 days" of daily backups.
            (rule.daily, _(" days"), _("Keep backups of: days")),
            (rule.weekly, _(" weeks"), _("Keep backups of: weeks")),
            (rule.monthly, _(" months"), _("Keep backups of: months")),
        )
        for count, suffix, accessible in units:
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.setValue(count)
            spin.setSuffix(suffix)
            spin.setAccessibleName(accessible)
            self.keep_spins.append(spin)
            keep.addWidget(spin)
        keep.addStretch(1)
        keep_label = QLabel(_("&Keep backups of:"))
        keep_label.setBuddy(self.keep_spins[0])
        form.addRow(keep_label, keep)
        explained = QLabel(
            _(
                "Backups from today and yesterday are all kept; older ones, "
                "the last of each day, then of each week, then of each month."
            )
        )
        explained.setWordWrap(True)
        form.addRow(explained)
        second = load_second_folder(self._settings)
        self.second_folder_edit = QLineEdit("" if second is None else str(second))
        self.second_folder_edit.setPlaceholderText(_("None (a synced folder is fine)"))
        choose = QPushButton(_("C&hoose…"))
        choose.clicked.connect(self._on_choose_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.second_folder_edit, 1)
        row.addWidget(choose)
        second_label = QLabel(_("&Copy backups to:"))
        second_label.setBuddy(self.second_folder_edit)
        form.addRow(second_label, row)

    def _on_choose_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Copy backups to"), self.second_folder_edit.text()
        )
        if folder:
            self.second_folder_edit.setText(folder)

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
        save_language(self._settings, str(self.language_combo.currentData()))
        save_quiet_hours(self._settings, self.quiet_hours())
        for kind, check in self.thank_checks.items():
            self._settings.setValue(f"thank_you/{kind}", "true" if check.isChecked() else "false")
        self._settings.setValue("thank_you/sender", self.sender_edit.toPlainText())
        self._settings.setValue("thank_you/page_size", self.page_size_combo.currentData())
        save_thinning(self._settings, Thinning(*(spin.value() for spin in self.keep_spins)))
        self._settings.setValue(SECOND_FOLDER_KEY, self.second_folder_edit.text().strip())
        if autostart.is_supported():
            command = [*autostart.launch_command(), *self._reopen_arguments]
            autostart.set_enabled(self.autostart_check.isChecked(), command)
        if self.phone_sync_page is not None:
            self.phone_sync_page.save()
        super().accept()


__all__ = [
    "PreferencesDialog",
    "load_page_size",
    "load_quiet_hours",
    "load_sender_lines",
    "load_thank_you_preference",
    "save_quiet_hours",
]
