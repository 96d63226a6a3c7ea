"""Starting the app: demo data on request, clear words for bad data folders."""

from __future__ import annotations

import sqlite3
import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QLockFile
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from followup_desktop import app as app_module
from followup_desktop import paths
from followup_desktop.domain.clock import FixedClock
from followup_desktop.store import open_store
from followup_desktop.ui.mainwindow import MainWindow
from tests.helpers.full_disk import run_with_room
from tests.helpers.qt import settle


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []

    def record(kind: str):  # type: ignore[no-untyped-def]
        def _show(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            shown.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return _show

    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    return shown


def test_demo_flag_starts_on_demo_data(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FixedClock,
    messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app_paths = paths.resolve(tmp_path, demo=True)
    seen: list[str] = []

    def exec_and_look(_app: QApplication) -> int:
        # Stands in for the event loop: a real quit() would leave the shared test
        # QApplication closing down, which blocks window activation in later tests.
        # Windows of earlier tests that wait to be deleted go first.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                settle(qtbot, w)
                seen.append(w.status_label.text())
                w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_and_look)
    assert app_module.run_gui(app_paths, clock, demo=True) == 0
    assert messages == []
    (status,) = seen
    assert "overdue" in status
    assert (tmp_path / "demo" / "followup.sqlite3").exists()
    assert not (tmp_path / "followup.sqlite3").exists()


def test_a_corrupt_database_is_explained_and_kept(
    tmp_path: Path, clock: FixedClock, messages: list[tuple[str, str]], qapp: QApplication
) -> None:
    app_paths = paths.resolve(tmp_path)
    app_paths.ensure()
    app_paths.database.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = app_paths.database.read_bytes()
    assert app_module.run_gui(app_paths, clock) == 2
    ((kind, text),) = messages
    assert kind == "critical"
    assert "damaged" in text
    assert app_paths.database.read_bytes() == before


def test_a_newer_database_is_explained_and_kept(
    tmp_path: Path, clock: FixedClock, messages: list[tuple[str, str]], qapp: QApplication
) -> None:
    app_paths = paths.resolve(tmp_path)
    open_store(app_paths.database).close()
    conn = sqlite3.connect(app_paths.database)
    conn.execute("PRAGMA user_version = 42")
    conn.close()
    before = app_paths.database.read_bytes()
    assert app_module.run_gui(app_paths, clock) == 2
    assert "newer version" in messages[0][1]
    assert app_paths.database.read_bytes() == before


@pytest.mark.parametrize("made_read_only", ["file", "folder"])
def test_a_read_only_database_is_explained_and_kept_read_only(
    tmp_path: Path,
    clock: FixedClock,
    messages: list[tuple[str, str]],
    qapp: QApplication,
    made_read_only: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def close_windows(_app: QApplication) -> int:  # the event loop, had a window opened
        for w in QApplication.topLevelWidgets():
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", close_windows)
    app_paths = paths.resolve(tmp_path / "data")
    open_store(app_paths.database).close()
    target = app_paths.database if made_read_only == "file" else app_paths.data_dir
    target.chmod(0o444 if made_read_only == "file" else 0o555)
    before = app_paths.database.read_bytes()
    try:
        assert app_module.run_gui(app_paths, clock) == 2
        assert stat.S_IMODE(target.stat().st_mode) & 0o222 == 0
    finally:
        target.chmod(0o700)
    ((kind, text),) = messages
    assert kind == "critical"
    assert f"{target} is read-only" in text or "Cannot lock the data folder" in text
    assert app_paths.database.read_bytes() == before


def test_a_second_instance_says_so_and_exits(
    tmp_path: Path,
    clock: FixedClock,
    messages: list[tuple[str, str]],
    qapp: QApplication,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A lock held by a live owner that does not answer the hand-over."""
    from followup_desktop.ui import single_instance

    monkeypatch.setattr(single_instance, "HAND_OVER_TIMEOUT_MS", 200)
    app_paths = paths.resolve(tmp_path)
    app_paths.ensure()
    held = QLockFile(str(app_paths.lock))
    assert held.tryLock(0)
    try:
        assert app_module.run_gui(app_paths, clock) == 1
    finally:
        held.unlock()
    ((kind, text),) = messages
    assert kind == "information"
    assert "already running" in text
    assert not app_paths.database.exists()


# The app started as a real process, its message boxes printed instead of shown.
START_WITH_MESSAGES_PRINTED = """
import sys
from PySide6.QtWidgets import QMessageBox

def shown(parent, title, text, *args, **kwargs):
    print(f"{title}: {text}", flush=True)
    return QMessageBox.StandardButton.Ok

QMessageBox.critical = shown
QMessageBox.information = shown
from followup_desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    ("room", "message"),
    [
        (0, "FollowUp: Cannot lock the data folder {data}: the lock file could not be written."),
        (
            65536,
            "FollowUp cannot open your data: Could not create the database {database}: "
            "the disk could not be written (disk I/O error). Nothing was left behind.",
        ),
    ],
)
def test_a_first_start_on_a_full_disk_says_so_and_leaves_nothing_behind(
    tmp_path: Path, room: int, message: str
) -> None:
    data = tmp_path / "new" / "data"
    done = run_with_room(
        [sys.executable, "-c", START_WITH_MESSAGES_PRINTED, "--data-dir", str(data)], room=room
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    database = data / paths.DATABASE_FILENAME
    assert done.stdout == message.format(data=data, database=database) + "\n"
    assert list(tmp_path.iterdir()) == []  # no folder, no empty database


@pytest.mark.parametrize("how", ["option", "environment", "default", "demo"])
def test_start_at_login_opens_the_same_data(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FixedClock,
    messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    how: str,
) -> None:
    """The autostart entry carries the data folder this window runs on (quoted as the
    Desktop Entry spec says), so that a login opens the same data."""
    from PySide6.QtCore import QTimer

    from followup_desktop.ui import autostart
    from followup_desktop.ui.preferences_dialog import PreferencesDialog
    from tests.unit.ui.test_autostart import parse_exec

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(autostart, "_platform", lambda: "linux")
    default = tmp_path / "default data"
    monkeypatch.setattr(paths, "default_data_dir", lambda: default)
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    chosen = tmp_path / 'Zoë\'s "sales" $data'
    if how == "option":
        app_paths = paths.resolve(chosen)
    elif how == "environment":
        monkeypatch.setenv(paths.DATA_DIR_ENV, str(chosen))
        app_paths = paths.resolve(None)
    elif how == "default":
        app_paths = paths.resolve(None)
    else:
        app_paths = paths.resolve(chosen, demo=True)

    def switch_on_start_at_login() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PreferencesDialog)
        dialog.autostart_check.setChecked(True)
        dialog.accept()

    def exec_and_look(_app: QApplication) -> int:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                QTimer.singleShot(0, switch_on_start_at_login)
                w.actions_.preferences.trigger()
                w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_and_look)
    assert app_module.run_gui(app_paths, clock, demo=how == "demo") == 0
    entry = autostart.autostart_path().read_text(encoding="utf-8")
    (exec_line,) = [line for line in entry.splitlines() if line.startswith("Exec=")]
    args = parse_exec(exec_line.removeprefix("Exec="))
    opens = args[len(autostart.launch_command()) :]
    expected = {
        "option": ["--data-dir", str(chosen)],
        "environment": ["--data-dir", str(chosen)],
        "default": [],
        "demo": ["--data-dir", str(chosen), "--demo"],
    }
    assert opens == expected[how]
    # The same options name the same folder again.
    from followup_desktop.cli import build_parser

    again = build_parser().parse_args(opens)
    assert paths.resolve(again.data_dir, demo=again.demo) == app_paths


def test_qt_speaks_the_language_chosen(qapp) -> None:  # type: ignore[no-untyped-def]
    """German chosen: QLocale() formats in German and Qt's own buttons say German words."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from followup_desktop import i18n
    from followup_desktop.app import use_language

    before = QLocale()
    i18n.set_language("de")
    installed = use_language(qapp)
    try:
        assert installed, "Qt's German catalogue (qtbase_de.qm) was not found"
        assert QLocale().language() == QLocale.Language.German
        assert QLocale().toString(1234.5, "f", 1) == "1.234,5"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_english_installs_no_qt_catalogue(qapp) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop import i18n
    from followup_desktop.app import use_language

    i18n.set_language("en")
    assert use_language(qapp) == []
