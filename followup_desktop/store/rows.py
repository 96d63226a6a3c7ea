"""Rows and values the store's aggregates share: conversions, summaries, SQL pieces."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from peewee import (
    SQL,
    Case,
    NodeList,
)

from followup_desktop.domain.model import (
    Channel,
    FollowUp,
    FollowUpStatus,
    Prospect,
    Stage,
    Touch,
)
from followup_desktop.domain.queries import QueryBounds, SortKey
from followup_desktop.domain.thanks import ThankYouRecord
from followup_desktop.domain.wallclock import from_local_iso, zone_from_name
from followup_desktop.i18n import _
from followup_desktop.store.models import (
    FollowUpRow,
    ProspectRow,
)
from followup_desktop.store.search import fold, like_pattern

# SQLite builds may allow as few as 999 bound parameters in one statement.
MAX_IN_LIST = 900
# The largest row id SQLite keeps (a signed 64-bit integer): larger ones name no row.
MAX_ROW_ID = 2**63 - 1


def is_row_id(value: int) -> bool:
    """Whether ``value`` could be a row id; asking SQLite for a larger one overflows."""
    return 0 < value <= MAX_ROW_ID


@dataclass(frozen=True)
class ProspectSummary:
    """A prospect with the figures a list shows beside it."""

    prospect: Prospect
    touch_count: int
    last_touch_at: datetime | None
    next_due_at: datetime | None


@dataclass(frozen=True)
class ProspectSnapshot:
    """Everything about a prospect, to put it back exactly after a delete."""

    prospect: Prospect
    touches: tuple[Touch, ...]
    follow_ups: tuple[FollowUp, ...]
    thank_yous: tuple[ThankYouRecord, ...] = ()
    # When each follow-up's reminder was shown, so that undo does not repeat it.
    notified: tuple[tuple[int, datetime], ...] = ()


@dataclass(frozen=True)
class TouchSnapshot:
    """A deleted touch and the follow-ups it had completed."""

    touch: Touch
    completed_follow_ups: tuple[int, ...]


@dataclass(frozen=True)
class DueItem:
    """A pending follow-up with the prospect it belongs to."""

    follow_up: FollowUp
    prospect_name: str
    company: str


def new_uid() -> str:
    """A fresh identifier for a prospect, as a vCard UID carries it."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class ContactKey:
    """What an imported contact is compared with to find a prospect it may repeat."""

    prospect_id: int
    name: str
    company: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    uid: str


def to_db(moment: datetime) -> datetime:
    """An aware datetime as stored: naive UTC, whole seconds."""
    if moment.tzinfo is None:
        raise ValueError("the store only takes aware datetimes")
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0)


