"""The only package that knows peewee: the database, its schema and queries."""

from followup_desktop.store.database import SCHEMA_VERSION, open_store
from followup_desktop.store.errors import (
    CorruptDatabaseError,
    DatabaseNotCreatedError,
    DatabaseNotOpenedError,
    NewerSchemaError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    StoreError,
)
from followup_desktop.store.repository import (
    DueItem,
    OpResult,
    ProspectSnapshot,
    ProspectSummary,
    Store,
    SyncedItem,
    TouchSnapshot,
)

__all__ = [
    "SCHEMA_VERSION",
    "CorruptDatabaseError",
    "DatabaseNotCreatedError",
    "DatabaseNotOpenedError",
    "DueItem",
    "NewerSchemaError",
    "NotADatabaseError",
    "OpResult",
    "ProspectSnapshot",
    "ProspectSummary",
    "ReadOnlyDatabaseError",
    "Store",
    "StoreError",
    "SyncedItem",
    "TouchSnapshot",
    "open_store",
]
