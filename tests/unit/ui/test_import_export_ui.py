"""File > Import and File > Export in the real window: columns, preview, undo, drop."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox
from pytestqt.qtbot import QtBot

from followup_desktop.cli import main as cli_main
from followup_desktop.domain.clock import FixedClock
from followup_desktop.io.contacts import MAX_VALUE_CHARS
from followup_desktop.services import FollowUpService
from followup_desktop.services.contacts import Decision
from followup_desktop.ui.import_dialog import DuplicateTableModel, ImportDialog
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import PROSPECTS
from tests.helpers.full_disk import room_for_files

CARDS = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ana García\nORG:Acme\nEMAIL:ana@acme.example\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:<b>Bold</b> & Co\nEMAIL:bold@example.com\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nNOTE:only a note\nEND:VCARD\n"
)
TABLE = "Kunde;Firma;Telefon\nErika Mustermann;Muster AG;030 1234\nMax Beispiel;;089 999\n"


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _names(service: FollowUpService) -> list[str]:
    return sorted(s.prospect.name for s in service.store.summaries())


def test_preview_then_import_then_undo(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, tmp_path: Path
) -> None:
    service.add_prospect("Ana García", emails=("ANA@acme.example",))
    dialog = window.import_files([_file(tmp_path, "people.vcf", CARDS)])
    assert isinstance(dialog, ImportDialog)
    assert dialog.pages.currentWidget() is dialog.preview_page
    assert dialog.summary.text() == (
        "1 new prospect · 1 that looks like a prospect already here · 1 problem"
    )
    assert dialog.summary.textFormat() is Qt.TextFormat.PlainText
    assert "people.vcf: line 12: the card has no name" in dialog.problems.toPlainText()
    model = dialog.model
    assert model.rowCount() == 1
    assert model.index(0, 3).data() == "the same e-mail address (ANA@acme.example)"
    assert model.index(0, 4).data() == "Merge into it"
    assert _names(service) == ["Ana García"]  # nothing written by the preview
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _names(service) == ["<b>Bold</b> & Co", "Ana García"]
    assert window.current_destination() == PROSPECTS
    assert "Imported 1 new prospects, merged 1" in window.statusBar().currentMessage()
    assert window.undo_stack.undoText() == "Import 1 new prospect and 1 merge"
    window.undo_stack.undo()
    assert _names(service) == ["Ana García"]
    assert service.get_prospect(1).company == ""
    window.undo_stack.redo()
    assert _names(service) == ["<b>Bold</b> & Co", "Ana García"]
    assert service.get_prospect(1).company == "Acme"


def test_per_duplicate_choice_through_the_drop_down(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, tmp_path: Path
) -> None:
    service.add_prospect("Ana García", emails=("ana@acme.example",))
    dialog = window.import_files([_file(tmp_path, "people.vcf", CARDS)])
    assert dialog is not None
    view = dialog.duplicates
    index = dialog.model.index(0, 4)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index) or view.findChild(QComboBox)
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findData(Decision.CREATE.value))
    view.commitData(editor)
    assert dialog.model.index(0, 4).data() == "Create a new prospect"
    qtbot.mouseClick(dialog.skip_all, Qt.MouseButton.LeftButton)
    assert dialog.model.candidate(0).decision is Decision.SKIP
    qtbot.mouseClick(dialog.create_all, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert _names(service) == ["<b>Bold</b> & Co", "Ana García", "Ana García"]


LIKELY = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ana García\nEMAIL:ana@acme.example\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Jon Smith\nORG:ACME Corp.\nEND:VCARD\n"
)


def test_window_and_command_line_default_alike_for_the_same_file(
    qtbot: QtBot,
    window: MainWindow,
    service: FollowUpService,
    tmp_path: Path,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An exact e-mail match is merged; a close name only is offered, created by default."""
    path = _file(tmp_path, "likely.vcf", LIKELY)
    service.add_prospect("Ana García", emails=("ana@acme.example",))
    service.add_prospect("John Smith", company="Acme Corp")
    dialog = window.import_files([path])
    assert dialog is not None
    shown = [
        (dialog.model.index(row, 4).data(), dialog.model.candidate(row).contact.name)
        for row in range(dialog.model.rowCount())
    ]
    assert shown == [("Merge into it", "Ana García"), ("Create a new prospect", "Jon Smith")]
    dialog.reject()

    other = str(tmp_path / "cli-data")
    for args in (
        ["add", "Ana García", "--email", "ana@acme.example"],
        ["add", "John Smith", "--company", "Acme Corp"],
    ):
        assert cli_main(["--data-dir", other, *args], clock=clock) == 0
    capsys.readouterr()
    assert cli_main(["--data-dir", other, "import", path, "--dry-run", "--json"], clock=clock) == 0
    matches = json.loads(capsys.readouterr().out)["matches"]
    assert [(m["name"], m["decision"]) for m in matches] == [
        ("Ana García", "merge"),
        ("Jon Smith", "create"),
    ]
    # Importing for real creates Jon Smith beside John Smith and merges Ana.
    assert cli_main(["--data-dir", other, "import", path, "--json"], clock=clock) == 0
    done = json.loads(capsys.readouterr().out)
    assert (done["created"], done["merged"]) == (1, 1)
    # The explicit override still decides for every match.
    assert (
        cli_main(
            ["--data-dir", other, "import", path, "--dry-run", "--json", "--duplicates", "skip"],
            clock=clock,
        )
        == 0
    )
    matches = json.loads(capsys.readouterr().out)["matches"]
    assert {m["decision"] for m in matches} == {"skip"}


