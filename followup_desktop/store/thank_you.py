"""The thank-you queue's rows."""

from __future__ import annotations

from typing import Any

from peewee import (
    JOIN,
)

from followup_desktop.domain.model import (
    Prospect,
)
from followup_desktop.domain.thanks import ThankYouRecord
from followup_desktop.store.base import StoreBase
from followup_desktop.store.models import (
    ProspectRow,
    ThankYouRow,
)
from followup_desktop.store.rows import (
    from_db,
    is_row_id,
    to_db,
)


class ThankYouStore(StoreBase):
    """Notes owed, written and removed."""

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
        if not is_row_id(entry_id):
            return None
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

    def thank_you_queue(
        self, limit: int | None = None, offset: int = 0
    ) -> list[tuple[ThankYouRecord, Prospect]]:
        """Pending entries with their prospects, the longest waiting first; ``limit``
        and ``offset`` read one page of a long list."""
        query = (
            ThankYouRow.select(ThankYouRow, ProspectRow)
            .join(ProspectRow, JOIN.INNER, on=(ThankYouRow.prospect == ProspectRow.id))
            .where(self._pending_thank_you())
            .order_by(ThankYouRow.occurred_at, ThankYouRow.id)
        )
        if limit is not None:
            query = query.limit(limit).offset(offset)
        return [(self._thank_you_record(row), self._prospect(row.prospect, ())) for row in query]

    def thank_you_count(self) -> int:
        return int(ThankYouRow.select().where(self._pending_thank_you()).count())

    def thank_you_touch_ids(self) -> set[int]:
        """The touches that have put an entry on the thank-you list (sent or not)."""
        query = ThankYouRow.select(ThankYouRow.touch).where(ThankYouRow.touch.is_null(False))
        return {int(touch_id) for (touch_id,) in self._db.execute(query).fetchall()}
