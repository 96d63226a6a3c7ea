"""Screenshots for the README, made from demo data (run by scripts/take-screenshots).

Starts the real main window on a fresh demo database with a fixed clock, so the
pictures are the same from run to run, and saves PNGs of: the agenda, a
prospect with a long timeline, and the log-touch dialog.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from followup_desktop.domain.clock import FixedClock
from followup_desktop.services import FollowUpService
from followup_desktop.services.demo import generate_demo
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.store import open_store
from followup_desktop.ui.log_touch_dialog import LogTouchDialog
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import AGENDA, THANK_YOU


def main(out: Path) -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("FollowUp")
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    store = open_store(folder / "followup.sqlite3")
    clock = FixedClock(datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    service = FollowUpService(store, clock, home_country="DE")
    thanks = ThankYouService(service)
    generate_demo(service)
    thanks.fill_from_history()
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(service, settings, thanks)
    window.resize(1366, 768)
    window.show()

    def shoot() -> None:
        window.show_destination(AGENDA)
        app.processEvents()
        window.grab().save(str(out / "agenda.png"))
        richest = max(service.prospects_json(), key=lambda r: r["touch_count"])
        window.open_prospect(richest["id"])
        app.processEvents()
        window.grab().save(str(out / "prospect.png"))
        window.show_destination(THANK_YOU)
        app.processEvents()
        window.grab().save(str(out / "thank-you.png"))
        dialog = LogTouchDialog(service, richest["id"], window)
        dialog.show()
        app.processEvents()
        dialog.grab().save(str(out / "log-touch.png"))
        dialog.reject()
        window.close()
        app.quit()

    QTimer.singleShot(300, shoot)
    app.exec()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
