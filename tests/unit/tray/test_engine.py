"""The reminder engine: one single-shot timer, driven here by a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.reminders import Announcement, QuietHours
from followup_desktop.services import FollowUpService, StoreError
from followup_desktop.services.reminders import ReminderService
from followup_desktop.tray.engine import MAX_INTERVAL, RETRY, ReminderEngine
from tests.conftest import BERLIN

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
HOUR_MS = 3_600_000


def berlin(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


class FakeMonotonic:
    """A monotonic clock that moves only when told (a computer that never sleeps)."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


class Harness:
    """An engine on the test database, with what it announced."""

    def __init__(self, service: FollowUpService, clock: FixedClock) -> None:
        self.service = service
        self.clock = clock
        self.monotonic = FakeMonotonic()
        self.reminders = ReminderService(service, QuietHours())
        self.engine = ReminderEngine(self.reminders, clock, monotonic=self.monotonic)
        self.announced: list[Announcement] = []
        self.engine.announce.connect(self.announced.append)

    def advance(self, delta: timedelta) -> None:
        """Time passes normally: wall clock and monotonic clock together."""
        self.clock.advance(delta)
        self.monotonic.seconds += delta.total_seconds()

    def fire(self) -> None:
        """The single-shot timer runs out."""
        assert self.engine.timer.isActive()
        self.engine.timer.stop()
        self.engine._on_timer_timeout()

    def titles(self) -> list[str]:
        return [a.title for a in self.announced]


@pytest.fixture
def harness(qtbot: QtBot, service: FollowUpService, clock: FixedClock) -> Iterator[Harness]:
    h = Harness(service, clock)
    yield h
    h.engine.stop()


def add(service: FollowUpService, name: str) -> int:
    """A prospect whose first follow-up is due an hour from now; its id."""
    prospect = service.add_prospect(name)
    (follow_up,) = service.pending(prospect.id or 0)
    assert follow_up.id is not None
    return follow_up.id


def assert_armed(harness: Harness, at: datetime, interval: timedelta | None = None) -> None:
    engine = harness.engine
    assert engine.timer.isSingleShot()
    assert engine.timer.isActive()
    assert engine.armed_for() == at
    if interval is None:
        interval = min(at - harness.clock.now(), MAX_INTERVAL)
    ms = interval / timedelta(milliseconds=1)
    # remainingTime() counts down in real time while the test runs.
    assert ms - 5_000 <= engine.timer.remainingTime() <= ms


def test_nothing_planned_arms_nothing(harness: Harness) -> None:
    harness.engine.start()
    assert harness.engine.armed_for() is None
    assert not harness.engine.timer.isActive()
    assert harness.engine.heartbeat.isActive()
    assert harness.announced == []


def test_one_timer_for_the_next_due_moment(harness: Harness) -> None:
    add(harness.service, "Anna")
    harness.engine.start()
    assert harness.announced == []
    assert_armed(harness, WEDNESDAY + timedelta(hours=1))
    assert harness.engine.heartbeat.interval() == 60_000  # the only repeating timer


def test_a_follow_up_coming_due_is_announced_once(harness: Harness) -> None:
    fid = add(harness.service, "Anna Schmidt")
    harness.engine.start()
    harness.advance(timedelta(hours=1))
    harness.fire()
    (announcement,) = harness.announced
    assert announcement.title == "Anna Schmidt"
    assert announcement.body == "E-mail — Introduce yourself"
    assert announcement.follow_up_ids == (fid,)
    assert harness.engine.armed_for() is None

    harness.engine.data_changed()
    harness.engine._on_timer_timeout()
    assert len(harness.announced) == 1


def test_the_real_timer_fires(qtbot: QtBot, service: FollowUpService, clock: FixedClock) -> None:
    h = Harness(service, clock)
    fid = add(service, "Anna")
    service.reschedule(fid, WEDNESDAY + timedelta(seconds=1))
    h.engine.start()
    assert_armed(h, WEDNESDAY + timedelta(seconds=1))
    h.advance(timedelta(seconds=1))  # before the real second is up
    with qtbot.wait_signal(h.engine.announce, timeout=3000) as blocker:
        pass
    assert blocker.args is not None
    assert blocker.args[0].title == "Anna"
    h.engine.stop()


def test_no_repeat_after_a_restart(harness: Harness) -> None:
    add(harness.service, "Anna")
    harness.engine.start()
    harness.advance(timedelta(hours=1))
    harness.fire()
    assert harness.titles() == ["Anna"]
    harness.engine.stop()

    restarted = Harness(harness.service, harness.clock)
    restarted.advance(timedelta(hours=3))
    restarted.engine.start()
    assert restarted.announced == []
    assert restarted.engine.armed_for() is None
    restarted.engine.stop()


