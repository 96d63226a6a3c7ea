"""Phone sync in the window, against a real Radicale server: the account in
Preferences › Phone sync, when syncs run, what the status bar says, conflicts."""

from __future__ import annotations

import importlib.machinery
import sys
import threading
import types
from pathlib import Path

import caldav
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from followup_desktop.services import FollowUpService
from followup_desktop.services.preferences import DatabasePreferences
from followup_desktop.services.sync import Account, SyncReport, remembered_account
from followup_desktop.services.sync_account import KEYRING_SERVICE, PasswordKeeper, save_account
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.phone_sync import AFTER_CHANGE_MS, EVERY_MS, PhoneSync
from followup_desktop.ui.phone_sync_page import PasswordPrompt
from followup_desktop.ui.preferences_dialog import PreferencesDialog
from tests.helpers.qt import settle, when_modal

PASSWORD = "Zq7-s3cret-pw"
SYNC_TIMEOUT_MS = 30_000


def _window(qtbot: QtBot, service: FollowUpService, settings: QSettings) -> MainWindow:
    win = MainWindow(service, settings, password_keeper=PasswordKeeper(use_keyring=False))
    qtbot.add_widget(win)
    win.show()
    qtbot.wait_exposed(win)
    settle(qtbot, win)
    return win


@pytest.fixture
def window(qtbot: QtBot, service: FollowUpService, settings: QSettings) -> MainWindow:
    service.add_prospect("Ana Müller", phones=("+49 30 1234567",))
    return _window(qtbot, service, settings)


def _set_account(window: MainWindow, url: str, password: str = PASSWORD) -> None:
    sync = window.phone_sync
    save_account(sync.service, sync.keeper, url, "ana", password)


def _sync(qtbot: QtBot, window: MainWindow) -> SyncReport:
    with qtbot.wait_signal(window.phone_sync.synced, timeout=SYNC_TIMEOUT_MS) as blocker:
        assert window.phone_sync.sync_now()
    report = blocker.args[0]
    assert isinstance(report, SyncReport)
    return report


def test_the_phone_sync_page_keeps_the_account_and_the_password_nowhere_in_plain_text(
    qtbot: QtBot,
    window: MainWindow,
    dav_server: str,
    db_path: Path,
    settings: QSettings,
) -> None:
    dialog = PreferencesDialog(
        DatabasePreferences(window.service), window, phone_sync=window.phone_sync
    )
    qtbot.add_widget(dialog)
    page = dialog.phone_sync_page
    assert page is not None
    assert dialog.tabs.tabText(1) == "Phone s&ync"
    assert "only until FollowUp closes" in page.password_note.text()
    page.url_edit.setText(dav_server)
    page.user_edit.setText("ana")
    page.password_edit.setText(PASSWORD)
    with qtbot.wait_signal(window.phone_sync.synced, timeout=SYNC_TIMEOUT_MS):
        dialog.accept()  # the first sync follows at once
    assert window.sync_status_label.isVisible()
    assert window.sync_status_label.toolTip() == "Synced at 10:00: 2 new on the server."
    # The account is remembered as the command line remembers it; the password is not.
    remembered = remembered_account(window.service, {})
    assert remembered == Account(dav_server, "ana", None)
    assert window.phone_sync.keeper.get(Account(dav_server, "ana")) == PASSWORD
    window.save_state()
    settings.sync()
    secret = PASSWORD.encode()
    for path in (db_path, db_path.with_name(db_path.name + "-wal"), Path(settings.fileName())):
        if path.exists():
            assert secret not in path.read_bytes(), path
    # Opened again, the page shows the account.
    again = PreferencesDialog(
        DatabasePreferences(window.service), window, phone_sync=window.phone_sync
    )
    qtbot.add_widget(again)
    assert again.phone_sync_page is not None
    assert again.phone_sync_page.url_edit.text() == dav_server
    assert again.phone_sync_page.user_edit.text() == "ana"


def test_test_connection_says_in_words_whether_the_server_answers(
    qtbot: QtBot, window: MainWindow, dav_server: str
) -> None:
    dialog = PreferencesDialog(
        DatabasePreferences(window.service), window, phone_sync=window.phone_sync
    )
    qtbot.add_widget(dialog)
    page = dialog.phone_sync_page
    assert page is not None
    page.url_edit.setText(dav_server)
    page.user_edit.setText("ana")
    page.test_button.click()
    assert page.result_label.text().startswith("Connecting to ")
    qtbot.wait_until(lambda: page.last_test_ok is not None, timeout=SYNC_TIMEOUT_MS)
    assert page.last_test_ok is True
    assert page.result_label.text() == (
        "Connected: the server has the FollowUp calendar and address book."
    )
    page.url_edit.setText("http://127.0.0.1:9/")
    page.last_test_ok = None
    page.test_button.click()
    qtbot.wait_until(lambda: page.last_test_ok is not None, timeout=SYNC_TIMEOUT_MS)
    assert page.last_test_ok is False
    assert page.result_label.text().startswith("Cannot reach the sync server")
    dialog.reject()
    assert remembered_account(window.service, {}) is None  # a test keeps nothing


