"""The store's interface: domain objects in, domain objects out.

Nothing outside this package sees a peewee row or writes SQL. Times are kept
in UTC in the database; follow-ups also keep their local wall-clock time and
zone, which are what they are due at.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from peewee import (
    JOIN,
    SQL,
    Case,
    Database,
    DatabaseError,
    IntegrityError,
    NodeList,
    OperationalError,
    fn,
)

from followup_desktop.domain.changes import Changes
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUp,
    FollowUpStatus,
    Outcome,
    PostalAddress,
    Prospect,
    Source,
    Stage,
    Touch,
)
from followup_desktop.domain.queries import ProspectQuery, QueryBounds, QuickFilter, SortKey
from followup_desktop.domain.report import ProspectFacts, TouchFacts
from followup_desktop.domain.thanks import ThankYouRecord
from followup_desktop.domain.wallclock import from_local_iso, local_iso, zone_from_name, zone_name
from followup_desktop.store import oplog
from followup_desktop.store.errors import StoreError
from followup_desktop.store.migrations import LOG_SCHEMA, SUMMARY_UPDATE, fill_search_text
from followup_desktop.store.models import (
    FollowUpRow,
    ProspectRow,
    ProspectTagRow,
    SettingRow,
    TagRow,
    ThankYouRow,
    TouchRow,
)
from followup_desktop.store.search import like_pattern, search_text_for

# SQLite builds may allow as few as 999 bound parameters in one statement.
_MAX_IN_LIST = 900


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


def _utc(value: datetime | str) -> datetime:
    """A stored time (never NULL) as an aware UTC datetime."""
    moment = from_db(value)
    assert moment is not None
    return moment


def _gone_cold(is_open: Any, bounds: QueryBounds) -> Any:
    """Open, one or a few touches, and none since ``bounds.cold_before`` (rules.is_gone_cold)."""
    return (
        is_open
        & ProspectRow.touch_count.between(1, bounds.cold_max_touches)
        & (ProspectRow.last_touch_utc < to_db(bounds.cold_before))
    )


def _closed_at(p: Prospect) -> datetime | None:
    """A closed prospect keeps its closing time (or takes when it was last changed)."""
    if p.stage.is_open:
        return None
    moment = p.closed_at or p.updated_at
    return to_db(moment) if moment is not None else None


def _first_cause(exc: BaseException) -> BaseException:
    """The earliest exception in a chain of implicit and explicit causes."""
    seen = {id(exc)}
    while True:
        nxt = exc.__cause__ or exc.__context__
        if nxt is None or id(nxt) in seen:
            return exc
        seen.add(id(nxt))
        exc = nxt


def _write_failure(exc: BaseException) -> str:
    detail = str(exc)
    if "full" in detail:
        return "The disk is full: the change was not saved, and nothing else was lost."
    if "locked" in detail or "busy" in detail:
        return "The database is busy in another program: the change was not saved; try again."
    if "readonly" in detail or "read-only" in detail:
        return "The database file is read-only: the change was not saved."
    return f"The change could not be saved ({detail}); nothing else was lost."


def _like(column: Any, pattern: str) -> Any:
    """``column LIKE pattern ESCAPE '\\'``: like_pattern escapes the user's wildcards."""
    return NodeList((column, SQL("LIKE"), pattern, SQL("ESCAPE '\\'")))


def _effective_due() -> Any:
    """SQL for when a pending follow-up demands attention, snoozing included."""
    return Case(
        None,
        [(FollowUpRow.snoozed_until_utc > FollowUpRow.due_utc, FollowUpRow.snoozed_until_utc)],
        FollowUpRow.due_utc,
    )


