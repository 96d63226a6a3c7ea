"""The main window: navigation, the chosen view, the calendar, and the status in words."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
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
from followup_desktop.domain.model import Prospect, Stage
from followup_desktop.domain.queries import QuickFilter
from followup_desktop.domain.wallclock import at_local
from followup_desktop.i18n import N_, _, ngettext
from followup_desktop.services import FollowUpService, StoreError
from followup_desktop.services.backups import BackupService
from followup_desktop.services.coach import CoachService
from followup_desktop.services.preferences import PREFIX as PREFERENCE_PREFIX
from followup_desktop.services.preferences import DatabasePreferences
from followup_desktop.services.sync_account import PasswordKeeper
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.ui.agenda import AgendaWidget, Section
from followup_desktop.ui.background import BackgroundReads
from followup_desktop.ui.backup_scheduler import BackupScheduler
from followup_desktop.ui.calendar import DayAgendaWidget, FollowUpCalendarWidget
from followup_desktop.ui.change_feed import ChangeFeed
from followup_desktop.ui.file_dialogs import RecentFolders
from followup_desktop.ui.format import date_time_text, number_text
from followup_desktop.ui.mainwindow.actions import MainActions, build_menus, create_actions
from followup_desktop.ui.mainwindow.coach import CoachCommands
from followup_desktop.ui.mainwindow.contact_commands import ContactCommands
from followup_desktop.ui.mainwindow.follow_up_commands import FollowUpCommands, ThankYouCommands
from followup_desktop.ui.mainwindow.operations import APP_TITLE, Operations
from followup_desktop.ui.mainwindow.prospect_commands import ProspectCommands
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
from followup_desktop.ui.phone_sync import PhoneSync
from followup_desktop.ui.prospect_card import ProspectCardWidget
from followup_desktop.ui.prospect_list import ListViewState, ProspectListWidget
from followup_desktop.ui.start_frame import FIRST_SIZE, fit_to_screen
from followup_desktop.ui.thank_you_view import ThankYouWidget
from followup_desktop.ui.timeline import TouchTimelineWidget
from followup_desktop.ui.undo import OperationCommand

if TYPE_CHECKING:
    from followup_desktop.services.sync import SyncReport
    from followup_desktop.ui.export_dialog import ExportDialog
    from followup_desktop.ui.import_dialog import ImportDialog
    from followup_desktop.ui.reports_view import ReportsWidget
    from followup_desktop.ui.sync_conflicts_dialog import SyncConflictsDialog

_PAGE_FIRST_RUN, _PAGE_AGENDA, _PAGE_PROSPECTS, _PAGE_THANK_YOU = range(4)
_PAGE_REPORTS = 4

NO_TRAY_NOTICE = N_("No system tray: reminders show here")
NO_TRAY_EXPLANATION = N_(
    "There is no system tray here: reminders appear in this window, "
    "so keep it open (minimised is fine)."
)


@dataclass(frozen=True)
class _Counts:
    """What the navigation and the status bar show, read in one go."""

    total: int
    overdue: int
    today: int
    missing: int
    revive: int
    thank_you: int
    tags: list[tuple[str, int]] | None  # None: not re-read this time


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _keep_every_pane(splitter: QSplitter) -> None:
    """No pane of ``splitter`` can be dragged to nothing."""
    splitter.setChildrenCollapsible(False)
    for index in range(splitter.count()):
        splitter.setCollapsible(index, False)


class MainWindow(QMainWindow):
    """The screen a consultant keeps open all day (see SCREENS.md)."""

    data_changed = Signal()
    demo_loaded = Signal()
    preferences_changed = Signal()
    counts_shown = Signal()  # the navigation's counts and the status words are current

    def __init__(
        self,
        service: FollowUpService,
        settings: QSettings | None = None,
        thanks: ThankYouService | None = None,
        *,
        password_keeper: PasswordKeeper | None = None,
    ) -> None:
        super().__init__()
        self._service = service
        self._thanks = thanks or ThankYouService(service)
        self.ops = Operations(self)
        self.coach = CoachCommands(self, CoachService(service))
        self.prospect_commands = ProspectCommands(self, self.ops)
        self.follow_up_commands = FollowUpCommands(self, self.ops)
        self.thank_you_commands = ThankYouCommands(self, self.ops)
        self.contact_commands = ContactCommands(self, self.ops)
        self._settings = settings
        # The options that open this data again (app.py sets them): start at login needs them.
        self.reopen_arguments: list[str] = []
        self.folders = RecentFolders(settings)  # where each kind of file dialog opens
        self.undo_stack = QUndoStack(self)
        self._close_to_tray = False
        self._quitting = False
        self._midnight_timer = QTimer(self)
        self._midnight_timer.setSingleShot(True)
        self._tag_counts: list[tuple[str, int]] = []
        self._tags_stale = True
        self.reads = BackgroundReads(self)
        self._list_views: dict[Destination, ListViewState] = {}
        self._stale_pages = {_PAGE_AGENDA, _PAGE_THANK_YOU, _PAGE_REPORTS}
        self._preferences_timer = QTimer(self)
        self._preferences_timer.setSingleShot(True)
        self._preferences_timer.setInterval(0)
        self._preferences_timer.timeout.connect(self.preferences_changed)
        self.feed = ChangeFeed(service, self)
        self.backups = BackupScheduler(BackupService(service), self)  # started by the app
        self.phone_sync = PhoneSync(service, password_keeper, self)  # started by the app
        self._conflicts_dialog: SyncConflictsDialog | None = None
        self.setWindowTitle(APP_TITLE)
        fit_to_screen(self, *FIRST_SIZE)
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
        self.thank_you.folders = self.folders
        # The report (its charts, its sums over every touch) is built when first shown.
        self._reports: ReportsWidget | None = None
        self._reports_placeholder = QWidget()

        first_run = QWidget()
        layout = QVBoxLayout(first_run)
        layout.addStretch()
        self.first_run_label = _plain_label(
            _(
                "No prospects yet. Import your contacts (vCard or CSV) or add your first "
                "prospect; or load demo data to look around."
            )
        )
        self.first_run_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.first_run_label)
        self.first_run_import_button = QPushButton(_("Import contacts…"))
        self.first_run_import_button.setToolTip(
            _("Import vCard or CSV files (or drop them on the window)")
        )
        self.first_run_add_button = QPushButton(_("Add prospect"))
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.first_run_import_button)
        row.addWidget(self.first_run_add_button)
        row.addStretch()
        layout.addLayout(row)
        self.first_run_demo_button = QPushButton(_("Load demo data"))
        layout.addWidget(self.first_run_demo_button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch()
        self.first_run_page = first_run

    def _init_layout(self) -> None:
        self.detail_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.detail_splitter.setObjectName("detail_splitter")
        self.detail_splitter.addWidget(self.card)
        self.detail_splitter.addWidget(self.timeline)

        self.prospects_splitter = QSplitter(Qt.Orientation.Vertical)
        self.prospects_splitter.setObjectName("prospects_splitter")
        self.prospects_splitter.addWidget(self.prospect_list)
        self.prospects_splitter.addWidget(self.detail_splitter)
        self.prospects_splitter.setStretchFactor(0, 1)
        self.prospects_splitter.setStretchFactor(1, 1)
        self.prospects_splitter.setSizes(list(self._DEFAULT_SIZES["prospects_splitter"]))

        self.pages = QStackedWidget()
        self.pages.addWidget(self.first_run_page)
        self.pages.addWidget(self.agenda)
        self.pages.addWidget(self.prospects_splitter)
        self.pages.addWidget(self.thank_you)
        self.pages.addWidget(self._reports_placeholder)

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
        # No pane can be dragged to nothing (and lost): View › Calendar hides the column.
        for name in self._SPLITTERS:
            _keep_every_pane(getattr(self, name))
        self.navigation.setMinimumWidth(150)
        self.main_splitter.setSizes(list(self._DEFAULT_SIZES["main_splitter"]))
        self.pages.installEventFilter(self)
        self.setCentralWidget(self.main_splitter)
        self.status_label = _plain_label()
        self.statusBar().addWidget(self.status_label, 1)
        # A lasting condition (no system tray) has its own place at the right, which
        # the status words and temporary messages never cover.
        self.tray_notice = QLabel(_(NO_TRAY_NOTICE))
        self.tray_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.tray_notice.setToolTip(_(NO_TRAY_EXPLANATION))
        self.tray_notice.setAccessibleName(_("Reminders"))
        self.tray_notice.setAccessibleDescription(_(NO_TRAY_EXPLANATION))
        self.statusBar().addPermanentWidget(self.tray_notice)
        self.tray_notice.hide()
        # The phone sync's state: under way, done, or why it failed (one line).
        self.sync_status_label = QLabel()
        self.sync_status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sync_status_label.setAccessibleName(_("Phone sync"))
        self.statusBar().addPermanentWidget(self.sync_status_label)
        self.sync_status_label.hide()

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
        prospects = self.prospect_commands
        a.won.triggered.connect(lambda: prospects.change_current_stage(Stage.WON))
        a.lost.triggered.connect(prospects.mark_current_lost)
        for act, destination in (
            (a.view_agenda, AGENDA),
            (a.view_prospects, PROSPECTS),
            (a.view_no_next_step, NO_NEXT_STEP),
            (a.view_gone_cold, REVIVE),
            (a.view_thank_you, THANK_YOU),
            (a.view_reports, REPORTS),
        ):
            act.triggered.connect(lambda _=False, d=destination: self._go_to(d))
        a.load_demo.triggered.connect(self.load_demo)
        a.restore_backup.triggered.connect(self._on_restore_backup_triggered)
        a.import_contacts.triggered.connect(self.contact_commands.choose_and_import)
        a.export.triggered.connect(self.export)
        a.save_report.triggered.connect(lambda: self.reports.save_as())
        a.show_calendar.toggled.connect(self.set_calendar_shown)
        self.pages.currentChanged.connect(self._on_pages_current_changed)
        self.pages.currentChanged.connect(self._on_current_changed)
        self.agenda.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.thank_you.selection_changed.connect(self._on_current_changed)
        self.feed.changed.connect(self.apply_changes)
        self.feed.changed.connect(self.phone_sync.data_changed)
        a.sync_now.triggered.connect(lambda: self.phone_sync.sync_now())
        self.phone_sync.status_changed.connect(self._on_phone_sync_status_changed)
        self.phone_sync.synced.connect(self._on_phone_sync_synced)
        self.phone_sync.password_needed.connect(self._on_phone_sync_password_needed)
        self.phone_sync.empty_server.connect(self._on_phone_sync_empty_server)
        self.statusBar().messageChanged.connect(self._on_status_bar_message_changed)
        self._on_pages_current_changed(self.pages.currentIndex())
        a.quit.triggered.connect(self.quit_app)
        a.preferences.triggered.connect(self._on_preferences_triggered)
        a.about.triggered.connect(self._on_about_triggered)
        self.first_run_add_button.clicked.connect(self.add_prospect)
        self.first_run_import_button.clicked.connect(a.import_contacts.trigger)
        self.prospect_list.import_requested.connect(a.import_contacts.trigger)
        self.first_run_demo_button.clicked.connect(self.load_demo)

        self.navigation.destination_chosen.connect(self.show_destination)
        self.prospect_list.prospect_selected.connect(self._on_prospect_list_prospect_selected)
        self.prospect_list.prospect_activated.connect(lambda pid: self.log_touch(pid))
        self.prospect_list.add_requested.connect(self.add_prospect)
        self.card.edit_requested.connect(prospects.edit)
        self.card.stage_change_requested.connect(self._on_card_stage_change_requested)
        self.timeline.touch_edit_requested.connect(prospects.edit_touch)
        self.timeline.touch_delete_requested.connect(self._on_timeline_touch_delete_requested)
        self.agenda.open_requested.connect(self.open_prospect)
        self.agenda.log_requested.connect(lambda pid, fid: self.log_touch(pid, fid))
        self.agenda.draft_requested.connect(lambda pid, fid: self.draft_follow_up(pid, fid))
        self.agenda.done_requested.connect(self.follow_up_commands.done)
        self.agenda.snooze_requested.connect(self.follow_up_commands.snooze)
        self.agenda.reschedule_requested.connect(self.follow_up_commands.reschedule)
        self.agenda.no_next_step_requested.connect(lambda: self.show_destination(NO_NEXT_STEP))
        self.timeline.log_touch_requested.connect(lambda: self.log_touch())
        self.thank_you.open_requested.connect(self.open_prospect)
        self.thank_you.mark_sent_requested.connect(self.thank_you_commands.mark_sent)
        self.thank_you.remove_requested.connect(self.thank_you_commands.remove)
        self.thank_you.address_requested.connect(self.complete_address)
        self.actions_.add_thank_you.triggered.connect(self.add_current_to_thank_you_list)
        self.thank_you.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._midnight_timer.timeout.connect(self._on_midnight_timer_timeout)
        self.calendar.day_selected.connect(self.day_agenda.set_day)
        self.day_agenda.prospect_activated.connect(self.open_prospect)

    # -- views -------------------------------------------------------------
    @property
    def reports(self) -> ReportsWidget:
        """The Reports page, made the first time it is asked for."""
        if self._reports is None:
            from followup_desktop.services.report import ReportService
            from followup_desktop.ui.reports_view import ReportsWidget

            reports = ReportsWidget(ReportService(self._service))
            reports.folders = self.folders
            reports.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self._reports = reports
            current = self.pages.currentIndex()
            self.pages.insertWidget(_PAGE_REPORTS, reports)
            self.pages.removeWidget(self._reports_placeholder)
            self._reports_placeholder.deleteLater()
            self.pages.setCurrentIndex(current)
        return self._reports

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
            self.reports  # noqa: B018 (built, in place of its placeholder, before it is shown)
            self.pages.setCurrentIndex(_PAGE_REPORTS)
        else:
            self._remember_list_view()
            self.prospect_list.set_view_state(self._list_view_of(destination))
            self.pages.setCurrentIndex(_PAGE_PROSPECTS)
        self.navigation.select(destination, emit=False)
        self._destination = destination

    def _list_view_of(self, destination: Destination) -> ListViewState:
        """The search and filters a view of the list was left with (its own filter
        and no search the first time)."""
        default = ListViewState(quick=destination.quick, tag=destination.tag)
        return self._list_views.get(destination, default)

    def _remember_list_view(self) -> None:
        """Each view of the list (Prospects, No next step, Revive, a tag) keeps its
        own search and filters: leaving one keeps them for coming back."""
        current = self.current_destination()
        if current.view == "prospects" and self.pages.currentIndex() == _PAGE_PROSPECTS:
            self._list_views[current] = self.prospect_list.view_state()

    def show_imported(self, prospect_ids: list[int]) -> None:
        """After an import: the full list with no search or filter, the first
        imported prospect chosen, so that what came in is what shows."""
        self._list_views.pop(PROSPECTS, None)
        self.show_destination(PROSPECTS)
        self.prospect_list.set_view_state(ListViewState())
        for pid in prospect_ids:
            if self.prospect_list.select_prospect(pid):
                self.show_prospect(pid)
                break

    def _go_to(self, destination: Destination) -> None:
        """A view chosen from the keyboard: show it and put the focus in it."""
        self.show_destination(destination)
        page = self.pages.currentIndex()
        if page == _PAGE_AGENDA:
            self.agenda.view.setFocus()
        elif page == _PAGE_PROSPECTS:
            self.prospect_list.table.setFocus()
        elif page == _PAGE_THANK_YOU:
            self.thank_you.view.setFocus()

    @property
    def service(self) -> FollowUpService:
        return self._service

    def report_problem(self, message: str) -> None:
        """Say in a message box why something could not be done."""
        self.ops.report(message)

    @property
    def thanks(self) -> ThankYouService:
        return self._thanks

    def current_destination(self) -> Destination:
        return getattr(self, "_destination", AGENDA)

    def open_prospect(self, prospect_id: int) -> None:
        """Show a prospect's card and timeline in the full list (its search and
        filters given up when they hide the prospect)."""
        self.show_destination(PROSPECTS)
        if not self.prospect_list.select_prospect(prospect_id):
            self.prospect_list.set_view_state(ListViewState())
            self.prospect_list.select_prospect(prospect_id)
        self.show_prospect(prospect_id)

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

    def current_follow_up_id(self) -> int | None:
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
        """The navigation's counts and the status bar's words, read off the GUI
        thread: at a hundred thousand prospects they take SQLite tenths of a
        second, which no logged touch should wait for."""
        if changes is None or changes.touches(tables.PROSPECT_TAG) or changes.membership:
            self._tags_stale = True
        service, thanks = self._service, self._thanks
        # The agenda on screen has just counted its sections: take them from it.
        agenda = (
            None
            if _PAGE_AGENDA in self._stale_pages
            else (self.agenda.model.total(Section.OVERDUE), self.agenda.model.total(Section.TODAY))
        )
        with_tags = self._tags_stale

        def read() -> _Counts:
            overdue, today = agenda if agenda is not None else service.attention_counts()
            return _Counts(
                total=service.prospect_count(),
                overdue=overdue,
                today=today,
                missing=service.count_without_next_step(),
                revive=service.count(QuickFilter.REVIVE),
                thank_you=thanks.count(),
                tags=service.tag_counts() if with_tags else None,
            )

        self.reads.submit("counts", read, self._show_counts)

    def counts_pending(self) -> bool:
        """Whether the navigation's or the calendar's counts, or the day's follow-ups,
        are still being read."""
        return (
            self.reads.pending("counts")
            or self.calendar.counts_pending()
            or self.day_agenda.counts_pending()
        )

    def _show_counts(self, counted: _Counts) -> None:
        if counted.tags is not None:
            self._tag_counts = counted.tags
            self._tags_stale = False
        counts = {
            AGENDA: counted.overdue + counted.today,
            PROSPECTS: counted.total,
            NO_NEXT_STEP: counted.missing,
            REVIVE: counted.revive,
            THANK_YOU: counted.thank_you,
        }
        self.navigation.set_counts(counts, self._tag_counts)
        words = ngettext(
            "{today} due today · {overdue} overdue · {missing} open prospect has no next step",
            "{today} due today · {overdue} overdue · {missing} open prospects have no next step",
            counted.missing,
        ).format(
            today=number_text(counted.today),
            overdue=number_text(counted.overdue),
            missing=number_text(counted.missing),
        )
        self.status_label.setText(words if counted.total else _("No prospects yet"))
        self.counts_shown.emit()

    def _after_changes(self, changes: Changes) -> None:
        if changes.membership:
            empty = self._service.prospect_count() == 0
            if empty:
                self.pages.setCurrentIndex(_PAGE_FIRST_RUN)
            elif self.pages.currentIndex() == _PAGE_FIRST_RUN:
                self.show_destination(self.current_destination())
        shown = self.card.prospect_id()
        found = None
        if shown is not None and changes.touches_prospect(shown):
            found = self._service.find_prospect(shown)  # read once for the card and timeline
            if found is None:
                self.show_prospect(None)
            else:
                self.card.reload(found)  # merges what changed into what is being typed
                self.timeline.set_prospect(shown, found)
        self._follow_current(found)
        self.data_changed.emit()

    def _after_refresh(self) -> None:
        self._after_changes(Changes.all())

    def show_prospect(self, prospect_id: int | None) -> None:
        self.card.set_prospect(prospect_id)
        self.timeline.set_prospect(prospect_id)
        self._on_current_changed()

    def _on_current_changed(self, *_args: object) -> None:
        self._follow_current()

    def _follow_current(self, known: Prospect | None = None) -> None:
        """The title and the prospect actions follow the current prospect (``known``:
        a prospect just read, used when it is the current one)."""
        current = self.current_prospect_id()
        if current is None:
            prospect = None
        elif known is not None and known.id == current:
            prospect = known
        else:
            prospect = self._service.find_prospect(current)
        # Window titles are plain text: a stored name shows as typed.
        title = _("{name} — {app}").format(name=prospect.name, app=APP_TITLE) if prospect else None
        self.setWindowTitle(title or APP_TITLE)
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
    # -- import and export -------------------------------------------------------
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

    def _on_status_bar_message_changed(self, message: str) -> None:
        """A temporary message is drawn where the status words are: they give way
        while it shows. (Qt hides them itself only when the window is already on
        screen, so a message shown before it would be drawn over the words.)"""
        self.status_label.setHidden(bool(message))

    def _on_find_triggered(self) -> None:
        if self.pages.currentIndex() != _PAGE_PROSPECTS:
            self.show_destination(PROSPECTS)
        self.prospect_list.focus_search()

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            _("About FollowUp"),
            _("FollowUp Desktop: every prospect has a dated next step until a Yes or a No."),
        )

    def _on_prospect_list_prospect_selected(self, prospect_id: int) -> None:
        if self.card.has_unsaved_changes() and self.card.prospect_id() != prospect_id:
            self.card.save()  # moving on keeps what was typed, undoably
        self.show_prospect(prospect_id)

    def _on_card_stage_change_requested(self, stage: Stage, reason: str) -> None:
        pid = self.card.prospect_id()  # the card's own buttons act on the card's prospect
        if pid is not None:
            self.prospect_commands.change_stage(pid, stage, reason)

    def _on_timeline_touch_delete_requested(self, touch_id: int) -> None:
        pid = self.card.prospect_id()
        if pid is not None:
            self.prospect_commands.delete_touch(pid, touch_id)

    def _arm_midnight_timer(self) -> None:
        """Refresh when the day changes, so that "today" moves on."""
        now = self._service.now()
        midnight = at_local(now.date() + timedelta(days=1), time(0, 0, 5), self._service.clock.tz)
        self._midnight_timer.start(max(1000, int((midnight - now).total_seconds() * 1000)))

    def _on_midnight_timer_timeout(self) -> None:
        self.refresh()
        self._arm_midnight_timer()

    # -- commands (each in its feature's module; these are the window's API) ---------
    def add_prospect(self) -> int | None:
        return self.prospect_commands.add()

    def log_touch(self, prospect_id: int | None = None, follow_up_id: int | None = None) -> bool:
        return self.prospect_commands.log_touch(prospect_id, follow_up_id)

    def draft_follow_up(
        self, prospect_id: int | None = None, follow_up_id: int | None = None
    ) -> bool:
        return self.prospect_commands.draft(prospect_id, follow_up_id)

    def delete_current_prospect(self) -> None:
        self.prospect_commands.delete_current()

    def complete_address(self, prospect_id: int) -> bool:
        return self.prospect_commands.complete_address(prospect_id)

    def add_current_to_thank_you_list(self) -> None:
        self.thank_you_commands.add_current()

    def load_demo(self) -> None:
        self.contact_commands.load_demo()

    def import_files(self, paths: list[str]) -> ImportDialog | None:
        return self.contact_commands.import_files(paths)

    def export(self) -> ExportDialog:
        return self.contact_commands.export()

    @property
    def import_dialog(self) -> ImportDialog | None:
        return self.contact_commands.import_dialog

    @property
    def export_dialog(self) -> ExportDialog | None:
        return self.contact_commands.export_dialog

    @property
    def settings(self) -> QSettings | None:
        """Where this machine keeps the window's state (sizes, folders, the last view)."""
        return self._settings

    def showing_prospects(self) -> bool:
        return self.pages.currentIndex() == _PAGE_PROSPECTS

    # -- window state --------------------------------------------------------
    _SPLITTERS = ("main_splitter", "right_splitter", "prospects_splitter", "detail_splitter")
    _DEFAULT_SIZES: ClassVar[dict[str, tuple[int, ...]]] = {
        "main_splitter": (180, 760, 340),
        "right_splitter": (260, 300),
        "prospects_splitter": (320, 400),
        "detail_splitter": (380, 380),
    }

    def calendar_shown(self) -> bool:
        return not self.right_splitter.isHidden()

    def set_calendar_shown(self, shown: bool) -> None:
        """Show or hide the calendar column (View › Calendar); a narrow window
        gives its room to the view."""
        if self.actions_.show_calendar.isChecked() != shown:
            self.actions_.show_calendar.setChecked(shown)  # comes back here through toggled
            return
        self.right_splitter.setVisible(shown)
        if shown:
            self._recover_splitter(self.main_splitter)

    def _recover_splitter(self, splitter: QSplitter) -> None:
        """A pane left at no size (a state saved by an older version, a squeezed
        window) gets its default share back."""
        sizes = splitter.sizes()
        panes = [splitter.widget(i) for i in range(splitter.count())]
        shown = [i for i, pane in enumerate(panes) if pane is not None and not pane.isHidden()]
        if all(sizes[i] > 0 for i in shown):
            return
        defaults = self._DEFAULT_SIZES[splitter.objectName()]
        splitter.setSizes([defaults[i] if i in shown else 0 for i in range(splitter.count())])

    def save_state(self) -> None:
        settings = self._settings
        if settings is None:
            return
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        for name in self._SPLITTERS:
            settings.setValue(f"window/{name}", getattr(self, name).saveState())
        settings.setValue("window/calendar", "shown" if self.calendar_shown() else "hidden")
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
            self.set_calendar_shown(str(settings.value("window/calendar", "shown")) != "hidden")
            for name in self._SPLITTERS:
                splitter = getattr(self, name)
                _keep_every_pane(splitter)  # a saved state may say otherwise
                self._recover_splitter(splitter)
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
        if destination.view == "prospects":  # the stage restored with the list counts too
            restored = replace(
                self.prospect_list.view_state(), quick=destination.quick, tag=destination.tag
            )
            self._list_views[destination] = restored
        self.show_destination(destination)
        if settings is not None:
            try:
                last = int(str(settings.value("window/prospect", 0)))
            except ValueError:
                last = 0
            if last and self._service.find_prospect(last) is not None:
                if destination.view == "prospects":
                    self.prospect_list.select_prospect(last)
                self.show_prospect(last)

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
            splitter = self.detail_splitter
            total = max(1, splitter.height() if narrow else splitter.width())
            # Stacked, the card (which scrolls) gets the larger share.
            card = total * 3 // 5 if narrow else total // 2
            self.detail_splitter.setSizes([card, total - card])

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

    def set_tray_notice(self, shown: bool) -> None:
        """Say, for as long as it is so, that there is no system tray."""
        self.tray_notice.setVisible(shown)

    def show_reminder(self, title: str, body: str, prospect_id: object) -> None:
        """A reminder where there is no tray: in the status bar, and the taskbar asks."""
        self.statusBar().showMessage(
            _("Reminder: {title} — {body}").format(title=title, body=body), 60_000
        )
        QApplication.alert(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self._close_to_tray and not self._quitting:
            event.ignore()
            self.hide()
            self._explain_close_to_tray_once()
            return
        self.feed.timer.stop()  # closed for good: no more reading of the database
        self.phone_sync.stop()
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
            _(
                "FollowUp keeps running in the system tray, so that reminders reach you. "
                "Open it again from the tray icon; choose Quit in its menu or in File to exit."
            ),
        )

    # -- backups ---------------------------------------------------------------
    def save_unsaved_edits(self) -> None:
        """Keep what was typed in the card (the session ends: nobody is there to ask)."""
        if self.card.has_unsaved_changes():
            self.card.save()

    def _on_restore_backup_triggered(self) -> None:
        from followup_desktop.ui.restore_dialog import RestoreDialog  # loaded when first used

        dialog = RestoreDialog(self.backups.service, self)
        dialog.restore_requested.connect(self.restore_backup)
        dialog.exec()
        dialog.deleteLater()

    def restore_backup(self, path: object) -> bool:
        """Put a backup in place of the current data and show it; say how to go back."""
        self.backups.wait()  # a backup under way finishes first
        self.phone_sync.wait()  # and a sync, which writes through this file's store
        try:
            restored = self.backups.service.restore(Path(str(path)))
        except StoreError as exc:
            QMessageBox.warning(self, _("Restore from backup"), str(exc))
            return False
        self.undo_stack.clear()  # the operations it names are gone with the old data
        shown = self.card.prospect_id()
        if shown is not None and self._service.find_prospect(shown) is None:
            self.show_prospect(None)
        else:
            self.card.set_prospect(shown)  # what was typed belonged to the old data
        self.preferences_changed.emit()
        from followup_desktop.ui.restore_dialog import describe

        backup = restored.backup
        kept = restored.kept_as
        QMessageBox.information(
            self,
            _("Restore from backup"),
            _(
                "Restored the backup of {when} ({backup}).\n\n"
                "The data from before is kept as {file} in {folder}. To go back to it, "
                "choose File › Restore from backup…, then Other file…, and pick that file."
            ).format(
                when=date_time_text(backup.created_at),
                backup=describe(backup),
                file=kept.name,
                folder=kept.parent,
            ),
        )
        return True

    def _on_preferences_triggered(self) -> None:
        from followup_desktop.ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(
            DatabasePreferences(self._service),
            self,
            reopen_arguments=self.reopen_arguments,
            phone_sync=self.phone_sync,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.preferences_changed.emit()

    # -- phone sync ----------------------------------------------------------------
    def _on_phone_sync_status_changed(self, text: str) -> None:
        """One line at the right of the status bar, cut short (whole in its tooltip)
        so that a long reason never crowds out the status words."""
        room = max(200, self.width() * 2 // 5)
        shown = self.sync_status_label.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, room
        )
        self.sync_status_label.setText(shown)
        self.sync_status_label.setToolTip(text)
        self.sync_status_label.setAccessibleDescription(text)
        self.sync_status_label.setVisible(bool(text))

    def _on_phone_sync_synced(self, report: SyncReport) -> None:
        """What the phone did here (a to-do deleted there skips its follow-up) goes on
        the undo stack like any change; conflicts are never dropped silently: a
        small dialog lists them."""
        for operation in report.operations:
            self.undo_stack.push(
                OperationCommand(
                    operation.label,
                    self._service,
                    operation.op_id,
                    self.ops.after_undo,
                    self.ops.report,
                )
            )
        if not report.conflicts:
            return
        from followup_desktop.services.sync import conflict_text
        from followup_desktop.ui.sync_conflicts_dialog import SyncConflictsDialog

        if self._conflicts_dialog is None:
            self._conflicts_dialog = SyncConflictsDialog(self)
        self._conflicts_dialog.show_report(
            report, [conflict_text(c) for c in report.conflict_items]
        )

    def _on_phone_sync_empty_server(self, message: str) -> None:
        """The server lists nothing of what was synced: never taken as "delete
        everything" without asking."""
        answer = QMessageBox.question(
            self,
            _("Phone sync"),
            _(
                "{problem}\n\nSync anyway? To-dos missing on the server are then taken as "
                "deleted there (their follow-ups are skipped, which Edit › Undo takes "
                "back), and the contacts are put back."
            ).format(problem=message),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.phone_sync.sync_now(allow_empty=True)

    def _on_phone_sync_password_needed(self, account: object) -> None:
        """No password is known this session (no system keyring): ask for it,
        without stopping the window."""
        from followup_desktop.ui.phone_sync_page import PasswordPrompt

        if self.findChild(PasswordPrompt) is not None:
            return  # asked already
        prompt = PasswordPrompt(self.phone_sync, account, self)
        prompt.open()


__all__ = ["MainWindow"]
