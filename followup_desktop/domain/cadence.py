"""Cadences: the plans that generate follow-ups until a Yes or a No.

A cadence is a list of steps, each so many days after the touch before it,
then an open-ended tail whose interval widens step by step up to a ceiling:
a prospect on a cadence always has a next step while it is open.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, Outcome, Source, Touch
from followup_desktop.domain.wallclock import at_local
from followup_desktop.i18n import N_, _

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
    # How many touches the plan counts ("touch 3 of a 7-touch plan"): its steps,
    # then steps of the tail; the tail goes on past it until a Yes or a No.
    touches: int = 0

    @property
    def plan_length(self) -> int:
        return max(self.touches, len(self.steps))

    def step(self, position: int) -> CadenceStep:
        """The step at ``position`` (0-based); past the list, the widening tail."""
        if position < 0:
            raise DomainError(_("A cadence position cannot be negative"))
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
    advice: str = ""  # why this channel (next-channel advice), when it was advised


INBOUND = Cadence(
    key="inbound",
    name=N_("Inbound inquiry"),
    description=N_("Answer the same day, follow up the next day, then at widening intervals."),
    steps=(
        CadenceStep(0, Channel.EMAIL, N_("Answer their inquiry today")),
        CadenceStep(1, Channel.CALL, N_("Follow up on your answer")),
        CadenceStep(3, Channel.EMAIL, N_("Check they have what they need")),
        CadenceStep(7, Channel.CALL, N_("Ask about their next step")),
    ),
    then_every_days=14,
    widening=1.5,
    max_interval_days=60,
    then_channels=(Channel.EMAIL, Channel.SOCIAL, Channel.CALL, Channel.ARTICLE),
    then_purpose=N_("Keep in touch: add something of value"),
    touches=7,
)

INFORMATION = Cadence(
    key="information",
    name=N_("After sending information"),
    description=N_("Follow up three weeks after sending information or a proposal."),
    steps=(
        CadenceStep(21, Channel.EMAIL, N_("Follow up on what you sent")),
        CadenceStep(14, Channel.CALL, N_("Ask what they think of it")),
    ),
    then_every_days=21,
    widening=1.25,
    max_interval_days=90,
    then_channels=(Channel.CALL, Channel.EMAIL, Channel.ARTICLE, Channel.OPINION),
    then_purpose=N_("Check in on their decision"),
    touches=5,
)

MEETING = Cadence(
    key="meeting",
    name=N_("After a meeting"),
    description=N_("A thank-you note first, then follow-ups."),
    steps=(
        CadenceStep(1, Channel.NOTE, N_("Send a handwritten thank-you note")),
        CadenceStep(7, Channel.EMAIL, N_("Follow up on the meeting")),
        CadenceStep(14, Channel.CALL, N_("Agree the next step")),
    ),
    then_every_days=21,
    widening=1.5,
    max_interval_days=60,
    then_channels=(Channel.EMAIL, Channel.CALL, Channel.EVENT, Channel.INTRODUCTION),
    then_purpose=N_("Keep the conversation going"),
    touches=6,
)

REVIVE = Cadence(
    key="revive",
    name=N_("Revive a cold lead"),
    description=N_("Reach back out, then again about two weeks later."),
    steps=(
        CadenceStep(0, Channel.EMAIL, N_("Reach back out")),
        CadenceStep(14, Channel.CALL, N_("Reach out again")),
    ),
    then_every_days=30,
    widening=1.5,
    max_interval_days=90,
    then_channels=(Channel.ARTICLE, Channel.EMAIL, Channel.SOCIAL),
    then_purpose=N_("Share something useful"),
    touches=4,
)

OUTBOUND = Cadence(
    key="outbound",
    name=N_("Outbound prospecting"),
    description=N_("A first contact, then a varied follow-up every few days, widening."),
    steps=(
        CadenceStep(0, Channel.EMAIL, N_("Introduce yourself")),
        CadenceStep(3, Channel.CALL, N_("Follow up on your introduction")),
        CadenceStep(7, Channel.SOCIAL, N_("Connect and engage with their posts")),
        CadenceStep(7, Channel.EMAIL, N_("Share something they would value")),
    ),
    then_every_days=14,
    widening=1.5,
    max_interval_days=60,
    then_channels=(Channel.CALL, Channel.ARTICLE, Channel.EMAIL, Channel.EVENT),
    then_purpose=N_("Keep in touch: add something of value"),
    touches=7,
)

# The built-in plans as written, in English: their keys are stored with each
# prospect; their words are shown through ``localized`` (``built_in_cadences``).
BUILT_IN_CADENCES: dict[str, Cadence] = {
    c.key: c for c in (INBOUND, OUTBOUND, INFORMATION, MEETING, REVIVE)
}


def localized(cadence: Cadence) -> Cadence:
    """A built-in plan with its name, description and purposes in the user's language;
    a plan of the user's as it is (its words are the user's own)."""
    if not is_built_in(cadence.key):
        return cadence
    return replace(
        cadence,
        name=_(cadence.name),
        description=_(cadence.description),
        steps=tuple(replace(s, purpose=_(s.purpose)) for s in cadence.steps),
        then_purpose=_(cadence.then_purpose),
    )


def built_in_cadences() -> dict[str, Cadence]:
    """The built-in plans by key, in the user's language."""
    return {key: localized(c) for key, c in BUILT_IN_CADENCES.items()}


