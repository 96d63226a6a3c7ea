"""Where file dialogs open: the last folder used for the same purpose, else Documents.

Each purpose (importing contacts, exporting, saving the report, saving thank-you
PDFs) remembers its own folder in the window's QSettings, so that a dialog never
opens in whatever folder the program happened to be started from.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

IMPORT = "import"
EXPORT = "export"
REPORT = "report"
THANK_YOU_PDF = "thank_you_pdf"


def default_folder() -> Path:
    """The user's Documents folder where there is one, else their home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


class RecentFolders:
    """The last folder per purpose; kept in ``settings`` (or, without, for this run)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings
        self._session: dict[str, str] = {}

    def folder(self, purpose: str) -> Path:
        """The folder to open for ``purpose``: the last one used while it still exists."""
        if self._settings is not None:
            saved = str(self._settings.value(f"{purpose}/folder", "") or "")
        else:
            saved = self._session.get(purpose, "")
        if saved and Path(saved).is_dir():
            return Path(saved)
        return default_folder()

    def start(self, purpose: str, suggested_name: str = "") -> str:
        """The path a save or open dialog starts at: the folder, with a suggested name."""
        folder = self.folder(purpose)
        return str(folder / suggested_name) if suggested_name else str(folder)

    def remember(self, purpose: str, chosen: str | Path) -> None:
        """Keep the folder of a chosen file (or the chosen folder) for next time."""
        path = Path(chosen)
        folder = path if path.is_dir() else path.parent
        if self._settings is not None:
            self._settings.setValue(f"{purpose}/folder", str(folder))
        else:
            self._session[purpose] = str(folder)