_FOLLOW_UP_COLUMNS = (
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


def _follow_up_from_values(
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


_STAGE_ORDER = {stage.value: i for i, stage in enumerate(Stage)}


def _sort_order(key: SortKey, descending: bool, filtered: bool = False) -> list[Any]:
    """ORDER BY terms for a list sort; empty values last, then by name.

    With a filter, sorting the matches beats walking the whole name index
    (200 ms at 100k rows), so the index is bypassed (``name || ''``).
    """
    name = (ProspectRow.name.concat("") if filtered else ProspectRow.name).collate("NOCASE")
    columns: dict[SortKey, Any] = {
        SortKey.NAME: name,
        SortKey.COMPANY: ProspectRow.company.collate("NOCASE"),
        SortKey.STAGE: Case(ProspectRow.stage, list(_STAGE_ORDER.items()), len(_STAGE_ORDER)),
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


class OpResult:
    """The operation a transaction made: its id, and once committed, what it changed."""

    def __init__(self, op_id: int | None) -> None:
        self.op_id = op_id
        self.changes = Changes()


class Store:
    """The database of one user: prospects, touches, follow-ups and tags.

    Every outermost transaction is one operation in the operation log
    (``store.oplog``): when it commits, its change set goes to every listener.
    """

    def __init__(self, db: Database, *, origin: str = "app") -> None:
        self._db = db
        self.origin = origin  # who writes: "window", "cli"; the CLI's undo takes its own
        self.session = uuid.uuid4().hex  # this program's writes, as opposed to others'
        self.now: Callable[[], datetime] = lambda: datetime.fromtimestamp(0, UTC)
        self._listeners: list[Callable[[Changes], None]] = []
        self._label = ""
        self._seen_op = 0
        self._data_version = -1
        self._refusal: str | None = None
        self._log = self.schema_version() >= LOG_SCHEMA
        if self._log:
            self._seen_op = oplog.last_op_id(self._conn())
            self._data_version = self._read_data_version()

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        if not self._db.is_closed():
            self._db.close()

    def _conn(self) -> sqlite3.Connection:
        return cast(sqlite3.Connection, self._db.connection())

    def _logged(self) -> bool:
        return self._log

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        """``listener(changes)`` after every committed operation of this program."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Changes], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextmanager
    def transaction(
        self, label: str = "", *, everything: bool = False, undo_of: int | None = None
    ) -> Iterator[OpResult]:
        """Every multi-row change runs in one of these: all or nothing.

        The outermost one is an operation: its rows are logged for undo and its
        change set is announced once it commits. ``everything`` marks a bulk
        change announced whole and not logged row by row (demo data).
        """
        outer = self._db.transaction_depth() == 0
        if self._refusal is not None:
            raise StoreError(self._refusal)
        result = OpResult(None)
        try:
            with self._db.atomic():
                if outer and self._logged():
                    result.op_id = oplog.begin(
                        self._conn(),
                        label=label,
                        origin=self.origin,
                        session=self.session,
                        now=self.now(),
                        everything=everything,
                        undo_of=undo_of,
                    )
                elif label and self._logged() and (current := self._current_op()) is not None:
                    oplog.set_label(self._conn(), current, label)
                yield result
                if outer and result.op_id is not None:
                    result.changes = oplog.end(self._conn(), result.op_id)
            if result.op_id == self._seen_op + 1:
                self._seen_op = result.op_id  # no other program wrote in between
        except (OperationalError, IntegrityError, DatabaseError) as exc:
            # SQLite rolls a transaction back by itself after some errors (a full
            # disk); the failed rollbacks that follow must not hide the cause.
            raise StoreError(_write_failure(_first_cause(exc))) from exc
        if outer and result.changes:
            for listener in list(self._listeners):
                listener(result.changes)

    def verify(self) -> str | None:
        """Read the whole file for damage (``quick_check``) on a connection of its
        own, so that it can run off the GUI thread; None when it is whole."""
        path = self._db.database
        try:
            conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
            try:
                check = str(conn.execute("PRAGMA quick_check(1)").fetchone()[0])
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            check = str(exc)
        return None if check == "ok" else check

    def refuse_writes(self, message: str) -> None:
        """From now on every change is refused with ``message`` (a damaged file)."""
        self._refusal = message

    def _current_op(self) -> int | None:
        row = self._db.execute_sql("SELECT op_id FROM temp.fu_op_state").fetchone()
        return None if row is None or row[0] is None else int(row[0])

    # -- the operation log ---------------------------------------------------
    def undo_op(self, op_id: int, label: str = "") -> Changes:
        """Put back what one operation changed (only where nothing changed it since)."""
        return self._apply_op(op_id, undo=True, label=label)

    def redo_op(self, op_id: int, label: str = "") -> Changes:
        """Make an undone operation's changes again (only where nothing changed since)."""
        return self._apply_op(op_id, undo=False, label=label)

    def _apply_op(self, op_id: int, *, undo: bool, label: str) -> Changes:
        with self.transaction(label, undo_of=op_id) as result:
            prospects = oplog.apply(self._conn(), op_id, undo=undo)
            present = [pid for pid in prospects if ProspectRow.get_or_none(ProspectRow.id == pid)]
            self.refresh_summaries(present)
            for pid in present:
                self._refresh_search_text(pid)
        return result.changes

    def get_op(self, op_id: int) -> oplog.LoggedOp | None:
        return oplog.get_op(self._conn(), op_id)

    def latest_op(self, origin: str, *, undone: bool) -> oplog.LoggedOp | None:
        return oplog.latest_op(self._conn(), origin, undone=undone)

    def _read_data_version(self) -> int:
        return int(self._db.execute_sql("PRAGMA data_version").fetchone()[0])

    def external_changes(self) -> Changes:
        """What other programs committed since the last call (empty when nothing).

        Cheap when nothing happened: one ``PRAGMA data_version``, which reads no
        table. Otherwise the operation log says which prospects changed.
        """
        if not self._logged():
            return Changes()
        try:
            version = self._read_data_version()
            if version == self._data_version:
                return Changes()
            changes, seen = oplog.changes_since(self._conn(), self._seen_op, self.session)
        except (OperationalError, DatabaseError):
            return Changes()  # busy or unreadable for a moment: asked again on the next tick
        self._data_version, self._seen_op = version, seen
        return changes

    def prune_log(self) -> None:
        with self._db.atomic():
            oplog.prune(self._conn(), self.now())

    def schema_version(self) -> int:
        return int(self._db.execute_sql("PRAGMA user_version").fetchone()[0])

    def journal_mode(self) -> str:
        return str(self._db.execute_sql("PRAGMA journal_mode").fetchone()[0])

    def foreign_keys_enabled(self) -> bool:
        return bool(self._db.execute_sql("PRAGMA foreign_keys").fetchone()[0])

    # -- prospects ---------------------------------------------------------
    def add_prospect(self, prospect: Prospect, now: datetime) -> int:
        with self.transaction():
            fields = self._prospect_fields(prospect)
            if prospect.stage.is_closed and fields["closed_at_utc"] is None:
                fields["closed_at_utc"] = to_db(now)
            row = ProspectRow.create(
                **fields,
                uid=prospect.uid or new_uid(),
                created_at=to_db(now),
                updated_at=to_db(now),
            )
            self._set_tags(row.id, prospect.tags)
            self._refresh_search_text(row.id)
        return int(row.id)

    def update_prospect(self, prospect: Prospect, now: datetime) -> None:
        if prospect.id is None:
            raise ValueError("update_prospect needs a stored prospect")
        fields = self._prospect_fields(prospect)
        if prospect.uid:
            fields["uid"] = prospect.uid
        with self.transaction():
            ProspectRow.update(**fields, updated_at=to_db(now)).where(
                ProspectRow.id == prospect.id
            ).execute()
            self._set_tags(prospect.id, prospect.tags)
            self._refresh_search_text(prospect.id)

    def delete_prospect(self, prospect_id: int) -> None:
        with self.transaction():
            ProspectRow.delete().where(ProspectRow.id == prospect_id).execute()

    def get_prospect(self, prospect_id: int) -> Prospect | None:
        row = ProspectRow.get_or_none(ProspectRow.id == prospect_id)
        if row is None:
            return None
        return self._prospect(row, self._tags_of([row.id]).get(row.id, ()))

    def find_prospects(self, fragment: str, limit: int = 50) -> list[tuple[int, str]]:
        """Prospects whose name contains ``fragment`` (any case): (id, name)."""
        query = (
            ProspectRow.select(ProspectRow.id, ProspectRow.name)
            .where(fn.instr(fn.lower(ProspectRow.name), fragment.lower()) > 0)
            .order_by(ProspectRow.name.collate("NOCASE"))
            .limit(limit)
        )
        if fragment.isascii():
            return [(int(r.id), str(r.name)) for r in query]
        # Non-ASCII: SQLite's lower() is ASCII-only, so fold in Python.
        folded = fragment.casefold()
        matches = sorted(
            (str(r.name).casefold(), int(r.id), str(r.name))
            for r in ProspectRow.select(ProspectRow.id, ProspectRow.name).where(
                _like(ProspectRow.search_text, like_pattern(folded))
            )
            if folded in str(r.name).casefold()
        )
        return [(pid, name) for _, pid, name in matches[:limit]]

    def search_prospect_ids(self, fragment: str, limit: int | None = None) -> list[int]:
        """Prospects whose name, company, e-mail, phone, tags or notes contain ``fragment``."""
        query = (
            ProspectRow.select(ProspectRow.id)
            .where(_like(ProspectRow.search_text, like_pattern(fragment)))
            .order_by(ProspectRow.name)
        )
        if limit is not None:
            query = query.limit(limit)
        return [int(r.id) for r in query]

    def prospect_count(self) -> int:
        return int(ProspectRow.select().count())

    def summaries(self, ids: Sequence[int] | None = None) -> list[ProspectSummary]:
        """Prospects with their figures, by name; all of them unless ``ids`` is given."""
        query = ProspectRow.select().order_by(fn.lower(ProspectRow.name), ProspectRow.id)
        if ids is not None and len(ids) <= _MAX_IN_LIST:
            query = query.where(ProspectRow.id.in_(list(ids)))
        elif ids is not None:
            wanted = set(ids)
            rows = [r for r in query if r.id in wanted]
            tags = self._tags_of(None)
            return [self._summary(r, tags.get(r.id, ())) for r in rows]
        rows = list(query)
        tags = self._tags_of(None if ids is None else [r.id for r in rows])
        return [self._summary(r, tags.get(r.id, ())) for r in rows]

    def count_without_next_step(self) -> int:
        return int(self._without_next_step_query().count())

    def _without_next_step_query(self) -> Any:
        open_stages = [s.value for s in Stage if s.is_open]
        return ProspectRow.select().where(
            ProspectRow.stage.in_(open_stages) & ProspectRow.next_due_utc.is_null()
        )

    def without_next_step(self) -> list[ProspectSummary]:
        """Open prospects with no pending follow-up: rule 1's defects."""
        rows = list(self._without_next_step_query().order_by(fn.lower(ProspectRow.name)))
        tags = self._tags_of([r.id for r in rows])
        return [self._summary(r, tags.get(r.id, ())) for r in rows]

    def set_stage(self, prospect_id: int, stage: Stage, lost_reason: str, now: datetime) -> None:
        """Sets the stage and when it closed (the same closed stage again keeps its date)."""
        closed_at: Any = None
        if stage.is_closed:
            row = ProspectRow.get_or_none(ProspectRow.id == prospect_id)
            kept = row.closed_at_utc if row is not None and Stage(row.stage) is stage else None
            closed_at = kept or to_db(now)
        ProspectRow.update(
            stage=stage.value,
            lost_reason=lost_reason,
            closed_at_utc=closed_at,
            updated_at=to_db(now),
        ).where(ProspectRow.id == prospect_id).execute()

    def touches_of(self, prospect_ids: Sequence[int]) -> dict[int, list[Touch]]:
        """Each prospect's touches, oldest first (for many prospects at once)."""
        found: dict[int, list[Touch]] = {}
        ids = list(dict.fromkeys(prospect_ids))
        for start in range(0, len(ids), _MAX_IN_LIST):
            chunk = ids[start : start + _MAX_IN_LIST]
            rows = TouchRow.select().where(TouchRow.prospect.in_(chunk))
            for row in rows.order_by(TouchRow.at_utc, TouchRow.id):
                touch = self._touch(row)
                found.setdefault(touch.prospect_id, []).append(touch)
        return found

    def skip_pending_of(self, prospect_ids: Sequence[int]) -> int:
        """Skip the pending follow-ups of many prospects, in the caller's transaction;
        refresh_summaries comes after. How many were skipped."""
        ids = list(prospect_ids)
        count = 0
        for start in range(0, len(ids), _MAX_IN_LIST):
            chunk = ids[start : start + _MAX_IN_LIST]
            count += int(
                FollowUpRow.update(status=FollowUpStatus.SKIPPED.value)
                .where(
                    FollowUpRow.prospect.in_(chunk)
                    & (FollowUpRow.status == FollowUpStatus.PENDING.value)
                )
                .execute()
            )
        return count

    def set_closed_at(self, prospect_id: int, moment: datetime) -> None:
        """When a closed prospect was won or lost (demo data and imports set it)."""
        ProspectRow.update(closed_at_utc=to_db(moment)).where(
            (ProspectRow.id == prospect_id)
            & ProspectRow.stage.in_([s.value for s in Stage if s.is_closed])
        ).execute()

    def prospect_ids_on_cadence(self, cadence: str) -> list[int]:
        query = ProspectRow.select(ProspectRow.id).where(ProspectRow.cadence == cadence)
        rows = cast(Iterable[tuple[int]], query.order_by(ProspectRow.id).tuples())
        return [int(pid) for (pid,) in rows]

    def set_cadence(self, prospect_id: int, cadence: str, position: int, now: datetime) -> None:
        ProspectRow.update(cadence=cadence, cadence_position=position, updated_at=to_db(now)).where(
            ProspectRow.id == prospect_id
        ).execute()

    # -- touches -----------------------------------------------------------
    def add_touch(self, touch: Touch, now: datetime) -> int:
        with self.transaction():
            touch_id = self._insert_touch(touch, now)
            self.refresh_summaries([touch.prospect_id])
        return touch_id

    def _insert_touch(self, touch: Touch, now: datetime, touch_id: int | None = None) -> int:
        fields: dict[str, Any] = {
            "prospect": touch.prospect_id,
            "at_utc": to_db(touch.at),
            "channel": touch.channel.value,
            "direction": touch.direction.value,
            "outcome": touch.outcome.value if touch.outcome else None,
            "summary": touch.summary,
            "notes": touch.notes,
            "created_at": to_db(now),
        }
        if touch_id is not None:
            fields["id"] = touch_id
        return int(TouchRow.insert(**fields).execute())

    def touches(self, prospect_id: int) -> list[Touch]:
        """The prospect's timeline, newest first."""
        query = (
            TouchRow.select()
            .where(TouchRow.prospect == prospect_id)
            .order_by(TouchRow.at_utc.desc(), TouchRow.id.desc())
        )
        return [self._touch(r) for r in query]

    # -- follow-ups --------------------------------------------------------
    def add_follow_up(self, follow_up: FollowUp, now: datetime) -> int:
        with self.transaction():
            follow_up_id = self._insert_follow_up(follow_up, now)
            self.refresh_summaries([follow_up.prospect_id])
        return follow_up_id

    def _insert_follow_up(
        self, follow_up: FollowUp, now: datetime, follow_up_id: int | None = None
    ) -> int:
        due = follow_up.due_at
        assert due.tzinfo is not None
        fields: dict[str, Any] = {
            "prospect": follow_up.prospect_id,
            "due_local": local_iso(due),
            "due_tz": zone_name(due.tzinfo),
            "due_utc": to_db(due),
            "channel": follow_up.channel.value,
            "purpose": follow_up.purpose,
            "status": follow_up.status.value,
            "snoozed_until_utc": to_db(follow_up.snoozed_until)
            if follow_up.snoozed_until
            else None,
            "completed_by": follow_up.completed_by,
            "created_at": to_db(now),
        }
        if follow_up_id is not None:
            fields["id"] = follow_up_id
        return int(FollowUpRow.insert(**fields).execute())

    def get_follow_up(self, follow_up_id: int) -> FollowUp | None:
        row = FollowUpRow.get_or_none(FollowUpRow.id == follow_up_id)
        return None if row is None else self._follow_up(row)

    def follow_ups(self, prospect_id: int, status: FollowUpStatus | None = None) -> list[FollowUp]:
        query = FollowUpRow.select().where(FollowUpRow.prospect == prospect_id)
        if status is not None:
            query = query.where(FollowUpRow.status == status.value)
        return [self._follow_up(r) for r in query.order_by(FollowUpRow.due_utc, FollowUpRow.id)]

    def finish_follow_up(
        self, follow_up_id: int, status: FollowUpStatus, completed_by: int | None = None
    ) -> None:
        with self.transaction():
            row = FollowUpRow.get_by_id(follow_up_id)
            FollowUpRow.update(status=status.value, completed_by=completed_by).where(
                FollowUpRow.id == follow_up_id
            ).execute()
            self.refresh_summaries([int(row.prospect_id)])

    def skip_pending(self, prospect_id: int) -> int:
        """Mark every pending follow-up of a prospect skipped; returns how many."""
        with self.transaction():
            count = self.skip_pending_of([prospect_id])
            self.refresh_summaries([prospect_id])
        return count

    def due(self, until: datetime) -> list[DueItem]:
        """Pending follow-ups due by ``until`` (snoozing respected), earliest first."""
        return self.due_between(None, until)

    def due_between(
        self, start: datetime | None, until: datetime, limit: int | None = None, offset: int = 0
    ) -> list[DueItem]:
        """Pending follow-ups whose time (snoozing respected) falls in [start, until];
        ``limit`` and ``offset`` read one page of them."""
        effective = _effective_due()
        condition = (
            (FollowUpRow.status == FollowUpStatus.PENDING.value)
            & (FollowUpRow.due_utc <= to_db(until))
            & (effective <= to_db(until))
        )
        if start is not None:
            condition &= effective >= to_db(start)
        query = (
            FollowUpRow.select(*_FOLLOW_UP_COLUMNS, ProspectRow.name, ProspectRow.company)
            .join(ProspectRow, JOIN.INNER, on=(FollowUpRow.prospect == ProspectRow.id))
            .where(condition)
            .order_by(effective, FollowUpRow.id)
            .tuples()
        )
        if limit is not None:
            query = query.limit(limit).offset(offset)
        # A raw cursor: at thousands of rows, peewee's row building costs more than the SQL.
        return [
            DueItem(_follow_up_from_values(*values[:-2]), str(values[-2]), str(values[-1]))
            for values in self._db.execute(query).fetchall()
        ]

    def count_due_in(self, bounds: Sequence[datetime]) -> list[int]:
        """How many pending follow-ups demand attention in each of the spans
        [bounds[i], bounds[i + 1]) (snoozing respected): counted by SQLite, no row built."""
        if len(bounds) < 2:
            return []
        effective = _effective_due()
        span = Case(
            None,
            [(effective < to_db(bound), i) for i, bound in enumerate(bounds[1:])],
            -1,
        )
        query = (
            FollowUpRow.select(span, fn.COUNT(FollowUpRow.id))
            .where(
                (FollowUpRow.status == FollowUpStatus.PENDING.value)
                & (FollowUpRow.due_utc < to_db(bounds[-1]))
                & (effective >= to_db(bounds[0]))
                & (effective < to_db(bounds[-1]))
            )
            .group_by(span)
        )
        counts = [0] * (len(bounds) - 1)
        for index, count in self._db.execute(query).fetchall():
            if 0 <= index < len(counts):
                counts[index] = int(count)
        return counts

    def due_in_span(
        self, start: datetime, end: datetime, limit: int | None = None, offset: int = 0
    ) -> list[DueItem]:
        """One page of the pending follow-ups that demand attention in [start, end)
        (snoozing respected), earliest first: what ``count_due_in`` counts."""
        effective = _effective_due()
        query = (
            FollowUpRow.select(*_FOLLOW_UP_COLUMNS, ProspectRow.name, ProspectRow.company)
            .join(ProspectRow, JOIN.INNER, on=(FollowUpRow.prospect == ProspectRow.id))
            .where(
                (FollowUpRow.status == FollowUpStatus.PENDING.value)
                & (FollowUpRow.due_utc < to_db(end))
                & (effective >= to_db(start))
                & (effective < to_db(end))
            )
            .order_by(effective, FollowUpRow.id)
            .tuples()
        )
        if limit is not None:
            query = query.limit(limit).offset(offset)
        return [
            DueItem(_follow_up_from_values(*values[:-2]), str(values[-2]), str(values[-1]))
            for values in self._db.execute(query).fetchall()
        ]

    def count_due_between(self, start: datetime, until: datetime) -> int:
        """How many pending follow-ups ``due_between(start, until)`` would return."""
        effective = _effective_due()
        query = FollowUpRow.select(fn.COUNT(FollowUpRow.id)).where(
            (FollowUpRow.status == FollowUpStatus.PENDING.value)
            & (FollowUpRow.due_utc <= to_db(until))
            & (effective <= to_db(until))
            & (effective >= to_db(start))
        )
        return int(self._db.execute(query).fetchone()[0])

    @staticmethod
    def _unnotified(effective: Any) -> Any:
        """Not announced since it (last) came due: a snooze or a new time announces again."""
        return FollowUpRow.notified_at_utc.is_null() | (FollowUpRow.notified_at_utc < effective)

    def unnotified_due(self, until: datetime) -> list[DueItem]:
        """Pending follow-ups due by ``until`` (snoozing respected) and not yet announced."""
        effective = _effective_due()
        query = (
            FollowUpRow.select(*_FOLLOW_UP_COLUMNS, ProspectRow.name, ProspectRow.company)
            .join(ProspectRow, JOIN.INNER, on=(FollowUpRow.prospect == ProspectRow.id))
            .where(
                (FollowUpRow.status == FollowUpStatus.PENDING.value)
                & (FollowUpRow.due_utc <= to_db(until))
                & (effective <= to_db(until))
                & self._unnotified(effective)
            )
            .order_by(effective, FollowUpRow.id)
            .tuples()
        )
        return [
            DueItem(_follow_up_from_values(*values[:-2]), str(values[-2]), str(values[-1]))
            for values in self._db.execute(query).fetchall()
        ]

    def earliest_unnotified_due(self, after: datetime | None = None) -> datetime | None:
        """When the first pending, not yet announced follow-up (after ``after``) is due (UTC)."""
        effective = _effective_due()
        condition = (FollowUpRow.status == FollowUpStatus.PENDING.value) & self._unnotified(
            effective
        )
        if after is not None:
            condition &= effective > to_db(after)
        # The first one in due order (the index) bounds the search: no later due
        # time can be snoozed to earlier. A plain MIN reads every pending row.
        bound = (
            FollowUpRow.select(effective).where(condition).order_by(FollowUpRow.due_utc).limit(1)
        )
        query = FollowUpRow.select(fn.MIN(effective)).where(
            condition & (FollowUpRow.due_utc <= bound)
        )
        return from_db(self._db.execute(query).fetchone()[0])

    def mark_notified(self, follow_up_ids: Sequence[int], at: datetime | None) -> None:
        """Remember when follow-ups were announced (None: not yet), so a restart keeps quiet."""
        ids = list(follow_up_ids)
        stamp = to_db(at) if at is not None else None
        with self.transaction():
            for start in range(0, len(ids), _MAX_IN_LIST):
                chunk = ids[start : start + _MAX_IN_LIST]
                FollowUpRow.update(notified_at_utc=stamp).where(FollowUpRow.id.in_(chunk)).execute()

    def clear_notified(self, follow_up_ids: Sequence[int]) -> None:
        """Forget that follow-ups were announced (a snooze): they are announced again."""
        self.mark_notified(follow_up_ids, None)

    # -- lists -------------------------------------------------------------
    def query_prospect_ids(self, query: ProspectQuery, bounds: QueryBounds) -> list[int]:
        """Ids of the prospects a list shows, filtered and sorted in the database."""
        conditions = self._query_conditions(query, bounds)
        select = ProspectRow.select(ProspectRow.id)
        for condition in conditions:
            select = select.where(condition)
        select = select.order_by(*_sort_order(query.sort, query.descending, bool(conditions)))
        # A raw cursor: for 100k ids, peewee's row building costs more than the query.
        return [row[0] for row in self._db.execute(select).fetchall()]

    def count_prospects(self, query: ProspectQuery, bounds: QueryBounds) -> int:
        """How many prospects ``query_prospect_ids`` would return, counted by SQLite."""
        select = ProspectRow.select(fn.COUNT(ProspectRow.id))
        for condition in self._query_conditions(query, bounds):
            select = select.where(condition)
        return int(self._db.execute(select).fetchone()[0])

    def _query_conditions(self, query: ProspectQuery, bounds: QueryBounds) -> list[Any]:
        open_stages = [s.value for s in Stage if s.is_open]
        is_open = ProspectRow.stage.in_(open_stages)
        next_due = ProspectRow.next_due_utc
        conditions: list[Any] = []
        if query.text.strip():
            conditions.append(_like(ProspectRow.search_text, like_pattern(query.text.strip())))
        quick = query.quick
        if quick is QuickFilter.OVERDUE:
            conditions += [is_open, next_due < to_db(bounds.now)]
        elif quick is QuickFilter.DUE_TODAY:
            conditions += [
                is_open,
                next_due >= to_db(bounds.start_of_today),
                next_due <= to_db(bounds.end_of_today),
            ]
        elif quick is QuickFilter.THIS_WEEK:
            conditions += [
                is_open,
                next_due >= to_db(bounds.start_of_today),
                next_due <= to_db(bounds.end_of_week),
            ]
        elif quick is QuickFilter.NO_NEXT_STEP:
            conditions += [is_open, next_due.is_null()]
        elif quick is QuickFilter.GONE_COLD:
            conditions += [_gone_cold(is_open, bounds)]
        elif quick is QuickFilter.REVIVE:
            # Dropped: nothing planned ahead (no pending follow-up, or only overdue ones).
            dropped = next_due.is_null() | (next_due < to_db(bounds.now))
            revive = _gone_cold(is_open, bounds) & dropped
            if bounds.lost_before is not None:
                lost_for_timing = (
                    (ProspectRow.stage == Stage.LOST.value)
                    & (ProspectRow.closed_at_utc < to_db(bounds.lost_before))
                    & (fn.followup_is_timing(ProspectRow.lost_reason) == 1)
                )
                revive = revive | lost_for_timing
            conditions.append(revive)
        if query.stage is not None:
            conditions.append(ProspectRow.stage == query.stage.value)
        if query.tag:
            tagged = (
                ProspectTagRow.select(ProspectTagRow.prospect)
                .join(TagRow)
                .where(TagRow.name == query.tag)
            )
            conditions.append(ProspectRow.id.in_(tagged))
        return conditions

    def tag_counts(self) -> list[tuple[str, int]]:
        query = (
            TagRow.select(TagRow.name, fn.COUNT(ProspectTagRow.prospect))
            .join(ProspectTagRow, JOIN.LEFT_OUTER)
            .group_by(TagRow.id)
            .having(fn.COUNT(ProspectTagRow.prospect) > 0)
            .order_by(TagRow.name.collate("NOCASE"))
        )
        return [(str(n), int(c)) for n, c in cast(Iterable[tuple[str, int]], query.tuples())]

    # -- snapshots for undo ------------------------------------------------
    def snapshot_prospect(self, prospect_id: int) -> ProspectSnapshot | None:
        prospect = self.get_prospect(prospect_id)
        if prospect is None:
            return None
        thank_yous = tuple(
            self._thank_you_record(row)
            for row in ThankYouRow.select()
            .where(ThankYouRow.prospect == prospect_id)
            .order_by(ThankYouRow.id)
        )
        notified = tuple(
            (int(fid), moment)
            for fid, value in self._db.execute(
                FollowUpRow.select(FollowUpRow.id, FollowUpRow.notified_at_utc).where(
                    (FollowUpRow.prospect == prospect_id)
                    & FollowUpRow.notified_at_utc.is_null(False)
                )
            ).fetchall()
            if (moment := from_db(value)) is not None
        )
        return ProspectSnapshot(
            prospect,
            tuple(self.touches(prospect_id)),
            tuple(self.follow_ups(prospect_id)),
            thank_yous,
            notified,
        )

    def restore_prospect(self, snapshot: ProspectSnapshot, now: datetime) -> None:
        """Put a deleted prospect back with the same ids, touches and follow-ups."""
        p = snapshot.prospect
        with self.transaction():
            ProspectRow.insert(
                id=p.id,
                **self._prospect_fields(p),
                uid=p.uid or new_uid(),
                created_at=to_db(p.created_at or now),
                updated_at=to_db(p.updated_at or now),
            ).execute()
            assert p.id is not None
            self._set_tags(p.id, p.tags)
            for touch in snapshot.touches:
                self._insert_touch(touch, now, touch_id=touch.id)
            for follow_up in snapshot.follow_ups:
                self._insert_follow_up(follow_up, now, follow_up_id=follow_up.id)
            for follow_up_id, notified_at in snapshot.notified:
                FollowUpRow.update(notified_at_utc=to_db(notified_at)).where(
                    FollowUpRow.id == follow_up_id
                ).execute()
            for record in snapshot.thank_yous:
                fields = self._thank_you_fields(record)
                ThankYouRow.insert(id=record.id, **fields).execute()
            self.refresh_summaries([p.id])
            self._refresh_search_text(p.id)

    def update_touch(self, touch: Touch) -> None:
        with self.transaction():
            TouchRow.update(
                at_utc=to_db(touch.at),
                channel=touch.channel.value,
                direction=touch.direction.value,
                outcome=touch.outcome.value if touch.outcome else None,
                summary=touch.summary,
                notes=touch.notes,
            ).where(TouchRow.id == touch.id).execute()
            self.refresh_summaries([touch.prospect_id])

    def delete_touch(self, touch_id: int) -> TouchSnapshot | None:
        row = TouchRow.get_or_none(TouchRow.id == touch_id)
        if row is None:
            return None
        touch = self._touch(row)
        with self.transaction():
            completed = tuple(
                int(r.id)
                for r in FollowUpRow.select(FollowUpRow.id).where(
                    FollowUpRow.completed_by == touch_id
                )
            )
            TouchRow.delete().where(TouchRow.id == touch_id).execute()
            self.refresh_summaries([touch.prospect_id])
        return TouchSnapshot(touch, completed)

    def restore_touch(self, snapshot: TouchSnapshot, now: datetime) -> None:
        with self.transaction():
            touch_id = self._insert_touch(snapshot.touch, now, touch_id=snapshot.touch.id)
            if snapshot.completed_follow_ups:
                FollowUpRow.update(completed_by=touch_id).where(
                    FollowUpRow.id.in_(list(snapshot.completed_follow_ups))
                ).execute()
            self.refresh_summaries([snapshot.touch.prospect_id])

    def update_follow_up(self, follow_up: FollowUp) -> None:
        """Save a follow-up's due time, channel, purpose, status and snooze."""
        due = follow_up.due_at
        assert due.tzinfo is not None
        with self.transaction():
            FollowUpRow.update(
                due_local=local_iso(due),
                due_tz=zone_name(due.tzinfo),
                due_utc=to_db(due),
                channel=follow_up.channel.value,
                purpose=follow_up.purpose,
                status=follow_up.status.value,
                snoozed_until_utc=to_db(follow_up.snoozed_until)
                if follow_up.snoozed_until
                else None,
                completed_by=follow_up.completed_by,
            ).where(FollowUpRow.id == follow_up.id).execute()
            self.refresh_summaries([follow_up.prospect_id])

    def delete_follow_up(self, follow_up_id: int) -> None:
        row = FollowUpRow.get_or_none(FollowUpRow.id == follow_up_id)
        if row is None:
            return
        with self.transaction():
            FollowUpRow.delete().where(FollowUpRow.id == follow_up_id).execute()
            self.refresh_summaries([int(row.prospect_id)])

    # -- summaries ---------------------------------------------------------
    def refresh_summaries(self, prospect_ids: Iterable[int] | None) -> None:
        """Recompute touch counts, last touch and next due from the rows."""
        if prospect_ids is None:
            self._db.execute_sql(SUMMARY_UPDATE)
            return
        ids = list(prospect_ids)
        if ids:
            marks = ", ".join("?" for _ in ids)
            self._db.execute_sql(f"{SUMMARY_UPDATE} WHERE id IN ({marks})", ids)

    def rebuild_search_text(self) -> None:
        """Recompute every prospect's search text (after a bulk load)."""
        with self.transaction():
            fill_search_text(self._db)

    # -- thank-you notes -----------------------------------------------------
    @staticmethod
    def _pending_thank_you() -> Any:
        return ThankYouRow.sent_at.is_null() & ThankYouRow.removed_at.is_null()

    @staticmethod
    def _thank_you_record(row: ThankYouRow) -> ThankYouRecord:
        occurred, created = from_db(row.occurred_at), from_db(row.created_at)
        assert occurred is not None
        assert created is not None
        return ThankYouRecord(
            id=int(row.id),
            prospect_id=int(row.prospect_id),
            touch_id=row.touch_id,
            reason=row.reason,
            talking_point=row.talking_point,
            occurred_at=occurred,
            created_at=created,
            sent_at=from_db(row.sent_at),
            sent_touch_id=row.sent_touch_id,
            removed_at=from_db(row.removed_at),
        )

    @staticmethod
    def _thank_you_fields(record: ThankYouRecord) -> dict[str, Any]:
        return {
            "prospect": record.prospect_id,
            "touch": record.touch_id,
            "reason": record.reason,
            "talking_point": record.talking_point,
            "occurred_at": to_db(record.occurred_at),
            "created_at": to_db(record.created_at),
            "sent_at": to_db(record.sent_at) if record.sent_at else None,
            "sent_touch": record.sent_touch_id,
            "removed_at": to_db(record.removed_at) if record.removed_at else None,
        }

    def add_thank_you(self, record: ThankYouRecord) -> int:
        """Store a thank-you entry (with its own id when ``record.id`` is set); returns the id."""
        fields = self._thank_you_fields(record)
        if record.id is not None:
            fields["id"] = record.id
        with self.transaction():
            return int(ThankYouRow.insert(**fields).execute())

    def update_thank_you(self, record: ThankYouRecord) -> None:
        if record.id is None:
            raise ValueError("update_thank_you needs a stored entry")
        with self.transaction():
            ThankYouRow.update(**self._thank_you_fields(record)).where(
                ThankYouRow.id == record.id
            ).execute()

    def get_thank_you(self, entry_id: int) -> ThankYouRecord | None:
        row = ThankYouRow.get_or_none(ThankYouRow.id == entry_id)
        return None if row is None else self._thank_you_record(row)

    def pending_thank_you(self, prospect_id: int) -> ThankYouRecord | None:
        """The prospect's entry still on the list (there is at most one)."""
        row = (
            ThankYouRow.select()
            .where((ThankYouRow.prospect == prospect_id) & self._pending_thank_you())
            .order_by(ThankYouRow.id)
            .first()
        )
        return None if row is None else self._thank_you_record(row)

    def thank_you_queue(self) -> list[tuple[ThankYouRecord, Prospect]]:
        """Pending entries with their prospects, the longest waiting first."""
        query = (
            ThankYouRow.select(ThankYouRow, ProspectRow)
            .join(ProspectRow, JOIN.INNER, on=(ThankYouRow.prospect == ProspectRow.id))
            .where(self._pending_thank_you())
            .order_by(ThankYouRow.occurred_at, ThankYouRow.id)
        )
        return [(self._thank_you_record(row), self._prospect(row.prospect, ())) for row in query]

    def thank_you_count(self) -> int:
        return int(ThankYouRow.select().where(self._pending_thank_you()).count())

    def touches_since(self, since: datetime, channels: Sequence[Channel]) -> list[Touch]:
        """Every prospect's touches on ``channels`` since ``since``, oldest first."""
        query = (
            TouchRow.select()
            .where(
                (TouchRow.at_utc >= to_db(since))
                & TouchRow.channel.in_([c.value for c in channels])
            )
            .order_by(TouchRow.at_utc, TouchRow.id)
        )
        return [self._touch(r) for r in query]

    def thank_you_touch_ids(self) -> set[int]:
        """The touches that have put an entry on the thank-you list (sent or not)."""
        query = ThankYouRow.select(ThankYouRow.touch).where(ThankYouRow.touch.is_null(False))
        return {int(touch_id) for (touch_id,) in self._db.execute(query).fetchall()}

    def report_facts(self) -> tuple[list[ProspectFacts], list[TouchFacts]]:
        """Every prospect's stage, lost reason and closing time, and every touch's
        prospect, time, channel, direction and outcome, in id order (the report puts
        each prospect's in time order): what the persistence report is worked out from."""
        prospect_query = ProspectRow.select(
            ProspectRow.id,
            ProspectRow.stage,
            ProspectRow.lost_reason,
            ProspectRow.closed_at_utc,
            ProspectRow.next_due_utc,
        ).tuples()
        touch_query = (
            TouchRow.select(
                TouchRow.prospect,
                TouchRow.at_utc,
                TouchRow.channel,
                TouchRow.direction,
                TouchRow.outcome,
            )
            .order_by(TouchRow.id)  # the table's own order: twice as fast as by prospect
            .tuples()
        )
        # Raw cursors and lookup tables: peewee's row building would cost more than the SQL.
        stages = {s.value: s for s in Stage}
        channels = {c.value: c for c in Channel}
        directions = {d.value: d for d in Direction}
        outcomes: dict[str | None, Outcome | None] = {o.value: o for o in Outcome}
        outcomes[None] = None
        prospects = [
            ProspectFacts(int(pid), stages[stage], str(reason), from_db(closed), from_db(due))
            for pid, stage, reason, closed, due in self._db.execute(prospect_query).fetchall()
        ]
        parse = datetime.fromisoformat  # ten times faster with the offset than .replace()
        touches = [
            TouchFacts(
                pid,
                parse(at + "+00:00") if type(at) is str else _utc(at),
                channels[c],
                directions[d],
                outcomes[o],
            )
            for pid, at, c, d, o in self._db.execute(touch_query).fetchall()
        ]
        return prospects, touches

    # -- import and export ---------------------------------------------------
    def add_prospects(self, prospects: Sequence[Prospect], now: datetime) -> list[int]:
        """Insert many new prospects (an import) in the caller's transaction; their ids."""
        ids: list[int] = []
        stamp = to_db(now)
        for p in prospects:
            text = search_text_for(
                p.name, p.company, p.title, p.emails, p.phones, p.tags, p.notes, p.address.city
            )
            pid = int(
                ProspectRow.insert(
                    **self._prospect_fields(p),
                    uid=p.uid or new_uid(),
                    created_at=stamp,
                    updated_at=stamp,
                    search_text=text,
                ).execute()
            )
            if p.tags:
                self._set_tags(pid, p.tags)
            ids.append(pid)
        return ids

    def add_follow_ups(self, follow_ups: Sequence[FollowUp], now: datetime) -> None:
        """Insert follow-ups in the caller's transaction; refresh_summaries comes after."""
        for follow_up in follow_ups:
            self._insert_follow_up(follow_up, now)

    def delete_prospects(self, prospect_ids: Sequence[int]) -> None:
        with self.transaction():
            ids = list(prospect_ids)
            for start in range(0, len(ids), _MAX_IN_LIST):
                chunk = ids[start : start + _MAX_IN_LIST]
                ProspectRow.delete().where(ProspectRow.id.in_(chunk)).execute()

    def contact_keys(self) -> list[ContactKey]:
        """Every prospect's name, company, e-mails, phones and uid, by id."""
        rows = self._db.execute_sql(
            "SELECT id, name, company, emails, phones, uid FROM prospect ORDER BY id"
        ).fetchall()
        return [
            ContactKey(
                int(pid),
                str(name),
                str(company),
                tuple(json.loads(emails)),
                tuple(json.loads(phones)),
                str(uid),
            )
            for pid, name, company, emails, phones, uid in rows
        ]

    def prospect_uids(self) -> dict[int, str]:
        rows = self._db.execute_sql("SELECT id, uid FROM prospect").fetchall()
        return {int(pid): str(uid) for pid, uid in rows}

    def pending_follow_ups(self) -> list[DueItem]:
        """Every pending follow-up with its prospect, soonest first."""
        return self.due_between(None, datetime(9999, 1, 1, tzinfo=UTC))

    def get_setting(self, key: str) -> str | None:
        row = SettingRow.get_or_none(SettingRow.key == key)
        return None if row is None else str(row.value)

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            SettingRow.insert(key=key, value=value).on_conflict_replace().execute()

    # -- helpers -----------------------------------------------------------
    @staticmethod
    def _prospect_fields(p: Prospect) -> dict[str, Any]:
        return {
            "name": p.name,
            "company": p.company,
            "title": p.title,
            "emails": json.dumps(list(p.emails), ensure_ascii=False),
            "phones": json.dumps(list(p.phones), ensure_ascii=False),
            "street": p.address.street,
            "city": p.address.city,
            "region": p.address.region,
            "postal_code": p.address.postal_code,
            "country": p.address.country,
            "source": p.source.value,
            "deal_value": p.deal_value,
            "preferred_channel": p.preferred_channel.value if p.preferred_channel else None,
            "stage": p.stage.value,
            "lost_reason": p.lost_reason,
            "notes": p.notes,
            "cadence": p.cadence,
            "cadence_position": p.cadence_position,
            "closed_at_utc": _closed_at(p),
        }

    def _set_tags(self, prospect_id: int, tags: Sequence[str]) -> None:
        """Give a prospect these tags, writing only the links that change (the log
        of an edit that keeps the tags has no tag rows in it)."""
        wanted: list[int] = []
        for name in dict.fromkeys(t.strip().lstrip("#") for t in tags if t.strip().lstrip("#")):
            tag, _ = TagRow.get_or_create(name=name)
            wanted.append(int(tag.id))
        links = ProspectTagRow.select(ProspectTagRow.tag).where(
            ProspectTagRow.prospect == prospect_id
        )
        held = {int(t) for (t,) in cast(Iterable[tuple[int]], links.tuples())}
        gone = held - set(wanted)
        if gone:
            ProspectTagRow.delete().where(
                (ProspectTagRow.prospect == prospect_id) & ProspectTagRow.tag.in_(list(gone))
            ).execute()
        for tag_id in wanted:
            if tag_id not in held:
                ProspectTagRow.insert(prospect=prospect_id, tag=tag_id).execute()

    def _tags_of(self, prospect_ids: Sequence[int] | None) -> dict[int, tuple[str, ...]]:
        query = (
            ProspectTagRow.select(ProspectTagRow.prospect, TagRow.name)
            .join(TagRow)
            .order_by(TagRow.name)
        )
        wanted: set[int] | None = None
        if prospect_ids is not None and len(prospect_ids) <= _MAX_IN_LIST:
            query = query.where(ProspectTagRow.prospect.in_(list(prospect_ids)))
        elif prospect_ids is not None:
            wanted = set(prospect_ids)  # too many for one IN list: filter here
        tags: dict[int, list[str]] = {}
        pairs = cast(Iterable[tuple[int, str]], query.tuples())
        for pid, name in pairs:
            if wanted is None or pid in wanted:
                tags.setdefault(int(pid), []).append(str(name))
        return {pid: tuple(names) for pid, names in tags.items()}

    def _refresh_search_text(self, prospect_id: int) -> None:
        row = ProspectRow.get_by_id(prospect_id)
        tags = self._tags_of([prospect_id]).get(prospect_id, ())
        text = search_text_for(
            row.name,
            row.company,
            row.title,
            json.loads(row.emails),
            json.loads(row.phones),
            tags,
            row.notes,
            row.city,
        )
        ProspectRow.update(search_text=text).where(ProspectRow.id == prospect_id).execute()

    @staticmethod
    def _prospect(row: ProspectRow, tags: tuple[str, ...]) -> Prospect:
        return Prospect(
            id=int(row.id),
            name=row.name,
            company=row.company,
            title=row.title,
            emails=tuple(json.loads(row.emails)),
            phones=tuple(json.loads(row.phones)),
            address=PostalAddress(
                street=row.street,
                city=row.city,
                region=row.region,
                postal_code=row.postal_code,
                country=row.country,
            ),
            source=Source(row.source),
            deal_value=Decimal(row.deal_value) if row.deal_value is not None else None,
            preferred_channel=Channel(row.preferred_channel) if row.preferred_channel else None,
            stage=Stage(row.stage),
            lost_reason=row.lost_reason,
            tags=tags,
            notes=row.notes,
            cadence=row.cadence,
            cadence_position=int(row.cadence_position),
            created_at=from_db(row.created_at),
            updated_at=from_db(row.updated_at),
            uid=row.uid,
            closed_at=from_db(row.closed_at_utc),
        )

    def _summary(self, row: ProspectRow, tags: tuple[str, ...]) -> ProspectSummary:
        return ProspectSummary(
            prospect=self._prospect(row, tags),
            touch_count=int(row.touch_count),
            last_touch_at=from_db(row.last_touch_utc),
            next_due_at=from_db(row.next_due_utc),
        )

    @staticmethod
    def _touch(row: TouchRow) -> Touch:
        at = from_db(row.at_utc)
        assert at is not None
        return Touch(
            id=int(row.id),
            prospect_id=int(row.prospect_id),
            at=at,
            channel=Channel(row.channel),
            direction=Direction(row.direction),
            outcome=Outcome(row.outcome) if row.outcome else None,
            summary=row.summary,
            notes=row.notes,
        )

    @staticmethod
    def _follow_up(row: FollowUpRow) -> FollowUp:
        return _follow_up_from_values(
            row.id,
            row.prospect_id,
            row.due_local,
            row.due_tz,
            row.channel,
            row.purpose,
            row.status,
            row.snoozed_until_utc,
            row.completed_by_id,
        )
