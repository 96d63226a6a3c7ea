"""The DAV client against a real Radicale server started on loopback."""

from __future__ import annotations

import caldav
import pytest

from followup_desktop.io.dav import DavError, DavServer, PreconditionFailed, SyncTokenRefused


def test_the_test_server_keeps_what_a_client_writes(dav_server: str) -> None:
    client = caldav.DAVClient(url=dav_server, username="ana", password="anything")
    calendar = client.principal().make_calendar(name="Phone")
    calendar.save_todo(summary="Call Ana", uid="one@test")
    again = caldav.DAVClient(url=dav_server, username="ana", password="")
    (found,) = again.principal().calendars()
    assert [t.icalendar_component["summary"] for t in found.todos()] == ["Call Ana"]


def test_collections_are_found_or_made_once(dav_server: str) -> None:
    server = DavServer(dav_server, "ana", None)
    calendar = server.calendar("FollowUp")
    book = server.address_book("FollowUp")
    again = DavServer(dav_server, "ana", None)
    assert again.calendar("FollowUp") == calendar
    assert again.address_book("FollowUp") == book
    assert again.etags(calendar) == {}
    assert again.etags(book) == {}


def test_writes_carry_preconditions(dav_server: str) -> None:
    server = DavServer(dav_server, "ana", None)
    book = server.address_book("FollowUp")
    card = "\r\n".join(
        [
            "BEGIN:VCARD",
            "VERSION:3.0",
            "UID:ana-1",
            "FN:Ana Müller",
            "N:Müller;Ana;;;",
            "END:VCARD",
            "",
        ]
    )
    made = server.create(book, "ana-1.vcf", card, "text/vcard")
    assert server.etags(book) == {made.href: made.etag}
    with pytest.raises(PreconditionFailed):
        server.create(book, "ana-1.vcf", card, "text/vcard")
    changed = server.update(
        made.href, card.replace("Ana Müller", "Ana M."), "text/vcard", made.etag
    )
    assert changed.etag != made.etag
    assert "Ana M." in server.get(made.href).body
    with pytest.raises(PreconditionFailed):
        server.update(made.href, card, "text/vcard", made.etag)
    with pytest.raises(PreconditionFailed):
        server.delete(made.href, made.etag)
    server.delete(made.href, changed.etag)
    assert server.etags(book) == {}


def test_an_unreachable_server_is_one_line(tmp_path: object) -> None:
    server = DavServer("http://127.0.0.1:9/", "ana", None)
    with pytest.raises(DavError, match="Cannot reach the sync server"):
        server.calendar("FollowUp")


def test_sync_tokens_say_what_changed_and_what_was_removed(dav_server: str) -> None:
    server = DavServer(dav_server, "ana", None)
    book = server.address_book("FollowUp")
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{uid}\r\nN:{uid};;;;\r\nEND:VCARD\r\n"
    one = server.create(book, "one.vcf", card.format(uid="one"), "text/vcard")
    two = server.create(book, "two.vcf", card.format(uid="two"), "text/vcard")
    first = server.changes_since(book, "")
    assert first.changed == {one.href: one.etag, two.href: two.etag}
    assert first.removed == frozenset()
    server.delete(one.href, one.etag)
    edited = card.format(uid="two").replace("FN:two", "FN:Two")
    changed = server.update(two.href, edited, "text/vcard", two.etag)
    three = server.create(book, "three.vcf", card.format(uid="three"), "text/vcard")
    later = server.changes_since(book, first.token)
    assert later.removed == {one.href}
    assert later.changed == {two.href: changed.etag, three.href: three.etag}
    assert later.token != first.token
    with pytest.raises(SyncTokenRefused):
        server.changes_since(book, "http://radicale.org/ns/sync/unknown")
