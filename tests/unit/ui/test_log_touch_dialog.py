"""The log-touch dialog against a real database, driven from the keyboard."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUpStatus,
    Outcome,
    Source,
    Stage,
)
from followup_desktop.services import FollowUpService, NextStep
from followup_desktop.ui.log_touch_dialog import LogTouchDialog, LogTouchRequest, WallClockEdit

BERLIN = ZoneInfo("Europe/Berlin")
NO_MODIFIER = Qt.KeyboardModifier.NoModifier

OpenDialog = Callable[..., LogTouchDialog]


@pytest.fixture(autouse=True)
def c_locale() -> Iterator[None]:
    """Dates and times as the C locale writes them, whatever the machine's locale."""
    previous = QLocale()
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def open_dialog(qtbot: QtBot, service: FollowUpService) -> OpenDialog:
    """Show the dialog for a prospect, active and with the focus on its first field."""

    def open_(prospect_id: int, follow_up_id: int | None = None) -> LogTouchDialog:
        dialog = LogTouchDialog(service, prospect_id, follow_up_id=follow_up_id)
        qtbot.add_widget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.wait_until(lambda: dialog.channel_combo.hasFocus())
        return dialog

    return open_


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER, times: int = 1
) -> None:
    """Press a key in whatever widget has the focus, as the user would."""
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def new_prospect(
    service: FollowUpService,
    name: str = "Ana Novak",
    *,
    source: Source = Source.OUTBOUND,
    preferred_channel: Channel | None = None,
    schedule_first: bool = True,
) -> int:
    """A prospect at Acme; by default with its cadence's first step planned."""
    prospect = service.add_prospect(
        name,
        company="Acme",
        source=source,
        # Reachable by phone and e-mail: the plan's calls are not advised away.
        emails=("contact@acme.example",),
        phones=("+49 30 1234567",),
        preferred_channel=preferred_channel,
        schedule_first=schedule_first,
    )
    assert prospect.id is not None
    return prospect.id


def test_log_a_touch_entirely_from_the_keyboard(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    assert dialog.windowTitle() == "Log touch — Ana Novak"
    assert dialog.answers_label.text() == (
        "Answers: E-mail planned for today 11:00 — Introduce yourself"
    )

    assert dialog.channel_combo.currentText() == "E-mail"  # the pending follow-up's channel
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.direction_buttons[Direction.OUT]
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.outcome_combo
    press(qtbot, Qt.Key.Key_Down, times=3)
    assert dialog.outcome_combo.currentText() == "Sent"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.note_edit
    type_text(qtbot, "Sent the workshop outline")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.when_edit
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.next_when_edit
    press(qtbot, Qt.Key.Key_Return)

    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted
    proposal = service.propose_next(
        pid, Channel.EMAIL, direction=Direction.OUT, outcome=Outcome.SENT, at=clock.now()
    )
    assert proposal is not None
    # Outbound cadence, second step: a call three days on, moved off the weekend.
    assert proposal.due_at == datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)
    assert proposal.channel is Channel.CALL
    assert dialog.result_request() == LogTouchRequest(
        prospect_id=pid,
        channel=Channel.EMAIL,
        direction=Direction.OUT,
        outcome=Outcome.SENT,
        notes="Sent the workshop outline",
        at=clock.now(),
        next_step=NextStep.on(proposal.due_at, proposal.channel, proposal.purpose),
        close_as=None,
        close_reason="",
    )


