"""Touches: the timeline's rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from followup_desktop.domain.model import (
    Channel,
    Touch,
)
from followup_desktop.store.base import StoreBase
from followup_desktop.store.models import (
    FollowUpRow,
    TouchRow,
)
from followup_desktop.store.rows import (
    MAX_IN_LIST,
    TouchSnapshot,
    to_db,
)


class TouchStore(StoreBase):
    """Touches, one row per contact made."""

    def touches_of(self, prospect_ids: Sequence[int]) -> dict[int, list[Touch]]:
        """Each prospect's touches, oldest first (for many prospects at once)."""
        found: dict[int, list[Touch]] = {}
        ids = list(dict.fromkeys(prospect_ids))
        for start in range(0, len(ids), MAX_IN_LIST):
            chunk = ids[start : start + MAX_IN_LIST]
            rows = TouchRow.select().where(TouchRow.prospect.in_(chunk))
            for row in rows.order_by(TouchRow.at_utc, TouchRow.id):
                touch = self._touch(row)
                found.setdefault(touch.prospect_id, []).append(touch)
        return found

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
