"""The store keeps what it is given and finds it again."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUp,
    FollowUpStatus,
    Outcome,
    PostalAddress,
    Prospect,
    Source,
    Stage,
    Touch,
)
from followup_desktop.store import Store
from tests.conftest import BERLIN

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _prospect(name: str, **kw: object) -> Prospect:
    return Prospect(None, name, **kw)  # type: ignore[arg-type]


def test_a_prospect_round_trips_every_field(store: Store) -> None:
    original = Prospect(
        id=None,
        name="<b>Bold</b> & Łukasz",
        company="Kowalski Logistics",
        title="Founder",
        emails=("lukasz@kowalski.example", "l.w@home.example"),
        phones=("+48 22 123 45 67",),
        address=PostalAddress("ul. Marszałkowska 1\nlok. 5", "Warszawa", "", "00-001", "PL"),
        source=Source.REFERRAL,
        deal_value=Decimal("12500.50"),
        preferred_channel=Channel.CALL,
        stage=Stage.ENGAGED,
        tags=("referral", "enterprise"),
        notes="Met at the breakfast talk.\nLikes short e-mails.",
        cadence="meeting",
        cadence_position=2,
        uid="3f0c2a7e-5b1d-4c8e-9f6a-1b2c3d4e5f60",
    )
    pid = store.add_prospect(original, NOW)
    loaded = store.get_prospect(pid)
    assert loaded is not None
    assert loaded.id == pid
    assert loaded.created_at == NOW
    expected = Prospect(
        **{
            **original.__dict__,
            "id": pid,
            "tags": ("enterprise", "referral"),
            "created_at": NOW,
            "updated_at": NOW,
        }
    )
    assert loaded == expected


def test_search_covers_name_company_email_phone_tags_and_notes(store: Store) -> None:
    a = store.add_prospect(
        _prospect(
            "Éloïse Moreau",
            company="Atelier Lumière",
            emails=("eloise@atelier.example",),
            phones=("+33 1 23 45 67 89",),
            tags=("workshop",),
            notes="Wants a retreat",
        ),
        NOW,
    )
    b = store.add_prospect(_prospect("Tom Becker", company="Summit Learning"), NOW)
    assert store.search_prospect_ids("ÉLOÏSE") == [a]
    assert store.search_prospect_ids("lumière") == [a]
    assert store.search_prospect_ids("atelier.example") == [a]
    assert store.search_prospect_ids("23456789") == [a]
    assert store.search_prospect_ids("#work") == [a]
    assert store.search_prospect_ids("retreat") == [a]
    assert store.search_prospect_ids("summit") == [b]
    assert sorted(store.search_prospect_ids("e")) == sorted([a, b])
    # LIKE wildcards typed by the user are literal.
    assert store.search_prospect_ids("%") == []
    assert store.search_prospect_ids("_") == []


def test_find_prospects_by_name_part_any_case(store: Store) -> None:
    a = store.add_prospect(_prospect("Anna Schäfer"), NOW)
    b = store.add_prospect(_prospect("Анна Иванова"), NOW)
    assert store.find_prospects("anna") == [(a, "Anna Schäfer")]
    assert store.find_prospects("АННА") == [(b, "Анна Иванова")]
    assert store.find_prospects("nobody") == []


def test_updating_tags_and_fields_updates_search(store: Store) -> None:
    pid = store.add_prospect(_prospect("Mia Hoffmann", tags=("local",)), NOW)
    prospect = store.get_prospect(pid)
    assert prospect is not None
    later = NOW + timedelta(hours=1)
    store.update_prospect(
        Prospect(**{**prospect.__dict__, "company": "Waverly Events", "tags": ("speaking",)}),
        later,
    )
    assert store.search_prospect_ids("waverly") == [pid]
    assert store.search_prospect_ids("#local") == []
    updated = store.get_prospect(pid)
    assert updated is not None
    assert (updated.tags, updated.updated_at) == (("speaking",), later)


def _follow_up(pid: int, due: datetime, **kw: object) -> FollowUp:
    return FollowUp(None, pid, due, Channel.CALL, "Check in", **kw)  # type: ignore[arg-type]


def test_due_lists_pending_by_effective_time_and_respects_snooze(store: Store) -> None:
    ana = store.add_prospect(_prospect("Ana García"), NOW)
    bo = store.add_prospect(_prospect("Bo Jensen"), NOW)
    late = store.add_follow_up(_follow_up(ana, NOW - timedelta(days=2)), NOW)
    soon = store.add_follow_up(_follow_up(bo, NOW - timedelta(hours=1)), NOW)
    store.add_follow_up(_follow_up(bo, NOW + timedelta(days=3)), NOW)
    snoozed = store.add_follow_up(
        _follow_up(ana, NOW - timedelta(days=1), snoozed_until=NOW + timedelta(hours=2)), NOW
    )
    done = store.add_follow_up(_follow_up(ana, NOW - timedelta(days=3)), NOW)
    store.finish_follow_up(done, FollowUpStatus.DONE)

    assert [d.follow_up.id for d in store.due(NOW)] == [late, soon]
    assert [d.prospect_name for d in store.due(NOW)] == ["Ana García", "Bo Jensen"]
    in_three_hours = [d.follow_up.id for d in store.due(NOW + timedelta(hours=3))]
    assert in_three_hours == [late, soon, snoozed]


def test_follow_ups_keep_their_wall_clock_time_and_zone(store: Store) -> None:
    pid = store.add_prospect(_prospect("Jürgen Müller"), NOW)
    # 09:00 in Berlin after the change to summer time (29 March 2027).
    due = datetime(2027, 3, 29, 9, 0, tzinfo=BERLIN)
    fid = store.add_follow_up(_follow_up(pid, due), NOW)
    loaded = store.get_follow_up(fid)
    assert loaded is not None
    assert loaded.due_at == due
    assert (loaded.due_at.hour, loaded.due_at.utcoffset()) == (9, timedelta(hours=2))


def test_summaries_count_touches_and_next_step(store: Store) -> None:
    pid = store.add_prospect(_prospect("Priya Raman"), NOW)
    for days in (10, 5, 1):
        store.add_touch(
            Touch(
                None, pid, NOW - timedelta(days=days), Channel.EMAIL, Direction.OUT, Outcome.SENT
            ),
            NOW,
        )
    fid = store.add_follow_up(_follow_up(pid, NOW + timedelta(days=2)), NOW)
    (summary,) = store.summaries([pid])
    assert summary.touch_count == 3
    assert summary.last_touch_at == NOW - timedelta(days=1)
    assert summary.next_due_at == NOW + timedelta(days=2)
    store.finish_follow_up(fid, FollowUpStatus.SKIPPED)
    (summary,) = store.summaries([pid])
    assert summary.next_due_at is None
    assert [t.at for t in store.touches(pid)] == [NOW - timedelta(days=d) for d in (1, 5, 10)]


def test_without_next_step_lists_open_prospects_only(store: Store) -> None:
    lonely = store.add_prospect(_prospect("Lars Jensen", stage=Stage.ENGAGED), NOW)
    store.add_prospect(_prospect("Won Client", stage=Stage.WON), NOW)
    store.add_prospect(_prospect("Lost One", stage=Stage.LOST, lost_reason="Budget"), NOW)
    planned = store.add_prospect(_prospect("Planned"), NOW)
    store.add_follow_up(_follow_up(planned, NOW + timedelta(days=1)), NOW)
    assert [s.prospect.id for s in store.without_next_step()] == [lonely]


def test_deleting_a_prospect_removes_its_touches_and_follow_ups(store: Store) -> None:
    pid = store.add_prospect(_prospect("Samuel Adeyemi"), NOW)
    store.add_touch(Touch(None, pid, NOW, Channel.CALL), NOW)
    store.add_follow_up(_follow_up(pid, NOW), NOW)
    store.delete_prospect(pid)
    assert store.get_prospect(pid) is None
    assert store.touches(pid) == []
    assert store.follow_ups(pid) == []
    assert store.due(NOW + timedelta(days=1)) == []


def test_a_failed_transaction_writes_nothing(store: Store) -> None:
    class Boom(Exception):
        pass

    def half_write() -> None:
        with store.transaction():
            pid = store.add_prospect(_prospect("Half Written"), NOW)
            store.add_touch(Touch(None, pid, NOW, Channel.CALL), NOW)
            raise Boom

    with pytest.raises(Boom):
        half_write()
    assert store.prospect_count() == 0


def test_skip_pending_ends_all_planned_follow_ups(store: Store) -> None:
    pid = store.add_prospect(_prospect("Grace Kim"), NOW)
    for days in (1, 2):
        store.add_follow_up(_follow_up(pid, NOW + timedelta(days=days)), NOW)
    assert store.skip_pending(pid) == 2
    assert {f.status for f in store.follow_ups(pid)} == {FollowUpStatus.SKIPPED}


def test_wildcard_characters_are_searched_literally(store: Store) -> None:
    underscore = store.add_prospect(_prospect("Michael", emails=("michael_6@x.example",)), NOW)
    store.add_prospect(_prospect("Michael", emails=("michaelx6@x.example",)), NOW)
    percent = store.add_prospect(_prospect("Discount", notes="100% off"), NOW)
    assert store.search_prospect_ids("michael_6") == [underscore]
    assert store.search_prospect_ids("100%") == [percent]


def test_large_id_lists_and_counts(store: Store) -> None:
    with store.transaction():
        ids = [store.add_prospect(_prospect(f"P{i:04d}", tags=("bulk",)), NOW) for i in range(1200)]
    summaries = store.summaries(ids[:1000])
    assert len(summaries) == 1000
    assert all(s.prospect.tags == ("bulk",) for s in summaries)
    assert store.count_without_next_step() == 1200
    assert len(store.without_next_step()) == 1200


def test_a_prospect_without_uid_gets_a_stable_one(store: Store) -> None:
    pid = store.add_prospect(Prospect(id=None, name="No Uid"), NOW)
    loaded = store.get_prospect(pid)
    assert loaded is not None
    assert len(loaded.uid) == 36
    store.update_prospect(replace(loaded, uid="", notes="changed"), NOW)
    again = store.get_prospect(pid)
    assert again is not None
    assert again.uid == loaded.uid  # an update without a uid keeps the one there
    other = store.add_prospect(Prospect(id=None, name="Other"), NOW)
    assert store.prospect_uids()[other] != loaded.uid


def test_settings_are_kept(store: Store) -> None:
    assert store.get_setting("k") is None
    store.set_setting("k", "one")
    store.set_setting("k", "two")
    assert store.get_setting("k") == "two"
