"""Reading a moment the way a user types it: ISO 8601 or a few plain words."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from followup_desktop.domain.cadence import DEFAULT_FOLLOW_UP_TIME
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.wallclock import at_local

_RELATIVE = re.compile(
    r"^(?:in\s+|\+)(\d+)\s*(m|min|minutes?|h|hours?|d|days?|w|weeks?)$", re.IGNORECASE
)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# Moments further than this from today are typing mistakes, not plans.
PLAUSIBLE_YEARS = 50
END_OF_DAY = time(23, 59, 59)

HELP = (
    "a date or time such as 2026-12-01, 2026-12-01T14:30, 2026-12-01 14:30+01:00, "
    "now, today, tomorrow, +3d, +2h, +30m or 'in 2 weeks'"
)


def parse_when(
    text: str,
    now: datetime,
    default_time: time = DEFAULT_FOLLOW_UP_TIME,
    *,
    end_of_day: bool = False,
) -> datetime:
    """An aware datetime for ``text``, read relative to ``now`` and in its zone.

    A bare date (or today, tomorrow) means that day at ``default_time``, or at
    its end with ``end_of_day`` (for "until"); "today" at a time already past
    means now. A time without an offset is a local wall-clock time. Moments
    more than 50 years from ``now`` are refused as typing mistakes.
    """
    tz = now.tzinfo
    if tz is None:
        raise DomainError("A time without a zone is ambiguous")
    word = text.strip().lower()
    clock_time = END_OF_DAY if end_of_day else default_time
    try:
        if word == "now":
            result = now
        elif word in ("today", "tomorrow"):
            day = now.date() + timedelta(days=1 if word == "tomorrow" else 0)
            result = max(at_local(day, clock_time, tz), now)
        elif match := _RELATIVE.match(word):
            amount, unit = int(match.group(1)), match.group(2)[0].lower()
            delta = timedelta(**{_UNITS[unit]: amount})
            if unit in "dw":
                result = at_local(now.date() + delta, now.time(), tz)
            else:  # elapsed time, daylight saving or not
                result = (now.astimezone(UTC) + delta).astimezone(tz)
            # "In 2 weeks" is a plan, not a stopwatch: on the minute.
            result = result.replace(second=0)
        elif re.fullmatch(r"[\d\-W]+", word, re.IGNORECASE):  # a date alone, any ISO form
            result = at_local(date.fromisoformat(word.upper()), clock_time, tz)
        else:
            parsed = datetime.fromisoformat(text.strip())
            if parsed.tzinfo is None:
                result = at_local(parsed.date(), parsed.time(), tz)
            else:
                result = parsed.astimezone(tz)
    except (ValueError, OverflowError):
        raise DomainError(f"Cannot read {text!r} as a time; use {HELP}.") from None
    if abs(result.year - now.year) > PLAUSIBLE_YEARS:
        raise DomainError(f"{text!r} is more than {PLAUSIBLE_YEARS} years from today.")
    return result.replace(microsecond=0)
