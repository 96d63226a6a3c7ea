"""The reminder use cases against a real database and a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, FollowUpStatus
from followup_desktop.domain.reminders import QuietHours
from followup_desktop.services import FollowUpService
from followup_desktop.services.reminders import ReminderService
from followup_desktop.store import Store
from tests.conftest import BERLIN

# The conftest clock: Wednesday 25 November 2026, 10:00 in Berlin.
WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)


def berlin(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


@pytest.fixture
def reminders(service: FollowUpService) -> ReminderService:
    return ReminderService(service, QuietHours())


def first_follow_up(service: FollowUpService, name: str) -> int:
    prospect = service.add_prospect(name)
    (follow_up,) = service.pending(prospect.id or 0)
    assert follow_up.id is not None
    return follow_up.id


def test_a_follow_up_coming_due_is_announced_once(
    service: FollowUpService, clock: FixedClock, reminders: ReminderService
) -> None:
    fid = first_follow_up(service, "Anna Schmidt")
    (follow_up,) = service.pending(service.resolve_prospect("Anna").id or 0)
    assert follow_up.due_at == WEDNESDAY + timedelta(hours=1)
    assert reminders.due_announcements() == []
    assert reminders.next_wakeup() == WEDNESDAY + timedelta(hours=1)

    clock.advance(timedelta(hours=1))
    (announcement,) = reminders.due_announcements()
    assert announcement.title == "Anna Schmidt"
    assert announcement.body == "E-mail — Introduce yourself"
    assert follow_up.channel is Channel.EMAIL
    assert announcement.follow_up_ids == (fid,)
    assert announcement.prospect_id == follow_up.prospect_id

    reminders.mark_announced([announcement])
    assert reminders.due_announcements() == []
    assert reminders.next_wakeup() is None
    # A restart: a new service on the same database remembers.
    again = ReminderService(FollowUpService(service.store, clock), QuietHours())
    assert again.due_announcements(at_start=True) == []
    assert again.next_wakeup() is None


def test_announcing_nothing_writes_nothing(reminders: ReminderService) -> None:
    reminders.mark_announced([])
    assert reminders.next_wakeup() is None


def test_several_overdue_at_start_make_one_summary(
    service: FollowUpService, clock: FixedClock, reminders: ReminderService
) -> None:
    for name in ("Anna", "Ben", "Carla", "Dev", "Emil"):
        first_follow_up(service, name)
    clock.advance(timedelta(days=1))
    (summary,) = reminders.due_announcements(at_start=True)
    assert (summary.title, summary.body) == ("5 follow-ups overdue", "Anna, Ben, Carla and 2 more")
    assert len(summary.follow_up_ids) == 5
    reminders.mark_announced([summary])
    assert reminders.due_announcements(at_start=True) == []


def test_nothing_is_announced_in_quiet_hours_and_all_of_it_after(
    service: FollowUpService, clock: FixedClock, reminders: ReminderService
) -> None:
    fid = first_follow_up(service, "Anna")
    service.reschedule(fid, berlin(2026, 11, 27, 20))  # Friday evening
    assert reminders.next_wakeup() == berlin(2026, 11, 30, 8)  # Monday morning
    for moment in (berlin(2026, 11, 27, 20), berlin(2026, 11, 28, 12), berlin(2026, 11, 30, 7)):
        clock.set(moment)
        assert reminders.due_announcements() == []
        assert reminders.next_wakeup() == berlin(2026, 11, 30, 8)
    clock.set(berlin(2026, 11, 30, 8))
    assert reminders.next_wakeup() == berlin(2026, 11, 30, 8)
    (announcement,) = reminders.due_announcements()
    assert announcement.title == "Anna"


def test_a_weekday_evening_waits_for_the_next_morning(
    service: FollowUpService, reminders: ReminderService
) -> None:
    fid = first_follow_up(service, "Anna")
    service.reschedule(fid, berlin(2026, 11, 25, 20))
    assert reminders.next_wakeup() == berlin(2026, 11, 26, 8)


def test_quiet_hours_can_be_changed_or_turned_off(
    service: FollowUpService, clock: FixedClock, reminders: ReminderService
) -> None:
    fid = first_follow_up(service, "Anna")
    service.reschedule(fid, berlin(2026, 11, 28, 11))  # Saturday
    reminders.quiet = QuietHours(weekends_quiet=False)
    assert reminders.next_wakeup() == berlin(2026, 11, 28, 11)
    reminders.quiet = QuietHours(enabled=False)
    clock.set(berlin(2026, 11, 28, 23))
    assert len(reminders.due_announcements()) == 1


def test_a_follow_up_after_a_daylight_saving_change(
    service: FollowUpService, clock: FixedClock, reminders: ReminderService
) -> None:
    clock.set(berlin(2027, 3, 26, 12))  # Friday before the clocks spring forward
    fid = first_follow_up(service, "Anna")
    service.reschedule(fid, berlin(2027, 3, 29, 9))  # Monday after
    wake = reminders.next_wakeup()
    assert wake is not None
    assert (wake.date(), wake.hour, wake.utcoffset()) == (
        berlin(2027, 3, 29).date(),
        9,
        timedelta(hours=2),
    )
    assert wake.astimezone(UTC) == datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
    # Something due in the weekend is announced at 08:00 local on Monday.
    other = first_follow_up(service, "Ben")
    service.reschedule(other, berlin(2027, 3, 28, 10))
    wake = reminders.next_wakeup()
    assert wake is not None
    assert wake.astimezone(UTC) == datetime(2027, 3, 29, 6, 0, tzinfo=UTC)
    clock.set(berlin(2027, 3, 29, 8))
    assert [a.title for a in reminders.due_announcements()] == ["Ben"]


@pytest.mark.parametrize(
    ("choice", "until"),
    [
        ("15m", WEDNESDAY + timedelta(hours=1, minutes=15)),
        ("1h", WEDNESDAY + timedelta(hours=2)),
        ("tomorrow", berlin(2026, 11, 26, 9)),
    ],
)
def test_a_snoozed_follow_up_is_announced_again_when_the_snooze_ends(
    service: FollowUpService,
    clock: FixedClock,
    reminders: ReminderService,
    choice: str,
    until: datetime,
) -> None:
    fid = first_follow_up(service, "Anna")
    clock.advance(timedelta(hours=1))
    announced = reminders.due_announcements()
    reminders.mark_announced(announced)

    snoozed = reminders.snooze(fid, choice)
    assert snoozed.snoozed_until == until
    stored = service.store.get_follow_up(fid)
    assert stored is not None
    assert stored.snoozed_until == until
    assert reminders.due_announcements() == []
    assert reminders.next_wakeup() == until

    clock.set(until)
    (again,) = reminders.due_announcements()
    assert again.follow_up_ids == (fid,)


def test_snoozing_to_a_chosen_time(
    service: FollowUpService, clock: FixedClock, reminders: ReminderService
) -> None:
    fid = first_follow_up(service, "Anna")
    chosen = berlin(2026, 11, 25, 16, 45)
    assert reminders.snooze(fid, chosen).snoozed_until == chosen
    assert reminders.next_wakeup() == chosen


def test_the_snooze_time_follows_the_users_follow_up_time(store: Store, clock: FixedClock) -> None:
    late_riser = ReminderService(FollowUpService(store, clock, follow_up_time=time(10, 30)))
    assert late_riser.snooze_until("tomorrow") == berlin(2026, 11, 26, 10, 30)
    with pytest.raises(DomainError):
        late_riser.snooze_until("someday")


def test_snooze_all_snoozes_what_is_due_now(
    service: FollowUpService, clock: FixedClock, reminders: ReminderService
) -> None:
    due_now = [first_follow_up(service, name) for name in ("Anna", "Ben")]
    clock.advance(timedelta(minutes=30))
    later = first_follow_up(service, "Carla")  # due at 11:30
    clock.advance(timedelta(minutes=30))
    reminders.mark_announced(reminders.due_announcements())

    snoozed = reminders.snooze_all("1h")
    assert sorted(f.id or 0 for f in snoozed) == sorted(due_now)
    assert {f.snoozed_until for f in snoozed} == {WEDNESDAY + timedelta(hours=2)}
    carla = service.store.get_follow_up(later)
    assert carla is not None
    assert carla.snoozed_until is None
    assert reminders.next_wakeup() == WEDNESDAY + timedelta(hours=1, minutes=30)

    clock.set(WEDNESDAY + timedelta(hours=2))
    titles = sorted(a.title for a in reminders.due_announcements())
    assert titles == ["Anna", "Ben", "Carla"]


def test_snooze_all_with_nothing_due(reminders: ReminderService) -> None:
    assert reminders.snooze_all("15m") == []


def test_a_rescheduled_follow_up_is_announced_at_its_new_time(
    service: FollowUpService, clock: FixedClock, reminders: ReminderService
) -> None:
    fid = first_follow_up(service, "Anna")
    clock.advance(timedelta(hours=1))
    reminders.mark_announced(reminders.due_announcements())
    # Moved by the agenda (not through this service): announced again when due.
    service.reschedule(fid, berlin(2026, 11, 25, 15))
    assert reminders.next_wakeup() == berlin(2026, 11, 25, 15)
    clock.set(berlin(2026, 11, 25, 15))
    assert len(reminders.due_announcements()) == 1


def test_done_follow_ups_are_not_announced(
    service: FollowUpService, clock: FixedClock, reminders: ReminderService
) -> None:
    fid = first_follow_up(service, "Anna")
    service.store.finish_follow_up(fid, FollowUpStatus.SKIPPED)
    clock.advance(timedelta(hours=2))
    assert reminders.due_announcements() == []
    assert reminders.next_wakeup() is None


def test_pausing_until_tomorrow_morning(clock: FixedClock, reminders: ReminderService) -> None:
    assert reminders.pause_until_tomorrow() == berlin(2026, 11, 26, 8)
    clock.set(berlin(2027, 3, 27, 22))  # the night the clocks spring forward
    paused = reminders.pause_until_tomorrow()
    assert (paused.hour, paused.utcoffset()) == (8, timedelta(hours=2))


def test_the_store_finds_the_earliest_unannounced_after_a_time(
    service: FollowUpService, store: Store
) -> None:
    first = first_follow_up(service, "Anna")  # 11:00
    second = first_follow_up(service, "Ben")
    service.reschedule(second, berlin(2026, 11, 25, 14))
    service.snooze(first, berlin(2026, 11, 25, 12))
    earliest = store.earliest_unnotified_due()
    assert earliest == berlin(2026, 11, 25, 12)
    assert store.earliest_unnotified_due(after=berlin(2026, 11, 25, 12)) == berlin(2026, 11, 25, 14)
    store.mark_notified([first, second], berlin(2026, 11, 25, 14))
    assert store.earliest_unnotified_due() is None
    store.clear_notified([second])
    assert store.earliest_unnotified_due() == berlin(2026, 11, 25, 14)
    items = store.unnotified_due(berlin(2026, 11, 25, 14))
    assert [(i.prospect_name, i.follow_up.channel) for i in items] == [("Ben", Channel.EMAIL)]


def test_marking_many_follow_ups_at_once(
    service: FollowUpService, store: Store, clock: FixedClock
) -> None:
    prospect = service.add_prospect("Anna", schedule_first=False)
    for i in range(950):  # more than one IN list holds
        service.schedule(prospect.id or 0, WEDNESDAY - timedelta(minutes=i), Channel.EMAIL)
    due = store.unnotified_due(WEDNESDAY)
    assert len(due) == 950
    store.mark_notified([d.follow_up.id or 0 for d in due], WEDNESDAY)
    assert store.unnotified_due(WEDNESDAY) == []
