"""Preferences: quiet hours saved and read back; start at login toggled."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTime
from pytestqt.qtbot import QtBot

from followup_desktop.domain.reminders import QuietHours
from followup_desktop.ui import autostart
from followup_desktop.ui.preferences_dialog import PreferencesDialog, load_quiet_hours


def test_quiet_hours_default_to_evenings_and_weekends(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert load_quiet_hours(settings) == QuietHours()


def test_preferences_are_saved(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = PreferencesDialog(settings)
    qtbot.add_widget(dialog)
    dialog.from_edit.setTime(QTime(20, 30))
    dialog.until_edit.setTime(QTime(7, 15))
    dialog.weekends_check.setChecked(False)
    dialog.autostart_check.setChecked(True)
    dialog.accept()
    assert load_quiet_hours(settings) == QuietHours(time(20, 30), time(7, 15), False, True)
    assert autostart.is_enabled()
    assert autostart.autostart_path().is_relative_to(tmp_path / "config")
    again = PreferencesDialog(settings)
    qtbot.add_widget(again)
    assert again.autostart_check.isChecked()
    again.autostart_check.setChecked(False)
    again.quiet_check.setChecked(False)
    again.accept()
    assert not autostart.is_enabled()
    assert load_quiet_hours(settings).enabled is False


def test_unreadable_saved_times_fall_back_to_the_defaults(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("reminders/quiet_from", "late")
    assert load_quiet_hours(settings).evening_start == QuietHours().evening_start


def test_thank_you_preferences_are_saved(qtbot: QtBot, tmp_path: Path) -> None:
    from followup_desktop.domain.thanks import ThankYouPreference
    from followup_desktop.ui.preferences_dialog import (
        load_page_size,
        load_sender_lines,
        load_thank_you_preference,
    )

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert load_thank_you_preference(settings) == ThankYouPreference()
    assert load_page_size(settings, "US") == "Letter"
    assert load_page_size(settings, "DE") == "A4"
    dialog = PreferencesDialog(settings)
    qtbot.add_widget(dialog)
    dialog.thank_checks["introduction"].setChecked(False)
    dialog.sender_edit.setPlainText("Jo Consultant\n1 Main St\n\nSpringfield, IL 62701")
    dialog.page_size_combo.setCurrentIndex(dialog.page_size_combo.findData("A4"))
    dialog.accept()
    assert load_thank_you_preference(settings) == ThankYouPreference(introduction=False)
    assert load_sender_lines(settings) == ["Jo Consultant", "1 Main St", "Springfield, IL 62701"]
    assert load_page_size(settings, "US") == "A4"


def test_backup_preferences_are_saved(qtbot: QtBot, tmp_path: Path) -> None:
    from followup_desktop.domain.backups import Thinning
    from followup_desktop.services.backups import load_second_folder, load_thinning

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = PreferencesDialog(settings)
    qtbot.add_widget(dialog)
    assert [spin.text() for spin in dialog.keep_spins] == ["12 days", "10 weeks", "9 months"]
    assert dialog.second_folder_edit.text() == ""
    dialog.keep_spins[0].setValue(30)
    dialog.keep_spins[2].setValue(0)
    dialog.second_folder_edit.setText(str(tmp_path / "Synced"))
    dialog.accept()
    assert load_thinning(settings) == Thinning(daily=30, weekly=10, monthly=0)
    assert load_second_folder(settings) == tmp_path / "Synced"
    again = PreferencesDialog(settings)
    qtbot.add_widget(again)
    again.second_folder_edit.setText("  ")
    again.accept()
    assert load_second_folder(settings) is None


def test_language_is_chosen_from_the_languages_there_are(qtbot: QtBot, tmp_path: Path) -> None:
    from followup_desktop.services.preferences import load_language

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = PreferencesDialog(settings)
    qtbot.add_widget(dialog)
    combo = dialog.language_combo
    items = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    assert items[:2] == [("System default", ""), ("English", "en")]
    assert ("Deutsch", "de") in items
    assert ("Polski", "pl") in items
    assert "pseudo" not in [data for _text, data in items]
    assert combo.currentData() == ""  # follows the system until one is chosen
    combo.setCurrentIndex(combo.findData("de"))
    dialog.accept()
    assert load_language(settings) == "de"
    again = PreferencesDialog(settings)
    qtbot.add_widget(again)
    assert again.language_combo.currentText() == "Deutsch"
    again.language_combo.setCurrentIndex(0)
    again.accept()
    assert load_language(settings) == ""


def test_language_choice_says_when_it_applies(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLabel

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = PreferencesDialog(settings)
    qtbot.add_widget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "A new language applies the next time FollowUp starts." in texts


def test_preferences_in_german(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFormLayout, QLabel

    from followup_desktop import i18n

    i18n.set_language("de")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = PreferencesDialog(settings)
    qtbot.add_widget(dialog)
    assert dialog.windowTitle() == "Einstellungen"
    assert dialog.language_combo.itemText(0) == "Systemstandard"
    form = dialog.findChild(QFormLayout)
    assert form is not None
    label = form.labelForField(dialog.language_combo)
    assert isinstance(label, QLabel)
    assert label.text() == "&Sprache:"
    assert dialog.quiet_check.text() == "&Ruhezeiten: abends keine Erinnerungen"
    assert dialog.thank_checks["meeting"].text() == "nach einem &Treffen"
    assert dialog.keep_spins[0].suffix() == " Tage"
