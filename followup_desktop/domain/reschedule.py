"""Where a reschedule starts, and the times offered beside it: always ahead of now."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from followup_desktop.domain.cadence import DEFAULT_FOLLOW_UP_TIME, next_business_day
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.wallclock import at_local
from followup_desktop.i18n import _


def _morning(now: datetime, days: int, follow_up_time: time) -> datetime:
    if now.tzinfo is None:
        raise DomainError(_("A time without a zone is ambiguous"))
    return at_local(now.date() + timedelta(days=days), follow_up_time, now.tzinfo)


def next_working_morning(now: datetime, follow_up_time: time = DEFAULT_FOLLOW_UP_TIME) -> datetime:
    """The first weekday at ``follow_up_time`` after ``now`` (today's, when still ahead)."""
    today = _morning(now, 0, follow_up_time)
    if today > now and today.weekday() < 5:
        return today
    return next_business_day(_morning(now, 1, follow_up_time))


def reschedule_start(
    due_at: datetime, now: datetime, follow_up_time: time = DEFAULT_FOLLOW_UP_TIME
) -> datetime:
    """The time a reschedule offers first: the follow-up's own when it is still ahead,
    else (overdue) the next working morning, never a time already past."""
    if due_at > now:
        return due_at.astimezone(now.tzinfo)
    return next_working_morning(now, follow_up_time)


def reschedule_presets(
    now: datetime, follow_up_time: time = DEFAULT_FOLLOW_UP_TIME
) -> list[tuple[str, datetime]]:
    """One-click times: tomorrow, the Monday of next week and two weeks from today,
    each at ``follow_up_time`` (the last moved off a weekend)."""
    monday = 7 - now.weekday()
    clock = f"{follow_up_time.hour}:{follow_up_time.minute:02d}"
    return [
        (_("Tomorrow {time}").format(time=clock), _morning(now, 1, follow_up_time)),
        (_("Next week"), _morning(now, monday, follow_up_time)),
        (_("In 2 weeks"), next_business_day(_morning(now, 14, follow_up_time))),
    ]
