"""The main window's actions: one place for their texts, shortcuts and menus."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QStyle

from followup_desktop.i18n import _, pgettext
from followup_desktop.ui.accessibility import name_toolbar_overflow


@dataclass
class MainActions:
    new_prospect: QAction
    log_touch: QAction
    draft_follow_up: QAction
    find: QAction
    undo: QAction
    redo: QAction
    delete: QAction
    won: QAction
    lost: QAction
    view_agenda: QAction
    view_prospects: QAction
    view_no_next_step: QAction
    view_gone_cold: QAction
    view_thank_you: QAction
    view_reports: QAction
    show_calendar: QAction
    save_report: QAction
    load_demo: QAction
    restore_backup: QAction
    quit: QAction
    about: QAction
    preferences: QAction
    add_thank_you: QAction
    import_contacts: QAction
    export: QAction
    plans: QAction
    apply_plan: QAction
    schedule_by_plan: QAction
    revive: QAction
    sync_now: QAction


def create_actions(window: QMainWindow, undo_stack: QUndoStack) -> MainActions:
    style = window.style()

    def action(
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        act = QAction(text, window)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        window.addAction(act)
        return act

    undo = undo_stack.createUndoAction(window, _("&Undo"))
    undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    redo = undo_stack.createRedoAction(window, _("&Redo"))
    # The platform's redo keys, plus Ctrl+Shift+Z where they lack it; no key twice.
    redo_keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    if QKeySequence("Ctrl+Shift+Z") not in redo_keys:
        redo_keys.insert(0, QKeySequence("Ctrl+Shift+Z"))
    redo.setShortcuts(redo_keys)
    undo.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
    redo.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
    window.addAction(undo)
    window.addAction(redo)

    actions = MainActions(
        new_prospect=action(_("&New prospect…"), "Ctrl+N", _("Add a prospect (Ctrl+N)")),
        log_touch=action(_("&Log touch…"), "Ctrl+L", _("Log a touch with this prospect (Ctrl+L)")),
        draft_follow_up=action(
            _("Draft &follow-up…"),
            "Ctrl+Shift+M",
            _("Draft a short follow-up e-mail to this prospect (Ctrl+Shift+M)"),
        ),
        find=action(_("&Find"), QKeySequence.StandardKey.Find, _("Search prospects")),
        undo=undo,
        redo=redo,
        delete=action(
            _("&Delete prospect"), QKeySequence.StandardKey.Delete, _("Delete (undoable)")
        ),
        won=action(_("Mark &won"), None, _("They said yes")),
        lost=action(_("Mark l&ost…"), None, _("They said no: record why")),
        view_agenda=action(_("&Agenda"), "Ctrl+1"),
        view_prospects=action(_("&Prospects"), "Ctrl+2"),
        view_no_next_step=action(_("&No next step"), "Ctrl+3"),
        view_gone_cold=action(_("&Revive"), "Ctrl+4"),
        view_thank_you=action(_("T&hank-you notes"), "Ctrl+5", _("Notes to write and send")),
        view_reports=action(
            _("Repor&ts"), "Ctrl+6", _("How many touches prospects got before they ended")
        ),
        show_calendar=action(
            _("&Calendar"), None, _("Show or hide the calendar and the chosen day's agenda")
        ),
        save_report=action(
            _("Save &report as…"), None, _("Save the persistence report as a PDF or PNG file")
        ),
        load_demo=action(
            _("Load &demo data"), None, _("Fill an empty database with demo prospects")
        ),
        restore_backup=action(
            _("Restore from &backup…"), None, _("Put back your data as a backup holds it")
        ),
        quit=action(_("&Quit"), QKeySequence.StandardKey.Quit),
        about=action(_("&About FollowUp"), None),
        preferences=action(_("&Preferences…"), QKeySequence.StandardKey.Preferences),
        add_thank_you=action(_("Add to &thank-you list"), None, _("Write this prospect a note")),
        import_contacts=action(
            _("&Import contacts…"),
            "Ctrl+I",
            _("Import vCard or CSV files (or drop them on the window)"),
        ),
        export=action(
            _("&Export…"), "Ctrl+E", _("Export prospects (vCard, CSV) or follow-ups (iCalendar)")
        ),
        plans=action(
            _("Follow-up &plans…"), "Ctrl+Shift+P", _("See, make and change follow-up plans")
        ),
        apply_plan=action(
            _("Put on a &plan…"),
            "Ctrl+Shift+A",
            _("Start a follow-up plan for the chosen prospects (Ctrl+Shift+A)"),
        ),
        schedule_by_plan=action(
            _("&Schedule next step by plan"),
            "Ctrl+Shift+S",
            _("Give a prospect without a next step the next step of its plan"),
        ),
        revive=action(
            _("Re&vive"), None, _("Reach back out: put the chosen prospects on the revive plan")
        ),
        sync_now=action(
            _("S&ync now"),
            "F5",
            _("Sync follow-ups and prospects with your phone's server now (F5)"),
        ),
    )
    actions.show_calendar.setCheckable(True)
    actions.show_calendar.setChecked(True)
    actions.new_prospect.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon))
    actions.log_touch.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton))
    return actions


def build_menus(window: QMainWindow, a: MainActions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu(pgettext("menu", "&File"))
    file_menu.addAction(a.import_contacts)
    file_menu.addAction(a.export)
    file_menu.addAction(a.save_report)
    file_menu.addSeparator()
    file_menu.addAction(a.restore_backup)
    file_menu.addAction(a.load_demo)
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    edit = bar.addMenu(pgettext("menu", "&Edit"))
    edit.addAction(a.undo)
    edit.addAction(a.redo)
    edit.addSeparator()
    edit.addAction(a.find)
    view = bar.addMenu(pgettext("menu", "&View"))
    for act in (
        a.view_agenda,
        a.view_prospects,
        a.view_no_next_step,
        a.view_gone_cold,
        a.view_thank_you,
        a.view_reports,
    ):
        view.addAction(act)
    view.addSeparator()
    view.addAction(a.show_calendar)
    prospect = bar.addMenu(pgettext("menu", "&Prospect"))
    prospect.addAction(a.new_prospect)
    prospect.addAction(a.log_touch)
    prospect.addAction(a.draft_follow_up)
    prospect.addSeparator()
    prospect.addAction(a.apply_plan)
    prospect.addAction(a.schedule_by_plan)
    prospect.addAction(a.revive)
    prospect.addSeparator()
    prospect.addAction(a.won)
    prospect.addAction(a.lost)
    prospect.addSeparator()
    prospect.addAction(a.add_thank_you)
    prospect.addSeparator()
    prospect.addAction(a.delete)
    tools = bar.addMenu(pgettext("menu", "&Tools"))
    tools.addAction(a.plans)
    tools.addAction(a.sync_now)
    tools.addSeparator()
    tools.addAction(a.preferences)
    help_menu = bar.addMenu(pgettext("menu", "&Help"))
    help_menu.addAction(a.about)

    toolbar = window.addToolBar(_("Main"))
    toolbar.setObjectName("main_toolbar")
    name_toolbar_overflow(toolbar)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addAction(a.new_prospect)
    toolbar.addAction(a.log_touch)
    toolbar.addSeparator()
    toolbar.addAction(a.undo)
    toolbar.addAction(a.redo)
