"""Dark mode: the system's dark palette is followed, and red and blue stay readable.

Contrast is WCAG 2's: 4.5:1 for text (the badge digits are small text too).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from followup_desktop.services import FollowUpService
from followup_desktop.ui.agenda import AgendaWidget
from followup_desktop.ui.agenda import Column as AgendaColumn
from followup_desktop.ui.calendar import FollowUpCalendarWidget
from followup_desktop.ui.log_touch_dialog import LogTouchDialog
from followup_desktop.ui.palette import contrast_ratio, relative_luminance

TODAY, PAST, LATER = date(2026, 11, 25), date(2026, 11, 20), date(2026, 11, 27)
NEXT_MONTH = date(2026, 12, 2)  # shown greyed in November's last row

_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#2a2a2a",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6cb6ff",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, name in _DARK.items():
        palette.setColor(role, QColor(name))
    return palette


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[QPalette]:
    """Fusion with a dark palette, as a desktop in dark mode gives it; restored after."""
    style, palette = qapp.style().name(), qapp.palette()
    qapp.setStyle("Fusion")
    qapp.setPalette(dark_palette())
    yield qapp.palette()
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _place(service: FollowUpService, name: str, day: date, hour: int) -> None:
    prospect = service.add_prospect(name)
    assert prospect.id is not None
    follow_up = service.pending(prospect.id)[0]
    assert follow_up.id is not None
    service.reschedule(follow_up.id, datetime.combine(day, time(hour), tzinfo=service.clock.tz))


@pytest.fixture
def planned(service: FollowUpService) -> FollowUpService:
    _place(service, "Ana García", PAST, 9)  # overdue
    _place(service, "Bo Lindqvist", TODAY, 15)
    _place(service, "Chloé Martin", LATER, 11)
    _place(service, "Dana Weiss", NEXT_MONTH, 9)
    return service


def test_the_contrast_formula_matches_wcag() -> None:
    assert relative_luminance(QColor("#ffffff")) == pytest.approx(1.0)
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


def test_overdue_text_in_the_agenda_reads_on_a_dark_palette(
    qtbot: QtBot, dark: QPalette, planned: FollowUpService
) -> None:
    agenda = AgendaWidget(planned)
    qtbot.add_widget(agenda)
    agenda.show()
    model = agenda.model
    overdue = model.index(0, 0)
    red = model.index(0, AgendaColumn.WHEN, overdue).data(Qt.ItemDataRole.ForegroundRole)
    base = agenda.view.palette().color(QPalette.ColorRole.Base)
    assert relative_luminance(base) < 0.05  # the view did take the dark palette
    assert contrast_ratio(red, base) >= 4.5
    heading = overdue.data(Qt.ItemDataRole.ForegroundRole)
    assert contrast_ratio(heading, base) >= 4.5


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_calendar_badges_read_in_light_and_dark(
    qtbot: QtBot, qapp: QApplication, planned: FollowUpService, mode: str
) -> None:
    style, palette = qapp.style().name(), qapp.palette()
    qapp.setStyle("Fusion")
    qapp.setPalette(dark_palette() if mode == "dark" else qapp.style().standardPalette())
    try:
        calendar = FollowUpCalendarWidget(planned)
        qtbot.add_widget(calendar)
        calendar.show()
        for selected in (TODAY, PAST):
            calendar.select_day(selected)
            for day in (PAST, TODAY, LATER, NEXT_MONTH):
                fill, ink = calendar.badge_colours(day)
                assert contrast_ratio(ink, fill) >= 4.5, (mode, selected, day)
    finally:
        qapp.setStyle(style)
        qapp.setPalette(palette)


def test_the_log_dialogs_error_follows_the_palette(
    qtbot: QtBot, qapp: QApplication, service: FollowUpService
) -> None:
    prospect = service.add_prospect("Ana García")
    dialog = LogTouchDialog(service, prospect.id or 0)
    qtbot.add_widget(dialog)
    dialog.show()
    role = QPalette.ColorRole

    def readable() -> float:
        label = dialog.error_label.palette()
        return contrast_ratio(label.color(role.WindowText), label.color(role.Window))

    assert readable() >= 4.5
    style, palette = qapp.style().name(), qapp.palette()
    qapp.setStyle("Fusion")
    qapp.setPalette(dark_palette())
    try:
        # The palette change reaches the label through the event queue: on a busy
        # machine that takes more than one turn of it.
        qtbot.wait_until(
            lambda: relative_luminance(dialog.error_label.palette().color(role.Window)) < 0.05,
            timeout=3000,
        )
        qtbot.wait_until(lambda: readable() >= 4.5, timeout=3000)
    finally:
        qapp.setStyle(style)
        qapp.setPalette(palette)
    qtbot.wait_until(lambda: readable() >= 4.5, timeout=3000)
