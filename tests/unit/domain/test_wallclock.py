"""Wall-clock times: a follow-up at 09:00 is at 09:00 local, summer or winter."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.wallclock import (
    at_local,
    from_local_iso,
    iso_in,
    local_iso,
    local_time_note,
    to_utc,
    zone_from_name,
    zone_name,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA_FIXED = timezone(timedelta(hours=5, minutes=30))
SAO_PAULO_FIXED = timezone(-timedelta(hours=3))


def utc(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


class _NoOffset(tzinfo):
    """A zone that cannot tell its offset without a date."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None


# -- zone names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "name"),
    [
        (BERLIN, "Europe/Berlin"),
        (NEW_YORK, "America/New_York"),
        (ZoneInfo("UTC"), "UTC"),
        (UTC, "UTC"),
        (timezone(timedelta(0)), "UTC"),
        (KOLKATA_FIXED, "UTC+05:30"),
        (SAO_PAULO_FIXED, "UTC-03:00"),
        (timezone(-timedelta(hours=9, minutes=30)), "UTC-09:30"),
        (timezone(timedelta(hours=14)), "UTC+14:00"),
        (_NoOffset(), "UTC"),
    ],
)
def test_zone_name(tz: tzinfo, name: str) -> None:
    assert zone_name(tz) == name


@pytest.mark.parametrize(
    "tz",
    [
        BERLIN,
        NEW_YORK,
        UTC,
        KOLKATA_FIXED,
        SAO_PAULO_FIXED,
        timezone(timedelta(hours=23, minutes=59)),
    ],
    ids=str,
)
def test_zone_name_round_trips(tz: tzinfo) -> None:
    back = zone_from_name(zone_name(tz))
    assert zone_name(back) == zone_name(tz)
    for moment in (utc(2026, 1, 15, 12), utc(2026, 7, 15, 12)):
        assert back.utcoffset(moment) == tz.utcoffset(moment)


def test_named_zones_come_back_as_the_same_zone() -> None:
    assert zone_from_name("Europe/Berlin") is BERLIN
    assert zone_from_name("UTC") is UTC


@pytest.mark.parametrize(
    ("name", "offset"),
    [
        ("UTC+05:30", timedelta(hours=5, minutes=30)),
        ("UTC-03:00", -timedelta(hours=3)),
        ("UTC-00:45", -timedelta(minutes=45)),
        ("UTC+00:00", timedelta(0)),
        ("UTC+23:59", timedelta(hours=23, minutes=59)),
    ],
)
def test_fixed_offset_names(name: str, offset: timedelta) -> None:
    assert zone_from_name(name).utcoffset(None) == offset


@pytest.mark.parametrize(
    "name",
    [
        "Mars/Olympus_Mons",
        "",
        "Europe",  # a directory of zones, not a zone
        "../etc/passwd",
        "europe/berlin ",
        "UTC+5:30",
        "UTC+05-30",
        "UTC+ab:cd",
        "UTC+24:00",
        "UTC+05:60",
        "UTC*05:00",
    ],
)
def test_unknown_zone_names_are_a_domain_error(name: str) -> None:
    with pytest.raises(DomainError, match="Unknown time zone"):
        zone_from_name(name)


# -- wall-clock times across daylight-saving changes -------------------------


@pytest.mark.parametrize(
    ("tz", "day", "instant"),
    [
        # Berlin leaves summer time on Sunday 25 October 2026
        (BERLIN, date(2026, 10, 24), utc(2026, 10, 24, 7)),
        (BERLIN, date(2026, 10, 25), utc(2026, 10, 25, 8)),
        (BERLIN, date(2026, 10, 26), utc(2026, 10, 26, 8)),
        # and enters it on Sunday 29 March 2026
        (BERLIN, date(2026, 3, 28), utc(2026, 3, 28, 8)),
        (BERLIN, date(2026, 3, 30), utc(2026, 3, 30, 7)),
        # New York enters daylight time on Sunday 14 March 2027
        (NEW_YORK, date(2027, 3, 13), utc(2027, 3, 13, 14)),
        (NEW_YORK, date(2027, 3, 14), utc(2027, 3, 14, 13)),
        (NEW_YORK, date(2027, 3, 15), utc(2027, 3, 15, 13)),
        # a fixed offset has no daylight saving at all
        (KOLKATA_FIXED, date(2026, 10, 25), utc(2026, 10, 25, 3, 30)),
    ],
)
def test_nine_oclock_stays_nine_oclock_local(tz: tzinfo, day: date, instant: datetime) -> None:
    moment = at_local(day, time(9, 0), tz)
    assert (moment.date(), moment.time(), moment.tzinfo) == (day, time(9, 0), tz)
    assert moment == instant


