"""Lists, calendar counts, agenda and undo support in the service."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, FollowUpStatus, Outcome, Stage
from followup_desktop.domain.queries import ProspectQuery, QuickFilter, SortKey
from followup_desktop.services import FollowUpService
from tests.conftest import BERLIN


def _names(service: FollowUpService, query: ProspectQuery) -> list[str]:
    ids = service.prospect_ids(query)
    by_id = {s.prospect.id: s.prospect.name for s in service.summaries(ids)}
    return [by_id[i] for i in ids]


@pytest.fixture
def people(service: FollowUpService, clock: FixedClock) -> dict[str, int]:
    """Five prospects, each in a different situation on Wed 25 Nov 2026, 10:00."""
    ids: dict[str, int] = {}
    overdue = service.add_prospect("Ana Overdue", company="Zeta", tags=("vip",))
    service.reschedule(service.pending(overdue.id or 0)[0].id or 0, clock.now() - timedelta(days=2))
    today = service.add_prospect("Bo Today", company="alpha")
    service.reschedule(service.pending(today.id or 0)[0].id or 0, clock.now() + timedelta(hours=5))
    week = service.add_prospect("Cy Week", company="")
    service.reschedule(service.pending(week.id or 0)[0].id or 0, clock.now() + timedelta(days=4))
    lonely = service.add_prospect("Di Lonely", tags=("vip",))
    service.store.skip_pending(lonely.id or 0)
    cold = service.add_prospect("Ed Cold")
    service.log_touch(
        cold.id or 0, Channel.EMAIL, at=clock.now() - timedelta(days=45), outcome=Outcome.SENT
    )
    service.reschedule(service.pending(cold.id or 0)[0].id or 0, clock.now() + timedelta(days=20))
    for p in (overdue, today, week, lonely, cold):
        ids[p.name] = p.id or 0
    return ids


@pytest.mark.parametrize(
    ("quick", "expected"),
    [
        (QuickFilter.ALL, ["Ana Overdue", "Bo Today", "Cy Week", "Di Lonely", "Ed Cold"]),
        (QuickFilter.OVERDUE, ["Ana Overdue"]),
        (QuickFilter.DUE_TODAY, ["Bo Today"]),
        (QuickFilter.THIS_WEEK, ["Bo Today", "Cy Week"]),
        (QuickFilter.NO_NEXT_STEP, ["Di Lonely"]),
        (QuickFilter.GONE_COLD, ["Ed Cold"]),
    ],
)
def test_quick_filters(
    service: FollowUpService, people: dict[str, int], quick: QuickFilter, expected: list[str]
) -> None:
    assert _names(service, ProspectQuery(quick=quick)) == expected


def test_search_tag_and_stage_filters_combine(
    service: FollowUpService, people: dict[str, int]
) -> None:
    assert _names(service, ProspectQuery(tag="vip")) == ["Ana Overdue", "Di Lonely"]
    assert _names(service, ProspectQuery(tag="vip", text="lonely")) == ["Di Lonely"]
    assert _names(service, ProspectQuery(stage=Stage.CONTACTED)) == ["Ed Cold"]
    assert service.tag_counts() == [("vip", 2)]


def test_sorting_keeps_empty_values_last(service: FollowUpService, people: dict[str, int]) -> None:
    by_company = _names(service, ProspectQuery(sort=SortKey.COMPANY))
    assert by_company[:2] == ["Bo Today", "Ana Overdue"]  # alpha, Zeta (any case)
    by_next = _names(service, ProspectQuery(sort=SortKey.NEXT_FOLLOW_UP))
    assert by_next == ["Ana Overdue", "Bo Today", "Cy Week", "Ed Cold", "Di Lonely"]
    by_next_desc = _names(service, ProspectQuery(sort=SortKey.NEXT_FOLLOW_UP, descending=True))
    assert by_next_desc[0] == "Ed Cold"
    assert by_next_desc[-1] == "Di Lonely"
    by_touches = _names(service, ProspectQuery(sort=SortKey.TOUCHES, descending=True))
    assert by_touches[0] == "Ed Cold"


def test_calendar_counts_and_day_agenda(service: FollowUpService, people: dict[str, int]) -> None:
    counts = service.due_counts_by_day(date(2026, 11, 1), date(2026, 11, 30))
    assert counts == {date(2026, 11, 23): 1, date(2026, 11, 25): 1, date(2026, 11, 29): 1}
    (item,) = service.due_on(date(2026, 11, 29))
    assert item.prospect_name == "Cy Week"


def test_agenda_sections(service: FollowUpService, people: dict[str, int]) -> None:
    agenda = service.agenda()
    assert [d.prospect_name for d in agenda.overdue] == ["Ana Overdue"]
    assert [d.prospect_name for d in agenda.today] == ["Bo Today"]
    assert [d.prospect_name for d in agenda.next_days] == ["Cy Week"]
    assert agenda.attention_count == 2


def test_snooze_and_mark_done(
    service: FollowUpService, people: dict[str, int], clock: FixedClock
) -> None:
    (item,) = service.agenda().overdue
    service.snooze(item.follow_up.id or 0, clock.now() + timedelta(hours=1))
    assert service.agenda().overdue == []
    logged = service.mark_done(item.follow_up.id or 0)
    assert logged.completed is not None
    assert logged.completed.id == item.follow_up.id
    assert logged.touch.channel is item.follow_up.channel
    assert logged.next_follow_up is not None


def test_deleting_a_prospect_can_be_undone_exactly(
    service: FollowUpService, people: dict[str, int]
) -> None:
    pid = people["Ed Cold"]
    before = service.snapshot(pid)
    snapshot = service.delete_prospect(pid)
    assert "Ed Cold" not in _names(service, ProspectQuery())
    service.restore_prospect(snapshot)
    assert service.snapshot(pid) == before
    assert _names(service, ProspectQuery(quick=QuickFilter.GONE_COLD)) == ["Ed Cold"]


def test_revert_undoes_a_logged_touch(service: FollowUpService, people: dict[str, int]) -> None:
    pid = people["Bo Today"]
    before = service.snapshot(pid)
    service.log_touch(pid, Channel.MEETING, outcome=Outcome.CONVERSATION)
    after = service.snapshot(pid)
    assert after != before
    service.revert(before)
    assert service.snapshot(pid) == before
    service.revert(after)
    assert service.snapshot(pid) == after


def test_touches_can_be_edited_deleted_and_restored(
    service: FollowUpService, people: dict[str, int], clock: FixedClock
) -> None:
    pid = people["Bo Today"]
    logged = service.log_touch(pid, Channel.CALL, outcome=Outcome.NO_ANSWER)
    edited = logged.touch.__class__(**{**logged.touch.__dict__, "notes": "Left a voicemail"})
    service.update_touch(edited)
    assert service.touches(pid)[0].notes == "Left a voicemail"
    snapshot = service.delete_touch(logged.touch.id or 0)
    assert service.touches(pid) == []
    assert snapshot.completed_follow_ups == (logged.completed.id if logged.completed else -1,)
    service.restore_touch(snapshot)
    assert service.touches(pid) == [edited]
    done = [f for f in service.store.follow_ups(pid) if f.status is FollowUpStatus.DONE]
    assert [f.completed_by for f in done] == [logged.touch.id]
    with pytest.raises(DomainError):
        service.delete_touch(99999)


def test_reschedule_keeps_the_wall_clock_time(
    service: FollowUpService, people: dict[str, int]
) -> None:
    pid = people["Cy Week"]
    (f,) = service.pending(pid)
    moved = service.reschedule(f.id or 0, datetime(2027, 3, 29, 9, 0, tzinfo=BERLIN))
    assert service.pending(pid) == [moved]
    assert moved.due_at.hour == 9


def test_a_touch_answers_the_follow_up_it_was_logged_from(
    service: FollowUpService, people: dict[str, int], clock: FixedClock
) -> None:
    pid = people["Bo Today"]
    later = service.schedule(pid, clock.now() + timedelta(days=2), Channel.EMAIL, "Send dates")
    logged = service.log_touch(pid, Channel.EMAIL, answers=later.id)
    assert logged.completed is not None
    assert logged.completed.id == later.id
    assert len(service.pending(pid)) == 2  # the earlier one is still planned, plus the next
    with pytest.raises(DomainError, match="no longer pending"):
        service.log_touch(pid, Channel.EMAIL, answers=later.id)


def test_a_snoozed_follow_up_counts_on_the_day_it_is_snoozed_to(
    service: FollowUpService, people: dict[str, int]
) -> None:
    (item,) = service.pending(people["Cy Week"])  # due Sun 29 Nov
    service.snooze(item.id or 0, datetime(2026, 12, 2, 8, 0, tzinfo=BERLIN))
    counts = service.due_counts_by_day(date(2026, 11, 23), date(2026, 12, 6))
    assert date(2026, 11, 29) not in counts
    assert counts[date(2026, 12, 2)] == 1
    assert service.due_on(date(2026, 11, 29)) == []
    assert [d.prospect_name for d in service.due_on(date(2026, 12, 2))] == ["Cy Week"]


def test_undo_snapshots_keep_thank_you_entries_and_announced_reminders(
    service: FollowUpService, people: dict[str, int], clock: FixedClock
) -> None:
    from followup_desktop.services.thanks import ThankYouService

    thanks = ThankYouService(service)
    pid = people["Bo Today"]
    service.log_touch(pid, Channel.MEETING, outcome=Outcome.CONVERSATION, notes="Workshop")
    (step,) = service.pending(pid)
    service.store.mark_notified([step.id or 0], clock.now())
    before = service.snapshot(pid)
    assert [e.prospect_id for e in thanks.queue()] == [pid]
    service.delete_prospect(pid)
    assert thanks.queue() == []
    service.restore_prospect(before)
    assert service.snapshot(pid) == before
    assert [e.prospect_id for e in thanks.queue()] == [pid]
    service.revert(before)
    assert service.snapshot(pid) == before


def test_attention_counts_agree_with_the_agenda(
    service: FollowUpService, people: dict[str, int], clock: FixedClock
) -> None:
    agenda = service.agenda()
    assert service.attention_counts() == (len(agenda.overdue), len(agenda.today)) == (1, 1)
    # A snooze moves a follow-up out of "overdue" and into later today.
    (due,) = service.pending(people["Ana Overdue"])
    service.snooze(due.id or 0, clock.now() + timedelta(hours=2))
    assert service.attention_counts() == (0, 2)


def test_day_counts_follow_local_days_across_a_clock_change(service: FollowUpService) -> None:
    """25 October 2026 in Berlin has 25 hours: late evening follow-ups stay on their day."""
    from followup_desktop.domain.wallclock import at_local

    times = [
        (date(2026, 10, 24), time(23, 30)),
        (date(2026, 10, 25), time(0, 15)),
        (date(2026, 10, 25), time(23, 45)),
        (date(2026, 10, 26), time(0, 5)),
    ]
    for day, at in times:
        p = service.add_prospect(f"P {day} {at}")
        (due,) = service.pending(p.id or 0)
        service.reschedule(due.id or 0, at_local(day, at, BERLIN))
    counts = service.due_counts_by_day(date(2026, 10, 24), date(2026, 10, 26))
    assert counts == {date(2026, 10, 24): 1, date(2026, 10, 25): 2, date(2026, 10, 26): 1}
    assert service.count_due_on(date(2026, 10, 25)) == 2
    assert [d.prospect_name for d in service.due_on(date(2026, 10, 25), 1, 1)] == [
        "P 2026-10-25 23:45:00"
    ]


def test_names_sort_and_are_found_without_regard_to_accents(service: FollowUpService) -> None:
    for name in ("Zoe Young", "Łukasz Kowalski", "Lara Smith", "Émile Zola", "Müller Anna", "Mia"):
        service.add_prospect(name)
    assert _names(service, ProspectQuery()) == [
        "Émile Zola",
        "Lara Smith",
        "Łukasz Kowalski",  # among the L's, not after Z
        "Mia",
        "Müller Anna",
        "Zoe Young",
    ]
    assert _names(service, ProspectQuery(text="lukasz")) == ["Łukasz Kowalski"]
    assert _names(service, ProspectQuery(text="MULLER")) == ["Müller Anna"]
    assert _names(service, ProspectQuery(text="émile")) == ["Émile Zola"]
    # Sorted the same with a filter (the index is bypassed then).
    assert _names(service, ProspectQuery(text="a")) == [
        "Émile Zola",
        "Lara Smith",
        "Łukasz Kowalski",
        "Mia",
        "Müller Anna",
    ]
