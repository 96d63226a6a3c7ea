"""The touch timeline against a real database: day groups, texts, edit and delete."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel, Direction, Outcome, Touch
from followup_desktop.services import FollowUpService
from followup_desktop.ui.format import day_heading
from followup_desktop.ui.icons import APP_ICON_PATH, app_icon, channel_icon, channel_icon_path
from followup_desktop.ui.timeline import (
    EMPTY_STATE,
    NO_PROSPECT,
    TOUCH_ID_ROLE,
    TouchTimelineWidget,
)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def timeline(qtbot: QtBot, service: FollowUpService) -> TouchTimelineWidget:
    widget = TouchTimelineWidget(service)
    qtbot.add_widget(widget)
    widget.resize(480, 640)
    widget.show()
    qtbot.wait_exposed(widget)
    return widget


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def history(service: FollowUpService) -> tuple[int, list[Touch]]:
    """Ana's touches over three days, logged out of order."""
    pid = service.add_prospect("Ana Souza").id
    assert pid is not None
    logged = [
        service.log_touch(
            pid,
            Channel.EMAIL,
            outcome=Outcome.SENT,
            summary="Sent the workshop outline",
            at=_at(23, 9, 15),
        ),
        service.log_touch(
            pid,
            Channel.MEETING,
            direction=Direction.IN,
            outcome=Outcome.CONVERSATION,
            summary="Coffee at their office",
            notes="Budget decided in January.\nAsk about team size.",
            at=_at(24, 16, 0),
        ),
        service.log_touch(pid, Channel.CALL, outcome=Outcome.NO_ANSWER, at=_at(25, 8, 30)),
        service.log_touch(
            pid, Channel.TEXT, outcome=Outcome.REPLIED, summary="Quick hello", at=_at(25, 9, 45)
        ),
    ]
    return pid, [entry.touch for entry in logged]


def _texts(timeline: TouchTimelineWidget) -> list[tuple[str, list[str]]]:
    model = timeline.model
    result = []
    for row in range(model.rowCount()):
        day = model.item(row)
        children = [day.child(r).text() for r in range(day.rowCount())]
        result.append((day.text(), children))
    return result


def _select(timeline: TouchTimelineWidget, touch_id: int) -> None:
    assert timeline.select_touch(touch_id)
    timeline.view.setFocus()


def test_empty_states(
    qtbot: QtBot, timeline: TouchTimelineWidget, service: FollowUpService
) -> None:
    assert timeline.empty_label.isVisible()
    assert timeline.empty_label.text() == NO_PROSPECT
    assert timeline.empty_label.textFormat() == Qt.TextFormat.PlainText
    assert not timeline.log_button.isVisible()
    assert timeline.touch_count() == 0
    pid = service.add_prospect("Bo Lindqvist").id
    timeline.set_prospect(pid)
    assert timeline.prospect_id() == pid
    assert timeline.empty_label.text() == EMPTY_STATE
    assert timeline.log_button.isVisible()
    assert not timeline.view.isVisible()
    with qtbot.wait_signal(timeline.log_touch_requested):
        qtbot.mouseClick(timeline.log_button, Qt.MouseButton.LeftButton)


def test_grouped_by_day_newest_first(
    timeline: TouchTimelineWidget, history: tuple[int, list[Touch]], clock: FixedClock
) -> None:
    pid, _touches = history
    timeline.set_prospect(pid)
    assert timeline.view.isVisible()
    assert timeline.touch_count() == 4
    groups = _texts(timeline)
    headings = [heading for heading, _ in groups]
    assert headings == ["Today", "Yesterday", day_heading(_at(23, 12), clock.now())]
    assert "23" in headings[2]
    assert "Nov" in headings[2]
    today, yesterday, monday = (children for _, children in groups)
    assert [text.splitlines()[0] for text in today] == [
        "09:45  Text · → Outgoing · Replied",
        "08:30  Call · → Outgoing · No answer",
    ]
    assert today[0].splitlines()[1:] == ["Quick hello"]
    assert today[1].splitlines()[1:] == []
    assert yesterday == [
        "16:00  Meeting · ← Incoming · Conversation\nCoffee at their office\n"
        "Budget decided in January.\nAsk about team size."
    ]
    assert monday == ["09:15  E-mail · → Outgoing · Sent\nSent the workshop outline"]


