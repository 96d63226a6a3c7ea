"""The prospect card against a real database: fields, edits, stage changes, contact links."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel, PostalAddress, Prospect, Source, Stage
from followup_desktop.services import FollowUpService
from followup_desktop.ui import prospect_card
from followup_desktop.ui.format import CHANNEL_LABELS, relative_when
from followup_desktop.ui.palette import warning_amber as warning_color
from followup_desktop.ui.prospect_card import (
    DEAL_VALUE_INVALID,
    DEAL_VALUE_NEGATIVE,
    EMPTY_STATE,
    NAME_REQUIRED,
    NO_NEXT_STEP,
    LostReasonDialog,
    ProspectCardWidget,
    parse_deal_value,
)

HTML_NAME = "<b>Bold</b> & <img src=x>"


@pytest.fixture
def card(qtbot: QtBot, service: FollowUpService) -> ProspectCardWidget:
    widget = ProspectCardWidget(service)
    qtbot.add_widget(widget)
    widget.resize(520, 820)
    widget.show()
    qtbot.wait_exposed(widget)
    return widget


@pytest.fixture
def ana(service: FollowUpService) -> Prospect:
    return service.add_prospect(
        "Ana Souza",
        company="Acme Coaching",
        title="Head of People",
        emails=("ana@acme.example", "ana.souza@home.example"),
        phones=("+49 30 1234-56",),
        address=PostalAddress(
            street="Hauptstraße 5\nHinterhaus, 2. OG",
            city="Berlin",
            region="Berlin",
            postal_code="10115",
            country="DE",
        ),
        source=Source.REFERRAL,
        deal_value=Decimal("6000.50"),
        preferred_channel=Channel.MEETING,
        tags=("workshop", "referral"),
        notes="Met at the trade fair.\nWants a proposal in spring.",
    )


def _append(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Type at the end of a line edit, as after clicking behind its text."""
    qtbot.keyClick(edit, Qt.Key.Key_End)
    qtbot.keyClicks(edit, text)


def _show(card: ProspectCardWidget, prospect: Prospect) -> Prospect:
    assert prospect.id is not None
    card.set_prospect(prospect.id)
    loaded = card.prospect()
    assert loaded is not None
    return loaded


def test_empty_state_without_a_prospect(card: ProspectCardWidget) -> None:
    assert card.prospect_id() is None
    assert card.empty_label.isVisible()
    assert card.empty_label.text() == EMPTY_STATE
    assert not card.name_edit.isVisible()


def test_card_shows_every_field(
    card: ProspectCardWidget, ana: Prospect, service: FollowUpService
) -> None:
    _show(card, ana)
    assert card.prospect_id() == ana.id
    assert not card.empty_label.isVisible()
    assert card.name_label.text() == "Ana Souza"
    assert card.subtitle_label.text() == "Head of People · Acme Coaching"
    assert card.name_edit.text() == "Ana Souza"
    assert card.company_edit.text() == "Acme Coaching"
    assert card.title_edit.text() == "Head of People"
    assert card.emails_edit.text() == "ana@acme.example, ana.souza@home.example"
    assert card.emails_edit.cursorPosition() == 0  # long entries show their start
    assert card.phones_edit.text() == "+49 30 1234-56"
    assert card.street_edit.toPlainText() == "Hauptstraße 5\nHinterhaus, 2. OG"
    assert card.postal_code_edit.text() == "10115"
    assert card.city_edit.text() == "Berlin"
    assert card.region_edit.text() == "Berlin"
    assert card.country_edit.text() == "DE"
    assert card.source_combo.currentData() == Source.REFERRAL.value
    assert card.source_combo.currentText() == "Referral"
    assert card.deal_value_edit.text() == "6000.50"  # stored as 6000.5
    assert card.preferred_channel_combo.currentText() == "Meeting"
    assert card.tags_edit.text() == "referral, workshop"  # the store sorts tags
    assert card.notes_edit.toPlainText() == "Met at the trade fair.\nWants a proposal in spring."
    assert card.stage_combo.currentText() == "New"
    # The plan and where the prospect stands on it.
    assert card.cadence_label.text() == (
        f"{service.cadence_name(ana.cadence)} · touch 1 of a 7-touch plan"
    )
    assert not card.save_button.isEnabled()
    assert not card.revert_button.isEnabled()


