"""The draft composer against the real widgets, a real database and a fixed clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from followup_desktop.domain.drafts import DEFAULT_NEXT_STEP, DEFAULT_TEMPLATES, Reason
from followup_desktop.domain.model import Channel, Direction, FollowUpStatus, Outcome
from followup_desktop.services import FollowUpService
from followup_desktop.services.drafts import DraftService
from followup_desktop.ui.agenda import AgendaWidget
from followup_desktop.ui.draft_dialog import (
    NO_NAME_HINT,
    DraftDialog,
    DraftTemplatesDialog,
)
from followup_desktop.ui.mainwindow import MainWindow
from tests.helpers.factories import add_met_prospect
from tests.helpers.qt import when_modal

OpenDialog = Callable[..., DraftDialog]
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def drafts(service: FollowUpService) -> DraftService:
    return DraftService(service)


@pytest.fixture
def ana(service: FollowUpService) -> int:
    """Met on 12 November about the leadership workshop; a proposal sent on the 18th."""
    return add_met_prospect(service)


@pytest.fixture
def open_dialog(qtbot: QtBot, drafts: DraftService) -> OpenDialog:
    def open_(prospect_id: int, **kwargs: object) -> DraftDialog:
        dialog = DraftDialog(drafts, prospect_id, my_name="Sam Seller", **kwargs)  # type: ignore[arg-type]
        qtbot.add_widget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.wait_until(lambda: dialog.own_line_edit.hasFocus())
        return dialog

    return open_


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def answer(button: QMessageBox.StandardButton) -> list[QMessageBox]:
    return when_modal(QMessageBox, lambda box: box.button(button).click())


def test_the_composer_opens_on_a_check_in_drawn_from_the_timeline(
    open_dialog: OpenDialog, ana: int
) -> None:
    dialog = open_dialog(ana)
    assert dialog.reason() is Reason.CHECK_IN
    assert dialog.to_label.text() == "To: Ana García <ana@acme.example>"
    assert dialog.next_step_edit.text() == DEFAULT_NEXT_STEP
    assert dialog.subject_edit.text() == "Checking in on the leadership workshop"
    assert dialog.body_edit.toPlainText() == (
        "Hi Ana,\n\n"
        "It was good to see you on 12 November. I sent you my proposal on 18 November.\n\n"
        "I wanted to check in on the leadership workshop and see where things stand.\n\n"
        f"{DEFAULT_NEXT_STEP}\n\n"
        "Best regards,\nSam Seller"
    )
    assert dialog.word_count_label.text() == "47 words"
    assert dialog.hint_label.isHidden()
    assert dialog.open_button.isEnabled()


def test_choosing_a_reason_and_typing_a_line_change_the_draft(
    qtbot: QtBot, open_dialog: OpenDialog, ana: int
) -> None:
    dialog = open_dialog(ana)
    qtbot.keyClicks(dialog.own_line_edit, "We now run it in Berlin")
    assert "stand. We now run it in Berlin.\n" in dialog.body_edit.toPlainText()
    dialog.reason_buttons[Reason.NEWS].click()
    assert dialog.subject_edit.text() == "Some news about the leadership workshop"
    assert (
        "I'm writing with some news about the leadership workshop. We now run it in Berlin.\n"
        in dialog.body_edit.toPlainText()
    )
    dialog.next_step_edit.setText("Shall I hold a date for you")
    assert "\n\nShall I hold a date for you?" not in dialog.body_edit.toPlainText()
    assert "\n\nShall I hold a date for you.\n" in dialog.body_edit.toPlainText()
    assert not dialog.is_hand_edited()


def test_hand_edits_are_not_overwritten_without_asking(
    qtbot: QtBot, open_dialog: OpenDialog, ana: int
) -> None:
    dialog = open_dialog(ana)
    dialog.body_edit.setPlainText("Hi Ana, my own words.")
    assert dialog.is_hand_edited()
    # Typing in a field does not replace the edited message, nor ask on every key.
    qtbot.keyClicks(dialog.own_line_edit, "News")
    assert dialog.body_edit.toPlainText() == "Hi Ana, my own words."
    # At the end of the edit the user is asked once; No keeps their words.
    asked = answer(QMessageBox.StandardButton.No)
    qtbot.keyClick(dialog.own_line_edit, Qt.Key.Key_Return)
    assert asked
    assert dialog.body_edit.toPlainText() == "Hi Ana, my own words."
    assert dialog.isVisible()  # Return in a field neither sends nor closes
    # A new reason asks again; Yes replaces the message.
    asked = answer(QMessageBox.StandardButton.Yes)
    dialog.reason_buttons[Reason.ARTICLE].click()
    assert asked
    assert dialog.subject_edit.text() == "An article you may find useful"
    assert "I came across an article" in dialog.body_edit.toPlainText()
    assert not dialog.is_hand_edited()


def test_a_hand_edited_subject_counts_as_an_edit(
    qtbot: QtBot, open_dialog: OpenDialog, ana: int
) -> None:
    dialog = open_dialog(ana)
    dialog.subject_edit.setText("Quick question")
    asked = answer(QMessageBox.StandardButton.No)
    dialog.regenerate_button.click()
    assert asked
    assert dialog.subject_edit.text() == "Quick question"
    assert dialog.draft().subject == "Quick question"


def test_the_word_count_warns_when_the_message_is_long(open_dialog: OpenDialog, ana: int) -> None:
    dialog = open_dialog(ana)
    dialog.own_line_edit.setText(" ".join(["word"] * 80))
    assert dialog.word_count_label.text().startswith("127 words — long")
    dialog.own_line_edit.clear()
    assert dialog.word_count_label.text() == "47 words"


def test_copy_puts_subject_and_body_on_the_clipboard(
    qtbot: QtBot, open_dialog: OpenDialog, ana: int
) -> None:
    dialog = open_dialog(ana)
    QApplication.clipboard().clear()
    dialog.copy_button.click()
    draft = dialog.draft()
    assert QApplication.clipboard().text() == f"{draft.subject}\n\n{draft.body}"
    assert dialog.status_label.text() == "Copied the subject and the message."
    QApplication.clipboard().clear()
    qtbot.keyClick(focused(), Qt.Key.Key_C, CTRL_SHIFT)
    assert QApplication.clipboard().text().startswith("Checking in on the leadership workshop\n\n")


def test_open_in_mail_client_hands_over_the_mailto_url(
    qtbot: QtBot, open_dialog: OpenDialog, ana: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = open_dialog(ana)
    dialog.subject_edit.setText("Q&A? Grüße")
    dialog.body_edit.setPlainText("Hi Ana,\nsee you")
    dialog.open_button.click()
    (url,) = opened
    assert url.scheme() == "mailto"
    assert bytes(url.toEncoded().data()).decode() == (
        "mailto:ana@acme.example?subject=Q%26A%3F%20Gr%C3%BC%C3%9Fe&body=Hi%20Ana%2C%0D%0Asee%20you"
    )
    assert "log it as sent" in dialog.status_label.text()
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert len(opened) == 2


def test_when_no_mail_client_opens_the_user_is_told(
    open_dialog: OpenDialog, ana: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    dialog = open_dialog(ana)
    assert dialog.open_in_mail_client() is False
    assert dialog.status_label.text().startswith("No mail client opened")


def test_without_an_email_address_open_is_disabled_and_says_why(
    qtbot: QtBot, service: FollowUpService, drafts: DraftService, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    pid = service.add_prospect("Tom Becker").id
    assert pid is not None
    dialog = DraftDialog(drafts, pid)
    qtbot.add_widget(dialog)
    assert dialog.to_label.text() == "To: Tom Becker"
    assert not dialog.open_button.isEnabled()
    assert "Tom Becker has no e-mail address" in dialog.open_button.toolTip()
    assert dialog.open_in_mail_client() is False
    assert opened == []
    # Without the user's name the draft is not signed, and the dialog says where to set it.
    assert dialog.hint_label.text() == NO_NAME_HINT
    assert not dialog.hint_label.isHidden()
    assert dialog.body_edit.toPlainText().endswith("Best regards,")


def test_log_as_sent_logs_an_email_touch_and_plans_the_next_step(
    qtbot: QtBot, service: FollowUpService, open_dialog: OpenDialog, ana: int
) -> None:
    dialog = open_dialog(ana)
    assert service.pending(ana) == []
    subject = dialog.subject_edit.text()
    with qtbot.wait_signal(dialog.accepted):
        dialog.log_button.click()
    touch = max(service.touches(ana), key=lambda t: t.id or 0)
    assert (touch.channel, touch.direction, touch.outcome) == (
        Channel.EMAIL,
        Direction.OUT,
        Outcome.SENT,
    )
    assert touch.summary == subject
    assert touch.notes == dialog.body_edit.toPlainText()
    assert len(service.pending(ana)) == 1
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_refused_log_keeps_the_dialog_open(open_dialog: OpenDialog, ana: int) -> None:
    dialog = open_dialog(ana, log_sent=lambda draft: False)
    dialog.log_button.click()
    assert dialog.isVisible()


def test_templates_are_edited_used_and_reset(
    qtbot: QtBot, open_dialog: OpenDialog, drafts: DraftService, ana: int
) -> None:
    dialog = open_dialog(ana)

    def edit(editor: DraftTemplatesDialog) -> None:
        assert editor.template_combo.currentText() == "A check-in"
        editor.subject_edit.setText("Hello {first_name}")
        editor.body_edit.setPlainText("Hej {first_name}! {nxt}\n{next_step}")
        assert "{nxt}" in editor.problem_label.text()
        editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    seen = when_modal(DraftTemplatesDialog, edit)
    dialog.templates_button.click()
    assert seen
    assert drafts.template(Reason.CHECK_IN).subject == "Hello {first_name}"
    assert dialog.subject_edit.text() == "Hello Ana"
    assert dialog.body_edit.toPlainText() == f"Hej Ana! {{nxt}}\n{DEFAULT_NEXT_STEP}"

    def reset(editor: DraftTemplatesDialog) -> None:
        editor.template_combo.setCurrentIndex(list(Reason).index(Reason.NEWS))
        editor.body_edit.setPlainText("")
        save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert not save.isEnabled()
        assert editor.problem_label.text() == "A template needs a body."
        editor.template_combo.setCurrentIndex(list(Reason).index(Reason.CHECK_IN))
        editor.reset_button.click()
        # The emptied News template sends the user back to it instead of saving.
        editor.accept()
        assert editor.template_combo.currentText() == "News"
        editor.reset_button.click()
        save.click()

    seen = when_modal(DraftTemplatesDialog, reset)
    dialog.templates_button.click()
    assert seen
    assert drafts.templates() == DEFAULT_TEMPLATES
    assert dialog.subject_edit.text() == "Checking in on the leadership workshop"


def test_cancelling_the_template_editor_changes_nothing(
    open_dialog: OpenDialog, drafts: DraftService, ana: int
) -> None:
    dialog = open_dialog(ana)

    def cancel(editor: DraftTemplatesDialog) -> None:
        editor.body_edit.setPlainText("Changed")
        editor.reject()

    when_modal(DraftTemplatesDialog, cancel)
    assert dialog.edit_templates() is False
    assert drafts.templates() == DEFAULT_TEMPLATES


def test_tab_order_runs_from_the_reasons_through_the_fields_to_the_buttons(
    qtbot: QtBot, open_dialog: OpenDialog, ana: int
) -> None:
    dialog = open_dialog(ana)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.next_step_edit
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.subject_edit
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.body_edit
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.regenerate_button


def test_stored_text_is_shown_as_plain_text(
    qtbot: QtBot, service: FollowUpService, drafts: DraftService
) -> None:
    pid = service.add_prospect("<b>Bold</b> & Co", emails=("b@x.example",)).id
    assert pid is not None
    dialog = DraftDialog(drafts, pid)
    qtbot.add_widget(dialog)
    assert dialog.to_label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.body_edit.toPlainText().startswith("Hi <b>Bold</b>,")


# -- from the main window ------------------------------------------------------------
def test_the_main_window_drafts_for_the_current_prospect_and_logs_undoably(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, ana: int
) -> None:
    window.refresh()
    assert not window.actions_.draft_follow_up.isEnabled()
    window.open_prospect(ana)
    action = window.actions_.draft_follow_up
    assert action.isEnabled()
    assert action.shortcut().toString() == "Ctrl+Shift+M"
    touches = len(service.touches(ana))

    def log(dialog: DraftDialog) -> None:
        dialog.log_button.click()

    seen = when_modal(DraftDialog, log)
    window.activateWindow()
    qtbot.wait_until(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_M, CTRL_SHIFT)
    assert seen
    assert len(service.touches(ana)) == touches + 1
    assert len(service.pending(ana)) == 1
    qtbot.wait_until(lambda: window.timeline.touch_count() == touches + 1)
    assert window.undo_stack.undoText() == "Log follow-up sent: Ana García"
    window.undo_stack.undo()
    assert len(service.touches(ana)) == touches
    assert service.pending(ana) == []


def test_an_email_follow_up_in_the_agenda_can_be_drafted(
    qtbot: QtBot, service: FollowUpService, drafts: DraftService
) -> None:
    pid = service.add_prospect("Tom Becker", emails=("tom@x.example",)).id
    assert pid is not None
    (first,) = service.pending(pid)  # the outbound plan starts with an e-mail
    assert first.channel is Channel.EMAIL
    assert first.id is not None
    agenda = AgendaWidget(service)
    qtbot.add_widget(agenda)
    assert agenda.select_follow_up(first.id)
    with qtbot.wait_signal(agenda.draft_requested) as blocker:
        agenda.draft_action.trigger()
    assert blocker.args == [pid, first.id]
    # Logged from the composer, the draft carries out that follow-up.
    dialog = DraftDialog(drafts, pid, follow_up_id=first.id)
    qtbot.add_widget(dialog)
    dialog.log_button.click()
    assert service.store.get_follow_up(first.id).status is FollowUpStatus.DONE  # type: ignore[union-attr]
