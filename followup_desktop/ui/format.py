"""How times and channels are shown: relative when near, absolute in tooltips.

Words come from the translation catalogue and dates from ``QLocale()`` (which
the app sets to the chosen language), so a German user reads "vor 2 Wochen"
and "Do., 26. Nov. 2026".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, time, tzinfo
from typing import TypeVar

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone
from PySide6.QtGui import QColor, QGuiApplication

from followup_desktop import i18n
from followup_desktop.domain.model import Channel, Direction, Outcome, Stage
from followup_desktop.i18n import _, ngettext, pgettext
from followup_desktop.ui.palette import alert_red

K = TypeVar("K")
E = TypeVar("E", Channel, Outcome, Direction, Stage)


class TranslatedLabels(Mapping[K, str]):
    """Display names by key, in the language in use when they are read.

    The tables are made by a function, called again when the language
    changes, so that a module-level table never keeps the words of the
    language that was in use when the module was imported.
    """

    def __init__(self, make: Callable[[], dict[K, str]]) -> None:
        self._make = make
        self._language: str | None = None
        self._labels: dict[K, str] = {}

    def _current(self) -> dict[K, str]:
        language = i18n.current_language()
        if language != self._language:
            self._labels, self._language = self._make(), language
        return self._labels

    def __getitem__(self, key: K) -> str:
        return self._current()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


def _labels_of(kind: type[E]) -> Callable[[], dict[E, str]]:
    """Each member's label, in the language in use (the domain says the words)."""

    def labels() -> dict[E, str]:
        return {member: member.label for member in kind}

    return labels


CHANNEL_LABELS: Mapping[Channel, str] = TranslatedLabels(_labels_of(Channel))
OUTCOME_LABELS: Mapping[Outcome, str] = TranslatedLabels(_labels_of(Outcome))
DIRECTION_LABELS: Mapping[Direction, str] = TranslatedLabels(_labels_of(Direction))
STAGE_LABELS: Mapping[Stage, str] = TranslatedLabels(_labels_of(Stage))


# Date patterns in Qt's letters, translated so that each language orders its
# words as it does (German writes "26. Nov."); the names come from QLocale.
def day_month_pattern() -> str:
    # Translators: a Qt date pattern (d day, MMM short month name): "26 Nov". Keep
    # the letters; reorder and punctuate them as your language writes dates.
    return pgettext("date pattern", "d MMM")


def day_month_year_pattern() -> str:
    # Translators: a Qt date pattern (d day, MMM short month name, yyyy year): "26 Nov 2026"
    return pgettext("date pattern", "d MMM yyyy")


def weekday_day_month_pattern() -> str:
    # Translators: a Qt date pattern (ddd short weekday, d day, MMM short month name): "Thu 26 Nov"
    return pgettext("date pattern", "ddd d MMM")


def weekday_date_pattern() -> str:
    # Translators: a Qt date pattern (ddd short weekday, d day, MMM short month,
    # yyyy year): "Thu 26 Nov 2026"
    return pgettext("date pattern", "ddd d MMM yyyy")


def long_day_pattern() -> str:
    # Translators: a Qt date pattern (dddd weekday, d day, MMMM month name): "Thursday 26 November"
    return pgettext("date pattern", "dddd d MMMM")


def long_day_year_pattern() -> str:
    # Translators: a Qt date pattern (dddd weekday, d day, MMMM month name,
    # yyyy year): "Thursday 26 November 2026"
    return pgettext("date pattern", "dddd d MMMM yyyy")


def day_month_name_pattern() -> str:
    # Translators: a Qt date pattern (d day, MMMM month name): "25 November"
    return pgettext("date pattern", "d MMMM")


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


def locale_date(day: date, fmt: str) -> str:
    """``day`` in a Qt date pattern, with the names of the user's locale."""
    return str(QLocale().toString(qdate(day), fmt))


def number_text(number: int) -> str:
    """A count with the locale's thousands separator ("12,345", "12.345")."""
    return str(QLocale().toString(number))


def absolute_when(moment: datetime) -> str:
    """The full date and time in the user's locale, in the moment's own zone, for tooltips."""
    offset = moment.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    qt = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), QTimeZone(seconds))
    return str(QLocale().toString(qt, QLocale.FormatType.LongFormat))


def date_time_text(moment: datetime) -> str:
    """A date and time in short words, in the moment's own zone ("Fri 27 Nov 2026, 12:31")."""
    return _("{date}, {time}").format(
        date=locale_date(moment.date(), weekday_date_pattern()), time=clock_time_text(moment)
    )


def is_today(moment: datetime, now: datetime) -> bool:
    """Whether ``moment`` falls on ``now``'s day, in ``now``'s zone."""
    return moment.astimezone(now.tzinfo).date() == now.date()


def relative_when(moment: datetime, now: datetime, *, with_time: bool = True) -> str:
    """Near dates in words ("today 14:00", "tomorrow", "in 3 days", "2 weeks ago")."""
    local = moment.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    clock = clock_time_text(local)
    if days == 0:
        return _("today {time}").format(time=clock) if with_time else _("today")
    if days == 1:
        return _("tomorrow {time}").format(time=clock) if with_time else _("tomorrow")
    if days == -1:
        return _("yesterday {time}").format(time=clock) if with_time else _("yesterday")
    if 1 < days < 7:
        return ngettext("in {n} day", "in {n} days", days).format(n=days)
    if -7 < days < -1:
        return ngettext("{n} day ago", "{n} days ago", -days).format(n=-days)
    weeks = abs(days) // 7
    if abs(days) < 30:
        if days > 0:
            return ngettext("in {n} week", "in {n} weeks", weeks).format(n=weeks)
        return ngettext("{n} week ago", "{n} weeks ago", weeks).format(n=weeks)
    if abs(days) < 365:
        return locale_date(local.date(), day_month_pattern())
    return locale_date(local.date(), day_month_year_pattern())


def date_time_edit_format() -> str:
    """How a date-time edit shows its moment: the weekday, day and month in words as
    everywhere else in the app ("Thu 26 Nov 2026"), then the locale's short time."""
    clock = str(QLocale().timeFormat(QLocale.FormatType.ShortFormat))
    if QLocale().language() == QLocale.Language.C:
        clock = "HH:mm"
    return f"{weekday_date_pattern()}  {clock}"


def day_heading(day_moment: datetime, now: datetime) -> str:
    """A heading for a day in a timeline: Today, Yesterday, or the date."""
    days = (day_moment.astimezone(now.tzinfo).date() - now.date()).days
    if days == 0:
        return _("Today")
    if days == -1:
        return _("Yesterday")
    fmt = weekday_day_month_pattern() if abs(days) < 300 else weekday_date_pattern()
    return locale_date(day_moment.astimezone(now.tzinfo).date(), fmt)


__all__ = [
    "CHANNEL_LABELS",
    "DIRECTION_LABELS",
    "OUTCOME_LABELS",
    "STAGE_LABELS",
    "TranslatedLabels",
    "absolute_when",
    "clock_time_text",
    "date_time_edit_format",
    "date_time_text",
    "day_heading",
    "day_month_name_pattern",
    "is_today",
    "locale_date",
    "long_day_pattern",
    "long_day_year_pattern",
    "number_text",
    "overdue_color",
    "qdate",
    "qtime",
    "relative_when",
    "weekday_date_pattern",
    "weekday_day_month_pattern",
]
