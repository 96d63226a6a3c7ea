"""The window at 900×600: it fits, the card's header wraps whole, the calendar
column can be hidden (and stays so), and no splitter pane is lost at zero size."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QByteArray, QPoint, QSettings
from PySide6.QtWidgets import QLabel, QSplitter
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.model import Channel
from followup_desktop.services import FollowUpService
from followup_desktop.services.followup import NextStep
from followup_desktop.ui.mainwindow import MainWindow
from followup_desktop.ui.prospect_card import ProspectCardWidget

NARROW = (900, 600)


def _fill(service: FollowUpService, clock: FixedClock) -> int:
    p = service.add_prospect(
        "Maximilian Alexander Oberhuber-Wittgenstein",
        company="Oberhuber-Wittgenstein Unternehmensberatung und Beteiligungen GmbH",
        title="Geschäftsführender Gesellschafter",
    )
    assert p.id is not None
    service.log_touch(
        p.id,
        Channel.EMAIL,
        notes="Sent the outline",
        next_step=NextStep(
            "at",
            clock.now() + timedelta(days=2),
            Channel.CALL,
            "Ask whether the outline answers the board's questions about the pilot",
        ),
    )
    for n in range(12):
        service.add_prospect(f"Prospect {n:02}")
    return p.id


def _shows_whole(label: QLabel, card: ProspectCardWidget) -> bool:
    """The label is tall enough for its wrapped text, and scrolled to (the header
    scrolls with the fields) it lies whole inside the card's view."""
    assert label.isVisible()
    if label.height() < label.heightForWidth(label.width()):
        return False
    card.scroll_area.ensureWidgetVisible(label, 0, 0)
    viewport = card.scroll_area.viewport()
    top = viewport.mapFromGlobal(label.mapToGlobal(QPoint(0, 0)))
    bottom = viewport.mapFromGlobal(label.mapToGlobal(QPoint(0, label.height())))
    return top.y() >= 0 and bottom.y() <= viewport.height()


def _narrow_window(qtbot: QtBot, service: FollowUpService, settings: QSettings) -> MainWindow:
    window = MainWindow(service, settings)
    qtbot.add_widget(window)
    window.show()
    qtbot.wait_exposed(window)
    window.resize(*NARROW)
    qtbot.wait(50)
    return window


def test_the_window_fits_900_by_600_and_the_card_header_wraps_whole(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock, settings: QSettings
) -> None:
    pid = _fill(service, clock)
    window = _narrow_window(qtbot, service, settings)
    window.open_prospect(pid)
    qtbot.wait(50)
    assert window.calendar_shown()
    assert window.minimumSizeHint().width() <= NARROW[0]
    assert window.width() <= NARROW[0]
    assert window.height() <= NARROW[1]
    card = window.card
    assert "board's questions" in card.next_label.text()
    for label in (card.next_label, card.cadence_label):
        assert label.wordWrap()
        assert _shows_whole(label, card), label.text()
    # Every page fits too.
    for view in ("agenda", "thank_you", "reports"):
        from followup_desktop.ui.navigation import Destination

        window.show_destination(Destination(view))
        qtbot.wait(20)
        assert window.minimumSizeHint().width() <= NARROW[0], view


def test_the_calendar_column_hides_from_the_view_menu_and_stays_hidden(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock, settings: QSettings
) -> None:
    _fill(service, clock)
    window = _narrow_window(qtbot, service, settings)
    action = window.actions_.show_calendar
    view_menu = next(
        m.menu() for m in window.menuBar().actions() if m.text().replace("&", "") == "View"
    )
    assert action in view_menu.actions()
    assert action.isCheckable()
    assert action.isChecked()
    before = window.pages.width()
    action.trigger()
    qtbot.wait(20)
    assert not window.calendar_shown()
    assert not window.right_splitter.isVisible()
    assert window.pages.width() > before  # the view gets the room
    window.close()

    again = _narrow_window(qtbot, service, settings)
    assert not again.calendar_shown()
    assert not again.actions_.show_calendar.isChecked()
    again.actions_.show_calendar.trigger()
    qtbot.wait(20)
    assert again.right_splitter.isVisible()
    assert again.right_splitter.width() > 0


def test_panes_squeezed_to_nothing_come_back(
    qtbot: QtBot, service: FollowUpService, clock: FixedClock, settings: QSettings
) -> None:
    """A state saved with a pane dragged to zero (older versions let the calendar and
    the list collapse) opens with every pane there; dragging cannot lose one again."""
    _fill(service, clock)
    window = _narrow_window(qtbot, service, settings)
    window.main_splitter.setSizes([180, 720, 0])
    window.prospects_splitter.setSizes([0, 500])
    window.right_splitter.setSizes([0, 400])
    for splitter in (window.main_splitter, window.prospects_splitter, window.right_splitter):
        splitter.setChildrenCollapsible(True)  # as an older version saved it
    window.close()

    again = _narrow_window(qtbot, service, settings)
    splitters: list[QSplitter] = [
        again.main_splitter,
        again.right_splitter,
        again.prospects_splitter,
        again.detail_splitter,
    ]
    for splitter in splitters:
        assert all(size > 0 for size in splitter.sizes()), splitter.objectName()
        assert not any(splitter.isCollapsible(i) for i in range(splitter.count()))
    assert again.calendar_shown()
    state = settings.value("window/main_splitter")
    assert isinstance(state, QByteArray)