def test_touch_items_carry_id_icon_and_absolute_time(
    timeline: TouchTimelineWidget, history: tuple[int, list[Touch]]
) -> None:
    pid, touches = history
    timeline.set_prospect(pid)
    first = timeline.model.item(0).child(0)
    assert first.data(TOUCH_ID_ROLE) == touches[3].id
    assert not first.icon().isNull()
    assert "2026" in first.toolTip()
    heading = timeline.model.item(0)
    assert not heading.flags() & Qt.ItemFlag.ItemIsSelectable
    assert timeline.view.isExpanded(heading.index())


def test_model_passes_the_model_tester(
    qtmodeltester: object, timeline: TouchTimelineWidget, history: tuple[int, list[Touch]]
) -> None:
    timeline.set_prospect(history[0])
    qtmodeltester.check(timeline.model)  # type: ignore[attr-defined]


def test_html_in_touch_text_shows_literally(
    timeline: TouchTimelineWidget, service: FollowUpService
) -> None:
    pid = service.add_prospect("<b>Bold</b> & <img src=x>").id
    assert pid is not None
    service.log_touch(pid, Channel.NOTE, summary="<b>Thanks</b>", notes="<i>x</i>")
    timeline.set_prospect(pid)
    lines = timeline.model.item(0).child(0).text().splitlines()
    assert lines[1:] == ["<b>Thanks</b>", "<i>x</i>"]
    assert lines[0].endswith("Thank-you note · → Outgoing")


def test_delete_key_requests_deletion(
    qtbot: QtBot, timeline: TouchTimelineWidget, history: tuple[int, list[Touch]]
) -> None:
    pid, touches = history
    timeline.set_prospect(pid)
    _select(timeline, touches[1].id or 0)
    with qtbot.wait_signal(timeline.touch_delete_requested) as blocker:
        qtbot.keyClick(timeline.view, Qt.Key.Key_Delete)
    assert blocker.args == [touches[1].id]


def test_delete_on_a_heading_does_nothing(
    qtbot: QtBot, timeline: TouchTimelineWidget, history: tuple[int, list[Touch]]
) -> None:
    timeline.set_prospect(history[0])
    timeline.view.setCurrentIndex(timeline.model.item(0).index())
    timeline.view.setFocus()
    assert not timeline.delete_action.isEnabled()
    with qtbot.assert_not_emitted(timeline.touch_delete_requested):
        timeline.delete_current()
        qtbot.keyClick(timeline.view, Qt.Key.Key_Delete)


def test_deleted_touch_disappears_and_the_next_is_selected(
    timeline: TouchTimelineWidget, history: tuple[int, list[Touch]], service: FollowUpService
) -> None:
    pid, touches = history
    timeline.set_prospect(pid)
    timeline.touch_delete_requested.connect(service.delete_touch)
    timeline.touch_delete_requested.connect(lambda _id: timeline.reload())
    _select(timeline, touches[2].id or 0)  # today's call, second of the day
    timeline.delete_current()
    assert timeline.touch_count() == 3
    assert _texts(timeline)[0][1][0].startswith("09:45")
    assert timeline.current_touch_id() == touches[1].id


def test_f2_edits_the_touch(
    qtbot: QtBot, timeline: TouchTimelineWidget, history: tuple[int, list[Touch]]
) -> None:
    pid, touches = history
    timeline.set_prospect(pid)
    original = touches[2]
    _select(timeline, original.id or 0)
    qtbot.keyClick(timeline.view, Qt.Key.Key_F2)
    dialog = timeline.edit_dialog
    assert dialog is not None
    qtbot.wait_exposed(dialog)
    assert dialog.channel_combo.currentText() == "Call"
    assert dialog.outcome_combo.currentText() == "No answer"
    assert dialog.when_edit.dateTime().time() == QTime(8, 30)
    dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData(Outcome.LEFT_MESSAGE.value))
    dialog.direction_combo.setCurrentIndex(dialog.direction_combo.findData(Direction.IN.value))
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData(Channel.SOCIAL.value))
    qtbot.keyClicks(dialog.summary_edit, "Voicemail about the outline")
    dialog.notes_edit.setPlainText("Try again Friday.")
    with qtbot.wait_signal(timeline.touch_edit_requested) as blocker:
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert blocker.args == [
        replace(
            original,
            channel=Channel.SOCIAL,
            direction=Direction.IN,
            outcome=Outcome.LEFT_MESSAGE,
            summary="Voicemail about the outline",
            notes="Try again Friday.",
        )
    ]
    assert timeline.edit_dialog is None


