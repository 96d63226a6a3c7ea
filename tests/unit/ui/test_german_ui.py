"""The window in German: menus, agenda, card, log-touch dialog and calendar read
German words and German dates when the language and the locale are German."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget
from pytestqt.qtbot import QtBot

from followup_desktop import i18n
from followup_desktop.domain.model import Channel
from followup_desktop.services import FollowUpService
from followup_desktop.ui.agenda import AgendaWidget, Section
from followup_desktop.ui.calendar import DayAgendaWidget, FollowUpCalendarWidget
from followup_desktop.ui.format import CHANNEL_LABELS, STAGE_LABELS, relative_when
from followup_desktop.ui.log_touch_dialog import LogTouchDialog
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import AGENDA, NO_NEXT_STEP, PROSPECTS
from followup_desktop.ui.prospect_card import ProspectCardWidget
from followup_desktop.ui.prospect_list import ProspectListWidget
from tests.helpers.qt import settle

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def german() -> Iterator[None]:
    """German words and a German locale; English and the previous locale afterwards."""
    previous = QLocale()
    i18n.set_language("de")
    QLocale.setDefault(QLocale("de_DE"))
    yield
    QLocale.setDefault(previous)
    i18n.set_language("en")


def due_at(service: FollowUpService, name: str, when: datetime, company: str = "") -> int:
    """A prospect whose first follow-up is moved to ``when``; its id."""
    prospect = service.add_prospect(name, company=company)
    assert prospect.id is not None
    follow_up = service.pending(prospect.id)[0]
    assert follow_up.id is not None
    service.reschedule(follow_up.id, when)
    return prospect.id


def form_label(form: QFormLayout, field: QWidget) -> str:
    label = form.labelForField(field)
    assert isinstance(label, QLabel)
    return label.text()


def test_the_main_window_s_menus_and_views_are_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    due_at(service, "Ana Müller", datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN))
    window = MainWindow(service)
    qtbot.add_widget(window)
    settle(qtbot, window)

    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Datei", "&Bearbeiten", "&Ansicht", "&Interessent", "E&xtras", "&Hilfe"]
    file_menu = window.menuBar().actions()[0].menu()
    assert "&Kontakte importieren…" in [a.text() for a in file_menu.actions()]
    assert window.actions_.log_touch.text() == "&Kontakt erfassen…"
    assert window.actions_.won.text() == "Als &gewonnen markieren"
    assert window.actions_.undo.text() == "&Rückgängig"
    assert window.navigation.entry_text(PROSPECTS) == "Interessenten  1"
    assert window.navigation.entry_text(NO_NEXT_STEP).startswith("Ohne nächsten Schritt")
    assert window.navigation.entry_text(AGENDA) == "Agenda  1"
    assert window.status_label.text() == (
        "0 heute fällig · 1 überfällig · 0 offene Interessenten ohne nächsten Schritt"
    )


def test_an_undo_entry_names_the_prospect_in_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    pid = due_at(service, "Ana Müller", datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
    window = MainWindow(service)
    qtbot.add_widget(window)
    window.open_prospect(pid)
    window.actions_.won.trigger()
    assert window.undo_stack.undoText() == "Als gewonnen markieren: Ana Müller"
    assert window.actions_.undo.text() == "&Rückgängig Als gewonnen markieren: Ana Müller"


def test_the_agenda_s_headers_sections_and_times_are_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    due_at(service, "Ana Müller", datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN), "Acme")
    due_at(service, "Bo Berg", datetime(2026, 11, 26, 9, 30, tzinfo=BERLIN))
    agenda = AgendaWidget(service)
    qtbot.add_widget(agenda)
    model = agenda.model

    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Wann", "Kanal", "Interessent", "Firma", "Zweck"]
    sections = [model.section_index(s).data() for s in Section]
    assert sections == ["Überfällig (1)", "Heute (0)", "Nächste 7 Tage (1)"]
    tomorrow = model.index(0, 0, model.section_index(Section.NEXT_DAYS))
    assert tomorrow.data() == "morgen 09:30"
    yesterday = model.index(0, 0, model.section_index(Section.OVERDUE))
    assert yesterday.data(Qt.ItemDataRole.AccessibleTextRole) == "gestern 09:00, überfällig"
    assert yesterday.data(Qt.ItemDataRole.ToolTipRole).startswith("Fällig Dienstag, 24. November")
    assert agenda.log_action.text() == "&Kontakt erfassen…"
    assert agenda.snooze_menu.title() == "&Zurückstellen"


def test_the_empty_agenda_says_so_in_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    agenda = AgendaWidget(service)
    qtbot.add_widget(agenda)
    assert agenda.model.is_empty()
    assert agenda.empty_label.text().startswith("In den nächsten 7 Tagen ist nichts fällig.")
    assert agenda.empty_button.text() == "Interessenten ohne nächsten Schritt zeigen"


def test_the_card_s_labels_and_buttons_are_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    pid = due_at(service, "Ana Müller", datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
    card = ProspectCardWidget(service)
    qtbot.add_widget(card)
    assert card.empty_label.text() == "Wählen Sie einen Interessenten, um seine Karte zu sehen."
    card.set_prospect(pid)

    form = card._form
    assert form_label(form, card.name_edit) == "&Name:"
    assert form_label(form, card.company_edit) == "&Firma:"
    assert form_label(form, card.deal_value_edit) == "&Auftragswert:"
    assert card.won_button.text() == "Gewonnen"
    assert card.lost_button.text() == "Verloren…"
    assert card.save_button.text() == "Speichern"
    assert card.stage_combo.itemText(0) == "Neu"
    assert card.preferred_channel_combo.itemText(0) == "Keine Vorliebe"
    assert card.next_label.text().startswith("morgen 09:00 · ")


def test_the_deal_value_shows_a_german_decimal_comma(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    from decimal import Decimal

    from followup_desktop.ui.prospect_card import format_deal_value, parse_deal_value

    assert format_deal_value(Decimal("1500.50")) == "1500,50"
    assert parse_deal_value(format_deal_value(Decimal("1500.50"))) == Decimal("1500.50")
    with pytest.raises(ValueError, match="Auftragswert"):
        parse_deal_value("viel")


def test_the_log_touch_dialog_is_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    pid = due_at(service, "Ana Müller", datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
    dialog = LogTouchDialog(service, pid)
    qtbot.add_widget(dialog)

    assert dialog.windowTitle() == "Kontakt erfassen — Ana Müller"
    assert dialog.save_button.text() == "&Speichern"
    assert dialog.cancel_button.text() == "Abbrechen"
    assert dialog.next_step_box.title() == "Nächster Schritt"
    assert dialog.no_next_step_check.text() == "Kein &nächster Schritt, weil…"
    assert dialog.channel_combo.findText("E-Mail") >= 0
    assert dialog.direction_buttons[next(iter(dialog.direction_buttons))].text() == "A&usgehend"
    # The date edit shows the German weekday and date order ("Mi. 25.11.2026 10:00").
    assert dialog.when_edit.text().startswith("Mi. 25.11.2026")
    assert dialog.answers_label.text().startswith("Erledigt: ")


def test_the_calendar_s_words_are_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    today, past = date(2026, 11, 25), date(2026, 11, 20)
    due_at(service, "Ana Müller", datetime.combine(today, time(8, 0), tzinfo=BERLIN))
    due_at(service, "Bo Berg", datetime.combine(today, time(15, 0), tzinfo=BERLIN))
    due_at(service, "Cleo", datetime.combine(past, time(9, 0), tzinfo=BERLIN))
    calendar = FollowUpCalendarWidget(service)
    qtbot.add_widget(calendar)
    settle(qtbot, calendar)

    assert calendar.day_text(today) == "25. November, heute: 2 fällig, davon 1 überfällig"
    assert calendar.day_text(past) == "20. November: 1 überfällig"
    assert calendar.day_text(date(2026, 11, 26)) == "26. November: nichts fällig"
    assert calendar.accessibleName() == "Kalender der Nachfass-Termine"
    assert calendar.tooltip_text(past).startswith("Freitag, 20. November — überfällig\n")

    day = DayAgendaWidget(service)
    qtbot.add_widget(day)
    assert day.heading.text() == "Mittwoch, 25. November"
    day.set_day(date(2026, 11, 27))
    assert day.empty_label.text() == "Für diesen Tag ist nichts geplant."


def test_the_prospect_list_s_columns_filters_and_count_are_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    due_at(service, "Ana Müller", datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
    listing = ProspectListWidget(service)
    qtbot.add_widget(listing)
    model = listing.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["Name", "Firma", "Phase", "Kontakte", "Letzter Kontakt", "Nächster Schritt"]
    assert [b.text() for b in listing.quick_buttons.values()][:3] == [
        "Alle",
        "Überfällig",
        "Heute fällig",
    ]
    assert listing.count_label.text() == "1 Interessent"
    assert listing.search_edit.placeholderText().startswith("Name, Firma, E-Mail")


def test_label_tables_follow_the_language_in_use(german: None) -> None:
    assert CHANNEL_LABELS[Channel.CALL] == "Anruf"
    assert STAGE_LABELS[next(iter(STAGE_LABELS))] == "Neu"
    now = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
    assert relative_when(datetime(2026, 11, 11, 9, 0, tzinfo=BERLIN), now) == "vor 2 Wochen"
    assert relative_when(datetime(2026, 8, 3, 9, 0, tzinfo=BERLIN), now) == "3. Aug."
    i18n.set_language("en")
    assert CHANNEL_LABELS[Channel.CALL] == "Call"
    assert relative_when(datetime(2026, 11, 11, 9, 0, tzinfo=BERLIN), now) == "2 weeks ago"


def test_the_timeline_and_its_edit_dialog_are_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    from followup_desktop.domain.model import Outcome
    from followup_desktop.ui.timeline import TouchEditDialog, TouchTimelineWidget

    pid = due_at(service, "Ana Müller", datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN))
    timeline = TouchTimelineWidget(service)
    qtbot.add_widget(timeline)
    timeline.set_prospect(pid)
    assert timeline.empty_label.text() == "Noch keine Kontakte. Erfassen Sie den ersten mit Strg+L."
    service.log_touch(
        pid,
        Channel.CALL,
        outcome=Outcome.NO_ANSWER,
        at=datetime(2026, 11, 24, 8, 30, tzinfo=BERLIN),
    )
    timeline.reload()
    heading = timeline.model.item(0)
    assert heading.text() == "Gestern"
    assert heading.toolTip() == "Dienstag, 24. November 2026"
    assert heading.child(0).text().startswith("08:30  Anruf · → Ausgehend · Keine Antwort")

    touch = service.touches(pid)[0]
    dialog = TouchEditDialog(touch, service.clock.tz)
    qtbot.add_widget(dialog)
    assert dialog.windowTitle() == "Kontakt bearbeiten"
    assert sorted(b.text() for b in dialog.buttons.buttons()) == ["Abbrechen", "OK"]