def test_no_preference_when_no_preferred_channel(
    card: ProspectCardWidget, service: FollowUpService
) -> None:
    _show(card, service.add_prospect("Bo Lindqvist"))
    assert card.preferred_channel_combo.currentText() == "No preference"
    assert card.deal_value_edit.text() == ""


def test_save_emits_the_edited_prospect_and_nothing_else_changed(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect
) -> None:
    loaded = _show(card, ana)
    _append(qtbot, card.company_edit, " GmbH")
    card.tags_edit.clear()
    qtbot.keyClicks(card.tags_edit, "workshop, , vip,workshop")
    card.deal_value_edit.clear()
    qtbot.keyClicks(card.deal_value_edit, "1.500,25")
    card.preferred_channel_combo.setCurrentIndex(0)
    card.notes_edit.appendPlainText("Call after Easter.")
    assert card.save_button.isEnabled()
    assert card.has_unsaved_changes()
    with qtbot.wait_signal(card.edit_requested) as blocker:
        qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [
        replace(
            loaded,
            company="Acme Coaching GmbH",
            tags=("workshop", "vip"),
            deal_value=Decimal("1500.25"),
            preferred_channel=None,
            notes="Met at the trade fair.\nWants a proposal in spring.\nCall after Easter.",
        ),
        loaded,
    ]


def test_saving_an_unchanged_card_emits_nothing(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect
) -> None:
    _show(card, ana)
    with qtbot.assert_not_emitted(card.edit_requested):
        assert card.save()
    assert card.edited_prospect() == card.prospect()


def test_every_field_round_trips_through_an_edit(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect
) -> None:
    loaded = _show(card, ana)
    card.name_edit.setText("Ana Souza-Lima")
    card.title_edit.setText("COO")
    card.emails_edit.setText("ana@acme.example; new@acme.example")
    card.phones_edit.setText("+49 30 1234-56, 0171 555 0101")
    card.street_edit.setPlainText("Neue Straße 1")
    card.postal_code_edit.setText("20095")
    card.city_edit.setText("Hamburg")
    card.region_edit.setText("")
    card.country_edit.setText("Germany")
    card.source_combo.setCurrentIndex(card.source_combo.findData(Source.INBOUND.value))
    card.preferred_channel_combo.setCurrentIndex(
        card.preferred_channel_combo.findData(Channel.CALL.value)
    )
    with qtbot.wait_signal(card.edit_requested) as blocker:
        card.save()
    assert blocker.args == [
        replace(
            loaded,
            name="Ana Souza-Lima",
            title="COO",
            emails=("ana@acme.example", "new@acme.example"),
            phones=("+49 30 1234-56", "0171 555 0101"),
            address=PostalAddress("Neue Straße 1", "Hamburg", "", "20095", "Germany"),
            source=Source.INBOUND,
            preferred_channel=Channel.CALL,
        ),
        loaded,
    ]
    edited = blocker.args[0]
    assert (edited.stage, edited.lost_reason, edited.id) == (loaded.stage, "", loaded.id)


def test_ctrl_s_and_enter_save(qtbot: QtBot, card: ProspectCardWidget, ana: Prospect) -> None:
    _show(card, ana)
    card.activateWindow()
    card.notes_edit.setFocus()
    qtbot.keyClicks(card.notes_edit, "More. ")
    with qtbot.wait_signal(card.edit_requested) as blocker:
        qtbot.keyClick(card.notes_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].notes.startswith("More. ")
    card.city_edit.setFocus()
    _append(qtbot, card.city_edit, "-Mitte")
    with qtbot.wait_signal(card.edit_requested) as blocker:
        qtbot.keyClick(card.city_edit, Qt.Key.Key_Return)
    assert blocker.args[0].address.city == "Berlin-Mitte"


