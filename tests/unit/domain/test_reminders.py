"""When reminders speak and what they say: quiet hours, snoozes, announcements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, FollowUp
from followup_desktop.domain.reminders import (
    Announcement,
    QuietHours,
    SnoozeChoice,
    announcement_for,
    channel_words,
    next_alert_at,
    plan_announcements,
    snooze_until,
    summary_for,
)

BERLIN = ZoneInfo("Europe/Berlin")
QUIET = QuietHours()


def berlin(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


@dataclass(frozen=True)
class Due:
    """Stands in for the store's DueItem."""

    follow_up: FollowUp
    prospect_name: str


def due(
    name: str,
    fid: int | None = 1,
    prospect_id: int = 7,
    channel: Channel = Channel.CALL,
    purpose: str = "Check in",
) -> Due:
    return Due(FollowUp(fid, prospect_id, berlin(2026, 11, 25), channel, purpose), name)


# -- quiet hours -------------------------------------------------------------
@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (berlin(2026, 11, 25, 10), False),  # Wednesday morning
        (berlin(2026, 11, 25, 18, 59), False),
        (berlin(2026, 11, 25, 19), True),  # the evening starts
        (berlin(2026, 11, 26, 7, 59), True),
        (berlin(2026, 11, 26, 8), False),  # the morning ends
        (berlin(2026, 11, 28, 12), True),  # Saturday
        (berlin(2026, 11, 29, 23), True),  # Sunday night
        (berlin(2026, 11, 30, 0, 30), True),  # Monday night
    ],
)
def test_evenings_nights_and_weekends_are_quiet(moment: datetime, quiet: bool) -> None:
    assert QUIET.is_quiet(moment) is quiet


def test_quiet_hours_read_the_wall_clock_of_the_moments_zone() -> None:
    # 06:00 UTC is 07:00 in Berlin (quiet) and 22:00 the evening before in Los Angeles.
    instant = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    assert QUIET.is_quiet(instant.astimezone(BERLIN))
    assert not QUIET.is_quiet(instant.replace(hour=8).astimezone(BERLIN))
    assert QUIET.is_quiet(instant.astimezone(ZoneInfo("America/Los_Angeles")))


def test_disabled_quiet_hours_are_never_quiet() -> None:
    off = QuietHours(enabled=False)
    assert not off.is_quiet(berlin(2026, 11, 28, 3))
    assert off.end_of_quiet(berlin(2026, 11, 28, 3)) == berlin(2026, 11, 28, 3)


def test_weekends_may_be_working_days() -> None:
    weekdays_only = QuietHours(weekends_quiet=False)
    assert not weekdays_only.is_quiet(berlin(2026, 11, 28, 12))
    assert weekdays_only.is_quiet(berlin(2026, 11, 28, 20))
    assert weekdays_only.end_of_quiet(berlin(2026, 11, 27, 20)) == berlin(2026, 11, 28, 8)


def test_a_quiet_window_within_one_day() -> None:
    siesta = QuietHours(evening_start=time(13, 0), morning_end=time(15, 0), weekends_quiet=False)
    assert siesta.is_quiet(berlin(2026, 11, 25, 14))
    assert not siesta.is_quiet(berlin(2026, 11, 25, 12))
    assert not siesta.is_quiet(berlin(2026, 11, 25, 15))
    assert siesta.end_of_quiet(berlin(2026, 11, 25, 14)) == berlin(2026, 11, 25, 15)


def test_equal_times_mean_no_nightly_quiet_hours() -> None:
    weekends = QuietHours(evening_start=time(8, 0), morning_end=time(8, 0))
    assert not weekends.is_quiet(berlin(2026, 11, 25, 3))
    assert weekends.is_quiet(berlin(2026, 11, 29, 3))
    # Without a night, the weekend ends at midnight.
    assert weekends.end_of_quiet(berlin(2026, 11, 28, 12)) == berlin(2026, 11, 30, 0)


