"""The one place that wires paths -> store -> services -> UI."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QLockFile, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from followup_desktop.domain.clock import Clock
from followup_desktop.paths import Paths
from followup_desktop.services import FollowUpService
from followup_desktop.services.demo import generate_demo
from followup_desktop.services.settings import home_country_from_env
from followup_desktop.store import StoreError, open_store
from followup_desktop.ui.mainwindow import MainWindow

EXIT_CANNOT_START = 2
ICON_NAME = "io.github.followup_desktop.FollowUpDesktop"


def _app_icon() -> QIcon:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    svg = os.path.join(here, "resources", "icons", "followup-desktop.svg")
    return QIcon.fromTheme(ICON_NAME, QIcon(svg))


def run_gui(paths: Paths, clock: Clock, *, demo: bool = False, argv: Sequence[str] = ()) -> int:
    """Start the app; problems with the data folder are explained in a dialog."""
    app = QApplication.instance() or QApplication(list(argv) or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("FollowUp")
    app.setOrganizationName("followup-desktop")
    app.setDesktopFileName(ICON_NAME)
    app.setWindowIcon(_app_icon())
    try:
        paths.ensure()
    except OSError as exc:
        QMessageBox.critical(None, "FollowUp", f"Cannot create {paths.data_dir}: {exc.strerror}.")
        return EXIT_CANNOT_START
    lock = QLockFile(str(paths.lock))
    lock.setStaleLockTime(0)
    if not lock.tryLock(100):
        QMessageBox.information(
            None,
            "FollowUp",
            f"FollowUp is already running with the data in {paths.data_dir}.",
        )
        return 1
    try:
        store = open_store(paths.database)
    except StoreError as exc:
        QMessageBox.critical(None, "FollowUp cannot open your data", str(exc))
        return EXIT_CANNOT_START
    try:
        service = FollowUpService(store, clock, home_country=home_country_from_env(os.environ))
        if demo and store.prospect_count() == 0:
            generate_demo(service)
        settings = QSettings(str(paths.settings), QSettings.Format.IniFormat)
        window = MainWindow(service, settings)
        window.show()
        return app.exec()
    finally:
        store.close()
        lock.unlock()