@pytest.mark.parametrize(
    ("tz", "day", "shown", "instant"),
    [
        (BERLIN, date(2026, 3, 29), time(3, 30), utc(2026, 3, 29, 1, 30)),
        (NEW_YORK, date(2027, 3, 14), time(3, 30), utc(2027, 3, 14, 7, 30)),
    ],
)
def test_a_time_in_the_spring_forward_gap_moves_forward_by_the_gap(
    tz: tzinfo, day: date, shown: time, instant: datetime
) -> None:
    moment = at_local(day, time(2, 30), tz)
    assert (moment.date(), moment.time()) == (day, shown)
    assert moment == instant
    assert moment.tzinfo is tz


@pytest.mark.parametrize(
    ("tz", "day", "clock_time", "instant"),
    [
        (BERLIN, date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 0, 30)),
        (NEW_YORK, date(2027, 11, 7), time(1, 30), utc(2027, 11, 7, 5, 30)),
        # asking for the second occurrence explicitly still gives the first
        (BERLIN, date(2026, 10, 25), time(2, 30, fold=1), utc(2026, 10, 25, 0, 30)),
    ],
)
def test_a_time_that_happens_twice_takes_the_first(
    tz: tzinfo, day: date, clock_time: time, instant: datetime
) -> None:
    moment = at_local(day, clock_time, tz)
    # (a time in the repeated hour never compares equal across zones: compare in UTC)
    assert moment.astimezone(UTC) == instant
    assert (moment.time(), moment.fold) == (clock_time.replace(fold=0), 0)


@pytest.mark.parametrize(
    ("tz", "day", "clock_time", "note"),
    [
        (
            BERLIN,
            date(2026, 3, 29),
            time(2, 30),
            "02:30 does not exist on 29 Mar 2026 in Europe/Berlin (the clocks go forward); "
            "using 03:30",
        ),
        (
            NEW_YORK,
            date(2027, 11, 7),
            time(1, 30, 15),
            "01:30 happens twice on 7 Nov 2027 in America/New_York (the clocks go back); "
            "using the first, 2027-11-07T01:30-04:00 (write 2027-11-07T01:30-05:00 for the "
            "second)",
        ),
        (BERLIN, date(2026, 3, 29), time(3, 30), ""),
        (BERLIN, date(2026, 10, 25), time(3, 0), ""),
        (KOLKATA_FIXED, date(2026, 3, 29), time(2, 30), ""),
        (_NoOffset(), date(2026, 3, 29), time(2, 30), ""),
    ],
)
def test_a_note_says_which_time_a_clock_change_made_it(
    tz: tzinfo, day: date, clock_time: time, note: str
) -> None:
    assert local_time_note(day, clock_time, tz) == note


def test_a_zone_on_the_given_time_is_ignored_in_favour_of_the_zone_asked_for() -> None:
    moment = at_local(date(2026, 11, 25), time(9, 0, tzinfo=NEW_YORK), BERLIN)
    assert moment == utc(2026, 11, 25, 8)
    assert moment.tzinfo is BERLIN


# -- storage helpers -----------------------------------------------------------


def test_to_utc_converts_an_aware_time() -> None:
    converted = to_utc(datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN))
    assert converted == utc(2026, 11, 25, 9)
    assert converted.tzinfo is UTC


def test_to_utc_refuses_a_time_without_a_zone() -> None:
    with pytest.raises(DomainError, match="A time without a zone is ambiguous"):
        to_utc(datetime(2026, 11, 25, 10, 0))


def test_iso_in_writes_the_instant_in_the_given_zone_to_the_second() -> None:
    planned_in_new_york = datetime(2026, 11, 25, 4, 0, 0, 500_000, tzinfo=NEW_YORK)
    assert iso_in(planned_in_new_york, BERLIN) == "2026-11-25T10:00:00+01:00"
    assert iso_in(planned_in_new_york, UTC) == "2026-11-25T09:00:00+00:00"


def test_local_iso_is_the_wall_clock_without_zone_or_microseconds() -> None:
    moment = datetime(2026, 10, 26, 9, 0, 5, 999_999, tzinfo=BERLIN)
    assert local_iso(moment) == "2026-10-26T09:00:05"


@pytest.mark.parametrize(
    ("text", "tz", "instant"),
    [
        ("2026-10-24T09:00:00", BERLIN, utc(2026, 10, 24, 7)),
        ("2026-10-26T09:00:00", BERLIN, utc(2026, 10, 26, 8)),
        ("2027-03-15T09:00:00", NEW_YORK, utc(2027, 3, 15, 13)),
        ("2026-03-29T02:30:00", BERLIN, utc(2026, 3, 29, 1, 30)),
    ],
)
def test_from_local_iso_reads_a_stored_wall_clock_time(
    text: str, tz: tzinfo, instant: datetime
) -> None:
    assert from_local_iso(text, tz) == instant


def test_a_stored_follow_up_comes_back_at_the_same_wall_clock_time() -> None:
    due = at_local(date(2026, 10, 26), time(9, 0), BERLIN)
    stored = (local_iso(due), zone_name(due.tzinfo or UTC))
    assert stored == ("2026-10-26T09:00:00", "Europe/Berlin")
    loaded = from_local_iso(stored[0], zone_from_name(stored[1]))
    assert loaded == due
    assert loaded.utcoffset() == timedelta(hours=1)
