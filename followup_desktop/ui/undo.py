"""Undoable edits: every change to a prospect is a command on one QUndoStack.

A change is made first, outside the stack, so that a refused change (a rule
of follow-up, a full disk) is reported and never half-pushed. The command then
holds the prospect's snapshot from before and after (its fields, touches and
follow-ups; None when it does not exist) and undo and redo put one back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack

from followup_desktop.services import FollowUpService, ProspectSnapshot, StoreError

T = TypeVar("T")


class SnapshotCommand(QUndoCommand):
    """Moves one prospect between two recorded states."""

    def __init__(
        self,
        text: str,
        service: FollowUpService,
        prospect_id: int,
        before: ProspectSnapshot | None,
        after: ProspectSnapshot | None,
        on_change: Callable[[int], None],
        on_error: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._service = service
        self._prospect_id = prospect_id
        self._before = before
        self._after = after
        self._on_change = on_change
        self._on_error = on_error
        self._applied = True  # the change was made before the command was pushed

    def redo(self) -> None:
        if self._applied:
            self._applied = False
        else:
            self._put(self._after)
        self._on_change(self._prospect_id)

    def undo(self) -> None:
        self._put(self._before)
        self._on_change(self._prospect_id)

    def _put(self, snapshot: ProspectSnapshot | None) -> None:
        # Exceptions must not escape into Qt's C++ caller: report them instead.
        try:
            if snapshot is None:
                if self._service.store.get_prospect(self._prospect_id) is not None:
                    self._service.delete_prospect(self._prospect_id)
            elif self._service.store.get_prospect(self._prospect_id) is None:
                self._service.restore_prospect(snapshot)
            else:
                self._service.revert(snapshot)
        except StoreError as exc:
            self._on_error(str(exc))


def _snapshot_or_none(service: FollowUpService, prospect_id: int) -> ProspectSnapshot | None:
    return service.store.snapshot_prospect(prospect_id)


def push_change(
    stack: QUndoStack,
    service: FollowUpService,
    text: str,
    prospect_id: int,
    change: Callable[[], T],
    on_change: Callable[[int], None],
    on_error: Callable[[str], None],
) -> T:
    """Make ``change`` to an existing prospect and push it as an undoable command.

    Errors from ``change`` propagate before anything is pushed.
    """
    before = _snapshot_or_none(service, prospect_id)
    result = change()
    after = _snapshot_or_none(service, prospect_id)
    stack.push(SnapshotCommand(text, service, prospect_id, before, after, on_change, on_error))
    return result


def push_creation(
    stack: QUndoStack,
    service: FollowUpService,
    text: str,
    create: Callable[[], int],
    on_change: Callable[[int], None],
    on_error: Callable[[str], None],
) -> int:
    """Create a prospect and push its creation; undo removes it."""
    prospect_id = create()
    after = _snapshot_or_none(service, prospect_id)
    stack.push(SnapshotCommand(text, service, prospect_id, None, after, on_change, on_error))
    return prospect_id


class CallbackCommand(QUndoCommand):
    """A change made before it is pushed, undone and redone by two callables.

    For changes that span prospects (marking several thank-you notes sent);
    errors are reported through ``on_error`` rather than raised into Qt.
    """

    def __init__(
        self,
        text: str,
        undo: Callable[[], object],
        redo: Callable[[], object],
        on_change: Callable[[], None],
        on_error: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._undo, self._redo = undo, redo
        self._on_change, self._on_error = on_change, on_error
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
        else:
            self._run(self._redo)
        self._on_change()

    def undo(self) -> None:
        self._run(self._undo)
        self._on_change()

    def _run(self, step: Callable[[], object]) -> None:
        try:
            step()
        except StoreError as exc:
            self._on_error(str(exc))


class BulkCancelled(Exception):
    """The user cancelled a bulk change before it was made: nothing changed."""


def push_bulk_change(
    stack: QUndoStack,
    service: FollowUpService,
    text: str,
    prospect_ids: list[int],
    change: Callable[[], T],
    on_change: Callable[[], None],
    on_error: Callable[[str], None],
    progress: Callable[[int, int], bool] | None = None,
) -> T:
    """Make ``change`` to several prospects and push it as one undoable command:
    undo and redo put back each prospect's snapshot from before or after.

    ``progress(done, total)`` is told of the snapshots taken before and after;
    returning False while the ones before are taken cancels (BulkCancelled),
    with nothing changed. Errors from ``change`` propagate before anything is
    pushed.
    """
    total = 2 * len(prospect_ids) + 1
    before: dict[int, ProspectSnapshot | None] = {}
    for done, pid in enumerate(prospect_ids):
        if progress is not None and not progress(done, total):
            raise BulkCancelled
        before[pid] = _snapshot_or_none(service, pid)
    result = change()
    after: dict[int, ProspectSnapshot | None] = {}
    for done, pid in enumerate(prospect_ids, start=len(prospect_ids) + 1):
        if progress is not None:
            progress(done, total)  # the change is made: it is kept whole
        after[pid] = _snapshot_or_none(service, pid)

    def put(snapshots: dict[int, ProspectSnapshot | None]) -> None:
        with service.store.transaction():
            for snapshot in snapshots.values():
                if snapshot is not None:
                    service.revert(snapshot)

    stack.push(CallbackCommand(text, lambda: put(before), lambda: put(after), on_change, on_error))
    return result
