"""The app as a real process: the session's SIGTERM ends it cleanly, keeping what was
typed in the card, and a backup is written as it ends (as after any quit)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from followup_desktop import paths

ROOT = Path(__file__).resolve().parents[2]

# Starts the app; once its window shows, opens the first prospect, types into the
# card's notes (without saving) and prints "ready".
START_AND_TYPE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

QMessageBox.information = lambda *args, **kwargs: QMessageBox.StandardButton.Ok

def type_then_say_ready():
    from followup_desktop.ui.mainwindow import MainWindow
    (window,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    window.open_prospect(1)
    window.card.notes_edit.moveCursor(window.card.notes_edit.textCursor().MoveOperation.End)
    QTest.keyClicks(window.card.notes_edit, " Typed before logout.")
    assert window.card.has_unsaved_changes()
    print("ready", flush=True)

QTimer.singleShot(0, type_then_say_ready)
from followup_desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_sigterm_saves_the_cards_edits_quits_with_0_and_leaves_a_backup(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cli = [sys.executable, "-m", "followup_desktop", "--data-dir", str(data)]
    subprocess.run([*cli, "add", "Ana Müller"], cwd=ROOT, env=env, check=True)
    app = subprocess.Popen(
        [sys.executable, "-c", START_AND_TYPE, "--data-dir", str(data)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout is not None
        assert app.stdout.readline() == "ready\n"
        app.send_signal(signal.SIGTERM)
        _, err = app.communicate(timeout=120)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert app.returncode == 0, err
    assert "Traceback" not in err
    database = data / paths.DATABASE_FILENAME
    assert _rows(database, "SELECT notes FROM prospect") == [(" Typed before logout.",)]
    (backup,) = (data / "backups").glob("followup-*.sqlite3")
    assert backup.stat().st_mode & 0o777 == 0o600
    assert _rows(backup, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(backup, "SELECT name, notes FROM prospect") == [
        ("Ana Müller", " Typed before logout.")
    ]
    assert not (data / "followup.lock").exists()
