"""The reminder timer: one single-shot timer set for the next due moment.

No polling: the engine asks the reminder service when something next needs
announcing and sleeps until then. A coarse heartbeat compares the wall clock
with a monotonic clock to notice a sleep, a wake-up or a changed clock, and
then looks again at once.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from followup_desktop.domain.clock import Clock
from followup_desktop.services import StoreError
from followup_desktop.services.reminders import ReminderService

log = logging.getLogger(__name__)

# Longer timers are set in steps: QTimer takes at most ~24 days, and a long
# wait is better re-evaluated now and then.
MAX_INTERVAL = timedelta(hours=6)
HEARTBEAT = timedelta(seconds=60)
# A wall clock that moved this much more (or less) than the monotonic one jumped.
JUMP_TOLERANCE = timedelta(minutes=2)
# When announcing failed (the database was busy), try again after this.
RETRY = timedelta(seconds=60)


def _ms(delta: timedelta) -> int:
    """Whole milliseconds, rounded up so that a timer never fires early."""
    return max(0, math.ceil(delta / timedelta(milliseconds=1)))


class ReminderEngine(QObject):
    """Emits ``announce`` with an Announcement whenever something comes due."""

    announce = Signal(object)

    def __init__(
        self,
        reminders: ReminderService,
        clock: Clock,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reminders = reminders
        self._clock = clock
        self._monotonic = monotonic
        self._paused_until: datetime | None = None
        self._armed_for: datetime | None = None
        self._last_wall = self._now_utc()
        self._last_mono = monotonic()

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(_ms(HEARTBEAT))
        self.heartbeat.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.timer.timeout.connect(self._on_timer_timeout)
        self.heartbeat.timeout.connect(self._on_heartbeat_timeout)

    # -- public ------------------------------------------------------------
    def start(self) -> None:
        """Announce what is overdue (summed up), then sleep until the next due moment."""
        self._reset_heartbeat()
        self.heartbeat.start()
        self._check(at_start=True)

    def stop(self) -> None:
        self.timer.stop()
        self.heartbeat.stop()
        self._armed_for = None

    @Slot()
    def data_changed(self) -> None:
        """Follow-ups changed (added, moved, snoozed, done): set the timer again."""
        if self.heartbeat.isActive():
            self._arm(after_check=False)

    def pause_until(self, moment: datetime | None) -> None:
        """Announce nothing before ``moment`` (None: resume now); what came due waits."""
        self._paused_until = moment
        if self.heartbeat.isActive():
            self._arm(after_check=False)

    def paused_until(self) -> datetime | None:
        """The end of a pause still in force, or None."""
        if self._paused_until is not None and self._paused_until.astimezone(UTC) <= self._now_utc():
            self._paused_until = None
        return self._paused_until

    def armed_for(self) -> datetime | None:
        """The moment the engine next looks for something to announce, or None."""
        return self._armed_for if self.timer.isActive() else None

    # -- slots -------------------------------------------------------------
    @Slot()
    def _on_timer_timeout(self) -> None:
        self._check(at_start=False)

    @Slot()
    def _on_heartbeat_timeout(self) -> None:
        wall, mono = self._now_utc(), self._monotonic()
        drift = (wall - self._last_wall) - timedelta(seconds=mono - self._last_mono)
        self._last_wall, self._last_mono = wall, mono
        if abs(drift) > JUMP_TOLERANCE:
            # Slept and woke, or the clock was set: what came due meanwhile, now,
            # summed up like at start-up when it is several.
            log.info("Clock jumped by %s: looking for reminders now", drift)
            self._check(at_start=True)

    # -- helpers -----------------------------------------------------------
    def _now_utc(self) -> datetime:
        return self._clock.now().astimezone(UTC)

    def _reset_heartbeat(self) -> None:
        self._last_wall, self._last_mono = self._now_utc(), self._monotonic()

    def _check(self, *, at_start: bool) -> None:
        """Announce what is due (unless paused), then set the timer again."""
        if self.paused_until() is None:
            try:
                announcements = self._reminders.due_announcements(at_start=at_start)
                # Remembered first: a notification that fails to show is not repeated.
                self._reminders.mark_announced(announcements)
            except StoreError as exc:
                log.warning("Reminders could not be read or saved: %s", exc)
                announcements = []
            for announcement in announcements:
                self.announce.emit(announcement)
        self._arm(after_check=True)

    def _arm(self, *, after_check: bool) -> None:
        """Set the single-shot timer for the next wake-up (capped), or stop it."""
        now = self._now_utc()
        try:
            wake = self._reminders.next_wakeup()
        except StoreError as exc:
            log.warning("Reminders could not be read: %s", exc)
            wake = now + RETRY
        paused = self.paused_until()
        if wake is not None and paused is not None and wake.astimezone(UTC) < paused:
            wake = paused
        if wake is None:
            self._armed_for = None
            self.timer.stop()
            return
        delay = wake.astimezone(UTC) - now
        if after_check and delay <= timedelta(0):
            # Just looked and it is still due: the database refused the note
            # that it was announced. Try again later rather than spin.
            wake, delay = now + RETRY, RETRY
        self._armed_for = wake.astimezone(self._clock.tz)
        self.timer.start(_ms(min(delay, MAX_INTERVAL)))
