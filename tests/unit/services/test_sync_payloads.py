"""Phone sync reading what real phone clients write: iOS Contacts and Reminders,
DAVx5 with jtx Board or OpenTasks. The payloads are fixture files in their
clients' style, put on a real Radicale server as the phone."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import caldav
import pytest

from followup_desktop.domain.model import Channel, FollowUp, FollowUpStatus, Prospect
from followup_desktop.io.dav import DavServer
from followup_desktop.services import FollowUpService
from followup_desktop.services.sync import SyncReport, SyncService

FIXTURES = Path(__file__).parents[2] / "fixtures" / "dav"
NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def _sync(service: FollowUpService, url: str) -> SyncReport:
    return SyncService(service, DavServer(url, "ana", None)).sync()


def _payload(name: str, **values: str) -> str:
    text = (FIXTURES / name).read_bytes().decode("utf-8")
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


@pytest.fixture
def ana(service: FollowUpService, dav_server: str) -> Prospect:
    prospect = service.add_prospect(
        "Ana Müller", emails=("ana@mueller.example",), phones=("+49 30 1234567",)
    )
    _sync(service, dav_server)
    return prospect


def _phone_puts_todo(url: str, name: str, **values: str) -> caldav.Todo:
    """The phone replaces the to-do with its own rendering of it."""
    (calendar,) = caldav.DAVClient(url=url, username="ana", password="").principal().calendars()
    (todo,) = calendar.todos()
    component = todo.icalendar_component
    body = _payload(
        name,
        UID=str(component["uid"]),
        SUMMARY=str(component["summary"]),
        **values,
    )
    server = DavServer(url, "ana", None)
    href = str(todo.url.path)
    server.update(href, body, "text/calendar", server.get(href).etag)
    return todo


def _the_todo(url: str, status: str = "NEEDS-ACTION") -> str:
    (calendar,) = caldav.DAVClient(url=url, username="ana", password="").principal().calendars()
    texts = [re.sub(r"\r?\n[ \t]", "", str(t.data)) for t in calendar.todos(include_completed=True)]
    (text,) = [t for t in texts if f"STATUS:{status}" in t]
    return text


def _pending(service: FollowUpService, prospect: Prospect) -> FollowUp:
    assert prospect.id is not None
    (pending,) = service.pending(prospect.id)
    return pending


def test_an_ios_contact_is_read_and_what_ios_added_is_kept(
    service: FollowUpService, ana: Prospect, dav_server: str
) -> None:
    server = DavServer(dav_server, "ana", None)
    book = server.address_book("FollowUp")
    (href,) = server.etags(book)
    card = _payload("ios_contact.vcf", UID=ana.uid)
    server.update(href, card, "text/vcard", server.get(href).etag)
    report = _sync(service, dav_server)
    (merged,) = report.merged
    assert merged.added == (
        "phone +49 171 7654321",
        "e-mail ana.private@example.org",
        "address Hauptstraße 5, 10115, Berlin, Germany",
    )
    assert ana.id is not None
    now = service.get_prospect(ana.id)
    assert now.phones == ("+49 30 1234567", "+49 171 7654321")
    assert now.address.street == "Hauptstraße 5"
    service.update_prospect(replace(now, title="Head of Sales"))
    assert _sync(service, dav_server).conflicts == 0
    body = re.sub(r"\r?\n[ \t]", "", server.get(href).body).upper()
    assert "TITLE:HEAD OF SALES" in body
    for kept in (
        "ITEM1.X-ABLABEL:_$!<MOBILE>!$_",
        "ITEM2.X-ABLABEL:PRIVATE",
        "ITEM3.X-ABADR:DE",
        "X-APPLE-SUBLOCALITY:MITTE",
        "X-ABSHOWAS:PERSON",
        "NOTE:MET AT THE HANNOVER FAIR",
        "/9J/4AAQSKZJRGABAQAAAQABAAD/",
    ):
        assert kept in body
    assert body.count("+49 171 7654321") == 1
    assert _sync(service, dav_server).from_server == 0


def test_an_ios_reminder_completed_is_a_logged_touch_and_keeps_its_properties(
    service: FollowUpService, ana: Prospect, dav_server: str
) -> None:
    pending = _pending(service, ana)
    due = pending.due_at.astimezone(BERLIN)
    _phone_puts_todo(dav_server, "ios_reminder_completed.ics", DUE=f"{due:%Y%m%dT%H%M%S}")
    report = _sync(service, dav_server)
    assert (report.from_server, report.conflicts) == (1, 0)
    assert service.find_follow_up(pending.id or 0).status is FollowUpStatus.DONE  # type: ignore[union-attr]
    assert ana.id is not None
    (touch,) = service.touches(ana.id)
    assert "phone" in touch.notes
    assert _sync(service, dav_server).conflicts == 0
    text = _the_todo(dav_server, "COMPLETED")
    assert "X-APPLE-SORT-ORDER:712345678" in text
    assert "STATUS:COMPLETED" in text


def test_a_jtx_to_do_moved_to_another_zone_keeps_the_follow_ups_zone_and_its_properties(
    service: FollowUpService, ana: Prospect, dav_server: str
) -> None:
    pending = _pending(service, ana)
    assert pending.id is not None
    _phone_puts_todo(dav_server, "davx5_jtx_moved.ics")
    report = _sync(service, dav_server)
    assert (report.from_server, report.conflicts) == (1, 0)
    moved = service.find_follow_up(pending.id)
    assert moved is not None
    assert moved.due_at == datetime(2026, 12, 2, 9, 0, tzinfo=NEW_YORK)  # the same instant
    assert getattr(moved.due_at.tzinfo, "key", "") == "Europe/Berlin"  # in its own zone
    assert ana.id is not None
    service.update_prospect(
        replace(service.get_prospect(ana.id), phones=("+49 30 7654321",))
    )  # her to-do's description changes
    assert _sync(service, dav_server).updated == 2
    text = _the_todo(dav_server)
    for kept in (
        "PRIORITY:5",
        "CATEGORIES:SALES,PHONE",
        "RELATED-TO;RELTYPE=PARENT:JTX-PARENT-4711@AT.TECHBEE.JTX",
        "X-OPENTASKS-PINNED:1",
        "TZID:AMERICA/NEW_YORK",
    ):
        assert kept in text.upper()
    assert "+49 30 7654321" in text
    assert text.count("BEGIN:VALARM") == 1
    assert _sync(service, dav_server).from_server == 0


def test_a_due_moved_on_the_phone_stays_wall_clock_in_the_follow_ups_zone(
    service: FollowUpService, dav_server: str
) -> None:
    prospect = service.add_prospect("Ana Müller", schedule_first=False)
    assert prospect.id is not None
    due = datetime(2026, 12, 1, 9, 0, tzinfo=NEW_YORK)
    follow_up = service.schedule(prospect.id, due, Channel.CALL, "Follow up")
    service.store.update_follow_up(replace(follow_up, due_at=due))  # kept in New York
    _sync(service, dav_server)
    _phone_puts_todo(dav_server, "davx5_jtx_moved.ics")
    assert _sync(service, dav_server).from_server == 1
    moved = service.find_follow_up(follow_up.id or 0)
    assert moved is not None
    assert getattr(moved.due_at.tzinfo, "key", "") == "America/New_York"
    assert moved.due_at.replace(tzinfo=None) == datetime(2026, 12, 2, 9, 0)
    assert moved.due_at - due == timedelta(days=1)
