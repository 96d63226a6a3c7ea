"""When a prospect was won or lost is kept (schema 6): the revive list and the
report count from that moment."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Prospect, Stage
from followup_desktop.store import Store, open_store
from tests.helpers.factories import make_v1_database


def test_closing_stamps_the_moment_and_reopening_clears_it(store: Store, clock: FixedClock) -> None:
    now = clock.now()
    pid = store.add_prospect(Prospect(None, "Ana García"), now)
    assert store.get_prospect(pid).closed_at is None  # type: ignore[union-attr]
    store.set_stage(pid, Stage.LOST, "Timing: after the merger", now)
    closed = store.get_prospect(pid)
    assert closed is not None
    assert closed.closed_at == now.replace(microsecond=0)
    # Saying lost again (a new reason) keeps the date; an edit keeps it too.
    later = now + timedelta(days=3)
    store.set_stage(pid, Stage.LOST, "Timing: next year", later)
    store.update_prospect(store.get_prospect(pid), later)  # type: ignore[arg-type]
    assert store.get_prospect(pid).closed_at == closed.closed_at  # type: ignore[union-attr]
    store.set_stage(pid, Stage.WON, "", later)
    assert store.get_prospect(pid).closed_at == later.replace(microsecond=0)  # type: ignore[union-attr]
    store.set_stage(pid, Stage.ENGAGED, "", later)
    assert store.get_prospect(pid).closed_at is None  # type: ignore[union-attr]


def test_a_prospect_added_closed_is_closed_from_then(store: Store, clock: FixedClock) -> None:
    now = clock.now()
    pid = store.add_prospect(Prospect(None, "Bo Lind", stage=Stage.WON), now)
    assert store.get_prospect(pid).closed_at == now.replace(microsecond=0)  # type: ignore[union-attr]


def test_prospects_closed_before_schema_6_take_their_last_change(db_path: Path) -> None:
    make_v1_database(db_path)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(
            "INSERT INTO prospect (id, name, stage, lost_reason, created_at, updated_at) "
            "VALUES (3, 'Lea Wolf', 'lost', 'No budget', '2026-01-06 09:00:00', "
            "'2026-03-02 16:30:00')"
        )
    conn.close()
    store = open_store(db_path)
    try:
        lost = store.get_prospect(3)
        assert lost is not None
        assert lost.closed_at is not None
        assert lost.closed_at.isoformat() == "2026-03-02T16:30:00+00:00"
        assert store.get_prospect(1).closed_at is None  # type: ignore[union-attr]
    finally:
        store.close()


def test_when_a_closed_prospect_closed_can_be_set(store: Store, clock: FixedClock) -> None:
    now = clock.now()
    won = store.add_prospect(Prospect(None, "Won", stage=Stage.WON), now)
    open_ = store.add_prospect(Prospect(None, "Open"), now)
    earlier = now - timedelta(days=200)
    store.set_closed_at(won, earlier)
    store.set_closed_at(open_, earlier)
    assert store.get_prospect(won).closed_at == earlier.replace(microsecond=0)  # type: ignore[union-attr]
    assert store.get_prospect(open_).closed_at is None  # type: ignore[union-attr]
