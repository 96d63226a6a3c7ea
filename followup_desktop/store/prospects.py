"""Prospects: their rows, tags, lists, counts and snapshots."""

from __future__ import annotations

import json
from array import array
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from peewee import (
    JOIN,
    fn,
)

from followup_desktop.domain.model import (
    Channel,
    Direction,
    Outcome,
    Prospect,
    Stage,
)
from followup_desktop.domain.queries import ProspectQuery, QueryBounds, QuickFilter
from followup_desktop.domain.report import ProspectFacts, TouchFacts
from followup_desktop.store.base import StoreBase
from followup_desktop.store.migrations import fill_search_text, fill_sort_keys
from followup_desktop.store.models import (
    ProspectRow,
    ProspectTagRow,
    TagRow,
    TouchRow,
)
from followup_desktop.store.rows import (
    MAX_IN_LIST,
    ContactKey,
    ProspectSummary,
    as_utc,
    from_db,
    gone_cold,
    is_row_id,
    like,
    new_uid,
    sort_order,
    text_matches,
    to_db,
)
from followup_desktop.store.search import like_pattern, search_text_for, sort_key_for

# A column's field in ``Prospect`` where the names differ.
_FIELD_OF_COLUMN = {
    "street": "address",
    "city": "address",
    "region": "address",
    "postal_code": "address",
    "country": "address",
    "closed_at_utc": "stage",
}


class ProspectStore(StoreBase):
    """Prospects, their tags and the queries the lists run."""

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

    def update_prospect(
        self, prospect: Prospect, now: datetime, only: Collection[str] | None = None
    ) -> None:
        """Write a prospect's fields (``only`` these, by their names in ``Prospect``)
        and raise its row version."""
        if prospect.id is None:
            raise ValueError("update_prospect needs a stored prospect")
        fields = self._prospect_fields(prospect)
        if prospect.uid:
            fields["uid"] = prospect.uid
        if only is not None:
            fields = {c: v for c, v in fields.items() if _FIELD_OF_COLUMN.get(c, c) in only}
        with self.transaction():
            ProspectRow.update(
                **fields, updated_at=to_db(now), version=ProspectRow.version + 1
            ).where(ProspectRow.id == prospect.id).execute()
            if only is None or "tags" in only:
                self._set_tags(prospect.id, prospect.tags)
            self._refresh_search_text(prospect.id)

    def delete_prospect(self, prospect_id: int) -> None:
        with self.transaction():
            ProspectRow.delete().where(ProspectRow.id == prospect_id).execute()

    def get_prospect(self, prospect_id: int) -> Prospect | None:
        if not is_row_id(prospect_id):
            return None
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
                like(ProspectRow.search_text, like_pattern(folded))
            )
            if folded in str(r.name).casefold()
        )
        return [(pid, name) for _, pid, name in matches[:limit]]

    def search_prospect_ids(self, fragment: str, limit: int | None = None) -> list[int]:
        """Prospects whose name, company, e-mail, phone, tags or notes contain ``fragment``."""
        query = (
            ProspectRow.select(ProspectRow.id)
            .where(text_matches(fragment))
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
        if ids is not None and len(ids) <= MAX_IN_LIST:
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
            version=ProspectRow.version + 1,
        ).where(ProspectRow.id == prospect_id).execute()

    def set_closed_at(self, prospect_id: int, moment: datetime) -> None:
        """When a closed prospect was won or lost (demo data and imports set it)."""
        ProspectRow.update(closed_at_utc=to_db(moment), version=ProspectRow.version + 1).where(
            (ProspectRow.id == prospect_id)
            & ProspectRow.stage.in_([s.value for s in Stage if s.is_closed])
        ).execute()

    def prospect_ids_on_cadence(self, cadence: str) -> list[int]:
        query = ProspectRow.select(ProspectRow.id).where(ProspectRow.cadence == cadence)
        rows = cast(Iterable[tuple[int]], query.order_by(ProspectRow.id).tuples())
        return [int(pid) for (pid,) in rows]

    def set_cadence(self, prospect_id: int, cadence: str, position: int, now: datetime) -> None:
        ProspectRow.update(
            cadence=cadence,
            cadence_position=position,
            updated_at=to_db(now),
            version=ProspectRow.version + 1,
        ).where(ProspectRow.id == prospect_id).execute()

    def query_prospect_ids(self, query: ProspectQuery, bounds: QueryBounds) -> list[int]:
        """Ids of the prospects a list shows, filtered and sorted in the database."""
        return list(self.query_prospect_id_array(query, bounds))

    def query_prospect_id_array(self, query: ProspectQuery, bounds: QueryBounds) -> array[int]:
        """``query_prospect_ids`` as a packed array: 8 bytes an id, where a list of
        a hundred thousand ints takes four times as much."""
        conditions = self._query_conditions(query, bounds)
        select = ProspectRow.select(ProspectRow.id)
        for condition in conditions:
            select = select.where(condition)
        select = select.order_by(*sort_order(query.sort, query.descending, bool(conditions)))
        # A raw cursor, read row by row: for 100k ids, peewee's row building (or a
        # list of every row first) costs more than the query.
        return array("q", (row[0] for row in self._db.execute(select)))

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
            conditions.append(text_matches(query.text))
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
            conditions += [gone_cold(open_stages, bounds)]
        elif quick is QuickFilter.REVIVE:
            # Dropped: nothing planned ahead (no pending follow-up, or only overdue ones).
            dropped = next_due.is_null() | (next_due < to_db(bounds.now))
            revive = gone_cold(open_stages, bounds) & dropped
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

    def rebuild_search_text(self) -> None:
        """Recompute every prospect's search text (after a bulk load)."""
        with self.transaction():
            fill_search_text(self._db)
            fill_sort_keys(self._db)

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
                    sort_key=sort_key_for(p.name),
                ).execute()
            )
            if p.tags:
                self._set_tags(pid, p.tags)
            ids.append(pid)
        return ids

    def delete_prospects(self, prospect_ids: Sequence[int]) -> None:
        with self.transaction():
            ids = list(prospect_ids)
            for start in range(0, len(ids), MAX_IN_LIST):
                chunk = ids[start : start + MAX_IN_LIST]
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
                parse(at + "+00:00") if type(at) is str else as_utc(at),
                channels[c],
                directions[d],
                outcomes[o],
            )
            for pid, at, c, d, o in self._db.execute(touch_query).fetchall()
        ]
        return prospects, touches
