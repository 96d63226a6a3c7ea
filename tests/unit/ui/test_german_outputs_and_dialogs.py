"""In German: the thank-you notes, the reports, the draft composer, the plans, import,
export, restore and the start-at-login entry, built as real widgets.

Each assertion reads a German text: it fails when the string was not marked for
translation, or marked but not translated.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot

from followup_desktop import i18n
from followup_desktop.domain.model import Channel, Outcome, PostalAddress, Stage
from followup_desktop.services import FollowUpService
from followup_desktop.services.backups import BackupService
from followup_desktop.services.coach import CoachService
from followup_desktop.services.contacts import ImportService
from followup_desktop.services.drafts import DraftService
from followup_desktop.services.report import ReportService
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.ui import autostart
from followup_desktop.ui.cadence_editor import ApplyPlanDialog, PlansDialog, parse_amount
from followup_desktop.ui.draft_dialog import DraftDialog
from followup_desktop.ui.export_dialog import ExportDialog
from followup_desktop.ui.import_dialog import ImportDialog
from followup_desktop.ui.reports_view import Card, ReportsWidget
from followup_desktop.ui.restore_dialog import RestoreDialog, describe
from followup_desktop.ui.thank_you_view import ThankYouWidget

NBSP = "\u00a0"


@pytest.fixture
def german() -> Iterator[None]:
    """German texts and German number and date formats, English again afterwards."""
    previous = QLocale()
    i18n.set_language("de")
    QLocale.setDefault(QLocale("de_DE"))
    yield
    QLocale.setDefault(previous)
    i18n.set_language("en")


def headers(model: object, columns: int) -> list[str]:
    return [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)  # type: ignore[attr-defined]
        for c in range(columns)
    ]


# -- thank-you notes ------------------------------------------------------------------


def test_the_empty_thank_you_list_speaks_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    widget = ThankYouWidget(service, ThankYouService(service))
    qtbot.add_widget(widget)
    assert widget.empty_label.text().startswith("Keine Dankeskarten zu schreiben.")
    assert headers(widget.model, 3) == ["Name", "Dank für", "Anschrift"]
    assert widget.print_action.text() == "&Drucken…"
    assert widget.mark_all_sent_action.text() == "&Alle als gesendet markieren"
    # The toolbar shows short labels; the menus and tooltips say it in full.
    toolbar = [widget.tool_button(a) for a in (widget.mark_all_sent_action, widget.open_action)]
    assert [b.text() for b in toolbar if b is not None] == ["Alle abhaken", "Öffnen"]
    assert widget.open_action.toolTip() == "Interessent öffnen"
    assert widget.toolbar.windowTitle() == "Dankeskarten"
    assert widget.view.accessibleName() == "Zu versendende Dankeskarten"


def test_the_thank_you_list_counts_and_warns_in_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    thanks = ThankYouService(service)
    with_address = service.add_prospect(
        "Ana García",
        address=PostalAddress("Hauptstr. 1", "Berlin", "", "10115", "DE"),
    )
    without = service.add_prospect("Ben Ohneadresse")
    for prospect in (with_address, without):
        assert prospect.id is not None
        service.log_touch(prospect.id, Channel.MEETING, outcome=Outcome.CONVERSATION)
    widget = ThankYouWidget(service, thanks)
    qtbot.add_widget(widget)
    assert widget.count_label.text() == "2 Dankeskarten zu schreiben"
    addresses = [widget.model.index(row, 2).data() for row in range(widget.model.rowCount())]
    assert "Keine Postanschrift — auf der Karte ergänzen" in addresses
    widget.select_entries([e.entry_id for e in widget.model.entries()])
    assert widget.mark_sent_action.text() == "2 als &gesendet markieren"
    assert widget.mark_sent_action.iconText() == "2 abhaken"


# -- reports -----------------------------------------------------------------------------


def test_the_reports_speak_german_with_german_numbers(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    won = service.add_prospect("Gewinner").id
    lost = service.add_prospect("Verlierer").id
    assert won
    assert lost
    for _ in range(5):
        service.log_touch(won, Channel.EMAIL, outcome=Outcome.SENT)
    service.change_stage(won, Stage.WON)
    service.log_touch(lost, Channel.CALL, outcome=Outcome.DECLINED)
    service.change_stage(lost, Stage.LOST, "Too expensive")
    widget = ReportsWidget(ReportService(service))
    qtbot.add_widget(widget)
    widget.recompute()
    assert widget.title_label.text() == "Beharrlichkeitsbericht"
    assert widget.refresh_button.text() == "&Aktualisieren"
    assert widget.save_pdf_button.text() == "Als &PDF speichern…"
    assert widget.as_of_label.text().startswith("Stand ")
    given_up = widget.cards[Card.GIVEN_UP]
    assert given_up.accessibleName() == "Vor dem 5. Kontakt aufgegeben"
    assert given_up.summary() == (
        f"0{NBSP}% vor dem 5. Kontakt aufgegeben. 0 von 2 beendeten Interessenten. "
        f"5 oder mehr Kontakte erreicht: 50{NBSP}%."
    )
    touches = widget.cards[Card.TOUCHES_AT_END].summary()
    assert "5 Kontakte: 1 gewonnen, 0 verloren, 0 still" in touches
    assert "beantwortet" in widget.cards[Card.CHANNELS].summary()


def test_the_empty_report_speaks_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    widget = ReportsWidget(ReportService(service))
    qtbot.add_widget(widget)
    widget.recompute()
    assert widget.empty_label.text().startswith("Noch ist nichts abgeschlossen.")
    assert widget.empty_label.accessibleName() == "Noch kein Bericht"


# -- the draft composer ------------------------------------------------------------------


def test_the_draft_dialog_speaks_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    prospect = service.add_prospect("Ana García", emails=("ana@example.com",))
    assert prospect.id is not None
    dialog = DraftDialog(DraftService(service), prospect.id)
    qtbot.add_widget(dialog)
    assert dialog.windowTitle() == "Nachfass-E-Mail entwerfen — Ana García"
    assert dialog.to_label.text() == "An: Ana García <ana@example.com>"
    buttons = [
        dialog.regenerate_button,
        dialog.templates_button,
        dialog.copy_button,
        dialog.open_button,
        dialog.log_button,
        dialog.close_button,
    ]
    assert [b.text() for b in buttons] == [
        "Neu er&zeugen",
        "&Vorlagen bearbeiten…",
        "Ko&pieren",
        "Im &Mailprogramm öffnen",
        "Als gesendet er&fassen",
        "Schließen",
    ]
    assert dialog.reason_box.title() == "Warum Sie sich jetzt melden"
    assert dialog.word_count_label.text().split(" ")[1] in ("Wort", "Wörter")
    dialog.copy()
    assert dialog.status_label.text() == "Betreff und Nachricht kopiert."


def test_the_draft_dialog_mnemonics_differ_in_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    prospect = service.add_prospect("Ana García")
    assert prospect.id is not None
    dialog = DraftDialog(DraftService(service), prospect.id)
    qtbot.add_widget(dialog)
    texts = [b.text() for b in dialog.reason_buttons.values()]
    texts += [
        b.text()
        for b in (
            dialog.regenerate_button,
            dialog.templates_button,
            dialog.copy_button,
            dialog.open_button,
            dialog.log_button,
        )
    ]
    texts += ["Ihr &Satz:", "Nächster Sc&hritt:", "&Betreff:", "Nach&richt:"]
    letters = [t[t.index("&") + 1].lower() for t in texts]
    assert len(letters) == len(set(letters)), letters


# -- import, export, restore ---------------------------------------------------------------

CARDS = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ana García\nEMAIL:ana@acme.example\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Neu Kontakt\nEND:VCARD\n"
)


def test_the_import_dialog_speaks_german(
    german: None, qtbot: QtBot, service: FollowUpService, tmp_path: Path
) -> None:
    service.add_prospect("Ana García", emails=("ana@acme.example",))
    path = tmp_path / "leute.vcf"
    path.write_text(CARDS, encoding="utf-8")
    dialog = ImportDialog(ImportService(service), [str(path)])
    qtbot.add_widget(dialog)
    assert dialog.start()
    assert dialog.windowTitle() == "Kontakte importieren"
    assert dialog.import_button.text() == "&Importieren"
    assert dialog.merge_all.text() == "Alle &zusammenführen"
    assert "1 ähnelt einem vorhandenen Interessenten" in dialog.summary.text()
    assert dialog.duplicates_label.text().startswith("Diese ähneln Interessenten")
    assert headers(dialog.model, 5) == ["Kontakt", "Quelle", "Ähnelt", "Wegen", "Aktion"]
    assert dialog.model.index(0, 3).data().startswith("dieselbe E-Mail-Adresse")
    assert dialog.model.index(0, 4).data() == "Zusammenführen"
    assert dialog.cadence.itemText(0).startswith("Noch kein Nachfassen")


def test_the_export_dialog_speaks_german(
    german: None, qtbot: QtBot, service: FollowUpService, tmp_path: Path
) -> None:
    dialog = ExportDialog(ImportService(service), [("Alle", None)], tmp_path)
    qtbot.add_widget(dialog)
    assert dialog.windowTitle() == "Exportieren"
    assert dialog.radios["vcard4"].text().startswith("Interessenten als vCard 4.0")
    dialog.choose("ics")
    assert dialog.note.text().startswith("Alle offenen Nachfasstermine")


def test_the_restore_dialog_speaks_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    backups = BackupService(service)
    dialog = RestoreDialog(backups)
    qtbot.add_widget(dialog)
    assert dialog.windowTitle() == "Aus Sicherung wiederherstellen"
    assert dialog.empty.text().startswith("Noch keine Sicherungen.")
    titles = [dialog.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert titles == ["Erstellt", "Interessenten", "Kontakte"]
    service.add_prospect("Ana García")
    backups.back_up()
    dialog.refresh()
    assert describe(dialog.selected()) == "1 Interessent, 0 Kontakte"  # type: ignore[arg-type]


# -- plans ---------------------------------------------------------------------------------


def test_the_plans_dialog_speaks_german_with_german_amounts(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    dialog = PlansDialog(CoachService(service))
    qtbot.add_widget(dialog)
    assert dialog.windowTitle() == "Nachfasspläne"
    assert dialog.save_button.text() == "Plan &speichern"
    assert dialog.preview_label.text().startswith("Kontakt 1 · Tag ")
    dialog.scaling_check.setChecked(True)
    preview = dialog.scaling_preview.text()
    assert preview.startswith("Aus einem Abstand von 14 Tagen werden "), preview
    assert "bei 1.000 Auftragswert" in preview
    assert parse_amount("25.000,50") == Decimal("25000.50")


def test_putting_on_a_plan_speaks_german(
    german: None, qtbot: QtBot, service: FollowUpService
) -> None:
    dialog = ApplyPlanDialog(CoachService(service), 1200)
    qtbot.add_widget(dialog)
    assert dialog.windowTitle() == "Einem Plan zuordnen"
    intro = dialog.findChildren(type(dialog.preview_label))[0].text()
    assert intro.startswith("Den Plan für diese 1.200 Interessenten neu beginnen")


# -- start at login ------------------------------------------------------------------------


def test_the_autostart_entry_carries_a_german_comment() -> None:
    text = autostart.desktop_entry(["/usr/bin/followup-desktop"])
    assert "Comment=Start FollowUp at login" in text
    assert (
        "Comment[de]=FollowUp bei der Anmeldung starten, damit Erinnerungen zum Nachfassen "
        "pünktlich kommen\n"
    ) in text
