"""The Reports page against a real database: figures, PNG, PDF, empty state, laziness."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from followup_desktop.domain.model import Channel, Direction, Outcome, Stage
from followup_desktop.services import FollowUpService
from followup_desktop.services.report import ReportService
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import REPORTS, THANK_YOU
from followup_desktop.ui.reports_view import (
    EMPTY_TEXT,
    LOST,
    PAGE_WIDTH,
    WON,
    Card,
    ReportsWidget,
    render_image,
)
from tests.helpers.full_disk import room_for_files

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


def log(
    service: FollowUpService,
    pid: int,
    days: int,
    channel: Channel = Channel.EMAIL,
    direction: Direction = Direction.OUT,
    outcome: Outcome | None = Outcome.SENT,
) -> None:
    at = service.now() - timedelta(days=days)
    service.log_touch(pid, channel, direction=direction, outcome=outcome, at=at)


def pixel_colours(image: QImage, step: int) -> set[str]:
    return {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def fill(service: FollowUpService) -> None:
    """Won after 5 touches, lost after 1, quiet after 2 (given up), one in play."""
    won = service.add_prospect("Winner").id
    lost = service.add_prospect("Loser").id
    quiet = service.add_prospect("<b>Silent</b> & Co").id
    fresh = service.add_prospect("Fresh").id
    assert won
    assert lost
    assert quiet
    assert fresh
    for days in (40, 35, 30, 25):
        log(service, won, days)
    log(service, won, 20, Channel.CALL, outcome=Outcome.CONVERSATION)
    service.change_stage(won, Stage.WON)
    log(service, lost, 10, Channel.CALL, outcome=Outcome.DECLINED)
    service.change_stage(lost, Stage.LOST, "Too expensive")
    log(service, quiet, 90, Channel.TEXT)
    log(service, quiet, 80, Channel.TEXT, Direction.IN, None)
    service.store.skip_pending(quiet)  # dropped: nothing planned ahead
    log(service, fresh, 3)


@pytest.fixture
def widget(qtbot: QtBot, service: FollowUpService) -> ReportsWidget:
    fill(service)
    view = ReportsWidget(ReportService(service))
    qtbot.add_widget(view)
    view.resize(900, 700)
    view.show()
    qtbot.wait_exposed(view)
    return view


def test_the_cards_show_the_figures(widget: ReportsWidget) -> None:
    given_up = widget.cards[Card.GIVEN_UP]
    assert given_up.isVisible()
    assert given_up.accessibleName() == "Given up before the 5-touch mark"
    assert given_up.summary() == (
        "33% given up before touch 5. 1 of 3 prospects that ended. Reached 5+ touches: 33%."
    )
    assert "5 touches: 1 won, 0 lost, 0 quiet" in widget.cards[Card.TOUCHES_AT_END].summary()
    assert "Text: 1 of 1 answered" in widget.cards[Card.CHANNELS].summary()
    assert widget.cards[Card.LOST_REASONS].summary() == "Budget or price: 1"
    assert "1 prospect still in play" in widget.as_of_label.text()
    assert not widget.empty_label.isVisible()
    for card in widget.cards.values():
        assert card.height() >= 100
        assert card.toolTip() == card.summary()


def test_the_cards_paint_the_charts(widget: ReportsWidget) -> None:
    image = widget.cards[Card.TOUCHES_AT_END].grab().toImage()
    colours = pixel_colours(image, 3)
    assert WON.name() in colours  # the won bar at 5 touches
    assert QColor("#8c8c8c").name() in colours  # the quiet bar at 2


def test_save_as_png(widget: ReportsWidget, qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "report"
    asked: list[str] = []
    widget.ask_save_path = lambda name, kinds: asked.append(name) or str(target)  # type: ignore[func-returns-value]
    with qtbot.wait_signal(widget.status_message) as blocker:
        widget.save_png_button.click()
    assert asked == ["persistence-report-2026-11-25.png"]
    written = tmp_path / "report.png"  # the suffix is added
    assert str(written) in blocker.args[0]
    image = QImage(str(written))
    assert not image.isNull()
    expected = render_image(widget.report())
    assert (image.width(), image.height()) == (int(PAGE_WIDTH), expected.height())
    colours = pixel_colours(image, 4)
    assert {WON.name(), LOST.name()} <= colours
    assert len(colours) > 20  # text, bars and card edges: not a blank page


@needs_pdftotext
def test_save_as_pdf(widget: ReportsWidget, qtbot: QtBot, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    widget.ask_save_path = lambda name, kinds: str(target)
    with qtbot.wait_signal(widget.status_message):
        widget.save_pdf_button.click()
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())
    assert "Persistence report" in words
    assert "33% given up before touch 5" in words
    assert "1 of 3 prospects that ended" in words
    assert "5-touch mark" in words
    assert "Budget or price" in words


def test_save_as_picks_the_format_by_the_suffix(
    widget: ReportsWidget, qtbot: QtBot, tmp_path: Path
) -> None:
    widget.ask_save_path = lambda name, kinds: str(tmp_path / "chart.png")
    widget.save_as()
    assert not QImage(str(tmp_path / "chart.png")).isNull()
    widget.ask_save_path = lambda name, kinds: str(tmp_path / "chart")
    widget.save_as()
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")


def test_a_failed_save_is_explained_and_writes_nothing(
    widget: ReportsWidget, qtbot: QtBot, tmp_path: Path
) -> None:
    errors: list[str] = []
    widget.show_error = errors.append
    widget.ask_save_path = lambda name, kinds: str(tmp_path / "no-such-folder" / "r.pdf")
    with qtbot.assert_not_emitted(widget.status_message):
        widget.save_pdf_button.click()
    assert len(errors) == 1
    assert errors[0].startswith("Could not save the report to ")
    widget.ask_save_path = lambda name, kinds: None  # cancelled
    with qtbot.assert_not_emitted(widget.status_message):
        widget.save_png_button.click()
    assert [p.name for p in tmp_path.iterdir()] == ["data"]  # the database only


def test_empty_state_says_what_to_do(qtbot: QtBot, service: FollowUpService) -> None:
    service.add_prospect("Just Added")
    view = ReportsWidget(ReportService(service))
    qtbot.add_widget(view)
    view.show()
    qtbot.wait_exposed(view)
    assert view.empty_label.isVisible()
    assert view.empty_label.text() == EMPTY_TEXT
    assert "Log touches and close prospects as Won or Lost" in EMPTY_TEXT
    assert not any(card.isVisible() for card in view.cards.values())
    assert not render_image(view.report()).isNull()


def test_figures_are_worked_out_only_while_shown(
    qtbot: QtBot, service: FollowUpService, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = ReportService(service)
    calls: list[int] = []
    real = reports.report
    monkeypatch.setattr(reports, "report", lambda *a: calls.append(1) or real(*a))
    view = ReportsWidget(reports)
    qtbot.add_widget(view)
    view.refresh()
    assert calls == []
    assert view.is_stale()
    view.show()
    qtbot.wait_exposed(view)
    assert calls == [1]
    assert not view.is_stale()
    fill(service)
    view.refresh()  # shown: at once
    assert calls == [1, 1]
    assert view.cards[Card.GIVEN_UP].isVisible()
    view.hide()
    view.refresh()
    assert calls == [1, 1]
    view.refresh_button.click()
    assert calls == [1, 1, 1]


def test_the_main_window_has_a_reports_page(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    fill(service)
    window.refresh()
    assert not window.actions_.save_report.isVisible()
    entries = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    thank_you = window.navigation.entry_text(THANK_YOU)
    assert entries[entries.index(thank_you) + 1] == "Reports"
    assert window.actions_.view_reports.shortcut().toString() == "Ctrl+6"
    window.actions_.view_reports.trigger()
    assert window.pages.currentWidget() is window.reports
    assert window.current_destination() == REPORTS
    assert window.actions_.save_report.isVisible()
    assert window.actions_.save_report.isEnabled()
    assert window.reports.cards[Card.GIVEN_UP].summary().startswith("33% given up")
    # A change elsewhere refreshes the shown report.
    pid = service.resolve_prospect("Fresh").id
    assert pid is not None
    service.change_stage(pid, Stage.WON)
    window.refresh()
    assert window.reports.report().won == 2
    window.show_destination(THANK_YOU)
    assert not window.actions_.save_report.isVisible()


@pytest.mark.parametrize("kind", ["pdf", "png"])
def test_a_full_disk_is_explained_and_keeps_the_earlier_file(
    widget: ReportsWidget, qtbot: QtBot, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / f"report.{kind}"
    widget.ask_save_path = lambda name, kinds: str(target)
    button = widget.save_pdf_button if kind == "pdf" else widget.save_png_button
    button.click()
    earlier = target.read_bytes()
    errors: list[str] = []
    widget.show_error = errors.append
    with qtbot.assert_not_emitted(widget.status_message), room_for_files(4096):
        button.click()
    assert errors == [
        f"Could not save the report to {target}: the file is larger than the disk allows."
    ]
    assert target.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", target.name]
