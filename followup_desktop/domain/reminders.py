"""When to remind the seller, and what to say: quiet hours, snoozing, announcements.

Pure rules: the reminder service feeds them the store's follow-ups and the
clock's time; the tray shows what they return. Elapsed times are counted in
UTC, wall-clock times (08:00, tomorrow 09:00) are placed with ``at_local`` so
they survive daylight-saving changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Protocol

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, FollowUp
from followup_desktop.domain.wallclock import at_local, to_utc
from followup_desktop.i18n import _, ngettext, pgettext


def channel_words() -> dict[Channel, str]:
    """The words a notification uses for each channel, in the user's language (the
    UI has its own labels)."""
    return {
        Channel.CALL: pgettext("notification", "Call"),
        Channel.EMAIL: pgettext("notification", "E-mail"),
        Channel.TEXT: pgettext("notification", "Text"),
        Channel.SOCIAL: pgettext("notification", "Social media"),
        Channel.MEETING: pgettext("notification", "Meeting"),
        Channel.NOTE: pgettext("notification", "Thank-you note"),
        Channel.EVENT: pgettext("notification", "Event invitation"),
        Channel.ARTICLE: pgettext("notification", "Share an article"),
        Channel.INTRODUCTION: pgettext("notification", "Introduction"),
        Channel.OPINION: pgettext("notification", "Ask their opinion"),
    }


# How many names a summary of overdue follow-ups lists before "and N more".
SUMMARY_NAMES = 3
# More follow-ups than this coming due at once are summed up in one notification.
MAX_SEPARATE = 3


@dataclass(frozen=True)
class QuietHours:
    """When reminders wait: evenings, nights and (by default) weekends.

    ``evening_start`` to ``morning_end`` is the nightly quiet time; when
    ``evening_start`` is earlier than ``morning_end`` the window lies within one
    day, and when they are equal there is none.
    """

    evening_start: time = time(19, 0)
    morning_end: time = time(8, 0)
    weekends_quiet: bool = True
    enabled: bool = True

    def is_quiet(self, moment: datetime) -> bool:
        """Whether ``moment`` falls in quiet hours, read on its own zone's wall clock."""
        if not self.enabled:
            return False
        if self.weekends_quiet and moment.weekday() >= 5:
            return True
        now = moment.time()
        start, end = self.evening_start, self.morning_end
        if start > end:
            return now >= start or now < end
        return start <= now < end

    def end_of_quiet(self, moment: datetime) -> datetime:
        """The first moment at or after ``moment`` that is not quiet, in its zone.

        Quiet time ends at ``morning_end`` (a night) or at midnight (a weekend
        without nightly quiet hours); each candidate is a wall-clock time.
        """
        if not self.is_quiet(moment):
            return moment
        tz = moment.tzinfo
        assert tz is not None
        instant = to_utc(moment)
        day = moment.date()
        while True:  # a weekday's morning_end is never quiet: this ends within 3 days
            for clock_time in sorted((time(0, 0), self.morning_end)):
                candidate = at_local(day, clock_time, tz)
                if to_utc(candidate) > instant and not self.is_quiet(candidate):
                    return candidate
            day += timedelta(days=1)


class SnoozeChoice(StrEnum):
    """The snoozes offered from a notification, the tray menu and the agenda."""

    MINUTES_15 = "15m"
    HOUR = "1h"
    TOMORROW = "tomorrow"


_SNOOZE_DELAYS = {
    SnoozeChoice.MINUTES_15: timedelta(minutes=15),
    SnoozeChoice.HOUR: timedelta(hours=1),
}