def test_incoming_touch_yesterday_from_the_keyboard(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    press(qtbot, Qt.Key.Key_Down)  # channel: E-mail -> Text
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Right)  # Outgoing -> Incoming
    assert dialog.direction_buttons[Direction.IN].isChecked()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.outcome_combo  # one stop for the two radio buttons
    press(qtbot, Qt.Key.Key_Tab, times=2)
    assert focused() is dialog.when_edit
    press(qtbot, Qt.Key.Key_Down)  # the weekday part: one day back
    press(qtbot, Qt.Key.Key_Return)

    request = dialog.result_request()
    yesterday = clock.now() - timedelta(days=1)
    assert (request.channel, request.direction, request.outcome) == (
        Channel.TEXT,
        Direction.IN,
        None,
    )
    assert request.at == yesterday
    assert request.at.tzinfo is service.clock.tz
    proposal = service.propose_next(pid, Channel.TEXT, direction=Direction.IN, at=yesterday)
    assert proposal is not None
    assert proposal.due_at == datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN)
    assert request.next_step == NextStep.on(proposal.due_at, proposal.channel, proposal.purpose)


def test_the_proposal_follows_the_touch_until_the_user_edits_it(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    assert dialog.next_channel_combo.currentText() == "Call"

    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData(Channel.MEETING))
    tomorrow_nine = datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    assert dialog.next_channel_combo.currentText() == "Thank-you note"
    assert dialog.next_when_edit.moment(BERLIN) == tomorrow_nine
    assert dialog.next_purpose_edit.text() == "Send a handwritten thank-you note"

    # A declined meeting starts no after-meeting plan: back to the outbound call.
    dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData(Outcome.DECLINED))
    assert dialog.next_channel_combo.currentText() == "Call"
    dialog.outcome_combo.setCurrentIndex(0)
    assert dialog.next_channel_combo.currentText() == "Thank-you note"
    assert not dialog.next_step_edited

    dialog.next_purpose_edit.setFocus()
    press(qtbot, Qt.Key.Key_End)
    type_text(qtbot, " about the workshop")
    assert dialog.next_step_edited
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData(Channel.CALL))
    dialog.outcome_combo.setCurrentIndex(dialog.outcome_combo.findData(Outcome.NO_ANSWER))
    assert dialog.next_channel_combo.currentText() == "Thank-you note"
    assert dialog.next_when_edit.moment(BERLIN) == tomorrow_nine
    press(qtbot, Qt.Key.Key_Return)

    request = dialog.result_request()
    assert request.channel is Channel.CALL
    assert request.next_step == NextStep.on(
        tomorrow_nine, Channel.NOTE, "Send a handwritten thank-you note about the workshop"
    )


def test_editing_the_next_step_date_keeps_it(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    dialog.when_edit.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.next_when_edit
    press(qtbot, Qt.Key.Key_Up)  # the weekday part: Mon 30 Nov -> Tue 1 Dec
    assert dialog.next_step_edited
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData(Channel.MEETING))
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result_request().next_step == NextStep.on(
        datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN), Channel.CALL, "Follow up on your introduction"
    )


def tick_no_next_step(qtbot: QtBot, dialog: LogTouchDialog, downs: int) -> None:
    """Tick "No next step" and pick the reason (1 Won, 2 Lost, 3 pause) by keyboard."""
    dialog.no_next_step_check.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.no_next_step_check.isChecked()
    assert not dialog.next_when_edit.isEnabled()
    assert not dialog.next_purpose_edit.isEnabled()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.no_next_step_combo
    press(qtbot, Qt.Key.Key_Down, times=downs)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.reason_edit


