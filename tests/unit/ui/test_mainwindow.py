"""The main window against a real database: empty state, summary, plain text."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel
from followup_desktop.services import FollowUpService
from followup_desktop.ui.mainwindow import MainWindow


def test_first_run_shows_what_to_do_and_loads_demo_data(
    qtbot: QtBot, service: FollowUpService
) -> None:
    window = MainWindow(service)
    qtbot.add_widget(window)
    window.show()
    assert window.empty_label.isVisible()
    assert "No prospects yet" in window.empty_label.text()
    assert window.demo_button.isVisible()
    with qtbot.wait_signal(window.demo_loaded):
        qtbot.mouseClick(window.demo_button, Qt.MouseButton.LeftButton)
    assert not window.empty_label.isVisible()
    assert window.summary_label.isVisible()
    assert "overdue" in window.summary_label.text()
    assert window.statusBar().currentMessage() == window.summary_label.text()


def test_summary_counts_and_plain_text_names(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock
) -> None:
    name = "<b>Bold</b> & <img src=x>"
    p = service.add_prospect(name)
    service.schedule(p.id or 0, clock.now() - timedelta(hours=3), Channel.CALL, "Call back")
    lonely = service.add_prospect("Lars Jensen")
    for f in service.pending(lonely.id or 0):
        service.store.skip_pending(f.prospect_id)
    window = MainWindow(service)
    qtbot.add_widget(window)
    window.show()
    assert window.summary_label.text() == (
        "1 due today · 1 overdue · 1 open prospects have no next step"
    )
    assert window.summary_label.textFormat() == Qt.TextFormat.PlainText
    assert window.due_label.textFormat() == Qt.TextFormat.PlainText
    assert name in window.due_label.text()
    assert "Call back" in window.due_label.text()
