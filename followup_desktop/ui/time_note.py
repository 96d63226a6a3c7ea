"""Saying which moment a wall-clock time means when the clocks change that day.

A time the clocks skip (02:30 the night they go forward) or show twice (the
night they go back) is taken as the domain's ``at_local`` takes it; the line
under the edit says so while such a time is shown, so nothing moves without a word.
"""

from __future__ import annotations

from datetime import date, time, tzinfo

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import QDateTimeEdit, QLabel, QVBoxLayout, QWidget

from followup_desktop.domain.wallclock import local_time_note


def with_note(edit: QDateTimeEdit, note: TimeNote) -> QWidget:
    """The edit with its note under it, as one row of a form: a hidden note takes
    no room, and the row's label still gives the edit the focus."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit)
    layout.addWidget(note)
    box.setFocusProxy(edit)
    return box


class TimeNote(QLabel):
    """A line that follows a date-time edit holding a wall-clock time in ``tz``;
    hidden unless that time is one a clock change skips or repeats."""

    def __init__(self, edit: QDateTimeEdit, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self.setObjectName("timeNote")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.hide()
        edit.dateTimeChanged.connect(self._show_for)
        self._show_for(edit.dateTime())

    def _show_for(self, shown: QDateTime) -> None:
        day, clock = shown.date(), shown.time()
        note = local_time_note(
            date(day.year(), day.month(), day.day()),
            time(clock.hour(), clock.minute()),
            self._tz,
        )
        text = f"{note[0].upper()}{note[1:]}." if note else ""
        if text == self.text() and self.isVisible() == bool(note):
            return
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(note))
        QTimer.singleShot(0, self, self._make_room)  # not after the note is gone

    def _make_room(self) -> None:
        """Grow the dialog so that the whole note shows (it wraps to its width)."""
        window = self.window()
        layout = window.layout()
        if window is self or layout is None or not window.isVisible():
            return
        if layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(window.width())
        else:
            needed = layout.totalSizeHint().height()
        if needed > window.height():
            window.resize(window.width(), needed)