def test_service_accepts_the_edit_and_reload_shows_it_clean(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect, service: FollowUpService
) -> None:
    _show(card, ana)
    card.edit_requested.connect(lambda p, base: service.update_prospect(p, base=base))
    card.edit_requested.connect(lambda _p, _base: card.reload())
    _append(qtbot, card.company_edit, " AG")
    with qtbot.wait_signal(card.edit_requested):
        card.save()
    assert service.get_prospect(ana.id or 0).company == "Acme Coaching AG"
    assert card.company_edit.text() == "Acme Coaching AG"
    assert card.subtitle_label.text() == "Head of People · Acme Coaching AG"
    assert not card.has_unsaved_changes()
    assert not card.save_button.isEnabled()


def test_reload_keeps_unsaved_typing(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect, service: FollowUpService
) -> None:
    _show(card, ana)
    _append(qtbot, card.title_edit, " (interim)")
    service.log_touch(ana.id or 0, Channel.CALL)
    card.reload()
    assert card.title_edit.text() == "Head of People (interim)"
    assert card.has_unsaved_changes()
    assert card.stage_combo.currentText() == "Contacted"


def test_empty_name_is_refused_and_nothing_is_lost(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect
) -> None:
    _show(card, ana)
    card.name_edit.clear()
    qtbot.keyClicks(card.name_edit, "   ")
    _append(qtbot, card.company_edit, " Ltd")
    with qtbot.assert_not_emitted(card.edit_requested):
        assert not card.save()
    assert card.error_label.isVisible()
    assert card.error_label.text() == NAME_REQUIRED
    assert card.name_edit.text() == "   "
    assert card.company_edit.text() == "Acme Coaching Ltd"
    assert card.has_unsaved_changes()
    qtbot.keyClicks(card.name_edit, "Ana")
    with qtbot.wait_signal(card.edit_requested) as blocker:
        card.save()
    assert blocker.args[0].name == "Ana"
    assert not card.error_label.isVisible()


@pytest.mark.parametrize(
    ("typed", "message"), [("lots", DEAL_VALUE_INVALID), ("-5", DEAL_VALUE_NEGATIVE)]
)
def test_deal_value_that_is_not_a_number_is_refused(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect, typed: str, message: str
) -> None:
    _show(card, ana)
    card.deal_value_edit.clear()
    qtbot.keyClicks(card.deal_value_edit, typed)
    with qtbot.assert_not_emitted(card.edit_requested):
        qtbot.keyClick(card.deal_value_edit, Qt.Key.Key_Return)
    assert card.error_label.isVisible()
    assert card.error_label.text() == message
    assert card.deal_value_edit.text() == typed
    assert card.deal_value_edit.hasFocus()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("", None),
        ("  ", None),
        ("1500", Decimal("1500")),
        ("1500.50", Decimal("1500.50")),
        ("1500,50", Decimal("1500.50")),
        ("1,500", Decimal("1500")),
        ("1.500", Decimal("1500")),
        ("1,500.75", Decimal("1500.75")),
        ("1.500,75", Decimal("1500.75")),
        ("12 000", Decimal("12000")),
        ("€ 800", Decimal("800")),
        ("0", Decimal("0")),
    ],
)
def test_parse_deal_value(text: str, value: Decimal | None) -> None:
    assert parse_deal_value(text) == value


@pytest.mark.parametrize("text", ["abc", "12abc", "NaN", "Infinity", "1.2.3,4,5", "--1"])
def test_parse_deal_value_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match="number"):
        parse_deal_value(text)


def test_revert_discards_edits(qtbot: QtBot, card: ProspectCardWidget, ana: Prospect) -> None:
    _show(card, ana)
    card.name_edit.clear()
    qtbot.keyClicks(card.name_edit, "Somebody else")
    card.notes_edit.setPlainText("")
    assert card.has_unsaved_changes()
    qtbot.mouseClick(card.revert_button, Qt.MouseButton.LeftButton)
    assert card.name_edit.text() == "Ana Souza"
    assert card.notes_edit.toPlainText().startswith("Met at the trade fair.")
    assert not card.has_unsaved_changes()


