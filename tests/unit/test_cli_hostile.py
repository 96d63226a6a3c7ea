"""Hostile surroundings and input for the CLI, run as real processes.

Each failure is told in one line of words on stderr with a non-zero exit (or a
warning where the command can go on), never a traceback, and no data is lost.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from followup_desktop import paths

ROOT = Path(__file__).resolve().parents[2]
SETPRIV = shutil.which("setpriv")
BERLIN = ZoneInfo("Europe/Berlin")

# "me" runs the CLI as whoever runs the tests. The superuser could write any
# file; "unprivileged" runs it without that power (no DAC override), so the
# kernel refuses writes as it does for anyone else.
WHO = [
    "me",
    pytest.param(
        "unprivileged",
        marks=pytest.mark.skipif(
            os.geteuid() != 0 or SETPRIV is None,
            reason="only the superuser can give up its override, and setpriv does it",
        ),
    ),
]


def cli(
    data: Path,
    *args: str,
    tz: str = "Europe/Berlin",
    who: str = "me",
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``followup-desktop --data-dir DATA ARGS`` in a process of its own."""
    environment = {k: v for k, v in os.environ.items() if k != paths.DATA_DIR_ENV}
    environment.update(TZ=tz, QT_QPA_PLATFORM="offscreen", **(env or {}))
    command = [sys.executable, "-m", "followup_desktop", "--data-dir", str(data), *args]
    if who == "unprivileged":
        assert SETPRIV is not None
        drop = "--bounding-set=-dac_override,-dac_read_search"
        command = [SETPRIV, drop, "--inh-caps=-all", *command]
    return subprocess.run(
        command,
        cwd=ROOT,
        env=environment,
        capture_output=True,
        encoding="utf-8",
        errors="backslashreplace",
        check=False,
        timeout=timeout,
    )


