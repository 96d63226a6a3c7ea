"""Cadences: the plans that generate follow-ups until a Yes or a No.

A cadence is a list of steps, each so many days after the touch before it,
then an open-ended tail whose interval widens step by step up to a ceiling:
a prospect on a cadence always has a next step while it is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, Outcome, Source, Touch
from followup_desktop.domain.wallclock import at_local

DEFAULT_FOLLOW_UP_TIME = time(9, 0)
SAME_DAY_DELAY = timedelta(hours=1)


@dataclass(frozen=True)
class CadenceStep:
    days: int  # calendar days after the previous touch; 0 means the same day
    channel: Channel
    purpose: str


@dataclass(frozen=True)
class Cadence:
    key: str
    name: str
    description: str
    steps: tuple[CadenceStep, ...]
    then_every_days: int
    widening: float
    max_interval_days: int
    then_channels: tuple[Channel, ...]
    then_purpose: str

    def step(self, position: int) -> CadenceStep:
        """The step at ``position`` (0-based); past the list, the widening tail."""
        if position < 0:
            raise DomainError("A cadence position cannot be negative")
        if position < len(self.steps):
            return self.steps[position]
        k = position - len(self.steps)
        days = min(self.max_interval_days, round(self.then_every_days * self.widening**k))
        channel = self.then_channels[k % len(self.then_channels)]
        return CadenceStep(days, channel, self.then_purpose)


@dataclass(frozen=True)
class Proposal:
    """A proposed next follow-up."""

    due_at: datetime
    channel: Channel
    purpose: str
    cadence: str
    position_after: int  # the cadence position once this step is scheduled


INBOUND = Cadence(
    key="inbound",
    name="Inbound inquiry",
    description="Answer the same day, follow up the next day, then at widening intervals.",
    steps=(
        CadenceStep(0, Channel.EMAIL, "Answer their inquiry today"),
        CadenceStep(1, Channel.CALL, "Follow up on your answer"),
        CadenceStep(3, Channel.EMAIL, "Check they have what they need"),
        CadenceStep(7, Channel.CALL, "Ask about their next step"),
    ),
    then_every_days=14,
    widening=1.5,
    max_interval_days=60,
    then_channels=(Channel.EMAIL, Channel.SOCIAL, Channel.CALL, Channel.ARTICLE),
    then_purpose="Keep in touch: add something of value",
)

INFORMATION = Cadence(
    key="information",
    name="After sending information",
    description="Follow up three weeks after sending information or a proposal.",
    steps=(
        CadenceStep(21, Channel.EMAIL, "Follow up on what you sent"),
        CadenceStep(14, Channel.CALL, "Ask what they think of it"),
    ),
    then_every_days=21,
    widening=1.25,
    max_interval_days=90,
    then_channels=(Channel.CALL, Channel.EMAIL, Channel.ARTICLE, Channel.OPINION),
    then_purpose="Check in on their decision",
)

MEETING = Cadence(
    key="meeting",
    name="After a meeting",
    description="A thank-you note first, then follow-ups.",
    steps=(
        CadenceStep(1, Channel.NOTE, "Send a handwritten thank-you note"),
        CadenceStep(7, Channel.EMAIL, "Follow up on the meeting"),
        CadenceStep(14, Channel.CALL, "Agree the next step"),
    ),
    then_every_days=21,
    widening=1.5,
    max_interval_days=60,
    then_channels=(Channel.EMAIL, Channel.CALL, Channel.EVENT, Channel.INTRODUCTION),
    then_purpose="Keep the conversation going",
)

REVIVE = Cadence(
    key="revive",
    name="Revive a cold lead",
    description="Reach back out, then again about two weeks later.",
    steps=(
        CadenceStep(0, Channel.EMAIL, "Reach back out"),
        CadenceStep(14, Channel.CALL, "Reach out again"),
    ),
    then_every_days=30,
    widening=1.5,
    max_interval_days=90,
    then_channels=(Channel.ARTICLE, Channel.EMAIL, Channel.SOCIAL),
    then_purpose="Share something useful",
)

OUTBOUND = Cadence(
    key="outbound",
    name="Outbound prospecting",
    description="A first contact, then a varied follow-up every few days, widening.",
    steps=(
        CadenceStep(0, Channel.EMAIL, "Introduce yourself"),
        CadenceStep(3, Channel.CALL, "Follow up on your introduction"),
        CadenceStep(7, Channel.SOCIAL, "Connect and engage with their posts"),
        CadenceStep(7, Channel.EMAIL, "Share something they would value"),
    ),
    then_every_days=14,
    widening=1.5,
    max_interval_days=60,
    then_channels=(Channel.CALL, Channel.ARTICLE, Channel.EMAIL, Channel.EVENT),
    then_purpose="Keep in touch: add something of value",
)

BUILT_IN_CADENCES: dict[str, Cadence] = {
    c.key: c for c in (INBOUND, OUTBOUND, INFORMATION, MEETING, REVIVE)
}


def cadence_for_source(source: Source) -> Cadence:
    """The plan a new prospect starts on."""
    return INBOUND if source is Source.INBOUND else OUTBOUND


def get_cadence(key: str, cadences: dict[str, Cadence] | None = None) -> Cadence:
    table = BUILT_IN_CADENCES if cadences is None else cadences
    try:
        return table[key]
    except KeyError:
        raise DomainError(f"There is no cadence called {key!r}.") from None


def starts_cadence(touch: Touch) -> str | None:
    """The plan a touch starts afresh, if any.

    A meeting starts the after-meeting plan (a thank-you note first); sending a
    proposal starts the after-information plan.
    """
    if touch.channel is Channel.MEETING and touch.outcome is not Outcome.DECLINED:
        return MEETING.key
    if touch.outcome is Outcome.PROPOSAL_SENT:
        return INFORMATION.key
    return None


def cadence_after_touch(current: str, touch: Touch) -> str:
    """The cadence a touch switches the prospect to (one cadence at a time)."""
    return starts_cadence(touch) or current


def next_business_day(moment: datetime) -> datetime:
    """Saturday and Sunday roll over to Monday, keeping the wall-clock time."""
    weekday = moment.weekday()
    if weekday < 5:
        return moment
    day = moment.date() + timedelta(days=7 - weekday)
    assert moment.tzinfo is not None
    return at_local(day, moment.timetz(), moment.tzinfo)


def propose(
    cadence: Cadence,
    position: int,
    after: datetime,
    follow_up_time: time = DEFAULT_FOLLOW_UP_TIME,
) -> Proposal:
    """The follow-up at ``position`` in ``cadence``, counted from ``after``.

    Same-day steps are due an hour after ``after``; later ones on a business
    day at ``follow_up_time``, the local wall-clock time.
    """
    if after.tzinfo is None:
        raise DomainError("A time without a zone is ambiguous")
    step = cadence.step(position)
    if step.days == 0:
        due = after + SAME_DAY_DELAY
    else:
        day = after.date() + timedelta(days=step.days)
        due = next_business_day(at_local(day, follow_up_time, after.tzinfo))
    return Proposal(due, step.channel, step.purpose, cadence.key, position + 1)
