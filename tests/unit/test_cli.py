"""The scripting CLI: JSON fields, exit status 2 with one line for bad input."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import followup_desktop
from followup_desktop import paths
from followup_desktop.cli import main
from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import PostalAddress
from followup_desktop.services import FollowUpService
from followup_desktop.store import open_store
from tests.helpers.full_disk import run_cli_with_room


def test_demo_then_prospects_and_due_as_json(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("demo", "--prospects", "60", "--seed", "4")
    assert code == 0
    assert "Added 60 demo prospects" in out
    code, out, _ = run("prospects", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 60
    for row in rows:
        assert {
            "id",
            "name",
            "company",
            "emails",
            "phones",
            "mailing_address",
            "stage",
            "next_follow_up",
            "touch_count",
            "last_touch_at",
        } <= row.keys()
        assert isinstance(row["emails"], list)
        assert row["mailing_address"] is None or isinstance(row["mailing_address"], str)
        if row["next_follow_up"]:
            assert row["next_follow_up"][-6] in "+-"  # ISO 8601 with an offset
    code, out, _ = run("due", "--json")
    items = json.loads(out)
    assert code == 0
    assert items
    assert items[0]["overdue"] is True
    overdue = [i["overdue"] for i in items]
    assert overdue == sorted(overdue, reverse=True)  # overdue first
    for item in items:
        assert {
            "follow_up_id",
            "prospect_id",
            "prospect_name",
            "due_at",
            "channel",
            "purpose",
            "overdue",
        } <= item.keys()
    code, out, _ = run("due", "--until", "+7d", "--json")
    assert len(json.loads(out)) > len(items)


def test_add_log_and_stage(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        "add",
        "Ana García",
        "--company",
        "Mercado Verde",
        "--email",
        "ana@mercado.example",
        "--phone",
        "+34 600 000 000",
        "--source",
        "inbound",
    )
    assert code == 0
    assert out.splitlines() == [
        "Added Ana García (id 1).",
        "First follow-up: email on Wed 25 Nov 11:00 (Answer their inquiry today).",
    ]
    code, out, _ = run(
        "log",
        "garcía",
        "--channel",
        "call",
        "--outcome",
        "conversation",
        "--note",
        "Wants a proposal",
        "--next",
        "2026-12-02T15:00",
        "--json",
    )
    assert code == 0
    logged = json.loads(out)
    assert logged["stage"] == "engaged"
    assert logged["completed_follow_up_id"] == 1
    assert logged["next_follow_up"]["due_at"] == "2026-12-02T15:00:00+01:00"
    code, out, _ = run("stage", "1", "lost", "--reason", "Chose a competitor on price")
    assert (code, out.strip()) == (0, "Ana García is now lost.")
    (row,) = json.loads(run("prospects", "--json")[1])
    assert (row["stage"], row["next_follow_up"], row["touch_count"]) == ("lost", None, 1)


def test_log_with_no_next_leaves_the_prospect_without_a_next_step(run) -> None:  # type: ignore[no-untyped-def]
    run("add", "Tom Becker")
    code, out, _ = run("log", "Tom", "--channel", "email", "--no-next")
    assert code == 0
    assert "no next step" in out
    (row,) = json.loads(run("prospects", "--json")[1])
    assert row["next_follow_up"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "Tom", "--channel", "fax"], "invalid choice: 'fax'"),
        (["log", "Zelda", "--channel", "call"], "No prospect's name contains 'Zelda'"),
        (["log", "Tom", "--channel", "call", "--at", "yesterdayish"], "Cannot read"),
        (["stage", "Tom", "lost"], "needs the reason"),
        (["stage", "Tom", "closed"], "invalid choice"),
        (["add", "Bo", "--value", "lots"], "is not an amount"),
        (["demo"], "already holds prospects"),
        (["demo", "--prospects", "0", "--force"], "at least 1"),
        (["frobnicate"], "invalid choice"),
        (["due", "--until", "2026-13-45"], "Cannot read"),
        (["due", "--until", ""], "Cannot read"),
        (["add", "X", "--value", "Infinity"], "between 0"),
        (["add", "X", "--value", "NaN"], "between 0"),
        (["add", "X", "--value", "-5"], "between 0"),
        (["add", "X", "--value", "12.345"], "two decimal places"),
        (["log", "²", "--channel", "call"], "No prospect's name contains"),
        (["log", "Tom", "--channel", "call", "--next", "+99999999d"], "Cannot read"),
        (["log", "Tom", "--channel", "call", "--next", "9999-12-31T23:30-05:00"], "Cannot read"),
        (["log", "Tom", "--channel", "call", "--at", "0001-01-01T00:00+01:00"], "Cannot read"),
        (["log", "Tom", "--channel", "call", "--at", "+2d"], "cannot be in the future"),
        (["log", "Tom", "--channel", "call", "--next", "2026-11-01"], "must be in the future"),
        (["log", "Tom", "--channel", "call", "--next", ""], "Cannot read"),
        (["stage", "Tom", "won", "--reason", "foo"], "--reason is for a lost prospect"),
        (["add", "   "], "needs a name or a company"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    run,
    args: list[str],
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    run("add", "Tom Becker")
    db = run.data / paths.DATABASE_FILENAME
    before = json.loads(run("prospects", "--json")[1])
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("followup-desktop: ")
    assert message in err
    assert "Traceback" not in err
    assert json.loads(run("prospects", "--json")[1]) == before
    assert db.exists()


def test_a_newer_database_is_refused_by_the_cli(run) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    run("add", "Tom Becker")
    db = run.data / paths.DATABASE_FILENAME
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = db.read_bytes()
    code, out, err = run("prospects", "--json")
    assert (code, out) == (2, "")
    assert "newer version of FollowUp Desktop" in err
    assert err.count("\n") == 1
    assert db.read_bytes() == before


def test_the_data_dir_comes_from_the_flag_then_the_environment_then_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.resolve().database == tmp_path / "xdg" / "followup-desktop" / "followup.sqlite3"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "env"))
    assert paths.resolve().data_dir == tmp_path / "env"
    assert paths.resolve(tmp_path / "flag").data_dir == tmp_path / "flag"
    assert paths.resolve(tmp_path / "flag", demo=True).data_dir == tmp_path / "flag" / "demo"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != paths.DATA_DIR_ENV}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    return env


def test_entry_points_run_as_commands(tmp_path: Path) -> None:
    """`python -m followup_desktop` and the installed `followup-desktop` command."""
    env = _env(tmp_path)
    demo = subprocess.run(
        [sys.executable, "-m", "followup_desktop", "demo", "--prospects", "12"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    db = tmp_path / "xdg" / "followup-desktop" / "followup.sqlite3"
    assert db.exists()
    command = Path(sys.executable).with_name("followup-desktop")
    listed = subprocess.run(
        [str(command), "prospects", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 12
    bad = subprocess.run(
        [str(command), "stage", "nobody-at-all", "won"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr


def test_the_demo_flag_uses_its_own_folder_filled_on_first_use(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "--demo", "prospects", "--json"], clock=clock) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 80
    assert (data / "demo" / paths.DATABASE_FILENAME).exists()
    assert not (data / paths.DATABASE_FILENAME).exists()
    # The second time, nothing is added.
    assert main(["--data-dir", str(data), "--demo", "prospects", "--json"], clock=clock) == 0
    assert len(json.loads(capsys.readouterr().out)) == 80


def test_a_failed_command_on_a_new_folder_leaves_nothing_behind(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "new" / "data"
    assert main(["--data-dir", str(data), "due", "--until", "garbage"], clock=clock) == 2
    assert main(["--data-dir", str(data), "add", ""], clock=clock) == 2
    assert (
        main(["--data-dir", str(data), "--demo", "log", "Nobody", "--channel", "call"], clock=clock)
        == 2
    )
    assert not (tmp_path / "new").exists()
    assert main(["--data-dir", "", "add", "X"], clock=clock) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 4


@pytest.mark.parametrize("room", [0, 4096, 65536])
def test_a_first_run_on_a_full_disk_says_so_and_leaves_nothing_behind(
    tmp_path: Path, room: int
) -> None:
    data = tmp_path / "new" / "data"
    done = run_cli_with_room(data, ["add", "Ana García"], room=room, hold_database=False)
    assert (done.returncode, done.stdout) == (2, "")
    assert "Traceback" not in done.stderr
    assert done.stderr == (
        f"followup-desktop: Could not create the database {data / paths.DATABASE_FILENAME}: "
        "the disk could not be written (disk I/O error). Nothing was left behind.\n"
    )
    assert list(tmp_path.iterdir()) == []  # no folder, no empty database


def test_folder_problems_are_explained(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "afile"
    a_file.write_text("x")
    assert main(["--data-dir", str(a_file), "prospects"], clock=clock) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_new_folders_are_private_demo_included(tmp_path: Path, clock: FixedClock) -> None:
    import stat

    data = tmp_path / "share" / "followup-desktop"
    assert main(["--data-dir", str(data), "--demo", "due"], clock=clock) == 0
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "demo").stat().st_mode) == 0o700


def test_non_ascii_name_parts_match_any_case(run) -> None:  # type: ignore[no-untyped-def]
    run("add", "ÅSA ÖRN")
    run("add", "åsa lind")
    code, _, err = run("stage", "ÅSA", "contacted")
    assert code == 2
    assert "fits several prospects" in err
    assert run("stage", "åsa l", "contacted")[0] == 0


def test_an_exact_name_wins_among_many_matches(run) -> None:  # type: ignore[no-untyped-def]
    for name in ["Aaron Annis", "Abe Annan", "Al Annex", "Alan Annu", "Alma Anno", "Amy Annam"]:
        run("add", name)
    run("add", "Ann")
    code, out, _ = run("stage", "Ann", "contacted")
    assert (code, out.strip()) == (0, "Ann is now contacted.")


def test_a_meeting_without_a_next_step_still_restarts_its_plan(run) -> None:  # type: ignore[no-untyped-def]
    run("add", "Mel")
    for _ in range(3):
        run("log", "Mel", "--channel", "email")
    run("log", "Mel", "--channel", "meeting", "--outcome", "conversation", "--no-next")
    code, out, _ = run("log", "Mel", "--channel", "email", "--json")
    assert code == 0
    # The after-meeting plan starts again at its first step: the thank-you note.
    assert json.loads(out)["next_follow_up"]["channel"] == "note"


def test_names_are_one_line(run) -> None:  # type: ignore[no-untyped-def]
    run("add", "Line1\nLine2\tEnd")
    (row,) = json.loads(run("prospects", "--json")[1])
    assert row["name"] == "Line1 Line2 End"


def test_until_today_means_the_end_of_today(run) -> None:  # type: ignore[no-untyped-def]
    run("add", "Tom Becker")
    run("log", "Tom", "--channel", "call", "--next", "2026-11-25T20:00")
    _code, out, _ = run("due", "--until", "today", "--json")
    assert [i["prospect_name"] for i in json.loads(out)] == ["Tom Becker"]


def test_a_time_decades_away_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    run("add", "Tom Becker")
    code, _, err = run("log", "Tom", "--channel", "call", "--next", "2090-01-01")
    assert code == 2
    assert "more than 50 years from today" in err


def test_thank_you_notes_list_the_queue(
    run, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_ADDRESS", raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")  # letters are posted from France
    code, out, _ = run("thank-you-notes")
    assert (code, out) == (0, "No thank-you notes to write.\n")
    assert json.loads(run("thank-you-notes", "--json")[1]) == []
    run("add", "Ana García", "--company", "Mercado Verde")
    run("add", "<b>Bold</b> & <img src=x>")
    run("log", "Ana", "--channel", "meeting", "--note", "talked about the leadership workshop")
    run("log", "Bold", "--channel", "introduction", "--direction", "in", "--at", "2026-11-24 15:00")
    run("log", "Bold", "--channel", "call")  # not a reason for a note
    store = open_store(paths.resolve(run.data).database)
    try:
        service = FollowUpService(store, clock)
        ana = service.resolve_prospect("Ana")
        service.update_prospect(
            replace(ana, address=PostalAddress("12 rue de Rivoli", "Paris", "", "75004", "FR"))
        )
    finally:
        store.close()
    code, out, _ = run("thank-you-notes")
    assert code == 0
    assert out.splitlines() == [
        "<b>Bold</b> & <img src=x> — Referral received on 24 Nov — (no postal address)",
        "Ana García — Meeting on 25 Nov: talked about the leadership workshop — "
        "12 rue de Rivoli, 75004 PARIS",
    ]
    code, out, _ = run("thank-you-notes", "--json")
    assert code == 0
    bold, ana_row = json.loads(out)
    assert set(ana_row) == {
        "entry_id",
        "prospect_id",
        "name",
        "company",
        "salutation",
        "mailing_address",
        "address_missing",
        "reason",
        "talking_point",
        "occurred_at",
    }
    assert ana_row["name"] == "Ana García"
    assert ana_row["company"] == "Mercado Verde"
    assert ana_row["salutation"] == "Dear Ana"
    assert ana_row["mailing_address"] == "Ana García\nMercado Verde\n12 rue de Rivoli\n75004 PARIS"
    assert ana_row["address_missing"] is False
    assert ana_row["reason"] == "Meeting on 25 Nov"
    assert ana_row["talking_point"] == "talked about the leadership workshop"
    assert ana_row["occurred_at"] == "2026-11-25T10:00:00+01:00"  # ISO 8601 with an offset
    assert bold["name"] == "<b>Bold</b> & <img src=x>"
    assert bold["salutation"] == "Dear <b>Bold</b>"
    assert (bold["mailing_address"], bold["address_missing"]) == (None, True)
    assert isinstance(bold["entry_id"], int)
    assert isinstance(bold["prospect_id"], int)


def test_thank_you_notes_refuses_unknown_options(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("thank-you-notes", "--bogus")
    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1


def test_demo_data_fills_the_thank_you_queue(run) -> None:  # type: ignore[no-untyped-def]
    run("demo", "--prospects", "60", "--seed", "4")
    code, out, _ = run("thank-you-notes", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows
    assert len({r["prospect_id"] for r in rows}) == len(rows)  # one entry per prospect


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"followup-desktop {followup_desktop.__version__}\n"


def test_the_package_version_is_the_one_installed() -> None:
    """pyproject.toml reads the version from the package: one number, everywhere."""
    assert importlib.metadata.version("followup-desktop") == followup_desktop.__version__
