"""Phone sync's state: what each item on the CalDAV/CardDAV server was when last
synced (like vdirsyncer's status table), so that the next sync knows which side
changed. Kept out of the operation log: undo does not rewind a server."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from followup_desktop.store.base import StoreBase
from followup_desktop.store.models import SyncItemRow

# The kind under which a collection's sync token is kept ("token:todo").
_TOKEN = "token:"


@dataclass(frozen=True)
class SyncedItem:
    """One item as the last sync left it on both sides.

    ``kind`` is "todo" (a follow-up) or "contact" (a prospect); ``local_id`` the
    follow-up's or prospect's id; ``local_hash`` the hash of the content last
    uploaded, ``remote_hash`` that of the content last seen on the server.
    """

    kind: str
    local_id: int
    uid: str
    href: str
    etag: str
    local_hash: str
    remote_hash: str


class SyncStateStore(StoreBase):
    def synced_items(self, kind: str) -> dict[int, SyncedItem]:
        """Every item of one kind the server holds, by local id."""
        rows = cast(Iterable[SyncItemRow], SyncItemRow.select().where(SyncItemRow.kind == kind))
        return {
            int(row.local_id): SyncedItem(
                row.kind,
                int(row.local_id),
                row.uid,
                row.href,
                row.etag,
                row.local_hash,
                row.remote_hash,
            )
            for row in rows
        }

    def put_synced_item(self, item: SyncedItem) -> None:
        """Remember (or replace) how one item stands after it was synced."""
        with self._db.atomic():
            SyncItemRow.delete().where(
                (SyncItemRow.href == item.href)
                & ((SyncItemRow.kind != item.kind) | (SyncItemRow.local_id != item.local_id))
            ).execute()
            SyncItemRow.insert(
                kind=item.kind,
                local_id=item.local_id,
                uid=item.uid,
                href=item.href,
                etag=item.etag,
                local_hash=item.local_hash,
                remote_hash=item.remote_hash,
            ).on_conflict_replace().execute()

    def forget_synced_item(self, kind: str, local_id: int) -> None:
        """The item is no longer on the server (removed there or by us)."""
        SyncItemRow.delete().where(
            (SyncItemRow.kind == kind) & (SyncItemRow.local_id == local_id)
        ).execute()

    def sync_token(self, kind: str, collection: str) -> str:
        """The sync token the server gave for a collection at the last sync; "" when
        none (kept beside the items, out of the operation log, like them)."""
        row = SyncItemRow.get_or_none(
            (SyncItemRow.kind == _TOKEN + kind) & (SyncItemRow.local_id == 0)
        )
        return str(row.etag) if row is not None and row.uid == collection else ""

    def put_sync_token(self, kind: str, collection: str, token: str) -> None:
        self.put_synced_item(
            SyncedItem(_TOKEN + kind, 0, collection, f"{_TOKEN}{kind}", token, "", "")
        )

    def forget_sync_state(self) -> None:
        """Start over: another server or account is synced from now on."""
        SyncItemRow.delete().execute()
