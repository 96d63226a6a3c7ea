"""The DAV client against a real Radicale server started on loopback."""

from __future__ import annotations

import caldav


def test_the_test_server_keeps_what_a_client_writes(dav_server: str) -> None:
    client = caldav.DAVClient(url=dav_server, username="ana", password="anything")
    calendar = client.principal().make_calendar(name="Phone")
    calendar.save_todo(summary="Call Ana", uid="one@test")
    again = caldav.DAVClient(url=dav_server, username="ana", password="")
    (found,) = again.principal().calendars()
    assert [t.icalendar_component["summary"] for t in found.todos()] == ["Call Ana"]
