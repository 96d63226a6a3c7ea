"""The thank-you queue against a real database and a fixed clock."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUpStatus,
    Outcome,
    PostalAddress,
    Stage,
)
from followup_desktop.domain.thanks import ThankYouPreference, ThankYouRecord
from followup_desktop.services import FollowUpService, NextStep
from followup_desktop.services.demo import generate_demo
from followup_desktop.services.thanks import ThankYouService
from followup_desktop.store import SCHEMA_VERSION, open_store
from tests.conftest import BERLIN
from tests.helpers.factories import make_v1_database

PARIS = PostalAddress("12 rue de Rivoli", "Paris", "", "75004", "FR")
MEETING_AT = datetime(2026, 11, 20, 15, 0, tzinfo=BERLIN)


@pytest.fixture
def thanks(service: FollowUpService) -> ThankYouService:
    return ThankYouService(service)


def _ana(service: FollowUpService, address: PostalAddress = PARIS) -> int:
    return service.add_prospect("Ana García", company="Mercado Verde", address=address).id or 0


def _meeting(service: FollowUpService, pid: int, summary: str, at: datetime = MEETING_AT) -> int:
    logged = service.log_touch(pid, Channel.MEETING, summary=summary, at=at)
    return logged.touch.id or 0


def test_a_meeting_puts_the_prospect_on_the_list(
    service: FollowUpService, thanks: ThankYouService
) -> None:
    pid = _ana(service)
    assert thanks.queue() == []
    touch_id = _meeting(service, pid, "talked about the leadership workshop")
    (entry,) = thanks.queue()
    assert (entry.prospect_id, entry.name, entry.company) == (pid, "Ana García", "Mercado Verde")
    assert entry.salutation == "Dear Ana"
    assert entry.reason == "Meeting on 20 Nov"
    assert entry.talking_point == "talked about the leadership workshop"
    assert entry.headline == "Meeting on 20 Nov: talked about the leadership workshop"
    assert entry.occurred_at == MEETING_AT
    assert entry.address_lines == [
        "Ana García",
        "Mercado Verde",
        "12 rue de Rivoli",
        "75004 PARIS",
        "FRANCE",  # home is Germany
    ]
    assert not entry.address_missing
    assert thanks.count() == 1
    record = service.store.get_thank_you(entry.entry_id)
    assert record is not None
    assert record.touch_id == touch_id


def test_a_declined_meeting_or_a_call_queues_nothing(
    service: FollowUpService, thanks: ThankYouService
) -> None:
    pid = _ana(service)
    service.log_touch(pid, Channel.MEETING, outcome=Outcome.DECLINED, at=MEETING_AT)
    service.log_touch(pid, Channel.CALL, outcome=Outcome.CONVERSATION)
    assert thanks.queue() == []


def test_one_entry_per_prospect_the_latest_reason_wins(
    service: FollowUpService, thanks: ThankYouService
) -> None:
    pid = _ana(service)
    _meeting(service, pid, "first meeting", MEETING_AT - timedelta(days=2))
    later = service.log_touch(
        pid, Channel.INTRODUCTION, direction=Direction.IN, summary="Introduced us to Bea"
    )
    (entry,) = thanks.queue()
    assert (entry.reason, entry.talking_point) == (
        "Referral received on 25 Nov",
        "Introduced us to Bea",
    )
    # A touch logged late, older than the reason on the list, does not replace it.
    _meeting(service, pid, "an old meeting", MEETING_AT - timedelta(days=4))
    (entry,) = thanks.queue()
    assert entry.talking_point == "Introduced us to Bea"
    record = service.store.get_thank_you(entry.entry_id)
    assert record is not None
    assert record.touch_id == later.touch.id


def test_the_queue_follows_the_preference(service: FollowUpService) -> None:
    thanks = ThankYouService(service, ThankYouPreference(meeting=False))
    pid = _ana(service)
    bea = service.add_prospect("Bea Braun").id or 0
    _meeting(service, pid, "workshop")
    assert thanks.queue() == []
    service.log_touch(bea, Channel.INTRODUCTION, summary="Introduced her to Carl")
    assert [e.name for e in thanks.queue()] == ["Bea Braun"]
    thanks.preference = ThankYouPreference()
    _meeting(service, pid, "workshop again")
    # The longest waiting first: the meeting on 20 Nov.
    assert [e.name for e in thanks.queue()] == ["Ana García", "Bea Braun"]


def test_winning_the_deal_queues_a_note(service: FollowUpService, thanks: ThankYouService) -> None:
    pid = _ana(service)
    service.change_stage(pid, Stage.WON)
    (entry,) = thanks.queue()
    assert (entry.reason, entry.talking_point) == ("Deal won on 25 Nov", "")
    service.change_stage(pid, Stage.LOST, "budget")
    service.change_stage(pid, Stage.WON)
    assert len(thanks.queue()) == 1
    ThankYouService(service, ThankYouPreference(won=False))
    other = service.add_prospect("Carl").id or 0
    service.change_stage(other, Stage.WON)
    assert len(thanks.queue()) == 1


def test_winning_keeps_the_meetings_talking_point(
    service: FollowUpService, thanks: ThankYouService
) -> None:
    """The note thanks for the deal and still mentions what the meeting was about."""
    pid = _ana(service)
    _meeting(service, pid, "talked about the leadership workshop")
    service.change_stage(pid, Stage.WON)
    (entry,) = thanks.queue()
    assert entry.reason == "Deal won on 25 Nov"
    assert entry.talking_point == "Meeting on 20 Nov: talked about the leadership workshop"
    assert entry.headline == (
        "Deal won on 25 Nov: Meeting on 20 Nov: talked about the leadership workshop"
    )

    # Won again after a reopening: the meeting is still mentioned, once.
    service.change_stage(pid, Stage.ENGAGED)
    service.change_stage(pid, Stage.WON)
    (entry,) = thanks.queue()
    assert entry.talking_point == "Meeting on 20 Nov: talked about the leadership workshop"


def test_a_newer_queue_takes_over_the_hooks(service: FollowUpService) -> None:
    ThankYouService(service)
    ThankYouService(service)
    assert len(service.touch_hooks) == 1
    assert len(service.stage_hooks) == 1


def test_add_by_hand_and_remove(
    service: FollowUpService, thanks: ThankYouService, clock: FixedClock
) -> None:
    pid = _ana(service)
    entry = thanks.add(pid)
    assert (entry.reason, entry.talking_point) == ("Added by hand", "")
    assert entry.occurred_at == clock.now()
    assert thanks.add(pid, "Again") == entry  # already on the list: unchanged
    assert [e.entry_id for e in thanks.queue()] == [entry.entry_id]
    removed = thanks.remove(entry.entry_id)
    assert thanks.queue() == []
    with pytest.raises(DomainError, match="no longer on the list"):
        thanks.remove(entry.entry_id)
    with pytest.raises(DomainError, match="no thank-you note with id 999"):
        thanks.remove(999)
    with pytest.raises(DomainError, match="no prospect with id 999"):
        thanks.add(999)
    thanks.restore(removed)  # undo
    assert [e.entry_id for e in thanks.queue()] == [entry.entry_id]
    # A meeting after the hand-added entry updates it rather than adding one.
    clock.advance(timedelta(hours=1))
    _meeting(service, pid, "the workshop", clock.now())
    (updated,) = thanks.queue()
    assert (updated.entry_id, updated.reason) == (entry.entry_id, "Meeting on 25 Nov")


def test_restoring_a_removed_entry_when_another_is_pending_is_refused(
    service: FollowUpService, thanks: ThankYouService
) -> None:
    pid = _ana(service)
    removed = thanks.remove(thanks.add(pid).entry_id)
    thanks.add(pid, "Lent us their venue")
    with pytest.raises(DomainError, match="already on the thank-you list"):
        thanks.restore(removed)


def test_mark_sent_logs_note_touches_and_empties_the_queue(
    service: FollowUpService, thanks: ThankYouService, clock: FixedClock
) -> None:
    ana = _ana(service)
    _meeting(service, ana, "the leadership workshop")  # plans a thank-you note first
    (planned,) = service.pending(ana)
    assert planned.channel is Channel.NOTE
    bea = service.add_prospect("Bea Braun").id or 0
    (bea_first,) = service.pending(bea)
    thanks.add(bea)
    before_ana = service.snapshot(ana)
    before_bea = service.snapshot(bea)
    entries = thanks.queue()
    sent = thanks.mark_sent([e.entry_id for e in entries])
    assert thanks.queue() == []
    assert [s.entry_id for s in sent] == [e.entry_id for e in entries]
    ana_note = service.touches(ana)[0]
    assert ana_note.id == sent[0].touch_id
    assert (ana_note.channel, ana_note.direction, ana_note.outcome) == (
        Channel.NOTE,
        Direction.OUT,
        Outcome.SENT,
    )
    assert ana_note.summary == "Thank-you note sent: the leadership workshop"
    assert ana_note.at == clock.now()
    # Ana's planned note was carried out and the after-meeting plan goes on.
    statuses = {f.id: f.status for f in service.store.follow_ups(ana)}
    assert statuses[planned.id] is FollowUpStatus.DONE
    assert sent[0].next_follow_up_id is not None
    assert statuses[sent[0].next_follow_up_id] is FollowUpStatus.PENDING
    # Bea had a call planned, not a note: it stays as it was.
    assert service.touches(bea)[0].summary == "Thank-you note sent"
    assert service.pending(bea) == [bea_first]
    with pytest.raises(DomainError, match="no longer on the list"):
        thanks.mark_sent([entries[0].entry_id])

    thanks.unmark_sent(sent)  # undo
    assert [e.entry_id for e in thanks.queue()] == [e.entry_id for e in entries]
    assert service.snapshot(ana).touches == before_ana.touches
    assert service.snapshot(ana).follow_ups == before_ana.follow_ups
    after_ana = service.get_prospect(ana)
    assert (after_ana.stage, after_ana.cadence, after_ana.cadence_position) == (
        before_ana.prospect.stage,
        before_ana.prospect.cadence,
        before_ana.prospect.cadence_position,
    )
    assert service.snapshot(bea).touches == before_bea.touches
    assert service.snapshot(bea).follow_ups == before_bea.follow_ups


def test_mark_sent_is_all_or_nothing(service: FollowUpService, thanks: ThankYouService) -> None:
    pid = _ana(service)
    entry = thanks.add(pid)
    with pytest.raises(DomainError):
        thanks.mark_sent([entry.entry_id, 999])
    assert [e.entry_id for e in thanks.queue()] == [entry.entry_id]
    assert service.touches(pid) == []


def test_logging_a_note_by_hand_settles_the_entry(
    service: FollowUpService, thanks: ThankYouService
) -> None:
    pid = _ana(service)
    _meeting(service, pid, "workshop")
    # A note dated before the meeting is not its thank-you.
    service.log_touch(pid, Channel.NOTE, at=MEETING_AT - timedelta(days=1))
    assert len(thanks.queue()) == 1
    note = service.log_touch(pid, Channel.NOTE, summary="Sent a card", next_step=NextStep.none())
    assert thanks.queue() == []
    sent = [r for r in _records(service) if r.sent_touch_id == note.touch.id]
    assert len(sent) == 1


def _records(service: FollowUpService) -> list[ThankYouRecord]:
    records = []
    for entry_id in range(1, 20):
        record = service.store.get_thank_you(entry_id)
        if record is not None:
            records.append(record)
    return records


def test_a_prospect_without_a_postal_address_is_flagged(
    service: FollowUpService, thanks: ThankYouService
) -> None:
    pid = _ana(service, PostalAddress())
    entry = thanks.add(pid)
    assert entry.address_missing
    assert entry.address_lines is None
    # Completed in place: the entry shows the new address.
    prospect = service.get_prospect(pid)
    service.update_prospect(replace(prospect, address=PARIS))
    completed = thanks.entry(entry.entry_id)
    assert not completed.address_missing
    assert completed.address_lines is not None
    assert "75004 PARIS" in completed.address_lines


def test_html_like_names_are_kept_literally(
    service: FollowUpService, thanks: ThankYouService
) -> None:
    name = "<b>Bold</b> & <img src=x>"
    pid = service.add_prospect(name, company='"Quotes" & <Co>', address=PARIS).id or 0
    _meeting(service, pid, "<i>the</i> & workshop")
    (entry,) = thanks.queue()
    assert entry.name == name
    assert entry.company == '"Quotes" & <Co>'
    assert entry.salutation == "Dear <b>Bold</b>"
    assert entry.talking_point == "<i>the</i> & workshop"
    assert entry.address_lines is not None
    assert entry.address_lines[:2] == [name, '"Quotes" & <Co>']
    (row,) = thanks.queue_json()
    assert row["name"] == name
    assert row["mailing_address"].startswith(f"{name}\n")


def test_deleting_a_prospect_takes_its_entries_away(
    service: FollowUpService, thanks: ThankYouService
) -> None:
    pid = _ana(service)
    _meeting(service, pid, "workshop")
    service.delete_prospect(pid)
    assert thanks.queue() == []
    assert thanks.count() == 0


def test_the_queue_is_filled_from_recent_history(
    service: FollowUpService, thanks: ThankYouService
) -> None:
    generate_demo(service, 60, 4)  # written straight to the store: no hooks ran
    assert thanks.queue() == []
    queued = thanks.fill_from_history()
    entries = thanks.queue()
    assert queued == len(entries) > 0
    assert all(e.occurred_at >= service.now() - timedelta(days=14) for e in entries)
    assert thanks.fill_from_history() == 0 or len(thanks.queue()) == len(entries)
    # Removed entries stay removed when the history is read again.
    thanks.remove(entries[0].entry_id)
    thanks.fill_from_history()
    assert entries[0].entry_id not in {e.entry_id for e in thanks.queue()}
    assert len(thanks.queue()) == len(entries) - 1


def test_a_fresh_store_has_the_thank_you_table(db_path: Path, store: object) -> None:
    conn = sqlite3.connect(db_path)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(thank_you)")}
    indexes = {row[1] for row in conn.execute("PRAGMA index_list(thank_you)")}
    conn.close()
    assert columns == {
        "id",
        "prospect_id",
        "touch_id",
        "reason",
        "talking_point",
        "occurred_at",
        "created_at",
        "sent_at",
        "sent_touch_id",
        "removed_at",
    }
    assert "thank_you_pending" in indexes


def test_an_old_database_is_upgraded_with_an_empty_queue(db_path: Path, clock: FixedClock) -> None:
    make_v1_database(db_path)
    store = open_store(db_path)
    try:
        assert store.schema_version() == SCHEMA_VERSION >= 4
        service = FollowUpService(store, clock, home_country="DE")
        thanks = ThankYouService(service)
        assert thanks.queue() == []
        service.log_touch(1, Channel.MEETING, summary="The workshop")
        (entry,) = thanks.queue()
        assert entry.name == "Éloïse Moreau"
        assert entry.address_missing
    finally:
        store.close()
