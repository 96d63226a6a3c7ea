"""The main window: navigation, the chosen view, the calendar, and the status in words."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain import changes as tables
from followup_desktop.domain.changes import Changes
from followup_desktop.domain.drafts import Draft
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Prospect, Stage, Touch
from followup_desktop.domain.queries import QuickFilter
from followup_desktop.domain.values import plural
from followup_desktop.domain.wallclock import at_local
from followup_desktop.services import FollowUpService, StoreError
from followup_desktop.services.coach import CoachService
from followup_desktop.services.demo import generate_demo
from followup_desktop.services.drafts import DraftService
from followup_desktop.services.preferences import PREFIX as PREFERENCE_PREFIX
from followup_desktop.services.preferences import DatabasePreferences
from followup_desktop.services.report import ReportService
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.ui.address_dialog import AddressDialog
from followup_desktop.ui.agenda import AgendaWidget
from followup_desktop.ui.calendar import DayAgendaWidget, FollowUpCalendarWidget
from followup_desktop.ui.change_feed import ChangeFeed
from followup_desktop.ui.draft_dialog import DraftDialog
from followup_desktop.ui.log_touch_dialog import LogTouchDialog
from followup_desktop.ui.mainwindow.actions import MainActions, build_menus, create_actions
from followup_desktop.ui.mainwindow.coach import CoachCommands
from followup_desktop.ui.navigation import (
    AGENDA,
    NO_NEXT_STEP,
    PROSPECTS,
    REPORTS,
    REVIVE,
    THANK_YOU,
    Destination,
    NavigationWidget,
)
from followup_desktop.ui.new_prospect_dialog import NewProspectDialog
from followup_desktop.ui.preferences_dialog import PreferencesDialog
from followup_desktop.ui.progress import run_with_progress
from followup_desktop.ui.prospect_card import LostReasonDialog, ProspectCardWidget
from followup_desktop.ui.prospect_list import ProspectListWidget
from followup_desktop.ui.reports_view import ReportsWidget
from followup_desktop.ui.thank_you_view import ThankYouWidget
from followup_desktop.ui.timeline import TouchTimelineWidget
from followup_desktop.ui.undo import CallbackCommand, push_operation

if TYPE_CHECKING:
    from followup_desktop.services.contacts import ImportService
    from followup_desktop.ui.export_dialog import ExportDialog
    from followup_desktop.ui.import_dialog import ImportDialog

APP_TITLE = "FollowUp"
_PAGE_FIRST_RUN, _PAGE_AGENDA, _PAGE_PROSPECTS, _PAGE_THANK_YOU = range(4)
_PAGE_REPORTS = 4


def _menu_text(text: str) -> str:
    """Stored text in a menu or button: a lone & would become a keyboard mnemonic."""
    return text.replace("&", "&&")


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class MainWindow(QMainWindow):
    """The screen a consultant keeps open all day (see SCREENS.md)."""

    data_changed = Signal()
    demo_loaded = Signal()
    preferences_changed = Signal()

    def __init__(
        self,
        service: FollowUpService,
        settings: QSettings | None = None,
        thanks: ThankYouService | None = None,
    ) -> None:
        super().__init__()
        self._service = service
        self._thanks = thanks or ThankYouService(service)
        self._drafts = DraftService(service)
        self.coach = CoachCommands(self, CoachService(service))
        # Import and export (vCard, CSV, iCalendar, duplicate matching) load when first used.
        self._import_service: ImportService | None = None
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self._settings = settings
        self.undo_stack = QUndoStack(self)
        self._close_to_tray = False
        self._quitting = False
        self._midnight_timer = QTimer(self)
        self._midnight_timer.setSingleShot(True)
        self._tag_counts: list[tuple[str, int]] = []
        self._stale_pages = {_PAGE_AGENDA, _PAGE_THANK_YOU, _PAGE_REPORTS}
        self._preferences_timer = QTimer(self)
        self._preferences_timer.setSingleShot(True)
        self._preferences_timer.setInterval(0)
        self._preferences_timer.timeout.connect(self.preferences_changed)
        self.feed = ChangeFeed(service, self)
        self.setWindowTitle(APP_TITLE)
        self._fit_to_screen(1280, 800)
        self.actions_ = create_actions(self, self.undo_stack)
        build_menus(self, self.actions_)
        self._init_pages()
        self._init_layout()
        self._connect_signals()
        # The views read their data when built; only the counts are left to do.
        self._refresh_counts()
        self._after_refresh()
        self._restore_state()
        self._arm_midnight_timer()
        self.setAcceptDrops(True)
        self.feed.start()

    # -- construction ------------------------------------------------------
    def _init_pages(self) -> None:
        service = self._service
        self.navigation = NavigationWidget()
        # Pages out of sight are read when first shown (see _page_changed).
        self.agenda = AgendaWidget(service, load=False)
        self.prospect_list = ProspectListWidget(service)
        self.card = ProspectCardWidget(service)
        self.timeline = TouchTimelineWidget(service)
        self.calendar = FollowUpCalendarWidget(service)
        self.day_agenda = DayAgendaWidget(service)
        self.thank_you = ThankYouWidget(service, self._thanks, load=False)
        self.reports = ReportsWidget(ReportService(service))  # worked out when shown

        first_run = QWidget()
        layout = QVBoxLayout(first_run)
        layout.addStretch()
        self.first_run_label = _plain_label(
            "No prospects yet. Add your first prospect, or load demo data to look around."
        )
        self.first_run_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.first_run_label)
        self.first_run_add_button = QPushButton("Add prospect")
        self.first_run_demo_button = QPushButton("Load demo data")
        for button in (self.first_run_add_button, self.first_run_demo_button):
            layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        self.first_run_page = first_run

    def _init_layout(self) -> None:
        self.detail_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.detail_splitter.setObjectName("detail_splitter")
        self.detail_splitter.addWidget(self.card)
        self.detail_splitter.addWidget(self.timeline)
        self.detail_splitter.setChildrenCollapsible(False)

        self.prospects_splitter = QSplitter(Qt.Orientation.Vertical)
        self.prospects_splitter.setObjectName("prospects_splitter")
        self.prospects_splitter.addWidget(self.prospect_list)
        self.prospects_splitter.addWidget(self.detail_splitter)
        self.prospects_splitter.setStretchFactor(0, 1)
        self.prospects_splitter.setStretchFactor(1, 1)
        self.prospects_splitter.setSizes([320, 400])

        self.pages = QStackedWidget()
        self.pages.addWidget(self.first_run_page)
        self.pages.addWidget(self.agenda)
        self.pages.addWidget(self.prospects_splitter)
        self.pages.addWidget(self.thank_you)
        self.pages.addWidget(self.reports)

        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.setObjectName("right_splitter")
        self.right_splitter.addWidget(self.calendar)
        self.right_splitter.addWidget(self.day_agenda)

        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("main_splitter")
        self.main_splitter.addWidget(self.navigation)
        self.main_splitter.addWidget(self.pages)
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setStretchFactor(2, 0)
        self.main_splitter.setCollapsible(0, False)
        self.main_splitter.setCollapsible(1, False)
        self.navigation.setMinimumWidth(150)
        self.main_splitter.setSizes([180, 760, 340])
        self.pages.installEventFilter(self)
        self.setCentralWidget(self.main_splitter)
        self.status_label = _plain_label()
        self.statusBar().addWidget(self.status_label, 1)

        # Delete acts on the prospect list only, so that Delete keeps working in
        # text fields and the timeline (which deletes touches).
        self.actions_.delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.removeAction(self.actions_.delete)
        self.prospect_list.addAction(self.actions_.delete)

    def _connect_signals(self) -> None:
        a: MainActions = self.actions_
        a.plans.triggered.connect(lambda: self.coach.edit_plans())
        a.apply_plan.triggered.connect(lambda: self.coach.apply_plan())
        a.schedule_by_plan.triggered.connect(lambda: self.coach.schedule_by_plan())
        a.revive.triggered.connect(lambda: self.coach.revive())
        self.prospect_list.schedule_by_plan_requested.connect(self.coach.schedule_by_plan)
        self.prospect_list.revive_requested.connect(self.coach.revive)
        self.card.schedule_by_plan_requested.connect(lambda pid: self.coach.schedule_by_plan([pid]))
        a.new_prospect.triggered.connect(self.add_prospect)
        a.log_touch.triggered.connect(lambda: self.log_touch())
        a.draft_follow_up.triggered.connect(lambda: self.draft_follow_up())
        a.find.triggered.connect(self._on_find_triggered)
        a.delete.triggered.connect(self.delete_current_prospect)
        a.won.triggered.connect(lambda: self._change_current_stage(Stage.WON))
        a.lost.triggered.connect(self._on_lost_triggered)
        for act, destination in (
            (a.view_agenda, AGENDA),
            (a.view_prospects, PROSPECTS),
            (a.view_no_next_step, NO_NEXT_STEP),
            (a.view_gone_cold, REVIVE),
            (a.view_reports, REPORTS),
        ):
            act.triggered.connect(lambda _=False, d=destination: self._go_to(d))
        a.load_demo.triggered.connect(self.load_demo)
        a.import_contacts.triggered.connect(self._on_import_contacts_triggered)
        a.export.triggered.connect(self.export)
        a.save_report.triggered.connect(self.reports.save_as)
        self.pages.currentChanged.connect(self._on_pages_current_changed)
        self.pages.currentChanged.connect(self._on_current_changed)
        self.agenda.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.thank_you.selection_changed.connect(self._on_current_changed)
        self.feed.changed.connect(self.apply_changes)
        self._on_pages_current_changed(self.pages.currentIndex())
        self.reports.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        a.quit.triggered.connect(self.quit_app)
        a.preferences.triggered.connect(self._on_preferences_triggered)
        a.about.triggered.connect(self._on_about_triggered)
        self.first_run_add_button.clicked.connect(self.add_prospect)
        self.first_run_demo_button.clicked.connect(self.load_demo)

        self.navigation.destination_chosen.connect(self.show_destination)
        self.prospect_list.prospect_selected.connect(self._on_prospect_list_prospect_selected)
        self.prospect_list.prospect_activated.connect(lambda pid: self.log_touch(pid))
        self.prospect_list.add_requested.connect(self.add_prospect)
        self.card.edit_requested.connect(self._on_card_edit_requested)
        self.card.stage_change_requested.connect(self._on_card_stage_change_requested)
        self.timeline.touch_edit_requested.connect(self._on_timeline_touch_edit_requested)
        self.timeline.touch_delete_requested.connect(self._on_timeline_touch_delete_requested)
        self.agenda.open_requested.connect(self.open_prospect)
        self.agenda.log_requested.connect(lambda pid, fid: self.log_touch(pid, fid))
        self.agenda.draft_requested.connect(lambda pid, fid: self.draft_follow_up(pid, fid))
        self.agenda.done_requested.connect(self._on_agenda_done_requested)
        self.agenda.snooze_requested.connect(self._on_agenda_snooze_requested)
        self.agenda.reschedule_requested.connect(self._on_agenda_reschedule_requested)
        self.agenda.no_next_step_requested.connect(lambda: self.show_destination(NO_NEXT_STEP))
        self.timeline.log_touch_requested.connect(lambda: self.log_touch())
        self.thank_you.open_requested.connect(self.open_prospect)
        self.thank_you.mark_sent_requested.connect(self._on_thank_you_mark_sent_requested)
        self.thank_you.remove_requested.connect(self._on_thank_you_remove_requested)
        self.thank_you.address_requested.connect(self.complete_address)
        self.actions_.add_thank_you.triggered.connect(self.add_current_to_thank_you_list)
        self.thank_you.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._midnight_timer.timeout.connect(self._on_midnight_timer_timeout)
        self.calendar.day_selected.connect(self.day_agenda.set_day)
        self.day_agenda.prospect_activated.connect(self.open_prospect)

    # -- views -------------------------------------------------------------
    def show_destination(self, destination: Destination) -> None:
        """Show the agenda, or the prospect list with a quick filter or tag."""
        if self._service.prospect_count() == 0:
            self.pages.setCurrentIndex(_PAGE_FIRST_RUN)
            return
        if destination.view == "agenda":
            self.pages.setCurrentIndex(_PAGE_AGENDA)
        elif destination.view == "thank_you":
            self.pages.setCurrentIndex(_PAGE_THANK_YOU)
        elif destination.view == "reports":
            self.pages.setCurrentIndex(_PAGE_REPORTS)
        else:
            self.prospect_list.set_filters(destination.quick, destination.tag)
            self.pages.setCurrentIndex(_PAGE_PROSPECTS)
        self.navigation.select(destination, emit=False)
        self._destination = destination

    def _go_to(self, destination: Destination) -> None:
        """A view chosen from the keyboard: show it and put the focus in it."""
        self.show_destination(destination)
        page = self.pages.currentIndex()
        if page == _PAGE_AGENDA:
            self.agenda.view.setFocus()
        elif page == _PAGE_PROSPECTS:
            self.prospect_list.table.setFocus()

    @property
    def service(self) -> FollowUpService:
        return self._service

    def report_problem(self, message: str) -> None:
        """Say in a message box why something could not be done."""
        self._report(message)

    @property
    def thanks(self) -> ThankYouService:
        return self._thanks

    def current_destination(self) -> Destination:
        return getattr(self, "_destination", AGENDA)

    def open_prospect(self, prospect_id: int) -> None:
        """Show a prospect's card and timeline in the full list."""
        self.show_destination(PROSPECTS)
        self.prospect_list.select_prospect(prospect_id)
        self._show_prospect(prospect_id)

    def current_prospect_id(self) -> int | None:
        """The current prospect: the selected row of the view on screen.

        Every menu action, shortcut and the window title act on this one; a
        view without a selection (or without prospects) has none.
        """
        page = self.pages.currentIndex()
        if page == _PAGE_AGENDA:
            item = self.agenda.selected_item()
            return item.follow_up.prospect_id if item is not None else None
        if page == _PAGE_PROSPECTS:
            listed = self.prospect_list.current_prospect_id()
            return listed if listed is not None else self.card.prospect_id()
        if page == _PAGE_THANK_YOU:
            return self.thank_you.selected_prospect_id()
        return None

    def _current_follow_up_id(self) -> int | None:
        """The agenda's selected follow-up, when the agenda is on screen."""
        if self.pages.currentIndex() == _PAGE_AGENDA:
            return self.agenda.selected_follow_up_id()
        return None

    def refresh(self) -> None:
        """Re-read every view (a new day, new preferences): what a change of everything does."""
        self.apply_changes(Changes.all())

    def apply_changes(self, changes: Changes) -> None:
        """Re-read only what a change set touches; the card keeps unsaved edits."""
        if not changes:
            return
        if changes.touches(tables.FOLLOW_UP, tables.PROSPECT):
            self._page_changed(_PAGE_AGENDA)
            self.calendar.refresh()
            self.day_agenda.refresh()
        self.prospect_list.apply_changes(changes)
        if changes.touches(tables.THANK_YOU, tables.PROSPECT):
            self._page_changed(_PAGE_THANK_YOU)
        if changes.touches(tables.PROSPECT, tables.TOUCH, tables.FOLLOW_UP, tables.SETTING):
            self._page_changed(_PAGE_REPORTS)
        self._refresh_counts(changes)
        self._after_changes(changes)
        if any(key.startswith(PREFERENCE_PREFIX) for key in changes.setting_keys):
            self._preferences_timer.start()  # once for the several values one save writes

    def _page_changed(self, page: int) -> None:
        """The page on screen re-reads now; one out of sight when it is next shown."""
        if self.pages.currentIndex() == page:
            self._refresh_page(page)
        else:
            self._stale_pages.add(page)

    def _refresh_page(self, page: int) -> None:
        self._stale_pages.discard(page)
        if page == _PAGE_AGENDA:
            self.agenda.refresh()
        elif page == _PAGE_THANK_YOU:
            self.thank_you.refresh()
        elif page == _PAGE_REPORTS:
            self.reports.refresh()

    def time_passed(self) -> None:
        """A follow-up came due: what depends on the time re-reads (the agenda, the
        calendar, the counts, a list filtered by due time), and nothing else."""
        self._page_changed(_PAGE_AGENDA)
        self.calendar.refresh()
        self.day_agenda.refresh()
        if self.prospect_list.model.query().quick is QuickFilter.ALL:
            self.prospect_list.table.viewport().update()  # overdue rows turn red
        else:
            self.prospect_list.refresh()
        self._refresh_counts(Changes())
        self.data_changed.emit()

    def thank_you_preferences_changed(self) -> None:
        """Which touches queue a note, the sender, the paper: the list re-reads."""
        self._page_changed(_PAGE_THANK_YOU)

    def _refresh_counts(self, changes: Changes | None = None) -> None:
        """The navigation's counts and the status bar's words."""
        service = self._service
        total = service.prospect_count()
        overdue, today = service.attention_counts()
        missing = service.count_without_next_step()
        counts = {
            AGENDA: overdue + today,
            PROSPECTS: total,
            NO_NEXT_STEP: missing,
            REVIVE: service.count(QuickFilter.REVIVE),
            THANK_YOU: self._thanks.count(),
        }
        if changes is None or changes.touches(tables.PROSPECT_TAG) or changes.membership:
            self._tag_counts = service.tag_counts()
        self.navigation.set_counts(counts, self._tag_counts)
        words = (
            f"{today:,} due today · {overdue:,} overdue · "
            f"{missing:,} open prospects have no next step"
        )
        self.status_label.setText(words if total else "No prospects yet")

    def _after_changes(self, changes: Changes) -> None:
        if changes.membership:
            empty = self._service.prospect_count() == 0
            if empty:
                self.pages.setCurrentIndex(_PAGE_FIRST_RUN)
            elif self.pages.currentIndex() == _PAGE_FIRST_RUN:
                self.show_destination(self.current_destination())
        shown = self.card.prospect_id()
        if shown is not None and changes.touches_prospect(shown):
            if self._service.find_prospect(shown) is None:
                self._show_prospect(None)
            else:
                self.card.reload()  # merges what changed into what is being typed
                self.timeline.set_prospect(shown)
        self._on_current_changed()
        self.data_changed.emit()

    def _after_refresh(self) -> None:
        self._after_changes(Changes.all())

    def _show_prospect(self, prospect_id: int | None) -> None:
        self.card.set_prospect(prospect_id)
        self.timeline.set_prospect(prospect_id)
        self._on_current_changed()

    def _on_current_changed(self, *_args: object) -> None:
        """The title and the prospect actions follow the current prospect."""
        current = self.current_prospect_id()
        prospect = self._service.find_prospect(current) if current is not None else None
        # Window titles are plain text: a stored name shows as typed.
        self.setWindowTitle(f"{prospect.name} — {APP_TITLE}" if prospect else APP_TITLE)
        for act in (
            self.actions_.log_touch,
            self.actions_.draft_follow_up,
            self.actions_.delete,
            self.actions_.won,
            self.actions_.lost,
            self.actions_.add_thank_you,
            self.actions_.apply_plan,
            self.actions_.schedule_by_plan,
            self.actions_.revive,
        ):
            act.setEnabled(prospect is not None)

    # -- commands ----------------------------------------------------------
    def _after_undo(self, changes: Changes) -> None:
        """Show what an undo or redo brought back, where the list shows it."""
        if (
            self.pages.currentIndex() == _PAGE_PROSPECTS
            and self.prospect_list.current_prospect_id() is None
            and len(changes.prospect_ids) == 1
        ):
            (pid,) = changes.prospect_ids
            if self.prospect_list.select_prospect(pid):
                self._show_prospect(pid)

    def _undo_text(self, text: str, prospect_id: int) -> str:
        """An undo entry names the prospect it acts on: "Mark won: Ana Müller"."""
        prospect = self._service.find_prospect(prospect_id)
        if prospect is None or prospect.name in text:
            return text
        return f"{text}: {prospect.name}"

    def _report(self, message: str) -> None:
        QMessageBox.warning(self, APP_TITLE, message)

    def _push_edit(self, prospect_id: int, text: str, action: Callable[[], object]) -> bool:
        """Make an undoable change; a refused one is explained and changes nothing."""
        return self._push(_menu_text(self._undo_text(text, prospect_id)), action)

    def _push(self, text: str, action: Callable[[], object]) -> bool:
        try:
            push_operation(
                self.undo_stack, self._service, text, action, self._after_undo, self._report
            )
        except (DomainError, StoreError) as exc:
            self._report(str(exc))
            return False
        return True

    def add_prospect(self) -> int | None:
        dialog = NewProspectDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        value = dialog.value()

        def create() -> int:
            prospect = self._service.add_prospect(
                value.name,
                company=value.company,
                emails=(value.email,) if value.email else (),
                phones=(value.phone,) if value.phone else (),
                source=value.source,
            )
            assert prospect.id is not None
            return prospect.id

        try:
            prospect_id = push_operation(
                self.undo_stack,
                self._service,
                _menu_text(f"Add {value.name or value.company}"),
                create,
                self._after_undo,
                self._report,
            )
        except (DomainError, StoreError) as exc:
            self._report(str(exc))
            return None
        self.open_prospect(prospect_id)
        self.prospect_list.table.setFocus()
        return prospect_id

    def log_touch(self, prospect_id: int | None = None, follow_up_id: int | None = None) -> bool:
        """Open the log-touch dialog for a prospect and apply it, undoably."""
        pid = prospect_id if prospect_id is not None else self.current_prospect_id()
        if pid is None:
            return False
        if prospect_id is None and follow_up_id is None:
            follow_up_id = self._current_follow_up_id()  # the agenda entry it carries out
        dialog = LogTouchDialog(self._service, pid, self, follow_up_id=follow_up_id)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        request = dialog.result_request()

        notes = request.notes
        if request.close_as is None and request.close_reason.strip():
            # A deliberate pause: its reason stays on the timeline.
            notes = f"{notes}\nPaused: {request.close_reason.strip()}".strip()

        def apply() -> None:
            self._service.log_touch(
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
                self._service.change_stage(pid, request.close_as, request.close_reason)

        return self._push_edit(pid, "Log touch", apply)

    def draft_follow_up(
        self, prospect_id: int | None = None, follow_up_id: int | None = None
    ) -> bool:
        """Open the draft composer; logging the draft as sent is undoable like a touch
        and carries out ``follow_up_id`` when given (an agenda entry)."""
        pid = prospect_id if prospect_id is not None else self.current_prospect_id()
        if pid is None:
            return False
        if prospect_id is None and follow_up_id is None:
            follow_up_id = self._current_follow_up_id()
        sender = self.thank_you.sender_lines()

        def log_sent(draft: Draft) -> bool:
            return self._push_edit(
                pid,
                "Log follow-up sent",
                lambda: self._drafts.log_sent(pid, draft, answers=follow_up_id),
            )

        dialog = DraftDialog(
            self._drafts, pid, self, my_name=sender[0] if sender else "", log_sent=log_sent
        )
        return dialog.exec() == QDialog.DialogCode.Accepted

    def delete_current_prospect(self) -> None:
        pid = self.current_prospect_id()
        if pid is None:
            return
        prospect = self._service.find_prospect(pid)
        if prospect is None:
            return
        name = prospect.name
        if self._push_edit(pid, f"Delete {name}", lambda: self._service.delete_prospect(pid)):
            self.statusBar().showMessage(f"Deleted {name}. Undo with Ctrl+Z.", 8000)

    def _change_current_stage(self, stage: Stage, reason: str = "") -> None:
        pid = self.current_prospect_id()
        if pid is not None:
            self._change_stage(pid, stage, reason)

    def _change_stage(self, pid: int, stage: Stage, reason: str) -> None:
        self._push_edit(
            pid, f"Mark {stage.value}", lambda: self._service.change_stage(pid, stage, reason)
        )

    def load_demo(self) -> None:
        if self._service.prospect_count():
            QMessageBox.information(
                self, APP_TITLE, "Demo data goes in an empty database; this one has prospects."
            )
            return
        try:
            generate_demo(self._service)
            self._thanks.fill_from_history()
        except (StoreError, DomainError) as exc:
            QMessageBox.critical(self, APP_TITLE, str(exc))
            return
        self.undo_stack.clear()
        self.refresh()
        self.show_destination(AGENDA)
        self.demo_loaded.emit()

    # -- import and export -------------------------------------------------------
    @property
    def _imports(self) -> ImportService:
        if self._import_service is None:
            from followup_desktop.services.contacts import ImportService

            self._import_service = ImportService(self._service)
        return self._import_service

    def import_files(self, paths: list[str]) -> ImportDialog | None:
        """Read ``paths`` and show the import's preview (and columns step if needed)."""
        if not paths:
            return None
        from followup_desktop.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self._imports, paths, self)
        if not dialog.start():
            dialog.deleteLater()
            return None
        dialog.import_requested.connect(lambda: self._run_import(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _run_import(self, dialog: ImportDialog) -> None:
        from followup_desktop.services.contacts import ImportCancelled, ImportOutcome

        preview = dialog.preview
        if preview is None:
            return
        cadence = dialog.cadence_key()
        try:
            outcome: ImportOutcome = run_with_progress(
                dialog,
                "Importing contacts…",
                lambda progress: self._imports.apply(preview, cadence, progress),
            )
        except ImportCancelled:
            QMessageBox.information(dialog, APP_TITLE, "Import cancelled: nothing was written.")
            return
        except (DomainError, StoreError) as exc:
            QMessageBox.critical(dialog, APP_TITLE, f"Nothing was imported. {exc}")
            return
        dialog.save_mappings()
        dialog.accept()
        self.import_dialog = None
        created, merged = len(outcome.created), outcome.merged
        text = f"Import {plural(created, 'new prospect')}"
        if merged:
            text += f" and {plural(merged, 'merge')}"
        self.undo_stack.push(
            CallbackCommand(
                text,
                lambda: self._imports.undo(outcome),
                lambda: self._imports.redo(outcome),
                self.refresh,
                self._report,
            )
        )
        self.refresh()
        self.show_destination(PROSPECTS)
        self.statusBar().showMessage(
            f"Imported {created} new prospects, merged {merged}, skipped {outcome.skipped}. "
            "Edit › Undo takes the import back.",
            15000,
        )

    def _on_import_contacts_triggered(self) -> None:
        folder = str(self._settings.value("import/folder", "")) if self._settings else ""
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "Import contacts",
            folder,
            "Contact files (*.vcf *.vcard *.csv *.txt *.tsv);;All files (*)",
        )
        if paths and self._settings is not None:
            self._settings.setValue("import/folder", str(Path(paths[0]).parent))
        self.import_files(paths)

    def export(self) -> ExportDialog:
        total = self._service.prospect_count()
        scopes: list[tuple[str, list[int] | None]] = [(f"All prospects ({total})", None)]
        listed = self._service.prospect_ids(self.prospect_list.model.query())
        if 0 < len(listed) < total:
            scopes.append((f"The {len(listed)} prospects the list shows now", listed))
        current = self.current_prospect_id()
        prospect = self._service.find_prospect(current) if current is not None else None
        if prospect is not None and prospect.id is not None:
            scopes.append((f"Only {prospect.name}", [prospect.id]))
        folder = Path.home()
        if self._settings is not None and self._settings.value("export/folder"):
            folder = Path(str(self._settings.value("export/folder")))
        from followup_desktop.ui.export_dialog import ExportDialog

        dialog = ExportDialog(self._imports, scopes, folder, self)
        dialog.accepted.connect(lambda: self._on_export_dialog_accepted(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def _on_export_dialog_accepted(self, dialog: ExportDialog) -> None:
        if dialog.written is None:
            return
        if self._settings is not None:
            self._settings.setValue("export/folder", str(dialog.written.parent))
        self.statusBar().showMessage(f"Exported to {dialog.written}", 10000)
        self.export_dialog = None

    @staticmethod
    def _dropped_files(event: QDropEvent | QDragEnterEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._dropped_files(event)
        if not paths:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        # Open the preview once the drop is over: the drag source is not kept waiting.
        QTimer.singleShot(0, lambda: self.import_files(paths))

    # -- slots -------------------------------------------------------------
    def _on_pages_current_changed(self, index: int) -> None:
        """A page out of sight when its data changed catches up as it is shown;
        File › Save report as… is there while the report is shown."""
        if index in self._stale_pages:
            self._refresh_page(index)
        shown = index == _PAGE_REPORTS
        self.actions_.save_report.setEnabled(shown)
        self.actions_.save_report.setVisible(shown)

    def _on_find_triggered(self) -> None:
        if self.pages.currentIndex() != _PAGE_PROSPECTS:
            self.show_destination(PROSPECTS)
        self.prospect_list.focus_search()

    def _on_lost_triggered(self) -> None:
        pid = self.current_prospect_id()
        prospect = self._service.find_prospect(pid) if pid is not None else None
        if prospect is None:
            return
        dialog = LostReasonDialog(prospect.name, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._change_current_stage(Stage.LOST, dialog.reason())

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            "About FollowUp",
            "FollowUp Desktop: every prospect has a dated next step until a Yes or a No.",
        )

    def _on_prospect_list_prospect_selected(self, prospect_id: int) -> None:
        if self.card.has_unsaved_changes() and self.card.prospect_id() != prospect_id:
            self.card.save()  # moving on keeps what was typed, undoably
        self._show_prospect(prospect_id)

    def _arm_midnight_timer(self) -> None:
        """Refresh when the day changes, so that "today" moves on."""
        now = self._service.now()
        midnight = at_local(now.date() + timedelta(days=1), time(0, 0, 5), self._service.clock.tz)
        self._midnight_timer.start(max(1000, int((midnight - now).total_seconds() * 1000)))

    def _on_midnight_timer_timeout(self) -> None:
        self.refresh()
        self._arm_midnight_timer()

    def _on_card_edit_requested(self, prospect: Prospect) -> None:
        assert prospect.id is not None
        self._push_edit(
            prospect.id, "Edit prospect", lambda: self._service.update_prospect(prospect)
        )

    def _on_card_stage_change_requested(self, stage: Stage, reason: str) -> None:
        pid = self.card.prospect_id()  # the card's own buttons act on the card's prospect
        if pid is not None:
            self._change_stage(pid, stage, reason)

    def _on_timeline_touch_edit_requested(self, touch: Touch) -> None:
        self._push_edit(touch.prospect_id, "Edit touch", lambda: self._service.update_touch(touch))

    def _on_timeline_touch_delete_requested(self, touch_id: int) -> None:
        pid = self.card.prospect_id()
        if pid is None:
            return
        self._push_edit(pid, "Delete touch", lambda: self._service.delete_touch(touch_id))

    def _on_thank_you_mark_sent_requested(self, entry_ids: list[int]) -> None:
        count = len(entry_ids)
        text = "Mark thank-you note sent" if count == 1 else f"Mark {count} thank-you notes sent"
        if count == 1:
            text = self._entry_undo_text(text, entry_ids[0])
        self._push(_menu_text(text), lambda: self._thanks.mark_sent(entry_ids))

    def _entry_undo_text(self, text: str, entry_id: int) -> str:
        try:
            return self._undo_text(text, self._thanks.entry(entry_id).prospect_id)
        except (DomainError, StoreError):
            return text  # gone meanwhile: the change itself will say so

    def add_current_to_thank_you_list(self) -> None:
        pid = self.current_prospect_id()
        if pid is None:
            return
        if self._thanks.pending_of(pid) is not None:
            self.statusBar().showMessage("Already on the thank-you list.", 5000)
            return
        self._push_edit(pid, "Add to the thank-you list", lambda: self._thanks.add(pid))

    def complete_address(self, prospect_id: int) -> bool:
        """Fill in a prospect's postal address, undoably, from the thank-you list."""
        prospect = self._service.find_prospect(prospect_id)
        if prospect is None:
            return False
        dialog = AddressDialog(prospect.name, prospect.address, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        changed = replace(prospect, address=dialog.address())
        return self._push_edit(
            prospect_id, "Edit address", lambda: self._service.update_prospect(changed)
        )

    def _on_thank_you_remove_requested(self, entry_id: int) -> None:
        text = self._entry_undo_text("Remove from the thank-you list", entry_id)
        self._push(_menu_text(text), lambda: self._thanks.remove(entry_id))

    def _prospect_of_follow_up(self, follow_up_id: int) -> int | None:
        follow_up = self._service.find_follow_up(follow_up_id)
        return follow_up.prospect_id if follow_up else None

    def _on_agenda_done_requested(self, follow_up_id: int) -> None:
        pid = self._prospect_of_follow_up(follow_up_id)
        if pid is not None:
            self._push_edit(pid, "Mark done", lambda: self._service.mark_done(follow_up_id))

    def _on_agenda_snooze_requested(self, follow_up_id: int, until: datetime) -> None:
        pid = self._prospect_of_follow_up(follow_up_id)
        if pid is not None:
            self._push_edit(pid, "Snooze", lambda: self._service.snooze(follow_up_id, until))

    def _on_agenda_reschedule_requested(self, follow_up_id: int, when: datetime) -> None:
        pid = self._prospect_of_follow_up(follow_up_id)
        if pid is not None:
            self._push_edit(pid, "Reschedule", lambda: self._service.reschedule(follow_up_id, when))

    # -- window state --------------------------------------------------------
    _SPLITTERS = ("main_splitter", "right_splitter", "prospects_splitter", "detail_splitter")

    def save_state(self) -> None:
        settings = self._settings
        if settings is None:
            return
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        for name in self._SPLITTERS:
            settings.setValue(f"window/{name}", getattr(self, name).saveState())
        settings.setValue("window/list", json.dumps(self.prospect_list.save_state()))
        d = self.current_destination()
        if d.view == "prospects":  # the filter chosen in the list itself counts too
            query = self.prospect_list.model.query()
            d = Destination("prospects", query.quick, query.tag)
        settings.setValue(
            "window/destination", json.dumps({"view": d.view, "quick": d.quick.value, "tag": d.tag})
        )
        settings.setValue("window/prospect", self.current_prospect_id() or 0)
        settings.sync()

    def _restore_state(self) -> None:
        settings = self._settings
        destination = AGENDA
        if settings is not None:
            geometry = settings.value("window/geometry")
            if isinstance(geometry, QByteArray):
                self.restoreGeometry(geometry)
            state = settings.value("window/state")
            if isinstance(state, QByteArray):
                self.restoreState(state)
            for name in self._SPLITTERS:
                value = settings.value(f"window/{name}")
                if isinstance(value, QByteArray):
                    getattr(self, name).restoreState(value)
            try:
                list_state = json.loads(str(settings.value("window/list", "{}")))
                if isinstance(list_state, dict):
                    self.prospect_list.restore_state(list_state)
                saved = json.loads(str(settings.value("window/destination", "{}")))
                if isinstance(saved, dict) and saved.get("view") in (
                    "agenda",
                    "prospects",
                    "thank_you",
                    "reports",
                ):
                    destination = Destination(
                        saved["view"], QuickFilter(saved.get("quick", "all")), saved.get("tag")
                    )
            except (ValueError, TypeError):
                pass  # unreadable saved state: start with the defaults
        self.show_destination(destination)
        if settings is not None:
            try:
                last = int(str(settings.value("window/prospect", 0)))
            except ValueError:
                last = 0
            if last and self._service.find_prospect(last) is not None:
                if destination.view == "prospects":
                    self.prospect_list.select_prospect(last)
                self._show_prospect(last)

    # Below this width the card and the timeline stack instead of standing side by side.
    STACK_BELOW = 640

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.pages and event.type() == QEvent.Type.Resize:
            self._fit_detail_layout()  # the window or the splitter beside it changed
        return super().eventFilter(watched, event)

    def _fit_detail_layout(self) -> None:
        narrow = self.pages.width() < self.STACK_BELOW
        wanted = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.detail_splitter.orientation() != wanted:
            self.detail_splitter.setOrientation(wanted)
            half = max(1, self.detail_splitter.height() if narrow else self.detail_splitter.width())
            self.detail_splitter.setSizes([half // 2, half - half // 2])

    def _fit_to_screen(self, width: int, height: int) -> None:
        """The first size: as asked, but never larger than the screen's free area."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, free.width()), min(height, int(free.height() * 0.95))
        self.resize(width, height)

    # -- tray ------------------------------------------------------------------
    def set_close_to_tray(self, enabled: bool) -> None:
        """With a tray icon, closing the window hides it; Quit exits."""
        self._close_to_tray = enabled

    def quit_app(self) -> None:
        self._quitting = True
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def show_reminder(self, title: str, body: str, prospect_id: object) -> None:
        """A reminder where there is no tray: in the status bar, and the taskbar asks."""
        self.statusBar().showMessage(f"Reminder: {title} — {body}", 60_000)
        QApplication.alert(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self._close_to_tray and not self._quitting:
            event.ignore()
            self.hide()
            self._explain_close_to_tray_once()
            return
        self.feed.timer.stop()  # closed for good: no more reading of the database
        self._midnight_timer.stop()
        super().closeEvent(event)

    def _explain_close_to_tray_once(self) -> None:
        settings = self._settings
        if settings is None or str(settings.value("tray/close_explained", "")) == "yes":
            return
        settings.setValue("tray/close_explained", "yes")
        settings.sync()
        QMessageBox.information(
            None,
            APP_TITLE,
            "FollowUp keeps running in the system tray, so that reminders reach you. "
            "Open it again from the tray icon; choose Quit in its menu or in File to exit.",
        )

    def _on_preferences_triggered(self) -> None:
        dialog = PreferencesDialog(DatabasePreferences(self._service), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.preferences_changed.emit()


__all__ = ["MainWindow"]
