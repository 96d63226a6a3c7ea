"""Phone sync against a real Radicale server, with caldav as the phone."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import caldav
import pytest

from followup_desktop.domain.model import Channel, FollowUp, FollowUpStatus, Prospect
from followup_desktop.io.dav import DavServer, RemoteItem
from followup_desktop.services import FollowUpService
from followup_desktop.services.sync import EmptyServer, SyncReport, SyncService

NEW_YORK = ZoneInfo("America/New_York")


def _sync(service: FollowUpService, url: str) -> SyncReport:
    return SyncService(service, DavServer(url, "ana", None)).sync()


def _phone_calendar(url: str) -> caldav.Calendar:
    (calendar,) = caldav.DAVClient(url=url, username="ana", password="").principal().calendars()
    return calendar


def _phone_todo(url: str, name: str) -> caldav.Todo:
    return next(
        t for t in _phone_calendar(url).todos() if name in str(t.icalendar_component["summary"])
    )


def _prospect_named(service: FollowUpService, name: str) -> Prospect:
    return next(s.prospect for s in service.store.summaries() if s.prospect.name == name)


@pytest.fixture
def two_prospects(service: FollowUpService) -> FollowUpService:
    service.add_prospect("Ana Müller", emails=("ana@mueller.example",), phones=("+49 30 1234567",))
    service.add_prospect("Tom Becker", company="Becker GmbH")
    return service


def test_a_first_sync_puts_each_follow_up_and_prospect_on_the_server(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    report = _sync(two_prospects, dav_server)
    assert (report.uploaded, report.updated, report.conflicts) == (4, 0, 0)
    todos = _phone_calendar(dav_server).todos()
    summaries = sorted(str(t.icalendar_component["summary"]) for t in todos)
    assert summaries[0].startswith("Call Ana Müller — ") or summaries[0].startswith("Email Ana")
    ana = next(
        t.icalendar_component for t in todos if "Ana" in str(t.icalendar_component["summary"])
    )
    assert "+49 30 1234567" in str(ana["description"])
    assert ana.walk("VALARM")
    assert ana["due"].params["TZID"] == "Europe/Berlin"
    assert str(ana["status"]) == "NEEDS-ACTION"


def test_repeated_syncs_change_and_duplicate_nothing(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    _sync(two_prospects, dav_server)
    again = _sync(two_prospects, dav_server)
    assert (again.uploaded, again.updated, again.removed, again.unchanged) == (0, 0, 0, 4)
    assert len(_phone_calendar(dav_server).todos()) == 2


def test_a_due_keeps_its_own_zone(service: FollowUpService, dav_server: str) -> None:
    prospect = service.add_prospect("Ana Müller", schedule_first=False)
    assert prospect.id is not None
    due = datetime(2026, 12, 1, 9, 0, tzinfo=NEW_YORK)
    follow_up = service.schedule(prospect.id, due, Channel.CALL, "Follow up on your introduction")
    assert follow_up.id is not None
    service.store.update_follow_up(follow_up.__class__(**{**follow_up.__dict__, "due_at": due}))
    _sync(service, dav_server)
    (todo,) = _phone_calendar(dav_server).todos()
    component = todo.icalendar_component
    assert str(component["summary"]) == "Call Ana Müller — Follow up on your introduction"
    assert component["due"].params["TZID"] == "America/New_York"
    assert component["due"].dt.replace(tzinfo=None) == datetime(2026, 12, 1, 9, 0)


def test_done_and_deleted_follow_ups_are_completed_or_removed(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    ana, tom = sorted(service.store.summaries(), key=lambda s: s.prospect.name)
    assert ana.prospect.id is not None
    assert tom.prospect.id is not None
    (pending,) = service.pending(ana.prospect.id)
    assert pending.id is not None
    service.mark_done(pending.id)
    service.delete_prospect(tom.prospect.id)
    report = _sync(service, dav_server)
    assert report.removed == 2  # Tom's to-do and card
    assert report.conflicts == 0
    todos = _phone_calendar(dav_server).todos(include_completed=True)
    states = sorted(str(t.icalendar_component["status"]) for t in todos)
    # Ana's follow-up is completed; the next one planned is a new open to-do.
    assert states == ["COMPLETED", "NEEDS-ACTION"]
    assert _sync(service, dav_server).uploaded == 0


def test_a_to_do_completed_on_the_phone_is_a_logged_touch(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    ana = _prospect_named(service, "Ana Müller")
    assert ana.id is not None
    (pending,) = service.pending(ana.id)
    todo = _phone_todo(dav_server, "Ana")
    todo.complete()
    report = _sync(service, dav_server)
    assert report.from_server == 1
    assert service.find_follow_up(pending.id or 0).status is FollowUpStatus.DONE  # type: ignore[union-attr]
    (touch,) = service.touches(ana.id)
    assert touch.channel is pending.channel
    assert "phone" in touch.notes
    (next_step,) = service.pending(ana.id)  # planned from the plan, as logging does
    assert next_step.id != pending.id
    assert _sync(service, dav_server).from_server == 0


def test_a_due_moved_on_the_phone_reschedules(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    ana = _prospect_named(service, "Ana Müller")
    assert ana.id is not None
    (pending,) = service.pending(ana.id)
    todo = _phone_todo(dav_server, "Ana")
    moved = pending.due_at + timedelta(days=2, hours=3)
    component = todo.icalendar_component
    component.pop("due")
    component.add("due", moved)
    todo.save()
    report = _sync(service, dav_server)
    assert report.from_server == 1
    (rescheduled,) = service.pending(ana.id)
    assert rescheduled.id == pending.id
    assert rescheduled.due_at == moved
    assert _sync(service, dav_server).conflicts == 0


def test_a_phone_number_added_on_the_phone_joins_the_prospect(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    server = DavServer(dav_server, "ana", None)
    book = server.address_book("FollowUp")
    ana = _prospect_named(service, "Ana Müller")
    href = next(h for h in server.etags(book) if ana.uid in h)
    card = server.get(href)
    edited = card.body.replace("END:VCARD", "TEL;TYPE=CELL:+49 171 7654321\r\nEND:VCARD")
    server.update(href, edited, "text/vcard", card.etag)  # the phone's edit
    report = _sync(service, dav_server)
    assert report.from_server == 1
    assert report.conflicts == 0
    assert ana.id is not None
    assert service.get_prospect(ana.id).phones == ("+49 30 1234567", "+49 171 7654321")
    assert _sync(service, dav_server).from_server == 0


def test_a_to_do_deleted_on_the_phone_skips_the_follow_up_undoably(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    ana = _prospect_named(service, "Ana Müller")
    assert ana.id is not None
    (pending,) = service.pending(ana.id)
    assert pending.id is not None
    _phone_todo(dav_server, "Ana").delete()
    report = _sync(service, dav_server)
    assert (report.from_server, report.uploaded, report.conflicts) == (1, 0, 0)
    assert service.find_follow_up(pending.id).status is FollowUpStatus.SKIPPED  # type: ignore[union-attr]
    assert service.touches(ana.id) == []  # skipped, not done
    assert len(_phone_calendar(dav_server).todos()) == 1  # not uploaded again
    (operation,) = report.operations
    assert operation.label == "Skip 1 follow-up deleted on the phone"
    service.undo_operation(operation.op_id)
    assert service.find_follow_up(pending.id).status is FollowUpStatus.PENDING  # type: ignore[union-attr]
    again = _sync(service, dav_server)
    assert (again.uploaded, again.from_server) == (1, 0)  # back on the phone
    assert len(_phone_calendar(dav_server).todos()) == 2


def test_a_to_do_deleted_on_the_phone_but_changed_here_is_put_back(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    ana = _prospect_named(service, "Ana Müller")
    assert ana.id is not None
    (pending,) = service.pending(ana.id)
    assert pending.id is not None
    _phone_todo(dav_server, "Ana").delete()
    service.reschedule(pending.id, pending.due_at + timedelta(days=1))
    report = _sync(service, dav_server)
    assert (report.uploaded, report.conflicts) == (1, 1)
    (conflict,) = report.conflict_items
    assert (conflict.prospect, conflict.there) == ("Ana Müller", "deleted")
    assert service.find_follow_up(pending.id).status is FollowUpStatus.PENDING  # type: ignore[union-attr]


def _phone_card(service: FollowUpService, url: str, name: str) -> tuple[DavServer, RemoteItem]:
    server = DavServer(url, "ana", None)
    book = server.address_book("FollowUp")
    prospect = next(s.prospect for s in service.store.summaries() if s.prospect.name == name)
    href = next(h for h in server.etags(book) if prospect.uid in h)
    return server, server.get(href)


def test_a_contact_edited_on_the_phone_keeps_what_the_phone_added(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    server, card = _phone_card(service, dav_server, "Ana Müller")
    added = "\r\n".join(
        [
            "item1.TEL;type=CELL;type=VOICE;type=pref:+49 171 7654321",
            "item1.X-ABLabel:_$!<Mobile>!$_",
            "item2.ADR;type=WORK:;;Hauptstr. 5;Berlin;;10115;Germany",
            "item2.X-ABLabel:_$!<Work>!$_",
            "X-APPLE-SUBLOCALITY:Mitte",
            "NOTE:Met at the fair",
            "PHOTO;ENCODING=b;TYPE=JPEG:" + "QUJD" * 40,
            "END:VCARD",
        ]
    )
    server.update(card.href, card.body.replace("END:VCARD", added), "text/vcard", card.etag)
    report = _sync(service, dav_server)
    assert report.from_server == 1
    (merged,) = report.merged
    assert merged.prospect == "Ana Müller"
    assert merged.added == (
        "phone +49 171 7654321",
        "address Hauptstr. 5, 10115, Berlin, Germany",
    )
    ana = _prospect_named(service, "Ana Müller")
    assert ana.address.city == "Berlin"
    assert ana.id is not None
    service.update_prospect(replace(ana, title="Head of Sales", phones=("+49 171 7654321",)))
    again = _sync(service, dav_server)
    # The card, and her to-do, whose description names her phone numbers.
    assert (again.updated, again.conflicts, again.from_server) == (2, 0, 0)
    _server, uploaded = _phone_card(service, dav_server, "Ana Müller")
    # The server stores the card as it re-reads it (names upper-cased, types joined).
    body = re.sub(r"\r?\n[ \t]", "", uploaded.body).upper()
    assert "TITLE:HEAD OF SALES" in body
    assert "ITEM1.TEL;TYPE=CELL,VOICE,PREF:+49 171 7654321" in body
    assert "ITEM1.X-ABLABEL:_$!<MOBILE>!$_" in body
    assert "ITEM2.ADR;TYPE=WORK:;;HAUPTSTR. 5;BERLIN;;10115;GERMANY" in body
    assert "ITEM2.X-ABLABEL:_$!<WORK>!$_" in body
    assert "X-APPLE-SUBLOCALITY:MITTE" in body
    assert "NOTE:MET AT THE FAIR" in body
    assert "QUJD" * 40 in body
    assert "+49 30 1234567" not in body  # removed here: gone from the card too
    assert body.count("BEGIN:VCARD") == 1
    assert _sync(service, dav_server).unchanged == 4


def test_a_to_do_keeps_what_the_phone_added_when_it_is_rescheduled_here(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    todo = _phone_todo(dav_server, "Ana")
    component = todo.icalendar_component
    component.add("priority", 1)
    component.add("categories", ["Work"])
    component.add("x-apple-sort-order", "712345678")
    todo.save()
    assert _sync(service, dav_server).from_server == 0  # nothing of the follow-up changed
    ana = _prospect_named(service, "Ana Müller")
    assert ana.id is not None
    (pending,) = service.pending(ana.id)
    assert pending.id is not None
    moved = pending.due_at + timedelta(days=3)
    service.reschedule(pending.id, moved)
    assert _sync(service, dav_server).updated == 1
    component = _phone_todo(dav_server, "Ana").icalendar_component
    assert component["due"].dt == moved
    assert int(component["priority"]) == 1
    assert str(component["x-apple-sort-order"]) == "712345678"
    assert "Work" in component["categories"].to_ical().decode()
    assert len(component.walk("VALARM")) == 1


class _PhoneWritesMeanwhile(DavServer):
    """The real server, with the phone writing just before the app's first update
    reaches it (as when both sync at the same moment)."""

    def __init__(self, url: str, phone_edit: Callable[[], None]) -> None:
        super().__init__(url, "ana", None)
        self._phone_edit: Callable[[], None] | None = phone_edit

    def update(self, href: str, body: str, content_type: str, etag: str) -> RemoteItem:
        if self._phone_edit is not None:
            edit, self._phone_edit = self._phone_edit, None
            edit()
        return super().update(href, body, content_type, etag)


def _ana_pending(service: FollowUpService) -> FollowUp:
    ana = _prospect_named(service, "Ana Müller")
    assert ana.id is not None
    (pending,) = service.pending(ana.id)
    return pending


def _move_on_phone(url: str, due: datetime) -> None:
    todo = _phone_todo(url, "Ana")
    component = todo.icalendar_component
    component.pop("due")
    component.add("due", due)
    todo.save()


def test_a_refused_write_reads_the_item_again_and_keeps_what_the_phone_added(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    pending = _ana_pending(service)
    assert pending.id is not None
    moved = pending.due_at + timedelta(days=1)
    service.reschedule(pending.id, moved)

    def phone_sets_a_priority() -> None:
        todo = _phone_todo(dav_server, "Ana")
        todo.icalendar_component.add("priority", 1)
        todo.save()

    server = _PhoneWritesMeanwhile(dav_server, phone_sets_a_priority)
    report = SyncService(service, server).sync()
    assert (report.updated, report.conflicts, report.conflict_items) == (1, 0, [])
    component = _phone_todo(dav_server, "Ana").icalendar_component
    assert component["due"].dt == moved
    assert int(component["priority"]) == 1
    assert _sync(service, dav_server).unchanged == 4


def test_a_due_moved_on_both_sides_is_a_conflict_reported_not_dropped(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    pending = _ana_pending(service)
    assert pending.id is not None
    here = pending.due_at + timedelta(days=1)
    there = pending.due_at + timedelta(days=2)
    service.reschedule(pending.id, here)
    server = _PhoneWritesMeanwhile(dav_server, lambda: _move_on_phone(dav_server, there))
    report = SyncService(service, server).sync()
    assert report.conflicts == 1
    (conflict,) = report.conflict_items
    assert (conflict.kind, conflict.prospect) == ("todo", "Ana Müller")
    assert conflict.here == f"due {here:%Y-%m-%d %H:%M} Europe/Berlin"
    assert conflict.there == f"due {there:%Y-%m-%d %H:%M} Europe/Berlin"
    assert f"DUE;TZID=Europe/Berlin:{there:%Y%m%dT%H%M%S}" in conflict.server_version
    assert report.as_json()["conflict_items"][0]["prospect"] == "Ana Müller"
    # This side's version was uploaded once the conflict was recorded.
    assert _phone_todo(dav_server, "Ana").icalendar_component["due"].dt == here
    assert service.find_follow_up(pending.id).due_at == here  # type: ignore[union-attr]
    assert _sync(service, dav_server).conflicts == 0


def test_a_due_moved_on_the_phone_and_here_before_a_sync_is_a_conflict(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    pending = _ana_pending(service)
    assert pending.id is not None
    here = pending.due_at + timedelta(days=1)
    _move_on_phone(dav_server, pending.due_at + timedelta(days=2))
    service.reschedule(pending.id, here)
    report = _sync(service, dav_server)
    assert (report.conflicts, report.from_server, report.updated) == (1, 0, 1)
    assert _phone_todo(dav_server, "Ana").icalendar_component["due"].dt == here


def test_changes_to_different_parts_of_a_to_do_are_no_conflict(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    pending = _ana_pending(service)
    there = pending.due_at + timedelta(days=2)
    _move_on_phone(dav_server, there)
    ana = service.get_prospect(pending.prospect_id)
    service.update_prospect(replace(ana, phones=("+49 30 7654321",)))  # in the description
    report = _sync(service, dav_server)
    assert (report.conflicts, report.from_server) == (0, 1)
    assert _ana_pending(service).due_at == there
    component = _phone_todo(dav_server, "Ana").icalendar_component
    assert component["due"].dt == there
    assert "+49 30 7654321" in str(component["description"])


def _empty_the_server(url: str) -> None:
    for todo in _phone_calendar(url).todos(include_completed=True):
        todo.delete()
    server = DavServer(url, "ana", None)
    book = server.address_book("FollowUp")
    for href, etag in server.etags(book).items():
        server.delete(href, etag)


def test_a_server_that_suddenly_lists_nothing_stops_the_sync(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    _empty_the_server(dav_server)
    with pytest.raises(EmptyServer, match="calendar on the server is empty, though 2 to-dos"):
        _sync(service, dav_server)
    assert len(service.store.due(datetime(9999, 1, 1, tzinfo=NEW_YORK))) == 2  # nothing skipped
    assert _phone_calendar(dav_server).todos() == []  # nor put back
    report = SyncService(service, DavServer(dav_server, "ana", None)).sync(allow_empty=True)
    assert report.from_server == 2  # both follow-ups skipped, in one undoable operation
    assert len(report.operations) == 1
    assert report.uploaded == 2  # the contacts put back
    assert service.store.due(datetime(9999, 1, 1, tzinfo=NEW_YORK)) == []


def test_sync_tokens_are_kept_and_a_refused_one_falls_back_to_the_etags(
    two_prospects: FollowUpService, dav_server: str
) -> None:
    service = two_prospects
    _sync(service, dav_server)
    server = DavServer(dav_server, "ana", None)
    calendar = server.calendar("FollowUp")
    first = service.store.sync_token("todo", calendar)
    assert first.startswith("http")  # Radicale's tokens are URLs
    _phone_todo(dav_server, "Tom").complete()
    assert _sync(service, dav_server).from_server == 1  # found by the token's changes
    assert service.store.sync_token("todo", calendar) not in ("", first)
    service.store.put_sync_token("todo", calendar, "http://radicale.org/ns/sync/forgotten")
    _phone_todo(dav_server, "Ana").delete()  # found by its absence from the ETag listing
    report = _sync(service, dav_server)
    assert (report.from_server, report.conflicts) == (1, 0)
    assert service.store.sync_token("todo", calendar).startswith("http://radicale.org/ns/sync/")
    assert _sync(service, dav_server).from_server == 0