def test_overdue_at_start_are_summed_up_once(harness: Harness) -> None:
    for name in ("Anna", "Ben", "Carla", "Dev", "Emil"):
        add(harness.service, name)
    harness.advance(timedelta(days=1))
    harness.engine.start()
    (summary,) = harness.announced
    assert summary.title == "5 follow-ups overdue"
    assert summary.body == "Anna, Ben, Carla and 2 more"
    assert summary.prospect_id is None
    assert harness.engine.armed_for() is None


def test_re_arms_after_data_changed(harness: Harness) -> None:
    first = add(harness.service, "Anna")
    harness.engine.start()
    assert_armed(harness, WEDNESDAY + timedelta(hours=1))
    harness.service.reschedule(first, WEDNESDAY + timedelta(minutes=20))
    harness.engine.data_changed()
    assert_armed(harness, WEDNESDAY + timedelta(minutes=20))

    # Something due now: the timer runs out at once and announces it.
    harness.service.reschedule(first, WEDNESDAY - timedelta(minutes=5))
    harness.engine.data_changed()
    assert_armed(harness, WEDNESDAY, timedelta(0))
    harness.fire()
    assert harness.titles() == ["Anna"]

    harness.service.delete_prospect(harness.service.resolve_prospect("Anna").id or 0)
    harness.engine.data_changed()
    assert harness.engine.armed_for() is None


def test_data_changed_before_start_does_nothing(harness: Harness) -> None:
    add(harness.service, "Anna")
    harness.engine.data_changed()
    harness.engine.pause_until(WEDNESDAY + timedelta(hours=2))
    assert not harness.engine.timer.isActive()


def test_a_far_wake_up_is_set_in_steps(harness: Harness) -> None:
    fid = add(harness.service, "Anna")
    far = berlin(2026, 12, 16, 9)  # three weeks away
    harness.service.reschedule(fid, far)
    harness.engine.start()
    assert_armed(harness, far, MAX_INTERVAL)
    harness.advance(MAX_INTERVAL)
    harness.fire()  # nothing yet: looks again and sets the next step
    assert harness.announced == []
    assert_armed(harness, far, MAX_INTERVAL)


def test_friday_evening_is_announced_on_monday_morning(harness: Harness) -> None:
    fid = add(harness.service, "Anna")
    harness.service.reschedule(fid, berlin(2026, 11, 27, 20))
    harness.engine.start()
    monday = berlin(2026, 11, 30, 8)
    assert_armed(harness, monday, MAX_INTERVAL)
    # The laptop stays on all weekend: the steps find nothing to say.
    harness.clock.set(berlin(2026, 11, 27, 20))
    harness.fire()
    harness.clock.set(berlin(2026, 11, 29, 12))
    harness.fire()
    assert harness.announced == []
    assert_armed(harness, monday)
    harness.clock.set(monday)
    harness.fire()
    assert harness.titles() == ["Anna"]


def test_a_weekend_start_says_nothing_until_monday(harness: Harness) -> None:
    for name in ("Anna", "Ben"):
        add(harness.service, name)
    harness.clock.set(berlin(2026, 11, 28, 10))  # Saturday
    harness.engine.start()
    assert harness.announced == []
    assert harness.engine.armed_for() == berlin(2026, 11, 30, 8)
    harness.clock.set(berlin(2026, 11, 30, 8))
    harness.fire()
    assert harness.titles() == ["Anna", "Ben"]


def test_daylight_saving_change(qtbot: QtBot, service: FollowUpService, clock: FixedClock) -> None:
    clock.set(berlin(2027, 3, 28, 1, 30))  # half an hour before the clocks spring forward
    h = Harness(service, clock)
    h.reminders.quiet = QuietHours(enabled=False)
    early = add(service, "Anna")
    service.reschedule(early, berlin(2027, 3, 28, 5))
    monday = add(service, "Ben")
    service.reschedule(monday, berlin(2027, 3, 29, 9))  # the day after
    h.engine.start()
    # 01:30 CET to 05:00 CEST is 2.5 hours, not 3.5.
    assert_armed(h, berlin(2027, 3, 28, 5), timedelta(hours=2, minutes=30))
    h.clock.set(berlin(2027, 3, 28, 5))
    h.fire()
    assert h.titles() == ["Anna"]
    wake = h.engine.armed_for()
    assert wake is not None
    assert (wake.day, wake.hour, wake.utcoffset()) == (29, 9, timedelta(hours=2))
    h.engine.stop()

    # With quiet hours, Ben's Monday is 09:00 local; the night ends at 08:00 local.
    h.reminders.quiet = QuietHours()
    h.engine.start()
    assert h.engine.armed_for() == berlin(2027, 3, 29, 9)
    assert h.reminders.quiet.end_of_quiet(berlin(2027, 3, 28, 23)).astimezone(UTC) == datetime(
        2027, 3, 29, 6, 0, tzinfo=UTC
    )
    h.clock.set(berlin(2027, 3, 29, 9))
    h.fire()
    assert h.titles() == ["Anna", "Ben"]
    h.engine.stop()


