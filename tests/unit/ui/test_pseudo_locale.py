"""Every view and every dialog in the pseudo-language: nothing left in English,
nothing cut off.

The pseudo-language ("⟦Šàvé··⟧") makes every translated string accented,
bracketed and about 30 % longer, about as much as German. The real main
window, 1366×768, over demo data, shows each view (the first run, the agenda,
the prospects with one open in the card and the timeline, no next step,
revive, thank-you notes, reports, the calendar and its day) and opens each
dialog and message box the app has, the way a user opens them. Each time
``ScreenAudit`` (tests/helpers/screen_texts.py) reads every visible text:
a text with words outside ⟦…⟧ that are not the user's data (names,
companies, notes from the database or the imported files), not Qt's locale
(month and day names) and not one of the few allowed words was never
translated; a text wider than its widget is clipped. All findings are
listed at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from babel import Locale
from PySide6.QtCore import QLocale, QSettings, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from followup_desktop import i18n
from followup_desktop.domain.address import country_code, country_name
from followup_desktop.domain.model import Prospect
from followup_desktop.i18n import available_languages
from followup_desktop.services import FollowUpService
from followup_desktop.tray.icon import TrayController
from followup_desktop.ui.agenda import Section
from followup_desktop.ui.format import CHANNEL_LABELS
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import (
    AGENDA,
    NO_NEXT_STEP,
    PROSPECTS,
    REPORTS,
    REVIVE,
    THANK_YOU,
)
from tests.helpers.qt import settle
from tests.helpers.screen_texts import ScreenAudit, data_strings

#: A laptop's screen: the window fills it, a dialog takes up to two thirds of it.
SCREEN = QSize(1366, 768)

#: Contact files to import: an unknown CSV layout (the columns step) and vCards,
#: one of them a prospect of the demo data (a duplicate to decide about).
TABLE = "Kunde;Firma;Telefon\nErika Mustermann;Muster AG;030 1234\nMax Beispiel;;089 999\n"
CARDS = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Nora Neumann\nORG:Nordwind KG\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nEMAIL:{email}\nEND:VCARD\n"
)
#: The user's text typed into the card while another window changed the same field.
MINE, THEIRS = "Meine Firma AG", "Neue Firma GmbH"


@pytest.fixture
def pseudo() -> Iterator[None]:
    """The pseudo-language, with American formats for dates and numbers."""
    previous = QLocale()
    i18n.set_language("pseudo")
    QLocale.setDefault(QLocale("en_US"))
    yield
    QLocale.setDefault(previous)
    i18n.set_language("en")


class Tour:
    """Drives the window as a user would, noting what the audit finds on the way."""

    def __init__(self, qtbot: QtBot, window: MainWindow, audit: ScreenAudit) -> None:
        self.qtbot = qtbot
        self.window = window
        self.audit = audit
        self.file_dialogs: list[tuple[str, str, str]] = []  # (where, caption, filter)

    def view(self, where: str) -> None:
        self.qtbot.wait(10)  # pending layouts and reads
        settle(self.qtbot, self.window)
        self.audit.window(self.window, where)
        self.audit.text(where, "status bar message", self.window.statusBar().currentMessage())

    def modal(
        self,
        where: str,
        trigger: Callable[[], object],
        inside: Callable[[QWidget], None] | None = None,
        *,
        qt_dialog: bool = False,
    ) -> None:
        """Open a dialog (or message box, or menu) with ``trigger``, audit it, do
        ``inside`` with it open, and close it; ``qt_dialog``: a dialog Qt words
        itself, of which only our title is read."""
        before = set(QApplication.topLevelWidgets())
        seen: list[QWidget] = []

        def opened() -> QWidget | None:
            for widget in (QApplication.activePopupWidget(), QApplication.activeModalWidget()):
                if widget is not None and widget.isVisible() and widget not in seen:
                    return widget
            for widget in QApplication.topLevelWidgets():
                if widget not in before and widget.isVisible() and isinstance(widget, QDialog):
                    return widget
            return None

        gave_up: list[bool] = []
        done: list[bool] = []

        def poll(remaining: int) -> None:
            widget = opened()
            if widget is not None:
                seen.append(widget)
                QTimer.singleShot(20, lambda: self._inspect(widget, where, inside, qt_dialog, done))
            elif remaining > 0:
                QTimer.singleShot(10, lambda: poll(remaining - 1))
            else:
                gave_up.append(True)

        QTimer.singleShot(0, lambda: poll(200))
        trigger()
        self.qtbot.wait_until(lambda: bool(gave_up) or bool(done), timeout=10_000)
        if not seen:
            self.audit.problems.append(f"{where}: did not open")

    def _inspect(
        self,
        widget: QWidget,
        where: str,
        inside: Callable[[QWidget], None] | None,
        qt_dialog: bool,
        done: list[bool],
    ) -> None:
        try:
            if not isinstance(widget, QMenu):
                fit_to_screen(widget)
            if qt_dialog:
                self.audit.text(where, "window title", widget.windowTitle())
            else:
                self.audit.window(widget, where)
            if inside is not None:
                inside(widget)
        finally:
            close(widget)
            done.append(True)

    def file_dialog_texts(self) -> None:
        for where, caption, kinds in self.file_dialogs:
            self.audit.text(where, "file dialog title", caption)
            # The patterns ("(*.vcf *.csv)") are the same in every language.
            self.audit.text(where, "file dialog filter", re.sub(r"\([^)]*\*[^)]*\)", "", kinds))


def fit_to_screen(widget: QWidget) -> None:
    """Size a new dialog as Qt does on a 1366×768 screen: its size hint, up to two
    thirds of the screen, never under its minimum. (The offscreen test screen is
    800×800 and would squeeze a dialog more than a laptop does.) A dialog that
    sets its own size keeps it."""
    if widget.testAttribute(Qt.WidgetAttribute.WA_Resized):
        return
    hint = widget.sizeHint().boundedTo(SCREEN * 2 / 3).expandedTo(widget.minimumSizeHint())
    if widget.width() < hint.width() or widget.height() < hint.height():
        widget.resize(widget.size().expandedTo(hint))
        QApplication.processEvents()


def close(widget: QWidget) -> None:
    if not widget.isVisible():
        return  # it closed itself (an import that ran)
    if isinstance(widget, QDialog):
        widget.done(QDialog.DialogCode.Rejected.value)
    widget.close()


def _richest(service: FollowUpService) -> int:
    """The open prospect with the most touches (a long timeline, a full card)."""
    rows = [r for r in service.prospects_json() if r["stage"] not in ("won", "lost")]
    return int(max(rows, key=lambda r: r["touch_count"])["id"])


@pytest.mark.qt_log_ignore(  # the offscreen platform cannot raise or grab for a popup
    "This plugin does not support raise", "This plugin does not support grabbing"
)
def test_every_view_and_dialog_is_translated_and_fits(
    pseudo: None,
    qtbot: QtBot,
    service: FollowUpService,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(service, settings)
    qtbot.add_widget(window)
    window.show()
    qtbot.wait_exposed(window)
    window.resize(SCREEN)
    zones = ("UTC", str(service.clock.tz))
    audit = ScreenAudit((), QLocale(), zones)
    tour = Tour(qtbot, window, audit)
    tour.view("the first run")

    def record_file_dialog(kind: str, result: object) -> Callable[..., object]:
        def ask(
            _parent: object,
            caption: str = "",
            _start: str = "",
            kinds: str = "",
            *_a: object,
            **_k: object,
        ) -> object:
            tour.file_dialogs.append((f"the file dialog to {kind}", caption, kinds))
            return result

        return ask

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", record_file_dialog("open files", ([], "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", record_file_dialog("open file", ("", "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", record_file_dialog("save file", ("", "")))

    # File › Load demo data: what the first run offers.
    window.first_run_demo_button.click()
    settle(qtbot, window)
    pid = _richest(service)
    prospect = service.get_prospect(pid)
    csv = tmp_path / "kunden.csv"
    csv.write_text(TABLE, encoding="utf-8")
    vcf = tmp_path / "leute.vcf"
    vcf.write_text(CARDS.format(name=prospect.name, email=prospect.emails[0]), encoding="utf-8")
    # Everything the user typed or imported is shown as it is: data, not words to translate.
    data = data_strings(db_path)
    data |= set(re.split(r"[;\n]", TABLE)) | {"Nora Neumann", "Nordwind KG", csv.name, vcf.name}
    data |= {MINE, THEIRS, str(tmp_path)}
    # The destination country on an envelope: in English, one of the postal union's
    # two languages, whatever the sender's.
    data |= {
        name
        for name in (country_name(country_code(p.address.country)) for p in _prospects(service))
        if name
    }
    # Each language is named in itself in the list to choose from ("Deutsch"), so
    # that its speakers find it whatever the language in use.
    data |= {Locale.parse(code).get_display_name(code) or code for code in available_languages()}
    audit = ScreenAudit(data, QLocale(), zones)
    tour.audit = audit

    # -- the views -------------------------------------------------------------
    window.show_destination(AGENDA)
    agenda = window.agenda
    first = agenda.model.index(0, 0, agenda.model.section_index(Section.OVERDUE))
    agenda.view.setCurrentIndex(first)
    tour.view("the agenda")
    today = service.now().date()
    for day in (today - timedelta(days=2), today, today + timedelta(days=1)):
        window.calendar.select_day(day)
        audit.text("the calendar", f"day {day}", window.calendar.day_text(day))
        audit.text("the calendar", f"tooltip of {day}", window.calendar.tooltip_text(day))
    window.calendar.select_day(today)
    tour.view("the agenda with today in the calendar")
    tour.modal("the agenda's context menu", agenda.keyboard_menu.open)
    tour.modal("the agenda's Pick a time (snooze)", agenda.snooze_pick_action.trigger)
    tour.modal("the agenda's Reschedule", agenda.reschedule_action.trigger)

    window.open_prospect(pid)
    tour.view("a prospect's card and timeline")
    timeline = window.timeline
    timeline.select_touch(service.touches(pid)[0].id or 0)
    menu = timeline.context_menu(timeline.view.visualRect(timeline.view.currentIndex()).center())
    if menu is not None:
        audit.window(menu, "the timeline's context menu")
        menu.deleteLater()
    for destination, where in (
        (NO_NEXT_STEP, "no next step"),
        (REVIVE, "revive"),
        (THANK_YOU, "thank-you notes"),
        (REPORTS, "reports"),
    ):
        window.show_destination(destination)
        tour.view(where)
    window.show_destination(PROSPECTS)
    tray = TrayController(service, window, channel_labels=CHANNEL_LABELS)
    tray.refresh()
    audit.text("the tray", "tooltip", tray.tray_icon.toolTip())
    audit.window(tray.menu(), "the tray's menu")

    # -- the dialogs -------------------------------------------------------------
    actions = window.actions_
    window.open_prospect(pid)

    def log_touch_inside(dialog: QWidget) -> None:
        dialog.no_next_step_check.setChecked(True)  # type: ignore[attr-defined]
        QApplication.processEvents()
        audit.window(dialog, "Log touch, with no next step")

    tour.modal("Log touch", actions.log_touch.trigger, log_touch_inside)
    tour.modal("New prospect", actions.new_prospect.trigger)
    window.open_prospect(pid)
    tour.modal("Mark lost", actions.lost.trigger)
    tour.modal("Complete the address", lambda: window.complete_address(pid))

    def draft_inside(dialog: QWidget) -> None:
        tour.modal("Draft templates", dialog.templates_button.click)  # type: ignore[attr-defined]

    tour.modal("Draft follow-up", actions.draft_follow_up.trigger, draft_inside)
    window.open_prospect(pid)
    timeline.select_touch(service.touches(pid)[0].id or 0)
    tour.modal("Edit touch", timeline.edit_action.trigger)

    def plans_inside(dialog: QWidget) -> None:
        dialog.scaling_check.setChecked(True)  # type: ignore[attr-defined]
        dialog.new_plan()  # type: ignore[attr-defined]
        QApplication.processEvents()
        audit.window(dialog, "Follow-up plans, a new plan")
        # Closing with the new plan unsaved asks whether to save it.
        tour.modal("Follow-up plans, unsaved", dialog.reject)

    tour.modal("Follow-up plans", actions.plans.trigger, plans_inside)
    window.show_destination(NO_NEXT_STEP)
    window.prospect_list.table.selectRow(0)
    tour.modal("Put on a plan", actions.apply_plan.trigger)
    window.open_prospect(pid)
    tour.modal("Preferences", actions.preferences.trigger)
    tour.modal("About", actions.about.trigger)

    # Another window changed the company the card's user changed too.
    stored = service.get_prospect(pid)
    service.update_prospect(replace(stored, company=THEIRS), base=stored)
    tour.modal(
        "Changed elsewhere",
        lambda: window.prospect_commands.edit(replace(stored, company=MINE), base=stored),
    )

    def import_inside(dialog: QWidget) -> None:
        dialog.mapping_page.set_field(0, "name")  # type: ignore[attr-defined]
        dialog.next_button.click()  # type: ignore[attr-defined]
        QApplication.processEvents()
        audit.window(dialog, "Import contacts, the preview")
        dialog.import_button.click()  # type: ignore[attr-defined]

    actions.import_contacts.trigger()  # the file dialog: its title and its file kinds
    tour.modal(
        "Import contacts, the columns",
        lambda: window.import_files([str(csv), str(vcf)]),
        import_inside,
    )
    tour.modal("Export", actions.export.trigger)
    tour.view("after an import")
    window.backups.service.back_up()

    def restore_inside(dialog: QWidget) -> None:
        dialog.table.selectRow(0)  # type: ignore[attr-defined]
        tour.modal("Restore, are you sure", dialog.restore_button.click)  # type: ignore[attr-defined]
        dialog.other_button.click()  # type: ignore[attr-defined]  # a file dialog

    tour.modal("Restore from backup", actions.restore_backup.trigger, restore_inside)

    window.show_destination(THANK_YOU)
    thank_you = window.thank_you
    thank_you.view.setCurrentIndex(thank_you.model.index(0, 0))
    tour.modal("Print thank-you notes", thank_you.print_action.trigger, qt_dialog=True)
    tour.modal("Address labels", thank_you.labels_action.trigger)
    tour.modal("Envelopes", thank_you.envelopes_action.trigger)
    thank_you.save_pdf_action.trigger()
    window.show_destination(REPORTS)
    actions.save_report.trigger()

    # -- what an undoable operation leaves: the Edit menu's words, the status bar -----
    window.show_destination(NO_NEXT_STEP)
    window.prospect_list.table.selectRow(0)
    actions.revive.trigger()
    tour.view("after reviving a prospect")
    window.show_destination(NO_NEXT_STEP)
    window.prospect_list.table.selectRow(0)
    actions.schedule_by_plan.trigger()
    tour.view("after scheduling a next step by plan")
    window.open_prospect(pid)
    actions.won.trigger()
    tour.view("after marking a prospect won")
    assert len(tour.file_dialogs) == 4  # import, another backup, the PDF, the report
    tour.file_dialog_texts()

    problems = audit.problems
    assert audit.texts_checked > 1000  # the tour did see the windows
    assert not problems, f"{len(problems)} texts untranslated or clipped:\n" + "\n".join(problems)


def _prospects(service: FollowUpService) -> list[Prospect]:
    return [service.get_prospect(int(r["id"])) for r in service.prospects_json()]


def test_the_audit_finds_english_words_and_cut_texts(pseudo: None, qtbot: QtBot) -> None:
    """The audit itself: English outside brackets is found, data and dates are not;
    a text wider than its widget is found, one that fits is not."""
    page = QWidget()
    qtbot.add_widget(page)
    layout = QVBoxLayout(page)
    long_text = i18n._("Show prospects with no next step")
    labels = [
        QLabel("Untranslated words"),
        QLabel(i18n._("{name} at {company}").format(name="Ana Müller", company="Acme")),
        QLabel("Ana Müller · Acme · Wednesday, November 25"),
    ]
    narrow = QPushButton(long_text)
    narrow.setFixedWidth(60)
    roomy = QCheckBox(long_text)
    for widget in (*labels, narrow, roomy):
        layout.addWidget(widget)
    page.show()
    qtbot.wait_exposed(page)
    audit = ScreenAudit({"Ana Müller", "Acme"}, QLocale())
    audit.window(page, "a page")
    assert len(audit.problems) == 2, audit.problems
    untranslated, clipped = audit.problems
    assert "'Untranslated words': untranslated" in untranslated
    assert "QPushButton text" in clipped
    assert "clipped" in clipped
