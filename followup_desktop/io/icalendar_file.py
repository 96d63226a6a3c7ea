"""Pending follow-ups as an iCalendar file that other calendars import.

Each follow-up is a VTODO with DUE (or, as an option, a 15-minute VEVENT)
at its local wall-clock time in its own zone, with the zone's VTIMEZONE, and
a VALARM at that moment. UIDs are derived from the prospect's uid and the
follow-up's id, so importing a newer export updates entries instead of
adding them twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import icalendar

from followup_desktop.domain.model import Channel, FollowUp
from followup_desktop.i18n import _, pgettext

PRODID = "-//FollowUp Desktop//Follow-ups//EN"
EVENT_LENGTH = timedelta(minutes=15)


@dataclass(frozen=True)
class FollowUpEntry:
    """A pending follow-up with what a calendar entry says about its prospect."""

    follow_up: FollowUp
    prospect_uid: str
    prospect_name: str
    company: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


def follow_up_uid(entry: FollowUpEntry) -> str:
    return f"{entry.prospect_uid}-{entry.follow_up.id}@followup-desktop"


def _channel_word(channel: Channel) -> str:
    """A channel as a calendar entry's title begins: "Call", "Email"."""
    return {
        Channel.CALL: pgettext("calendar", "Call"),
        Channel.EMAIL: pgettext("calendar", "Email"),
        Channel.TEXT: pgettext("calendar", "Text"),
        Channel.SOCIAL: pgettext("calendar", "Social"),
        Channel.MEETING: pgettext("calendar", "Meeting"),
        Channel.NOTE: pgettext("calendar", "Note"),
        Channel.EVENT: pgettext("calendar", "Event"),
        Channel.ARTICLE: pgettext("calendar", "Article"),
        Channel.INTRODUCTION: pgettext("calendar", "Introduction"),
        Channel.OPINION: pgettext("calendar", "Opinion"),
    }[channel]


def summary(entry: FollowUpEntry) -> str:
    who = (
        _("{name} ({company})").format(name=entry.prospect_name, company=entry.company)
        if entry.company
        else entry.prospect_name
    )
    # Translators: a calendar entry's title: the channel, then whom to reach.
    return pgettext("calendar", "{channel}: {who}").format(
        channel=_channel_word(entry.follow_up.channel), who=who
    )


def write_calendar(
    entries: Sequence[FollowUpEntry], *, stamp: datetime, as_events: bool = False
) -> bytes:
    """The follow-ups as an iCalendar file (VTODO, or VEVENT with ``as_events``)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("FollowUp Desktop follow-ups"))
    for entry in entries:
        fu = entry.follow_up
        due = fu.effective_due
        component: icalendar.Component = icalendar.Event() if as_events else icalendar.Todo()
        component.add("uid", follow_up_uid(entry))
        component.add("dtstamp", stamp)
        component.add("summary", summary(entry))
        lines = [fu.purpose] if fu.purpose else []
        lines += [_("E-mail: {address}").format(address=e) for e in entry.emails]
        lines += [_("Phone: {number}").format(number=p) for p in entry.phones]
        if lines:
            component.add("description", "\n".join(lines))
        component.add("categories", [pgettext("calendar category", "Follow-up"), fu.channel.value])
        if as_events:
            component.add("dtstart", due)
            component.add("dtend", due + EVENT_LENGTH)
            component.add("transp", "TRANSPARENT")
        else:
            component.add("dtstart", due)
            component.add("due", due)
            component.add("status", "NEEDS-ACTION")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(entry))
        alarm.add("trigger", timedelta(0))
        component.add_component(alarm)
        cal.add_component(component)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
