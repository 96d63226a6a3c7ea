"""Cadences: plans that always have a next step, on business days, at 09:00 local."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.cadence import (
    BUILT_IN_CADENCES,
    DEFAULT_FOLLOW_UP_TIME,
    INBOUND,
    INFORMATION,
    MEETING,
    OUTBOUND,
    REVIVE,
    Cadence,
    CadenceStep,
    Proposal,
    cadence_after_touch,
    cadence_for_source,
    get_cadence,
    next_business_day,
    propose,
)
from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, Direction, Outcome, Source, Touch

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
ONE_HOUR = timedelta(hours=1)
TWO_HOURS = timedelta(hours=2)


def berlin(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


def wall(moment: datetime) -> tuple[str, str, timedelta | None]:
    """Local date, local time and UTC offset: what the user sees, and which offset."""
    return moment.date().isoformat(), moment.strftime("%H:%M"), moment.utcoffset()


# -- the built-in plans ----------------------------------------------------


def test_built_in_cadences_are_found_by_their_keys() -> None:
    assert BUILT_IN_CADENCES == {
        "inbound": INBOUND,
        "outbound": OUTBOUND,
        "information": INFORMATION,
        "meeting": MEETING,
        "revive": REVIVE,
    }


def test_inbound_answers_the_same_day_then_follows_up_the_next_day() -> None:
    assert INBOUND.step(0) == CadenceStep(0, Channel.EMAIL, "Answer their inquiry today")
    assert INBOUND.step(1) == CadenceStep(1, Channel.CALL, "Follow up on your answer")


def test_after_a_meeting_the_first_step_is_a_handwritten_note() -> None:
    assert MEETING.step(0) == CadenceStep(1, Channel.NOTE, "Send a handwritten thank-you note")


def test_after_sending_information_follow_up_three_weeks_later() -> None:
    assert INFORMATION.step(0) == CadenceStep(21, Channel.EMAIL, "Follow up on what you sent")


def test_reviving_reaches_out_now_and_again_two_weeks_later() -> None:
    assert [REVIVE.step(i).days for i in (0, 1)] == [0, 14]


def test_inbound_tail_widens_up_to_the_ceiling_and_rotates_channels() -> None:
    tail = [INBOUND.step(len(INBOUND.steps) + k) for k in range(6)]
    # 14, 14*1.5=21, 31.5 -> 32, 47.25 -> 47, 70.9 -> capped at 60, 60
    assert [s.days for s in tail] == [14, 21, 32, 47, 60, 60]
    assert [s.channel for s in tail] == [
        Channel.EMAIL,
        Channel.SOCIAL,
        Channel.CALL,
        Channel.ARTICLE,
        Channel.EMAIL,
        Channel.SOCIAL,
    ]
    assert {s.purpose for s in tail} == {"Keep in touch: add something of value"}


def test_information_tail_widens_more_slowly_to_a_higher_ceiling() -> None:
    tail = [INFORMATION.step(2 + k).days for k in range(9)]
    assert tail == [21, 26, 33, 41, 51, 64, 80, 90, 90]


@pytest.mark.parametrize("cadence", list(BUILT_IN_CADENCES.values()), ids=lambda c: c.key)
def test_every_cadence_always_has_a_next_step_that_never_exceeds_its_ceiling(
    cadence: Cadence,
) -> None:
    steps = [cadence.step(i) for i in range(200)]
    tail = steps[len(cadence.steps) :]
    assert all(0 < s.days <= cadence.max_interval_days for s in tail)
    assert tail[-1].days == cadence.max_interval_days
    assert all(s.days >= 0 for s in steps)
    # consecutive tail steps never use the same channel twice in a row
    assert all(a.channel is not b.channel for a, b in pairwise(tail))


def test_a_negative_position_is_refused() -> None:
    with pytest.raises(DomainError, match="cannot be negative"):
        INBOUND.step(-1)


@pytest.mark.parametrize(
    ("source", "expected"),
    [(Source.INBOUND, INBOUND), (Source.OUTBOUND, OUTBOUND), (Source.REFERRAL, OUTBOUND)],
)
def test_a_new_prospect_starts_on_the_plan_for_its_source(
    source: Source, expected: Cadence
) -> None:
    assert cadence_for_source(source) is expected


def test_get_cadence_looks_up_built_ins_by_default() -> None:
    assert get_cadence("meeting") is MEETING


def test_get_cadence_uses_the_given_table_instead_of_the_built_ins() -> None:
    custom = Cadence("weekly", "Weekly", "", (), 7, 1.0, 7, (Channel.CALL,), "Call")
    assert get_cadence("weekly", {"weekly": custom}) is custom
    with pytest.raises(DomainError, match=re.escape("There is no cadence called 'inbound'.")):
        get_cadence("inbound", {"weekly": custom})


@pytest.mark.parametrize("key", ["", "Inbound", "nope"])
def test_an_unknown_cadence_is_a_domain_error(key: str) -> None:
    with pytest.raises(DomainError, match=re.escape(f"There is no cadence called {key!r}.")):
        get_cadence(key)


# -- which plan a touch switches to ----------------------------------------


@pytest.mark.parametrize(
    ("channel", "outcome", "expected"),
    [
        (Channel.MEETING, Outcome.CONVERSATION, "meeting"),
        (Channel.MEETING, None, "meeting"),
        (Channel.MEETING, Outcome.PROPOSAL_SENT, "meeting"),
        (Channel.MEETING, Outcome.DECLINED, "inbound"),
        (Channel.EMAIL, Outcome.PROPOSAL_SENT, "information"),
        (Channel.CALL, Outcome.PROPOSAL_SENT, "information"),
        (Channel.EMAIL, Outcome.REPLIED, "inbound"),
        (Channel.CALL, Outcome.MEETING_BOOKED, "inbound"),
        (Channel.NOTE, None, "inbound"),
    ],
)
def test_cadence_after_touch(channel: Channel, outcome: Outcome | None, expected: str) -> None:
    touch = Touch(None, 1, berlin(2026, 11, 25, 10), channel, Direction.OUT, outcome)
    assert cadence_after_touch("inbound", touch) == expected


# -- weekends --------------------------------------------------------------


@pytest.mark.parametrize("day", [23, 24, 25, 26, 27])
def test_weekdays_are_business_days(day: int) -> None:
    moment = berlin(2026, 11, day, 9)
    assert next_business_day(moment) == moment


@pytest.mark.parametrize("day", [28, 29])
def test_weekend_rolls_over_to_monday_at_the_same_wall_clock_time(day: int) -> None:
    rolled = next_business_day(berlin(2026, 11, day, 10, 15))
    assert rolled == berlin(2026, 11, 30, 10, 15)
    assert rolled.weekday() == 0


def test_weekend_roll_over_the_autumn_clock_change_keeps_nine_oclock() -> None:
    rolled = next_business_day(berlin(2026, 10, 24, 9))  # Saturday, summer time
    assert wall(rolled) == ("2026-10-26", "09:00", ONE_HOUR)  # Monday, winter time


# -- proposing the next follow-up ------------------------------------------


def test_inbound_first_step_is_due_an_hour_later_the_same_day(clock: FixedClock) -> None:
    proposal = propose(INBOUND, 0, clock.now())
    assert proposal == Proposal(
        due_at=berlin(2026, 11, 25, 11),
        channel=Channel.EMAIL,
        purpose="Answer their inquiry today",
        cadence="inbound",
        position_after=1,
    )


def test_inbound_second_step_is_the_next_day_at_nine(clock: FixedClock) -> None:
    proposal = propose(INBOUND, 1, clock.now())
    assert proposal == Proposal(
        berlin(2026, 11, 26, 9), Channel.CALL, "Follow up on your answer", "inbound", 2
    )


def test_a_step_falling_on_a_weekend_is_due_on_monday(clock: FixedClock) -> None:
    proposal = propose(INBOUND, 2, clock.now())  # Wednesday + 3 days = Saturday
    assert proposal.due_at == berlin(2026, 11, 30, 9)
    assert proposal.channel is Channel.EMAIL


def test_the_users_follow_up_time_is_used(clock: FixedClock) -> None:
    proposal = propose(MEETING, 0, clock.now(), time(14, 30))
    assert proposal.due_at == berlin(2026, 11, 26, 14, 30)
    assert proposal.channel is Channel.NOTE


def test_default_follow_up_time_is_nine_in_the_morning() -> None:
    assert time(9, 0) == DEFAULT_FOLLOW_UP_TIME


def test_information_follow_up_is_three_weeks_later(clock: FixedClock) -> None:
    proposal = propose(INFORMATION, 0, clock.now())
    assert proposal == Proposal(
        berlin(2026, 12, 16, 9), Channel.EMAIL, "Follow up on what you sent", "information", 1
    )


def test_tail_proposals_continue_past_the_listed_steps(clock: FixedClock) -> None:
    proposal = propose(OUTBOUND, 8, clock.now())  # 5th tail step: 60-day ceiling
    assert proposal == Proposal(
        berlin(2027, 1, 25, 9),
        Channel.CALL,
        "Keep in touch: add something of value",
        "outbound",
        9,
    )


def test_follow_up_stays_at_nine_local_across_the_berlin_clock_change() -> None:
    # Thursday in summer time + 3 days = Sunday 25 Oct (the change) -> Monday, winter time
    proposal = propose(INBOUND, 2, berlin(2026, 10, 22, 16))
    assert wall(proposal.due_at) == ("2026-10-26", "09:00", ONE_HOUR)


def test_follow_up_stays_at_nine_local_across_the_new_york_clock_change() -> None:
    after = datetime(2027, 3, 12, 16, 0, tzinfo=NEW_YORK)  # Friday, standard time
    proposal = propose(INBOUND, 3, after)  # + 7 days: Friday 19 March, daylight time
    assert wall(proposal.due_at) == ("2027-03-19", "09:00", -timedelta(hours=4))
    assert wall(after) == ("2027-03-12", "16:00", -timedelta(hours=5))


def test_summer_follow_up_is_at_nine_summer_time() -> None:
    proposal = propose(INBOUND, 1, berlin(2026, 7, 1, 10))
    assert wall(proposal.due_at) == ("2026-07-02", "09:00", TWO_HOURS)


def test_proposing_from_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(DomainError, match="A time without a zone is ambiguous"):
        propose(INBOUND, 0, datetime(2026, 11, 25, 10, 0))
