"""Phone sync's state table: per item where it is on the server and what it held."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from followup_desktop.domain.model import Channel
from followup_desktop.services import FollowUpService
from followup_desktop.store import SCHEMA_VERSION, Store, SyncedItem, open_store
from tests.helpers.factories import make_v1_database


def _item(local_id: int, href: str, etag: str = '"1"') -> SyncedItem:
    return SyncedItem("todo", local_id, f"uid-{local_id}", href, etag, "local", "remote")


def test_a_synced_item_is_remembered_replaced_and_forgotten(store: Store) -> None:
    store.put_synced_item(_item(1, "/ana/FollowUp/1.ics"))
    store.put_synced_item(_item(2, "/ana/FollowUp/2.ics"))
    store.put_synced_item(_item(1, "/ana/FollowUp/1.ics", etag='"2"'))
    assert store.synced_items("todo")[1].etag == '"2"'
    assert store.synced_items("contact") == {}
    store.forget_synced_item("todo", 1)
    assert list(store.synced_items("todo")) == [2]
    store.forget_sync_state()
    assert store.synced_items("todo") == {}


def test_sync_state_is_not_in_the_undo_log(service: FollowUpService, store: Store) -> None:
    service.add_prospect("Ana Müller", preferred_channel=Channel.CALL)
    with service.operation("Sync") as result:
        store.put_synced_item(_item(1, "/ana/FollowUp/1.ics"))
    assert not result.changes
    before = store.last_op_id()
    store.put_synced_item(_item(2, "/ana/FollowUp/2.ics"))
    assert store.last_op_id() == before


def test_an_old_database_gains_an_empty_sync_state(db_path: Path) -> None:
    make_v1_database(db_path)
    store = open_store(db_path)
    try:
        assert store.schema_version() == SCHEMA_VERSION >= 13
        assert store.synced_items("contact") == {}
        store.put_synced_item(_item(1, "/ana/FollowUp/1.ics"))
    finally:
        store.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT kind, local_id, href FROM sync_item").fetchall() == [
        ("todo", 1, "/ana/FollowUp/1.ics")
    ]
    # The prospects of the first schema are still there.
    assert conn.execute("SELECT COUNT(*) FROM prospect").fetchone()[0] == 2
    conn.close()
