"""`due` read by a person, `due --all`, `add` saying what it planned, `--next` on the minute."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from followup_desktop.cli import main
from followup_desktop.domain.clock import FixedClock
from tests.conftest import BERLIN


@pytest.fixture
def run_at(tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """The CLI at Wednesday 25 November 2026, 10:00:37 in Berlin (a time with seconds)."""
    clock = FixedClock(datetime(2026, 11, 25, 10, 0, 37, tzinfo=BERLIN))

    def _run(*args: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(tmp_path / "data"), *args], clock=clock)
        out, err = capsys.readouterr()
        return code, out, err

    _run.clock = clock  # type: ignore[attr-defined]
    return _run


def test_add_says_which_first_follow_up_it_planned(run_at) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_at("add", "Ana García", "--company", "Mercado Verde", "--source", "referral")
    assert code == 0
    (item,) = json.loads(run_at("due", "--all", "--json")[1])
    planned = datetime.fromisoformat(item["due_at"]).astimezone(BERLIN)
    assert out.splitlines() == [
        "Added Ana García (id 1).",
        f"First follow-up: {item['channel']} on {planned:%a %d %b %H:%M} ({item['purpose']}).",
    ]
    assert item["purpose"]


def test_due_prints_a_readable_local_time_and_the_company(run_at) -> None:  # type: ignore[no-untyped-def]
    run_at("add", "Ana García", "--company", "Mercado Verde")  # an e-mail at 11:00 today
    run_at("add", "Tom Becker")
    run_at("log", "Tom", "--channel", "call", "--next", "2026-11-25T16:00")
    run_at.clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=BERLIN))
    code, out, _ = run_at("due", "--until", "today")
    assert code == 0
    assert out.splitlines() == [
        "OVERDUE Wed 25 Nov 11:00  Ana García (Mercado Verde): email (Introduce yourself)",
        "Wed 25 Nov 16:00  Tom Becker: social (Follow up on your introduction)",
    ]


def test_next_in_two_weeks_is_on_the_minute(run_at) -> None:  # type: ignore[no-untyped-def]
    run_at("add", "Tom Becker")
    code, out, _ = run_at("log", "Tom", "--channel", "call", "--next", "in 2 weeks", "--json")
    assert code == 0
    assert json.loads(out)["next_follow_up"]["due_at"] == "2026-12-09T10:00:00+01:00"


def test_due_all_shows_everything_pending_however_far_ahead(run_at) -> None:  # type: ignore[no-untyped-def]
    run_at("add", "Tom Becker")
    run_at("log", "Tom", "--channel", "call", "--next", "2070-06-01")
    code, out, _ = run_at("due", "--all")
    assert code == 0
    assert out.splitlines()[-1].startswith("Sun 01 Jun 2070 09:00  Tom Becker: ")
    # Without --all, nothing is due yet (the first e-mail is at 11:00).
    assert run_at("due")[1].strip() == "Nothing due."
    code, _, err = run_at("due", "--all", "--until", "tomorrow")
    assert code == 2
    assert "not allowed with" in err
