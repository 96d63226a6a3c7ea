"""Fixtures for the window's tests: the real main window with its own settings file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from followup_desktop.services import FollowUpService
from followup_desktop.ui.mainwindow import MainWindow
from tests.helpers.qt import settle


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot: QtBot, service: FollowUpService, settings: QSettings) -> MainWindow:
    win = MainWindow(service, settings)
    qtbot.add_widget(win)
    win.show()
    qtbot.wait_exposed(win)
    settle(qtbot, win)
    return win
