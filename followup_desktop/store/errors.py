"""Errors from the store; each message is written for the user."""


class StoreError(Exception):
    """The database cannot be used; nothing was changed."""


class NotADatabaseError(StoreError):
    pass


class CorruptDatabaseError(StoreError):
    pass


class NewerSchemaError(StoreError):
    pass


class DatabaseBusyError(StoreError):
    pass


class ReadOnlyDatabaseError(StoreError):
    """The file or its folder is read-only, and the work at hand must write."""
