"""Local wall-clock times that survive daylight-saving changes.

A follow-up due at 09:00 is due at 09:00 local time on its day, whatever the
UTC offset is then. It is stored as the local date and time plus the IANA zone
name; the UTC instant is derived from those for ordering.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followup_desktop.domain.errors import DomainError
from followup_desktop.i18n import _, pgettext

_FIXED_OFFSET = re.compile(r"UTC([+-])([01][0-9]|2[0-3]):([0-5][0-9])")


def zone_name(tz: tzinfo) -> str:
    """A name that :func:`zone_from_name` turns back into the same zone."""
    if isinstance(tz, ZoneInfo):
        return tz.key
    offset = tz.utcoffset(None)
    if offset is None or offset == timedelta(0):
        return "UTC"
    sign = "+" if offset >= timedelta(0) else "-"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def zone_from_name(name: str) -> tzinfo:
    """The zone for a name made by :func:`zone_name`."""
    if name == "UTC":
        return UTC
    fixed = _FIXED_OFFSET.fullmatch(name)
    if fixed:
        delta = timedelta(hours=int(fixed[2]), minutes=int(fixed[3]))
        return timezone(delta if fixed[1] == "+" else -delta)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise DomainError(_("Unknown time zone: {name}").format(name=name)) from exc


def at_local(day: date, clock_time: time, tz: tzinfo) -> datetime:
    """The aware datetime for a wall-clock time on a day in a zone.

    A time skipped by a spring-forward change moves forward by the gap
    (02:30 becomes 03:30); a time that happens twice takes the first.
    """
    naive = datetime.combine(day, clock_time.replace(tzinfo=None, fold=0))
    aware = naive.replace(tzinfo=tz)
    round_trip = aware.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != naive:
        # In a gap: read with the offset before the change, the instant falls
        # after it, where the clock shows the time moved forward by the gap.
        return round_trip
    return aware


def month_abbreviation(month: int) -> str:
    """ "Nov": a month's short name (1 is January), in the user's language."""
    return (
        pgettext("month abbreviation", "Jan"),
        pgettext("month abbreviation", "Feb"),
        pgettext("month abbreviation", "Mar"),
        pgettext("month abbreviation", "Apr"),
        pgettext("month abbreviation", "May"),
        pgettext("month abbreviation", "Jun"),
        pgettext("month abbreviation", "Jul"),
        pgettext("month abbreviation", "Aug"),
        pgettext("month abbreviation", "Sep"),
        pgettext("month abbreviation", "Oct"),
        pgettext("month abbreviation", "Nov"),
        pgettext("month abbreviation", "Dec"),
    )[month - 1]


def local_time_note(day: date, clock_time: time, tz: tzinfo) -> str:
    """In words, which moment :func:`at_local` takes for a wall-clock time that a
    clock change skips or shows twice; "" for any other time."""
    naive = datetime.combine(day, clock_time.replace(tzinfo=None, fold=0))
    first, second = naive.replace(tzinfo=tz), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return ""
    asked = f"{naive:%H:%M}"
    on = _("on {day} {month} {year} in {zone}").format(
        day=day.day, month=month_abbreviation(day.month), year=day.year, zone=zone_name(tz)
    )
    taken = at_local(day, clock_time, tz)
    if taken.replace(tzinfo=None) != naive:
        return _("{time} does not exist {on} (the clocks go forward); using {taken}").format(
            time=asked, on=on, taken=f"{taken:%H:%M}"
        )
    return _(
        "{time} happens twice {on} (the clocks go back); using the first, "
        "{first} (write {second} for the second)"
    ).format(
        time=asked,
        on=on,
        first=first.isoformat(timespec="minutes"),
        second=second.isoformat(timespec="minutes"),
    )


def to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise DomainError(_("A time without a zone is ambiguous"))
    return moment.astimezone(UTC)


def iso_in(moment: datetime, tz: tzinfo) -> str:
    """``moment`` in ``tz`` as ISO 8601 with its offset, to the second: how every
    time reads in the command line's JSON, whatever zone it was planned in."""
    return moment.astimezone(tz).isoformat(timespec="seconds")


def local_iso(moment: datetime) -> str:
    """The wall-clock part, as stored: ``YYYY-MM-DDTHH:MM:SS``."""
    return moment.replace(tzinfo=None, microsecond=0).isoformat()


def from_local_iso(text: str, tz: tzinfo) -> datetime:
    naive = datetime.fromisoformat(text)
    return at_local(naive.date(), naive.time(), tz)
