"""Several programs writing to one database at once: nothing duplicated, nothing lost.

Real processes: the command line started twice at the same moment, and two
writer programs making hundreds of changes each over the same prospects.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from followup_desktop.clock import SystemClock
from followup_desktop.domain.model import FollowUpStatus
from followup_desktop.services import FollowUpService
from followup_desktop.store import open_store

ROOT = Path(__file__).resolve().parents[3]


def _command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "followup_desktop", "--data-dir", str(data_dir), *args]


def _service(data_dir: Path) -> FollowUpService:
    return FollowUpService(open_store(data_dir / "followup.sqlite3"), SystemClock())


def _run_writers(db: Path, operations: int, kinds: str = "") -> list[dict[str, Any]]:
    """Two writer programs at once; what each reports it did."""
    outs = [db.parent / f"writer-{seed}.json" for seed in (1, 2)]
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.helpers.writer",
                str(db),
                str(operations),
                str(seed),
                str(out),
                *([kinds] if kinds else []),
            ],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed, out in zip((1, 2), outs, strict=True)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
    return [json.loads(out.read_text(encoding="utf-8")) for out in outs]


def test_two_programs_logging_one_prospect_leave_one_next_step(tmp_path: Path) -> None:
    """Two programs log 200 touches each on the same prospect at the same time:
    each touch carries out the step the one before planned, so one remains."""
    service = _service(tmp_path)
    ana = service.add_prospect("Ana Müller").id or 0
    service.store.close()
    reports = _run_writers(tmp_path / "followup.sqlite3", 200, "log")
    service = _service(tmp_path)
    # On a loaded machine a writer may wait past the busy timeout: that touch is
    # refused in words and not stored. Nothing else may be refused.
    refusals = {message: n for r in reports for message, n in r["refused"].items()}
    assert all("busy in another program" in message for message in refusals), refusals
    logged = 400 - sum(refusals.values())
    assert len(service.touches(ana)) == logged
    assert len(service.pending(ana)) == 1
    done = service.store.follow_ups(ana, FollowUpStatus.DONE)
    assert len(done) == logged  # the first step (from adding her) and one per touch after
    assert len({f.completed_by for f in done}) == logged  # each by its own touch


def test_two_log_commands_at_once_leave_one_next_step(tmp_path: Path) -> None:
    """The command line started twice at the same moment, as a user's scripts do."""
    service = _service(tmp_path)
    ana = service.add_prospect("Ana Müller").id or 0
    service.store.close()
    rounds = 10
    for _ in range(rounds):
        both = [
            subprocess.Popen(
                _command(tmp_path, "log", str(ana), "--channel", "call"),
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        for process in both:
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
            assert out.startswith("Logged call with Ana Müller.")
    service = _service(tmp_path)
    assert len(service.touches(ana)) == 2 * rounds
    assert len(service.pending(ana)) == 1


@pytest.mark.parametrize("operations", [600])
def test_two_writers_for_a_thousand_operations(tmp_path: Path, operations: int) -> None:
    """Two programs change the same eight prospects at random, `operations` each:
    every open prospect ends with exactly its one next step, and every change a
    program was told it made is stored."""
    service = _service(tmp_path)
    ids = [service.add_prospect(f"Prospect {n}").id or 0 for n in range(8)]
    service.store.close()
    reports = _run_writers(tmp_path / "followup.sqlite3", operations)
    service = _service(tmp_path)
    for pid in ids:
        assert len(service.pending(pid)) == 1, service.get_prospect(pid).name
    stored_touches = {t.id for pid in ids for t in service.touches(pid)}
    reported = [tid for r in reports for tid in r["done"]["touches"]]
    assert len(reported) == len(set(reported))  # no touch reported by both
    assert set(reported) == stored_touches  # each reported touch stored, nothing more
    made = sum(len(v) for r in reports for v in r["done"].values())
    refused = sum(sum(r["refused"].values()) for r in reports)
    assert made + refused == 2 * operations
    assert made >= operations  # most changes go through; refusals are rare races
    print(f"{made} changes made, {refused} refused in words: {reports[0]['refused']}")
