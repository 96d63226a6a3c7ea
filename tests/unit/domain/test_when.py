"""Reading the moments a user types: ISO 8601 dates and a few plain words."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.when import HELP, parse_when, read_when

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", berlin(2026, 11, 25, 10)),
        ("  NOW ", berlin(2026, 11, 25, 10)),
        ("today", berlin(2026, 11, 25, 10)),  # 09:00 has passed: today means now
        ("Tomorrow", berlin(2026, 11, 26, 9)),
        ("+3d", berlin(2026, 11, 28, 10)),
        ("+2h", berlin(2026, 11, 25, 12)),
        ("+30m", berlin(2026, 11, 25, 10, 30)),
        ("in 2 weeks", berlin(2026, 12, 9, 10)),
        ("+1w", berlin(2026, 12, 2, 10)),
        ("in 1 day", berlin(2026, 11, 26, 10)),
        ("IN 3 DAYS", berlin(2026, 11, 28, 10)),
        ("in 90 minutes", berlin(2026, 11, 25, 11, 30)),
        ("+5 min", berlin(2026, 11, 25, 10, 5)),
        ("+1 hour", berlin(2026, 11, 25, 11)),
        ("in 4 hours", berlin(2026, 11, 25, 14)),
        ("+0d", berlin(2026, 11, 25, 10)),
        ("-3d", berlin(2026, 11, 22, 10)),
        ("-2h", berlin(2026, 11, 25, 8)),
        ("-30m", berlin(2026, 11, 25, 9, 30)),
        ("-1w", berlin(2026, 11, 18, 10)),
        ("3 days ago", berlin(2026, 11, 22, 10)),
        ("2 HOURS AGO", berlin(2026, 11, 25, 8)),
        ("90 min ago", berlin(2026, 11, 25, 8, 30)),
        ("2026-12-01", berlin(2026, 12, 1, 9)),
        ("2026-12-01T14:30", berlin(2026, 12, 1, 14, 30)),
        ("2026-12-01 14:30", berlin(2026, 12, 1, 14, 30)),
        ("2026-12-01T14:30:15", datetime(2026, 12, 1, 14, 30, 15, tzinfo=BERLIN)),
        ("2026-12-01 14:30+01:00", berlin(2026, 12, 1, 14, 30)),
        ("2026-12-01T08:30-05:00", berlin(2026, 12, 1, 14, 30)),
        ("2026-12-01T13:30Z", berlin(2026, 12, 1, 14, 30)),
    ],
)
def test_parse_when(text: str, expected: datetime, clock: FixedClock) -> None:
    parsed = parse_when(text, clock.now())
    assert parsed == expected
    assert (parsed.date(), parsed.time()) == (expected.date(), expected.time())
    assert parsed.tzinfo is BERLIN


def test_a_bare_date_uses_the_users_follow_up_time(clock: FixedClock) -> None:
    assert parse_when("2026-12-01", clock.now(), time(7, 45)) == berlin(2026, 12, 1, 7, 45)
    assert parse_when("tomorrow", clock.now(), time(14, 0)) == berlin(2026, 11, 26, 14)


def test_a_date_in_summer_time_is_at_the_wall_clock_time_then(clock: FixedClock) -> None:
    parsed = parse_when("2027-06-01", clock.now())
    assert parsed == datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    assert parsed.utcoffset() == timedelta(hours=2)


def test_days_keep_the_wall_clock_time_across_the_clock_change() -> None:
    saturday = berlin(2026, 10, 24, 10)
    parsed = parse_when("+1d", saturday)
    assert (parsed.date().isoformat(), parsed.strftime("%H:%M")) == ("2026-10-25", "10:00")
    assert parsed.utcoffset() == timedelta(hours=1)


def test_hours_are_elapsed_time_across_the_clock_change() -> None:
    now = FixedClock(datetime(2026, 10, 24, 23, 30, tzinfo=UTC), BERLIN).now()  # 01:30 summer
    parsed = parse_when("+2h", now)
    assert parsed.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=2)
    assert parsed.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert (parsed.strftime("%H:%M"), parsed.utcoffset()) == ("02:30", timedelta(hours=1))


def test_minutes_in_the_repeated_hour_are_never_in_the_past() -> None:
    # 02:05 in winter time: the second time the clock shows 02:05 that night
    now = FixedClock(datetime(2026, 10, 25, 1, 5, tzinfo=UTC), BERLIN).now()
    parsed = parse_when("+10m", now)
    assert parsed.astimezone(UTC) == datetime(2026, 10, 25, 1, 15, tzinfo=UTC)
    assert (parsed.strftime("%H:%M"), parsed.utcoffset()) == ("02:15", timedelta(hours=1))


def test_a_local_time_in_the_spring_forward_gap_moves_forward(clock: FixedClock) -> None:
    parsed = parse_when("2027-03-28T02:30", clock.now())
    assert (parsed.strftime("%H:%M"), parsed.utcoffset()) == ("03:30", timedelta(hours=2))


def test_days_back_keep_the_wall_clock_time_across_the_clock_change() -> None:
    monday = berlin(2026, 10, 26, 10)
    parsed = parse_when("-2d", monday)
    assert (parsed.date().isoformat(), parsed.strftime("%H:%M")) == ("2026-10-24", "10:00")
    assert parsed.utcoffset() == timedelta(hours=2)


def test_times_are_read_in_the_zone_of_now() -> None:
    now = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    parsed = parse_when("tomorrow", now)
    assert parsed == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)


def test_now_without_a_zone_is_refused() -> None:
    with pytest.raises(DomainError, match="A time without a zone is ambiguous"):
        parse_when("today", datetime(2026, 11, 25, 10, 0))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "soon",
        "next tuesday",
        "in two weeks",
        "+3y",
        "3d",
        "+-3d",
        "-3",
        "--3d",
        "ago",
        "3d ago ago",
        "in 3 days ago",
        "-3d ago",
        "+2h ago",
        "in 3",
        "2026-13-01",
        "2026-02-30",
        "2026-12-01T25:00",
        "01.12.2026",
    ],
)
def test_garbage_is_a_domain_error_that_explains_what_to_type(text: str, clock: FixedClock) -> None:
    with pytest.raises(DomainError) as caught:
        parse_when(text, clock.now())
    assert str(caught.value) == f"Cannot read {text!r} as a time; use {HELP}."


def test_today_before_the_follow_up_time_is_that_time() -> None:
    early = datetime(2026, 11, 25, 7, 0, tzinfo=BERLIN)
    assert parse_when("today", early) == datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", datetime(2026, 11, 25, 23, 59, 59, tzinfo=BERLIN)),
        ("tomorrow", datetime(2026, 11, 26, 23, 59, 59, tzinfo=BERLIN)),
        ("2026-12-01", datetime(2026, 12, 1, 23, 59, 59, tzinfo=BERLIN)),
    ],
)
def test_until_a_day_means_its_end(text: str, expected: datetime, clock: FixedClock) -> None:
    assert parse_when(text, clock.now(), end_of_day=True) == expected


@pytest.mark.parametrize("text", ["20261201", "2026-W49-2"])
def test_compact_and_week_dates_are_dates_at_the_follow_up_time(
    text: str, clock: FixedClock
) -> None:
    assert parse_when(text, clock.now()) == datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    "text", ["9999-12-31T23:30-05:00", "0001-01-01T00:00+01:00", "+99999999d", "1900-01-01"]
)
def test_moments_far_from_today_are_refused(text: str, clock: FixedClock) -> None:
    with pytest.raises(DomainError):
        parse_when(text, clock.now())


@pytest.mark.parametrize(
    ("text", "now", "note"),
    [
        (
            "2027-03-28 02:30",
            berlin(2026, 11, 25, 10),
            "02:30 does not exist on 28 Mar 2027 in Europe/Berlin (the clocks go forward); "
            "using 03:30",
        ),
        (
            "2026-10-25T02:30",
            berlin(2026, 11, 25, 10),
            "02:30 happens twice on 25 Oct 2026 in Europe/Berlin (the clocks go back); using "
            "the first, 2026-10-25T02:30+02:00 (write 2026-10-25T02:30+01:00 for the second)",
        ),
        (
            "+1d",
            berlin(2027, 3, 27, 2, 30),
            "02:30 does not exist on 28 Mar 2027 in Europe/Berlin (the clocks go forward); "
            "using 03:30",
        ),
        (
            "tomorrow",
            berlin(2027, 3, 27, 1),
            "02:30 does not exist on 28 Mar 2027 in Europe/Berlin (the clocks go forward); "
            "using 03:30",
        ),
        (
            "2027-03-28",  # at the follow-up time, 02:30 here
            berlin(2026, 11, 25, 10),
            "02:30 does not exist on 28 Mar 2027 in Europe/Berlin (the clocks go forward); "
            "using 03:30",
        ),
        ("2027-03-29", berlin(2026, 11, 25, 10), ""),
        ("2027-03-28T02:30+01:00", berlin(2026, 11, 25, 10), ""),
        ("+2h", berlin(2027, 3, 28, 1), ""),
        ("today", berlin(2027, 3, 28, 4), ""),  # now, past the follow-up time
        ("now", berlin(2027, 3, 28, 4), ""),
    ],
)
def test_a_time_a_clock_change_skips_or_repeats_comes_with_a_note(
    text: str, now: datetime, note: str
) -> None:
    default = time(2, 30)
    moment, said = read_when(text, now, default)
    assert said == note
    assert moment == parse_when(text, now, default)