def test_without_a_keyring_the_password_is_asked_for_after_a_restart(
    qtbot: QtBot,
    service: FollowUpService,
    settings: QSettings,
    dav_server: str,
) -> None:
    service.add_prospect("Ana Müller")
    save_account(service, PasswordKeeper(use_keyring=False), dav_server, "ana", PASSWORD)
    window = _window(qtbot, service, settings)  # a new session: the password is not known
    with qtbot.wait_signal(window.phone_sync.password_needed, timeout=5000):
        window.phone_sync.start()
    prompt = window.findChild(PasswordPrompt)
    assert prompt is not None
    assert prompt.isVisible()
    assert not prompt.isModal()  # the window goes on working
    prompt.password_edit.setText(PASSWORD)
    with qtbot.wait_signal(window.phone_sync.synced, timeout=SYNC_TIMEOUT_MS):
        prompt.accept()
    assert window.phone_sync.keeper.get(Account(dav_server, "ana")) == PASSWORD


def test_a_system_keyring_keeps_the_password_when_there_is_one(
    monkeypatch: pytest.MonkeyPatch, service: FollowUpService, dav_server: str
) -> None:
    kept: dict[tuple[str, str], str] = {}
    keyring = types.ModuleType("keyring")
    keyring.__spec__ = importlib.machinery.ModuleSpec("keyring", None)
    keyring.get_password = lambda service_name, name: kept.get((service_name, name))  # type: ignore[attr-defined]
    keyring.set_password = lambda service_name, name, value: kept.__setitem__(  # type: ignore[attr-defined]
        (service_name, name), value
    )
    keyring.delete_password = lambda service_name, name: kept.pop((service_name, name))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", keyring)
    save_account(service, PasswordKeeper(), dav_server, "ana", PASSWORD)
    assert kept == {(KEYRING_SERVICE, f"ana@{dav_server}"): PASSWORD}
    restarted = PasswordKeeper()
    assert restarted.in_keyring()
    assert restarted.get(Account(dav_server, "ana")) == PASSWORD
    save_account(service, restarted, "", "", "")  # no more syncing: the password goes
    assert kept == {}


def test_sync_now_runs_off_the_gui_thread_and_the_window_shows_what_the_phone_did(
    qtbot: QtBot, window: MainWindow, dav_server: str
) -> None:
    action = window.actions_.sync_now
    assert action.shortcut() == QKeySequence("F5")
    tools = next(m for m in window.menuBar().actions() if m.text() == "&Tools").menu()
    assert action in tools.actions()
    _set_account(window, dav_server)
    writers: list[int] = []
    window.service.touch_hooks.append(lambda *_args: writers.append(threading.get_ident()))
    with qtbot.wait_signal(window.phone_sync.synced, timeout=SYNC_TIMEOUT_MS):
        action.trigger()
        assert window.phone_sync.running()
        assert window.sync_status_label.toolTip() == f"Syncing with {dav_server}…"
        QApplication.processEvents()  # the window answers while the sync runs
    # The phone carries out Ana's follow-up; the next sync logs the touch (on the sync's
    # thread) and the window hears of it through the change feed, on the GUI thread.
    phone = caldav.DAVClient(url=dav_server, username="ana", password="")
    (calendar,) = phone.principal().calendars()
    (todo,) = calendar.todos()
    todo.complete()
    with qtbot.wait_signal(window.feed.changed, timeout=SYNC_TIMEOUT_MS):
        report = _sync(qtbot, window)
    assert report.from_server == 1
    assert writers
    assert all(w != threading.get_ident() for w in writers)
    assert window.sync_status_label.toolTip() == (
        "Synced at 10:00: 1 change from the phone, 1 new on the server, 1 updated on the server."
    )
    # The sync's own writes do not start another sync; a change made here does, later.
    assert not window.phone_sync.change_timer.isActive()
    window.service.add_prospect("Tom Becker")
    assert window.phone_sync.change_timer.isActive()
    assert window.phone_sync.change_timer.interval() == AFTER_CHANGE_MS
    assert window.phone_sync.next_timer.remainingTime() > AFTER_CHANGE_MS  # every 15 minutes
    assert window.phone_sync.next_timer.interval() == EVERY_MS