@pytest.mark.parametrize(
    ("moment", "end"),
    [
        (berlin(2026, 11, 25, 20), berlin(2026, 11, 26, 8)),  # Wednesday evening
        (berlin(2026, 11, 26, 3), berlin(2026, 11, 26, 8)),  # after midnight
        (berlin(2026, 11, 27, 20), berlin(2026, 11, 30, 8)),  # Friday evening -> Monday
        (berlin(2026, 11, 28, 9), berlin(2026, 11, 30, 8)),  # Saturday
        (berlin(2026, 11, 29, 23), berlin(2026, 11, 30, 8)),  # Sunday night
        (berlin(2026, 11, 25, 10), berlin(2026, 11, 25, 10)),  # not quiet: now
    ],
)
def test_quiet_hours_end_the_next_weekday_morning(moment: datetime, end: datetime) -> None:
    assert QUIET.end_of_quiet(moment) == end


def test_the_end_of_quiet_hours_survives_a_daylight_saving_change() -> None:
    # Europe/Berlin springs forward on Sunday 28 March 2027, 02:00 -> 03:00.
    end = QUIET.end_of_quiet(berlin(2027, 3, 27, 12))
    assert end == berlin(2027, 3, 29, 8)
    assert (end.hour, end.utcoffset()) == (8, timedelta(hours=2))
    assert end.astimezone(UTC) == datetime(2027, 3, 29, 6, 0, tzinfo=UTC)
    # And back on 31 October 2027.
    autumn = QUIET.end_of_quiet(berlin(2027, 10, 29, 22))
    assert autumn.astimezone(UTC) == datetime(2027, 11, 1, 7, 0, tzinfo=UTC)


def test_a_quiet_end_in_a_skipped_hour_moves_forward() -> None:
    # 02:30 does not exist on 28 March 2027 in Berlin: quiet ends at 03:30.
    early = QuietHours(morning_end=time(2, 30), weekends_quiet=False)
    end = early.end_of_quiet(berlin(2027, 3, 28, 1))
    assert end.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert not early.is_quiet(end)


# -- snoozing ----------------------------------------------------------------
def test_snoozing_for_minutes_and_hours_counts_elapsed_time() -> None:
    now = berlin(2026, 11, 25, 10)
    assert snooze_until("15m", now) == berlin(2026, 11, 25, 10, 15)
    assert snooze_until(SnoozeChoice.HOUR, now) == berlin(2026, 11, 25, 11)
    # Across the spring-forward gap an hour later is 03:30 on the clock.
    before_gap = berlin(2027, 3, 28, 1, 30)
    later = snooze_until("1h", before_gap)
    assert later.astimezone(UTC) - before_gap.astimezone(UTC) == timedelta(hours=1)
    assert (later.hour, later.minute, later.tzinfo) == (3, 30, BERLIN)


def test_snoozing_until_tomorrow_morning_keeps_the_wall_clock() -> None:
    assert snooze_until("tomorrow", berlin(2026, 11, 25, 22)) == berlin(2026, 11, 26, 9)
    # The night the clocks spring forward: still 09:00 local.
    morning = snooze_until("tomorrow", berlin(2027, 3, 27, 18), morning=time(8, 30))
    assert (morning.hour, morning.minute, morning.utcoffset()) == (8, 30, timedelta(hours=2))


def test_an_unknown_snooze_or_a_naive_time_is_refused() -> None:
    with pytest.raises(DomainError, match="Unknown snooze"):
        snooze_until("2d", berlin(2026, 11, 25))
    with pytest.raises(DomainError, match="ambiguous"):
        snooze_until("15m", datetime(2026, 11, 25, 10))


# -- when to wake --------------------------------------------------------------
def test_nothing_planned_means_no_wake_up() -> None:
    assert next_alert_at(None, berlin(2026, 11, 25, 10), QUIET) is None