def test_unknown_csv_goes_through_the_columns_step_which_is_remembered(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, tmp_path: Path
) -> None:
    path = _file(tmp_path, "kunden.csv", TABLE)
    dialog = window.import_files([path])
    assert dialog is not None
    assert dialog.pages.currentWidget() is dialog.mapping_page
    page = dialog.mapping_page
    assert page.mapping() == ["", "company", "phone"]
    assert page.table.item(0, 1).text() == "Erika Mustermann · Max Beispiel"
    page.set_field(0, "name")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentWidget() is dialog.preview_page
    assert dialog.summary.text().startswith("2 new prospects")
    dialog.cadence.setCurrentIndex(dialog.cadence.findData("outbound"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert _names(service) == ["Erika Mustermann", "Max Beispiel"]
    assert service.count_without_next_step() == 0  # the chosen cadence planned a first step
    # The same columns next time: straight to the preview.
    again = window.import_files([_file(tmp_path, "kunden2.csv", TABLE)])
    assert again is not None
    assert again.pages.currentWidget() is again.preview_page
    assert again.model.rowCount() == 2  # both match by phone now
    again.reject()


def test_a_file_that_is_not_a_contact_file_is_reported_and_import_is_off(
    window: MainWindow, service: FollowUpService, tmp_path: Path
) -> None:
    path = tmp_path / "picture.vcf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    dialog = window.import_files([str(path)])
    assert dialog is not None
    assert "picture.vcf: not read" in dialog.files_label.text()
    assert "not a contact file" in dialog.problems.toPlainText()
    assert not dialog.import_button.isEnabled()
    dialog.reject()
    assert service.store.prospect_count() == 0


def test_dropping_files_on_the_window_opens_the_preview(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(_file(tmp_path, "people.vcf", CARDS))])
    enter = QDragEnterEvent(
        QPoint(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    qtbot.wait_until(lambda: window.import_dialog is not None and window.import_dialog.isVisible())
    assert window.import_dialog is not None
    assert window.import_dialog.summary.text().startswith("2 new prospects")
    window.import_dialog.reject()


def test_text_that_is_not_files_is_not_taken(window: MainWindow) -> None:
    mime = QMimeData()
    mime.setText("just text")
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter.setAccepted(False)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_export_dialog_writes_each_format(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, tmp_path: Path
) -> None:
    service.add_prospect("Ana García", company="Acme", emails=("ana@acme.example",))
    service.add_prospect("Bo Berg")
    window.open_prospect(2)
    dialog = window.export()
    labels = [dialog.scope.itemText(i) for i in range(dialog.scope.count())]
    assert labels == ["All prospects (2)", "Only Bo Berg"]
    target = tmp_path / "out.vcf"
    dialog.path.setText(str(target))
    dialog.scope.setCurrentIndex(1)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    text = target.read_text(encoding="utf-8")
    assert "FN:Bo Berg" in text
    assert "Ana" not in text
    assert "Exported to" in window.statusBar().currentMessage()
    dialog = window.export()
    dialog.choose("ics")
    assert not dialog.scope.isEnabled()
    assert dialog.path.text().endswith("followup-follow-ups.ics")
    ics = tmp_path / "follow-ups.ics"
    dialog.path.setText(str(ics))
    dialog.export()
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    assert len(list(cal.walk("VTODO"))) == 2


def test_export_to_a_place_that_cannot_be_written_says_so(
    qtbot: QtBot,
    window: MainWindow,
    service: FollowUpService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service.add_prospect("Ana García")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    dialog = window.export()
    dialog.path.setText(str(tmp_path / "no" / "such" / "folder" / "x.vcf"))
    dialog.export()
    assert dialog.isVisible()
    assert shown
    assert "could not be written" in shown[0]
    assert "Nothing was changed" in shown[0]
    dialog.reject()


def test_duplicate_model_passes_the_model_tester(
    qtmodeltester, service: FollowUpService, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.services.contacts import ImportService

    service.add_prospect("Ana García", emails=("ana@acme.example",))
    preview = ImportService(service).preview([_file(tmp_path, "people.vcf", CARDS)])
    model = DuplicateTableModel()
    model.set_candidates(preview.candidates)
    qtmodeltester.check(model)


def test_file_menu_offers_import_and_export_with_shortcuts(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if a.text()]
    assert texts[:2] == ["&Import contacts…", "&Export…"]
    assert window.actions_.import_contacts.shortcut().toString() == "Ctrl+I"
    assert window.actions_.export.shortcut().toString() == "Ctrl+E"


def test_export_asks_before_replacing_a_file(
    window: MainWindow, service: FollowUpService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.add_prospect("Ana García")
    target = tmp_path / "existing.vcf"
    target.write_text("keep me", encoding="utf-8")
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = window.export()
    dialog.path.setText(str(target))
    dialog.export()
    assert target.read_text(encoding="utf-8") == "keep me"
    assert dialog.isVisible()
    assert asked == [f"existing.vcf already exists in {tmp_path}. Replace it?"]
    dialog.export()
    assert "FN:Ana García" in target.read_text(encoding="utf-8")


def test_column_choices_are_not_remembered_when_the_import_is_cancelled(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = _file(tmp_path, "kunden.csv", TABLE)
    dialog = window.import_files([path])
    assert dialog is not None
    dialog.mapping_page.set_field(0, "name")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    dialog.reject()
    again = window.import_files([path])
    assert again is not None
    assert again.pages.currentWidget() is again.mapping_page
    again.reject()


def test_preview_says_why_a_file_was_not_read_and_which_address_matched(
    window: MainWindow, service: FollowUpService, tmp_path: Path
) -> None:
    service.add_prospect("Ana García", emails=("ana@acme.example",))
    cut = _file(tmp_path, "cut.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Cut\n")
    dialog = window.import_files([_file(tmp_path, "people.vcf", CARDS), cut])
    assert dialog is not None
    assert "cut.vcf: not read: the file ends inside the card" in dialog.files_label.text()
    assert dialog.model.index(0, 3).data() == "the same e-mail address (ana@acme.example)"
    dialog.reject()


def test_export_on_a_full_disk_says_so_and_keeps_the_earlier_file(
    qtbot: QtBot,
    window: MainWindow,
    service: FollowUpService,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for n in range(60):
        service.add_prospect(f"Prospect {n}", emails=(f"p{n}@example.com",))
    target = tmp_path / "everyone.vcf"
    target.write_text("BEGIN:VCARD\nVERSION:4.0\nFN:Earlier\nEND:VCARD\n", encoding="utf-8")
    earlier = target.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    dialog = window.export()
    dialog.path.setText(str(target))
    with room_for_files(4096):
        dialog.export()
    assert shown == [
        f"{target} could not be written (the file is larger than the disk allows). "
        "Nothing was changed."
    ]
    assert dialog.isVisible()
    assert target.read_bytes() == earlier
    assert [p.name for p in tmp_path.glob("*everyone*")] == [target.name]
    dialog.reject()


def test_preview_says_which_prospects_value_was_cut(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, tmp_path: Path
) -> None:
    note = "Wants a proposal in spring. " * 100_000  # 2.8 MB on one line
    text = f"BEGIN:VCARD\nVERSION:3.0\nFN:Big Note\nNOTE:{note}\nEND:VCARD\n"
    dialog = window.import_files([_file(tmp_path, "big.vcf", text)])
    assert dialog is not None
    assert dialog.problems.toPlainText() == (
        "big.vcf: line 4: the note of Big Note is longer than 1 MB: only its first 1 MB was kept"
    )
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    (summary,) = service.store.summaries()
    assert summary.prospect.notes == note[:MAX_VALUE_CHARS].rstrip()


def test_the_import_s_undo_entry_is_said_in_the_language_in_use() -> None:
    from followup_desktop import i18n
    from followup_desktop.ui.mainwindow.contact_commands import import_undo_text

    assert import_undo_text(1, 1) == "Import 1 new prospect and 1 merge"
    assert import_undo_text(3, 0) == "Import 3 new prospects"
    i18n.set_language("de")
    assert import_undo_text(3, 2) == "3 neue Interessenten und 2 Zusammenführungen importieren"
    assert import_undo_text(1, 0) == "1 neuen Interessenten importieren"
