"""Driving modal dialogs from tests: act on the dialog once it is open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

D = TypeVar("D", bound=QDialog)


def when_modal(kind: type[D], act: Callable[[D], None], *, tries: int = 200) -> list[D]:
    """Call ``act`` with the first modal dialog of ``kind`` to open (polled every 10 ms).

    Returns a list that holds the dialog once it was seen, for assertions.
    """
    seen: list[D] = []

    def poll(remaining: int) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            act(dialog)
        elif remaining > 0:
            QTimer.singleShot(10, lambda: poll(remaining - 1))

    QTimer.singleShot(0, lambda: poll(tries))
    return seen


class _Counting(Protocol):
    def counts_pending(self) -> bool: ...


def settle(qtbot: QtBot, *widgets: _Counting) -> None:
    """Wait until the counts that ``widgets`` read off the GUI thread are shown."""
    for widget in widgets:
        qtbot.wait_until(lambda w=widget: not w.counts_pending(), timeout=10_000)
