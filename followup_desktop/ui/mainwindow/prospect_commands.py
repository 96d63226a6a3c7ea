"""The window's commands on one prospect: add, log a touch, draft, delete, stages,
edits from the card and the timeline, completing an address."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from followup_desktop.domain.drafts import Draft
from followup_desktop.domain.edits import EditConflict
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Prospect, Stage, Touch
from followup_desktop.i18n import _
from followup_desktop.services import StoreError
from followup_desktop.services.drafts import DraftService
from followup_desktop.ui.address_dialog import AddressDialog
from followup_desktop.ui.edit_conflict import Choice, ask_about_conflict
from followup_desktop.ui.log_touch_dialog import LogTouchDialog
from followup_desktop.ui.mainwindow.operations import Operations, menu_text
from followup_desktop.ui.new_prospect_dialog import NewProspectDialog
from followup_desktop.ui.prospect_card import LostReasonDialog

if TYPE_CHECKING:
    from followup_desktop.ui.mainwindow import MainWindow


def mark_stage_text(stage: Stage) -> str:
    """The undo text of a move to ``stage`` ("Mark won")."""
    texts = {
        Stage.NEW: _("Mark new"),
        Stage.CONTACTED: _("Mark contacted"),
        Stage.ENGAGED: _("Mark engaged"),
        Stage.PROPOSAL: _("Mark proposal"),
        Stage.WON: _("Mark won"),
        Stage.LOST: _("Mark lost"),
        Stage.DORMANT: _("Mark dormant"),
    }
    return texts[stage]


class ProspectCommands:
    """Runs the prospect commands for one main window, on its current prospect."""

    def __init__(self, window: MainWindow, ops: Operations) -> None:
        self.window = window
        self.ops = ops
        self.drafts = DraftService(window.service)

    def add(self) -> int | None:
        window = self.window
        dialog = NewProspectDialog(window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        value = dialog.value()

        def create() -> int:
            prospect = window.service.add_prospect(
                value.name,
                company=value.company,
                emails=(value.email,) if value.email else (),
                phones=(value.phone,) if value.phone else (),
                source=value.source,
            )
            assert prospect.id is not None
            return prospect.id

        try:
            prospect_id = self.ops.run(
                menu_text(_("Add {name}").format(name=value.name or value.company)), create
            )
        except (DomainError, StoreError) as exc:
            self.ops.report(str(exc))
            return None
        window.open_prospect(prospect_id)
        window.prospect_list.table.setFocus()
        return prospect_id

    def log_touch(self, prospect_id: int | None = None, follow_up_id: int | None = None) -> bool:
        """Open the log-touch dialog for a prospect and apply it, undoably."""
        window = self.window
        pid = prospect_id if prospect_id is not None else window.current_prospect_id()
        if pid is None:
            return False
        if prospect_id is None and follow_up_id is None:
            follow_up_id = window.current_follow_up_id()  # the agenda entry it carries out
        dialog = LogTouchDialog(window.service, pid, window, follow_up_id=follow_up_id)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        request = dialog.result_request()

        notes = request.notes
        if request.close_as is None and request.close_reason.strip():
            # A deliberate pause: its reason stays on the timeline.
            paused = _("Paused: {reason}").format(reason=request.close_reason.strip())
            notes = f"{notes}\n{paused}".strip()

        def apply() -> None:
            window.service.log_touch(
                pid,
                request.channel,
                direction=request.direction,
                outcome=request.outcome,
                notes=notes,
                at=request.at,
                next_step=request.next_step,
                answers=follow_up_id,
            )
            if request.close_as is not None:
                window.service.change_stage(pid, request.close_as, request.close_reason)

        return self.ops.push_edit(pid, _("Log touch"), apply)

    def draft(self, prospect_id: int | None = None, follow_up_id: int | None = None) -> bool:
        """Open the draft composer; logging the draft as sent is undoable like a touch
        and carries out ``follow_up_id`` when given (an agenda entry)."""
        window = self.window
        pid = prospect_id if prospect_id is not None else window.current_prospect_id()
        if pid is None:
            return False
        if prospect_id is None and follow_up_id is None:
            follow_up_id = window.current_follow_up_id()
        sender = window.thank_you.sender_lines()

        def log_sent(draft: Draft) -> bool:
            return self.ops.push_edit(
                pid,
                _("Log follow-up sent"),
                lambda: self.drafts.log_sent(pid, draft, answers=follow_up_id),
            )

        from followup_desktop.ui.draft_dialog import DraftDialog  # loaded when first used

        dialog = DraftDialog(
            self.drafts, pid, window, my_name=sender[0] if sender else "", log_sent=log_sent
        )
        return dialog.exec() == QDialog.DialogCode.Accepted

    def delete_current(self) -> None:
        window = self.window
        pid = window.current_prospect_id()
        prospect = window.service.find_prospect(pid) if pid is not None else None
        if pid is None or prospect is None:
            return
        name = prospect.name
        # The row below takes the deleted one's place (the one above for the last row).
        neighbour = window.prospect_list.neighbour_of(pid) if window.showing_prospects() else None
        text = _("Delete {name}").format(name=name)
        if self.ops.push_edit(pid, text, lambda: window.service.delete_prospect(pid)):
            if neighbour is not None and window.prospect_list.select_prospect(neighbour):
                window.show_prospect(neighbour)
            window.statusBar().showMessage(
                _("Deleted {name}. Undo with Ctrl+Z.").format(name=name), 8000
            )

    def change_current_stage(self, stage: Stage, reason: str = "") -> None:
        pid = self.window.current_prospect_id()
        if pid is not None:
            self.change_stage(pid, stage, reason)

    def change_stage(self, pid: int, stage: Stage, reason: str) -> None:
        self.ops.push_edit(
            pid,
            mark_stage_text(stage),
            lambda: self.window.service.change_stage(pid, stage, reason),
        )

    def mark_current_lost(self) -> None:
        """Ask the reason they gave (a No is data), then mark the current prospect lost."""
        window = self.window
        pid = window.current_prospect_id()
        prospect = window.service.find_prospect(pid) if pid is not None else None
        if prospect is None:
            return
        dialog = LostReasonDialog(prospect.name, window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.change_current_stage(Stage.LOST, dialog.reason())

    def edit(self, prospect: Prospect, base: Prospect | None = None) -> bool:
        """Save the card's edit, made from ``base``: only the fields the user changed.

        When another writer changed one of those fields meanwhile, the user decides
        which value stays; going back to the card keeps what they typed.
        """
        pid = prospect.id
        assert pid is not None
        service = self.window.service
        text = menu_text(self.ops.undo_text(_("Edit prospect"), pid))
        try:
            self.ops.run(text, lambda: service.update_prospect(prospect, base=base))
            return True
        except EditConflict as exc:
            conflict = exc
        except (DomainError, StoreError) as exc:
            self.ops.report(str(exc))
            return False
        choice = ask_about_conflict(self.window, conflict)
        if choice is Choice.EDIT:
            return False
        keep_mine = choice is Choice.MINE
        saved = self.ops.push(
            text, lambda: service.update_prospect(prospect, base=base, keep_mine=keep_mine)
        )
        if saved and self.window.card.prospect_id() == pid:
            self.window.card.set_prospect(pid)  # all of it is stored now, one way
        return saved

    def edit_touch(self, touch: Touch) -> None:
        self.ops.push_edit(
            touch.prospect_id, _("Edit touch"), lambda: self.window.service.update_touch(touch)
        )

    def delete_touch(self, prospect_id: int, touch_id: int) -> None:
        self.ops.push_edit(
            prospect_id, _("Delete touch"), lambda: self.window.service.delete_touch(touch_id)
        )

    def complete_address(self, prospect_id: int) -> bool:
        """Fill in a prospect's postal address, undoably, from the thank-you list."""
        window = self.window
        prospect = window.service.find_prospect(prospect_id)
        if prospect is None:
            return False
        dialog = AddressDialog(prospect.name, prospect.address, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        changed = replace(prospect, address=dialog.address())
        return self.ops.push_edit(
            prospect_id,
            _("Edit address"),
            lambda: window.service.update_prospect(changed, base=prospect),
        )