def test_won_emits_stage_change(qtbot: QtBot, card: ProspectCardWidget, ana: Prospect) -> None:
    _show(card, ana)
    with qtbot.wait_signal(card.stage_change_requested) as blocker:
        qtbot.mouseClick(card.won_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [Stage.WON, ""]
    assert blocker.args[0] is Stage.WON


def test_stage_combo_emits_open_stage(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect
) -> None:
    _show(card, ana)
    index = card.stage_combo.findData(Stage.ENGAGED.value)
    with qtbot.wait_signal(card.stage_change_requested) as blocker:
        card.stage_combo.activated.emit(index)
    assert blocker.args == [Stage.ENGAGED, ""]
    # Until the main window applies it, the combo shows the stored stage.
    assert card.stage_combo.currentText() == "New"
    assert [card.stage_combo.itemText(i) for i in range(card.stage_combo.count())] == [
        "New",
        "Contacted",
        "Engaged",
        "Proposal",
        "Dormant",
    ]


def test_lost_asks_for_the_reason(qtbot: QtBot, card: ProspectCardWidget, ana: Prospect) -> None:
    _show(card, ana)
    qtbot.mouseClick(card.lost_button, Qt.MouseButton.LeftButton)
    dialog = card.lost_dialog
    assert dialog is not None
    qtbot.wait_exposed(dialog)
    assert dialog.isVisible()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.clear()
    qtbot.keyClicks(dialog.reason_edit, " No budget this year ")
    assert dialog.ok_button.isEnabled()
    with qtbot.wait_signal(card.stage_change_requested) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [Stage.LOST, "No budget this year"]
    assert card.lost_dialog is None


def test_lost_with_an_empty_reason_emits_nothing(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect
) -> None:
    _show(card, ana)
    with qtbot.assert_not_emitted(card.stage_change_requested):
        qtbot.mouseClick(card.lost_button, Qt.MouseButton.LeftButton)
        dialog = card.lost_dialog
        assert dialog is not None
        qtbot.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # Enter with no reason
        assert dialog.isVisible()
        dialog.accept()  # even a forced accept is refused
        assert dialog.isVisible()
        dialog.reject()
    assert card.lost_dialog is None


def test_lost_emits_nothing_when_the_reason_dialog_returns_empty(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reason dialog that was accepted but holds only blanks still emits nothing.
    monkeypatch.setattr(LostReasonDialog, "reason", lambda _self: "")
    _show(card, ana)
    with qtbot.assert_not_emitted(card.stage_change_requested):
        qtbot.mouseClick(card.lost_button, Qt.MouseButton.LeftButton)
        dialog = card.lost_dialog
        assert dialog is not None
        dialog.done(1)


def test_closed_prospect(card: ProspectCardWidget, ana: Prospect, service: FollowUpService) -> None:
    service.change_stage(ana.id or 0, Stage.LOST, "Chose a cheaper trainer")
    _show(card, ana)
    assert card.closed_label.isVisible()
    assert card.closed_label.text() == "Lost: Chose a cheaper trainer"
    assert not card.lost_button.isEnabled()
    assert card.won_button.isEnabled()
    assert card.stage_combo.currentIndex() == -1
    assert card.next_label.text() == "None: the prospect is closed"


def test_reopening_from_the_combo(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect, service: FollowUpService
) -> None:
    service.change_stage(ana.id or 0, Stage.WON)
    _show(card, ana)
    assert not card.won_button.isEnabled()
    assert card.closed_label.text() == "Won: they said Yes."
    with qtbot.wait_signal(card.stage_change_requested) as blocker:
        card.stage_combo.activated.emit(card.stage_combo.findData(Stage.ENGAGED.value))
    assert blocker.args == [Stage.ENGAGED, ""]


def test_mailto_and_tel_urls_are_opened(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def fake_open(url: QUrl) -> bool:
        opened.append(url.toString())
        return True

    monkeypatch.setattr(prospect_card, "open_url", fake_open)
    _show(card, ana)
    qtbot.mouseClick(card.email_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card.phone_button, Qt.MouseButton.LeftButton)
    assert opened == ["mailto:ana@acme.example", "tel:+4930123456"]
    menu = card.email_button.menu()
    assert menu is not None
    assert [a.text() for a in menu.actions()] == ["ana@acme.example", "ana.souza@home.example"]
    menu.actions()[1].trigger()
    assert opened[-1] == "mailto:ana.souza@home.example"
    assert card.phone_button.menu() is None


def test_contact_buttons_follow_what_is_typed(
    qtbot: QtBot,
    card: ProspectCardWidget,
    service: FollowUpService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(prospect_card, "open_url", lambda url: opened.append(url.toString()))
    _show(card, service.add_prospect("Bo Lindqvist"))
    assert not card.email_button.isEnabled()
    assert not card.phone_button.isEnabled()
    qtbot.keyClicks(card.phones_edit, "0049 (40) 555.01")
    assert card.phone_button.isEnabled()
    qtbot.mouseClick(card.phone_button, Qt.MouseButton.LeftButton)
    assert opened == ["tel:+494055501"]


def test_next_follow_up_is_shown(
    card: ProspectCardWidget, service: FollowUpService, clock: FixedClock
) -> None:
    p = service.add_prospect("Ana Souza", schedule_first=False)
    due = clock.now() + timedelta(days=1, hours=-1)
    service.schedule(p.id or 0, due, Channel.CALL, "Ask about the workshop")
    service.schedule(p.id or 0, due + timedelta(days=5), Channel.EMAIL, "Later")
    _show(card, p)
    expected = f"{relative_when(due, clock.now())} · Call · Ask about the workshop"
    assert card.next_label.text() == expected
    assert card.next_label.text().startswith("tomorrow")
    assert card.next_label.textFormat() == Qt.TextFormat.PlainText
    assert card.next_label.palette().color(QPalette.ColorRole.WindowText) != warning_color(
        card.palette()
    )


def test_first_planned_step_of_a_new_prospect_is_shown(
    card: ProspectCardWidget, service: FollowUpService, clock: FixedClock
) -> None:
    p = service.add_prospect("Ana Souza", source=Source.INBOUND)
    (first,) = service.pending(p.id or 0)
    _show(card, p)
    assert card.next_label.text().startswith(relative_when(first.due_at, clock.now()))
    assert CHANNEL_LABELS[first.channel] in card.next_label.text()


def test_no_next_step_is_pointed_at(card: ProspectCardWidget, service: FollowUpService) -> None:
    p = service.add_prospect("Lars Jensen", schedule_first=False)
    _show(card, p)
    assert card.next_label.text() == NO_NEXT_STEP
    assert card.next_label.palette().color(QPalette.ColorRole.WindowText) == warning_color(
        card.palette()
    )
    assert card.next_label.font().bold()


def test_html_name_shows_literally(
    qtbot: QtBot, card: ProspectCardWidget, service: FollowUpService
) -> None:
    p = service.add_prospect(HTML_NAME, company="<i>x</i>", notes="<i>x</i>")
    _show(card, p)
    for label in (card.name_label, card.subtitle_label, card.next_label, card.cadence_label):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert card.name_label.text() == HTML_NAME
    assert card.subtitle_label.text() == "<i>x</i>"
    assert card.name_edit.text() == HTML_NAME
    assert card.notes_edit.toPlainText() == "<i>x</i>"
    qtbot.mouseClick(card.lost_button, Qt.MouseButton.LeftButton)
    dialog = card.lost_dialog
    assert dialog is not None
    assert dialog.prompt_label.textFormat() == Qt.TextFormat.PlainText
    assert HTML_NAME in dialog.prompt_label.text()
    dialog.reject()


def test_warning_color_reads_on_light_and_dark() -> None:
    light = QPalette(QApplication.palette())
    light.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.white)
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
    assert warning_color(light).lightness() < 128
    assert warning_color(dark).lightness() > 128


def test_labels_go_above_fields_in_a_narrow_card(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect
) -> None:
    _show(card, ana)
    form = card.name_edit.parentWidget().layout()
    assert isinstance(form, QFormLayout)
    assert form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapLongRows
    card.resize(360, 820)
    qtbot.wait_until(lambda: form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapAllRows)
    card.resize(600, 820)
    qtbot.wait_until(lambda: form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapLongRows)


@pytest.mark.parametrize("unsaved", [False, True])
def test_a_deleted_prospect_leaves_the_empty_state(
    qtbot: QtBot, card: ProspectCardWidget, ana: Prospect, service: FollowUpService, unsaved: bool
) -> None:
    _show(card, ana)
    if unsaved:
        _append(qtbot, card.title_edit, "!")
    service.delete_prospect(ana.id or 0)
    card.reload()
    assert card.prospect_id() is None
    assert card.empty_label.isVisible()
