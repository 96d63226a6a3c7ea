"""The command line's backup, backups and restore."""

from __future__ import annotations

import io
import json
import os
import socket
from datetime import timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.clock import FixedClock


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _prospects(run) -> list[str]:  # type: ignore[no-untyped-def]
    _, out, _ = run("prospects", "--json")
    return [row["name"] for row in json.loads(out)]


def test_backup_prints_its_path_and_backups_lists_it_with_its_counts(run, clock) -> None:  # type: ignore[no-untyped-def]
    run("add", "Ana Müller")
    run("log", "Ana", "--channel", "call")
    code, out, err = run("backup")
    assert (code, err) == (0, "")
    path = Path(out.strip())
    assert path == run.data / "backups" / "followup-20261125-100000.sqlite3"
    assert path.is_file()

    clock.advance(timedelta(minutes=5))
    run("add", "Bo Berg")
    code, out, _ = run("backup", "--json")
    assert code == 0
    assert json.loads(out) == {
        "path": str(run.data / "backups" / "followup-20261125-100500.sqlite3"),
        "created_at": "2026-11-25T10:05:00+01:00",
        "prospects": 2,
        "touches": 1,
    }

    code, out, _ = run("backups", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [set(b) for b in listed] == [{"path", "created_at", "prospects", "touches"}] * 2
    assert [(b["created_at"], b["prospects"], b["touches"]) for b in listed] == [
        ("2026-11-25T10:05:00+01:00", 2, 1),
        ("2026-11-25T10:00:00+01:00", 1, 1),
    ]
    code, out, _ = run("backups")
    assert out.splitlines() == [
        f"2026-11-25 10:05:00  2 prospects, 1 touch  {listed[0]['path']}",
        f"2026-11-25 10:00:00  1 prospect, 1 touch  {listed[1]['path']}",
    ]


def test_backups_says_when_there_are_none(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("backups")
    assert code == 0
    assert out == f"No backups yet in {run.data / 'backups'}.\n"
    assert run("backups", "--json")[1] == "[]\n"


def test_restore_with_yes_puts_the_backup_back_and_says_how_to_go_back(  # type: ignore[no-untyped-def]
    run, clock: FixedClock
) -> None:
    run("add", "Ana Müller")
    backup = run("backup")[1].strip()
    clock.advance(timedelta(hours=1))
    run("add", "Bo Berg")

    code, out, err = run("restore", backup, "--yes")

    assert (code, err) == (0, "")
    kept = run.data / "followup.sqlite3.before-restore-20261125-110000"
    assert out.splitlines() == [
        "Restored the backup of 2026-11-25 10:00 (1 prospect, 0 touches).",
        f"The data from before is kept as {kept}. To go back to it, run:",
        f"  followup-desktop --data-dir {run.data} restore {kept}",
    ]
    assert _prospects(run) == ["Ana Müller"]
    clock.advance(timedelta(minutes=1))
    assert run("restore", str(kept), "--yes")[0] == 0  # the way back works as said
    assert _prospects(run) == ["Ana Müller", "Bo Berg"]


def test_restore_asks_on_a_terminal_and_a_no_changes_nothing(  # type: ignore[no-untyped-def]
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("add", "Ana Müller")
    backup = run("backup")[1].strip()
    run("add", "Bo Berg")
    asked: list[str] = []
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("builtins.input", lambda q: asked.append(q) or "n")

    code, out, _ = run("restore", backup)

    assert code == 1
    assert out == "Nothing was restored.\n"
    (question,) = asked
    assert "Restore the backup of 2026-11-25 10:00 (1 prospect, 0 touches)" in question
    assert "current data (2 prospects)" in question
    assert _prospects(run) == ["Ana Müller", "Bo Berg"]

    monkeypatch.setattr("builtins.input", lambda q: "y")
    assert run("restore", backup)[0] == 0
    assert _prospects(run) == ["Ana Müller"]


def test_restore_without_a_terminal_or_yes_refuses_in_words(  # type: ignore[no-untyped-def]
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("add", "Ana Müller")
    backup = run("backup")[1].strip()
    run("add", "Bo Berg")
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))  # piped: not a terminal

    code, out, err = run("restore", backup)

    assert (code, out) == (2, "")
    assert err == (
        "followup-desktop: restoring replaces the current data; there is no terminal "
        "to ask on, so add --yes to restore without asking\n"
    )
    assert _prospects(run) == ["Ana Müller", "Bo Berg"]


def test_restore_refuses_a_newer_backup_a_missing_file_and_a_running_window(run) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    run("add", "Ana Müller")
    backup = run("backup")[1].strip()
    conn = sqlite3.connect(backup)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()

    code, _, err = run("restore", backup, "--yes")
    assert code == 2
    assert "made by a newer version of FollowUp Desktop" in err
    assert "nothing was changed" in err

    code, _, err = run("restore", str(run.data / "nowhere.sqlite3"), "--yes")
    assert (code, err) == (2, f"followup-desktop: no such backup: {run.data / 'nowhere.sqlite3'}\n")

    # A window holds the data folder (its lock names a live process on this machine).
    (run.data / "followup.lock").write_text(f"{os.getppid()}\nfollowup\n{socket.gethostname()}\n")
    code, _, err = run("restore", run("backup")[1].strip(), "--yes")
    assert code == 2
    assert "FollowUp is running with this data: quit it first" in err
    assert not list(run.data.glob("*before-restore*"))