def builtin_purposes() -> tuple[str, ...]:
    """Every purpose the built-in plans give a follow-up, in English and in the user's
    language: a follow-up planned before the language changed keeps its words."""
    purposes: list[str] = []
    for cadence in BUILT_IN_CADENCES.values():
        for purpose in (*(step.purpose for step in cadence.steps), cadence.then_purpose):
            purposes += [purpose, _(purpose)]
    return tuple(dict.fromkeys(purposes))


def cadence_for_source(source: Source) -> Cadence:
    """The plan a new prospect starts on."""
    return INBOUND if source is Source.INBOUND else OUTBOUND


def get_cadence(key: str, cadences: dict[str, Cadence] | None = None) -> Cadence:
    table = BUILT_IN_CADENCES if cadences is None else cadences
    try:
        return table[key]
    except KeyError:
        raise DomainError(_("There is no cadence called {key}.").format(key=repr(key))) from None


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
        raise DomainError(_("A time without a zone is ambiguous"))
    # A follow-up planned by a built-in plan gets its purpose in the user's language.
    step = localized(cadence).step(position)
    if step.days == 0:
        due = after + SAME_DAY_DELAY
    else:
        day = after.date() + timedelta(days=step.days)
        due = next_business_day(at_local(day, follow_up_time, after.tzinfo))
    return Proposal(due, step.channel, step.purpose, cadence.key, position + 1)


# -- where a prospect stands ----------------------------------------------
def plan_progress(cadence: Cadence, position: int) -> str:
    """Where a prospect stands on its plan, in words.

    ``position`` counts the steps scheduled so far, so the pending follow-up is
    touch ``position`` of the plan.
    """
    length = cadence.plan_length
    if position <= 0:
        return _("not started: a {length}-touch plan").format(length=length)
    if position <= length:
        return _("touch {position} of a {length}-touch plan").format(
            position=position, length=length
        )
    return _(
        "touch {position}: past the {length}-touch plan, keep going until a Yes or a No"
    ).format(position=position, length=length)


# -- plans the user defines -------------------------------------------------
MAX_STEP_DAYS = 365
MAX_PLAN_TOUCHES = 50
CUSTOM_PREFIX = "custom-"


def is_built_in(key: str) -> bool:
    return key in BUILT_IN_CADENCES


