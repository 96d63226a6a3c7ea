"""The prospect list against a real database: lazy rows, search, filters, marks, state."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QStyledItemDelegate
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel, Prospect, Stage
from followup_desktop.domain.queries import ProspectQuery, QuickFilter, SortKey
from followup_desktop.services import FollowUpService, NextStep
from followup_desktop.services.demo import generate_demo
from followup_desktop.ui.format import absolute_when
from followup_desktop.ui.prospect_list import (
    NO_NEXT_STEP_TIP,
    PROSPECT_ID_ROLE,
    Column,
    MarkRoomDelegate,
    ProspectListWidget,
    ProspectTableModel,
    overdue_color,
)

HTML_NAME = "<b>Bold</b> & <img src=x>"


def _due(service: FollowUpService, prospect_id: int, at: datetime) -> None:
    """Move a prospect's planned follow-up to ``at``."""
    (follow_up,) = service.pending(prospect_id)
    assert follow_up.id is not None
    service.reschedule(follow_up.id, at)


@pytest.fixture
def people(service: FollowUpService, clock: FixedClock) -> dict[str, int]:
    """One prospect per situation a filter or a mark is about (now: Wed 25 Nov 10:00)."""
    now = clock.now()
    ids: dict[str, int] = {}

    def add(name: str, **kwargs: object) -> int:
        prospect = service.add_prospect(name, **kwargs)  # type: ignore[arg-type]
        assert prospect.id is not None
        ids[name] = prospect.id
        return prospect.id

    _due(service, add("Olga Overdue", company="Late GmbH"), now - timedelta(days=1))
    _due(service, add("Tara Today", tags=("coaching",)), now.replace(hour=15))
    _due(service, add("Fritz Friday"), now + timedelta(days=2, hours=-1))
    _due(service, add("Lena Later", tags=("coaching",)), now + timedelta(days=30))
    service.store.skip_pending(add("Nina Nothing"))
    cold = add("Carl Cold")
    service.log_touch(
        cold,
        Channel.EMAIL,
        at=now - timedelta(days=60),
        next_step=NextStep.on(now + timedelta(days=15)),
    )
    service.change_stage(add("Willa Won"), Stage.WON)
    return ids


def _names(model: ProspectTableModel) -> list[str]:
    return [model.data(model.index(row, Column.NAME)) for row in range(model.rowCount())]


def _cell(model: ProspectTableModel, name: str, column: Column) -> QModelIndex:
    row = _names(model).index(name)
    return model.index(row, column)


def _widget(qtbot: QtBot, service: FollowUpService) -> ProspectListWidget:
    widget = ProspectListWidget(service)
    qtbot.add_widget(widget)
    widget.resize(900, 500)
    widget.show()
    qtbot.wait_exposed(widget)
    return widget