def test_a_failure_is_one_line_in_the_status_bar_and_retried_later_and_later(
    qtbot: QtBot, window: MainWindow
) -> None:
    _set_account(window, "http://127.0.0.1:9/")
    sync = window.phone_sync
    waits = []
    for _attempt in range(5):
        with qtbot.wait_signal(sync.failed, timeout=SYNC_TIMEOUT_MS) as blocker:
            if _attempt == 0:
                assert sync.sync_now()
            else:
                sync.next_timer.timeout.emit()  # the retry comes due
        assert str(blocker.args[0]).startswith("Cannot reach the sync server")
        waits.append(sync.next_timer.interval() // 60_000)
        text = window.sync_status_label.toolTip()
        assert "\n" not in text
        assert text.startswith(f"Sync failed, trying again in {waits[-1]} minute")
        assert ": Cannot reach the sync server" in text
        shown = window.sync_status_label
        assert shown.fontMetrics().horizontalAdvance(shown.text()) <= window.width() // 2
    assert waits == [1, 2, 4, 8, 15]
    # A change while the server fails does not add attempts of its own.
    window.service.add_prospect("Tom Becker")
    assert not sync.change_timer.isActive()


def test_nothing_syncs_without_an_account(qtbot: QtBot, window: MainWindow) -> None:
    sync = window.phone_sync
    with qtbot.assert_not_emitted(sync.started):
        sync.start()
        qtbot.wait_until(lambda: not sync.next_timer.isActive(), timeout=5000)
        window.service.add_prospect("Tom Becker")
        assert not sync.change_timer.isActive()
        window.actions_.sync_now.trigger()
    assert not sync.next_timer.isActive()  # and no sync is planned
    assert "not set up" in window.sync_status_label.toolTip()


def test_conflicts_are_listed_in_a_dialog_not_dropped(qtbot: QtBot, window: MainWindow) -> None:
    from followup_desktop.ui.sync_conflicts_dialog import SyncConflictsDialog

    window.phone_sync.synced.emit(SyncReport(unchanged=3))
    assert window.findChild(SyncConflictsDialog) is None
    window.phone_sync.synced.emit(SyncReport(updated=1, conflicts=2))
    dialog = window.findChild(SyncConflictsDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert not dialog.isModal()
    assert dialog.summary_label.text().startswith("2 items changed both here and on the server")
    assert "followup-desktop sync --json" in dialog.hint_label.text()
    dialog.show_report(SyncReport(conflicts=1), ["Call Ana Müller — Follow up"])
    assert dialog.summary_label.text().startswith("1 item changed")
    assert dialog.items_list.count() == 1
    assert not dialog.hint_label.isVisible()


def test_the_sync_keeps_its_own_connection_and_the_window_reads_on(
    qtbot: QtBot, service: FollowUpService, dav_server: str
) -> None:
    service.add_prospect("Ana Müller")
    sync = PhoneSync(service, PasswordKeeper(use_keyring=False))
    save_account(service, sync.keeper, dav_server, "ana", "")
    with qtbot.wait_signal(sync.synced, timeout=SYNC_TIMEOUT_MS):
        sync.sync_now()
    sync.wait()
    assert service.prospect_count() == 1  # the GUI thread's connection is still open
    sync.deleteLater()


def _delete_anas_to_do(dav_server: str) -> None:
    phone = caldav.DAVClient(url=dav_server, username="ana", password="")
    (calendar,) = phone.principal().calendars()
    for todo in calendar.todos():
        if "Ana" in str(todo.icalendar_component.get("summary")):
            todo.delete()


def test_a_to_do_deleted_on_the_phone_is_undone_from_the_edit_menu(
    qtbot: QtBot, window: MainWindow, dav_server: str
) -> None:
    """The phone's deletion skips Ana's follow-up; Edit › Undo brings it back."""
    window.service.add_prospect("Bo Berg")  # the calendar keeps a to-do: no emptied server
    _set_account(window, dav_server)
    _sync(qtbot, window)
    ana = window.service.store.find_prospects("Ana")[0][0]
    (pending,) = window.service.pending(ana)
    _delete_anas_to_do(dav_server)
    _sync(qtbot, window)
    assert window.service.pending(ana) == []
    assert window.undo_stack.canUndo()
    assert "deleted on the phone" in window.undo_stack.undoText()
    window.actions_.undo.trigger()
    assert [f.id for f in window.service.pending(ana)] == [pending.id]


def test_an_emptied_server_is_asked_about_not_taken_as_delete_everything(
    qtbot: QtBot, window: MainWindow, dav_server: str
) -> None:
    _set_account(window, dav_server)
    _sync(qtbot, window)
    ana = window.service.store.find_prospects("Ana")[0][0]
    _delete_anas_to_do(dav_server)  # her to-do was the only one: the calendar is empty
    words: list[str] = []

    def say_no(box: QMessageBox) -> None:
        words.append(box.text())
        box.button(QMessageBox.StandardButton.No).click()

    asked = when_modal(QMessageBox, say_no)
    with qtbot.wait_signal(window.phone_sync.empty_server, timeout=SYNC_TIMEOUT_MS):
        assert window.phone_sync.sync_now()
    qtbot.wait_until(lambda: bool(asked), timeout=5000)
    assert "Sync anyway?" in words[0]
    assert len(window.service.pending(ana)) == 1  # No: nothing changed here
    asked = when_modal(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    with qtbot.wait_signal(window.phone_sync.synced, timeout=SYNC_TIMEOUT_MS):
        window.phone_sync.sync_now()
    assert asked
    assert window.service.pending(ana) == []  # Yes: the deletion was taken
