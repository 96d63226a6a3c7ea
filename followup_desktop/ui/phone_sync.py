"""When the phone sync runs, off the GUI thread: after the window shows, some
seconds after a change to prospects or follow-ups, every 15 minutes, and on
Tools › Sync now; a failure is retried after 1, 2, 4 … up to 15 minutes.

A sync reads and writes the database between network requests (to-dos completed
on the phone are logged through the service as the window logs them), so the
whole sync runs on a thread of its own. Peewee gives that thread its own SQLite
connection, which logs its writes in the operation log like any (the store
installs the log's triggers on every connection); each of the sync's writes is
one short ``BEGIN IMMEDIATE`` transaction, never held across a network request,
so the window's own writes wait at most milliseconds (busy_timeout). The
service's listeners hear each operation on the sync's thread: the change feed
turns that into its ``changed`` signal, which Qt queues to the GUI thread, so
the views refresh there as after any edit. Only timers wait: nothing polls.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from followup_desktop.domain import changes as tables
from followup_desktop.domain.changes import Changes
from followup_desktop.domain.errors import DomainError
from followup_desktop.i18n import _, ngettext
from followup_desktop.services import FollowUpService, StoreError
from followup_desktop.services.sync_account import (
    PasswordKeeper,
    check_connection,
    saved_account,
    sync_on_this_thread,
)
from followup_desktop.ui.format import clock_time_text

if TYPE_CHECKING:
    from followup_desktop.services.sync import Account, SyncReport

log = logging.getLogger(__name__)

EVERY_MS = 15 * 60_000
AFTER_CHANGE_MS = 10_000
AFTER_START_MS = 2_000
FIRST_RETRY_MS = 60_000


def report_text(report: SyncReport) -> str:
    """What one sync did, in words: only the kinds of change that happened."""
    parts = []
    if report.from_server:
        parts.append(
            ngettext(
                "{n} change from the phone", "{n} changes from the phone", report.from_server
            ).format(n=report.from_server)
        )
    if report.uploaded:
        parts.append(_("{n} new on the server").format(n=report.uploaded))
    if report.updated:
        parts.append(_("{n} updated on the server").format(n=report.updated))
    if report.removed:
        parts.append(_("{n} removed from the server").format(n=report.removed))
    if report.conflicts:
        parts.append(
            ngettext("{n} conflict", "{n} conflicts", report.conflicts).format(n=report.conflicts)
        )
    return ", ".join(parts) if parts else _("nothing changed")


class _Job(QObject):
    """Runs one function on a thread of its own, then ``on_done(result)`` (the
    exception it raised, if it did) on the GUI thread, where this object lives:
    the signal emitted on the worker thread is queued to this object's slot."""

    _finished = Signal(object)

    def __init__(
        self,
        work: Callable[[], Any],
        on_done: Callable[[object], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._on_done = on_done
        self._finished.connect(self._on_finished)
        self.worker = threading.Thread(target=self._run, name="phone sync", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        try:
            result: Any = self._work()
        except Exception as exc:  # said in the status bar, on the GUI thread
            result = exc
        if shiboken6.isValid(self):  # the window may have closed while the sync ran
            with contextlib.suppress(RuntimeError):
                self._finished.emit(result)

    def _on_finished(self, result: object) -> None:
        self.deleteLater()
        self._on_done(result)


def _test_connection(account: Account) -> str:
    check_connection(account)
    return _("Connected: the server has the FollowUp calendar and address book.")


def error_text(exc: BaseException) -> str:
    """A failure as one line for the user."""
    from followup_desktop.io.dav import DavError  # loaded with the sync

    if isinstance(exc, DavError | DomainError | StoreError):
        text = str(exc)
    else:
        log.warning("phone sync failed", exc_info=exc)
        text = _("Unexpected problem: {problem}").format(problem=exc or type(exc).__name__)
    return " ".join(text.split())


class PhoneSync(QObject):
    """Starts syncs with the account set in Preferences › Phone sync, one at a time."""

    started = Signal()
    synced = Signal(object)  # SyncReport
    failed = Signal(str)  # the reason, in words
    password_needed = Signal(object)  # Account: no password is known this session
    empty_server = Signal(str)  # the server lists nothing synced before: ask, in words
    status_changed = Signal(str)  # one line for the status bar

    def __init__(
        self,
        service: FollowUpService,
        keeper: PasswordKeeper | None = None,
        parent: QObject | None = None,
        *,
        environ: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.keeper = keeper or PasswordKeeper()
        self._environ = dict(os.environ) if environ is None else environ
        self._job: _Job | None = None
        self._again = False  # asked for while one ran: another follows
        self._failures = 0
        self._asked_password = False
        self.last_report: SyncReport | None = None
        self.last_error = ""
        self.status = ""
        self._gui_thread = threading.get_ident()
        # One timer for the next planned sync (every 15 minutes, or the retry after
        # a failure) and one for the sync some seconds after the last change.
        self.next_timer = QTimer(self)
        self.next_timer.setSingleShot(True)
        self.next_timer.timeout.connect(self._on_next_timer_timeout)
        self.change_timer = QTimer(self)
        self.change_timer.setSingleShot(True)
        self.change_timer.setInterval(AFTER_CHANGE_MS)
        self.change_timer.timeout.connect(self._on_change_timer_timeout)
        service.subscribe(self._on_service_changed)
        self.destroyed.connect(lambda: service.unsubscribe(self._on_service_changed))

    # -- the account -------------------------------------------------------------
    def account(self) -> Account | None:
        """The account set up, with its password if one is known; None without one."""
        return saved_account(self.service, self.keeper, self._environ)

    def account_changed(self) -> None:
        """The account was set or changed in Preferences: sync soon with it."""
        self._failures = 0
        self._asked_password = False
        if self.account() is None:
            self.next_timer.stop()
            self.change_timer.stop()
            self._set_status("")
            return
        self.sync_now()

    # -- when ----------------------------------------------------------------------
    def start(self) -> None:
        """The window shows: the first sync follows shortly, then every 15 minutes."""
        self.next_timer.start(AFTER_START_MS)

    def stop(self) -> None:
        self.next_timer.stop()
        self.change_timer.stop()

    def running(self) -> bool:
        return self._job is not None

    def wait(self, timeout: float | None = None) -> None:
        """Until a sync under way ends (before a restore, or when the app ends)."""
        if self._job is not None:
            self._job.worker.join(timeout)

    def data_changed(self, changes: Changes) -> None:
        """A change from the change feed: another program's write to prospects or
        follow-ups starts the wait before a sync (this window's are heard directly)."""
        # "Everything" is what a write without an operation looks like from here,
        # and the sync's own bookkeeping (its per-item state) is such a write: not
        # a reason to sync again. A bulk change elsewhere waits for the next round.
        if (
            changes.external
            and not changes.everything
            and changes.touches(tables.PROSPECT, tables.FOLLOW_UP)
        ):
            self._changed()

    def _on_service_changed(self, changes: Changes) -> None:
        # Called on the thread that wrote: the sync's own writes are not a reason to
        # sync again; the window's own (on the GUI thread) are.
        if threading.get_ident() != self._gui_thread:
            return
        if changes.touches(tables.PROSPECT, tables.FOLLOW_UP):
            self._changed()

    def _changed(self) -> None:
        if self._failures or self.account() is None:
            return  # a failing server is retried on its own schedule
        self.change_timer.start()  # restarted by each change: 10 s after the last

    def _on_change_timer_timeout(self) -> None:
        self.sync_now(asked=False)

    def _on_next_timer_timeout(self) -> None:
        self.sync_now(asked=False)

    # -- running -------------------------------------------------------------------
    def sync_now(self, *, asked: bool = True, allow_empty: bool = False) -> bool:
        """Start a sync unless one runs (then another follows it); whether one
        started. ``asked``: the user asked (Sync now), so a missing password is
        asked for again. ``allow_empty``: the user said a server that lists
        nothing of what was synced is right (what was deleted there goes here)."""
        account = self.account()
        if account is None:
            if asked:
                self._set_status(
                    _("Phone sync is not set up: choose Tools › Preferences › Phone sync.")
                )
            return False
        if self._job is not None:
            self._again = True
            return False
        if account.password is None:
            if asked or not self._asked_password:
                self._asked_password = True
                self.password_needed.emit(account)
            return False
        self.change_timer.stop()
        self.next_timer.stop()
        job = _Job(
            lambda: sync_on_this_thread(self.service, account, allow_empty=allow_empty),
            self._on_job_done,
            self,
        )
        self._job = job
        self._set_status(_("Syncing with {url}…").format(url=account.url))
        self.started.emit()
        job.start()
        return True

    def _on_job_done(self, result: object) -> None:
        from followup_desktop.services.sync import EmptyServer  # loaded with the sync

        self._job = None
        if isinstance(result, EmptyServer):
            # Not retried: only the user can say whether the server is right.
            self.last_error = str(result)
            self._set_status(self.last_error)
            self.empty_server.emit(self.last_error)
            return
        if not isinstance(result, BaseException):
            report = cast("SyncReport", result)
            self._failures = 0
            self.last_report, self.last_error = report, ""
            self._set_status(
                _("Synced at {time}: {what}.").format(
                    time=clock_time_text(self.service.now()), what=report_text(report)
                )
            )
            self.next_timer.start(EVERY_MS)
            self.synced.emit(report)
        else:
            delay = min(FIRST_RETRY_MS * 2**self._failures, EVERY_MS)
            self._failures += 1
            self.last_error = error_text(result)
            minutes = delay // 60_000
            self._set_status(
                ngettext(
                    "Sync failed, trying again in {n} minute: {reason}",
                    "Sync failed, trying again in {n} minutes: {reason}",
                    minutes,
                ).format(reason=self.last_error, n=minutes)
            )
            self.next_timer.start(delay)
            self.failed.emit(self.last_error)
        if self._again:
            self._again = False
            self.sync_now(asked=False)

    def test_connection(self, account: Account, answered: Callable[[bool, str], None]) -> None:
        """Reach the account's server off the GUI thread; ``answered(ok, words)`` on it."""

        def done(result: object) -> None:
            if isinstance(result, BaseException):
                answered(False, error_text(result))
            else:
                answered(True, str(result))

        _Job(lambda: _test_connection(account), done, self).start()

    def _set_status(self, text: str) -> None:
        self.status = text
        self.status_changed.emit(text)