def snooze_until(choice: str, now: datetime, *, morning: time = time(9, 0)) -> datetime:
    """When a follow-up snoozed now with ``choice`` comes back, in ``now``'s zone.

    "15m" and "1h" are elapsed time; "tomorrow" is the next day at ``morning``.
    """
    try:
        snooze = SnoozeChoice(choice)
    except ValueError:
        raise DomainError(_("Unknown snooze: {choice}").format(choice=repr(choice))) from None
    tz = now.tzinfo
    if tz is None:
        raise DomainError(_("A time without a zone is ambiguous"))
    if snooze is SnoozeChoice.TOMORROW:
        return at_local(now.date() + timedelta(days=1), morning, tz)
    return (to_utc(now) + _SNOOZE_DELAYS[snooze]).astimezone(tz)


def next_alert_at(
    earliest_due: datetime | None, now: datetime, quiet: QuietHours
) -> datetime | None:
    """When reminders should next be looked at, in ``now``'s zone; None if never.

    The earliest due time of what has not been announced (now if that is past),
    moved to the end of quiet hours when it falls in them.
    """
    if earliest_due is None:
        return None
    wake = max(to_utc(earliest_due), to_utc(now)).astimezone(now.tzinfo)
    return quiet.end_of_quiet(wake)


class DueFollowUp(Protocol):
    """A follow-up that came due and whose prospect it is (the store's DueItem)."""

    @property
    def follow_up(self) -> FollowUp: ...

    @property
    def prospect_name(self) -> str: ...


@dataclass(frozen=True)
class Announcement:
    """One notification, in plain text; ``prospect_id`` is what clicking it opens."""

    title: str
    body: str
    follow_up_ids: tuple[int, ...]
    prospect_id: int | None


def announcement_for(item: DueFollowUp) -> Announcement:
    """A follow-up's own notification: the prospect, then channel and purpose."""
    follow_up = item.follow_up
    body = channel_words()[follow_up.channel]
    if follow_up.purpose.strip():
        # Translators: a notification's text: the channel, then the follow-up's purpose.
        body = _("{channel} — {purpose}").format(channel=body, purpose=follow_up.purpose.strip())
    return Announcement(
        title=item.prospect_name,
        body=body,
        follow_up_ids=_ids([item]),
        prospect_id=follow_up.prospect_id,
    )


def summary_for(items: Sequence[DueFollowUp], *, overdue: bool = True) -> Announcement:
    """One notification for several follow-ups: a count and a few names."""
    names = list(dict.fromkeys(item.prospect_name for item in items))
    shown, more = names[:SUMMARY_NAMES], len(names) - SUMMARY_NAMES
    if more > 0:
        body = ngettext("{names} and {n} more", "{names} and {n} more", more).format(
            names=", ".join(shown), n=more
        )
    elif len(shown) > 1:
        # Translators: the last two of a list of names ("Anna, Ben and Carla").
        body = _("{names} and {last}").format(names=", ".join(shown[:-1]), last=shown[-1])
    else:
        body = shown[0]
    count = len(items)
    if overdue:
        title = ngettext("{n} follow-up overdue", "{n} follow-ups overdue", count)
    else:
        title = ngettext("{n} follow-up due", "{n} follow-ups due", count)
    prospects = {item.follow_up.prospect_id for item in items}
    return Announcement(
        title=title.format(n=count),
        body=body,
        follow_up_ids=_ids(items),
        prospect_id=prospects.pop() if len(prospects) == 1 else None,
    )


def plan_announcements(
    items: Sequence[DueFollowUp], *, at_start: bool, max_separate: int = MAX_SEPARATE
) -> list[Announcement]:
    """The notifications for follow-ups that came due and were not announced yet.

    At start-up (or after the computer slept) several are summed up in one
    ("5 follow-ups overdue"); otherwise each gets its own, unless more than
    ``max_separate`` come due at once ("6 follow-ups due": cadences plan many
    for the same 09:00).
    """
    if not items:
        return []
    if at_start and len(items) > 1:
        return [summary_for(items)]
    if len(items) > max_separate:
        return [summary_for(items, overdue=False)]
    return [announcement_for(item) for item in items]


def _ids(items: Sequence[DueFollowUp]) -> tuple[int, ...]:
    return tuple(item.follow_up.id for item in items if item.follow_up.id is not None)
