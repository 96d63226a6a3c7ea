"""The main window on fresh demo data, for the screenshot scripts.

A fixed clock makes the pictures the same from run to run; the language comes
from the environment (LANGUAGE=de takes German pictures), as the app's does.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication

from followup_desktop import i18n
from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import FollowUpService
from followup_desktop.services.demo import generate_demo
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.store import Store, open_store
from followup_desktop.ui.mainwindow import MainWindow


@dataclass
class DemoWindow:
    app: QApplication
    window: MainWindow
    service: FollowUpService
    store: Store
    folder: Path  # a new temporary folder holding the database and the settings

    def settle(self) -> None:
        """Events handled, and the counts read off the GUI thread shown."""
        self.app.processEvents()
        while self.window.counts_pending():
            time.sleep(0.005)
            self.app.processEvents()


def demo_window(width: int, height: int) -> DemoWindow:
    """The main window, shown at ``width`` × ``height``, over a new demo database."""
    language = i18n.set_language(None)
    if language not in (i18n.SOURCE_LANGUAGE, i18n.PSEUDO):
        QLocale.setDefault(QLocale(language))
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setApplicationName("FollowUp")
    folder = Path(tempfile.mkdtemp())
    store = open_store(folder / "followup.sqlite3")
    clock = FixedClock(datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    service = FollowUpService(store, clock, home_country="DE")
    thanks = ThankYouService(service)
    generate_demo(service)
    thanks.fill_from_history()
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(service, settings, thanks)
    window.resize(width, height)
    window.show()
    return DemoWindow(app, window, service, store, folder)
