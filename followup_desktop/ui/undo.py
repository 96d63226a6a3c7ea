"""Undoable edits: every change is one logged operation on one QUndoStack.

A change is made first, as one operation (``FollowUpService.operation``), so
that a refused change (a rule of follow-up, a full disk) is reported and never
half-pushed. The command then holds the operation's id: undo and redo ask the
service to put back the rows that operation changed, and only those columns
nobody changed since (a rename undone keeps a snooze made after it). The views
learn what changed from the change feed, as for any other write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack

from followup_desktop.domain.changes import Changes
from followup_desktop.domain.errors import DomainError
from followup_desktop.services import FollowUpService, StoreError

T = TypeVar("T")


def _plain(text: str) -> str:
    """An undo text is shown in menus, where "&&" stands for one "&"."""
    return text.replace("&&", "&")


class OperationCommand(QUndoCommand):
    """One logged operation: undo and redo move its rows back and forth."""

    def __init__(
        self,
        text: str,
        service: FollowUpService,
        op_id: int,
        on_done: Callable[[Changes], None],
        on_error: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._service = service
        self.op_id = op_id
        self._on_done = on_done
        self._on_error = on_error
        self._applied = True  # the change was made before the command was pushed

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._run(self._service.redo_operation, "Redo")

    def undo(self) -> None:
        self._run(self._service.undo_operation, "Undo")

    def _run(self, step: Callable[[int, str], Changes], verb: str) -> None:
        # Exceptions must not escape into Qt's C++ caller: report them instead.
        try:
            changes = step(self.op_id, f"{verb} {_plain(self.text())}")
        except (StoreError, DomainError) as exc:
            self._on_error(str(exc))
            return
        self._on_done(changes)


def push_operation(
    stack: QUndoStack,
    service: FollowUpService,
    text: str,
    change: Callable[[], T],
    on_done: Callable[[Changes], None],
    on_error: Callable[[str], None],
) -> T:
    """Make ``change`` as one operation and push it, undoably, when it changed anything.

    Errors from ``change`` propagate before anything is pushed, and nothing of
    the change is kept.
    """
    with service.operation(_plain(text)) as op:
        result = change()
    if op.op_id is not None and op.changes:
        stack.push(OperationCommand(text, service, op.op_id, on_done, on_error))
    return result


class CallbackCommand(QUndoCommand):
    """A change made before it is pushed, undone and redone by two callables.

    For changes with an undo of their own (an import, which is announced
    whole rather than logged row by row); errors are reported through
    ``on_error`` rather than raised into Qt.
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
    change: Callable[[], T],
    on_done: Callable[[Changes], None],
    on_error: Callable[[str], None],
    progress: Callable[[int, int], bool] | None = None,
) -> T:
    """Make a change to many prospects as one undoable operation.

    ``progress(done, total)`` is told before and after; returning False before
    the change cancels it (BulkCancelled) with nothing changed. Errors from
    ``change`` propagate before anything is pushed.
    """
    if progress is not None and not progress(0, 1):
        raise BulkCancelled
    result = push_operation(stack, service, text, change, on_done, on_error)
    if progress is not None:
        progress(1, 1)  # the change is made: it is kept whole
    return result
