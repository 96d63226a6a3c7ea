"""The rules that tie touches, follow-ups and cadences together."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.cadence import Cadence, CadenceStep, Proposal
from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUp,
    FollowUpStatus,
    Outcome,
    Stage,
    Touch,
)
from followup_desktop.domain.rules import (
    GONE_COLD_MAX_TOUCHES,
    GONE_COLD_SILENT_DAYS,
    TouchPlan,
    answered_follow_up,
    is_gone_cold,
    is_overdue,
    lacks_next_step,
    plan_touch,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
OPEN = [Stage.NEW, Stage.CONTACTED, Stage.ENGAGED, Stage.PROPOSAL, Stage.DORMANT]


def berlin(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


def follow_up(
    due: datetime,
    id: int | None = 1,
    status: FollowUpStatus = FollowUpStatus.PENDING,
    snoozed_until: datetime | None = None,
) -> FollowUp:
    return FollowUp(id, 7, due, Channel.CALL, "", status, snoozed_until)


def touch(
    at: datetime,
    channel: Channel = Channel.EMAIL,
    outcome: Outcome | None = Outcome.SENT,
    direction: Direction = Direction.OUT,
) -> Touch:
    return Touch(None, 7, at, channel, direction, outcome)


# -- rule 1: every open prospect has a next step ---------------------------


@pytest.mark.parametrize("stage", OPEN)
def test_an_open_prospect_without_a_pending_follow_up_lacks_a_next_step(stage: Stage) -> None:
    assert lacks_next_step(stage, 0) is True
    assert lacks_next_step(stage, 1) is False
    assert lacks_next_step(stage, 3) is False


@pytest.mark.parametrize("stage", [Stage.WON, Stage.LOST])
def test_a_closed_prospect_needs_no_next_step(stage: Stage) -> None:
    assert lacks_next_step(stage, 0) is False


# -- rule 6: gone cold -----------------------------------------------------


def test_gone_cold_defaults_are_two_touches_and_thirty_silent_days() -> None:
    assert (GONE_COLD_MAX_TOUCHES, GONE_COLD_SILENT_DAYS) == (2, 30)


@pytest.mark.parametrize(
    ("stage", "touches", "silent_for", "expected"),
    [
        (Stage.CONTACTED, 1, timedelta(days=31), True),
        (Stage.CONTACTED, 2, timedelta(days=31), True),
        (Stage.ENGAGED, 2, timedelta(days=90), True),
        (Stage.DORMANT, 1, timedelta(days=31), True),
        (Stage.CONTACTED, 1, timedelta(days=30, seconds=1), True),
        # silent for exactly 30 days, or less: not yet
        (Stage.CONTACTED, 1, timedelta(days=30), False),
        (Stage.CONTACTED, 2, timedelta(days=3), False),
        # pursued beyond 2 touches: not dropped early
        (Stage.CONTACTED, 3, timedelta(days=200), False),
        # never touched: not a cold lead but one never pursued
        (Stage.NEW, 0, None, False),
        # closed prospects are never cold
        (Stage.WON, 1, timedelta(days=200), False),
        (Stage.LOST, 2, timedelta(days=200), False),
    ],
)
def test_is_gone_cold(
    stage: Stage, touches: int, silent_for: timedelta | None, expected: bool
) -> None:
    last = None if silent_for is None else NOW - silent_for
    assert is_gone_cold(stage, touches, last, NOW) is expected


def test_gone_cold_thresholds_can_be_tuned() -> None:
    last = NOW - timedelta(days=10)
    assert is_gone_cold(Stage.CONTACTED, 4, last, NOW) is False
    assert is_gone_cold(Stage.CONTACTED, 4, last, NOW, max_touches=4, silent_days=7) is True
    assert is_gone_cold(Stage.CONTACTED, 4, last, NOW, max_touches=4, silent_days=10) is False


# -- overdue and snoozing --------------------------------------------------


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (follow_up(NOW - timedelta(minutes=1)), True),
        (follow_up(NOW - timedelta(days=3)), True),
        (follow_up(NOW), False),
        (follow_up(NOW + timedelta(minutes=1)), False),
        # done or skipped follow-ups are never overdue
        (follow_up(NOW - timedelta(days=3), status=FollowUpStatus.DONE), False),
        (follow_up(NOW - timedelta(days=3), status=FollowUpStatus.SKIPPED), False),
        # snoozed until later: not overdue until the snooze runs out
        (follow_up(NOW - timedelta(days=1), snoozed_until=NOW + timedelta(hours=2)), False),
        (follow_up(NOW - timedelta(days=1), snoozed_until=NOW - timedelta(hours=2)), True),
        # a snooze earlier than the due time does not bring it forward
        (follow_up(NOW + timedelta(days=1), snoozed_until=NOW - timedelta(days=1)), False),
    ],
)
def test_is_overdue(item: FollowUp, expected: bool) -> None:
    assert is_overdue(item, NOW) is expected


# -- which follow-up a touch answers ---------------------------------------


def test_no_pending_follow_up_means_nothing_is_answered() -> None:
    assert answered_follow_up([]) is None
    done = follow_up(NOW, status=FollowUpStatus.DONE)
    skipped = follow_up(NOW, status=FollowUpStatus.SKIPPED)
    assert answered_follow_up([done, skipped]) is None


def test_the_pending_follow_up_due_first_is_answered() -> None:
    later = follow_up(NOW + timedelta(days=2), id=1)
    first = follow_up(NOW + timedelta(days=1), id=2)
    done_earlier = follow_up(NOW - timedelta(days=5), id=3, status=FollowUpStatus.DONE)
    assert answered_follow_up([later, done_earlier, first]) is first


def test_a_snoozed_follow_up_counts_from_its_snooze() -> None:
    snoozed = follow_up(NOW - timedelta(days=2), id=1, snoozed_until=NOW + timedelta(days=3))
    other = follow_up(NOW + timedelta(days=1), id=2)
    assert answered_follow_up([snoozed, other]) is other


def test_equal_due_times_are_answered_in_the_order_they_were_planned() -> None:
    second = follow_up(NOW, id=9)
    first = follow_up(NOW, id=4)
    assert answered_follow_up([second, first]) is first
    unsaved = follow_up(NOW, id=None)
    assert answered_follow_up([first, unsaved]) is unsaved


# -- planning what a touch changes -----------------------------------------


def test_a_touch_completes_the_earliest_pending_follow_up_and_proposes_the_next(
    clock: FixedClock,
) -> None:
    now = clock.now()
    answering = follow_up(now - timedelta(hours=1), id=11)
    later = follow_up(now + timedelta(days=5), id=12)
    plan = plan_touch(Stage.NEW, "inbound", 1, [later, answering], touch(now))
    assert plan == TouchPlan(
        completes=answering,
        stage=Stage.CONTACTED,
        cadence="inbound",
        cadence_position=2,
        proposal=Proposal(
            berlin(2026, 11, 26, 9), Channel.CALL, "Follow up on your answer", "inbound", 2
        ),
    )


def test_a_reply_engages_the_prospect_and_the_plan_continues(clock: FixedClock) -> None:
    reply = touch(clock.now(), Channel.EMAIL, Outcome.REPLIED, Direction.IN)
    plan = plan_touch(Stage.CONTACTED, "outbound", 2, [], reply)
    assert plan.completes is None
    assert plan.stage is Stage.ENGAGED
    assert plan.cadence == "outbound"
    assert plan.cadence_position == 3
    assert plan.proposal == Proposal(
        berlin(2026, 12, 2, 9),
        Channel.SOCIAL,
        "Connect and engage with their posts",
        "outbound",
        3,
    )


def test_a_meeting_starts_the_after_meeting_plan_with_a_handwritten_note(
    clock: FixedClock,
) -> None:
    meeting = touch(clock.now(), Channel.MEETING, Outcome.CONVERSATION)
    plan = plan_touch(Stage.ENGAGED, "inbound", 6, [], meeting)
    assert plan.stage is Stage.ENGAGED
    assert plan.cadence == "meeting"
    assert plan.cadence_position == 1
    assert plan.proposal == Proposal(
        berlin(2026, 11, 26, 9), Channel.NOTE, "Send a handwritten thank-you note", "meeting", 1
    )


def test_sending_a_proposal_starts_the_information_plan_three_weeks_out(
    clock: FixedClock,
) -> None:
    sent = touch(clock.now(), Channel.EMAIL, Outcome.PROPOSAL_SENT)
    plan = plan_touch(Stage.ENGAGED, "meeting", 2, [], sent)
    assert plan.stage is Stage.PROPOSAL
    assert plan.cadence == "information"
    assert plan.cadence_position == 1
    assert plan.proposal == Proposal(
        berlin(2026, 12, 16, 9), Channel.EMAIL, "Follow up on what you sent", "information", 1
    )


def test_a_second_meeting_restarts_the_after_meeting_plan(clock: FixedClock) -> None:
    meeting = touch(clock.now(), Channel.MEETING, Outcome.CONVERSATION)
    plan = plan_touch(Stage.ENGAGED, "meeting", 3, [], meeting)
    assert (plan.cadence, plan.cadence_position) == ("meeting", 1)
    assert plan.proposal is not None
    assert plan.proposal.channel is Channel.NOTE


@pytest.mark.parametrize("closed", [Stage.WON, Stage.LOST])
def test_a_meeting_with_a_closed_prospect_keeps_its_plan(closed: Stage, clock: FixedClock) -> None:
    meeting = touch(clock.now(), Channel.MEETING, Outcome.CONVERSATION)
    plan = plan_touch(closed, "outbound", 4, [], meeting)
    assert (plan.cadence, plan.cadence_position, plan.proposal) == ("outbound", 4, None)


def test_overdue_and_answer_order_compare_instants_not_wall_clocks() -> None:
    # 2026-10-25 in Berlin: 02:30 happens twice; fold=1 is the later instant.
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)
    second = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN)
    between = datetime(2026, 10, 25, 2, 45, tzinfo=BERLIN)  # first pass, before `second`
    assert is_overdue(follow_up(first), between)
    assert not is_overdue(follow_up(second), between)
    assert follow_up(first, snoozed_until=second).effective_due is second


@pytest.mark.parametrize("closed", [Stage.WON, Stage.LOST])
def test_a_closed_prospect_gets_no_proposal(closed: Stage, clock: FixedClock) -> None:
    leftover = follow_up(clock.now(), id=5)
    reply = touch(clock.now(), Channel.EMAIL, Outcome.REPLIED, Direction.IN)
    plan = plan_touch(closed, "inbound", 3, [leftover], reply)
    assert plan == TouchPlan(
        completes=leftover, stage=closed, cadence="inbound", cadence_position=3, proposal=None
    )


def test_an_unknown_cadence_on_an_open_prospect_is_a_domain_error(clock: FixedClock) -> None:
    with pytest.raises(DomainError, match=re.escape("There is no cadence called 'gone'.")):
        plan_touch(Stage.CONTACTED, "gone", 0, [], touch(clock.now()))


def test_custom_cadences_and_follow_up_time_are_used(clock: FixedClock) -> None:
    weekly = Cadence(
        key="weekly",
        name="Weekly",
        description="Every week",
        steps=(CadenceStep(7, Channel.TEXT, "Text them"),),
        then_every_days=7,
        widening=1.0,
        max_interval_days=7,
        then_channels=(Channel.CALL,),
        then_purpose="Call them",
    )
    plan = plan_touch(
        Stage.CONTACTED,
        "weekly",
        0,
        [],
        touch(clock.now()),
        cadences={"weekly": weekly},
        follow_up_time=time(16, 45),
    )
    assert plan.proposal == Proposal(
        berlin(2026, 12, 2, 16, 45), Channel.TEXT, "Text them", "weekly", 1
    )


def test_an_inbound_prospect_is_followed_up_until_a_yes_or_a_no(clock: FixedClock) -> None:
    """The seller does each follow-up when it is due; nobody answers."""
    stage, cadence, position = Stage.NEW, "inbound", 1
    pending = [follow_up(berlin(2026, 11, 25, 11), id=1)]
    at = berlin(2026, 11, 25, 11)
    seen: list[tuple[str, str, Channel, timedelta | None]] = []
    stages: list[Stage] = []
    for n in range(2, 11):
        plan = plan_touch(stage, cadence, position, pending, touch(at, outcome=Outcome.NO_ANSWER))
        assert plan.completes == pending[0]
        assert plan.proposal is not None
        due = plan.proposal.due_at
        seen.append(
            (due.date().isoformat(), due.strftime("%H:%M"), plan.proposal.channel, due.utcoffset())
        )
        stages.append(plan.stage)
        stage, cadence, position = plan.stage, plan.cadence, plan.cadence_position
        pending = [follow_up(due, id=n)]
        at = due
    winter, summer = timedelta(hours=1), timedelta(hours=2)
    assert seen == [
        ("2026-11-26", "09:00", Channel.CALL, winter),  # the next day
        ("2026-11-30", "09:00", Channel.EMAIL, winter),  # +3 days was a Sunday
        ("2026-12-07", "09:00", Channel.CALL, winter),  # +7
        ("2026-12-21", "09:00", Channel.EMAIL, winter),  # +14: the tail begins
        ("2027-01-11", "09:00", Channel.SOCIAL, winter),  # +21
        ("2027-02-12", "09:00", Channel.CALL, winter),  # +32
        ("2027-03-31", "09:00", Channel.ARTICLE, summer),  # +47, after the clock change
        ("2027-05-31", "09:00", Channel.EMAIL, summer),  # +60 (ceiling) was a Sunday
        ("2027-07-30", "09:00", Channel.SOCIAL, summer),  # +60
    ]
    assert stages == [Stage.CONTACTED] * 9
    assert (cadence, position) == ("inbound", 10)


def test_a_touch_logged_late_plans_from_now(clock: FixedClock) -> None:
    last_month = touch(clock.now() - timedelta(days=30), Channel.EMAIL, Outcome.SENT)
    plan = plan_touch(Stage.CONTACTED, "outbound", 1, [], last_month, not_before=clock.now())
    assert plan.proposal is not None
    # The outbound plan's step 1 is 3 days on: counted from now, not from a month ago.
    assert plan.proposal.due_at == berlin(2026, 11, 30, 9)
    recent = touch(clock.now() - timedelta(hours=1), Channel.EMAIL, Outcome.SENT)
    plan = plan_touch(Stage.CONTACTED, "outbound", 1, [], recent, not_before=clock.now())
    assert plan.proposal is not None
    assert plan.proposal.due_at == berlin(2026, 11, 30, 9)


# -- the revive list -----------------------------------------------------------
def test_revive_list_holds_cold_prospects_and_lost_for_timing() -> None:
    from followup_desktop.domain.rules import RevivePolicy, is_revive_candidate

    now = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    policy = RevivePolicy(silent_days=30, lost_months=6)
    cold = now - timedelta(days=31)
    warm = now - timedelta(days=29)
    # Open, one or two touches, silent more than 30 days.
    assert is_revive_candidate(Stage.CONTACTED, 2, cold, "", None, now, policy)
    assert not is_revive_candidate(Stage.CONTACTED, 3, cold, "", None, now, policy)
    assert not is_revive_candidate(Stage.CONTACTED, 1, warm, "", None, now, policy)
    assert not is_revive_candidate(Stage.NEW, 0, None, "", None, now, policy)
    # A follow-up planned ahead: not dropped, off the list.
    assert not is_revive_candidate(
        Stage.CONTACTED, 2, cold, "", None, now, policy, planned_ahead=True
    )
    assert not is_revive_candidate(Stage.WON, 1, cold, "", cold, now, policy)
    # Lost for timing, more than six months ago.
    lost_long_ago = datetime(2026, 5, 24, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    lost_lately = datetime(2026, 5, 26, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    timing = "Timing: revisit after the merger"
    assert is_revive_candidate(Stage.LOST, 9, cold, timing, lost_long_ago, now, policy)
    assert not is_revive_candidate(Stage.LOST, 9, cold, timing, lost_lately, now, policy)
    assert not is_revive_candidate(Stage.LOST, 1, cold, "No budget", lost_long_ago, now, policy)
    assert not is_revive_candidate(Stage.LOST, 1, cold, timing, None, now, policy)
    # The thresholds are the user's; the defaults are 30 days and 6 months.
    assert RevivePolicy() == RevivePolicy(30, 6, 2)
    assert is_revive_candidate(Stage.CONTACTED, 1, warm, "", None, now, RevivePolicy(20))
    assert is_revive_candidate(Stage.LOST, 1, cold, timing, lost_long_ago, now)
    assert policy.cold_before(now) == now - timedelta(days=30)
    assert policy.lost_before(now) == datetime(2026, 5, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
