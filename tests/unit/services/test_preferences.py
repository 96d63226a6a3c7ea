"""Preferences live in the database: the window and the command line behave alike."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from PySide6.QtCore import QSettings

from followup_desktop.domain.changes import Changes
from followup_desktop.domain.model import Channel, Direction
from followup_desktop.domain.reminders import QuietHours
from followup_desktop.domain.thanks import ThankYouPreference
from followup_desktop.services import FollowUpService
from followup_desktop.services.preferences import (
    DatabasePreferences,
    adopt_preferences,
    load_page_size,
    load_quiet_hours,
    load_sender_lines,
    load_thank_you_preference,
    save_quiet_hours,
)
from followup_desktop.services.thanks import ThankYouService


def test_preferences_round_trip_through_the_database(service: FollowUpService) -> None:
    prefs = DatabasePreferences(service)
    assert load_quiet_hours(prefs) == QuietHours()
    assert load_page_size(prefs, "DE") == "A4"
    heard: list[Changes] = []
    service.subscribe(heard.append)
    save_quiet_hours(prefs, QuietHours(time(20, 30), time(7, 0), False, True))
    prefs.setValue("thank_you/sender", "Jo Consultant\n1 Main St")
    prefs.setValue("thank_you/page_size", "Letter")
    again = DatabasePreferences(service)
    assert load_quiet_hours(again) == QuietHours(time(20, 30), time(7, 0), False, True)
    assert load_sender_lines(again) == ["Jo Consultant", "1 Main St"]
    assert load_page_size(again, "DE") == "Letter"
    assert "pref/thank_you/sender" in {k for c in heard for k in c.setting_keys}
    heard.clear()
    prefs.setValue("thank_you/page_size", "Letter")  # unchanged: nothing written
    assert heard == []


def test_preferences_an_earlier_version_kept_in_qsettings_are_adopted_once(
    service: FollowUpService, tmp_path: Path
) -> None:
    old = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    old.setValue("thank_you/introduction", "false")
    old.setValue("reminders/quiet_from", "21:00")
    prefs = DatabasePreferences(service)
    assert adopt_preferences(prefs, old) == 2
    assert load_thank_you_preference(prefs) == ThankYouPreference(introduction=False)
    prefs.setValue("reminders/quiet_from", "18:00")  # changed since in the database
    assert adopt_preferences(prefs, old) == 0
    assert load_quiet_hours(prefs).evening_start == time(18, 0)


def test_the_thank_you_list_follows_the_preference_stored_in_the_database(
    service: FollowUpService,
) -> None:
    DatabasePreferences(service).setValue("thank_you/introduction", "false")
    thanks = ThankYouService(service)  # as the command line makes it: no preference given
    assert thanks.preference == ThankYouPreference(introduction=False)
    p = service.add_prospect("Grace Kim")
    service.log_touch(p.id or 0, Channel.INTRODUCTION, direction=Direction.OUT)
    assert thanks.count() == 0
    service.log_touch(p.id or 0, Channel.MEETING)
    assert thanks.count() == 1


def test_the_language_is_kept_in_the_database(service: FollowUpService, db_path: Path) -> None:
    from followup_desktop.services.preferences import load_language, save_language, stored_language

    prefs = DatabasePreferences(service)
    assert load_language(prefs) == ""  # "": follow the system
    assert stored_language(db_path) == ""
    save_language(prefs, "de")
    assert load_language(DatabasePreferences(service)) == "de"
    # Read before the database is opened, while the window has it open.
    assert stored_language(db_path) == "de"
    assert service.store.get_setting("pref/language") == "de"


def test_the_language_is_read_without_touching_the_folder(tmp_path: Path) -> None:
    from followup_desktop.services.preferences import stored_language

    missing = tmp_path / "nowhere" / "followup.sqlite3"
    assert stored_language(missing) == ""
    assert not missing.parent.exists()
    not_a_database = tmp_path / "followup.sqlite3"
    not_a_database.write_text("hello")
    assert stored_language(not_a_database) == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["followup.sqlite3"]