def from_db(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


def as_utc(value: datetime | str) -> datetime:
    """A stored time (never NULL) as an aware UTC datetime."""
    moment = from_db(value)
    assert moment is not None
    return moment


def gone_cold(open_stages: list[str], bounds: QueryBounds) -> Any:
    """Open, one or a few touches, and none since ``bounds.cold_before`` (rules.is_gone_cold).

    The stage is compared as ``stage || ''`` so that SQLite reaches these rows by
    the (touch_count, last_touch_utc) index, not by the stage index (most
    prospects are open): the revive count falls from about 120 to 40 ms at 100k.
    """
    return (
        ProspectRow.stage.concat("").in_(open_stages)
        & ProspectRow.touch_count.between(1, bounds.cold_max_touches)
        & (ProspectRow.last_touch_utc < to_db(bounds.cold_before))
    )


def closed_at_of(p: Prospect) -> datetime | None:
    """A closed prospect keeps its closing time (or takes when it was last changed)."""
    if p.stage.is_open:
        return None
    moment = p.closed_at or p.updated_at
    return to_db(moment) if moment is not None else None


def first_cause(exc: BaseException) -> BaseException:
    """The earliest exception in a chain of implicit and explicit causes."""
    seen = {id(exc)}
    while True:
        nxt = exc.__cause__ or exc.__context__
        if nxt is None or id(nxt) in seen:
            return exc
        seen.add(id(nxt))
        exc = nxt


def write_failure(exc: BaseException) -> str:
    detail = str(exc)
    if "full" in detail:
        return _("The disk is full: the change was not saved, and nothing else was lost.")
    if "locked" in detail or "busy" in detail:
        return _("The database is busy in another program: the change was not saved; try again.")
    if "readonly" in detail or "read-only" in detail:
        return _("The database file is read-only: the change was not saved.")
    return _("The change could not be saved ({detail}); nothing else was lost.").format(
        detail=detail
    )


def text_matches(fragment: str) -> Any:
    """Prospects whose search text holds ``fragment`` (folded for case and accents).

    Three characters or more are looked up in the trigram index (``prospect_fts``,
    schema 9), which finds a fragment anywhere without reading every row; shorter
    ones are matched with LIKE.
    """
    folded = fold(fragment.strip())
    if len(folded) >= 3:
        phrase = '"' + folded.replace('"', '""') + '"'
        return ProspectRow.id.in_(
            SQL("(SELECT rowid FROM prospect_fts WHERE prospect_fts MATCH ?)", [phrase])
        )
    return like(ProspectRow.search_text, like_pattern(fragment.strip()))


def like(column: Any, pattern: str) -> Any:
    """``column LIKE pattern ESCAPE '\\'``: like_pattern escapes the user's wildcards."""
    return NodeList((column, SQL("LIKE"), pattern, SQL("ESCAPE '\\'")))


def effective_due() -> Any:
    """SQL for when a pending follow-up demands attention, snoozing included (the
    expression the follow_up_status_effective index holds, schema 9)."""
    return Case(
        None,
        [(FollowUpRow.snoozed_until_utc > FollowUpRow.due_utc, FollowUpRow.snoozed_until_utc)],
        FollowUpRow.due_utc,
    )


FOLLOW_UP_COLUMNS = (
    FollowUpRow.id,
    FollowUpRow.prospect,
    FollowUpRow.due_local,
    FollowUpRow.due_tz,
    FollowUpRow.channel,
    FollowUpRow.purpose,
    FollowUpRow.status,
    FollowUpRow.snoozed_until_utc,
    FollowUpRow.completed_by,
)


def follow_up_from_values(
    follow_up_id: int,
    prospect_id: int,
    due_local: str,
    due_tz: str,
    channel: str,
    purpose: str,
    status: str,
    snoozed_until: datetime | str | None,
    completed_by: int | None,
) -> FollowUp:
    return FollowUp(
        id=int(follow_up_id),
        prospect_id=int(prospect_id),
        due_at=from_local_iso(due_local, zone_from_name(due_tz)),
        channel=Channel(channel),
        purpose=purpose,
        status=FollowUpStatus(status),
        snoozed_until=from_db(snoozed_until),
        completed_by=int(completed_by) if completed_by is not None else None,
    )


STAGE_ORDER = {stage.value: i for i, stage in enumerate(Stage)}


def sort_order(key: SortKey, descending: bool, filtered: bool = False) -> list[Any]:
    """ORDER BY terms for a list sort; empty values last, then by name.

    With a filter, sorting the matches beats walking the whole name index
    (200 ms at 100k rows), so the index is bypassed (``name || ''``).
    """
    name = ProspectRow.sort_key.concat("") if filtered else ProspectRow.sort_key
    columns: dict[SortKey, Any] = {
        SortKey.NAME: name,
        SortKey.COMPANY: ProspectRow.company.collate("NOCASE"),
        SortKey.STAGE: Case(ProspectRow.stage, list(STAGE_ORDER.items()), len(STAGE_ORDER)),
        SortKey.TOUCHES: ProspectRow.touch_count,
        SortKey.LAST_TOUCH: ProspectRow.last_touch_utc,
        SortKey.NEXT_FOLLOW_UP: ProspectRow.next_due_utc,
    }
    column = columns[key]
    terms: list[Any] = []
    if key in (SortKey.LAST_TOUCH, SortKey.NEXT_FOLLOW_UP):
        terms.append(Case(None, [(column.is_null(), 1)], 0))
    elif key is SortKey.COMPANY:
        terms.append(Case(None, [(ProspectRow.company == "", 1)], 0))
    terms.append(column.desc() if descending else column.asc())
    if key is not SortKey.NAME:
        terms.append(name)
    terms.append(ProspectRow.id)
    return terms
