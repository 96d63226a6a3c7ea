"""Follow-ups: pending, due, announced, done."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from peewee import (
    JOIN,
    fn,
)

from followup_desktop.domain.model import (
    FollowUp,
    FollowUpStatus,
)
from followup_desktop.domain.wallclock import local_iso, zone_name
from followup_desktop.store.base import StoreBase
from followup_desktop.store.models import (
    FollowUpRow,
    ProspectRow,
)
from followup_desktop.store.rows import (
    FOLLOW_UP_COLUMNS,
    MAX_IN_LIST,
    DueItem,
    effective_due,
    follow_up_from_values,
    from_db,
    is_row_id,
    to_db,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _just_after(until: datetime) -> datetime:
    """The end of [start, until] as a half-open span: the store keeps whole seconds,
    so "up to and including until" is "before the next second"."""
    return until + timedelta(seconds=1)


class FollowUpStore(StoreBase):
    """Follow-ups and what is due when."""

    def skip_pending_of(self, prospect_ids: Sequence[int]) -> int:
        """Skip the pending follow-ups of many prospects, in the caller's transaction;
        refresh_summaries comes after. How many were skipped."""
        ids = list(prospect_ids)
        count = 0
        for start in range(0, len(ids), MAX_IN_LIST):
            chunk = ids[start : start + MAX_IN_LIST]
            count += int(
                FollowUpRow.update(status=FollowUpStatus.SKIPPED.value)
                .where(
                    FollowUpRow.prospect.in_(chunk)
                    & (FollowUpRow.status == FollowUpStatus.PENDING.value)
                )
                .execute()
            )
        return count

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
        if not is_row_id(follow_up_id):
            return None
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

    def due_between(self, start: datetime | None, until: datetime) -> list[DueItem]:
        """Pending follow-ups whose time (snoozing respected) falls in [start, until]."""
        return self.due_in_span(start or _EPOCH, _just_after(until))

    def count_due_in(self, bounds: Sequence[datetime]) -> list[int]:
        """How many pending follow-ups demand attention in each of the spans
        [bounds[i], bounds[i + 1]) (snoozing respected): counted by SQLite, no row built."""
        if len(bounds) < 2:
            return []
        edges = [str(to_db(bound)) for bound in bounds]  # as SQLite compares them: text
        key, epoch, counted_here = tuple(edges), self.read_epoch(), self._counted()
        cached = counted_here.get(key)
        if cached is not None and cached[0] == epoch:
            return list(cached[1])  # one change re-reads the agenda, navigation and tray
        for counted_edges, (counted_epoch, counted) in counted_here.items():
            # One span of a count already made (the calendar's day, from its month).
            if len(key) == 2 and counted_epoch == epoch and key[0] in counted_edges:
                at = counted_edges.index(key[0])
                if counted_edges[at + 1 : at + 2] == key[1:]:
                    return [counted[at]]
        counts = self._count_due_in(bounds, edges)
        if len(counted_here) > 16:
            counted_here.clear()
        counted_here[key] = (epoch, tuple(counts))
        return counts

    def _count_due_in(self, bounds: Sequence[datetime], edges: list[str]) -> list[int]:
        # Counted per distinct moment through the index on the moment (schema 9),
        # whose order the grouping follows, and put in the spans here: a CASE over
        # the spans (a month's 42 days for the calendar) would be worked out once
        # per row and span, and grouping by any other expression sorts every row.
        effective = effective_due()
        query = (
            FollowUpRow.select(effective, fn.COUNT(FollowUpRow.id))
            .where(
                (FollowUpRow.status == FollowUpStatus.PENDING.value)
                & (effective >= to_db(bounds[0]))
                & (effective < to_db(bounds[-1]))
            )
            .group_by(effective)
        )
        counts = [0] * (len(bounds) - 1)
        for moment, count in self._db.execute(query).fetchall():
            index = bisect_right(edges, str(moment)) - 1
            if 0 <= index < len(counts):
                counts[index] += int(count)
        return counts

    def due_in_span(
        self, start: datetime, end: datetime, limit: int | None = None, offset: int = 0
    ) -> list[DueItem]:
        """One page of the pending follow-ups that demand attention in [start, end)
        (snoozing respected), earliest first: what ``count_due_in`` counts."""
        effective = effective_due()
        return self._due_items(
            (FollowUpRow.status == FollowUpStatus.PENDING.value)
            & (effective >= to_db(start))
            & (effective < to_db(end)),
            limit,
            offset,
        )

    def _due_items(
        self, condition: Any, limit: int | None = None, offset: int = 0
    ) -> list[DueItem]:
        """Follow-ups meeting ``condition`` with their prospect's name and company,
        earliest first (snoozing respected)."""
        query = (
            FollowUpRow.select(*FOLLOW_UP_COLUMNS, ProspectRow.name, ProspectRow.company)
            .join(ProspectRow, JOIN.INNER, on=(FollowUpRow.prospect == ProspectRow.id))
            .where(condition)
            .order_by(effective_due(), FollowUpRow.id)
            .tuples()
        )
        if limit is not None:
            query = query.limit(limit).offset(offset)
        # A raw cursor: at thousands of rows, peewee's row building costs more than the SQL.
        return [
            DueItem(follow_up_from_values(*values[:-2]), str(values[-2]), str(values[-1]))
            for values in self._db.execute(query).fetchall()
        ]

    @staticmethod
    def _unnotified(effective: Any) -> Any:
        """Not announced since it (last) came due: a snooze or a new time announces again."""
        return FollowUpRow.notified_at_utc.is_null() | (FollowUpRow.notified_at_utc < effective)

    def unnotified_due(self, until: datetime) -> list[DueItem]:
        """Pending follow-ups due by ``until`` (snoozing respected) and not yet announced."""
        effective = effective_due()
        return self._due_items(
            (FollowUpRow.status == FollowUpStatus.PENDING.value)
            & (effective <= to_db(until))
            & self._unnotified(effective)
        )

    def earliest_unnotified_due(self, after: datetime | None = None) -> datetime | None:
        """When the first pending, not yet announced follow-up (after ``after``) is due (UTC)."""
        effective = effective_due()
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
            for start in range(0, len(ids), MAX_IN_LIST):
                chunk = ids[start : start + MAX_IN_LIST]
                FollowUpRow.update(notified_at_utc=stamp).where(FollowUpRow.id.in_(chunk)).execute()

    def clear_notified(self, follow_up_ids: Sequence[int]) -> None:
        """Forget that follow-ups were announced (a snooze): they are announced again."""
        self.mark_notified(follow_up_ids, None)

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

    def add_follow_ups(self, follow_ups: Sequence[FollowUp], now: datetime) -> None:
        """Insert follow-ups in the caller's transaction; refresh_summaries comes after."""
        for follow_up in follow_ups:
            self._insert_follow_up(follow_up, now)

    def pending_follow_ups(self) -> list[DueItem]:
        """Every pending follow-up with its prospect, soonest first."""
        return self.due_between(None, datetime(9999, 1, 1, tzinfo=UTC))
