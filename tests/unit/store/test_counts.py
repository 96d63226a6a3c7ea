"""Counting follow-ups per span: right at the edges, and never stale after a write,
whether this program made it or another one did."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from followup_desktop.clock import SystemClock
from followup_desktop.domain.model import Channel, FollowUp
from followup_desktop.services import FollowUpService
from followup_desktop.store import Store

ROOT = Path(__file__).resolve().parents[3]


def test_a_follow_up_on_an_edge_counts_in_the_span_it_starts(store: Store) -> None:
    service = FollowUpService(store, SystemClock(UTC))
    pid = service.add_prospect("Ana Müller", schedule_first=False).id or 0
    start = datetime(2030, 1, 1, tzinfo=UTC)
    edges = [start + timedelta(days=i) for i in range(4)]
    for moment in (edges[0], edges[1] - timedelta(seconds=1), edges[1], edges[3]):
        store.add_follow_up(FollowUp(None, pid, moment, Channel.CALL), start)
    assert store.count_due_in(edges) == [2, 1, 0]  # the last edge is outside


def test_counts_follow_this_program_s_and_another_program_s_writes(
    store: Store, db_path: Path
) -> None:
    service = FollowUpService(store, SystemClock())
    now = service.now()
    edges = [now - timedelta(days=1), now + timedelta(days=30)]
    assert store.count_due_in(edges) == [0]
    service.add_prospect("Ana Müller")  # plans her first follow-up
    assert store.count_due_in(edges) == [1]
    assert store.count_due_in(edges) == [1]  # read again: the same
    subprocess.run(
        [sys.executable, "-m", "followup_desktop", "--data-dir", str(db_path.parent), "add", "Bo"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert store.count_due_in(edges) == [2]  # Bo's first follow-up


def test_one_span_of_a_count_made_is_that_count(store: Store) -> None:
    service = FollowUpService(store, SystemClock(UTC))
    pid = service.add_prospect("Ana Müller", schedule_first=False).id or 0
    start = datetime(2030, 1, 1, tzinfo=UTC)
    edges = [start + timedelta(days=i) for i in range(4)]
    for moment in (edges[0], edges[1], edges[1] + timedelta(hours=1), edges[2]):
        store.add_follow_up(FollowUp(None, pid, moment, Channel.CALL), start)
    assert store.count_due_in(edges) == [1, 2, 1]
    assert store.count_due_in(edges[1:3]) == [2]
    assert store.count_due_in([edges[0], edges[2]]) == [3]  # not one span: counted
    store.add_follow_up(FollowUp(None, pid, edges[1], Channel.CALL), start)
    assert store.count_due_in(edges[1:3]) == [3]
