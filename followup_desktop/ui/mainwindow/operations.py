"""How the window's commands change data: each as one undoable, named operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QMessageBox

from followup_desktop.domain.changes import Changes
from followup_desktop.domain.errors import DomainError
from followup_desktop.i18n import _
from followup_desktop.services import StoreError
from followup_desktop.ui.undo import push_operation

if TYPE_CHECKING:
    from followup_desktop.ui.mainwindow import MainWindow

APP_TITLE = "FollowUp"
T = TypeVar("T")


def menu_text(text: str) -> str:
    """Stored text in a menu or button: a lone & would become a keyboard mnemonic."""
    return text.replace("&", "&&")


class Operations:
    """Runs a window's change as one operation on its undo stack; a refused change
    is explained in words and changes nothing."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def report(self, message: str) -> None:
        QMessageBox.warning(self.window, APP_TITLE, message)

    def undo_text(self, text: str, prospect_id: int) -> str:
        """An undo entry names the prospect it acts on: "Mark won: Ana Müller"."""
        prospect = self.window.service.find_prospect(prospect_id)
        if prospect is None or prospect.name in text:
            return text
        # Translators: an undo entry: what was done, then to whom ("Mark won: Ana Müller").
        return _("{action}: {name}").format(action=text, name=prospect.name)

    def after_undo(self, changes: Changes) -> None:
        """Show what an undo or redo brought back, where the list shows it."""
        window = self.window
        if (
            window.showing_prospects()
            and window.prospect_list.current_prospect_id() is None
            and len(changes.prospect_ids) == 1
        ):
            (pid,) = changes.prospect_ids
            if window.prospect_list.select_prospect(pid):
                window.show_prospect(pid)

    def run(self, text: str, action: Callable[[], T]) -> T:
        """Make the change and push it; errors propagate with nothing kept."""
        return push_operation(
            self.window.undo_stack,
            self.window.service,
            text,
            action,
            self.after_undo,
            self.report,
        )

    def push(self, text: str, action: Callable[[], object]) -> bool:
        try:
            self.run(text, action)
        except (DomainError, StoreError) as exc:
            self.report(str(exc))
            return False
        return True

    def push_edit(self, prospect_id: int, text: str, action: Callable[[], object]) -> bool:
        """An undoable change to one prospect, its undo text naming the prospect."""
        return self.push(menu_text(self.undo_text(text, prospect_id)), action)
