"""The thank-you view against a real database: rows, outputs, signals, empty state."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from followup_desktop.domain.model import Channel, Outcome, PostalAddress
from followup_desktop.services import FollowUpService
from followup_desktop.services.preferences import DatabasePreferences, load_page_size
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.ui.format import overdue_color
from followup_desktop.ui.thank_you_view import (
    ADDRESS_MISSING_ROLE,
    EMPTY_TEXT,
    ENTRY_ID_ROLE,
    MISSING_ADDRESS_TEXT,
    PROSPECT_ID_ROLE,
    LabelOptionsDialog,
    ThankYouWidget,
    two_line_address,
)
from tests.helpers.full_disk import room_for_files
from tests.unit.printing import page_size_pts

HTML_NAME = "<b>Bold</b> & <img src=x>"
BERLIN_ADDRESS = PostalAddress("Friedrichstraße 12", "Berlin", "", "10117", "DE")
PARIS_ADDRESS = PostalAddress("12 rue de Rivoli", "Paris", "", "75004", "FR")

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def meet(
    service: FollowUpService,
    name: str,
    notes: str,
    *,
    company: str = "",
    address: PostalAddress | None = None,
) -> int:
    """A prospect met today (which queues a thank-you note): the prospect id."""
    prospect = service.add_prospect(name, company=company, address=address)
    assert prospect.id is not None
    service.log_touch(prospect.id, Channel.MEETING, outcome=Outcome.CONVERSATION, notes=notes)
    return prospect.id


@pytest.fixture
def thanks(service: FollowUpService) -> ThankYouService:
    return ThankYouService(service)


@pytest.fixture
def pids(service: FollowUpService, thanks: ThankYouService) -> dict[str, int]:
    return {
        "ana": meet(
            service,
            "Ana García",
            "talked about the leadership workshop",
            company="Mercado Verde",
            address=BERLIN_ADDRESS,
        ),
        "chloe": meet(service, "Chloé Martin", "the offsite in March", address=PARIS_ADDRESS),
        "html": meet(service, HTML_NAME, "a <i>quote</i> & more"),  # no address
    }


def make_widget(qtbot: QtBot, service: FollowUpService, thanks: ThankYouService) -> ThankYouWidget:
    widget = ThankYouWidget(service, thanks)
    qtbot.add_widget(widget)
    widget.resize(1000, 500)
    widget.show()
    qtbot.wait_exposed(widget)
    return widget


@pytest.fixture
def widget(
    qtbot: QtBot, service: FollowUpService, thanks: ThankYouService, pids: dict[str, int]
) -> ThankYouWidget:
    return make_widget(qtbot, service, thanks)


def rows(widget: ThankYouWidget) -> list[list[str]]:
    model = widget.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def row_of_prospect(widget: ThankYouWidget, pid: int) -> int:
    model = widget.model
    for r in range(model.rowCount()):
        if model.index(r, 0).data(PROSPECT_ID_ROLE) == pid:
            return r
    raise AssertionError(f"prospect {pid} is not listed")


def select_rows(widget: ThankYouWidget, *rows_: int) -> None:
    selection = widget.view.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in rows_:
        selection.select(widget.model.index(r, 0), flags)


def test_rows_show_name_headline_and_address(
    widget: ThankYouWidget, pids: dict[str, int], qtmodeltester: object
) -> None:
    assert widget.count() == 3
    assert widget.view.isVisible()
    assert not widget.empty_label.isVisible()
    table = {row[0].split("\n")[0]: row for row in rows(widget)}
    assert table["Ana García"] == [
        "Ana García\nMercado Verde",
        "Meeting on 25 Nov: talked about the leadership workshop",
        "Friedrichstraße 12\n10117 Berlin",
    ]
    assert table["Chloé Martin"][1] == "Meeting on 25 Nov: the offsite in March"
    assert table["Chloé Martin"][2] == "12 rue de Rivoli\n75004 PARIS, FRANCE"
    qtmodeltester.check(widget.model)  # type: ignore[attr-defined]


def test_missing_address_is_flagged_in_the_warning_colour(
    widget: ThankYouWidget, pids: dict[str, int]
) -> None:
    r = row_of_prospect(widget, pids["html"])
    address = widget.model.index(r, 2)
    assert address.data() == MISSING_ADDRESS_TEXT
    assert address.data(ADDRESS_MISSING_ROLE) is True
    assert address.data(Qt.ItemDataRole.ForegroundRole) == overdue_color()
    assert address.data(Qt.ItemDataRole.DecorationRole) is not None
    ok = widget.model.index(row_of_prospect(widget, pids["ana"]), 2)
    assert ok.data(ADDRESS_MISSING_ROLE) is False
    assert ok.data(Qt.ItemDataRole.ForegroundRole) is None


def test_html_like_name_shows_literally(widget: ThankYouWidget, pids: dict[str, int]) -> None:
    r = row_of_prospect(widget, pids["html"])
    assert widget.model.index(r, 0).data() == HTML_NAME
    assert widget.model.index(r, 1).data() == "Meeting on 25 Nov: a <i>quote</i> & more"
    # Stored text never reaches a tooltip (which Qt may read as rich text).
    for c in range(widget.model.columnCount()):
        assert widget.model.index(r, c).data(Qt.ItemDataRole.ToolTipRole) is None
    for label in widget.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_mark_selected_and_all_as_sent_emit_entry_ids(
    qtbot: QtBot, widget: ThankYouWidget, thanks: ThankYouService, pids: dict[str, int]
) -> None:
    assert not widget.mark_sent_action.isEnabled()
    select_rows(widget, 0, 2)
    expected = [widget.model.index(r, 0).data(ENTRY_ID_ROLE) for r in (0, 2)]
    assert widget.selected_entry_ids() == expected
    assert widget.mark_sent_action.isEnabled()
    assert not widget.remove_action.isEnabled()  # one entry at a time
    with qtbot.waitSignal(widget.mark_sent_requested) as blocker:
        widget.mark_sent_action.trigger()
    assert blocker.args == [expected]

    everyone = [e.entry_id for e in thanks.queue()]
    with qtbot.waitSignal(widget.mark_sent_requested) as blocker:
        widget.mark_all_sent_action.trigger()
    assert blocker.args == [everyone]
    assert thanks.count() == 3  # the view writes nothing


def test_remove_and_open_emit_for_the_selected_entry(
    qtbot: QtBot, widget: ThankYouWidget, thanks: ThankYouService, pids: dict[str, int]
) -> None:
    r = row_of_prospect(widget, pids["chloe"])
    select_rows(widget, r)
    entry_id = widget.model.index(r, 0).data(ENTRY_ID_ROLE)
    with qtbot.waitSignal(widget.remove_requested) as blocker:
        widget.remove_action.trigger()
    assert blocker.args == [entry_id]
    with qtbot.waitSignal(widget.open_requested) as blocker:
        widget.open_action.trigger()
    assert blocker.args == [pids["chloe"]]
    with qtbot.waitSignal(widget.open_requested) as blocker:
        widget.view.doubleClicked.emit(widget.model.index(r, 1))
    assert blocker.args == [pids["chloe"]]
    assert thanks.count() == 3


def test_refresh_after_the_main_window_applies_mark_sent(
    qtbot: QtBot, widget: ThankYouWidget, thanks: ThankYouService, pids: dict[str, int]
) -> None:
    counts: list[int] = []
    widget.count_changed.connect(counts.append)

    def apply(entry_ids: list[int]) -> None:  # as the main window does (without the undo)
        thanks.mark_sent(entry_ids)
        widget.refresh()

    widget.mark_sent_requested.connect(apply)
    select_rows(widget, row_of_prospect(widget, pids["ana"]))
    widget.mark_sent_action.trigger()
    assert widget.count() == 2
    assert counts == [2]
    assert len(widget.selected_entry_ids()) == 1  # a neighbour, for the next key
    widget.mark_all_sent_action.trigger()
    assert widget.count() == 0
    assert counts == [2, 0]
    assert widget.empty_label.isVisible()
    assert not widget.view.isVisible()
    assert not widget.save_pdf_action.isEnabled()
    assert not widget.mark_all_sent_action.isEnabled()


def test_empty_state(qtbot: QtBot, service: FollowUpService, thanks: ThankYouService) -> None:
    widget = make_widget(qtbot, service, thanks)
    assert widget.count() == 0
    assert widget.empty_label.text() == EMPTY_TEXT
    assert widget.empty_label.isVisible()
    assert not widget.print_action.isEnabled()


@needs_pdftotext
def test_save_as_pdf_writes_every_name(
    qtbot: QtBot, widget: ThankYouWidget, tmp_path: Path, pids: dict[str, int]
) -> None:
    target = tmp_path / "list.pdf"
    suggested: list[str] = []

    def ask(name: str) -> str:
        suggested.append(name)
        return str(target)

    widget.ask_save_path = ask
    with qtbot.waitSignal(widget.status_message) as blocker:
        widget.save_pdf_action.trigger()
    assert suggested == ["thank-you-notes-2026-11-25.pdf"]
    assert str(target) in blocker.args[0]
    text = pdf_text(target)
    for name in ("Ana García", "Chloé Martin", HTML_NAME):
        assert name in text
    assert "Friedrichstraße 12" in text
    assert "Page 1 of 1" in text


def test_save_as_pdf_cancelled_writes_nothing(
    widget: ThankYouWidget, tmp_path: Path, pids: dict[str, int]
) -> None:
    widget.ask_save_path = lambda name: None
    widget.save_pdf_action.trigger()
    assert list(tmp_path.glob("*.pdf")) == []


@needs_pdftotext
def test_labels_pdf_written_skipping_the_missing_address(
    qtbot: QtBot, widget: ThankYouWidget, tmp_path: Path, pids: dict[str, int]
) -> None:
    target = tmp_path / "labels.pdf"
    asked: list[str] = []

    def ask(sheet: str) -> tuple[str, int]:
        asked.append(sheet)
        return "avery-l7160", 4

    widget.ask_label_options = ask
    widget.ask_save_path = lambda name: str(target)
    with qtbot.waitSignal(widget.status_message) as blocker:
        widget.labels_action.trigger()
    assert asked == ["avery-l7160"]  # A4 in Germany
    assert "skipped 1" in blocker.args[0]
    assert HTML_NAME in blocker.args[0]
    text = pdf_text(target)
    assert "Ana García" in text
    assert "10117 Berlin" in text
    assert "Chloé Martin" in text
    assert HTML_NAME not in text


@needs_pdftotext
def test_envelopes_pdf_has_the_sender(
    qtbot: QtBot, widget: ThankYouWidget, tmp_path: Path, pids: dict[str, int]
) -> None:
    target = tmp_path / "envelopes.pdf"
    widget.set_sender_lines(["Sam Seller", "Kastanienallee 3", "10435 Berlin", " "])
    assert widget.sender_lines() == ["Sam Seller", "Kastanienallee 3", "10435 Berlin"]
    widget.ask_envelope_size = lambda size: "c5"
    widget.ask_save_path = lambda name: str(target)
    widget.envelopes_action.trigger()
    text = pdf_text(target)
    assert text.count("Sam Seller") == 2  # one envelope per addressed entry
    assert "Ana García" in text
    assert "75004 PARIS" in text  # French post: the town in capitals


def test_label_dialog_limits_the_start_to_the_sheet(qtbot: QtBot) -> None:
    dialog = LabelOptionsDialog("avery-5160")
    qtbot.add_widget(dialog)
    assert dialog.sheet() == "avery-5160"
    assert dialog.start_spin.maximum() == 30
    dialog.sheet_combo.setCurrentIndex(dialog.sheet_combo.findData("avery-l7160"))
    assert dialog.start_spin.maximum() == 21
    dialog.start_spin.setValue(99)
    assert dialog.start_at() == 21


def test_print_preview_paints_the_list(
    qtbot: QtBot, widget: ThankYouWidget, tmp_path: Path, pids: dict[str, int]
) -> None:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert widget.paint_list(printer) == 1
    assert (tmp_path / "printed.pdf").stat().st_size > 0

    seen: list[QWidget] = []
    painted: list[int] = []
    paint = widget.paint_list

    def paint_and_count(printer: QPrinter) -> int:
        painted.append(paint(printer))
        return painted[-1]

    widget.paint_list = paint_and_count  # type: ignore[method-assign]

    def close_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintPreviewDialog):
            seen.append(dialog)
            dialog.reject()

    QTimer.singleShot(300, close_preview)
    widget.print_action.trigger()  # returns once the preview is closed
    assert len(seen) == 1
    assert painted[:1] == [1]  # the preview painted the one-page list


@needs_pdftotext
@pytest.mark.parametrize(
    ("chosen", "page_id", "points"),
    [
        ("A4", QPageSize.PageSizeId.A4, (595, 842)),
        ("Letter", QPageSize.PageSizeId.Letter, (612, 792)),
    ],
)
def test_print_preview_and_save_as_pdf_use_the_preferred_paper(
    qtbot: QtBot,
    service: FollowUpService,
    widget: ThankYouWidget,
    tmp_path: Path,
    chosen: str,
    page_id: QPageSize.PageSizeId,
    points: tuple[int, int],
) -> None:
    prefs = DatabasePreferences(service)
    prefs.setValue("thank_you/page_size", chosen)
    widget.set_page_size(load_page_size(prefs, service.home_country))

    target = tmp_path / "list.pdf"
    widget.ask_save_path = lambda name: str(target)
    widget.save_pdf_action.trigger()
    width, height = page_size_pts(target)
    assert (round(width), round(height)) == points

    previewed: list[QPageSize.PageSizeId] = []

    def close_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintPreviewDialog):
            previewed.append(dialog.printer().pageLayout().pageSize().id())
            dialog.reject()

    QTimer.singleShot(300, close_preview)
    widget.print_action.trigger()
    assert previewed == [page_id]


def test_two_line_address() -> None:
    assert two_line_address(["Street 1", "10115 Berlin"]) == "Street 1\n10115 Berlin"
    assert two_line_address(["c/o X", "Street 1", "Paris"]) == "c/o X\nStreet 1, Paris"
    assert two_line_address([]) == ""


def test_a_long_list_is_read_a_page_at_a_time_and_printed_whole(
    qtbot: QtBot, service: FollowUpService, thanks: ThankYouService, tmp_path: Path
) -> None:
    from followup_desktop.ui.thank_you_view import ThankYouModel

    many = ThankYouModel.PAGE_SIZE + 7
    for i in range(many):
        p = service.add_prospect(
            f"Guest {i:03d}", address=PostalAddress("1 Main St", "Springfield", "IL", "62701", "US")
        )
        thanks.add(p.id or 0)
    widget = ThankYouWidget(service, thanks)
    qtbot.add_widget(widget)
    assert widget.count() == many
    assert widget.count_label.text() == f"{many} thank-you notes to write"
    assert widget.model.rowCount() == ThankYouModel.PAGE_SIZE  # one page read
    assert len(widget.entries()) == many  # what printing and "mark all" take: every one
    widget.model.fetchMore(widget.view.rootIndex())
    assert widget.model.rowCount() == many
    pdf = tmp_path / "list.pdf"
    widget.save_list_pdf(str(pdf))
    text = pdf_text(pdf)
    assert "Guest 000" in text
    assert f"Guest {many - 1:03d}" in text


SAVES = {
    "list": ("save_pdf_action", "list"),
    "labels": ("labels_action", "labels"),
    "envelopes": ("envelopes_action", "envelopes"),
}


@pytest.mark.parametrize("kind", list(SAVES))
def test_a_full_disk_is_explained_and_keeps_the_earlier_pdf(
    qtbot: QtBot, widget: ThankYouWidget, tmp_path: Path, pids: dict[str, int], kind: str
) -> None:
    action, what = SAVES[kind]
    target = tmp_path / "saved.pdf"
    widget.ask_label_options = lambda sheet: ("avery-l7160", 1)
    widget.ask_envelope_size = lambda size: "dl"
    widget.ask_save_path = lambda name: str(target)
    getattr(widget, action).trigger()
    earlier = target.read_bytes()
    errors: list[str] = []
    widget.show_error = errors.append
    with qtbot.assert_not_emitted(widget.status_message), room_for_files(4096):
        getattr(widget, action).trigger()
    assert errors == [
        f"Could not save the {what} to {target}: the file is larger than the disk allows."
    ]
    assert target.read_bytes() == earlier
    assert [p.name for p in tmp_path.glob("*saved*")] == [target.name]  # no temporary file