def test_wake_up_at_the_earliest_due_or_now_when_it_is_past() -> None:
    now = berlin(2026, 11, 25, 10)
    soon = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)  # the store gives UTC
    wake = next_alert_at(soon, now, QUIET)
    assert wake == soon
    assert wake is not None
    assert wake.tzinfo is BERLIN
    assert next_alert_at(berlin(2026, 11, 24, 10), now, QUIET) == now


def test_a_wake_up_in_quiet_hours_waits_for_their_end() -> None:
    now = berlin(2026, 11, 27, 10)  # Friday
    assert next_alert_at(berlin(2026, 11, 27, 20), now, QUIET) == berlin(2026, 11, 30, 8)
    # Overdue while quiet: also at the end.
    assert next_alert_at(berlin(2026, 11, 27, 9), berlin(2026, 11, 28, 12), QUIET) == berlin(
        2026, 11, 30, 8
    )


def test_a_wake_up_the_day_after_a_daylight_saving_change() -> None:
    now = berlin(2027, 3, 27, 12)
    monday = berlin(2027, 3, 29, 9)
    wake = next_alert_at(monday.astimezone(UTC), now, QUIET)
    assert wake == monday
    assert wake is not None
    assert (wake.hour, wake.utcoffset()) == (9, timedelta(hours=2))


# -- announcements -------------------------------------------------------------
def test_a_follow_up_is_announced_with_its_prospect_channel_and_purpose() -> None:
    item = due("Anna Schmidt", fid=3, prospect_id=9, channel=Channel.EMAIL, purpose="Send deck")
    assert announcement_for(item) == Announcement("Anna Schmidt", "E-mail — Send deck", (3,), 9)


def test_without_a_purpose_the_channel_is_the_body() -> None:
    assert announcement_for(due("Ben", purpose="  ")).body == "Call"


def test_every_channel_has_words() -> None:
    assert set(channel_words()) == set(Channel)


def test_each_follow_up_gets_its_own_announcement() -> None:
    items = [due("Anna", 1, 1), due("Ben", 2, 2)]
    announced = plan_announcements(items, at_start=False)
    assert [(a.title, a.follow_up_ids, a.prospect_id) for a in announced] == [
        ("Anna", (1,), 1),
        ("Ben", (2,), 2),
    ]
    assert plan_announcements([], at_start=True) == []


def test_several_overdue_at_start_are_summed_up_in_one() -> None:
    names = ["Anna", "Ben", "Carla", "Dev", "Emil"]
    items = [due(name, i, i) for i, name in enumerate(names, start=1)]
    (summary,) = plan_announcements(items, at_start=True)
    assert summary.title == "5 follow-ups overdue"
    assert summary.body == "Anna, Ben, Carla and 2 more"
    assert summary.follow_up_ids == (1, 2, 3, 4, 5)
    assert summary.prospect_id is None


def test_one_overdue_at_start_is_announced_as_itself() -> None:
    (only,) = plan_announcements([due("Anna")], at_start=True)
    assert only.title == "Anna"


def test_a_summary_names_each_prospect_once() -> None:
    items = [due("Anna", 1, 1), due("Anna", 2, 1), due("Ben", 3, 2)]
    assert summary_for(items).body == "Anna and Ben"
    same_prospect = summary_for([due("Anna", 1, 1), due("Anna", 2, 1)])
    assert (same_prospect.title, same_prospect.body) == ("2 follow-ups overdue", "Anna")
    assert same_prospect.prospect_id == 1  # clicking it opens her
    assert summary_for([due("Anna")]).title == "1 follow-up overdue"


def test_many_coming_due_at_once_are_summed_up() -> None:
    items = [due(name, i, i) for i, name in enumerate(["A", "B", "C", "D"], start=1)]
    (summary,) = plan_announcements(items, at_start=False)
    assert (summary.title, summary.body) == ("4 follow-ups due", "A, B, C and 1 more")
    assert len(plan_announcements(items, at_start=False, max_separate=4)) == 4


def test_an_unsaved_follow_up_has_no_id_to_remember() -> None:
    assert announcement_for(due("Anna", fid=None)).follow_up_ids == ()
