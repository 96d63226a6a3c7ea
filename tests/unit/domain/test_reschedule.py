"""Where a reschedule starts and the times offered beside it."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.reschedule import (
    next_working_morning,
    reschedule_presets,
    reschedule_start,
)

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(d: int, h: int = 9, mi: int = 0, mo: int = 11) -> datetime:
    return datetime(2026, mo, d, h, mi, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (berlin(25, 10), berlin(26)),  # Wednesday after nine: Thursday morning
        (berlin(25, 8, 30), berlin(25)),  # before nine: this morning
        (berlin(27, 10), berlin(30)),  # Friday: Monday
        (berlin(28, 8), berlin(30)),  # Saturday morning: Monday, not Saturday
        (berlin(29, 23), berlin(30)),  # Sunday night
    ],
)
def test_next_working_morning(now: datetime, expected: datetime) -> None:
    assert next_working_morning(now) == expected


def test_an_overdue_follow_up_is_offered_the_next_working_morning() -> None:
    now = berlin(25, 10)
    overdue = berlin(3, 14, mo=11)
    assert reschedule_start(overdue, now) == berlin(26)
    assert reschedule_start(overdue, now, time(8, 30)) == berlin(26, 8, 30)
    assert reschedule_start(now, now) == berlin(26)  # due this very minute: not ahead


def test_a_follow_up_still_ahead_starts_on_its_own_time() -> None:
    now = berlin(25, 10)
    assert reschedule_start(berlin(27, 15), now) == berlin(27, 15)


def test_presets_at_the_follow_up_time() -> None:
    now = berlin(25, 10)  # a Wednesday
    assert reschedule_presets(now) == [
        ("Tomorrow 9:00", berlin(26)),
        ("Next week", berlin(30)),  # the Monday
        ("In 2 weeks", berlin(9, mo=12)),
    ]
    labels = [label for label, _ in reschedule_presets(now, time(8, 5))]
    assert labels[0] == "Tomorrow 8:05"
    # Two weeks from a Saturday is a Saturday: moved to the Monday.
    assert reschedule_presets(berlin(28, 10))[2] == ("In 2 weeks", berlin(14, mo=12))


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(DomainError):
        next_working_morning(datetime(2026, 11, 25, 10))