def told(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    """The command ended with ``code`` and said ``words`` in one line, no traceback."""
    assert "Traceback" not in done.stderr
    assert done.returncode == code, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("followup-desktop: ")
    for word in words:
        assert word in lines[0]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def names(data: Path) -> list[str]:
    rows = json.loads(cli(data, "prospects", "--json").stdout)
    return [row["name"] for row in rows]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("made_read_only", ["file", "folder"])
def test_a_read_only_database_is_shown_and_never_changed(
    tmp_path: Path, made_read_only: str, who: str
) -> None:
    data = tmp_path / "data"
    assert cli(data, "add", "Tom Becker").returncode == 0
    db = data / paths.DATABASE_FILENAME
    target, read_only, writable = (
        (db, 0o444, 0o600) if made_read_only == "file" else (data, 0o555, 0o700)
    )
    target.chmod(read_only)
    files = sorted(os.listdir(data))
    try:
        for command in (["due", "--until", "+30d"], ["prospects"]):
            done = cli(data, *command, who=who)
            told(done, 0, f"{target} is read-only: showing it without changes")
            assert "Tom Becker" in done.stdout
        for command in (["add", "Ann Lee"], ["log", "Tom", "--channel", "call"]):
            done = cli(data, *command, who=who)
            told(done, 2, f"{target} is read-only", "nothing was changed")
            assert done.stdout == ""
        assert mode(target) == read_only
        assert sorted(os.listdir(data)) == files
    finally:
        target.chmod(writable)
    assert names(data) == ["Tom Becker"]
    (row,) = json.loads(cli(data, "prospects", "--json").stdout)
    assert row["touch_count"] == 0


@pytest.mark.parametrize("who", WHO)
def test_a_read_only_file_is_never_made_writable(tmp_path: Path, who: str) -> None:
    data = tmp_path / "data"
    assert cli(data, "add", "Tom Becker").returncode == 0
    db = data / paths.DATABASE_FILENAME
    db.chmod(0o444)
    cli(data, "add", "Ann Lee", who=who)
    cli(data, "prospects", who=who)
    assert mode(db) == 0o444
    db.chmod(0o640)  # the user's own, readable by the group: made private
    assert cli(data, "prospects", who=who).returncode == 0
    assert mode(db) == 0o600


@pytest.fixture
def tom(tmp_path: Path) -> Path:
    """A data folder holding one prospect, Tom Becker."""
    data = tmp_path / "data"
    assert cli(data, "add", "Tom Becker").returncode == 0
    return data


@pytest.mark.parametrize(
    "args",
    [
        ["log", "99999999999999999999999", "--channel", "call"],
        ["stage", "9223372036854775808", "won"],
        ["export", "--format", "csv", "--prospect", "18446744073709551616"],
    ],
)
def test_an_id_too_large_for_the_database_is_no_prospect(tom: Path, args: list[str]) -> None:
    done = cli(tom, *args)
    told(done, 2, f"There is no prospect with id {args[1] if args[0] != 'export' else args[-1]}.")
    assert names(tom) == ["Tom Becker"]


def test_a_quiet_period_too_long_for_a_date_is_refused(tom: Path) -> None:
    done = cli(tom, "report", "--quiet-days", "99999999999999999999")
    told(done, 2, "--quiet-days must be at most 18250 (50 years)")


# What Python makes of the bytes FF FE in an argument: they are not UTF-8.
NOT_UTF8 = os.fsdecode(b"\xff\xfe")


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["add", NOT_UTF8], "The name"),
        (["add", "Ann Lee", "--email", f"ann{NOT_UTF8}@example.org"], "The e-mail address"),
        (["add", "Ann Lee", "--company", NOT_UTF8], "The company"),
        (["log", NOT_UTF8, "--channel", "call"], "The prospect"),
        (["log", "Tom", "--channel", "call", "--note", NOT_UTF8], "The note"),
    ],
)
def test_text_that_is_not_utf8_is_refused_in_words(tom: Path, args: list[str], what: str) -> None:
    done = cli(tom, *args)
    told(done, 2, f"{what} is not valid text", "\\xff\\xfe", "not UTF-8")
    assert done.stdout == ""
    rows = json.loads(cli(tom, "prospects", "--json").stdout)
    assert [(r["name"], r["emails"], r["touch_count"]) for r in rows] == [("Tom Becker", [], 0)]


def test_a_file_name_that_is_not_utf8_is_used_as_it_is(tom: Path, tmp_path: Path) -> None:
    contacts = tmp_path / f"{NOT_UTF8}.csv"
    contacts.write_text("Name,E-mail\nAnn Lee,ann@example.org\n", encoding="utf-8")
    # A UTF-8 desktop locale, where printing what is not UTF-8 would fail.
    done = cli(tom, "import", "--dry-run", str(contacts), env={"PYTHONIOENCODING": "utf-8"})
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert f"{tmp_path}/\\xff\\xfe.csv: CSV" in done.stdout


def test_tz_naming_no_zone_is_warned_about_once_and_utc_is_used(tom: Path) -> None:
    done = cli(tom, "prospects", "--json", tz="Nowhere/Atlantis")
    told(
        done,
        0,
        "warning: TZ=Nowhere/Atlantis names no time zone, so times are in UTC",
        "set TZ to a zone such as Europe/Berlin",
    )
    (row,) = json.loads(done.stdout)
    assert row["next_follow_up"].endswith("+00:00")
    assert cli(tom, "prospects", tz="JST-9").stderr == ""
    assert cli(tom, "prospects", tz="Europe/Berlin").stderr == ""


@pytest.mark.parametrize("at", [["--at", "-3d"], ["--at=-3d"], ["--at", "3 days ago"]])
def test_a_touch_logged_days_ago(tom: Path, at: list[str]) -> None:
    done = cli(tom, "log", "Tom", "--channel", "call", *at)
    assert "Traceback" not in done.stderr
    assert (done.returncode, done.stderr) == (0, "")
    (row,) = json.loads(cli(tom, "prospects", "--json").stdout)
    last = datetime.fromisoformat(row["last_touch_at"])
    three_days_ago = datetime.now(BERLIN) - timedelta(days=3)
    assert abs(last - three_days_ago) < timedelta(minutes=5)


