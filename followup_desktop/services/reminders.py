"""The reminder use cases: what to announce now, when to look again, snoozing.

The tray's reminder engine asks this service; the rules (quiet hours, snooze
times, how announcements read) are in ``domain.reminders``. What was announced
is remembered in the database, so a restart does not repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from followup_desktop.domain.model import FollowUp
from followup_desktop.domain.reminders import (
    Announcement,
    QuietHours,
    next_alert_at,
    plan_announcements,
    snooze_until,
)
from followup_desktop.domain.wallclock import at_local
from followup_desktop.services.followup import FollowUpService


class ReminderService:
    """Announces follow-ups as they come due, once each, outside quiet hours."""

    def __init__(self, service: FollowUpService, quiet: QuietHours | None = None) -> None:
        self.service = service
        # Preferences may replace this at any time; the engine re-arms on data_changed().
        self.quiet = quiet if quiet is not None else QuietHours()

    def now(self) -> datetime:
        return self.service.now()

    def due_announcements(self, *, at_start: bool = False) -> list[Announcement]:
        """What came due and was not announced yet; nothing during quiet hours.

        ``at_start``: several are summed up in one announcement.
        """
        now = self.now()
        if self.quiet.is_quiet(now):
            return []
        return plan_announcements(self.service.store.unnotified_due(now), at_start=at_start)

    def mark_announced(self, announcements: Iterable[Announcement]) -> None:
        """Remember, in one transaction, that these were announced now."""
        ids = [fid for a in announcements for fid in a.follow_up_ids]
        if ids:
            self.service.store.mark_notified(ids, self.now())

    def next_wakeup(self) -> datetime | None:
        """When something next needs announcing (quiet hours respected), or None."""
        now = self.now()
        earliest = self.service.store.earliest_unnotified_due()
        return next_alert_at(earliest, now, self.quiet)

    def snooze_until(self, choice: str) -> datetime:
        """When a snooze chosen now ("15m", "1h", "tomorrow") ends."""
        return snooze_until(choice, self.now(), morning=self.service.follow_up_time)

    def snooze(self, follow_up_id: int, choice: str | datetime) -> FollowUp:
        """Snooze one follow-up ("15m", "1h", "tomorrow" or a chosen time).

        It is announced again when the snooze ends.
        """
        until = choice if isinstance(choice, datetime) else self.snooze_until(choice)
        store = self.service.store
        with store.transaction():
            follow_up = self.service.snooze(follow_up_id, until)
            store.clear_notified([follow_up_id])
        return follow_up

    def snooze_all(self, choice: str | datetime) -> list[FollowUp]:
        """Snooze every follow-up due now, in one transaction."""
        until = choice if isinstance(choice, datetime) else self.snooze_until(choice)
        store = self.service.store
        with store.transaction():
            due = self.service.due()
            ids = [item.follow_up.id for item in due if item.follow_up.id is not None]
            snoozed = [self.service.snooze(fid, until) for fid in ids]
            store.clear_notified(ids)
        return snoozed

    def pause_until_tomorrow(self) -> datetime:
        """When a pause chosen now ends: tomorrow when the quiet morning ends."""
        now = self.now()
        tomorrow = now.date() + timedelta(days=1)
        return at_local(tomorrow, self.quiet.morning_end, self.service.clock.tz)