def test_a_clock_jump_announces_what_came_due_meanwhile_once(harness: Harness) -> None:
    add(harness.service, "Anna")  # due at 11:00
    harness.engine.start()
    harness.advance(timedelta(seconds=60))
    harness.engine._on_heartbeat_timeout()
    assert harness.announced == []

    # The laptop slept three hours: the wall clock moved, the monotonic one did not.
    harness.clock.advance(timedelta(hours=3))
    harness.engine._on_heartbeat_timeout()
    assert harness.titles() == ["Anna"]
    harness.engine._on_heartbeat_timeout()
    harness.advance(timedelta(seconds=60))
    harness.engine._on_heartbeat_timeout()
    assert harness.titles() == ["Anna"]
    assert harness.engine.armed_for() is None


def test_a_clock_set_back_re_arms(harness: Harness) -> None:
    add(harness.service, "Anna")
    harness.engine.start()
    harness.clock.advance(timedelta(minutes=-30))
    harness.engine._on_heartbeat_timeout()
    assert harness.announced == []
    assert_armed(harness, WEDNESDAY + timedelta(hours=1))


def test_a_small_drift_is_not_a_jump(qtbot: QtBot, harness: Harness) -> None:
    fid = add(harness.service, "Anna")
    harness.service.reschedule(fid, WEDNESDAY + timedelta(seconds=30))
    harness.engine.start()
    harness.clock.advance(timedelta(seconds=61))  # a minute and a second of wall time
    harness.monotonic.seconds += 60
    with qtbot.assert_not_emitted(harness.engine.announce):
        harness.engine._on_heartbeat_timeout()  # the timer announces, not the heartbeat


@pytest.mark.parametrize("choice", ["15m", "1h", "tomorrow"])
def test_a_snoozed_follow_up_is_announced_again(harness: Harness, choice: str) -> None:
    fid = add(harness.service, "Anna")
    harness.engine.start()
    harness.advance(timedelta(hours=1))
    harness.fire()
    snoozed = harness.reminders.snooze(fid, choice)
    harness.engine.data_changed()
    assert snoozed.snoozed_until is not None
    assert_armed(harness, snoozed.snoozed_until)
    harness.clock.set(snoozed.snoozed_until)
    harness.fire()
    assert harness.titles() == ["Anna", "Anna"]


def test_snooze_all_for_an_hour(harness: Harness) -> None:
    for name in ("Anna", "Ben"):
        add(harness.service, name)
    harness.engine.start()
    harness.advance(timedelta(hours=1))
    harness.fire()
    assert harness.titles() == ["Anna", "Ben"]
    harness.reminders.snooze_all("1h")
    harness.engine.data_changed()
    assert_armed(harness, WEDNESDAY + timedelta(hours=2))
    harness.advance(timedelta(hours=1))
    harness.fire()
    assert harness.titles() == ["Anna", "Ben", "Anna", "Ben"]


def test_many_coming_due_at_once_are_one_announcement(harness: Harness) -> None:
    for name in ("Anna", "Ben", "Carla", "Dev"):
        add(harness.service, name)
    harness.engine.start()
    harness.advance(timedelta(hours=1))
    harness.fire()
    assert harness.titles() == ["4 follow-ups due"]


def test_pausing_until_tomorrow(harness: Harness) -> None:
    add(harness.service, "Anna")
    harness.engine.start()
    until = harness.reminders.pause_until_tomorrow()
    harness.engine.pause_until(until)
    assert harness.engine.paused_until() == until
    assert_armed(harness, until)
    # Due during the pause: kept for its end.
    harness.clock.set(WEDNESDAY + timedelta(hours=2))
    harness.engine._on_timer_timeout()
    assert harness.announced == []
    harness.clock.set(until)
    harness.fire()
    assert harness.titles() == ["Anna"]
    assert harness.engine.paused_until() is None


def test_resuming_a_pause(harness: Harness) -> None:
    add(harness.service, "Anna")
    harness.engine.start()
    harness.engine.pause_until(WEDNESDAY + timedelta(hours=5))
    harness.engine.pause_until(None)
    assert harness.engine.paused_until() is None
    assert_armed(harness, WEDNESDAY + timedelta(hours=1))


def test_a_busy_database_is_tried_again_later(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(harness.service, "Anna")
    harness.engine.start()
    harness.advance(timedelta(hours=1))

    def refuse(*args: object) -> None:
        raise StoreError("The database is busy in another program")

    with monkeypatch.context() as patch:
        patch.setattr(harness.reminders, "mark_announced", refuse)
        harness.fire()
        assert harness.announced == []
        assert_armed(harness, harness.clock.now() + RETRY)
        patch.setattr(harness.reminders, "next_wakeup", refuse)
        harness.engine.data_changed()
        assert_armed(harness, harness.clock.now() + RETRY)
    harness.advance(RETRY)
    harness.fire()
    assert harness.titles() == ["Anna"]


def test_stop_disarms(harness: Harness) -> None:
    add(harness.service, "Anna")
    harness.engine.start()
    harness.engine.stop()
    assert harness.engine.armed_for() is None
    assert not harness.engine.heartbeat.isActive()
