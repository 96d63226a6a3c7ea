"""Reads that take long at scale, made off the GUI thread.

Counting a hundred thousand prospects takes SQLite tenths of a second; the
window must not freeze for it after every logged touch. The counts of the
navigation and the calendar are read here, on one worker thread with its own
SQLite connection (peewee keeps one per thread; SQLite reads without Python's
lock), and handed back to the GUI thread.

The newest request for a key wins: a request made while an older one waits
replaces it, and an answer that arrives after a newer request was made is
dropped. The worker thread ends when it has had nothing to do for a while,
and starts again when asked. The worker touches no Qt object: answers wait in
a queue that the GUI thread empties on a timer, which runs only while an
answer is due.
"""

from __future__ import annotations

import gc
import logging
import queue
import threading
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractEventDispatcher, QObject, QTimer

log = logging.getLogger(__name__)

_IDLE_SECONDS = 20.0


class _Worker:
    """The one thread that runs every window's background reads, in order."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        # (owner, key) -> the newest read asked for and how to deliver its answer.
        self._queue: dict[tuple[int, str], tuple[Callable[[], Any], Callable[[Any], None]]] = {}
        self._thread: threading.Thread | None = None

    def submit(
        self, owner: int, key: str, read: Callable[[], Any], deliver: Callable[[Any], None]
    ) -> None:
        with self._lock:
            self._queue.pop((owner, key), None)  # replaced: the newer one goes last
            self._queue[(owner, key)] = (read, deliver)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="reads", daemon=True)
                self._thread.start()
            self._lock.notify()

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._lock.wait(_IDLE_SECONDS)
                if not self._queue:
                    self._thread = None  # idle: the next request starts a new thread
                    return
                first = next(iter(self._queue))
                read, deliver = self._queue.pop(first)
            try:
                result: Any = read()
            except Exception as exc:  # handed to the GUI thread, which decides
                result = exc
            deliver(result)


_WORKER = _Worker()


# Answers wait here for the GUI thread, which collects them on a timer that runs
# only while an answer is due: no Qt object is touched from the worker thread.
_answers: queue.SimpleQueue[tuple[weakref.ref[BackgroundReads], str, int, Any]] = (
    queue.SimpleQueue()
)
_askers: weakref.WeakSet[BackgroundReads] = weakref.WeakSet()
_inbox: QTimer | None = None
_POLL_MS = 5


def _collect() -> None:
    """Hand every answer that has come to whoever asked (on the GUI thread)."""
    while True:
        try:
            asker_ref, key, generation, result = _answers.get_nowait()
        except queue.Empty:
            break
        asker = asker_ref()
        if asker is not None and shiboken6.isValid(asker):
            asker._on_answered(key, generation, result)
    if _inbox is not None and not any(shiboken6.isValid(a) and a.pending() for a in list(_askers)):
        _inbox.stop()  # nothing more is due: the timer sleeps until the next request


_collecting = False


def _collect_garbage() -> None:
    """Python's cycle collector, run on the GUI thread when it would have run."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    generation = -1
    for gen in range(3):
        if counts[gen] > thresholds[gen]:
            generation = gen
    if generation >= 0:
        gc.collect(generation)


def _collect_garbage_on_this_thread() -> None:
    """Python collects garbage cycles on whichever thread happens to allocate; if
    that is the worker and the cycle holds a widget, Qt would delete the widget
    off the GUI thread and crash. So automatic collection is off, and the GUI
    thread collects instead, each time its event loop wakes (and at every
    ``processEvents``), when the counts say a collection is due: as often as
    Python would have, and never while the program sleeps."""
    global _collecting
    if _collecting:
        return
    dispatcher = QAbstractEventDispatcher.instance()
    if dispatcher is None:  # no event loop on this thread: collection stays automatic
        return
    gc.disable()
    dispatcher.awake.connect(_collect_garbage)
    _collecting = True


class BackgroundReads(QObject):
    """Runs reads off the GUI thread and applies each answer on the GUI thread.

    Made on the GUI thread, like every widget."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        global _inbox
        _collect_garbage_on_this_thread()
        if _inbox is None:
            _inbox = QTimer()
            _inbox.setInterval(_POLL_MS)
            _inbox.timeout.connect(_collect)
        _askers.add(self)
        self._generation = 0
        self._latest: dict[str, int] = {}
        self._apply: dict[str, Callable[[Any], None]] = {}
        self._waiting: set[str] = set()

    def submit(self, key: str, read: Callable[[], Any], apply: Callable[[Any], None]) -> None:
        """Run ``read()`` off the GUI thread, then ``apply(result)`` on it, unless a
        newer request for ``key`` was made in the meantime."""
        self._generation += 1
        generation = self._generation
        self._latest[key] = generation
        self._apply[key] = apply
        self._waiting.add(key)
        asker = weakref.ref(self)

        def deliver(result: Any) -> None:
            _answers.put((asker, key, generation, result))

        _WORKER.submit(id(self), key, read, deliver)
        assert _inbox is not None
        if not _inbox.isActive():
            _inbox.start()

    def pending(self, key: str | None = None) -> bool:
        """Whether an answer (for ``key``, or any) is still to come."""
        return bool(self._waiting) if key is None else key in self._waiting

    def _on_answered(self, key: str, generation: int, result: Any) -> None:
        if generation != self._latest.get(key):
            return  # a newer request is on its way
        self._waiting.discard(key)
        if isinstance(result, Exception):
            # Busy or closed for a moment: the next change asks again.
            log.warning("background read %s failed: %s", key, result)
            return
        self._apply[key](result)
