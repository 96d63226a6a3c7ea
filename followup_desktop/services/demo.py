"""Realistic demo data: every stage, every channel, due and overdue work.

Deterministic for a seed and relative to the clock's "now", so a demo always
has something overdue, something due today and a meeting awaiting a note.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from followup_desktop.domain.cadence import MEETING, built_in_cadences, cadence_for_source
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUp,
    Outcome,
    PostalAddress,
    Prospect,
    Source,
    Stage,
    Touch,
)
from followup_desktop.domain.wallclock import at_local
from followup_desktop.i18n import _
from followup_desktop.services.followup import FollowUpService

DEFAULT_PROSPECTS = 80
# More would take hours and gigabytes: no demo needs it.
MAX_PROSPECTS = 200_000

_FIRST = [
    "Ana",
    "Jürgen",
    "Éloïse",
    "François",
    "Siobhán",
    "Łukasz",
    "Zoë",
    "Chloé",
    "Björn",
    "José",
    "Margaret",
    "David",
    "Priya",
    "Tom",
    "Sarah",
    "Michael",
    "Emily",
    "Lars",
    "Camille",
    "Hannah",
    "Oliver",
    "Isabel",
    "Noah",
    "Mia",
    "Lucas",
    "Grace",
    "Samuel",
    "Laura",
    "Amélie",
    "Søren",
    "Nuno",
    "Fatima",
]
_LAST = [
    "García",
    "Müller",
    "Moreau",
    "Lefèvre",
    "O'Connor",
    "Wiśniewski",
    "Brontë",
    "Dubois",
    "Åström",
    "Núñez",
    "Thompson",
    "Okafor",
    "Raman",
    "Becker",
    "Lee",
    "Brown",
    "Clarke",
    "Jensen",
    "Roux",
    "Schäfer",
    "Wright",
    "Ferreira",
    "Fischer",
    "Hoffmann",
    "Martin",
    "Kim",
    "Adeyemi",
    "Bianchi",
    "Nakamura",
    "Kowalczyk",
    "Haddad",
]
# Names in other scripts, mixed in among the others.
_OTHER_SCRIPTS = [
    "Γιώργος Παπαδόπουλος",
    "Анна Иванова",
    "山田 太郎",
    "王芳",
    "김민준",
    "ليلى حداد",
]
_COMPANIES = [
    "Acme Consulting",
    "Nordlicht GmbH",
    "Atelier Lumière",
    "Brightside Coaching",
    "Harbour & Vale Ltd",
    "Kowalski Logistics",
    "Mercado Verde",
    "Summit Learning",
    "Blue Fjord AS",
    "Café Olé",
    "Pinecrest Dental",
    "Oakridge Partners",
    "",
    "",
    "Studio Kaizen",
    "Tessera Analytics",
    "Waverly Events",
    "Greenfield Farms",
]
_TITLES = [
    "Founder",
    "Head of People",
    "CEO",
    "Operations Manager",
    "Marketing Director",
    "HR Business Partner",
    "Managing Director",
    "Team Lead",
    "",
]
_TOPICS = [
    "the leadership workshop",
    "a coaching programme for new managers",
    "their sales kick-off",
    "a website relaunch",
    "onboarding training",
    "a strategy day for the board",
    "the spring offsite",
    "a negotiation course",
]
_LOST_REASONS = [
    "Budget frozen until next year",
    "Timing: revisit after the merger",
    "Chose a competitor on price",
    "No longer a priority",
    "Went with an internal solution",
]
_ADDRESSES = [
    PostalAddress("1600 Amphitheatre Pkwy\nSuite 200", "Mountain View", "CA", "94043", "US"),
    PostalAddress("221B Baker Street", "London", "", "NW1 6XE", "GB"),
    PostalAddress("Friedrichstraße 123\n3. OG", "Berlin", "", "10117", "DE"),
    PostalAddress("12 rue de Rivoli", "Paris", "", "75004", "FR"),
    PostalAddress("350 Fifth Avenue", "New York", "NY", "10118", "US"),
    PostalAddress("Königsallee 60", "Düsseldorf", "", "40212", "DE"),
    PostalAddress("8 Rue Sainte-Catherine", "Bordeaux", "", "33000", "FR"),
    PostalAddress("1-1 Chiyoda", "Chiyoda-ku", "Tokyo", "100-8111", "JP"),
    PostalAddress("10 Downing Street", "London", "", "SW1A 2AA", "GB"),
    PostalAddress("Calle de Alcalá 50", "Madrid", "", "28014", "ES"),
    PostalAddress("100 Queen St W", "Toronto", "ON", "M5H 2N2", "CA"),
    PostalAddress(),
]
_STAGES = [
    Stage.NEW,
    Stage.CONTACTED,
    Stage.ENGAGED,
    Stage.CONTACTED,
    Stage.PROPOSAL,
    Stage.ENGAGED,
    Stage.WON,
    Stage.CONTACTED,
    Stage.LOST,
    Stage.DORMANT,
    Stage.ENGAGED,
    Stage.CONTACTED,
]
# What each open prospect's next step looks like, in turn.
_NEXT = [
    "overdue",
    "today",
    "week",
    "later",
    "none",
    "thank_you",
    "overdue",
    "today",
    "week",
    "later",
]
_TAGS = ["coaching", "referral", "workshop", "enterprise", "local", "speaking"]
_OUTCOMES_OUT = [
    Outcome.NO_ANSWER,
    Outcome.LEFT_MESSAGE,
    Outcome.SENT,
    Outcome.REPLIED,
    Outcome.CONVERSATION,
    Outcome.MEETING_BOOKED,
]
# What sellers use most: e-mail and calls, then the rest now and then.
_OUT_CHANNELS = [
    Channel.EMAIL,
    Channel.CALL,
    Channel.EMAIL,
    Channel.SOCIAL,
    Channel.CALL,
    Channel.TEXT,
    Channel.MEETING,
    Channel.EMAIL,
    Channel.ARTICLE,
    Channel.CALL,
    Channel.NOTE,
    Channel.EVENT,
    Channel.EMAIL,
    Channel.INTRODUCTION,
    Channel.CALL,
    Channel.OPINION,
]
# Channels that get an answer on the spot; the others are sent and hoped for.
_ANSWERED_ON = frozenset({Channel.CALL, Channel.EMAIL, Channel.TEXT, Channel.SOCIAL})
_INBOUND_CHANNELS = [Channel.EMAIL, Channel.CALL, Channel.TEXT, Channel.SOCIAL]
_OUTCOMES_IN = [Outcome.REPLIED, Outcome.CONVERSATION, Outcome.MEETING_BOOKED]


@dataclass(frozen=True)
class DemoSummary:
    prospects: int
    touches: int
    follow_ups: int


def generate_demo(
    service: FollowUpService, prospects: int = DEFAULT_PROSPECTS, seed: int = 1
) -> DemoSummary:
    """Fill the database with ``prospects`` demo prospects, in one transaction."""
    if not 1 <= prospects <= MAX_PROSPECTS:
        raise DomainError(
            _("Demo data has between 1 and {most} prospects, not {count}.").format(
                most=MAX_PROSPECTS, count=prospects
            )
        )
    rng = random.Random(seed)
    store = service.store
    now = service.now()
    plans = built_in_cadences()  # their purposes in the user's language
    touch_total = follow_up_total = 0
    with store.transaction(_("Load demo data"), everything=True):
        for i in range(prospects):
            name = _name(i, seed)
            company = rng.choice(_COMPANIES)
            stage = _STAGES[i % len(_STAGES)]
            lost_reason = _LOST_REASONS[i % len(_LOST_REASONS)] if stage is Stage.LOST else ""
            source = list(Source)[i % 3]
            slug = ".".join(_ascii(name).lower().replace("'", "").split())
            domain = _ascii(company or "example").lower().replace(" ", "").replace("&", "and")
            email = f"{slug or 'contact' + str(i)}@{domain[:14]}.example"
            address = _ADDRESSES[(i + seed) % len(_ADDRESSES)]
            topic = rng.choice(_TOPICS)
            touches = 1 + (i * 5 + rng.randrange(3)) % 12
            gone_cold = stage.is_open and i % 9 == 4  # one or two touches, then silence
            if gone_cold:
                touches = 1 + i % 2
            cadence = cadence_for_source(source).key
            prospect = Prospect(
                id=None,
                name=name,
                company=company,
                title=rng.choice(_TITLES),
                emails=(email,),
                phones=(f"+1 555 01{i % 100:02d}",) if i % 4 else (),
                address=address,
                source=source,
                deal_value=Decimal(rng.choice([800, 1500, 3000, 6000, 12000, 25000])),
                stage=stage,
                lost_reason=lost_reason,
                tags=tuple(sorted({_TAGS[i % len(_TAGS)], _TAGS[(i * 3) % len(_TAGS)]})),
                notes=f"Interested in {topic}.",
                cadence=cadence,
                cadence_position=min(touches, 3),
            )
            pid = store.add_prospect(prospect, now)
            next_kind = _NEXT[i % len(_NEXT)] if stage.is_open else "closed"
            if gone_cold or stage is Stage.DORMANT:
                next_kind = "none"  # dropped: what the revive list and the report point at
            # Touches run back from a few days ago, a week or two apart.
            last_at = now - timedelta(days=2 + rng.randrange(10), hours=rng.randrange(8))
            if next_kind == "overdue":
                last_at -= timedelta(days=10)
            if stage is Stage.DORMANT or gone_cold:
                last_at -= timedelta(days=40 + rng.randrange(30))
            if lost_reason and (i // len(_STAGES)) % 2 == 0:
                # Lost a while ago: some for timing, worth asking again (the revive list).
                last_at -= timedelta(days=190 + rng.randrange(120))
            moments = []
            at = last_at
            for _touch in range(touches):
                # Touches happen in working hours, on weekdays.
                day = at.date() - timedelta(days=max(0, at.weekday() - 4))
                hour = time(8 + rng.randrange(10), rng.choice((0, 15, 30, 45)))
                moments.append(min(at_local(day, hour, service.clock.tz), now))
                at -= timedelta(days=3 + rng.randrange(14))
            moments.reverse()
            for k, at in enumerate(moments):
                channel = _OUT_CHANNELS[(i + k) % len(_OUT_CHANNELS)]
                inbound = k > 0 and rng.random() < 0.25
                if inbound:  # prospects answer by e-mail, phone, text or social media
                    channel = _INBOUND_CHANNELS[(i + k) % len(_INBOUND_CHANNELS)]
                if next_kind == "thank_you" and k == len(moments) - 1:
                    channel, inbound = Channel.MEETING, False
                    at = now - timedelta(days=1 + i % 2, hours=2)
                outcome = _outcome(channel, inbound, rng)
                summary = _summary(channel, inbound, topic)
                store.add_touch(
                    Touch(
                        None,
                        pid,
                        at,
                        channel,
                        Direction.IN if inbound else Direction.OUT,
                        outcome,
                        summary,
                    ),
                    now,
                )
                touch_total += 1
            if stage.is_closed:  # won or lost at the last touch
                store.set_closed_at(pid, moments[-1])
            due = _due(next_kind, now, rng)
            if due is not None:
                position = min(touches, 3)
                step = plans[cadence].step(position)
                channel, purpose = step.channel, step.purpose
                store.set_cadence(pid, cadence, position + 1, now)  # that step is pending
                if next_kind == "thank_you":
                    channel, purpose = (
                        Channel.NOTE,
                        _("Thank-you note: {topic}").format(topic=topic),
                    )
                    store.set_cadence(pid, MEETING.key, 1, now)
                store.add_follow_up(FollowUp(None, pid, due, channel, purpose), now)
                follow_up_total += 1
    return DemoSummary(prospects, touch_total, follow_up_total)


def _outcome(channel: Channel, inbound: bool, rng: random.Random) -> Outcome:
    if inbound:
        return rng.choice(_OUTCOMES_IN)
    if channel is Channel.MEETING:
        return rng.choice((Outcome.CONVERSATION, Outcome.MEETING_BOOKED))
    if channel in _ANSWERED_ON:
        return rng.choice(_OUTCOMES_OUT)
    return Outcome.SENT


def _ascii(text: str) -> str:
    """Text without accents (for e-mail addresses); other scripts drop out."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _name(i: int, seed: int) -> str:
    """A distinct name for the i-th prospect; every 11th in a non-Latin script."""
    if i % 11 == 5 and i // 11 < len(_OTHER_SCRIPTS):
        return _OTHER_SCRIPTS[i // 11]
    first = _FIRST[(i + seed) % len(_FIRST)]
    last = _LAST[(i * 7 + i // len(_FIRST) + seed) % len(_LAST)]
    rounds = i // (len(_FIRST) * len(_LAST))
    return f"{first} {last}" + (f" ({rounds + 1})" if rounds else "")


def _summary(channel: Channel, inbound: bool, topic: str) -> str:
    if inbound:
        return f"They got back to us about {topic}"
    return {
        Channel.CALL: "Called to follow up",
        Channel.EMAIL: f"Sent a short note about {topic}",
        Channel.TEXT: "Quick text to check in",
        Channel.SOCIAL: "Commented on their post",
        Channel.MEETING: f"Met to talk about {topic}",
        Channel.NOTE: "Sent a handwritten thank-you note",
        Channel.EVENT: "Invited them to the breakfast talk",
        Channel.ARTICLE: "Shared an article they would value",
        Channel.INTRODUCTION: "Introduced them to a former client",
        Channel.OPINION: "Asked their opinion on a new offer",
    }[channel]


def _due(kind: str, now: datetime, rng: random.Random) -> datetime | None:
    assert now.tzinfo is not None
    zone = now.tzinfo
    today = now.date()
    hour = time(9 + rng.randrange(8))
    if kind == "overdue":
        return at_local(today - timedelta(days=1 + rng.randrange(6)), hour, zone)
    if kind == "today":
        # Later today: between now and midnight, whatever the hour.
        end_of_day = at_local(today, time(23, 59), zone)
        room = max(1, int((end_of_day - now).total_seconds() // 60))
        soon = now + timedelta(minutes=rng.randrange(min(room, 6 * 60)) + 1)
        return soon.replace(second=0, microsecond=0)
    if kind == "week":
        return at_local(today + timedelta(days=1 + rng.randrange(6)), hour, zone)
    if kind == "later":
        return at_local(today + timedelta(days=8 + rng.randrange(40)), time(9, 0), zone)
    if kind == "thank_you":
        return at_local(today + timedelta(days=1), time(9, 0), zone)
    return None
