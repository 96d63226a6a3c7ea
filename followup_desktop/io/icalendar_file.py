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
from datetime import UTC, datetime, timedelta

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


def todo_summary(entry: FollowUpEntry) -> str:
    """A phone to-do's title: "Call Ana Müller — Follow up on your introduction"."""
    channel = _channel_word(entry.follow_up.channel)
    if not entry.follow_up.purpose:
        # Translators: a to-do's title on the phone: the channel, then whom to reach.
        return pgettext("phone to-do", "{channel} {name}").format(
            channel=channel, name=entry.prospect_name
        )
    # Translators: a to-do's title on the phone: the channel, whom to reach, and why.
    return pgettext("phone to-do", "{channel} {name} — {purpose}").format(
        channel=channel, name=entry.prospect_name, purpose=entry.follow_up.purpose
    )


def write_todo(entry: FollowUpEntry, *, stamp: datetime, completed: datetime | None = None) -> str:
    """One follow-up as a calendar object holding one VTODO, as a CalDAV server
    keeps it: DUE at its wall-clock time in its own zone (TZID and VTIMEZONE), a
    VALARM then (phones switch a reminder off without one), the prospect's phone
    and e-mail in the description; COMPLETED once carried out or skipped."""
    fu = entry.follow_up
    due = fu.effective_due.astimezone(fu.due_at.tzinfo)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    todo = icalendar.Todo()
    todo.add("uid", follow_up_uid(entry))
    todo.add("dtstamp", stamp)
    todo.add("summary", todo_summary(entry))
    lines = [_("{name} ({company})").format(name=entry.prospect_name, company=entry.company)]
    if not entry.company:
        lines = [entry.prospect_name]
    lines += [_("Phone: {number}").format(number=p) for p in entry.phones]
    lines += [_("E-mail: {address}").format(address=e) for e in entry.emails]
    todo.add("description", "\n".join(lines))
    todo.add("due", due)
    if completed is None:
        todo.add("status", "NEEDS-ACTION")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", todo_summary(entry))
        alarm.add("trigger", timedelta(0), parameters={"RELATED": "END"})
        todo.add_component(alarm)
    else:
        todo.add("status", "COMPLETED")
        todo.add("completed", completed.astimezone(UTC))
        todo.add("percent-complete", 100)
    cal.add_component(todo)
    cal.add_missing_timezones()
    return bytes(cal.to_ical()).decode("utf-8")


@dataclass(frozen=True)
class TodoOnServer:
    """What the sync reads back from a to-do: whether it was done, and when it is due."""

    uid: str
    completed: bool
    due: datetime | None
    zoned: bool = False  # the DUE named its zone (TZID): a wall-clock time there


def read_todo(text: str) -> TodoOnServer | None:
    """The first VTODO of a calendar object; None when it holds none or is unreadable."""
    try:
        cal = icalendar.Calendar.from_ical(text)
    except ValueError:
        return None
    for todo in cal.walk("VTODO"):
        status = str(todo.get("status", "")).upper()
        due = todo.get("due")
        moment = due.dt if due is not None else None
        return TodoOnServer(
            uid=str(todo.get("uid", "")),
            completed=status == "COMPLETED" or todo.get("completed") is not None,
            due=moment if isinstance(moment, datetime) and moment.tzinfo else None,
            zoned=due is not None and "TZID" in due.params,
        )
    return None


# What the app writes of a to-do; everything else in it (X-APPLE-SORT-ORDER,
# PRIORITY, CATEGORIES, RELATED-TO, another client's alarms' settings) is the phone's.
_OWNED_TODO = (
    "UID",
    "DTSTAMP",
    "SUMMARY",
    "DESCRIPTION",
    "DUE",
    "STATUS",
    "COMPLETED",
    "PERCENT-COMPLETE",
)


def merge_todo(ours: str, theirs: str) -> str:
    """Our to-do written into the server's copy of it: what the app owns (title,
    description, due, status, alarm) replaced, what the phone added kept. Ours
    alone when the server's copy holds no readable VTODO."""
    try:
        their_cal = icalendar.Calendar.from_ical(theirs)
        our_cal = icalendar.Calendar.from_ical(ours)
    except ValueError:
        return ours
    their_todos = their_cal.walk("VTODO")
    our_todos = our_cal.walk("VTODO")
    if not their_todos or not our_todos:
        return ours
    mine, kept = our_todos[0], their_todos[0]
    for name in _OWNED_TODO:
        kept.pop(name, None)
    for name in _OWNED_TODO:
        if name in mine:
            kept[name] = mine[name]
    # The alarm is the app's: one at the due time while the follow-up is open.
    kept.subcomponents = [c for c in kept.subcomponents if c.name != "VALARM"] + [
        c for c in mine.subcomponents if c.name == "VALARM"
    ]
    zones = {str(tz.get("TZID")) for tz in their_cal.walk("VTIMEZONE")}
    for tz in our_cal.walk("VTIMEZONE"):
        if str(tz.get("TZID")) not in zones:
            their_cal.subcomponents.insert(0, tz)
    return bytes(their_cal.to_ical()).decode("utf-8")
