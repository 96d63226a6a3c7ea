"""The check that reads the whole database file, made once the window shows.

Reading every page of a large file takes seconds; the window does not wait for
it. The check runs on a thread of its own (SQLite does its reading without
Python's lock); a damaged file is then said in words, and every change is
refused from that moment, so that nothing is written to it.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from followup_desktop.i18n import _
from followup_desktop.services import FollowUpService


class DatabaseCheck(QObject):
    """Runs ``FollowUpService.verify_database`` off the GUI thread."""

    finished = Signal(str)  # the problem in words, "" when the file is whole

    def __init__(self, service: FollowUpService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.worker: threading.Thread | None = None

    def start(self) -> None:
        self.worker = threading.Thread(target=self._run, name="database-check", daemon=True)
        self.worker.start()

    def _run(self) -> None:
        self.finished.emit(self._service.verify_database() or "")


def warn_when_damaged(window: QMainWindow, message: str) -> None:
    """Tell the user, once, that the file is damaged and left as it is."""
    if message:
        window.statusBar().showMessage(message)
        QMessageBox.critical(window, _("FollowUp: your database is damaged"), message)