def test_lost_needs_the_reason_they_gave(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    dialog.note_edit.setFocus()
    type_text(qtbot, "Called back")
    tick_no_next_step(qtbot, dialog, downs=2)
    assert dialog.no_next_step_combo.currentText().startswith("Lost")

    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.isVisible()
    assert "reason" in dialog.error_label.text()
    assert dialog.error_label.textFormat() == Qt.TextFormat.PlainText
    assert focused() is dialog.reason_edit
    assert dialog.note_edit.toPlainText() == "Called back"  # nothing typed is lost
    with pytest.raises(RuntimeError):
        dialog.result_request()

    type_text(qtbot, "Budget went to another team")
    with qtbot.wait_signal(dialog.accepted):
        press(qtbot, Qt.Key.Key_Return)
    request = dialog.result_request()
    assert request.next_step == NextStep.none()
    assert request.close_as is Stage.LOST
    assert request.close_reason == "Budget went to another team"
    assert request.notes == "Called back"


@pytest.mark.parametrize(
    ("downs", "note", "close_as"),
    [(1, "Signed the workshop", Stage.WON), (3, "Back from parental leave in March", None)],
    ids=["won", "deliberate-pause"],
)
def test_won_or_a_pause_clears_the_next_step(
    qtbot: QtBot,
    service: FollowUpService,
    open_dialog: OpenDialog,
    downs: int,
    note: str,
    close_as: Stage | None,
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    tick_no_next_step(qtbot, dialog, downs=downs)
    type_text(qtbot, note)
    press(qtbot, Qt.Key.Key_Return)
    request = dialog.result_request()
    assert request.next_step == NextStep.none()
    assert request.close_as is close_as
    assert request.close_reason == note


def test_won_and_pause_need_no_note(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    tick_no_next_step(qtbot, dialog, downs=3)
    press(qtbot, Qt.Key.Key_Return)
    request = dialog.result_request()
    assert (request.next_step, request.close_as, request.close_reason) == (
        NextStep.none(),
        None,
        "",
    )


def test_no_next_step_without_saying_why_is_refused(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    dialog.no_next_step_check.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "Say why" in dialog.error_label.text()
    assert focused() is dialog.no_next_step_combo

    # Unticking brings back the proposal, untouched.
    dialog.no_next_step_check.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.next_when_edit.isEnabled()
    assert not dialog.reason_edit.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result_request().next_step.mode == "at"


def test_ctrl_enter_in_the_note_saves_and_enter_starts_a_new_line(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    assert "Ctrl+Enter saves" in dialog.note_edit.placeholderText()
    dialog.note_edit.setFocus()
    type_text(qtbot, "First line")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "second line")
    assert dialog.isVisible()
    with qtbot.wait_signal(dialog.accepted):
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result_request().notes == "First line\nsecond line"


def test_ctrl_enter_saves_from_a_combo_too(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog
) -> None:
    dialog = open_dialog(new_prospect(service))
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_escape_cancels_without_a_request(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    dialog.note_edit.setFocus()
    type_text(qtbot, "Never mind")
    with qtbot.wait_signal(dialog.rejected):
        press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    with pytest.raises(RuntimeError):
        dialog.result_request()


def test_html_like_name_shows_literally(service: FollowUpService, open_dialog: OpenDialog) -> None:
    name = "<b>Bold</b> & <img src=x>"
    pid = new_prospect(service, name)
    dialog = open_dialog(pid)
    assert dialog.header_label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.header_label.text() == f"{name} — Acme"
    assert dialog.windowTitle() == f"Log touch — {name}"
    assert dialog.answers_label.textFormat() == Qt.TextFormat.PlainText


def test_a_next_step_in_the_past_is_refused(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    dialog.note_edit.setFocus()
    type_text(qtbot, "Left a voicemail")
    dialog.next_when_edit.set_moment(clock.now() - timedelta(hours=1))
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "past" in dialog.error_label.text()
    assert focused() is dialog.next_when_edit
    assert dialog.note_edit.toPlainText() == "Left a voicemail"

    later = clock.now() + timedelta(hours=2)
    dialog.next_when_edit.set_moment(later)
    press(qtbot, Qt.Key.Key_Return)
    request = dialog.result_request()
    assert request.next_step.at == later
    assert request.notes == "Left a voicemail"


def test_default_channel_comes_from_the_follow_up_then_the_preference(
    service: FollowUpService, clock: FixedClock, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service, source=Source.INBOUND)
    call = service.schedule(pid, clock.now() + timedelta(days=2), Channel.CALL, "Book a slot")
    dialog = open_dialog(pid, follow_up_id=call.id)
    assert dialog.channel_combo.currentData() == Channel.CALL
    assert dialog.answers_label.text() == "Answers: Call planned for Fri 27 Nov 10:00 — Book a slot"

    # Without the agenda entry: the follow-up due first.
    assert open_dialog(pid).channel_combo.currentData() == Channel.EMAIL
    late = service.schedule(pid, clock.now() - timedelta(hours=25), Channel.SOCIAL, "Comment")
    dialog = open_dialog(pid)
    assert dialog.channel_combo.currentData() == Channel.SOCIAL
    assert dialog.answers_label.text() == (
        "Answers: Social media planned for yesterday 09:00 (overdue) — Comment"
    )
    assert late.id is not None

    quiet = new_prospect(service, "Bo", preferred_channel=Channel.TEXT, schedule_first=False)
    dialog = open_dialog(quiet)
    assert dialog.channel_combo.currentData() == Channel.TEXT
    assert not dialog.answers_label.isVisible()

    plain = new_prospect(service, "Cy", schedule_first=False)
    assert open_dialog(plain).channel_combo.currentData() == Channel.EMAIL


def test_a_closed_prospect_has_no_next_step_to_plan(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    service.change_stage(pid, Stage.WON)
    dialog = open_dialog(pid)
    assert dialog.proposal is None
    assert not dialog.next_step_box.isEnabled()
    assert dialog.closed_label.isVisible()
    assert dialog.closed_label.text() == "No next step: the prospect is won."
    assert not dialog.next_when_edit.isVisible()
    assert not dialog.no_next_step_check.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    request = dialog.result_request()
    assert request.next_step == NextStep.none()
    assert request.close_as is None


def test_the_request_logs_the_next_step_it_shows(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog
) -> None:
    pid = new_prospect(service)
    dialog = open_dialog(pid)
    press(qtbot, Qt.Key.Key_Return)
    request = dialog.result_request()
    logged = service.log_touch(
        pid,
        request.channel,
        direction=request.direction,
        outcome=request.outcome,
        notes=request.notes,
        at=request.at,
        next_step=request.next_step,
    )
    assert logged.completed is not None
    assert logged.completed.status is FollowUpStatus.DONE
    assert logged.next_follow_up is not None
    assert request.next_step.at == logged.next_follow_up.due_at
    assert (logged.next_follow_up.channel, logged.next_follow_up.purpose) == (
        request.next_step.channel,
        request.next_step.purpose,
    )
    assert [f.due_at for f in service.pending(pid)] == [request.next_step.at]


def test_up_and_down_step_the_whole_date_and_time(qtbot: QtBot) -> None:
    edit = WallClockEdit()
    qtbot.add_widget(edit)
    edit.set_moment(datetime(2026, 11, 30, 23, 30, tzinfo=BERLIN))
    edit.setCurrentSectionIndex(0)  # the weekday: Qt alone would go to Tue 24 Nov
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.moment(BERLIN) == datetime(2026, 12, 1, 23, 30, tzinfo=BERLIN)
    assert edit.lineEdit().selectedText() == edit.sectionText(edit.currentSection())
    edit.setCurrentSectionIndex(4)  # the hour
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.moment(BERLIN) == datetime(2026, 12, 2, 0, 30, tzinfo=BERLIN)
    edit.setCurrentSectionIndex(1)  # the day of the month
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert edit.moment(BERLIN) == datetime(2026, 11, 30, 0, 30, tzinfo=BERLIN)


def test_the_wall_clock_survives_a_daylight_saving_change(qtbot: QtBot) -> None:
    edit = WallClockEdit()
    qtbot.add_widget(edit)
    edit.set_moment(datetime(2026, 3, 28, 9, 0, tzinfo=BERLIN))
    edit.setCurrentSectionIndex(0)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.moment(BERLIN) == datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN)
    assert edit.moment(BERLIN).utcoffset() == timedelta(hours=2)
