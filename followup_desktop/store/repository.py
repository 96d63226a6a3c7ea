"""The store's interface: domain objects in, domain objects out.

Nothing outside this package sees a peewee row or writes SQL. Times are kept
in UTC in the database; follow-ups also keep their local wall-clock time and
zone, which are what they are due at. ``Store`` is a thin facade over one
module per aggregate: prospects, touches, follow-ups and the thank-you queue,
on a base that owns the connection, the transactions and the operation log.
"""

from __future__ import annotations

from datetime import datetime

from followup_desktop.store.base import OpResult, StoreBase
from followup_desktop.store.follow_ups import FollowUpStore
from followup_desktop.store.models import (
    FollowUpRow,
    ProspectRow,
    ThankYouRow,
)
from followup_desktop.store.prospects import ProspectStore
from followup_desktop.store.rows import (
    ContactKey,
    DueItem,
    ProspectSnapshot,
    ProspectSummary,
    TouchSnapshot,
    from_db,
    new_uid,
    to_db,
)
from followup_desktop.store.sync_state import SyncedItem, SyncStateStore
from followup_desktop.store.thank_you import ThankYouStore
from followup_desktop.store.touches import TouchStore


class Store(ProspectStore, TouchStore, FollowUpStore, ThankYouStore, SyncStateStore):
    """The database of one user: prospects, touches, follow-ups and tags.

    Snapshots span every aggregate of a prospect, so they live here.
    """

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
                version=p.version,
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


__all__ = [
    "ContactKey",
    "DueItem",
    "OpResult",
    "ProspectSnapshot",
    "ProspectSummary",
    "Store",
    "StoreBase",
    "SyncedItem",
    "TouchSnapshot",
    "from_db",
    "new_uid",
    "to_db",
]
