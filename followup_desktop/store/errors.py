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


class DatabaseNotCreatedError(StoreError):
    """A new database could not be made (a full disk); nothing of it was left behind."""


class DatabaseNotOpenedError(StoreError):
    """An existing database could not be opened or upgraded; it was left as it was."""


class ReadOnlyDatabaseError(StoreError):
    """The file or its folder is read-only, and the work at hand must write."""
