"""Reading a moment the way a user types it: ISO 8601 or a few plain words."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from followup_desktop.domain.cadence import DEFAULT_FOLLOW_UP_TIME
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.wallclock import at_local, local_time_note

# Ahead: "+3d", "in 2 weeks"; back: "-3d", "3 days ago" (one sign or the other).
_RELATIVE = re.compile(r"(in\s+|\+|-)?(\d+)\s*(m|min|minutes?|h|hours?|d|days?|w|weeks?)(\s+ago)?")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# Moments further than this from today are typing mistakes, not plans.
PLAUSIBLE_YEARS = 50
END_OF_DAY = time(23, 59, 59)

HELP = (
    "a date or time such as 2026-12-01, 2026-12-01T14:30, 2026-12-01 14:30+01:00, "
    "now, today, tomorrow, +3d, +2h, +30m, 'in 2 weeks', -3d, -2h, -30m or '3 days ago'"
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
    return read_when(text, now, default_time, end_of_day=end_of_day)[0]


def read_when(
    text: str,
    now: datetime,
    default_time: time = DEFAULT_FOLLOW_UP_TIME,
    *,
    end_of_day: bool = False,
) -> tuple[datetime, str]:
    """:func:`parse_when`'s moment, and a note in words when the wall-clock time
    read is one a clock change skips or shows twice: which moment was taken
    ("" for any other time)."""
    tz = now.tzinfo
    if tz is None:
        raise DomainError("A time without a zone is ambiguous")
    word = text.strip().lower()
    clock_time = END_OF_DAY if end_of_day else default_time
    wall: tuple[date, time] | None = None  # the local day and time read, if one was
    try:
        if word == "now":
            result = now
        elif word in ("today", "tomorrow"):
            day = now.date() + timedelta(days=1 if word == "tomorrow" else 0)
            planned = at_local(day, clock_time, tz)
            result = max(planned, now)
            wall = (day, clock_time) if result is planned else None
        elif (match := _RELATIVE.fullmatch(word)) and (match[1] is None) != (match[4] is None):
            sign, amount, unit, ago = match.groups()
            unit = unit[0]
            step = timedelta(**{_UNITS[unit]: int(amount)})
            delta = -step if sign == "-" or ago else step
            if unit in "dw":
                wall = (now.date() + delta, now.time())
                result = at_local(*wall, tz)
            else:  # elapsed time, daylight saving or not
                result = (now.astimezone(UTC) + delta).astimezone(tz)
            # "In 2 weeks" is a plan, not a stopwatch: on the minute.
            result = result.replace(second=0)
        elif re.fullmatch(r"[\d\-W]+", word, re.IGNORECASE):  # a date alone, any ISO form
            wall = (date.fromisoformat(word.upper()), clock_time)
            result = at_local(*wall, tz)
        else:
            parsed = datetime.fromisoformat(text.strip())
            if parsed.tzinfo is None:
                wall = (parsed.date(), parsed.time())
                result = at_local(*wall, tz)
            else:
                result = parsed.astimezone(tz)
    except (ValueError, OverflowError):
        raise DomainError(f"Cannot read {text!r} as a time; use {HELP}.") from None
    if abs(result.year - now.year) > PLAUSIBLE_YEARS:
        raise DomainError(f"{text!r} is more than {PLAUSIBLE_YEARS} years from today.")
    note = local_time_note(*wall, tz) if wall is not None else ""
    return result.replace(microsecond=0), note
