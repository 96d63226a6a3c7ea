"""The system clock's zone: from TZ or the system, and a warning when TZ names none."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.clock import SystemClock, local_zone, read_local_zone


@pytest.mark.parametrize(
    ("tz", "zone"),
    [
        ("Europe/Berlin", ZoneInfo("Europe/Berlin")),
        (":Asia/Tokyo", ZoneInfo("Asia/Tokyo")),
        ("/usr/share/zoneinfo/America/New_York", ZoneInfo("America/New_York")),
    ],
)
def test_tz_naming_a_zone_is_that_zone(
    monkeypatch: pytest.MonkeyPatch, tz: str, zone: ZoneInfo
) -> None:
    monkeypatch.setenv("TZ", tz)
    assert read_local_zone() == (zone, "")
    assert local_zone() == zone


@pytest.mark.parametrize("tz", ["JST-9", "EST5EDT,M3.2.0,M11.1.0", "<+0330>-3:30"])
def test_a_posix_rule_is_left_to_the_c_library(monkeypatch: pytest.MonkeyPatch, tz: str) -> None:
    monkeypatch.setenv("TZ", tz)
    zone, problem = read_local_zone()
    assert problem == ""
    assert not isinstance(zone, ZoneInfo)


@pytest.mark.parametrize("tz", ["Nowhere/Atlantis", "Berlin", "/usr/share/zoneinfo/Nowhere"])
def test_tz_naming_no_zone_means_utc_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, tz: str
) -> None:
    monkeypatch.setenv("TZ", tz)
    zone, problem = read_local_zone()
    assert zone is UTC
    assert problem.startswith(f"TZ={tz} names no time zone, so times are in UTC")
    clock = SystemClock()
    assert (clock.tz, clock.problem) == (UTC, problem)
    assert clock.now().utcoffset() == timedelta(0)


def test_a_zone_given_to_the_clock_needs_no_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Nowhere/Atlantis")
    clock = SystemClock(ZoneInfo("Europe/Berlin"))
    assert (clock.tz, clock.problem) == (ZoneInfo("Europe/Berlin"), "")


def test_without_tz_the_system_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TZ", raising=False)
    zone, problem = read_local_zone()
    assert problem == ""
    assert zone.utcoffset(None) is not None or isinstance(zone, ZoneInfo)
