"""`report`: the persistence report as JSON, as text, and its charts as PNG or PDF."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.helpers.full_disk import run_cli_with_room

# The PNG and PDF need a Qt application; the tests' own QApplication, made first.
pytestmark = pytest.mark.usefixtures("qapp")

FIELDS = [
    "as_of",
    "quiet_days",
    "mark",
    "prospects",
    "touches_at_end",
    "reached_mark",
    "given_up_before_mark",
    "win_rate_by_touches",
    "channels",
    "lost_reasons",
]


@pytest.fixture
def filled(run):  # type: ignore[no-untyped-def]
    """Won after 5 touches, lost after 1, quiet after 2, one in play (clock: 25 Nov 2026)."""
    run("add", "Winner")
    for day in ("2026-10-01", "2026-10-05", "2026-10-09", "2026-10-13"):
        run("log", "Winner", "--channel", "email", "--outcome", "sent", "--at", f"{day} 10:00")
    run("log", "Winner", "--channel", "call", "--outcome", "conversation", "--at", "2026-10-20")
    run("stage", "Winner", "won")
    run("add", "Loser")
    run("log", "Loser", "--channel", "call", "--outcome", "declined", "--at", "2026-11-02 11:00")
    run("stage", "Loser", "lost", "--reason", "Chose a competitor")
    run("add", "Silent")
    run("log", "Silent", "--channel", "text", "--outcome", "sent", "--at", "2026-09-01 09:00")
    run(
        "log",
        "Silent",
        "--channel",
        "text",
        "--direction",
        "in",
        "--at",
        "2026-09-02 09:00",
        "--no-next",
    )  # dropped: nothing planned ahead
    run("add", "Fresh")
    run(
        "log",
        "Fresh",
        "--channel",
        "email",
        "--outcome",
        "sent",
        "--at",
        "2026-11-20 09:00",
        "--no-next",
    )
    return run


def test_report_json_has_exactly_the_fields_and_figures(filled) -> None:  # type: ignore[no-untyped-def]
    code, out, err = filled("report", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == FIELDS
    assert data["as_of"] == "2026-11-25T10:00:00+01:00"
    assert (data["quiet_days"], data["mark"]) == (30, 5)
    assert data["prospects"] == {"won": 1, "lost": 1, "quiet": 1, "in_play": 1, "ended": 3}
    rows = {b["touches"]: (b["won"], b["lost"], b["quiet"]) for b in data["touches_at_end"]}
    assert rows["5"] == (1, 0, 0)
    assert rows["1"] == (0, 1, 0)
    assert rows["2"] == (0, 0, 1)
    assert sum(sum(r) for r in rows.values()) == 3
    assert data["reached_mark"] == {"count": 1, "share": 0.3333}
    assert data["given_up_before_mark"] == {"count": 1, "of": 3, "share": 0.3333}
    assert [w["touches"] for w in data["win_rate_by_touches"]][:2] == ["1", "2"]
    five = next(w for w in data["win_rate_by_touches"] if w["touches"] == "5")
    assert five == {"touches": "5", "ended": 1, "won": 1, "rate": 1.0}
    channels = {c["channel"]: c for c in data["channels"]}
    assert channels["text"] == {
        "channel": "text",
        "used": 1,
        "answered": 1,
        "rate": 1.0,
        "inbound": 1,
    }
    assert channels["email"]["used"] == 5
    assert channels["email"]["answered"] == 0
    assert data["lost_reasons"] == [
        {"kind": "competitor", "label": "Chose someone else", "count": 1}
    ]


def test_quiet_days_overrides_the_setting(filled) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(filled("report", "--json", "--quiet-days", "3")[1])
    assert data["quiet_days"] == 3
    assert data["prospects"]["quiet"] == 2  # Fresh, untouched for 5 days, went quiet too
    code, _, err = filled("report", "--quiet-days", "0")
    assert code == 2
    assert "--quiet-days must be at least 1" in err


def test_report_as_text(filled) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = filled("report")
    assert code == 0
    assert "Ended: 3 (1 won, 1 lost, 1 went quiet); 1 still in play." in out
    assert "Given up before touch 5: 33% (1 of 3 prospects that ended)." in out
    assert "Lost because: Chose someone else 1" in out


def test_an_empty_report_says_what_to_do(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("report")
    assert code == 0
    assert "Nothing has ended yet." in out
    data = json.loads(run("report", "--json")[1])
    assert data["prospects"]["ended"] == 0
    assert data["given_up_before_mark"] == {"count": 0, "of": 0, "share": None}


def test_report_png(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.png"
    code, out, _ = filled("report", "--png", str(target))
    assert code == 0
    assert str(target) in out
    image = QImage(str(target))
    assert not image.isNull()
    assert image.width() == 1000
    assert image.height() > 1000
    assert list(tmp_path.glob(".*tmp")) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")
def test_report_pdf(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.pdf"
    code, _, _ = filled("report", "--pdf", str(target))
    assert code == 0
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "33% given up before touch 5" in " ".join(text.split())
    assert "Chose someone else" in text


def test_report_file_errors_are_usage_errors(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = filled("report", "--png", str(tmp_path / "missing" / "r.png"))
    assert code == 2
    assert "cannot write" in err
    code, _, err = filled("report", "--pdf", str(tmp_path))
    assert code == 2
    assert "it is a folder" in err
    code, _, err = filled("report", "--json", "--pdf", str(tmp_path / "r.pdf"))
    assert code == 2
    assert "--json" in err
    code, _, err = filled("report", "--png", " ")
    assert code == 2
    assert "needs a file name" in err
    code, _, err = filled("report", "--png", "a.png", "--pdf", "b.pdf")
    assert code == 2


@pytest.mark.parametrize("kind", ["pdf", "png"])
def test_a_full_disk_keeps_the_earlier_file_and_says_so(filled, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"report.{kind}"
    assert filled("report", f"--{kind}", str(target))[0] == 0
    earlier = target.read_bytes()
    done = run_cli_with_room(filled.data, ["report", f"--{kind}", str(target)], room=4096)
    assert done.returncode == 1
    assert done.stdout == ""  # no "Wrote ..."
    assert done.stderr == (
        f"followup-desktop: cannot write {target}: the file is larger than the disk allows\n"
    )
    assert target.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.glob(f"*{kind}*")) == [target.name]  # no temporary file


def test_a_report_pdf_on_a_full_disk_leaves_no_file(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.pdf"
    done = run_cli_with_room(filled.data, ["report", "--pdf", str(target)], room=0)
    assert (done.returncode, done.stdout) == (1, "")
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.parametrize("kind", ["pdf", "png"])
def test_the_report_file_is_the_owners_alone(filled, tmp_path: Path, kind: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / f"report.{kind}"
    umask = os.umask(0)
    try:
        assert filled("report", f"--{kind}", str(target))[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        target.chmod(0o640)  # the user's choice is kept when the file is written again
        assert filled("report", f"--{kind}", str(target))[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
    finally:
        os.umask(umask)
