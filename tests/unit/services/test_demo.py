"""Demo data shows every part of the app at work, the same for the same seed."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, Stage
from followup_desktop.domain.queries import QuickFilter
from followup_desktop.services import FollowUpService
from followup_desktop.services.demo import generate_demo
from followup_desktop.store import open_store


def test_demo_covers_stages_channels_and_due_work(
    service: FollowUpService, clock: FixedClock
) -> None:
    summary = generate_demo(service)
    assert summary.prospects >= 60
    rows = service.prospects_json()
    assert len(rows) == summary.prospects
    assert {r["stage"] for r in rows} == {s.value for s in Stage}
    assert all(1 <= r["touch_count"] <= 12 for r in rows)
    channels = {t.channel for r in rows for t in service.touches(r["id"])}
    assert channels == set(Channel)
    now = clock.now()
    end_of_day = now.replace(hour=23, minute=59)
    due = service.due_json(end_of_day)
    assert any(d["overdue"] for d in due)
    assert any(not d["overdue"] for d in due)  # due later today
    week = service.due(now + timedelta(days=7))
    assert len(week) > len(due)
    assert service.without_next_step()  # some open prospects lack a next step
    assert service.count(QuickFilter.GONE_COLD) > 0  # some went quiet after a touch or two
    assert all(r["emails"][0].isascii() for r in rows)
    pending_notes = [f for r in rows for f in service.pending(r["id"]) if f.channel is Channel.NOTE]
    assert pending_notes  # recent meetings awaiting a thank-you note
    countries = {r["mailing_address"].rsplit("\n", 1)[-1] for r in rows if r["mailing_address"]}
    assert {"UNITED STATES", "UNITED KINGDOM", "FRANCE", "JAPAN"} <= countries
    names = " ".join(r["name"] for r in rows)
    assert "ü" in names or "é" in names
    assert any(
        not r["name"].isascii() and not any("a" <= c <= "z" for c in r["name"].lower())
        for r in rows
    )  # a name in a non-Latin script


def test_demo_is_deterministic_for_a_seed(tmp_path: Path, clock: FixedClock) -> None:
    def run(folder: str, seed: int) -> list[dict[str, object]]:
        store = open_store(tmp_path / folder / "followup.sqlite3")
        try:
            service = FollowUpService(store, clock, home_country="DE")
            generate_demo(service, prospects=25, seed=seed)
            return service.prospects_json()
        finally:
            store.close()

    first, again, other = run("a", 7), run("b", 7), run("c", 8)
    assert first == again
    assert first != other
    assert len(first) == 25


def test_demo_size_is_configurable(service: FollowUpService) -> None:
    assert generate_demo(service, prospects=1000, seed=3).prospects == 1000
    names = [r["name"] for r in service.prospects_json()]
    assert len(set(names)) == 1000


def test_demo_respects_the_clock(service: FollowUpService, clock: FixedClock) -> None:
    clock.set(datetime(2027, 6, 1, 23, 30, tzinfo=clock.tz))
    generate_demo(service, prospects=30)
    assert service.due(clock.now())  # something is overdue relative to that day


@pytest.mark.parametrize("count", [0, -1, 200_001])
def test_demo_data_has_between_one_and_200000_prospects(
    service: FollowUpService, count: int
) -> None:
    with pytest.raises(DomainError, match=f"between 1 and 200000 prospects, not {count}"):
        generate_demo(service, prospects=count)
    assert service.prospects_json() == []


def test_demo_follow_ups_are_worded_in_the_users_language(service: FollowUpService) -> None:
    """The plans' purposes are the app's own words: a German user's demo reads German."""
    from followup_desktop import i18n
    from followup_desktop.domain.cadence import built_in_cadences

    i18n.set_language("de")
    generate_demo(service)
    german = {
        plan.step(position).purpose
        for plan in built_in_cadences().values()
        for position in range(len(plan.steps) + 1)
    }
    far = service.now() + timedelta(days=400)
    purposes = {item.follow_up.purpose for item in service.due(far)}
    assert purposes
    for purpose in purposes:
        assert purpose in german or purpose.startswith("Dankeskarte: "), purpose
