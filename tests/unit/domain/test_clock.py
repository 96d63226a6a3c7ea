"""FixedClock: the clock that tests, demos and benchmarks move by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.clock import FixedClock

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_fixture_clock_stands_at_wednesday_morning_in_berlin(clock: FixedClock) -> None:
    assert clock.now() == datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
    assert clock.now().weekday() == 2
    assert clock.tz is BERLIN


def test_clock_stands_still_until_moved(clock: FixedClock) -> None:
    first = clock.now()
    assert clock.now() == first


def test_naive_datetime_is_rejected() -> None:
    with pytest.raises(ValueError, match="FixedClock needs an aware datetime"):
        FixedClock(datetime(2026, 11, 25, 10, 0))


def test_zone_defaults_to_that_of_the_given_time() -> None:
    clock = FixedClock(datetime(2026, 11, 25, 4, 0, tzinfo=NEW_YORK))
    assert clock.tz is NEW_YORK
    assert clock.now().tzinfo is NEW_YORK


def test_given_zone_converts_the_time_to_local() -> None:
    clock = FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), BERLIN)
    now = clock.now()
    assert clock.tz is BERLIN
    assert now.tzinfo is BERLIN
    assert (now.hour, now.minute) == (10, 0)


def test_advance_moves_the_clock_forward(clock: FixedClock) -> None:
    clock.advance(timedelta(days=2, hours=3, minutes=15))
    assert clock.now() == datetime(2026, 11, 27, 13, 15, tzinfo=BERLIN)
    assert clock.now().tzinfo is BERLIN


def test_advance_counts_elapsed_time_across_the_autumn_clock_change() -> None:
    # 24 hours after Saturday noon (summer time) is Sunday 11:00 (winter time).
    clock = FixedClock(datetime(2026, 10, 24, 12, 0, tzinfo=BERLIN))
    clock.advance(timedelta(hours=24))
    now = clock.now()
    assert (now.date().isoformat(), now.hour, now.minute) == ("2026-10-25", 11, 0)
    assert now.utcoffset() == timedelta(hours=1)


def test_set_jumps_to_a_time_shown_in_the_clock_zone(clock: FixedClock) -> None:
    clock.set(datetime(2027, 1, 4, 8, 30, tzinfo=UTC))
    now = clock.now()
    assert now.tzinfo is BERLIN
    assert (now.year, now.month, now.day, now.hour, now.minute) == (2027, 1, 4, 9, 30)