def new_cadence_key(name: str, taken: set[str]) -> str:
    """A key for a plan the user names: ``custom-`` and a slug, unique among ``taken``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "plan"
    key = CUSTOM_PREFIX + slug
    n = 2
    while key in taken or is_built_in(key):
        key = f"{CUSTOM_PREFIX}{slug}-{n}"
        n += 1
    return key


def validate_cadence(cadence: Cadence) -> list[str]:
    """What is wrong with a plan, in words; empty when it can be saved."""
    problems: list[str] = []
    if not cadence.name.strip():
        problems.append(_("The plan needs a name."))
    if not cadence.steps:
        problems.append(_("The plan needs at least one step."))
    for n, step in enumerate(cadence.steps, start=1):
        if not 0 <= step.days <= MAX_STEP_DAYS:
            problems.append(
                _("Step {n}: the days after the touch before must be 0 to {most}.").format(
                    n=n, most=MAX_STEP_DAYS
                )
            )
        if n > 1 and step.days == 0 and cadence.steps[n - 2].days == 0:
            problems.append(_("Step {n}: only one step a day may be the same day.").format(n=n))
    if not 1 <= cadence.then_every_days <= MAX_STEP_DAYS:
        problems.append(
            _("After the steps, the interval must be 1 to {most} days.").format(most=MAX_STEP_DAYS)
        )
    if not 1.0 <= cadence.widening <= 3.0:
        problems.append(_("The widening must be between 1.0 (steady) and 3.0."))
    if cadence.max_interval_days < cadence.then_every_days:
        problems.append(
            _("The longest interval cannot be shorter than the first one after the steps.")
        )
    if not cadence.then_channels:
        problems.append(_("Choose at least one channel for the steps after the plan's own."))
    if not len(cadence.steps) <= cadence.plan_length <= MAX_PLAN_TOUCHES:
        problems.append(
            _("A plan counts its own steps and at most {most} touches.").format(
                most=MAX_PLAN_TOUCHES
            )
        )
    return problems


def cadence_to_dict(cadence: Cadence) -> dict[str, Any]:
    return {
        "key": cadence.key,
        "name": cadence.name,
        "description": cadence.description,
        "steps": [
            {"days": s.days, "channel": s.channel.value, "purpose": s.purpose}
            for s in cadence.steps
        ],
        "then_every_days": cadence.then_every_days,
        "widening": cadence.widening,
        "max_interval_days": cadence.max_interval_days,
        "then_channels": [c.value for c in cadence.then_channels],
        "then_purpose": cadence.then_purpose,
        "touches": cadence.plan_length,
    }


def cadence_from_dict(data: Any) -> Cadence:
    """A plan as saved by :func:`cadence_to_dict`; DomainError when it is not one."""
    try:
        cadence = Cadence(
            key=str(data["key"]),
            name=str(data["name"]),
            description=str(data.get("description", "")),
            steps=tuple(
                CadenceStep(int(s["days"]), Channel(s["channel"]), str(s.get("purpose", "")))
                for s in data["steps"]
            ),
            then_every_days=int(data["then_every_days"]),
            widening=float(data["widening"]),
            max_interval_days=int(data["max_interval_days"]),
            then_channels=tuple(Channel(c) for c in data["then_channels"]),
            then_purpose=str(data.get("then_purpose", "")),
            touches=int(data.get("touches", 0)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DomainError(
            _("A saved plan could not be read ({error}).").format(error=exc)
        ) from None
    problems = validate_cadence(cadence)
    if problems:
        raise DomainError(
            _("The saved plan {name} is not valid: {problem}").format(
                name=repr(cadence.name), problem=problems[0]
            )
        )
    return cadence


# -- scaling with the deal's value --------------------------------------------
@dataclass(frozen=True)
class DealScaling:
    """Bigger deals, tighter follow-up (DOMAIN.md rule 2), within the user's bounds.

    A deal worth ``small_value`` or less has its intervals multiplied by
    ``small_factor`` (more than 1: wider apart); one worth ``large_value`` or
    more by ``large_factor`` (less than 1: closer together). In between, the
    factor moves in proportion to the value's logarithm, so that doubling a
    deal tightens its plan by the same step whether it is small or large. A
    prospect without a deal value follows the plan as written (factor 1).
    """

    enabled: bool = True
    small_value: Decimal = Decimal(1000)
    small_factor: float = 1.25
    large_value: Decimal = Decimal(20000)
    large_factor: float = 0.6

    def problems(self) -> list[str]:
        found: list[str] = []
        values = (self.small_value, self.large_value)
        factors = (self.small_factor, self.large_factor)
        if not all(v.is_finite() for v in values) or not all(map(math.isfinite, factors)):
            return [_("Deal values and factors must be plain numbers.")]
        if not 0 < self.small_value < self.large_value:
            found.append(_("The small deal's value must be above 0 and below the large deal's."))
        if not 0.25 <= self.large_factor <= 1.0:
            found.append(_("Large deals can be followed up 0.25 to 1 times as far apart."))
        if not 1.0 <= self.small_factor <= 4.0:
            found.append(_("Small deals can be followed up 1 to 4 times as far apart."))
        return found

    def factor(self, deal_value: Decimal | None) -> float:
        if not self.enabled or deal_value is None or deal_value <= 0:
            return 1.0
        if deal_value <= self.small_value:
            return self.small_factor
        if deal_value >= self.large_value:
            return self.large_factor
        span = math.log(self.large_value) - math.log(self.small_value)
        share = (math.log(deal_value) - math.log(self.small_value)) / span
        return round(self.small_factor + (self.large_factor - self.small_factor) * share, 3)

    def to_dict(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "small_value": str(self.small_value),
            "small_factor": self.small_factor,
            "large_value": str(self.large_value),
            "large_factor": self.large_factor,
        }

    @classmethod
    def from_dict(cls, data: Any) -> DealScaling:
        """Saved bounds; the defaults when they cannot be read or are out of bounds."""
        try:
            scaling = cls(
                enabled=bool(data["enabled"]),
                small_value=Decimal(str(data["small_value"])),
                small_factor=float(data["small_factor"]),
                large_value=Decimal(str(data["large_value"])),
                large_factor=float(data["large_factor"]),
            )
        except (KeyError, TypeError, ValueError, ArithmeticError):
            return cls()
        return cls() if scaling.problems() else scaling


def scale_days(days: int, factor: float) -> int:
    """An interval scaled: a same-day step stays the same day, others last a day at least."""
    if days == 0:
        return 0
    return max(1, round(days * factor))


def scale_cadence(cadence: Cadence, factor: float) -> Cadence:
    """The plan with its intervals multiplied by ``factor``."""
    if factor == 1.0:
        return cadence
    return replace(
        cadence,
        steps=tuple(replace(s, days=scale_days(s.days, factor)) for s in cadence.steps),
        then_every_days=scale_days(cadence.then_every_days, factor),
        max_interval_days=scale_days(cadence.max_interval_days, factor),
    )