@pytest.mark.parametrize("until", [["--until", "-2h"], ["--until=-30m"]])
def test_due_until_a_past_time(tom: Path, until: list[str]) -> None:
    done = cli(tom, "due", *until)
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "Nothing due.\n")


@pytest.mark.parametrize(
    ("count", "words"),
    [
        ("200001", "--prospects must be at most 200000"),
        ("99999999999", "--prospects must be at most 200000"),
        ("0", "--prospects must be at least 1"),
        ("-5", "--prospects must be at least 1"),
    ],
)
def test_demo_data_has_a_bound(tom: Path, tmp_path: Path, count: str, words: str) -> None:
    told(cli(tom, "demo", "--force", "--prospects", count, timeout=20), 2, words)
    assert names(tom) == ["Tom Becker"]
    fresh = tmp_path / "fresh"
    told(cli(fresh, "demo", "--prospects", count, timeout=20), 2, words)
    assert not fresh.exists()


def last_sunday(year: int, month: int) -> date:
    """Europe's clocks change on the last Sunday of March and of October."""
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def test_a_time_the_clocks_skip_or_repeat_is_told_with_the_time_taken(tom: Path) -> None:
    spring = last_sunday(datetime.now(BERLIN).year + 1, 3)
    autumn = last_sunday(2025, 10)
    done = cli(tom, "log", "Tom", "--channel", "call", "--at", f"{autumn} 02:30", "--json")
    told(
        done,
        0,
        f"warning: 02:30 happens twice on {autumn.day} Oct 2025 in Europe/Berlin "
        f"(the clocks go back); using the first, {autumn}T02:30+02:00 "
        f"(write {autumn}T02:30+01:00 for the second)",
    )
    done = cli(tom, "log", "Tom", "--channel", "call", "--next", f"{spring} 02:30", "--json")
    told(
        done,
        0,
        f"warning: 02:30 does not exist on {spring.day} Mar {spring.year} in Europe/Berlin "
        "(the clocks go forward); using 03:30",
    )
    assert json.loads(done.stdout)["next_follow_up"]["due_at"] == f"{spring}T03:30:00+02:00"
    (row,) = json.loads(cli(tom, "prospects", "--json").stdout)
    assert row["touch_count"] == 2
    assert row["next_follow_up"] == f"{spring}T03:30:00+02:00"


ISO_SECONDS_WITH_OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def test_every_time_in_json_is_in_the_users_zone_to_the_second(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # Planned in New York, read in Berlin: the same instant, written the same way.
    assert cli(data, "add", "Tom Becker", tz="America/New_York").returncode == 0
    (row,) = json.loads(cli(data, "prospects", "--json").stdout)
    (item,) = json.loads(cli(data, "due", "--until", "+30d", "--json").stdout)
    assert item["due_at"] == row["next_follow_up"]
    done = cli(data, "log", "Tom", "--channel", "meeting", "--next", "+2d", "--json")
    logged = json.loads(done.stdout)["next_follow_up"]["due_at"]
    (row,) = json.loads(cli(data, "prospects", "--json").stdout)
    (note,) = json.loads(cli(data, "thank-you-notes", "--json").stdout)
    report = json.loads(cli(data, "report", "--json").stdout)
    times = [item["due_at"], logged, row["last_touch_at"], note["occurred_at"], report["as_of"]]
    for moment in times:
        assert ISO_SECONDS_WITH_OFFSET.fullmatch(moment), moment
        assert datetime.fromisoformat(moment).utcoffset() == datetime.now(BERLIN).utcoffset()
