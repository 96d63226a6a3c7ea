"""The preferences that change what the app does, kept in the database.

Quiet hours, which touches queue a thank-you note, the sender on envelopes and
the paper size are the user's choices about their data: they live in the
database's settings (under "pref/"), so that the window and the command line
behave the same, and a change made in one window reaches the others through the
change feed. Window sizes and splitters stay per machine, in QSettings. The language is
one of them too ("language": "" to follow the system, or a code such as "de"),
read before anything is shown, so a change applies at the next start.

The functions here read and write through anything with QSettings' two methods
(``value`` and ``setValue``), so preferences saved by earlier versions in
QSettings can be read the same way and adopted once.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Protocol

from followup_desktop.domain.reminders import QuietHours
from followup_desktop.domain.thanks import ThankYouPreference
from followup_desktop.services.followup import FollowUpService
from followup_desktop.services.settings import page_size_for_country
from followup_desktop.store.database import peek_setting

PREFIX = "pref/"
THANK_KINDS = ("meeting", "won", "referral", "introduction")
KEYS = (
    "reminders/quiet_from",
    "reminders/quiet_until",
    "reminders/weekends_quiet",
    "reminders/quiet_enabled",
    *(f"thank_you/{kind}" for kind in THANK_KINDS),
    "thank_you/sender",
    "thank_you/page_size",
)
"""Every preference key; the database keeps each as PREFIX + key."""
LANGUAGE_KEY = "language"


class SettingsSource(Protocol):
    def value(self, key: str, defaultValue: object = ...) -> object: ...

    def setValue(self, key: str, value: object) -> None: ...


class DatabasePreferences:
    """Preferences in the database's settings, with QSettings' ``value``/``setValue``."""

    def __init__(self, service: FollowUpService) -> None:
        self._service = service

    def value(self, key: str, defaultValue: object = None) -> object:
        stored = self._service.store.get_setting(PREFIX + key)
        return defaultValue if stored is None else stored

    def setValue(self, key: str, value: object) -> None:
        if self._service.store.get_setting(PREFIX + key) != str(value):
            self._service.store.set_setting(PREFIX + key, str(value))

    def contains(self, key: str) -> bool:
        return self._service.store.get_setting(PREFIX + key) is not None

    def sync(self) -> None:
        """Nothing to do: every value is committed when set (QSettings' interface)."""


def adopt_preferences(target: DatabasePreferences, earlier: SettingsSource) -> int:
    """Copy preferences an earlier version kept in QSettings into the database,
    once: a key the database already holds is left as it is. Returns how many."""
    adopted = 0
    for key in KEYS:
        old = earlier.value(key, None)
        if old is not None and not target.contains(key):
            target.setValue(key, old)
            adopted += 1
    return adopted


def load_quiet_hours(settings: SettingsSource) -> QuietHours:
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


def save_quiet_hours(settings: SettingsSource, quiet: QuietHours) -> None:
    settings.setValue("reminders/quiet_from", quiet.evening_start.strftime("%H:%M"))
    settings.setValue("reminders/quiet_until", quiet.morning_end.strftime("%H:%M"))
    settings.setValue("reminders/weekends_quiet", "true" if quiet.weekends_quiet else "false")
    settings.setValue("reminders/quiet_enabled", "true" if quiet.enabled else "false")


def load_thank_you_preference(settings: SettingsSource) -> ThankYouPreference:
    """Which touches put a prospect on the thank-you list (all four by default)."""
    values = {
        kind: str(settings.value(f"thank_you/{kind}", "true")) == "true" for kind in THANK_KINDS
    }
    return ThankYouPreference(**values)


def load_sender_lines(settings: SettingsSource) -> list[str]:
    """The sender's address for envelopes, one line each."""
    text = str(settings.value("thank_you/sender", ""))
    return [line.strip() for line in text.splitlines() if line.strip()]


def load_page_size(settings: SettingsSource, home_country: str) -> str:
    """A4 or Letter as chosen, or by the country (Letter in the US and Canada)."""
    chosen = str(settings.value("thank_you/page_size", "auto"))
    return chosen if chosen in ("A4", "Letter") else page_size_for_country(home_country)


def load_language(settings: SettingsSource) -> str:
    """The language chosen in Preferences ("de", "pl"…), or "" to follow the system."""
    return str(settings.value(LANGUAGE_KEY, "") or "").strip()


def save_language(settings: SettingsSource, language: str) -> None:
    settings.setValue(LANGUAGE_KEY, language)


def stored_language(database: Path) -> str:
    """The language chosen in Preferences for the data in ``database``, read before
    the database is opened (the language must be set before any text is made):
    "" when none is chosen, or the file is not there or not readable yet."""
    return (peek_setting(database, PREFIX + LANGUAGE_KEY) or "").strip()
