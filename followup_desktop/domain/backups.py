"""Backups: their file names, and which ones to keep as they age.

A backup is named for the local time it was taken,
``followup-YYYYmmdd-HHMMSS.sqlite3``, so that the folder sorts by age and the
name alone says when. Old backups are thinned the way Anki thins its own:
everything from today and yesterday stays; of older ones, the newest of each
day is kept for ``daily`` days, then the newest of each week for ``weekly``
weeks, then the newest of each month for ``monthly`` months.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PREFIX = "followup-"
SUFFIX = ".sqlite3"
_NAME = re.compile(r"^followup-(\d{8}-\d{6})\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Thinning:
    """How many older backups to keep, per day, week and month (Anki's defaults)."""

    daily: int = 12
    weekly: int = 10
    monthly: int = 9

    def __post_init__(self) -> None:
        if min(self.daily, self.weekly, self.monthly) < 0:
            raise ValueError("a number of backups to keep cannot be negative")


def backup_name(moment: datetime) -> str:
    """The file name of a backup taken at ``moment`` (local wall-clock time)."""
    return f"{PREFIX}{moment.strftime(_STAMP)}{SUFFIX}"


def backup_time(name: str) -> datetime | None:
    """The local time a backup's file name says it was taken; None for other names."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1), _STAMP)
    except ValueError:  # digits that are no date, such as month 13
        return None


def _week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def backups_to_keep(taken: Iterable[datetime], today: date, rule: Thinning) -> set[datetime]:
    """Which of the backups taken at these (local) times to keep on ``today``."""
    yesterday = today - timedelta(days=1)
    days: set[date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    daily, weekly, monthly = rule.daily, rule.weekly, rule.monthly
    keep: set[datetime] = set()
    for moment in sorted(set(taken), reverse=True):  # the newest of each period first
        day = moment.date()
        week, month = _week(day), (day.year, day.month)
        if day >= yesterday:
            pass  # today's and yesterday's are all kept
        elif day in days:
            continue  # a newer one of that day is kept already
        elif daily > 0:
            daily -= 1
        elif week not in weeks and weekly > 0:
            weekly -= 1
        elif month not in months and monthly > 0:
            monthly -= 1
        else:
            continue
        keep.add(moment)
        days.add(day)
        weeks.add(week)
        months.add(month)
    return keep
