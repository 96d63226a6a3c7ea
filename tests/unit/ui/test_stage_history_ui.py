"""Won and lost in the window: reopened from the card, and a line in the timeline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from followup_desktop.domain.model import Stage
from followup_desktop.services import FollowUpService
from followup_desktop.ui.mainwindow import MainWindow

POPUP_NOISE = ("This plugin does not support raise", "This plugin does not support grabbing")


@pytest.mark.qt_log_ignore(*POPUP_NOISE)
def test_a_won_prospect_is_reopened_from_the_cards_stage_list(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    won = service.add_prospect("Oliver Wright")
    pid = won.id or 0
    window.refresh()
    window.open_prospect(pid)
    window.actions_.won.trigger()
    assert service.get_prospect(pid).stage is Stage.WON
    combo = window.card.stage_combo
    assert combo.isEnabled()
    assert combo.placeholderText() == "Won"
    # Focus the stage list and pick Engaged from it.
    combo.setFocus()
    index = combo.findData(Stage.ENGAGED.value)
    combo.showPopup()
    view = combo.view()
    view.setCurrentIndex(combo.model().index(index, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    QApplication.processEvents()
    reopened = service.get_prospect(pid)
    assert reopened.stage is Stage.ENGAGED
    assert service.pending(pid)  # reopening plans a step to reach back out
    assert combo.currentText() == "Engaged"


def _timeline_lines(window: MainWindow) -> list[str]:
    model = window.timeline.model
    return [
        str(model.item(day).child(row).text())
        for day in range(model.rowCount())
        for row in range(model.item(day).rowCount())
    ]


@pytest.mark.qt_log_ignore(*POPUP_NOISE)
def test_won_and_lost_leave_a_line_in_the_timeline(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    from followup_desktop.domain.model import Channel, Outcome

    p = service.add_prospect("Laura Bianchi")
    pid = p.id or 0
    service.log_touch(pid, Channel.CALL, outcome=Outcome.CONVERSATION, summary="Asked for a quote")
    window.refresh()
    window.open_prospect(pid)
    window.actions_.won.trigger()
    lines = _timeline_lines(window)
    assert lines[0] == "10:00  Stage · Won\nThey said Yes."  # newest first, after the call
    assert "Asked for a quote" in lines[1]
    window.timeline.view.setCurrentIndex(window.timeline.model.item(0).child(0).index())
    assert window.timeline.current_touch() is None  # a stage line is not a touch to edit

    service.change_stage(pid, Stage.LOST, "Chose a competitor on price")
    window.refresh()
    window.open_prospect(pid)
    window.timeline.reload()
    assert _timeline_lines(window)[0] == ("10:00  Stage · Lost\nLost: Chose a competitor on price")
    # Reopened: open again, and the line goes with the closing.
    service.change_stage(pid, Stage.ENGAGED)
    window.timeline.reload()
    assert not any("Stage ·" in line for line in _timeline_lines(window))
