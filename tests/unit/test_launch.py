"""The followup-desktop command shows the window's frame before loading the app,
then the window takes the frame's place; commands never load Qt for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QEvent, QRect, QSettings
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from followup_desktop import app as app_module
from followup_desktop import paths
from followup_desktop.domain.clock import FixedClock
from followup_desktop.launch import opens_window, show_frame_first
from followup_desktop.ui import start_frame
from followup_desktop.ui.mainwindow import MainWindow
from tests.helpers.qt import settle


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None, False)),
        (["--demo"], (True, None, True)),
        (["--data-dir", "/d", "--language", "de"], (True, "/d", False)),
        (["--data-dir=/d", "--demo", "--database=sqlite:///x"], (True, "/d", True)),
        (["--data-dir", "/d", "due"], (False, None, False)),
        (["--help"], (False, None, False)),
        (["--version"], (False, None, False)),
        (["--data-dir"], (False, None, False)),
        (["--no-such-option"], (False, None, False)),
    ],
)
def test_only_arguments_that_open_the_window_show_its_frame(
    args: list[str], expected: tuple[bool, str | None, bool]
) -> None:
    assert opens_window(args) == expected


def test_commands_help_and_version_never_load_qt() -> None:
    code = (
        "import sys\n"
        "from followup_desktop.launch import show_frame_first\n"
        "shown = [show_frame_first(a) for a in (['due'], ['--help'], ['--version'])]\n"
        "print(shown, 'PySide6' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[False, False, False] False"


def test_the_frame_shows_where_the_window_was_and_the_window_takes_its_place(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_paths = paths.resolve(tmp_path)
    app_paths.ensure()
    # Where the window was last time, as MainWindow saves it.
    placed = QMainWindow()
    placed.setGeometry(QRect(40, 50, 700, 500))
    QSettings(str(app_paths.settings), QSettings.Format.IniFormat).setValue(
        "window/geometry", placed.saveGeometry()
    )
    placed.deleteLater()

    assert show_frame_first(["--data-dir", str(tmp_path)])
    frame = start_frame.start_frame()
    assert frame is not None
    assert frame.isVisible()
    assert frame.windowTitle() == "FollowUp"
    assert (frame.width(), frame.height()) == (700, 500)
    assert QApplication.overrideCursor() is not None  # the wait cursor while it loads

    seen: list[tuple[bool, QRect, QByteArray]] = []

    def exec_and_look(_app: QApplication) -> int:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                settle(qtbot, w)
                seen.append((isValid(frame) and frame.isVisible(), w.geometry(), w.saveGeometry()))
                w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_and_look)
    assert app_module.run_gui(app_paths, clock) == 0
    ((frame_visible, geometry, _state),) = seen
    assert not frame_visible  # the window took the frame's place
    assert (geometry.width(), geometry.height()) == (700, 500)
    assert start_frame.start_frame() is None
    assert QApplication.overrideCursor() is None


def test_a_start_that_ends_in_a_message_takes_the_frame_away_first(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_paths = paths.resolve(tmp_path)
    app_paths.ensure()
    app_paths.database.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)  # damaged
    frames_on_screen: list[bool] = []

    def critical(*_args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        frames_on_screen.append(start_frame.start_frame() is not None)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", critical)
    assert show_frame_first(["--data-dir", str(tmp_path)])
    assert app_module.run_gui(app_paths, clock) == app_module.EXIT_CANNOT_START
    assert frames_on_screen == [False]  # the message is not left behind an empty frame
    assert QApplication.overrideCursor() is None
