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

HELP = (
    "a date or time such as 2026-12-01, 2026-12-01T14:30, 2026-12-01 14:30+01:00, "
    "now, today, tomorrow, +3d, +2h, +30m or 'in 2 weeks'"
)


def parse_when(text: str, now: datetime, default_time: time = DEFAULT_FOLLOW_UP_TIME) -> datetime:
    """An aware datetime for ``text``, read relative to ``now`` and in its zone.

    A bare date means that day at ``default_time``; a time without an offset
    is a local wall-clock time.
    """
    tz = now.tzinfo
    if tz is None:
        raise DomainError("A time without a zone is ambiguous")
    word = text.strip().lower()
    if word == "now":
        return now
    if word in ("today", "tomorrow"):
        day = now.date() + timedelta(days=1 if word == "tomorrow" else 0)
        return at_local(day, default_time, tz)
    match = _RELATIVE.match(word)
    if match:
        amount, unit = int(match.group(1)), match.group(2)[0].lower()
        delta = timedelta(**{_UNITS[unit]: amount})
        if unit in "dw":
            return at_local(now.date() + delta, now.time(), tz)
        return (now.astimezone(UTC) + delta).astimezone(tz)  # elapsed time, DST or not
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
            return at_local(date.fromisoformat(word), default_time, tz)
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DomainError(f"Cannot read {text!r} as a time; use {HELP}.") from None
    if parsed.tzinfo is None:
        return at_local(parsed.date(), parsed.time(), tz)
    return parsed.astimezone(tz)
