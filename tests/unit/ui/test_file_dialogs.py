"""File dialogs open in the last folder used for the same purpose (remembered across
runs), else in Documents or the home folder; never in the working directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from followup_desktop.services import FollowUpService
from followup_desktop.ui.file_dialogs import default_folder
from followup_desktop.ui.mainwindow import MainWindow

CARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEND:VCARD\n"


class FakeDialogs:
    """Stands in for QFileDialog's static functions: records where each opened."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened: list[tuple[str, str]] = []
        self.answer = ""
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(self._open))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._save))

    def _open(self, parent: object, caption: str, start: str, kinds: str) -> tuple[list[str], str]:
        self.opened.append((caption, start))
        return ([self.answer] if self.answer else []), ""

    def _save(self, parent: object, caption: str, start: str, kinds: str) -> tuple[str, str]:
        self.opened.append((caption, start))
        return self.answer, ""


def test_each_purpose_remembers_its_folder_and_starts_in_documents(
    qtbot: QtBot,
    window: MainWindow,
    service: FollowUpService,
    settings: QSettings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    elsewhere = tmp_path / "started-here"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    dialogs = FakeDialogs(monkeypatch)
    home = str(default_folder())
    assert home != os.getcwd()

    # Import: first in Documents (or home), then where the last file came from.
    window.contact_commands.choose_and_import()
    assert dialogs.opened[-1] == ("Import contacts", home)
    contacts = tmp_path / "contacts"
    contacts.mkdir()
    (contacts / "people.vcf").write_text(CARD, encoding="utf-8")
    dialogs.answer = str(contacts / "people.vcf")
    window.contact_commands.choose_and_import()
    assert window.import_dialog is not None
    window.import_dialog.reject()
    dialogs.answer = ""
    window.contact_commands.choose_and_import()
    assert dialogs.opened[-1] == ("Import contacts", str(contacts))

    # Thank-you PDFs: their own folder, not the import's.
    service.add_prospect("Ana García")
    suggested = "thank-you-notes.pdf"
    assert window.thank_you.ask_save_path(suggested) is None
    assert dialogs.opened[-1] == ("Save as PDF", str(Path(home) / suggested))
    pdfs = tmp_path / "letters"
    pdfs.mkdir()
    dialogs.answer = str(pdfs / "notes.pdf")
    assert window.thank_you.ask_save_path(suggested) == str(pdfs / "notes.pdf")
    assert window.thank_you.ask_save_path(suggested) == str(pdfs / "notes.pdf")
    assert dialogs.opened[-1] == ("Save as PDF", str(pdfs / suggested))

    # The report: its own folder too.
    dialogs.answer = ""
    window.reports.ask_save_path("report.pdf", "PDF (*.pdf)")
    assert dialogs.opened[-1] == ("Save the report", str(Path(home) / "report.pdf"))

    # Export: the dialog's path starts in Documents (or home), not in the working directory.
    export = window.export()
    assert Path(export.path.text()).parent == Path(home)
    export.reject()

    # Another run with the same settings remembers.
    again = MainWindow(service, settings)
    qtbot.add_widget(again)
    again.contact_commands.choose_and_import()
    assert dialogs.opened[-1] == ("Import contacts", str(contacts))
    again.thank_you.ask_save_path(suggested)
    assert dialogs.opened[-1] == ("Save as PDF", str(pdfs / suggested))


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(
    window: MainWindow, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs = FakeDialogs(monkeypatch)
    settings.setValue("import/folder", str(tmp_path / "unplugged-usb-stick"))
    window.contact_commands.choose_and_import()
    assert dialogs.opened[-1] == ("Import contacts", str(default_folder()))
