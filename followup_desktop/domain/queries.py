"""How a list of prospects is asked for: quick filter, search text, sort."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from followup_desktop.domain.model import Stage


class QuickFilter(StrEnum):
    ALL = "all"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    THIS_WEEK = "this_week"
    NO_NEXT_STEP = "no_next_step"
    GONE_COLD = "gone_cold"
    REVIVE = "revive"  # gone cold, or lost for timing long enough ago (RevivePolicy)


class SortKey(StrEnum):
    NAME = "name"
    COMPANY = "company"
    STAGE = "stage"
    TOUCHES = "touches"
    LAST_TOUCH = "last_touch"
    NEXT_FOLLOW_UP = "next_follow_up"


@dataclass(frozen=True)
class ProspectQuery:
    """A list view's question; filtering and sorting happen in the database."""

    text: str = ""
    quick: QuickFilter = QuickFilter.ALL
    stage: Stage | None = None
    tag: str | None = None
    sort: SortKey = SortKey.NAME
    descending: bool = False


@dataclass(frozen=True)
class QueryBounds:
    """The instants the quick filters are measured against, from the clock."""

    now: datetime
    start_of_today: datetime
    end_of_today: datetime
    end_of_week: datetime
    cold_before: datetime
    cold_max_touches: int = 2
    lost_before: datetime | None = None  # lost for timing before this: worth reviving
