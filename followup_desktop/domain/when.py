"""Reading a moment the way a user types it: ISO 8601 or a few plain words.

The words are read in English and in German, whatever the language in use:
"tomorrow" or "morgen", "friday" or "Freitag", "in 2 weeks" or "in 2 Wochen",
"3 days ago" or "vor 3 Tagen".
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from followup_desktop.domain.cadence import DEFAULT_FOLLOW_UP_TIME
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.wallclock import at_local, local_time_note
from followup_desktop.i18n import N_, _

# Ahead: "+3d", "in 2 weeks"; back: "-3d", "3 days ago", "vor 3 Tagen" (one sign or
# the other).
_RELATIVE = re.compile(r"(in\s+|\+|-|vor\s+)?(\d+)\s*([a-z]+)(\s+ago)?")
_UNITS = {
    **dict.fromkeys(("m", "min", "minute", "minutes", "minuten"), "minutes"),
    **dict.fromkeys(("h", "hour", "hours", "std", "stunde", "stunden"), "hours"),
    **dict.fromkeys(("d", "day", "days", "tag", "tage", "tagen"), "days"),
    **dict.fromkeys(("w", "week", "weeks", "woche", "wochen"), "weeks"),
}
_NOW = ("now", "jetzt")
# Days ahead of today, and the weekdays (0 is Monday) that mean the next such day.
_DAYS_AHEAD = {"today": 0, "heute": 0, "tomorrow": 1, "morgen": 1, "übermorgen": 2}
_WEEKDAYS = {
    **dict.fromkeys(("monday", "montag"), 0),
    **dict.fromkeys(("tuesday", "dienstag"), 1),
    **dict.fromkeys(("wednesday", "mittwoch"), 2),
    **dict.fromkeys(("thursday", "donnerstag"), 3),
    **dict.fromkeys(("friday", "freitag"), 4),
    **dict.fromkeys(("saturday", "samstag", "sonnabend"), 5),
    **dict.fromkeys(("sunday", "sonntag"), 6),
}
# Moments further than this from today are typing mistakes, not plans.
PLAUSIBLE_YEARS = 50
END_OF_DAY = time(23, 59, 59)

# What can be typed, in words (translated where it is shown: see ``help_text``).
HELP = N_(
    "a date or time such as 2026-12-01, 2026-12-01T14:30, 2026-12-01 14:30+01:00, "
    "now, today, tomorrow, friday, +3d, +2h, +30m, 'in 2 weeks', -3d, -2h, -30m or "
    "'3 days ago'"
)


def help_text() -> str:
    """What a moment can be typed as, in the user's language."""
    return _(HELP)


def parse_when(
    text: str,
    now: datetime,
    default_time: time = DEFAULT_FOLLOW_UP_TIME,
    *,
    end_of_day: bool = False,
) -> datetime:
    """An aware datetime for ``text``, read relative to ``now`` and in its zone.

    A bare date (or today, tomorrow, a weekday: the next one) means that day at
    ``default_time``, or at its end with ``end_of_day`` (for "until"); "today"
    at a time already past means now. A time without an offset is a local
    wall-clock time. Moments more than 50 years from ``now`` are refused as
    typing mistakes.
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
        raise DomainError(_("A time without a zone is ambiguous"))
    word = text.strip().lower()
    clock_time = END_OF_DAY if end_of_day else default_time
    wall: tuple[date, time] | None = None  # the local day and time read, if one was
    try:
        if word in _NOW:
            result = now
        elif word in _DAYS_AHEAD or word in _WEEKDAYS:
            ahead = (
                _DAYS_AHEAD[word]
                if word in _DAYS_AHEAD
                else (_WEEKDAYS[word] - now.weekday() - 1) % 7 + 1
            )
            day = now.date() + timedelta(days=ahead)
            planned = at_local(day, clock_time, tz)
            result = max(planned, now)
            wall = (day, clock_time) if result is planned else None
        elif (
            (match := _RELATIVE.fullmatch(word))
            and match[3] in _UNITS
            and (match[1] is None) != (match[4] is None)
        ):
            sign, amount, unit_word, ago = match.groups()
            unit = _UNITS[unit_word]
            step = timedelta(**{unit: int(amount)})
            back = ago is not None or sign.strip() in ("-", "vor")
            delta = -step if back else step
            if unit in ("days", "weeks"):
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
        raise DomainError(
            _("Cannot read {text} as a time; use {help}.").format(text=repr(text), help=help_text())
        ) from None
    if abs(result.year - now.year) > PLAUSIBLE_YEARS:
        raise DomainError(
            _("{text} is more than {years} years from today.").format(
                text=repr(text), years=PLAUSIBLE_YEARS
            )
        )
    note = local_time_note(*wall, tz) if wall is not None else ""
    return result.replace(microsecond=0), note
