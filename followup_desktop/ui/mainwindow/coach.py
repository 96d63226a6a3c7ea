"""The persistence coach's commands in the main window: the plans editor, putting
prospects on a plan, scheduling missing next steps and reviving, all undoable."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from followup_desktop.domain.errors import DomainError
from followup_desktop.i18n import _, ngettext
from followup_desktop.services import StoreError
from followup_desktop.services.coach import BulkOutcome, CoachService
from followup_desktop.ui.mainwindow.operations import APP_TITLE
from followup_desktop.ui.progress import run_with_progress
from followup_desktop.ui.undo import BulkCancelled, push_bulk_change

if TYPE_CHECKING:
    from followup_desktop.ui.cadence_editor import ApplyPlanDialog, PlansDialog
    from followup_desktop.ui.mainwindow import MainWindow


class CoachCommands:
    """Runs the coach's commands for one main window."""

    def __init__(self, window: MainWindow, coach: CoachService) -> None:
        self.window = window
        self.coach = coach
        self.plans_dialog: PlansDialog | None = None

    def chosen_ids(self) -> list[int]:
        """The prospects chosen in the list, or the one shown."""
        window = self.window
        if window.current_destination().view == "prospects":
            ids = window.prospect_list.selected_prospect_ids()
            if ids:
                return ids
        current = window.current_prospect_id()
        return [current] if current is not None else []

    # -- dialogs -------------------------------------------------------------------
    def edit_plans(self) -> PlansDialog:
        from followup_desktop.ui.cadence_editor import PlansDialog  # loaded when first used

        dialog = PlansDialog(self.coach, self.window)
        dialog.plans_changed.connect(self.window.refresh)  # every plan shown may differ
        self.plans_dialog = dialog
        dialog.open()
        return dialog

    def apply_plan(self, ids: list[int] | None = None) -> ApplyPlanDialog | None:
        ids = ids if ids is not None else self.chosen_ids()
        if not ids:
            self.window.statusBar().showMessage(_("Choose prospects in the list first."), 5000)
            return None
        current = self.window.service.find_prospect(ids[0])
        from followup_desktop.ui.cadence_editor import ApplyPlanDialog

        dialog = ApplyPlanDialog(
            self.coach, len(ids), current.cadence if current else "", self.window
        )
        dialog.accepted.connect(lambda: self._apply_plan(ids, dialog.plan_key()))
        dialog.open()
        return dialog

    def _apply_plan(self, ids: list[int], key: str) -> None:
        name = self.window.service.cadence_name(key)
        outcome = self._bulk(
            ngettext("Put {n} prospect on {name}", "Put {n} prospects on {name}", len(ids)).format(
                n=len(ids), name=name
            ),
            ids,
            lambda: self.coach.apply_plan(ids, key),
        )
        if outcome is not None:
            # Translators: follows "3 prospects" in a status message.
            self._say(outcome, _("on the plan '{name}'").format(name=name))

    # -- one-click fixes ---------------------------------------------------------------
    def schedule_by_plan(self, ids: list[int] | None = None) -> BulkOutcome | None:
        ids = ids if ids is not None else self.chosen_ids()
        if not ids:
            return None
        outcome = self._bulk(
            ngettext(
                "Schedule {n} next step by plan", "Schedule {n} next steps by plan", len(ids)
            ).format(n=len(ids)),
            ids,
            lambda: self.coach.schedule_by_plan(ids),
        )
        if outcome is not None:
            # Translators: follows "3 prospects" in a status message.
            self._say(outcome, _("given the next step of their plan"))
        return outcome

    def revive(self, ids: list[int] | None = None) -> BulkOutcome | None:
        ids = ids if ids is not None else self.chosen_ids()
        if not ids:
            return None
        outcome = self._bulk(
            ngettext("Revive {n} prospect", "Revive {n} prospects", len(ids)).format(n=len(ids)),
            ids,
            lambda: self.coach.revive(ids),
        )
        if outcome is not None:
            # Translators: follows "3 prospects" in a status message.
            self._say(outcome, _("on the revive plan"))
        return outcome

    def _bulk(
        self, text: str, ids: list[int], change: Callable[[], BulkOutcome]
    ) -> BulkOutcome | None:
        """Make a change to many prospects, undoably, with a progress dialog (it
        shows when the work lasts); cancelling before the change leaves all as it was."""
        window = self.window

        def work(progress: Callable[[int, int], bool]) -> BulkOutcome:
            return push_bulk_change(
                window.undo_stack,
                window.service,
                text,
                change,
                lambda _changes: None,
                window.report_problem,
                progress,
            )

        try:
            outcome: BulkOutcome = run_with_progress(window, f"{text}…", work)
        except BulkCancelled:
            window.statusBar().showMessage(_("Cancelled: nothing was changed."), 5000)
            return None
        except (DomainError, StoreError) as exc:
            QMessageBox.warning(
                window, APP_TITLE, _("Nothing was changed. {error}").format(error=exc)
            )
            return None
        return outcome

    def _say(self, outcome: BulkOutcome, what: str) -> None:
        done = len(outcome.changed)
        count = ngettext("{n} prospect", "{n} prospects", done).format(n=done)
        text = f"{count} {what}."
        skipped = len(outcome.skipped)
        if skipped:
            text += " " + ngettext(
                "{n} left as it was (closed, or already planned).",
                "{n} left as they were (closed, or already planned).",
                skipped,
            ).format(n=skipped)
        self.window.statusBar().showMessage(text + " " + _("Edit › Undo takes it back."), 10000)
