"""The persistence coach in the window: the plans editor, putting prospects on a
plan, the revive and no-next-step lists' one-click fixes, advice where it is shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QSpinBox, QTableWidgetItem
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel, Outcome, Stage
from followup_desktop.domain.queries import QuickFilter
from followup_desktop.services import FollowUpService, NextStep
from followup_desktop.services.coach import CoachService
from followup_desktop.ui.agenda import AgendaWidget
from followup_desktop.ui.cadence_editor import ApplyPlanDialog, PlansDialog, schedule_preview
from followup_desktop.ui.log_touch_dialog import LogTouchDialog
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import NO_NEXT_STEP, REVIVE


@pytest.fixture
def plans(
    qtbot: QtBot, service: FollowUpService, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PlansDialog]:
    def unexpected(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"an unexpected question: {args[2:3]}")

    monkeypatch.setattr(QMessageBox, "question", unexpected)
    dialog = PlansDialog(CoachService(service))
    qtbot.add_widget(dialog)
    dialog.show()
    yield dialog
    dialog._dirty = False  # a failed test must not leave a question open at teardown


def _select_plan(dialog: PlansDialog, name: str) -> None:
    for row in range(dialog.plan_list.count()):
        if dialog.plan_list.item(row).text().startswith(name):
            dialog.plan_list.setCurrentRow(row)
            return
    raise AssertionError(name)


def test_built_in_plans_are_shown_read_only(plans: PlansDialog) -> None:
    names = [plans.plan_list.item(r).text() for r in range(plans.plan_list.count())]
    assert names[0] == "Inbound inquiry  (built in)"
    _select_plan(plans, "Revive a cold lead")
    assert plans.name_edit.text() == "Revive a cold lead"
    assert not plans.name_edit.isEnabled()
    assert not plans.steps_table.isEnabled()
    assert plans.built_in_label.isVisible()
    assert not plans.delete_button.isEnabled()
    assert not plans.save_button.isEnabled()
    assert plans.steps_table.rowCount() == 2
    assert plans.preview_label.text().splitlines()[:2] == [
        "Touch 1 · day 0 (the same day) · E-mail — Reach back out",
        "Touch 2 · day 14 · Call — Reach out again",
    ]


def test_the_plans_dialog_reads_right_one_day_and_no_stray_ampersand(
    plans: PlansDialog,
) -> None:
    """ "1 day", not "1 days"; every label with a mnemonic has a buddy, without which
    Qt shows the "&" itself ("Then e&very:")."""
    strays = [
        label.text()
        for label in plans.findChildren(QLabel)
        if label.textFormat() is not Qt.TextFormat.PlainText
        and "&" in label.text().replace("&&", "")
        and label.buddy() is None
    ]
    assert strays == []
    plans.new_plan()
    days = [
        plans.steps_table.cellWidget(row, plans.STEP_DAYS)
        for row in range(plans.steps_table.rowCount())
    ]
    for spin in [plans.every_spin, plans.max_spin, plans.silent_spin, *days]:
        assert isinstance(spin, QSpinBox)
        spin.setValue(1)
        assert spin.text() == "1 day"
        spin.setValue(2)
        assert spin.text() == "2 days"
    assert days
    days[0].setValue(0)
    assert days[0].text() == "the same day"
    plans._dirty = False  # nothing to save: no question when the dialog closes


def test_a_new_plan_is_made_checked_and_saved(
    qtbot: QtBot, plans: PlansDialog, service: FollowUpService
) -> None:
    qtbot.mouseClick(plans.new_button, Qt.MouseButton.LeftButton)
    assert plans.name_edit.isEnabled()
    assert plans.name_edit.hasFocus() or plans.name_edit.selectedText() == "New plan"
    plans.name_edit.clear()
    qtbot.keyClicks(plans.name_edit, "Workshop leads")
    qtbot.mouseClick(plans.add_step_button, Qt.MouseButton.LeftButton)
    assert plans.steps_table.rowCount() == 3
    plans.steps_table.setItem(2, plans.STEP_PURPOSE, QTableWidgetItem("Send the agenda"))
    days = plans.steps_table.cellWidget(2, plans.STEP_DAYS)
    assert isinstance(days, QSpinBox)
    days.setValue(5)
    channel = plans.steps_table.cellWidget(2, plans.STEP_CHANNEL)
    assert isinstance(channel, QComboBox)
    channel.setCurrentIndex(channel.findData(Channel.ARTICLE.value))
    plans.touches_spin.setValue(6)
    # A plan that breaks a rule says so and cannot be saved.
    plans.every_spin.setValue(90)
    assert "longest interval cannot be shorter" in plans.problems_label.text()
    assert not plans.save_button.isEnabled()
    plans.every_spin.setValue(10)
    assert plans.problems_label.text() == ""
    assert plans.save_button.isEnabled()
    assert "Touch 3 · day 8 · Shared article — Send the agenda" in plans.preview_label.text()
    with qtbot.waitSignal(plans.plans_changed):
        qtbot.mouseClick(plans.save_button, Qt.MouseButton.LeftButton)
    saved = service.plans()["custom-workshop-leads"]
    assert [s.days for s in saved.steps] == [0, 3, 5]
    assert saved.steps[2].channel is Channel.ARTICLE
    assert saved.steps[2].purpose == "Send the agenda"
    assert saved.plan_length == 6
    assert plans.plan_list.currentItem().text() == "Workshop leads"
    assert plans.delete_button.isEnabled()
    assert schedule_preview(saved)[2] == "Touch 3 · day 8 · Shared article — Send the agenda"


def test_duplicate_steps_move_and_unsaved_changes_are_asked_about(
    qtbot: QtBot, plans: PlansDialog, service: FollowUpService, monkeypatch: pytest.MonkeyPatch
) -> None:
    _select_plan(plans, "After a meeting")
    qtbot.mouseClick(plans.copy_button, Qt.MouseButton.LeftButton)
    assert plans.name_edit.text() == "After a meeting (my copy)"
    plans.steps_table.setCurrentCell(0, plans.STEP_PURPOSE)
    qtbot.mouseClick(plans.down_button, Qt.MouseButton.LeftButton)
    assert plans.current_plan().steps[1].channel is Channel.NOTE
    qtbot.mouseClick(plans.remove_step_button, Qt.MouseButton.LeftButton)
    assert len(plans.current_plan().steps) == 2
    # Leaving the unsaved copy asks; Cancel stays, Save saves it.
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    _select_plan(plans, "Inbound inquiry")
    assert plans.name_edit.text() == "After a meeting (my copy)"
    _select_plan(plans, "Inbound inquiry")
    assert "After a meeting (my copy)" in service.cadence_names().values()
    assert not answers


def test_deleting_a_plan_asks_and_moves_its_prospects(
    qtbot: QtBot, plans: PlansDialog, service: FollowUpService, monkeypatch: pytest.MonkeyPatch
) -> None:
    coach = CoachService(service)
    _select_plan(plans, "Outbound prospecting")
    qtbot.mouseClick(plans.copy_button, Qt.MouseButton.LeftButton)
    assert plans.save_plan()
    key = next(k for k, n in service.cadence_names().items() if n.endswith("(my copy)"))
    ana = service.add_prospect("Ana")
    coach.apply_plan([ana.id or 0], key)
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_rest: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(plans.delete_button, Qt.MouseButton.LeftButton)
    assert "1 prospects follow it" in asked[0] or "1 prospect" in asked[0]
    assert key not in service.plans()
    assert service.get_prospect(ana.id or 0).cadence == "outbound"


def test_scaling_and_revive_thresholds_are_saved(
    qtbot: QtBot, plans: PlansDialog, service: FollowUpService
) -> None:
    assert plans.scaling_check.isChecked()
    assert plans.scaling_preview.text().startswith("A 14-day interval becomes 18 days for a 1,000")
    plans.large_value_edit.setText("lots")
    assert not plans.save_scaling_button.isEnabled()
    plans.large_value_edit.setText("50000")
    plans.large_factor_spin.setValue(0.5)
    qtbot.mouseClick(plans.save_scaling_button, Qt.MouseButton.LeftButton)
    scaling = service.coach_settings.scaling()
    assert (scaling.large_value, scaling.large_factor) == (Decimal(50000), 0.5)
    plans.silent_spin.setValue(45)
    plans.lost_spin.setValue(3)
    policy = service.coach_settings.revive_policy()
    assert (policy.silent_days, policy.lost_months) == (45, 3)


# -- the window ---------------------------------------------------------------------
def test_put_many_prospects_on_a_plan_and_undo(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    ids = [service.add_prospect(n).id or 0 for n in ("Ana", "Bo", "Cy")]
    window.refresh()
    window.show_destination(window.current_destination().__class__("prospects"))
    listing = window.prospect_list
    listing.table.selectAll()
    assert sorted(listing.selected_prospect_ids()) == sorted(ids)
    dialog = window.coach.apply_plan()
    assert isinstance(dialog, ApplyPlanDialog)
    dialog.plan_combo.setCurrentIndex(dialog.plan_combo.findData("information"))
    assert dialog.preview_label.text().startswith("Touch 1 · day 21 · E-mail")
    dialog.accept()
    for pid in ids:
        p = service.get_prospect(pid)
        assert (p.cadence, p.cadence_position) == ("information", 1)
        (step,) = service.pending(pid)
        assert step.purpose == "Follow up on what you sent"
    assert (
        "3 prospects on the plan 'After sending information'" in window.statusBar().currentMessage()
    )
    window.undo_stack.undo()
    assert {service.get_prospect(pid).cadence for pid in ids} == {"outbound"}
    window.undo_stack.redo()
    assert {service.get_prospect(pid).cadence for pid in ids} == {"information"}


def test_the_revive_list_revives_in_one_click(
    qtbot: QtBot, window: MainWindow, service: FollowUpService, clock: FixedClock
) -> None:
    start = service.now()
    clock.set(start - timedelta(days=60))
    cold = [service.add_prospect(n, emails=(f"{n}@x.example",)).id or 0 for n in ("Ana", "Bo")]
    for pid in cold:
        service.log_touch(pid, Channel.EMAIL, outcome=Outcome.SENT, next_step=NextStep.none())
    clock.set(start)
    window.refresh()
    assert window.navigation.item(3).text().startswith("Revive")
    window.show_destination(REVIVE)
    listing = window.prospect_list
    assert listing.model.query().quick is QuickFilter.REVIVE
    assert listing.coach_bar.isVisible()
    assert listing.coach_label.text().startswith("2 prospects are worth reaching back out to")
    assert listing.coach_all_button.text() == "Revive all 2"
    assert listing.coach_selected_button.isVisible()
    qtbot.mouseClick(listing.coach_all_button, Qt.MouseButton.LeftButton)
    for pid in cold:
        assert service.get_prospect(pid).cadence == "revive"
        (step,) = service.pending(pid)
        assert step.purpose == "Reach back out"
    assert listing.model.total_count() == 0
    assert not listing.coach_bar.isVisible()
    window.undo_stack.undo()
    assert listing.model.total_count() == 2
    assert all(service.pending(pid) == [] for pid in cold)


def test_no_next_step_is_fixed_from_the_list_and_the_card(
    qtbot: QtBot, window: MainWindow, service: FollowUpService
) -> None:
    ids = []
    for name in ("Ana", "Bo"):
        pid = service.add_prospect(name, phones=("1",)).id or 0
        service.log_touch(pid, Channel.EMAIL, outcome=Outcome.SENT, next_step=NextStep.none())
        ids.append(pid)
    window.refresh()
    window.show_destination(NO_NEXT_STEP)
    listing = window.prospect_list
    assert listing.coach_label.text().startswith("2 prospects are open and without")
    assert listing.coach_all_button.text() == "Schedule all 2 by plan"
    assert not listing.coach_selected_button.isVisible()
    # The card of one offers the same fix for it alone.
    listing.select_prospect(ids[0])
    card = window.card
    assert card.schedule_button.isVisible()
    qtbot.mouseClick(card.schedule_button, Qt.MouseButton.LeftButton)
    assert len(service.pending(ids[0])) == 1
    assert service.count_without_next_step() == 1
    assert listing.coach_all_button.text() == "Schedule it by plan"
    qtbot.mouseClick(listing.coach_all_button, Qt.MouseButton.LeftButton)
    assert service.count_without_next_step() == 0
    assert not listing.coach_bar.isVisible()


def test_the_card_says_where_the_prospect_stands_on_its_plan(
    window: MainWindow, service: FollowUpService
) -> None:
    ana = service.add_prospect("Ana", phones=("1",))
    service.log_touch(ana.id or 0, Channel.EMAIL, outcome=Outcome.SENT)
    window.refresh()
    window.open_prospect(ana.id or 0)
    assert window.card.cadence_label.text() == ("Outbound prospecting · touch 2 of a 7-touch plan")
    assert not window.card.schedule_button.isVisible()
    service.change_stage(ana.id or 0, Stage.WON)
    window.refresh()
    window.open_prospect(ana.id or 0)
    assert window.card.cadence_label.text() == "Outbound prospecting"


def test_the_log_dialog_shows_the_advice(qtbot: QtBot, service: FollowUpService) -> None:
    ana = service.add_prospect("Ana", emails=("a@x.example",), phones=("1",))
    service.log_touch(ana.id or 0, Channel.CALL, outcome=Outcome.NO_ANSWER)
    dialog = LogTouchDialog(service, ana.id or 0)
    qtbot.add_widget(dialog)
    dialog.show()
    index = dialog.channel_combo.findData(Channel.CALL)
    dialog.channel_combo.setCurrentIndex(index)
    # The plan's next step is social media, a change from two calls.
    assert dialog.next_channel_combo.currentData() == Channel.SOCIAL
    assert dialog.advice_label.text() == ("Advice: A change from the last two touches (a call).")


def test_the_agenda_shows_the_advice_for_the_chosen_follow_up(
    qtbot: QtBot, service: FollowUpService
) -> None:
    ana = service.add_prospect("Ana", emails=("a@x.example",), phones=("1",))
    pid = ana.id or 0
    service.log_touch(pid, Channel.EMAIL, outcome=Outcome.SENT, next_step=NextStep.none())
    service.log_touch(pid, Channel.EMAIL, outcome=Outcome.SENT, next_step=NextStep.none())
    follow_up = service.schedule(pid, service.now() + timedelta(hours=2), Channel.EMAIL)
    agenda = AgendaWidget(service)
    qtbot.add_widget(agenda)
    agenda.show()
    assert agenda.select_follow_up(follow_up.id or 0)
    assert agenda.advice_label.text() == (
        "Advice for Ana: Call, not E-mail. Not e-mail again after e-mail: the plan uses it too."
    )


def test_a_bulk_change_reports_progress_and_can_be_cancelled_before_it_is_made(
    window: MainWindow, service: FollowUpService
) -> None:
    from followup_desktop.ui.undo import BulkCancelled, push_bulk_change

    ids = [service.add_prospect(n).id or 0 for n in ("Ana", "Bo", "Cy")]
    coach = CoachService(service)
    seen: list[tuple[int, int]] = []

    def cancel(done: int, total: int) -> bool:
        seen.append((done, total))
        return False

    with pytest.raises(BulkCancelled):
        push_bulk_change(
            window.undo_stack,
            service,
            "Put on a plan",
            lambda: coach.apply_plan(ids, "information"),
            lambda _changes: None,
            window.report_problem,
            cancel,
        )
    assert {service.get_prospect(pid).cadence for pid in ids} == {"outbound"}
    assert window.undo_stack.count() == 0
    seen.clear()
    push_bulk_change(
        window.undo_stack,
        service,
        "Put on a plan",
        lambda: coach.apply_plan(ids, "information"),
        lambda _changes: None,
        window.report_problem,
        lambda done, total: seen.append((done, total)) is None,
    )
    # Told before the change (when it can still be cancelled) and once it is made.
    assert seen == [(0, 1), (1, 1)]
    assert {service.get_prospect(pid).cadence for pid in ids} == {"information"}
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert {service.get_prospect(pid).cadence for pid in ids} == {"outbound"}


def test_the_coach_lists_say_so_when_they_are_empty(
    window: MainWindow, service: FollowUpService
) -> None:
    won = service.add_prospect("Ana").id or 0
    service.change_stage(won, Stage.WON)
    window.refresh()
    window.show_destination(REVIVE)
    listing = window.prospect_list
    assert listing.empty_label.text().startswith("Nobody to revive")
    window.show_destination(NO_NEXT_STEP)
    assert listing.empty_label.text() == "Every open prospect has a dated next step."
    listing.set_stage(Stage.WON)
    assert listing.empty_label.text() == "No prospects match these filters."
