"""The follow-up use cases against a real database and a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUpStatus,
    Outcome,
    PostalAddress,
    Source,
    Stage,
)
from followup_desktop.services import FollowUpService, NextStep
from tests.conftest import BERLIN


def test_a_new_prospect_starts_with_a_planned_first_step(service: FollowUpService) -> None:
    inbound = service.add_prospect("Priya Raman", source=Source.INBOUND)
    (first,) = service.pending(inbound.id or 0)
    # Inbound inquiries are answered the same day.
    assert first.due_at == datetime(2026, 11, 25, 11, 0, tzinfo=BERLIN)
    assert (first.channel, first.purpose) == (Channel.EMAIL, "Answer their inquiry today")
    assert service.get_prospect(inbound.id or 0).cadence == "inbound"
    assert service.without_next_step() == []


def test_a_prospect_needs_a_name_or_company(service: FollowUpService) -> None:
    with pytest.raises(DomainError, match="name or a company"):
        service.add_prospect("   ")
    assert service.store.prospect_count() == 0
    company_only = service.add_prospect("", company="Blue Fjord AS")
    assert company_only.name == "Blue Fjord AS"


def test_logging_a_touch_completes_the_follow_up_and_plans_the_next(
    service: FollowUpService, clock: FixedClock
) -> None:
    p = service.add_prospect("Tom Becker", source=Source.INBOUND, phones=("+49 30 555",))
    (first,) = service.pending(p.id or 0)
    clock.advance(timedelta(minutes=30))
    logged = service.log_touch(p.id or 0, Channel.EMAIL, outcome=Outcome.SENT, notes="Answered")
    assert logged.completed is not None
    assert logged.completed.id == first.id
    assert logged.stage is Stage.CONTACTED
    nxt = logged.next_follow_up
    assert nxt is not None
    # The inbound plan's second step: the next day at 09:00, by phone.
    assert nxt.due_at == datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    assert nxt.channel is Channel.CALL
    statuses = {f.id: f.status for f in service.store.follow_ups(p.id or 0)}
    assert statuses == {first.id: FollowUpStatus.DONE, nxt.id: FollowUpStatus.PENDING}
    assert service.touches(p.id or 0)[0].notes == "Answered"


def test_a_meeting_switches_to_the_after_meeting_plan(service: FollowUpService) -> None:
    p = service.add_prospect("Chloé Dubois")
    logged = service.log_touch(p.id or 0, Channel.MEETING, outcome=Outcome.CONVERSATION)
    assert logged.stage is Stage.ENGAGED
    assert logged.next_follow_up is not None
    assert logged.next_follow_up.channel is Channel.NOTE
    assert logged.next_follow_up.due_at == datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    assert service.get_prospect(p.id or 0).cadence == "meeting"


def test_the_user_can_choose_the_next_step_or_none(service: FollowUpService) -> None:
    p = service.add_prospect("Hannah Schäfer")
    chosen = datetime(2026, 12, 3, 14, 30, tzinfo=BERLIN)
    logged = service.log_touch(
        p.id or 0, Channel.CALL, next_step=NextStep.on(chosen, Channel.TEXT, "Send the dates")
    )
    assert logged.next_follow_up is not None
    assert (logged.next_follow_up.due_at, logged.next_follow_up.channel) == (chosen, Channel.TEXT)
    assert logged.next_follow_up.purpose == "Send the dates"
    logged = service.log_touch(p.id or 0, Channel.TEXT, next_step=NextStep.none())
    assert logged.next_follow_up is None
    assert [s.prospect.name for s in service.without_next_step()] == ["Hannah Schäfer"]


def test_an_inbound_reply_engages(service: FollowUpService) -> None:
    p = service.add_prospect("David Okafor")
    logged = service.log_touch(p.id or 0, Channel.EMAIL, direction=Direction.IN)
    assert logged.stage is Stage.ENGAGED


def test_lost_needs_a_reason_and_changes_nothing_without_one(service: FollowUpService) -> None:
    p = service.add_prospect("Oliver Wright")
    with pytest.raises(DomainError, match="reason"):
        service.change_stage(p.id or 0, Stage.LOST)
    assert service.get_prospect(p.id or 0).stage is Stage.NEW
    assert len(service.pending(p.id or 0)) == 1
    lost = service.change_stage(p.id or 0, Stage.LOST, "Budget frozen until next year")
    assert (lost.stage, lost.lost_reason) == (Stage.LOST, "Budget frozen until next year")
    assert service.pending(p.id or 0) == []
    assert service.without_next_step() == []


def test_won_closes_and_reopening_plans_a_revive_step(service: FollowUpService) -> None:
    p = service.add_prospect("Laura Bianchi")
    service.change_stage(p.id or 0, Stage.WON)
    assert service.pending(p.id or 0) == []
    with pytest.raises(DomainError, match="reopen"):
        service.schedule(p.id or 0, service.now() + timedelta(days=1), Channel.CALL)
    reopened = service.change_stage(p.id or 0, Stage.ENGAGED)
    assert (reopened.stage, reopened.cadence) == (Stage.ENGAGED, "revive")
    (step,) = service.pending(p.id or 0)
    assert step.purpose == "Reach back out"


def test_a_touch_on_a_closed_prospect_plans_nothing(service: FollowUpService) -> None:
    p = service.add_prospect("Isabel Ferreira")
    service.change_stage(p.id or 0, Stage.WON)
    logged = service.log_touch(p.id or 0, Channel.NOTE)
    assert logged.next_follow_up is None
    assert logged.stage is Stage.WON


def test_prospects_are_resolved_by_id_or_unambiguous_name(service: FollowUpService) -> None:
    ana = service.add_prospect("Ana García")
    service.add_prospect("Ana Núñez")
    bo = service.add_prospect("Bo")
    service.add_prospect("Bob Smith")
    assert service.resolve_prospect(str(ana.id)).name == "Ana García"
    assert service.resolve_prospect("garcía").id == ana.id
    assert service.resolve_prospect("bo").id == bo.id  # the exact name wins
    with pytest.raises(DomainError, match="several prospects"):
        service.resolve_prospect("ana")
    with pytest.raises(DomainError, match="No prospect"):
        service.resolve_prospect("zelda")
    with pytest.raises(DomainError, match="no prospect with id 999"):
        service.resolve_prospect("999")


def test_json_views_carry_the_documented_fields(
    service: FollowUpService, clock: FixedClock
) -> None:
    p = service.add_prospect(
        "Jürgen Müller",
        company="Nordlicht GmbH",
        emails=("j@nordlicht.example",),
        phones=("+49 30 1234567",),
        address=PostalAddress("Friedrichstraße 123", "Berlin", "", "10117", "DE"),
    )
    service.log_touch(p.id or 0, Channel.CALL, outcome=Outcome.NO_ANSWER)
    (row,) = service.prospects_json()
    assert (
        row["mailing_address"] == "Jürgen Müller\nNordlicht GmbH\nFriedrichstraße 123\n10117 Berlin"
    )
    assert row["emails"] == ["j@nordlicht.example"]
    assert row["phones"] == ["+49 30 1234567"]
    assert row["touch_count"] == 1
    assert row["last_touch_at"] == "2026-11-25T10:00:00+01:00"
    assert row["next_follow_up"] == "2026-11-30T09:00:00+01:00"
    assert row["stage"] == "contacted"
    assert service.due_json() == []
    clock.set(datetime(2026, 12, 1, 8, 0, tzinfo=BERLIN))
    (item,) = service.due_json()
    assert item["prospect_name"] == "Jürgen Müller"
    assert item["due_at"] == "2026-11-30T09:00:00+01:00"
    assert item["overdue"] is True
    # The plan says call, but the touch just logged was a call: advised e-mail instead.
    assert item["channel"] == "email"
