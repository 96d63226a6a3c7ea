"""File › Restore from backup…: the backups listed, a confirmation, the data restored."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel
from followup_desktop.services import FollowUpService
from followup_desktop.services.backups import BackupService
from followup_desktop.store.database import SCHEMA_VERSION
from followup_desktop.ui.format import date_time_text
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import PROSPECTS
from followup_desktop.ui.restore_dialog import RestoreDialog
from tests.helpers.qt import settle, when_modal


def _rows(dialog: RestoreDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def _list_names(window: MainWindow) -> list[str]:
    model = window.prospect_list.model
    return [str(model.index(r, 0).data()) for r in range(model.rowCount())]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The confirmation answers Yes (unless a test says otherwise); messages are kept."""
    shown: dict[str, list[str]] = {"question": [], "information": [], "warning": []}

    def record(kind: str, answer: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def _show(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown[kind].append(text)
            return answer

        return _show

    for kind, answer in (
        ("question", QMessageBox.StandardButton.Yes),
        ("information", QMessageBox.StandardButton.Ok),
        ("warning", QMessageBox.StandardButton.Ok),
    ):
        monkeypatch.setattr(QMessageBox, kind, record(kind, answer))
    return shown


def test_the_dialog_lists_the_backups_newest_first_with_their_counts(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock
) -> None:
    backups = BackupService(service)
    ana = service.add_prospect("Ana Müller").id or 0
    first = backups.back_up()
    clock.advance(timedelta(hours=3))
    service.add_prospect("Bo Berg")
    service.log_touch(ana, Channel.CALL)
    service.log_touch(ana, Channel.EMAIL)
    second = backups.back_up()

    dialog = RestoreDialog(backups)
    qtbot.add_widget(dialog)

    assert _rows(dialog) == [
        [date_time_text(second.created_at), "2", "2"],
        [date_time_text(first.created_at), "1", "0"],
    ]
    assert dialog.table.item(0, 0).toolTip() == str(second.path)
    assert dialog.folder_label.text() == f"Backups are kept in {backups.folder}"
    assert dialog.restore_button.isEnabled()  # the newest is chosen
    assert dialog.empty.isHidden()


def test_with_no_backups_the_dialog_says_when_one_is_made(
    qtbot: QtBot, service: FollowUpService
) -> None:
    dialog = RestoreDialog(BackupService(service))
    qtbot.add_widget(dialog)
    assert dialog.table.isHidden()
    assert not dialog.empty.isHidden()
    assert "when you quit" in dialog.empty.text()
    assert not dialog.restore_button.isEnabled()


def test_restoring_from_the_file_menu_asks_first_and_shows_the_backups_data(
    qtbot: QtBot,
    window: MainWindow,
    service: FollowUpService,
    clock: FixedClock,
    answers: dict[str, list[str]],
) -> None:
    service.add_prospect("Ana Müller")
    window.backups.service.back_up()
    clock.advance(timedelta(hours=1))
    service.add_prospect("Bo Berg")
    window.show_destination(PROSPECTS)
    qtbot.wait_until(lambda: _list_names(window) == ["Ana Müller", "Bo Berg"])
    listed: list[list[list[str]]] = []

    def choose_the_backup(dialog: RestoreDialog) -> None:
        listed.append(_rows(dialog))
        dialog.restore_button.click()

    when_modal(RestoreDialog, choose_the_backup)
    window.actions_.restore_backup.trigger()

    assert listed == [[[date_time_text(clock.now() - timedelta(hours=1)), "1", "0"]]]
    (question,) = answers["question"]
    assert "(1 prospect, 0 touches) in place of the current data (2 prospects)" in question
    assert "kept beside the database" in question
    qtbot.wait_until(lambda: _list_names(window) == ["Ana Müller"])
    settle(qtbot, window)
    assert window.navigation.entry_text(PROSPECTS) == "Prospects  1"
    (told,) = answers["information"]
    assert "followup.sqlite3.before-restore-20261125-110000" in told
    assert "File › Restore from backup…, then Other file…" in told
    assert window.undo_stack.count() == 0
    # The restored data takes new changes as before.
    service.add_prospect("Cem Demir")
    qtbot.wait_until(lambda: _list_names(window) == ["Ana Müller", "Cem Demir"])


def test_answering_no_restores_nothing(
    qtbot: QtBot,
    window: MainWindow,
    service: FollowUpService,
    answers: dict[str, list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service.add_prospect("Ana Müller")
    window.backups.service.back_up()
    service.add_prospect("Bo Berg")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog = RestoreDialog(window.backups.service, window)
    qtbot.add_widget(dialog)
    with qtbot.assert_not_emitted(dialog.restore_requested):
        dialog.restore_button.click()
    assert service.store.prospect_count() == 2
    assert not list(service.store.path.parent.glob("*before-restore*"))


def test_a_backup_from_a_newer_version_is_refused_with_a_clear_message(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, answers: dict[str, list[str]]
) -> None:
    service.add_prospect("Ana Müller")
    made = window.backups.service.back_up()
    conn = sqlite3.connect(made.path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    service.add_prospect("Bo Berg")
    dialog = RestoreDialog(window.backups.service, window)
    qtbot.add_widget(dialog)
    dialog.restore_requested.connect(window.restore_backup)

    dialog.restore_button.click()

    (warning,) = answers["warning"]
    assert "was made by a newer version of FollowUp Desktop" in warning
    assert "Update FollowUp Desktop to restore it; nothing was changed." in warning
    assert answers["information"] == []
    assert service.store.prospect_count() == 2
