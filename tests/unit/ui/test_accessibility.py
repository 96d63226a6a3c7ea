"""What a screen reader is told: every control it can reach has a name.

Walks the accessibility tree Qt builds (``QAccessible.queryAccessibleInterface``,
the same tree AT-SPI reads) of the main window and of every dialog the app
opens, and lists each interactive element whose name is empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QDialog, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from followup_desktop.domain.drafts import Reason
from followup_desktop.domain.model import Channel, Outcome
from followup_desktop.services import FollowUpService
from followup_desktop.services.backups import BackupService
from followup_desktop.services.coach import CoachService
from followup_desktop.services.demo import generate_demo
from followup_desktop.services.drafts import DraftService
from followup_desktop.services.preferences import DatabasePreferences
from followup_desktop.ui.address_dialog import AddressDialog
from followup_desktop.ui.agenda import Column as AgendaColumn
from followup_desktop.ui.agenda import DateTimeDialog
from followup_desktop.ui.cadence_editor import ApplyPlanDialog, PlansDialog
from followup_desktop.ui.calendar import FollowUpCalendarWidget
from followup_desktop.ui.draft_dialog import DraftDialog, DraftTemplatesDialog
from followup_desktop.ui.format import overdue_color
from followup_desktop.ui.log_touch_dialog import LogTouchDialog
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.navigation import (
    AGENDA,
    NO_NEXT_STEP,
    PROSPECTS,
    REPORTS,
    REVIVE,
    THANK_YOU,
)
from followup_desktop.ui.new_prospect_dialog import NewProspectDialog
from followup_desktop.ui.preferences_dialog import PreferencesDialog
from followup_desktop.ui.prospect_card import LostReasonDialog
from followup_desktop.ui.prospect_list import Column as ListColumn
from followup_desktop.ui.restore_dialog import RestoreDialog
from followup_desktop.ui.thank_you_view import EnvelopeOptionsDialog, LabelOptionsDialog
from followup_desktop.ui.timeline import TouchEditDialog
from tests.helpers.qt import settle

Role = QAccessible.Role

#: Roles a user acts on: each needs a name a screen reader can say.
INTERACTIVE = {
    Role.PushButton,
    Role.CheckBox,
    Role.RadioButton,
    Role.ComboBox,
    Role.EditableText,
    Role.SpinBox,
    Role.Table,
    Role.List,
    Role.Tree,
    Role.Slider,
    Role.Dial,
    Role.PageTab,
    Role.PageTabList,
    Role.ButtonMenu,
    Role.ButtonDropDown,
    Role.ButtonDropGrid,
    Role.HotkeyField,
}

CARDS = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana García\nORG:Acme\nEMAIL:ana@acme.example\nEND:VCARD\n"


def _label(obj: object) -> str:
    if isinstance(obj, QWidget):
        name = obj.objectName()
        return f"{type(obj).__name__}#{name}" if name else type(obj).__name__
    return type(obj).__name__


def _skipped(widget: QWidget) -> bool:
    """Hidden on purpose (not merely on a stack page not shown): no reader reaches it."""
    parent = widget.parentWidget()
    return widget.isHidden() and not isinstance(parent, QStackedWidget)


def _walk(iface: QAccessibleInterface, path: str, parent_role: Role | None) -> Iterator[str]:
    obj = iface.object()
    if isinstance(obj, QWidget) and _skipped(obj):
        return
    role = iface.role()
    here = f"{path}/{_label(obj)}" if obj is not None else path
    # A combo box's pop-up list is Qt's own part of the combo, named by it.
    own_part = role == Role.List and parent_role == Role.ComboBox
    if role in INTERACTIVE and not own_part and not iface.text(QAccessible.Text.Name).strip():
        yield f"{role.name} {here}"
    if role in (Role.Table, Role.List, Role.Tree):
        return  # the rows: the model's text, not widgets
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and child.isValid():
            yield from _walk(child, here, role)


def unnamed(root: QWidget) -> list[str]:
    """Interactive elements under ``root`` with no accessible name, as widget paths."""
    iface = QAccessible.queryAccessibleInterface(root)
    assert iface is not None
    assert iface.isValid()
    return list(_walk(iface, "", None))


def assert_all_named(root: QWidget) -> None:
    missing = unnamed(root)
    assert not missing, "no accessible name:\n" + "\n".join(missing)


@pytest.fixture
def demo_window(window: MainWindow, service: FollowUpService) -> MainWindow:
    generate_demo(service, prospects=30)
    window.refresh()
    return window


def _richest(service: FollowUpService) -> int:
    row = max(service.prospects_json(), key=lambda r: r["touch_count"])
    return int(row["id"])


def test_the_main_window_names_every_control(
    demo_window: MainWindow, service: FollowUpService
) -> None:
    window = demo_window
    window.show_destination(AGENDA)
    window.calendar.select_day(date(2026, 11, 25))
    assert_all_named(window)
    window.show_destination(NO_NEXT_STEP)
    assert_all_named(window)
    window.show_destination(PROSPECTS)
    window.open_prospect(_richest(service))
    assert_all_named(window)


def test_the_other_views_name_every_control(demo_window: MainWindow) -> None:
    for destination in (REVIVE, THANK_YOU, REPORTS):
        demo_window.show_destination(destination)
        assert_all_named(demo_window)


def _dialogs(window: MainWindow, service: FollowUpService, tmp_path: Path) -> Iterator[QDialog]:
    pid = _richest(service)
    prospect = service.get_prospect(pid)
    drafts = DraftService(service)
    coach = CoachService(service)
    now = service.clock.now()
    yield NewProspectDialog(window)
    yield LogTouchDialog(service, pid, window)
    yield DraftDialog(drafts, pid, window)
    yield DraftTemplatesDialog(drafts, Reason.NEWS, window)
    yield LostReasonDialog(prospect.name, window)
    yield AddressDialog(prospect.name, prospect.address, window)
    cards = tmp_path / "people.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    imported = window.import_files([str(cards)])
    assert imported is not None
    yield imported
    yield window.export()
    yield PreferencesDialog(DatabasePreferences(service), window)
    yield PlansDialog(coach, window)
    yield ApplyPlanDialog(coach, 3, "", window)
    BackupService(service).back_up()
    yield RestoreDialog(BackupService(service), window)
    yield DateTimeDialog(
        "Reschedule",
        "Next step at:",
        now + timedelta(days=1),
        service.clock.tz,
        presets=[("Tomorrow", now + timedelta(days=1))],
        parent=window,
    )
    touch = service.log_touch(pid, Channel.CALL, outcome=Outcome.NO_ANSWER).touch
    yield TouchEditDialog(touch, service.clock.tz, window)
    yield LabelOptionsDialog("avery-5160", window)
    yield EnvelopeOptionsDialog("DL", ["Sam Seller", "Main St 1"], window)


def test_every_dialog_names_every_control(
    qtbot: QtBot, demo_window: MainWindow, service: FollowUpService, tmp_path: Path
) -> None:
    problems: list[str] = []
    for dialog in _dialogs(demo_window, service, tmp_path):
        dialog.show()
        qtbot.wait_exposed(dialog)
        problems += unnamed(dialog)
        dialog.reject()
        dialog.deleteLater()
    assert not problems, "no accessible name:\n" + "\n".join(problems)


def test_the_walk_finds_an_unnamed_control(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    box = QWidget()
    qtbot.add_widget(box)
    QVBoxLayout(box).addWidget(QLineEdit(objectName="nameless"))
    box.show()
    assert unnamed(box) == ["EditableText /QWidget/QLineEdit#nameless"]


def _place(service: FollowUpService, name: str, when: datetime) -> int:
    """A prospect whose first follow-up is moved to ``when``."""
    prospect = service.add_prospect(name)
    assert prospect.id is not None
    follow_up = service.pending(prospect.id)[0]
    assert follow_up.id is not None
    service.reschedule(follow_up.id, when)
    return prospect.id


def _at(day: date, hour: int, service: FollowUpService) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=service.clock.tz)


def test_the_calendar_says_each_days_counts_in_words(
    qtbot: QtBot, service: FollowUpService
) -> None:
    today, past = date(2026, 11, 25), date(2026, 11, 20)
    _place(service, "Ana García", _at(today, 8, service))  # before 10:00: overdue
    _place(service, "Bo Lindqvist", _at(today, 15, service))
    _place(service, "Chloé Martin", _at(past, 9, service))
    calendar = FollowUpCalendarWidget(service)
    qtbot.add_widget(calendar)
    calendar.show()
    grid = QAccessible.queryAccessibleInterface(calendar.grid_viewport().parentWidget())
    settle(qtbot, calendar)
    assert calendar.day_text(today) == "25 November, today: 2 due, 1 of them overdue"
    assert calendar.day_text(past) == "20 November: 1 overdue"
    assert calendar.day_text(date(2026, 11, 26)) == "26 November: nothing due"
    assert grid.text(QAccessible.Text.Description) == calendar.day_text(today)
    calendar.select_day(past)
    assert grid.text(QAccessible.Text.Description) == "20 November: 1 overdue"
    assert (
        QAccessible.queryAccessibleInterface(calendar).text(QAccessible.Text.Description)
        == "20 November: 1 overdue"
    )


def test_overdue_rows_say_overdue_in_words(
    demo_window: MainWindow, service: FollowUpService
) -> None:
    window = demo_window
    window.show_destination(AGENDA)
    model = window.agenda.model
    overdue = model.index(0, 0)  # the overdue section comes first
    row = model.index(0, AgendaColumn.WHEN, overdue)
    assert row.data(Qt.ItemDataRole.ForegroundRole) == overdue_color()
    assert str(row.data(Qt.ItemDataRole.AccessibleTextRole)).endswith(", overdue")
    assert row.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "Overdue"

    window.show_destination(PROSPECTS)
    prospects = window.prospect_list.model
    late = [
        prospects.index(r, ListColumn.NEXT_FOLLOW_UP)
        for r in range(prospects.rowCount())
        if prospects.index(r, ListColumn.NEXT_FOLLOW_UP).data(Qt.ItemDataRole.ForegroundRole)
    ]
    assert late
    for cell in late:
        assert cell.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "Overdue"
        assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == f"{cell.data()}, overdue"

    window.calendar.select_day(date(2026, 11, 25))
    day = window.day_agenda.model
    marked = [
        day.index(r)
        for r in range(day.rowCount())
        if day.index(r).data(Qt.ItemDataRole.ForegroundRole)
    ]
    for cell in marked:
        assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == f"{cell.data()}, overdue"
