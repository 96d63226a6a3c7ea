"""The window's frame, shown the moment the app starts, before anything heavy loads.

Starting the window means loading the store, the services and every view, which
takes several times as long as showing an empty window. So the launcher shows
this frame first, at the size and place the window had last time, with the
wait cursor; ``app.run_gui`` shows the real window at the same place once it is
built and closes the frame. This module imports Qt only: nothing of the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

APP_NAME = "FollowUp"
ORGANIZATION = "followup-desktop"
# The desktop entry's name: the taskbar groups the window under the app's icon.
DESKTOP_FILE_NAME = "io.github.followup_desktop.FollowUpDesktop"
FIRST_SIZE = (1280, 800)
# The app's icon, read straight from the package (ui/icons.py loads more than this needs).
ICON_FILE = Path(__file__).resolve().parent.parent / "resources" / "icons" / "followup-desktop.svg"

_frame: QMainWindow | None = None


def name_app(app: QGuiApplication) -> None:
    """Who the app is to the desktop, set before its first window exists."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setDesktopFileName(DESKTOP_FILE_NAME)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """The first size: as asked, but never larger than the screen's free area."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width, height = min(width, free.width()), min(height, int(free.height() * 0.95))
    window.resize(width, height)


def show_start_frame(argv: Sequence[str], settings_path: Path) -> QMainWindow:
    """Create the application and show the frame where the window was last time."""
    global _frame
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    name_app(app)
    frame = QMainWindow()
    frame.setWindowTitle(APP_NAME)
    # The app's icon in the middle until the views take its place.
    mark = QLabel()
    mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if ICON_FILE.is_file():
        icon = QIcon(str(ICON_FILE))
        frame.setWindowIcon(icon)
        mark.setPixmap(icon.pixmap(QSize(96, 96)))
    frame.setCentralWidget(mark)
    fit_to_screen(frame, *FIRST_SIZE)
    geometry = QSettings(str(settings_path), QSettings.Format.IniFormat).value("window/geometry")
    if isinstance(geometry, QByteArray):
        frame.restoreGeometry(geometry)
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    frame.show()
    _frame = frame
    return frame


def start_frame() -> QMainWindow | None:
    """The frame on screen, if the launcher showed one and it is not closed yet."""
    return _frame


def close_start_frame() -> None:
    """Take the frame away (the window shows, or the start ends in a message)."""
    global _frame
    frame, _frame = _frame, None
    if frame is None:
        return
    QApplication.restoreOverrideCursor()
    frame.hide()
    frame.deleteLater()
