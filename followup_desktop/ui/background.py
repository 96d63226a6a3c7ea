"""Reads that take long at scale, made off the GUI thread.

Counting a hundred thousand prospects takes SQLite tenths of a second; the
window must not freeze for it after every logged touch. The counts of the
navigation and the calendar are read here, on one worker thread with its own
SQLite connection (peewee keeps one per thread; SQLite reads without Python's
lock), and handed back to the GUI thread through a queued signal.

The newest request for a key wins: a request made while an older one waits
replaces it, and an answer that arrives after a newer request was made is
dropped. The worker thread ends when it has had nothing to do for a while,
and starts again when asked.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

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
            with contextlib.suppress(RuntimeError):  # the window went away meanwhile
                deliver(result)


_WORKER = _Worker()


class _Relay(QObject):
    """Carries answers to the GUI thread. It lives as long as the program: a
    window's own object could be deleted while the worker emits on it."""

    answered = Signal(object)  # (the asker, weakly; key; generation; result)


_relay: _Relay | None = None


def _deliver(payload: tuple[weakref.ref[BackgroundReads], str, int, Any]) -> None:
    asker_ref, key, generation, result = payload
    asker = asker_ref()
    if asker is not None and shiboken6.isValid(asker):
        asker._on_answered(key, generation, result)


class BackgroundReads(QObject):
    """Runs reads off the GUI thread and applies each answer on the GUI thread.

    Made on the GUI thread, like every widget."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        global _relay
        if _relay is None:
            _relay = _Relay()
            _relay.answered.connect(_deliver)
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
        assert _relay is not None
        emit = _relay.answered.emit
        asker = weakref.ref(self)

        def deliver(result: Any) -> None:
            emit((asker, key, generation, result))

        _WORKER.submit(id(self), key, read, deliver)

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
