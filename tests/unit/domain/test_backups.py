"""Backup names and thinning: which backups a folder keeps as the days go by."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.backups import (
    Thinning,
    backup_name,
    backup_time,
    backups_to_keep,
)
from followup_desktop.domain.clock import FixedClock

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_backup_is_named_for_its_local_time_and_the_name_gives_it_back() -> None:
    moment = datetime(2026, 3, 29, 2, 30, 5, tzinfo=BERLIN)
    assert backup_name(moment) == "followup-20260329-023005.sqlite3"
    assert backup_time(backup_name(moment)) == datetime(2026, 3, 29, 2, 30, 5)


@pytest.mark.parametrize(
    "name",
    [
        "followup.sqlite3",
        "followup-20261301-000000.sqlite3",  # month 13
        "followup-20260101-000000.sqlite3.tmp",
        ".followup-20260101-000000.sqlite3",
        "notes.txt",
    ],
)
def test_other_files_in_the_folder_are_no_backups(name: str) -> None:
    assert backup_time(name) is None


def test_a_negative_number_to_keep_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        Thinning(daily=-1)


def _simulate(days: int, rule: Thinning) -> list[str]:
    """Three backups a day for ``days`` days, the folder thinned after each."""
    start = datetime(2025, 10, 22, 9, 0, tzinfo=BERLIN)
    clock = FixedClock(start)
    folder: set[str] = set()
    for offset in range(days):
        day = (start + timedelta(days=offset)).date()
        for at in (time(9), time(13), time(17, 30)):
            clock.set(datetime.combine(day, at, tzinfo=BERLIN))
            folder.add(backup_name(clock.now()))
            taken = {backup_time(name): name for name in folder}
            kept = backups_to_keep([t for t in taken if t is not None], clock.now().date(), rule)
            folder = {taken[t] for t in kept}
    return sorted(folder, reverse=True)


def test_four_hundred_days_of_backups_thin_to_today_yesterday_12_days_10_weeks_9_months() -> None:
    kept = _simulate(400, Thinning())  # ends on Wednesday 25 November 2026, 17:30
    days = [name.removeprefix("followup-").removesuffix(".sqlite3") for name in kept]
    # Today's and yesterday's, all three of each day.
    assert days[:6] == [
        "20261125-173000",
        "20261125-130000",
        "20261125-090000",
        "20261124-173000",
        "20261124-130000",
        "20261124-090000",
    ]
    # The 12 days before: the last backup of each.
    assert days[6:18] == [f"202611{d:02d}-173000" for d in range(23, 11, -1)]
    # Then 10 weeks, the last backup of each (Sundays), and 9 months, the last backup
    # of each month not kept otherwise: 31 October is in the week that Sunday
    # 1 November stands for, but it is October's last.
    weekly = [
        "20261108-173000",
        "20261101-173000",
        "20261025-173000",
        "20261018-173000",
        "20261011-173000",
        "20261004-173000",
        "20260927-173000",
        "20260920-173000",
        "20260913-173000",
        "20260906-173000",
    ]
    monthly = [
        "20261031-173000",
        "20260930-173000",
        "20260831-173000",
        "20260731-173000",
        "20260630-173000",
        "20260531-173000",
        "20260430-173000",
        "20260331-173000",
        "20260228-173000",
    ]
    assert days[18:] == sorted(weekly + monthly, reverse=True)
    assert len(days) == 6 + 12 + 10 + 9


def test_keeping_none_per_period_leaves_today_and_yesterday() -> None:
    kept = _simulate(30, Thinning(daily=0, weekly=0, monthly=0))
    assert len(kept) == 6
    assert all(name.startswith(("followup-20251120", "followup-20251119")) for name in kept)


def test_a_day_with_several_backups_keeps_its_newest() -> None:
    today = date(2026, 11, 25)
    morning, evening = datetime(2026, 11, 20, 9), datetime(2026, 11, 20, 18)
    assert backups_to_keep([morning, evening], today, Thinning()) == {evening}


def test_a_backup_from_a_clock_set_ahead_is_kept() -> None:
    ahead = datetime(2027, 1, 1, 9)
    assert backups_to_keep([ahead], date(2026, 11, 25), Thinning(0, 0, 0)) == {ahead}
