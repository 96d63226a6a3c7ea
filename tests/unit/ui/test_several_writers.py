"""The window and the command line writing to the same prospect.

Each test drives the real window while a real command-line process writes to
the same database: the card's save keeps what the other wrote, asks when both
changed one field, and never refuses an edit with a message meant for developers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Stage
from followup_desktop.services import FollowUpService
from followup_desktop.ui.mainwindow import MainWindow
from tests.helpers.qt import when_modal

ROOT = Path(__file__).resolve().parents[3]


def _cli(data_dir: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "followup_desktop", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout


def _vcard(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "from-phone.vcf"
    body = "\r\n".join(("BEGIN:VCARD", "VERSION:3.0", *lines, "END:VCARD", ""))
    path.write_text(body, encoding="utf-8")
    return str(path)


def _type(qtbot: QtBot, window: MainWindow, field: str, text: str) -> None:
    edit = getattr(window.card, field)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def _save(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.card.name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        "followup_desktop.ui.mainwindow.operations.QMessageBox.warning",
        lambda _parent, _title, text: shown.append(text),
    )
    return shown


def test_saving_the_card_keeps_what_the_command_line_wrote_meanwhile(
    qtbot: QtBot,
    window: MainWindow,
    service: FollowUpService,
    db_path: Path,
    tmp_path: Path,
    warnings: list[str],
) -> None:
    """An import merged a new e-mail and phone and a touch moved the plan on while
    the card was open; saving the company keeps all of it."""
    ana = service.add_prospect("Ana Müller", emails=("ana@acme.example",)).id or 0
    window.refresh()
    window.open_prospect(ana)
    _type(qtbot, window, "company_edit", "Acme GmbH")

    vcard = _vcard(
        tmp_path,
        "FN:Ana Müller",
        "N:Müller;Ana;;;",
        "EMAIL:ana@acme.example",
        "EMAIL:ana@home.example",
        "TEL:+49 171 5550101",
    )
    _cli(db_path.parent, "import", vcard)
    _cli(db_path.parent, "log", str(ana), "--channel", "call")
    moved_on = service.get_prospect(ana)
    assert moved_on.cadence_position == 2

    _save(qtbot, window)  # before or after the change feed: the same result
    saved = service.get_prospect(ana)
    assert warnings == []
    assert saved.company == "Acme GmbH"
    assert saved.emails == ("ana@acme.example", "ana@home.example")
    assert saved.phones == ("+49 171 5550101",)
    assert (saved.cadence, saved.cadence_position) == (moved_on.cadence, 2)
    assert saved.version > moved_on.version
    qtbot.wait_until(lambda: not window.card.has_unsaved_changes(), timeout=3000)
    assert window.card.emails_edit.text() == "ana@acme.example, ana@home.example"


def _conflict(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, db_path: Path, tmp_path: Path
) -> int:
    """The user types a company and a title; meanwhile an import fills the company."""
    ana = service.add_prospect("Ana Müller", emails=("ana@acme.example",)).id or 0
    window.refresh()
    window.open_prospect(ana)
    _type(qtbot, window, "company_edit", "Acme Ltd")
    _type(qtbot, window, "title_edit", "Head of Sales")
    vcard = _vcard(tmp_path, "FN:Ana Müller", "EMAIL:ana@acme.example", "ORG:Acme GmbH")
    _cli(db_path.parent, "import", vcard)
    assert service.get_prospect(ana).company == "Acme GmbH"
    return ana


def _answer(button: str) -> list[QMessageBox]:
    def click(box: QMessageBox) -> None:
        found = box.findChild(QPushButton, button)
        assert found is not None
        found.click()

    return when_modal(QMessageBox, click)


@pytest.mark.parametrize(
    ("button", "stored_company"), [("keepMine", "Acme Ltd"), ("keepStored", "Acme GmbH")]
)
def test_both_changing_one_field_asks_which_stays_and_saves_the_rest(
    qtbot: QtBot,
    window: MainWindow,
    service: FollowUpService,
    db_path: Path,
    tmp_path: Path,
    button: str,
    stored_company: str,
) -> None:
    ana = _conflict(qtbot, window, service, db_path, tmp_path)
    asked = _answer(button)
    _save(qtbot, window)
    assert len(asked) == 1
    text = asked[0].text()
    assert text.startswith("While you were editing, Ana Müller's company changed elsewhere")
    assert "Company: you typed “Acme Ltd”; stored now: “Acme GmbH”." in text
    assert asked[0].textFormat() == Qt.TextFormat.PlainText
    saved = service.get_prospect(ana)
    assert (saved.company, saved.title) == (stored_company, "Head of Sales")
    assert window.card.company_edit.text() == stored_company
    assert not window.card.has_unsaved_changes()
    assert window.undo_stack.undoText() == "Edit prospect: Ana Müller"


def test_going_back_to_the_card_loses_neither_side(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, db_path: Path, tmp_path: Path
) -> None:
    ana = _conflict(qtbot, window, service, db_path, tmp_path)
    asked = _answer("backToEditing")
    _save(qtbot, window)
    assert len(asked) == 1
    saved = service.get_prospect(ana)
    assert (saved.company, saved.title) == ("Acme GmbH", "")
    assert window.card.company_edit.text() == "Acme Ltd"
    assert window.card.title_edit.text() == "Head of Sales"
    assert window.card.has_unsaved_changes()
    # The change feed brings the stored company in; the typing stays, and the next
    # save still asks (the user has not seen the stored value in the field).
    window.card.reload()
    assert window.card.company_edit.text() == "Acme Ltd"
    asked = _answer("keepMine")
    qtbot.mouseClick(window.card.save_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1
    assert service.get_prospect(ana).company == "Acme Ltd"


def test_a_stage_changed_elsewhere_does_not_refuse_the_edit(
    qtbot: QtBot,
    window: MainWindow,
    service: FollowUpService,
    db_path: Path,
    warnings: list[str],
) -> None:
    ana = service.add_prospect("Ana Müller").id or 0
    window.refresh()
    window.open_prospect(ana)
    window.card.notes_edit.setFocus()
    qtbot.keyClicks(window.card.notes_edit, "Prefers mornings.")
    _cli(db_path.parent, "stage", str(ana), "won")
    _save(qtbot, window)
    assert warnings == []
    saved = service.get_prospect(ana)
    assert (saved.stage, saved.notes) == (Stage.WON, "Prefers mornings.")


def test_an_edit_cannot_change_the_stage_and_says_so_in_words(
    service: FollowUpService,
) -> None:
    from dataclasses import replace

    ana = service.add_prospect("Ana Müller")
    with pytest.raises(DomainError, match="use Mark won, Mark lost or the stage box"):
        service.update_prospect(replace(ana, stage=Stage.WON))
    assert service.get_prospect(ana.id or 0).stage is Stage.NEW


def test_undo_in_the_window_keeps_the_command_line_s_touch(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, db_path: Path
) -> None:
    ana = service.add_prospect("Ana Müller").id or 0
    window.refresh()
    window.open_prospect(ana)
    _type(qtbot, window, "company_edit", "Acme GmbH")
    _save(qtbot, window)
    assert service.get_prospect(ana).company == "Acme GmbH"
    _cli(db_path.parent, "log", str(ana), "--channel", "call", "--note", "from the terminal")
    qtbot.wait_until(lambda: window.timeline.touch_count() == 1, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert service.get_prospect(ana).company == ""
    (touch,) = service.touches(ana)
    assert touch.notes == "from the terminal"
    assert window.timeline.touch_count() == 1
