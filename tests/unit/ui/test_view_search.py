"""Each view of the prospect list keeps its own search and filter; an import shows
what it brought in, whatever the list was searching for before."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from followup_desktop.domain.model import Stage
from followup_desktop.domain.queries import QuickFilter
from followup_desktop.services import FollowUpService
from followup_desktop.services.demo import generate_demo
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import NO_NEXT_STEP, PROSPECTS, REVIVE, Destination
from tests.helpers.qt import settle


def _search(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.prospect_list.search_edit.setText(text)
    window.prospect_list.apply_search_now()


def test_each_view_keeps_its_own_search_and_filter(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    generate_demo(service)
    window.refresh()
    window.show_destination(PROSPECTS)
    _search(qtbot, window, "Schäfer")
    window.prospect_list.set_stage(Stage.CONTACTED)
    searched = window.prospect_list.model.total_count()
    assert 0 < searched < service.prospect_count()

    window.navigation.select(REVIVE)
    revive = service.count(QuickFilter.REVIVE)
    assert revive > 0
    assert window.prospect_list.search_edit.text() == ""
    assert window.prospect_list.model.query().stage is None
    assert window.prospect_list.model.total_count() == revive
    settle(qtbot, window)
    assert window.navigation.entry_text(REVIVE).endswith(f"{revive:,}")
    _search(qtbot, window, "zzz-nobody")
    assert window.prospect_list.model.total_count() == 0

    window.navigation.select(NO_NEXT_STEP)
    assert window.prospect_list.search_edit.text() == ""
    assert window.prospect_list.model.total_count() == service.count_without_next_step()

    window.navigation.select(PROSPECTS)
    assert window.prospect_list.search_edit.text() == "Schäfer"
    assert window.prospect_list.model.query().stage is Stage.CONTACTED
    assert window.prospect_list.stage_combo.currentData() == Stage.CONTACTED.value
    assert window.prospect_list.model.total_count() == searched

    window.navigation.select(REVIVE)
    assert window.prospect_list.search_edit.text() == "zzz-nobody"
    # A tag is a view of its own too.
    window.navigation.select(Destination("prospects", tag="coaching"))
    assert window.prospect_list.search_edit.text() == ""
    assert window.prospect_list.model.query().tag == "coaching"


def test_an_import_shows_what_it_imported_despite_an_old_search(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, tmp_path: Path
) -> None:
    service.add_prospect("Ana García")
    window.refresh()
    window.show_destination(PROSPECTS)
    _search(qtbot, window, "Ana")
    window.prospect_list.set_quick_filter(QuickFilter.OVERDUE)
    cards = tmp_path / "people.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nORG:Cobol Works\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Alan Kay\nORG:Smalltalk Labs\nEND:VCARD\n",
        encoding="utf-8",
    )
    dialog = window.import_files([str(cards)])
    assert dialog is not None
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    listed = window.prospect_list
    assert window.current_destination() == PROSPECTS
    assert listed.search_edit.text() == ""
    assert listed.model.query().quick is QuickFilter.ALL
    names = {service.get_prospect(pid).name for pid in listed.listed_prospect_ids()}
    assert {"Grace Hopper", "Alan Kay"} <= names
    current = listed.current_prospect_id()
    assert current is not None
    assert service.get_prospect(current).name in {"Grace Hopper", "Alan Kay"}
    assert window.card.prospect_id() == current
