"""The phone sync account as the window keeps it: the server and user in the
database (as ``followup-desktop sync`` remembers them), the password in the
system keyring where one works, else in memory until the program ends.

The ``keyring`` library is used only when it is installed and its backend
answers; it is not a dependency. Without it the password is asked again at
the next start. It is never written anywhere in plain text.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING

from followup_desktop.services.followup import FollowUpService

# The database settings that remember the account (never the password itself).
URL_SETTING = "sync.url"
USER_SETTING = "sync.user"
PASSWORD_ENV_SETTING = "sync.password_env"

# The sync itself (caldav, the vCard and iCalendar formats) loads when first used,
# not when the window starts.
if TYPE_CHECKING:
    from followup_desktop.services.sync import Account, SyncReport

log = logging.getLogger(__name__)

KEYRING_SERVICE = "FollowUp Desktop sync"


def _keyring_module() -> ModuleType | None:
    if importlib.util.find_spec("keyring") is None:
        return None
    try:
        return importlib.import_module("keyring")
    except Exception as exc:  # a broken installation is no keyring
        log.warning("keyring cannot be used: %s", exc)
        return None


class PasswordKeeper:
    """Passwords of sync accounts: in the system keyring when it works, else in
    this program's memory only."""

    def __init__(self, *, use_keyring: bool = True) -> None:
        self._keyring = _keyring_module() if use_keyring else None
        self._memory: dict[str, str] = {}

    @staticmethod
    def _name(account: Account) -> str:
        return f"{account.user}@{account.url}"

    def in_keyring(self) -> bool:
        """Whether passwords outlast this program (a working system keyring)."""
        return self._keyring is not None

    def _keyring_failed(self, exc: Exception) -> None:
        log.warning("the system keyring does not answer: %s", exc)
        self._keyring = None  # from now on, this session's memory

    def get(self, account: Account) -> str | None:
        """The password kept for this account; None when it must be asked for."""
        name = self._name(account)
        if name in self._memory:
            return self._memory[name]
        if self._keyring is not None:
            try:
                value = self._keyring.get_password(KEYRING_SERVICE, name)
            except Exception as exc:
                self._keyring_failed(exc)
                return None
            return None if value is None else str(value)
        return None

    def set(self, account: Account, password: str) -> None:
        name = self._name(account)
        self._memory[name] = password
        if self._keyring is not None:
            try:
                self._keyring.set_password(KEYRING_SERVICE, name, password)
            except Exception as exc:
                self._keyring_failed(exc)

    def forget(self, account: Account) -> None:
        name = self._name(account)
        self._memory.pop(name, None)
        if self._keyring is not None:
            try:
                self._keyring.delete_password(KEYRING_SERVICE, name)
            except Exception as exc:  # none was kept: nothing to forget
                log.debug("no password to forget in the keyring: %s", exc)


def saved_account(
    service: FollowUpService, keeper: PasswordKeeper, environ: Mapping[str, str] = {}
) -> Account | None:
    """The account syncs use, with its password when one is known (kept, or in the
    variable the command line was told to read); None when none is set up."""
    if not service.store.get_setting(URL_SETTING):
        return None  # no sync set up: the sync (and its DAV client) need not load
    from followup_desktop.services.sync import Account, remembered_account

    account = remembered_account(service, dict(environ))
    if account is None:
        return None
    password = keeper.get(account)
    if password is None:
        password = account.password
    return Account(account.url, account.user, password)


def save_account(
    service: FollowUpService, keeper: PasswordKeeper, url: str, user: str, password: str
) -> Account | None:
    """Keep the account entered in Preferences; an empty URL stops syncing."""
    from followup_desktop.services.sync import Account, remember_account, remembered_account

    url, user = url.strip(), user.strip()
    old = remembered_account(service, {})
    if not url:
        if old is not None:
            keeper.forget(old)
            service.store.set_setting(URL_SETTING, "")
        return None
    account = Account(url, user)
    same = old is not None and (old.url, old.user) == (url, user)
    if old is not None and not same:
        keeper.forget(old)
    # The command line's password variable stays with the account it was named for.
    variable = (service.store.get_setting(PASSWORD_ENV_SETTING) or "") if same else ""
    remember_account(service, account, variable)
    keeper.set(account, password)
    return Account(url, user, password)


def sync_on_this_thread(
    service: FollowUpService, account: Account, *, allow_empty: bool = False
) -> SyncReport:
    """One sync, run on the calling thread (a worker's): the network and the
    database both, the latter through this thread's own SQLite connection, which
    is closed at the end (the other threads' stay open)."""
    from followup_desktop.io.dav import DavServer
    from followup_desktop.services.sync import SyncService

    try:
        server = DavServer(account.url, account.user, account.password)
        try:
            return SyncService(service, server).sync(allow_empty=allow_empty)
        finally:
            server.close()
    finally:
        service.store.close()  # peewee keeps one connection per thread: this one's


def check_connection(account: Account) -> None:
    """Reach the account's calendar and address book (made when missing, as the
    first sync would); raises DavError, in words, when that fails."""
    from followup_desktop.io.dav import DavServer
    from followup_desktop.services.sync import COLLECTION_NAME

    server = DavServer(account.url, account.user, account.password)
    try:
        server.calendar(COLLECTION_NAME)
        server.address_book(COLLECTION_NAME)
    finally:
        server.close()
