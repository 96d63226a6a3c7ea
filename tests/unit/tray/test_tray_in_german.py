"""The tray in German: its menu, its tooltip and the buttons of a reminder notification.

Each assertion reads a German text: it fails when the string was not marked for
translation, or marked but not translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from followup_desktop import i18n
from followup_desktop.services import FollowUpService
from followup_desktop.tray.desktop_notify import notify_actions
from followup_desktop.tray.icon import MENU_DUE_LIMIT, TrayController, tooltip_text
from followup_desktop.ui.icons import app_icon
from tests.unit.tray.conftest import MakeDue


@pytest.fixture
def german() -> Iterator[None]:
    previous = QLocale()
    i18n.set_language("de")
    QLocale.setDefault(QLocale("de_DE"))
    yield
    QLocale.setDefault(previous)
    i18n.set_language("en")


@pytest.fixture
def german_tray(german: None, qtbot: QtBot, service: FollowUpService) -> Iterator[TrayController]:
    """A tray made once German is chosen, as the app makes it at start."""
    controller = TrayController(service, icon=app_icon())
    yield controller
    controller.hide()
    controller.deleteLater()


def entries(tray: TrayController) -> list[str]:
    return [re.sub(r"&(.)", r"\1", a.text()) for a in tray.menu().actions() if not a.isSeparator()]


def test_the_tray_menu_speaks_german(german_tray: TrayController) -> None:
    assert entries(german_tray) == [
        "FollowUp öffnen",
        "Gerade nichts fällig",
        "Alle um eine Stunde verschieben",
        "Erinnerungen bis morgen pausieren",
        "FollowUp beenden",
    ]
    assert german_tray.tray_icon.toolTip() == "FollowUp — gerade nichts fällig"


def test_more_due_than_the_menu_lists_is_said_in_german(
    german_tray: TrayController, make_due: MakeDue
) -> None:
    for n in range(MENU_DUE_LIMIT + 2):
        make_due(f"Kunde {n:02d}", ago=timedelta(minutes=5 + n))
    german_tray.refresh()
    assert entries(german_tray)[-4] == "2 weitere jetzt fällig…"
    assert german_tray.tray_icon.toolTip() == f"FollowUp — {MENU_DUE_LIMIT + 2} jetzt fällig"


def test_the_tooltip_counts_in_german(german: None) -> None:
    assert tooltip_text(1) == "FollowUp — 1 jetzt fällig"
    assert tooltip_text(0) == "FollowUp — gerade nichts fällig"


def test_a_reminder_notification_offers_its_buttons_in_german(german: None) -> None:
    assert notify_actions() == [
        "default",
        "Öffnen",
        "snooze-15m",
        "15 Minuten später",
        "snooze-1h",
        "1 Stunde später",
        "snooze-tomorrow",
        "Morgen früh",
    ]
