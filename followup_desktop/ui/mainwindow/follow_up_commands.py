"""The window's commands on follow-ups from the agenda, and on the thank-you list."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from followup_desktop.domain.errors import DomainError
from followup_desktop.i18n import _, ngettext
from followup_desktop.services import StoreError
from followup_desktop.ui.mainwindow.operations import Operations, menu_text

if TYPE_CHECKING:
    from followup_desktop.ui.mainwindow import MainWindow


class FollowUpCommands:
    """Mark done, snooze and reschedule an agenda entry, each undoable."""

    def __init__(self, window: MainWindow, ops: Operations) -> None:
        self.window = window
        self.ops = ops

    def _prospect_of(self, follow_up_id: int) -> int | None:
        follow_up = self.window.service.find_follow_up(follow_up_id)
        return follow_up.prospect_id if follow_up else None

    def done(self, follow_up_id: int) -> None:
        pid = self._prospect_of(follow_up_id)
        if pid is not None:
            self.ops.push_edit(
                pid, _("Mark done"), lambda: self.window.service.mark_done(follow_up_id)
            )

    def snooze(self, follow_up_id: int, until: datetime) -> None:
        pid = self._prospect_of(follow_up_id)
        if pid is not None:
            service = self.window.service
            self.ops.push_edit(pid, _("Snooze"), lambda: service.snooze(follow_up_id, until))

    def reschedule(self, follow_up_id: int, when: datetime) -> None:
        pid = self._prospect_of(follow_up_id)
        if pid is not None:
            service = self.window.service
            self.ops.push_edit(pid, _("Reschedule"), lambda: service.reschedule(follow_up_id, when))


class ThankYouCommands:
    """Mark notes sent, put the current prospect on the list, take one off; undoable."""

    def __init__(self, window: MainWindow, ops: Operations) -> None:
        self.window = window
        self.ops = ops

    def _entry_undo_text(self, text: str, entry_id: int) -> str:
        try:
            return self.ops.undo_text(text, self.window.thanks.entry(entry_id).prospect_id)
        except (DomainError, StoreError):
            return text  # gone meanwhile: the change itself will say so

    def mark_sent(self, entry_ids: list[int]) -> None:
        count = len(entry_ids)
        text = (
            _("Mark thank-you note sent")
            if count == 1
            else ngettext(
                "Mark {n} thank-you note sent", "Mark {n} thank-you notes sent", count
            ).format(n=count)
        )
        if count == 1:
            text = self._entry_undo_text(text, entry_ids[0])
        self.ops.push(menu_text(text), lambda: self.window.thanks.mark_sent(entry_ids))

    def add_current(self) -> None:
        window = self.window
        pid = window.current_prospect_id()
        if pid is None:
            return
        if window.thanks.pending_of(pid) is not None:
            window.statusBar().showMessage(_("Already on the thank-you list."), 5000)
            return
        self.ops.push_edit(pid, _("Add to the thank-you list"), lambda: window.thanks.add(pid))

    def remove(self, entry_id: int) -> None:
        text = self._entry_undo_text(_("Remove from the thank-you list"), entry_id)
        self.ops.push(menu_text(text), lambda: self.window.thanks.remove(entry_id))
