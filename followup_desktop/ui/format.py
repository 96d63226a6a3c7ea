"""How times and channels are shown: relative when near, absolute in tooltips."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone
from PySide6.QtGui import QColor, QGuiApplication

from followup_desktop.domain.model import Channel, Direction, Outcome, Stage
from followup_desktop.ui.palette import alert_red

CHANNEL_LABELS = {
    Channel.CALL: "Call",
    Channel.EMAIL: "E-mail",
    Channel.TEXT: "Text",
    Channel.SOCIAL: "Social media",
    Channel.MEETING: "Meeting",
    Channel.NOTE: "Thank-you note",
    Channel.EVENT: "Event invitation",
    Channel.ARTICLE: "Shared article",
    Channel.INTRODUCTION: "Introduction",
    Channel.OPINION: "Asked their opinion",
}
OUTCOME_LABELS = {
    Outcome.NO_ANSWER: "No answer",
    Outcome.LEFT_MESSAGE: "Left a message",
    Outcome.SENT: "Sent",
    Outcome.REPLIED: "Replied",
    Outcome.CONVERSATION: "Conversation",
    Outcome.MEETING_BOOKED: "Meeting booked",
    Outcome.PROPOSAL_SENT: "Proposal sent",
    Outcome.DECLINED: "Declined",
}
DIRECTION_LABELS = {Direction.OUT: "Outgoing", Direction.IN: "Incoming"}
STAGE_LABELS = {stage: stage.value.capitalize() for stage in Stage}


def overdue_color() -> QColor:
    """The red for overdue dates, chosen for the application's palette (light or dark)."""
    return alert_red(QGuiApplication.palette())


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def qtime(clock_time: time) -> QTime:
    return QTime(clock_time.hour, clock_time.minute, clock_time.second)


def clock_time_text(moment: datetime, tz: tzinfo | None = None) -> str:
    """The wall-clock time of ``moment`` (in ``tz`` if given), in the user's locale."""
    local = moment.astimezone(tz) if tz is not None else moment
    return str(QLocale().toString(qtime(local.time()), QLocale.FormatType.ShortFormat))


def _locale_date(day: date, fmt: str) -> str:
    return str(QLocale().toString(qdate(day), fmt))


def absolute_when(moment: datetime) -> str:
    """The full date and time in the user's locale, in the moment's own zone, for tooltips."""
    offset = moment.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    qt = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone(seconds))
    return str(QLocale().toString(qt, QLocale.FormatType.LongFormat))


def date_time_text(moment: datetime) -> str:
    """A date and time in short words, in the moment's own zone ("Fri 27 Nov 2026, 12:31")."""
    return f"{_locale_date(moment.date(), 'ddd d MMM yyyy')}, {clock_time_text(moment)}"


def relative_when(moment: datetime, now: datetime, *, with_time: bool = True) -> str:
    """Near dates in words ("today 14:00", "tomorrow", "in 3 days", "2 weeks ago")."""
    local = moment.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    time_part = f" {clock_time_text(local)}" if with_time else ""
    if days == 0:
        return f"today{time_part}"
    if days == 1:
        return f"tomorrow{time_part}"
    if days == -1:
        return f"yesterday{time_part}"
    if 1 < days < 7:
        return f"in {days} days"
    if -7 < days < -1:
        return f"{-days} days ago"
    weeks = abs(days) // 7
    if abs(days) < 30:
        unit = "week" if weeks == 1 else "weeks"
        return f"in {weeks} {unit}" if days > 0 else f"{weeks} {unit} ago"
    if abs(days) < 365:
        return _locale_date(local.date(), "d MMM")
    return _locale_date(local.date(), "d MMM yyyy")


def date_time_edit_format() -> str:
    """How a date-time edit shows its moment: the weekday, day and month in words as
    everywhere else in the app ("Thu 26 Nov 2026"), then the locale's short time."""
    clock = str(QLocale().timeFormat(QLocale.FormatType.ShortFormat))
    if QLocale().language() == QLocale.Language.C:
        clock = "HH:mm"
    return f"ddd d MMM yyyy  {clock}"


def day_heading(day_moment: datetime, now: datetime) -> str:
    """A heading for a day in a timeline: Today, Yesterday, or the date."""
    days = (day_moment.astimezone(now.tzinfo).date() - now.date()).days
    if days == 0:
        return "Today"
    if days == -1:
        return "Yesterday"
    fmt = "ddd d MMM" if abs(days) < 300 else "ddd d MMM yyyy"
    return _locale_date(day_moment.astimezone(now.tzinfo).date(), fmt)


__all__ = [
    "CHANNEL_LABELS",
    "DIRECTION_LABELS",
    "OUTCOME_LABELS",
    "STAGE_LABELS",
    "absolute_when",
    "clock_time_text",
    "date_time_edit_format",
    "date_time_text",
    "day_heading",
    "overdue_color",
    "qdate",
    "qtime",
    "relative_when",
]
