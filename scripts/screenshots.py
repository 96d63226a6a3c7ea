"""Screenshots for the README, made from demo data (run by scripts/take-screenshots).

Starts the real main window on a fresh demo database with a fixed clock, so the
pictures are the same from run to run, and saves PNGs of: the agenda, a
prospect with a long timeline, the thank-you notes, the reports, the
log-touch dialog and the draft composer.
"""

from __future__ import annotations

import sys
from pathlib import Path

from demo_window import demo_window
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from followup_desktop.domain.drafts import Reason
from followup_desktop.services import FollowUpService
from followup_desktop.services.drafts import DraftService
from followup_desktop.ui.agenda import Section
from followup_desktop.ui.draft_dialog import DraftDialog
from followup_desktop.ui.log_touch_dialog import LogTouchDialog
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import AGENDA, NO_NEXT_STEP, REPORTS, REVIVE, THANK_YOU


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    shown = demo_window(1366, 768)
    app, window, service, store, folder = (
        shown.app,
        shown.window,
        shown.service,
        shown.store,
        shown.folder,
    )
    settle = shown.settle

    def shoot() -> None:
        window.show_destination(AGENDA)
        settle()
        # The advice line shows for the chosen follow-up: choose the first overdue one.
        overdue = window.agenda.model.items(Section.OVERDUE)
        if overdue and overdue[0].follow_up.id is not None:
            window.agenda.select_follow_up(overdue[0].follow_up.id)
        settle()
        window.grab().save(str(out / "agenda.png"))
        window.show_destination(REVIVE)
        settle()
        window.grab().save(str(out / "revive.png"))
        window.show_destination(NO_NEXT_STEP)
        settle()
        window.grab().save(str(out / "no-next-step.png"))
        plans = window.coach.edit_plans()
        for row in range(plans.plan_list.count()):
            if plans.plan_list.item(row).text().startswith("Outbound"):
                plans.plan_list.setCurrentRow(row)
        plans.duplicate_plan()
        plans.name_edit.setText("Workshop leads")
        plans.name_edit.textEdited.emit("Workshop leads")
        settle()
        plans.grab().save(str(out / "plans.png"))
        plans.save_plan()
        plans.reject()
        richest = max(service.prospects_json(), key=lambda r: r["touch_count"])
        window.open_prospect(richest["id"])
        settle()
        window.grab().save(str(out / "prospect.png"))
        window.show_destination(THANK_YOU)
        settle()
        window.grab().save(str(out / "thank-you.png"))
        window.show_destination(REPORTS)
        settle()
        window.grab().save(str(out / "reports.png"))
        dialog = LogTouchDialog(service, richest["id"], window)
        dialog.show()
        settle()
        dialog.grab().save(str(out / "log-touch.png"))
        dialog.reject()
        shoot_draft(service, window, out)
        shoot_import_export(window, folder, out)
        window.close()
        app.quit()

    QTimer.singleShot(300, shoot)
    app.exec()
    store.close()
    return 0


def shoot_draft(service: FollowUpService, window: MainWindow, out: Path) -> None:
    """The draft composer on an open prospect whose timeline has a meeting and a topic."""
    drafts = DraftService(service)

    def richness(row: dict[str, object]) -> tuple[int, int]:
        facts = drafts.facts(int(str(row["id"])))
        known = (facts.last_meeting is not None) * 4 + bool(facts.sent) * 2 + bool(facts.topic)
        return known, int(str(row["touch_count"]))

    rows = [
        r for r in service.prospects_json() if r["emails"] and r["stage"] not in ("won", "lost")
    ]
    chosen = max(rows, key=richness)
    dialog = DraftDialog(drafts, chosen["id"], window, my_name="Sam Carter")
    dialog.reason_buttons[Reason.NEW_OFFER].setChecked(True)
    dialog.own_line_edit.setText("It now comes as a half-day format, in person or online")
    dialog.show()
    app = QApplication.instance()
    assert app is not None
    app.processEvents()
    dialog.own_line_edit.deselect()
    app.processEvents()
    dialog.grab().save(str(out / "draft.png"))
    dialog.reject()


def shoot_import_export(window: MainWindow, folder: Path, out: Path) -> None:
    """The import's columns step and preview, and the export dialog."""
    app = QApplication.instance()
    assert app is not None
    known = window._service.prospects_json()[:2]
    cards = folder / "from-my-phone.vcf"
    lines = []
    for row in known:
        email = row["emails"][0] if row["emails"] else "someone@example.com"
        lines.append(f"BEGIN:VCARD\nVERSION:3.0\nFN:{row['name']}\nEMAIL:{email}\nEND:VCARD\n")
    for name, company in (("Grace Hopper", "Cobol Works"), ("Alan Kay", "Smalltalk Labs")):
        lines.append(f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nORG:{company}\nEND:VCARD\n")
    lines.append("BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing else\nEND:VCARD\n")
    cards.write_text("".join(lines), encoding="utf-8")
    table = folder / "kundenliste.csv"
    table.write_text(
        "Kunde;Firma;Telefon;Straße;PLZ;Ort\n"
        "Erika Mustermann;Muster AG;030 1234567;Hauptstraße 1;10115;Berlin\n"
        "Max Beispiel;Beispiel GmbH;089 7654321;Marienplatz 2;80331;München\n",
        encoding="utf-8",
    )
    dialog = window.import_files([str(cards), str(table)])
    assert dialog is not None
    dialog.resize(900, 560)
    dialog.mapping_page.set_field(0, "name")
    app.processEvents()
    dialog.grab().save(str(out / "import-columns.png"))
    dialog.next_button.click()
    app.processEvents()
    dialog.grab().save(str(out / "import-preview.png"))
    dialog.reject()
    export = window.export()
    app.processEvents()
    export.grab().save(str(out / "export.png"))
    export.reject()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