def _click_header(qtbot: QtBot, widget: ProspectListWidget, column: Column) -> None:
    header = widget.table.horizontalHeader()
    pos = header.rect().center()
    pos.setX(header.sectionViewportPosition(column) + header.sectionSize(column) // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _click_row(qtbot: QtBot, widget: ProspectListWidget, row: int) -> None:
    rect = widget.table.visualRect(widget.model.index(row, Column.COMPANY))
    qtbot.mouseClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# -- the model -------------------------------------------------------------------


@pytest.mark.usefixtures("qapp")  # run alone, the model would be made before the app
def test_model_passes_the_model_tester(
    qtmodeltester: ModelTester, service: FollowUpService, people: dict[str, int]
) -> None:
    generate_demo(service, prospects=40)
    model = ProspectTableModel(service)
    assert model.rowCount() == len(people) + 40
    qtmodeltester.check(model)


@pytest.mark.usefixtures("qapp")
def test_model_fetches_rows_lazily(service: FollowUpService, clock: FixedClock) -> None:
    now = clock.now()
    with service.store.transaction():
        for i in range(2000):
            service.store.add_prospect(Prospect(None, f"Prospect {i:04d}"), now)
    fetched: list[int] = []
    summaries = service.summaries

    def counting(ids: list[int]) -> list[object]:
        fetched.append(len(ids))
        return summaries(ids)  # type: ignore[return-value]

    service.summaries = counting  # type: ignore[assignment,method-assign]
    model = ProspectTableModel(service)

    assert model.total_count() == 2000
    assert model.rowCount() == ProspectTableModel.PAGE_SIZE < 2000
    assert model.canFetchMore(QModelIndex())
    assert fetched == []  # nothing read before a row is shown
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * ProspectTableModel.PAGE_SIZE
    assert model.data(model.index(0, Column.NAME)) == "Prospect 0000"
    assert fetched == [ProspectTableModel.BLOCK_SIZE]  # one block, one query
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 2000
    for row in range(0, 2000, 100):
        assert model.data(model.index(row, Column.NAME)) == f"Prospect {row:04d}"
    assert len(model._cache) <= ProspectTableModel.MAX_CACHED_BLOCKS * model.BLOCK_SIZE

    first = model.prospect_id(0)  # "Prospect 0000"
    model.set_query(ProspectQuery(sort=SortKey.NAME, descending=True))
    assert model.rowCount() == ProspectTableModel.PAGE_SIZE
    assert model.data(model.index(0, Column.NAME)) == "Prospect 1999"
    assert model.row_of(first) == 1999  # fetches the rows up to it
    assert model.rowCount() == 2000
    assert model.data(model.index(1999, Column.NAME)) == "Prospect 0000"
    assert model.row_of(10**9) is None


@pytest.mark.usefixtures("qapp")
def test_model_shows_plain_text_and_formatted_figures(
    service: FollowUpService, clock: FixedClock, people: dict[str, int]
) -> None:
    html = service.add_prospect(HTML_NAME, company="<i>Co</i>")
    model = ProspectTableModel(service)
    name = _cell(model, HTML_NAME, Column.NAME)
    assert model.data(name) == HTML_NAME
    assert model.data(name.siblingAtColumn(Column.COMPANY)) == "<i>Co</i>"
    assert model.data(name, PROSPECT_ID_ROLE) == html.id
    assert model.prospect_id(name.row()) == html.id

    olga = _cell(model, "Olga Overdue", Column.NAME)
    assert model.data(olga.siblingAtColumn(Column.STAGE)) == "New"
    assert model.data(olga.siblingAtColumn(Column.TOUCHES)) == "0"
    assert model.data(olga.siblingAtColumn(Column.LAST_TOUCH)) == "never"
    assert model.data(olga.siblingAtColumn(Column.NEXT_FOLLOW_UP)).startswith("yesterday")
    assert model.data(olga.siblingAtColumn(Column.NEXT_FOLLOW_UP), Qt.ItemDataRole.ToolTipRole)

    carl = _cell(model, "Carl Cold", Column.NAME)
    assert model.data(carl.siblingAtColumn(Column.TOUCHES)) == "1"
    assert model.data(carl.siblingAtColumn(Column.STAGE)) == "Contacted"
    assert model.data(carl.siblingAtColumn(Column.NEXT_FOLLOW_UP)) == "in 2 weeks"
    assert model.data(carl.siblingAtColumn(Column.COMPANY)) == "—"

    nina = _cell(model, "Nina Nothing", Column.NEXT_FOLLOW_UP)
    assert model.data(nina) == "none"
    willa = _cell(model, "Willa Won", Column.NEXT_FOLLOW_UP)
    assert model.data(willa) == "—"
    assert model.data(willa.siblingAtColumn(Column.STAGE)) == "Won"


def test_tooltips_say_the_full_time_in_the_users_zone(
    service: FollowUpService, clock: FixedClock, people: dict[str, int]
) -> None:
    """Stored moments are UTC; Berlin's user reads Berlin time (10:00, not 09:00 UTC)."""
    model = ProspectTableModel(service)
    olga = _cell(model, "Olga Overdue", Column.NAME)
    (due,) = service.pending(people["Olga Overdue"])
    tip = model.data(olga.siblingAtColumn(Column.NEXT_FOLLOW_UP), Qt.ItemDataRole.ToolTipRole)
    assert tip == absolute_when(due.due_at.astimezone(clock.tz))
    assert "10:00:00 UTC+01:00" in tip  # Berlin's hour, not 09:00 in UTC
    carl = _cell(model, "Carl Cold", Column.NAME)
    touched = (clock.now() - timedelta(days=60)).astimezone(clock.tz)
    tip = model.data(carl.siblingAtColumn(Column.LAST_TOUCH), Qt.ItemDataRole.ToolTipRole)
    assert tip == absolute_when(touched)
    assert "Coordinated" not in tip


@pytest.mark.usefixtures("qapp")
def test_overdue_is_red_and_bold_and_no_next_step_is_marked(
    service: FollowUpService, people: dict[str, int]
) -> None:
    model = ProspectTableModel(service)
    overdue = _cell(model, "Olga Overdue", Column.NEXT_FOLLOW_UP)
    color = model.data(overdue, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(color, QColor)
    assert color == overdue_color()
    assert color.red() > 150 > color.green()
    font = model.data(overdue, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.bold()
    for name in ("Tara Today", "Nina Nothing", "Willa Won"):
        cell = _cell(model, name, Column.NEXT_FOLLOW_UP)
        assert model.data(cell, Qt.ItemDataRole.ForegroundRole) is None
        assert model.data(cell, Qt.ItemDataRole.FontRole) is None

    lacking = _cell(model, "Nina Nothing", Column.NAME)
    icon = model.data(lacking, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon)
    assert not icon.isNull()
    assert model.data(lacking, Qt.ItemDataRole.ToolTipRole) == NO_NEXT_STEP_TIP
    for name in ("Olga Overdue", "Tara Today", "Willa Won"):  # closed ones need no step
        cell = _cell(model, name, Column.NAME)
        assert model.data(cell, Qt.ItemDataRole.DecorationRole) is None


# -- the widget: search and filters -------------------------------------------------


def test_typing_in_the_search_box_narrows_the_list(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    widget = _widget(qtbot, service)
    assert widget.model.rowCount() == len(people)
    assert widget.count_label.text() == f"{len(people)} prospects"
    widget.focus_search()
    qtbot.keyClicks(widget.search_edit, "late gm")
    qtbot.waitUntil(lambda: widget.model.query().text == "late gm")
    assert _names(widget.model) == ["Olga Overdue"]
    assert widget.count_label.text() == "1 prospect"

    widget.search_edit.clear()
    qtbot.waitUntil(lambda: widget.model.rowCount() == len(people))


def test_typing_fast_queries_once_after_the_pause(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    widget = _widget(qtbot, service)
    queries: list[ProspectQuery] = []
    widget.model.modelReset.connect(lambda: queries.append(widget.model.query()))
    qtbot.keyClicks(widget.search_edit, "tara")
    qtbot.waitUntil(lambda: bool(queries))
    qtbot.wait(2 * widget.SEARCH_DELAY_MS)
    assert [q.text for q in queries] == ["tara"]
    assert _names(widget.model) == ["Tara Today"]


@pytest.mark.parametrize(
    ("quick", "expected"),
    [
        (QuickFilter.OVERDUE, ["Olga Overdue"]),
        (QuickFilter.DUE_TODAY, ["Tara Today"]),
        (QuickFilter.THIS_WEEK, ["Fritz Friday", "Tara Today"]),
        (QuickFilter.NO_NEXT_STEP, ["Nina Nothing"]),
        (QuickFilter.GONE_COLD, ["Carl Cold"]),
    ],
)
def test_each_quick_filter_narrows_the_list(
    qtbot: QtBot,
    service: FollowUpService,
    people: dict[str, int],
    quick: QuickFilter,
    expected: list[str],
) -> None:
    widget = _widget(qtbot, service)
    qtbot.mouseClick(widget.quick_buttons[quick], Qt.MouseButton.LeftButton)
    assert widget.model.query().quick is quick
    assert _names(widget.model) == expected
    widget.set_quick_filter(QuickFilter.ALL)
    assert widget.quick_buttons[QuickFilter.ALL].isChecked()
    widget.set_quick_filter(quick)
    assert widget.quick_buttons[quick].isChecked()
    assert _names(widget.model) == expected


def test_stage_and_tag_filters_narrow_the_list(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    widget = _widget(qtbot, service)
    won = widget.stage_combo.findText("Won")
    widget.stage_combo.setCurrentIndex(won)
    widget.stage_combo.activated.emit(won)
    assert _names(widget.model) == ["Willa Won"]
    widget.set_stage(Stage.CONTACTED)
    assert widget.stage_combo.currentText() == "Contacted"
    assert _names(widget.model) == ["Carl Cold"]
    widget.set_stage(None)
    assert widget.stage_combo.currentText() == "Any stage"

    widget.set_tag("coaching")
    assert _names(widget.model) == ["Lena Later", "Tara Today"]
    assert widget.tag_button.isVisible()
    widget.set_quick_filter(QuickFilter.DUE_TODAY)
    assert _names(widget.model) == ["Tara Today"]
    qtbot.mouseClick(widget.tag_button, Qt.MouseButton.LeftButton)
    assert widget.model.query().tag is None
    assert not widget.tag_button.isVisible()


# -- the widget: sorting, marks, selection ------------------------------------------


def test_clicking_a_header_sorts_in_the_database(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock, people: dict[str, int]
) -> None:
    for _ in range(3):
        later = NextStep.on(clock.now() + timedelta(days=40))
        service.log_touch(people["Lena Later"], Channel.CALL, next_step=later)
    service.log_touch(people["Fritz Friday"], Channel.CALL, next_step=NextStep.none())
    widget = _widget(qtbot, service)
    header = widget.table.horizontalHeader()

    _click_header(qtbot, widget, Column.NEXT_FOLLOW_UP)
    assert widget.model.query().sort is SortKey.NEXT_FOLLOW_UP
    order = header.sortIndicatorOrder()
    names = _names(widget.model)
    planned = ["Olga Overdue", "Tara Today", "Carl Cold"]
    if order == Qt.SortOrder.AscendingOrder:
        assert names[:3] == planned
    else:
        assert [n for n in names if n in planned] == planned[::-1]
    _click_header(qtbot, widget, Column.NEXT_FOLLOW_UP)
    assert header.sortIndicatorOrder() != order
    assert widget.model.query().descending is (order == Qt.SortOrder.AscendingOrder)

    _click_header(qtbot, widget, Column.TOUCHES)
    assert widget.model.query().sort is SortKey.TOUCHES
    touches = [
        int(widget.model.data(widget.model.index(row, Column.TOUCHES)))
        for row in range(widget.model.rowCount())
    ]
    descending = widget.model.query().descending
    assert touches == sorted(touches, reverse=descending)
    assert touches[0 if descending else -1] == 3
    _click_header(qtbot, widget, Column.TOUCHES)
    assert widget.model.query().descending is not descending
    assert _names(widget.model)[-1 if descending else 0] == "Lena Later"


def test_the_view_shows_marks_and_plain_text(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    service.add_prospect(HTML_NAME)
    widget = _widget(qtbot, service)
    table = widget.table
    for column in Column:  # the standard delegate's painting: plain text, no HTML
        delegate = table.itemDelegateForColumn(column) or table.itemDelegate()
        assert type(delegate) in (QStyledItemDelegate, MarkRoomDelegate)
    index = _cell(widget.model, HTML_NAME, Column.NAME)
    assert table.model().data(index) == HTML_NAME
    overdue = _cell(widget.model, "Olga Overdue", Column.NEXT_FOLLOW_UP)
    assert table.model().data(overdue, Qt.ItemDataRole.ForegroundRole) == overdue_color()


def test_selecting_a_row_announces_the_prospect(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    widget = _widget(qtbot, service)
    row = _names(widget.model).index("Fritz Friday")
    with qtbot.wait_signal(widget.prospect_selected) as blocker:
        _click_row(qtbot, widget, row)
    assert blocker.args == [people["Fritz Friday"]]
    assert widget.current_prospect_id() == people["Fritz Friday"]

    with qtbot.wait_signal(widget.prospect_activated) as activated:
        qtbot.keyClick(widget.table, Qt.Key.Key_Return)
    assert activated.args == [people["Fritz Friday"]]

    with qtbot.wait_signal(widget.prospect_selected) as blocker:
        assert widget.select_prospect(people["Nina Nothing"])
    assert blocker.args == [people["Nina Nothing"]]
    assert widget.select_prospect(10**9) is False


def test_refresh_keeps_the_selected_prospect(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    widget = _widget(qtbot, service)
    widget.select_prospect(people["Tara Today"])
    service.add_prospect("Aaron Added")  # sorts first: every row moves down
    with qtbot.assert_not_emitted(widget.prospect_selected):
        widget.refresh()
    assert widget.model.total_count() == len(people) + 1
    assert widget.current_prospect_id() == people["Tara Today"]
    assert widget.table.selectionModel().isRowSelected(
        _names(widget.model).index("Tara Today"), QModelIndex()
    )

    with qtbot.assert_not_emitted(widget.prospect_selected):
        _click_header(qtbot, widget, Column.TOUCHES)
    assert widget.current_prospect_id() == people["Tara Today"]

    widget.set_quick_filter(QuickFilter.OVERDUE)
    assert widget.current_prospect_id() is None


def test_down_in_the_search_box_moves_to_the_list(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    widget = _widget(qtbot, service)
    widget.focus_search()
    with qtbot.wait_signal(widget.prospect_selected):
        qtbot.keyClick(widget.search_edit, Qt.Key.Key_Down)
    assert widget.current_prospect_id() == widget.model.prospect_id(0)


# -- the widget: empty states and state -----------------------------------------------


def test_an_empty_database_asks_to_add_a_prospect(qtbot: QtBot, service: FollowUpService) -> None:
    widget = _widget(qtbot, service)
    assert not widget.table.isVisible()
    assert widget.empty_label.isVisible()
    assert widget.empty_label.text() == "No prospects yet: import your contacts or add one."
    assert widget.empty_import_button.isVisible()
    with qtbot.wait_signal(widget.import_requested):
        qtbot.mouseClick(widget.empty_import_button, Qt.MouseButton.LeftButton)
    assert widget.empty_label.textFormat() == Qt.TextFormat.PlainText
    assert widget.empty_button.text() == "Add prospect"
    with qtbot.wait_signal(widget.add_requested):
        qtbot.mouseClick(widget.empty_button, Qt.MouseButton.LeftButton)

    service.add_prospect("First One")
    widget.refresh()
    assert widget.table.isVisible()
    assert not widget.empty_label.isVisible()


def test_a_search_without_matches_offers_to_clear_it(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    widget = _widget(qtbot, service)
    qtbot.keyClicks(widget.search_edit, "<b>xyz")
    qtbot.waitUntil(widget.empty_label.isVisible)
    assert widget.empty_label.text() == "No prospects match “<b>xyz”."
    assert widget.empty_button.text() == "Clear the search"
    assert widget.count_label.text() == "0 prospects"
    with qtbot.assert_not_emitted(widget.add_requested):
        qtbot.mouseClick(widget.empty_button, Qt.MouseButton.LeftButton)
    assert widget.search_edit.text() == ""
    assert widget.table.isVisible()
    assert widget.model.rowCount() == len(people)


def test_a_filter_without_matches_offers_to_show_all(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    widget = _widget(qtbot, service)
    widget.set_stage(Stage.LOST)
    assert widget.empty_label.isVisible()
    assert widget.empty_button.text() == "Show all prospects"
    qtbot.mouseClick(widget.empty_button, Qt.MouseButton.LeftButton)
    assert widget.model.query().stage is None
    assert widget.stage_combo.currentText() == "Any stage"
    assert widget.table.isVisible()


def test_state_round_trips_to_a_new_widget(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    widget = _widget(qtbot, service)
    header = widget.table.horizontalHeader()
    header.moveSection(header.visualIndex(Column.STAGE), 0)
    header.resizeSection(Column.COMPANY, 123)
    widget.set_quick_filter(QuickFilter.THIS_WEEK)
    widget.set_stage(Stage.NEW)
    _click_header(qtbot, widget, Column.TOUCHES)
    _click_header(qtbot, widget, Column.TOUCHES)
    saved_query = widget.model.query()
    state = json.loads(json.dumps(widget.save_state()))
    assert isinstance(state["header"], str)

    restored = _widget(qtbot, service)
    restored.restore_state(state)
    assert restored.model.query() == saved_query
    new_header = restored.table.horizontalHeader()
    assert new_header.visualIndex(Column.STAGE) == 0
    assert new_header.sectionSize(Column.COMPANY) == 123
    assert new_header.sortIndicatorSection() == Column.TOUCHES
    assert new_header.sortIndicatorOrder() == header.sortIndicatorOrder()
    assert restored.quick_buttons[QuickFilter.THIS_WEEK].isChecked()
    assert restored.stage_combo.currentText() == "New"
    assert _names(restored.model) == _names(widget.model)


def test_damaged_state_is_ignored(
    qtbot: QtBot, service: FollowUpService, people: dict[str, int]
) -> None:
    widget = _widget(qtbot, service)
    widget.restore_state(
        {"header": "not base64!", "quick_filter": "bogus", "stage": 7, "sort_column": 99}
    )
    assert widget.model.query() == ProspectQuery()
    assert widget.model.rowCount() == len(people)
