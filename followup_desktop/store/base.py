"""The store's foundation: the connection, operations, and shared row conversions."""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from peewee import (
    Database,
    DatabaseError,
    IntegrityError,
    OperationalError,
)

from followup_desktop.domain.changes import Changes
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUp,
    Outcome,
    PostalAddress,
    Prospect,
    Source,
    Stage,
    Touch,
)
from followup_desktop.store import oplog
from followup_desktop.store.errors import StoreError
from followup_desktop.store.migrations import LOG_SCHEMA, SUMMARY_UPDATE
from followup_desktop.store.models import (
    FollowUpRow,
    ProspectRow,
    ProspectTagRow,
    SettingRow,
    TagRow,
    TouchRow,
)
from followup_desktop.store.rows import (
    MAX_IN_LIST,
    ProspectSummary,
    closed_at_of,
    first_cause,
    follow_up_from_values,
    from_db,
    write_failure,
)
from followup_desktop.store.search import search_text_for, sort_key_for

# A count of follow-ups per span, and the read_epoch it was made in.
_Counted = tuple[tuple[int, int], tuple[int, ...]]


class OpResult:
    """The operation a transaction made: its id, and once committed, what it changed."""

    def __init__(self, op_id: int | None) -> None:
        self.op_id = op_id
        self.changes = Changes()


class StoreBase:
    """The database connection, its transactions and operation log, and the row
    conversions every aggregate shares.

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
        # The thread that asks for other programs' changes (the GUI thread): writes
        # made on other threads (the phone sync's) change its connection's
        # data_version, so only that thread's own writes count as seen in advance.
        self._poller = threading.get_ident()
        self.writes = 0  # this program's committed transactions, for caches of reads
        # Counts of follow-ups per span, by their edges: (read_epoch, counts); one
        # cache a thread, as each thread reads through its own connection, whose
        # data_version is its own.
        self._counted_by_thread: dict[int, dict[tuple[str, ...], _Counted]] = {}
        # Why the file was opened read-only, in words ("" when it can be changed).
        self.read_only = ""
        self._log = self.schema_version() >= LOG_SCHEMA
        if self._log:
            self._seen_op = oplog.last_op_id(self._conn())
            self._data_version = self._read_data_version()

    def close(self) -> None:
        if not self._db.is_closed():
            self._db.close()

    @property
    def path(self) -> Path:
        """The database file."""
        return Path(self._db.database)

    def last_op_id(self) -> int:
        """The newest operation in the log, whoever made it (0 without a log)."""
        return oplog.last_op_id(self._conn()) if self._logged() else 0

    def announce(self, changes: Changes) -> None:
        """Tell every listener about a change made outside an operation (a restore)."""
        for listener in list(self._listeners):
            listener(changes)

    def take_over(self, other: StoreBase) -> None:
        """Use ``other``'s connection from now on (the file reopened after a restore),
        keeping this store's listeners, clock and session; ``other`` is spent."""
        self.close()
        self._db = other._db
        self._log = other._log
        self._seen_op = other._seen_op
        self._data_version = other._data_version
        self._refusal = None
        self._counted_by_thread.clear()  # read from the file this one replaces

    def _counted(self) -> dict[tuple[str, ...], _Counted]:
        """This thread's cache of counts."""
        return self._counted_by_thread.setdefault(threading.get_ident(), {})

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
            # BEGIN IMMEDIATE: an operation that reads, decides and writes holds the
            # write lock from its first read, so no other writer slips in between.
            with self._db.atomic("IMMEDIATE"):
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
                    result.changes = oplog.end(self._conn(), result.op_id, everything=everything)
            self.writes += 1  # what was read before may have changed
            if result.op_id == self._seen_op + 1 and threading.get_ident() == self._poller:
                self._seen_op = result.op_id  # no other program wrote in between
        except (OperationalError, IntegrityError, DatabaseError) as exc:
            # SQLite rolls a transaction back by itself after some errors (a full
            # disk); the failed rollbacks that follow must not hide the cause.
            raise StoreError(write_failure(first_cause(exc))) from exc
        if outer and result.changes:
            for listener in list(self._listeners):
                listener(result.changes)

    def verify(self) -> str | None:
        """Read the whole file for damage (``quick_check``) on a connection of its
        own, so that it can run off the GUI thread; None when it is whole."""
        path = str(self._db.database)
        uri = path if path.startswith("file:") else f"{Path(path).resolve().as_uri()}?mode=ro"
        try:
            conn = sqlite3.connect(uri, uri=True)
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

    def read_epoch(self) -> tuple[int, int]:
        """Changes whenever anything may have been written, by this program or
        another: a read cached under one epoch is good until the next."""
        return self._read_data_version(), self.writes

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

    def refresh_summaries(self, prospect_ids: Iterable[int] | None) -> None:
        """Recompute touch counts, last touch and next due from the rows."""
        if prospect_ids is None:
            self._db.execute_sql(SUMMARY_UPDATE)
            return
        ids = list(prospect_ids)
        if ids:
            marks = ", ".join("?" for _ in ids)
            self._db.execute_sql(f"{SUMMARY_UPDATE} WHERE id IN ({marks})", ids)

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
            "closed_at_utc": closed_at_of(p),
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
        if prospect_ids is not None and len(prospect_ids) <= MAX_IN_LIST:
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
        ProspectRow.update(search_text=text, sort_key=sort_key_for(row.name)).where(
            ProspectRow.id == prospect_id
        ).execute()

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
            version=int(row.version),
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
        return follow_up_from_values(
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

    def get_setting(self, key: str) -> str | None:
        row = SettingRow.get_or_none(SettingRow.key == key)
        return None if row is None else str(row.value)

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            SettingRow.insert(key=key, value=value).on_conflict_replace().execute()
