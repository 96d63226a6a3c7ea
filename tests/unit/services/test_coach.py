"""The persistence coach through a real database: plans of the user's own,
scaling by deal value, advice when logging, the revive list, no next step."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.cadence import (
    INBOUND,
    OUTBOUND,
    Cadence,
    CadenceStep,
    DealScaling,
)
from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUpStatus,
    Outcome,
    Source,
    Stage,
)
from followup_desktop.domain.queries import ProspectQuery, QuickFilter
from followup_desktop.services.cadences import CUSTOM_KEY
from followup_desktop.services.coach import CoachService
from followup_desktop.services.followup import FollowUpService, NextStep

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def coach(service: FollowUpService) -> CoachService:
    return CoachService(service)


def _workshop_plan() -> Cadence:
    return Cadence(
        key="",
        name="Workshop leads",
        description="For people who asked about a workshop",
        steps=(
            CadenceStep(0, Channel.EMAIL, "Send the workshop outline"),
            CadenceStep(2, Channel.CALL, "Talk dates"),
            CadenceStep(5, Channel.SOCIAL, "Engage with their posts"),
        ),
        then_every_days=10,
        widening=1.5,
        max_interval_days=40,
        then_channels=(Channel.ARTICLE, Channel.CALL),
        then_purpose="Stay in touch",
        touches=6,
    )


def test_a_plan_of_the_users_own_is_saved_listed_and_followed(
    service: FollowUpService, coach: CoachService
) -> None:
    saved = coach.save_plan(_workshop_plan())
    assert saved.key == "custom-workshop-leads"
    assert service.cadence_names()[saved.key] == "Workshop leads"
    assert list(service.cadence_names())[:5] == [
        "inbound",
        "outbound",
        "information",
        "meeting",
        "revive",
    ]
    p = service.add_prospect("Ana García", emails=("ana@example.com",), phones=("+34 600",))
    outcome = coach.apply_plan([p.id or 0], saved.key)
    assert outcome.changed == (p.id,)
    (first,) = service.pending(p.id or 0)
    assert (first.channel, first.purpose) == (Channel.EMAIL, "Send the workshop outline")
    assert first.due_at == datetime(2026, 11, 25, 11, 0, tzinfo=BERLIN)  # same day: an hour on
    again = service.get_prospect(p.id or 0)
    assert (again.cadence, again.cadence_position) == (saved.key, 1)
    assert service.plan_progress(again) == "touch 1 of a 6-touch plan"
    logged = service.log_touch(p.id or 0, Channel.EMAIL, outcome=Outcome.SENT)
    assert logged.next_follow_up is not None
    assert logged.next_follow_up.purpose == "Talk dates"
    assert logged.next_follow_up.due_at == datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN)
    assert service.plan_progress(service.get_prospect(p.id or 0)) == "touch 2 of a 6-touch plan"


def test_plans_are_checked_named_once_and_built_ins_kept(coach: CoachService) -> None:
    with pytest.raises(DomainError, match="needs a name"):
        coach.save_plan(replace(_workshop_plan(), name=" "))
    with pytest.raises(DomainError, match="already a plan called 'Inbound inquiry'"):
        coach.save_plan(replace(_workshop_plan(), name="inbound inquiry"))
    with pytest.raises(DomainError, match="is built in"):
        coach.save_plan(replace(INBOUND, name="Mine"))
    saved = coach.save_plan(_workshop_plan())
    edited = coach.save_plan(replace(saved, then_every_days=12))
    assert edited.key == saved.key
    assert coach.service.plans()[saved.key].then_every_days == 12
    with pytest.raises(DomainError, match="already a plan called"):
        coach.save_plan(replace(_workshop_plan(), key=""))
    with pytest.raises(DomainError, match="cannot be deleted"):
        coach.delete_plan("inbound")


def test_deleting_a_plan_moves_its_prospects_to_their_sources_plan(
    service: FollowUpService, coach: CoachService
) -> None:
    saved = coach.save_plan(_workshop_plan())
    a = service.add_prospect("Ana", source=Source.INBOUND)
    b = service.add_prospect("Bo")
    coach.apply_plan([a.id or 0, b.id or 0], saved.key)
    assert coach.prospects_on(saved.key) == [a.id, b.id]
    assert coach.delete_plan(saved.key) == 2
    assert service.get_prospect(a.id or 0).cadence == "inbound"
    assert service.get_prospect(b.id or 0).cadence == "outbound"
    assert len(service.pending(a.id or 0)) == 1  # the follow-up already planned stays
    with pytest.raises(DomainError, match="no longer exists"):
        coach.delete_plan(saved.key)
    with pytest.raises(DomainError, match="no longer exists"):
        coach.apply_plan([a.id or 0], saved.key)


def test_damaged_saved_plans_are_reported_and_never_overwritten(
    service: FollowUpService, coach: CoachService
) -> None:
    service.store.set_setting(CUSTOM_KEY, "[{not json")
    library = service.coach_settings.library()
    assert set(library.plans) == {"inbound", "outbound", "information", "meeting", "revive"}
    assert library.unreadable
    with pytest.raises(DomainError, match="could not be read, so they are left"):
        coach.save_plan(_workshop_plan())
    assert service.store.get_setting(CUSTOM_KEY) == "[{not json"
    service.store.set_setting(CUSTOM_KEY, json.dumps({"a": 1}))
    assert service.coach_settings.library().unreadable


def test_a_prospect_on_a_deleted_plan_follows_its_sources_plan(service: FollowUpService) -> None:
    p = service.add_prospect("Ana", source=Source.INBOUND)
    service.store.set_cadence(p.id or 0, "custom-gone", 2, service.now())
    prospect = service.get_prospect(p.id or 0)
    assert service.plan_key(prospect) == "inbound"
    assert service.plan_progress(prospect) == "touch 2 of a 7-touch plan"


def test_bigger_deals_are_followed_up_sooner(service: FollowUpService) -> None:
    small = service.add_prospect("Small", deal_value=Decimal(800), phones=("1",))
    large = service.add_prospect("Large", deal_value=Decimal(50000), phones=("1",))
    plain = service.add_prospect("Plain", phones=("1",))
    due = {}
    for p in (small, large, plain):
        # The first touch answers step 0; step 1 of the outbound plan is 3 days on.
        logged = service.log_touch(p.id or 0, Channel.EMAIL, outcome=Outcome.SENT)
        assert logged.next_follow_up is not None
        due[p.name] = logged.next_follow_up.due_at.date()
    today = service.now().date()
    # 3 days x 1.25 = 4 (Sunday 29th: Monday), 3 days x 0.6 = 2, 3 days as written.
    assert {k: (v - today).days for k, v in due.items()} == {"Small": 5, "Large": 2, "Plain": 5}
    service.coach_settings.set_scaling(DealScaling(enabled=False))
    p = service.add_prospect("Large too", deal_value=Decimal(50000), phones=("1",))
    logged = service.log_touch(p.id or 0, Channel.EMAIL, outcome=Outcome.SENT)
    assert logged.next_follow_up is not None
    assert (logged.next_follow_up.due_at.date() - today).days == 5
    with pytest.raises(DomainError, match="below the large deal"):
        service.coach_settings.set_scaling(DealScaling(small_value=Decimal(10**6)))
    assert service.coach_settings.scaling() == DealScaling(enabled=False)
    service.store.set_setting("cadences.scaling", "{broken")
    assert service.coach_settings.scaling() == DealScaling()


def test_the_proposal_carries_advice_and_logging_follows_it(service: FollowUpService) -> None:
    p = service.add_prospect("Tom", emails=("tom@example.com",), phones=("+49 30 1",))
    pid = p.id or 0
    service.log_touch(pid, Channel.CALL, outcome=Outcome.NO_ANSWER)  # plan: call next
    proposal = service.propose_next(pid, Channel.CALL, outcome=Outcome.LEFT_MESSAGE)
    assert proposal is not None
    # The plan's step 2 is social media: a change already, kept.
    assert proposal.channel is Channel.SOCIAL
    assert proposal.advice == "A change from the last two touches (a call)."
    # The prospect only ever answers by text: texts it is.
    service.log_touch(pid, Channel.TEXT, direction=Direction.IN, outcome=Outcome.REPLIED)
    proposal = service.propose_next(pid, Channel.CALL, outcome=Outcome.NO_ANSWER)
    assert proposal is not None
    assert proposal.channel is Channel.TEXT
    assert proposal.advice == "They have only ever answered by text (once)."
    logged = service.log_touch(pid, Channel.CALL, outcome=Outcome.NO_ANSWER)
    assert logged.next_follow_up is not None
    assert logged.next_follow_up.channel is Channel.TEXT
    # A channel the user chose is kept as it is.
    chosen = service.log_touch(
        pid,
        Channel.EMAIL,
        outcome=Outcome.SENT,
        next_step=NextStep.on(service.now() + timedelta(days=2), channel=Channel.EMAIL),
    )
    assert chosen.next_follow_up is not None
    assert chosen.next_follow_up.channel is Channel.EMAIL


def _age(service: FollowUpService, clock: FixedClock, days: int) -> None:
    clock.set(service.now() + timedelta(days=days))


def test_the_revive_list_and_reviving(
    service: FollowUpService, coach: CoachService, clock: FixedClock
) -> None:
    start = service.now()
    clock.set(start - timedelta(days=250))
    lost_timing = service.add_prospect("Lost for timing", emails=("l@example.com",))
    lost_budget = service.add_prospect("Lost for budget")
    service.log_touch(lost_timing.id or 0, Channel.CALL, outcome=Outcome.CONVERSATION)
    service.change_stage(lost_timing.id or 0, Stage.LOST, "Timing: after their merger")
    service.change_stage(lost_budget.id or 0, Stage.LOST, "No budget")
    clock.set(start - timedelta(days=40))
    cold = service.add_prospect("Cold", emails=("c@example.com",))
    service.log_touch(cold.id or 0, Channel.EMAIL, outcome=Outcome.SENT)
    busy = service.add_prospect("Busy")
    for _ in range(3):
        service.log_touch(busy.id or 0, Channel.EMAIL, outcome=Outcome.SENT)
    clock.set(start)
    lately = service.add_prospect("Lost lately")
    service.change_stage(lately.id or 0, Stage.LOST, "Timing")
    ids = coach.revive_ids()
    assert sorted(ids) == sorted([lost_timing.id, cold.id])
    assert service.count(QuickFilter.REVIVE) == 2
    # Thresholds are the user's: 50 silent days leaves the cold one out,
    # 12 months the lost one.
    service.coach_settings.set_revive_policy(50, 12)
    assert coach.revive_ids() == []
    service.coach_settings.set_revive_policy(30, 6)
    outcome = coach.revive(ids)
    assert sorted(outcome.changed) == sorted(ids)
    revived = service.get_prospect(lost_timing.id or 0)
    assert revived.stage is Stage.CONTACTED
    assert revived.lost_reason == ""
    assert revived.notes.endswith("Lost on 2026-03-20: Timing: after their merger")
    assert (revived.cadence, revived.cadence_position) == ("revive", 1)
    (step,) = service.pending(lost_timing.id or 0)
    assert step.purpose == "Reach back out"
    # They only ever answered by phone, but no number is known: the plan's e-mail.
    assert step.channel is Channel.EMAIL
    assert step.due_at == start + timedelta(hours=1)
    (cold_step,) = service.pending(cold.id or 0)
    assert cold_step.purpose == "Reach back out"
    # Both leave the list: they are on the revive plan, its step pending.
    assert coach.revive_ids() == []
    # Once that step is skipped, a prospect still silent is back on it.
    service.store.skip_pending(cold.id or 0)
    service.store.refresh_summaries([cold.id or 0])
    assert coach.revive_ids() == [cold.id]
    won = service.add_prospect("Won")
    service.change_stage(won.id or 0, Stage.WON)
    assert coach.revive([won.id or 0]).skipped == (won.id,)


def test_bad_revive_thresholds_are_refused(service: FollowUpService) -> None:
    with pytest.raises(DomainError, match="1 to 3650 days"):
        service.coach_settings.set_revive_policy(0, 6)
    with pytest.raises(DomainError, match="0 to 120 months"):
        service.coach_settings.set_revive_policy(30, 121)
    service.store.set_setting("revive.silent_days", "soon")
    service.store.set_setting("revive.lost_months", "999")
    policy = service.coach_settings.revive_policy()
    assert (policy.silent_days, policy.lost_months) == (30, 6)


def test_no_next_step_is_fixed_by_each_prospects_plan(
    service: FollowUpService, coach: CoachService, clock: FixedClock
) -> None:
    a = service.add_prospect("Ana", emails=("a@example.com",), phones=("1",))
    service.log_touch(a.id or 0, Channel.EMAIL, outcome=Outcome.SENT, next_step=NextStep.none())
    b = service.add_prospect("Bo", source=Source.INBOUND, emails=("b@example.com",))
    for f in service.pending(b.id or 0):
        service.store.finish_follow_up(f.id or 0, FollowUpStatus.SKIPPED, None)
    c = service.add_prospect("Cy")  # has its first step
    d = service.add_prospect("Di")
    service.change_stage(d.id or 0, Stage.WON)
    assert service.count_without_next_step() == 2
    clock.advance(timedelta(days=10))
    outcome = coach.schedule_by_plan()
    assert sorted(outcome.changed) == sorted([a.id, b.id])
    assert service.count_without_next_step() == 0
    (step_a,) = service.pending(a.id or 0)
    # Ana's plan is at step 1 (a call, 3 days after her touch): that is past,
    # so it is counted from now.
    assert step_a.purpose == OUTBOUND.steps[1].purpose
    assert step_a.due_at == datetime(2026, 12, 8, 9, 0, tzinfo=BERLIN)
    (step_b,) = service.pending(b.id or 0)
    assert step_b.purpose == INBOUND.steps[1].purpose
    assert coach.schedule_by_plan([c.id or 0, d.id or 0]).skipped == (c.id, d.id)
    assert service.prospect_ids(ProspectQuery(quick=QuickFilter.NO_NEXT_STEP)) == []