def test_edit_changes_the_time_in_the_users_zone(
    qtbot: QtBot, timeline: TouchTimelineWidget, history: tuple[int, list[Touch]]
) -> None:
    pid, touches = history
    timeline.set_prospect(pid)
    original = touches[0]
    _select(timeline, original.id or 0)
    index = timeline.view.currentIndex()
    rect = timeline.view.visualRect(index)
    qtbot.mouseClick(timeline.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(timeline.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = timeline.edit_dialog
    assert dialog is not None
    dialog.when_edit.setDateTime(QDateTime(QDate(2026, 11, 22), QTime(18, 5), QTimeZone.utc()))
    with qtbot.wait_signal(timeline.touch_edit_requested) as blocker:
        dialog.accept()
    edited = blocker.args[0]
    assert edited.at == datetime(2026, 11, 22, 18, 5, tzinfo=BERLIN)
    assert edited.at.utcoffset() == timedelta(hours=1)
    assert replace(edited, at=original.at) == original


def test_edit_without_changes_or_cancelled_emits_nothing(
    qtbot: QtBot, timeline: TouchTimelineWidget, history: tuple[int, list[Touch]]
) -> None:
    pid, touches = history
    timeline.set_prospect(pid)
    _select(timeline, touches[1].id or 0)
    with qtbot.assert_not_emitted(timeline.touch_edit_requested):
        qtbot.keyClick(timeline.view, Qt.Key.Key_Return)
        dialog = timeline.edit_dialog
        assert dialog is not None
        assert dialog.edited_touch() == touches[1]
        dialog.accept()
        timeline.edit_current()
        dialog = timeline.edit_dialog
        assert dialog is not None
        dialog.summary_edit.setText("changed")
        dialog.reject()


def test_applied_edit_shows_after_reload(
    timeline: TouchTimelineWidget, history: tuple[int, list[Touch]], service: FollowUpService
) -> None:
    pid, touches = history
    timeline.set_prospect(pid)
    service.update_touch(replace(touches[0], at=_at(25, 7, 0), summary="Moved to today"))
    _select(timeline, touches[0].id or 0)
    timeline.reload()
    today = _texts(timeline)[0][1]
    assert today[-1] == "07:00  E-mail · → Outgoing · Sent\nMoved to today"
    assert timeline.current_touch_id() == touches[0].id
    assert [heading for heading, _ in _texts(timeline)] == ["Today", "Yesterday"]


def test_context_menu_offers_edit_and_delete(
    qtbot: QtBot, timeline: TouchTimelineWidget, history: tuple[int, list[Touch]]
) -> None:
    pid, touches = history
    timeline.set_prospect(pid)
    index = timeline.model.item(1).child(0).index()
    menu = timeline.context_menu(timeline.view.visualRect(index).center())
    assert menu is not None
    assert [a.text() for a in menu.actions()] == ["&Edit touch…", "&Delete touch"]
    assert [a.shortcut().toString() for a in menu.actions()] == ["F2", "Del"]
    assert timeline.current_touch_id() == touches[1].id
    with qtbot.wait_signal(timeline.touch_delete_requested) as blocker:
        menu.actions()[1].trigger()
    assert blocker.args == [touches[1].id]
    menu.deleteLater()
    heading = timeline.view.visualRect(timeline.model.item(0).index()).center()
    assert timeline.context_menu(heading) is None


def test_long_notes_wrap_and_rows_grow_when_the_view_narrows(
    qtbot: QtBot, timeline: TouchTimelineWidget, service: FollowUpService
) -> None:
    pid = service.add_prospect("Ana Souza").id
    notes = " ".join(["Talked through the budget for the spring workshop."] * 6)
    service.log_touch(pid or 0, Channel.CALL, summary="Long call", notes=notes)
    timeline.set_prospect(pid)
    index = timeline.model.item(0).child(0).index()
    wide = timeline.view.visualRect(index).height()
    timeline.resize(240, 640)
    qtbot.wait_until(lambda: timeline.view.visualRect(index).height() > wide)
    assert timeline.view.visualRect(index).width() <= timeline.view.viewport().width()


def test_a_channel_icon_for_every_channel() -> None:
    for channel in Channel:
        path = channel_icon_path(channel)
        svg = path.read_text(encoding="utf-8")
        assert 'viewBox="0 0 24 24"' in svg
        assert "<text" not in svg
        assert channel_icon(channel).pixmap(24, 24).isNull() is False
        assert channel_icon(channel).cacheKey() == channel_icon(channel).cacheKey()
    assert not app_icon().isNull()
    assert APP_ICON_PATH.is_file()
