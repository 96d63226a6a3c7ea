"""Generate a large FollowUp Desktop database for benchmarks.

The schema comes from ``open_store`` (so the file carries the real schema
version and application id); the rows are bulk-inserted with the standard
library's sqlite3 in one transaction. The denormalised columns are then made
right: touch_count, last_touch_utc and next_due_utc by reopening with
``open_store`` and calling ``Store.refresh_summaries(None)`` in a store
transaction; search_text by ``search_text_for`` (the store's own function) in
the generator, because ``Store.rebuild_search_text()`` took ~100 s at 100k
prospects (``--search-text store`` still uses it; the result is identical).

    .venv/bin/python bench/make_large_db.py            # 100k / 1M / 200k
    .venv/bin/python bench/make_large_db.py --prospects 1000 --touches 10000 \\
        --follow-ups 2000 --out /tmp/small.sqlite3

Everything is deterministic for a given ``--seed`` and ``--now``.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from functools import cache
from pathlib import Path
from typing import TypeVar

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, Direction, FollowUpStatus, Outcome, Source, Stage
from followup_desktop.domain.wallclock import at_local, local_iso, zone_from_name
from followup_desktop.store import open_store
from followup_desktop.store.search import search_text_for, sort_key_for

DEFAULT_OUT = Path(__file__).resolve().parent / "data" / "large" / "followup.sqlite3"
HISTORY_DAYS = 730  # rows are spread over the last two years
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

T = TypeVar("T")


# -- vocabulary ---------------------------------------------------------------
def words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(sep) if w.strip())


FIRST_NAMES = words(
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy "
    "Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily "
    "Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa "
    "Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia "
    "Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry "
    "Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory "
    "Christine Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Catherine "
    "Dennis Maria Jerry Heather Tyler Diane Aaron Ruth Jose Julie Adam Olivia Nathan Joyce "
    "Henry Virginia Douglas Victoria Zachary Kelly Peter Lauren Kyle Christina Noah Joan "
    "Ethan Evelyn Jeremy Judith Walter Megan Christian Andrea Keith Cheryl Roger Hannah "
    "Terry Jacqueline Austin Martha Sean Gloria Gerald Teresa Carl Ann Harold Sara Dylan "
    "Madison Arthur Frances Lawrence Kathryn Jordan Janice Jesse Jean Bryan Abigail Billy "
    "Alice Bruce Judy Gabriel Sophia Joe Grace Logan Denise Albert Amber Willie Doris Alan "
    "Marilyn Eugene Danielle Russell Beverly Vincent Isabella Philip Theresa Bobby Diana "
    "Johnny Natalie Bradley Brittany Roy Charlotte Ralph Marie Randy Kayla Wayne Alexis "
    "Klaus Jürgen Sören Björn Zoë Chloé Renée Hélène François Léa Agnès Mónica José Ramón "
    "Inés Sofía Łukasz Wojciech Małgorzata Agnieszka Øyvind Åsa Jörg Günter Ülrich Ingrid "
    "Hiroshi Yuki Kenji Aiko Wei Mei Jun Li Priya Rahul Anil Sunita Ahmed Fatima Omar Layla "
    "Kwame Ama Chidi Ngozi Mateus João Thiago Beatriz Giulia Marco Luca Chiara Sven Astrid"
)

LAST_NAMES = (
    *words(
        "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
        "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
        "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
        "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
        "Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart "
        "Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed "
        "Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray "
        "Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez "
        "Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales "
        "Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds "
        "Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar "
        "Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington "
        "Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson "
        "Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Muñoz Hunt Hicks Holmes "
        "Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice "
        "Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant "
        "Müller Schröder Schäfer Köhler Weiß Groß Krüger Bäcker Lefèvre Dupré Béranger Gaël "
        "Nuñez Ibáñez Peña Kowalski Nowak Wiśniewski Wójcik Kamiński Lewandowski Zieliński "
        "Sørensen Jørgensen Åberg Öberg Lindqvist Håkansson Nakamura Tanaka Suzuki Watanabe "
        "Wang Zhang Liu Huang Sharma Gupta Singh Iyer Khan Hassan Mensah Okafor Adeyemi Costa "
        "Santos Oliveira Pereira Rossi Russo Bianchi Romano Ricci Conti O'Brien O'Connor "
        "MacLeod Janssen Bakker Visser Smit Meijer Dubois Moreau Laurent"
    ),
    *("Van der Berg", "De Vries", "da Silva", "von Essen", "Le Gall"),
)

COMPANY_ROOTS = words(
    "Acme Northwind Contoso Fabrikam Globex Initech Umbrella Stark Wayne Tyrell Cyberdyne "
    "Soylent Hooli Vandelay Wonka Gringotts Oscorp Aperture Massive Dynamic Blue Sky "
    "Red Rock Silver Lake Evergreen Pinnacle Summit Horizon Keystone Cornerstone Lighthouse "
    "Riverside Oakwood Maple Cedar Granite Harbor Atlas Orion Vertex Nimbus Quantum Helix "
    "Polaris Zenith Apex Sterling Beacon Meridian Crescent Falcon Eagle Phoenix Sequoia "
    "Redwood Bluewater Greenfield Brightside Clearview Northstar Southgate Eastbridge "
    "Westbrook Ironclad Goldleaf Copperline Brickhouse Lumen Arcadia Nordlicht Sonnenberg "
    "Bergmann Lindenhof Élan Côté Mañana Ålborg Fjord Kyoto Sakura Lotus Jade Saffron Baobab"
)
COMPANY_KINDS = words(
    "Logistics,Consulting,Systems,Software,Analytics,Foods,Manufacturing,Health,Dental,"
    "Legal,Partners,Capital,Realty,Construction,Engineering,Energy,Solar,Media,Design,"
    "Marketing,Labs,Robotics,Pharma,Textiles,Motors,Aviation,Marine,Insurance,Hospitality,"
    "Retail,Education,Security,Networks,Cloud,Data,Biotech,Interiors,Architects,Print",
    ",",
)
COMPANY_FORMS = ("", "", "", " Inc.", " LLC", " Ltd", " GmbH", " AG", " S.A.", " BV", " & Co.")

TITLES = words(
    "CEO,CFO,COO,CTO,Owner,Founder,Managing Director,Head of Sales,VP Sales,Sales Manager,"
    "Purchasing Manager,Procurement Lead,Office Manager,Operations Director,IT Manager,"
    "Marketing Director,HR Director,Plant Manager,Practice Manager,Partner,Project Manager,"
    "Chief of Staff,General Counsel,Head of Facilities,Finance Manager,Buyer,Consultant",
    ",",
)

PLACES = (
    ("New York", "NY", "US", "100"),
    ("Chicago", "IL", "US", "606"),
    ("Austin", "TX", "US", "787"),
    ("Seattle", "WA", "US", "981"),
    ("Denver", "CO", "US", "802"),
    ("Boston", "MA", "US", "021"),
    ("Toronto", "ON", "CA", "M5V"),
    ("London", "", "GB", "EC1"),
    ("Manchester", "", "GB", "M1 "),
    ("Berlin", "", "DE", "101"),
    ("München", "Bayern", "DE", "803"),
    ("Köln", "NRW", "DE", "506"),
    ("Hamburg", "", "DE", "203"),
    ("Zürich", "ZH", "CH", "80"),
    ("Wien", "", "AT", "10"),
    ("Paris", "", "FR", "750"),
    ("Lyon", "", "FR", "690"),
    ("Madrid", "", "ES", "280"),
    ("Kraków", "", "PL", "30-"),
    ("Stockholm", "", "SE", "111"),
    ("Oslo", "", "NO", "01"),
    ("Amsterdam", "", "NL", "101"),
    ("Milano", "MI", "IT", "201"),
    ("Tokyo", "", "JP", "100-"),
    ("Sydney", "NSW", "AU", "20"),
)
STREETS = words(
    "Main Street,High Street,Harbour Road,Oak Avenue,Market Square,Station Road,Mill Lane,"
    "Hauptstraße,Bahnhofstraße,Rue de la Paix,Calle Mayor,ulica Długa,Kungsgatan,Park Drive",
    ",",
)

TAGS = words(
    "vip,hot,cold,referral,conference-2024,conference-2025,webinar,newsletter,partner,"
    "saas,healthcare,manufacturing,retail,finance,public-sector,enterprise,smb,renewal,"
    "upsell,churn-risk,trade-show,linkedin,cold-call,warm-intro,q1,q2,q3,q4",
    ",",
)

NOTE_SNIPPETS = (
    "Prefers calls before 10am.",
    "Budget decided in Q3.",
    "Met at the trade show; interested in the premium plan.",
    "Assistant screens calls; ask for the direct line.",
    "Evaluating two competitors.",
    "Wants a case study from their industry.",
    "Decision maker is the CFO.",
    "Send pricing in EUR.",
    "Follow up after their board meeting.",
    "Contract with current vendor ends in spring.",
    "Very responsive on e-mail, never picks up the phone.",
    "Asked for a reference customer.",
    "Spoke at the webinar; sharp questions about integration.",
    "Introduced by a former colleague.",
)
LOST_REASONS = (
    "Chose a competitor",
    "No budget this year",
    "Went with the incumbent",
    "Project cancelled",
    "Too expensive",
    "No response after many attempts",
    "Timing: revisit next year",
)
SUMMARIES: dict[str, tuple[str, ...]] = {
    "call": ("Called, no answer", "Left a voicemail", "Quick call about next steps", "Call"),
    "email": ("Sent intro e-mail", "Sent pricing", "Replied to their questions", "E-mail"),
    "text": ("Texted a reminder", "Short text check-in"),
    "social": ("Commented on their post", "LinkedIn message", "Connected on LinkedIn"),
    "meeting": ("Discovery meeting", "Demo", "Lunch meeting", "Site visit"),
    "note": ("Handwritten thank-you note",),
    "event": ("Invited to our customer evening", "Invited to the webinar"),
    "article": ("Shared an article on their industry", "Sent a case study"),
    "introduction": ("Introduced them to a partner",),
    "opinion": ("Asked their opinion on our roadmap",),
}
PURPOSES = (
    "Check in",
    "Follow up on the proposal",
    "Ask about their decision",
    "Send the case study",
    "Confirm the meeting",
    "Keep in touch: add something of value",
    "Ask about their next step",
    "Answer their inquiry",
)
DUE_TIMES = tuple(clock_time(h, m) for h, m in ((9, 0), (9, 30), (10, 0), (11, 0), (14, 0)))
CADENCES = ("", "", "inbound", "information", "meeting", "revive", "outbound")

STAGE_WEIGHTS = {
    Stage.NEW: 10,
    Stage.CONTACTED: 25,
    Stage.ENGAGED: 20,
    Stage.PROPOSAL: 8,
    Stage.WON: 7,
    Stage.LOST: 15,
    Stage.DORMANT: 15,
}
SOURCE_WEIGHTS = {Source.OUTBOUND: 60, Source.INBOUND: 25, Source.REFERRAL: 15}
CHANNEL_WEIGHTS = {
    Channel.CALL: 30,
    Channel.EMAIL: 35,
    Channel.TEXT: 5,
    Channel.SOCIAL: 10,
    Channel.MEETING: 8,
    Channel.NOTE: 3,
    Channel.EVENT: 3,
    Channel.ARTICLE: 3,
    Channel.INTRODUCTION: 1,
    Channel.OPINION: 2,
}
OUTCOME_WEIGHTS: dict[Outcome | None, int] = {
    None: 10,
    Outcome.NO_ANSWER: 25,
    Outcome.LEFT_MESSAGE: 15,
    Outcome.SENT: 25,
    Outcome.REPLIED: 10,
    Outcome.CONVERSATION: 8,
    Outcome.MEETING_BOOKED: 3,
    Outcome.PROPOSAL_SENT: 2,
    Outcome.DECLINED: 2,
}
# Shares of follow-up statuses, and of pending follow-ups that are already due.
PENDING_SHARE = 0.30
SKIPPED_SHARE = 0.15
OVERDUE_SHARE = 0.05
SNOOZED_SHARE = 0.10
MAX_OVERDUE_DAYS = 21
MAX_AHEAD_DAYS = 90


# -- helpers ----------------------------------------------------------------------
def db_time(moment: datetime) -> str:
    """A UTC instant as the store writes it: ``YYYY-MM-DD HH:MM:SS``."""
    return moment.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat(" ")


_DAY_TEXT: dict[int, str] = {}


def epoch_text(seconds: int) -> str:
    """Like db_time for whole epoch seconds, without building datetimes (fast)."""
    day, rest = divmod(seconds, 86_400)
    text = _DAY_TEXT.get(day)
    if text is None:
        text = _DAY_TEXT[day] = (EPOCH + timedelta(days=day)).date().isoformat()
    hours, rest = divmod(rest, 3600)
    return f"{text} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def weighted(rng: random.Random, weights: dict[T, int], k: int) -> list[T]:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


@contextmanager
def phase(name: str, timings: list[tuple[str, float]]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    timings.append((name, elapsed))
    print(f"  {name}: {elapsed:.2f} s", flush=True)


@dataclass
class Generated:
    prospects: list[tuple[object, ...]]
    tags: list[tuple[int, str]]
    prospect_tags: list[tuple[int, int]]
    touches: list[tuple[object, ...]]
    follow_ups: list[tuple[object, ...]]
    search_texts: list[tuple[str, int]]


# -- generation -------------------------------------------------------------------
@cache
def slug(text: str) -> str:
    kept = "".join(c for c in text.lower() if c.isascii() and (c.isalnum() or c in " -"))
    return "-".join(kept.split()) or "mail"


CALLING_CODES = {
    "CH": 41, "AT": 43, "FR": 33, "ES": 34, "PL": 48, "SE": 46, "NO": 47, "NL": 31, "IT": 39,
    "JP": 81, "AU": 61,
}  # fmt: skip


def phone(rng: random.Random, country: str) -> str:
    n = rng.randrange(10_000_000, 99_999_999)
    if country == "US" or country == "CA":
        return f"+1 ({rng.randrange(201, 989)}) {n // 10_000 % 1000:03d}-{n % 10_000:04d}"
    if country == "GB":
        return f"+44 20 {n // 10_000:04d} {n % 10_000:04d}"
    if country == "DE":
        return f"+49 {rng.randrange(30, 899)} {n}"
    return f"+{CALLING_CODES.get(country, 33)} {n // 10_000} {n % 10_000:04d}"


def make_prospects(
    rng: random.Random, count: int, now: datetime
) -> tuple[list[tuple[object, ...]], list[datetime], list[Stage]]:
    companies = [
        f"{rng.choice(COMPANY_ROOTS)} {rng.choice(COMPANY_KINDS)}{rng.choice(COMPANY_FORMS)}"
        for _ in range(max(1, count // 8))
    ]
    stages = weighted(rng, STAGE_WEIGHTS, count)
    sources = weighted(rng, SOURCE_WEIGHTS, count)
    rows: list[tuple[object, ...]] = []
    created: list[datetime] = []
    for i in range(count):
        pid = i + 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = (
            f"{first} {last}" if rng.random() > 0.03 else f"{first} {rng.choice(LAST_NAMES)}-{last}"
        )
        company = rng.choice(companies) if rng.random() > 0.08 else ""
        city, region, country, postal = rng.choice(PLACES)
        if company:
            domain = slug(" ".join(company.split(" ")[:2])) + ".com"
        else:
            domain = rng.choice(("gmail.com", "outlook.com", "proton.me", "web.de", "yahoo.com"))
        local_part = rng.choice(
            (f"{slug(first)}.{slug(last)}", f"{slug(first)[0]}{slug(last)}", f"{slug(first)}_{pid}")
        )
        emails = [f"{local_part}@{domain}"] if rng.random() > 0.1 else []
        if rng.random() < 0.15:
            emails.append(f"{slug(first)}{rng.randrange(1, 99)}@gmail.com")
        phones = [phone(rng, country)] if rng.random() > 0.2 else []
        if rng.random() < 0.2:
            phones.append(phone(rng, country))
        stage = stages[i]
        created_at = now - timedelta(seconds=rng.randrange(HISTORY_DAYS * 86_400))
        updated_at = created_at + (now - created_at) * rng.random()
        created.append(created_at)
        has_address = rng.random() < 0.5
        rows.append(
            (
                pid,
                name,
                company,
                rng.choice(TITLES) if rng.random() > 0.3 else "",
                json.dumps(emails, ensure_ascii=False),
                json.dumps(phones, ensure_ascii=False),
                f"{rng.randrange(1, 250)} {rng.choice(STREETS)}" if has_address else "",
                city if has_address or rng.random() < 0.5 else "",
                region if has_address else "",
                f"{postal}{rng.randrange(10, 99)}" if has_address else "",
                country if has_address else "",
                sources[i].value,
                round(rng.uniform(500, 250_000), 2) if rng.random() < 0.4 else None,
                rng.choice(list(Channel)).value if rng.random() < 0.25 else None,
                stage.value,
                rng.choice(LOST_REASONS) if stage is Stage.LOST else "",
                " ".join(rng.sample(NOTE_SNIPPETS, rng.randrange(1, 3)))
                if rng.random() < 0.3
                else "",
                rng.choice(CADENCES),
                rng.randrange(0, 7),
                db_time(created_at),
                db_time(updated_at),
            )
        )
    return rows, created, stages


def make_tags(
    rng: random.Random, count: int
) -> tuple[list[tuple[int, str]], list[tuple[int, int]], dict[int, list[str]]]:
    tags = [(i + 1, name) for i, name in enumerate(TAGS)]
    links: list[tuple[int, int]] = []
    by_prospect: dict[int, list[str]] = {}
    for pid in range(1, count + 1):
        n = rng.choices((0, 1, 2, 3), weights=(50, 30, 15, 5))[0]
        if n:
            chosen = sorted(rng.sample(tags, n), key=lambda t: t[1])
            links.extend((pid, tag_id) for tag_id, _ in chosen)
            by_prospect[pid] = [name for _, name in chosen]
    return tags, links, by_prospect


def make_touches(
    rng: random.Random, count: int, created: Sequence[datetime], now: datetime
) -> tuple[list[tuple[object, ...]], list[tuple[int, int, int]]]:
    """Touches in id order = time order, as if logged over the years.

    Also returns (at epoch seconds, prospect id, touch id) for completions.
    """
    n_prospects = len(created)
    # Skewed: a few prospects have many touches, many have few or none.
    activity = [rng.lognormvariate(0, 1.2) for _ in range(n_prospects)]
    owners = rng.choices(range(1, n_prospects + 1), weights=activity, k=count)
    now_s = int(now.timestamp())
    created_s = [int(c.timestamp()) for c in created]
    rand = rng.random
    raw: list[tuple[int, int]] = []
    for pid in owners:
        start = created_s[pid - 1]
        raw.append((start + int(rand() * (now_s + 1 - start)), pid))
    raw.sort()
    channels = [c.value for c in weighted(rng, CHANNEL_WEIGHTS, count)]
    outcomes = [o.value if o else None for o in weighted(rng, OUTCOME_WEIGHTS, count)]
    out_, in_ = Direction.OUT.value, Direction.IN.value
    rows: list[tuple[object, ...]] = []
    index: list[tuple[int, int, int]] = []
    for i, (at_s, pid) in enumerate(raw):
        tid = i + 1
        channel = channels[i]
        texts = SUMMARIES[channel]
        rows.append(
            (
                tid,
                pid,
                epoch_text(at_s),
                channel,
                in_ if rand() < 0.12 else out_,
                outcomes[i],
                texts[int(rand() * len(texts))],
                NOTE_SNIPPETS[int(rand() * len(NOTE_SNIPPETS))] if rand() < 0.05 else "",
                epoch_text(at_s + int(rand() * 3600)),
            )
        )
        index.append((at_s, pid, tid))
    return rows, index


def due_at(rng: random.Random, day: date, zone_name: str) -> datetime:
    return at_local(day, rng.choice(DUE_TIMES), zone_from_name(zone_name))


def make_follow_ups(
    rng: random.Random,
    count: int,
    created: Sequence[datetime],
    stages: Sequence[Stage],
    touch_index: Sequence[tuple[int, int, int]],
    now: datetime,
    zone_name: str,
) -> list[tuple[object, ...]]:
    """Pending follow-ups on open prospects (one each while they last), due
    around ``now``; done ones completed by a touch; skipped ones in the past."""
    tz = zone_from_name(zone_name)
    today = now.astimezone(tz).date()
    n_pending = round(count * PENDING_SHARE)
    n_skipped = round(count * SKIPPED_SHARE)
    n_done = count - n_pending - n_skipped
    open_ids = [i + 1 for i, s in enumerate(stages) if s.is_open] or list(range(1, len(stages) + 1))
    rng.shuffle(open_ids)
    # (created epoch, prospect, due aware, status, snoozed, completed_by, notified)
    raw: list[tuple[int, int, datetime, FollowUpStatus, str | None, int | None, str | None]] = []

    for k in range(n_pending):
        pid = open_ids[k % len(open_ids)]
        if rng.random() < OVERDUE_SHARE:
            day = today - timedelta(days=rng.randrange(0, MAX_OVERDUE_DAYS + 1))
        else:
            day = today + timedelta(days=rng.randrange(0, MAX_AHEAD_DAYS + 1))
        due = due_at(rng, day, zone_name)
        snoozed = notified = None
        if due <= now:
            notified = db_time(due + timedelta(seconds=rng.randrange(0, 600)))
        if rng.random() < SNOOZED_SHARE:
            snoozed = db_time(due + timedelta(hours=rng.choice((1, 3, 24, 72, 168))))
        made = max(created[pid - 1], due - timedelta(days=rng.randrange(1, 30)))
        made = min(made, now)
        raw.append(
            (int(made.timestamp()), pid, due, FollowUpStatus.PENDING, snoozed, None, notified)
        )

    completions = rng.sample(touch_index, min(n_done, len(touch_index))) if touch_index else []
    for k in range(n_done + n_skipped):
        status = FollowUpStatus.DONE if k < n_done else FollowUpStatus.SKIPPED
        completed_by: int | None = None
        if status is FollowUpStatus.DONE and k < len(completions):
            at_s, pid, completed_by = completions[k]
            touched = datetime.fromtimestamp(at_s, UTC).astimezone(tz)
            due = due_at(rng, touched.date() - timedelta(days=rng.randrange(0, 3)), zone_name)
            if due > touched:  # done by a touch earlier that day: due the day before
                due = due_at(rng, due.date() - timedelta(days=1), zone_name)
        else:
            pid = rng.randrange(1, len(created) + 1)
            start = created[pid - 1].astimezone(tz).date()
            span = max(0, (today - start).days - 1)
            due = due_at(rng, start + timedelta(days=rng.randrange(0, span + 1)), zone_name)
        made = max(created[pid - 1], due - timedelta(days=rng.randrange(1, 30)))
        notified = db_time(due) if due <= now else None
        raw.append((int(made.timestamp()), pid, due, status, None, completed_by, notified))

    raw.sort(key=lambda r: r[0])
    rows: list[tuple[object, ...]] = []
    for i, (made_s, pid, due, status, snoozed, completed_by, notified) in enumerate(raw):
        channel = rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
        rows.append(
            (
                i + 1,
                pid,
                local_iso(due),
                zone_name,
                db_time(due),
                channel.value,
                rng.choice(PURPOSES) if rng.random() < 0.8 else "",
                status.value,
                snoozed,
                completed_by,
                db_time(datetime.fromtimestamp(made_s, UTC)),
                notified,
            )
        )
    return rows


def make_search_texts(
    prospects: Sequence[tuple[object, ...]], tags: dict[int, list[str]]
) -> list[tuple[str, int]]:
    """What Store.rebuild_search_text computes, done in one pass."""
    out: list[tuple[str, int]] = []
    for row in prospects:
        pid = row[0]
        assert isinstance(pid, int)
        name, company, title, emails, phones, _street, city = (str(v) for v in row[1:8])
        notes = str(row[16])
        text = search_text_for(
            name,
            company,
            title,
            json.loads(emails),
            json.loads(phones),
            tags.get(pid, []),
            notes,
            city,
        )
        out.append((text, pid))
    return out


def generate(args: argparse.Namespace, now: datetime) -> Generated:
    rng = random.Random(args.seed)
    prospects, created, stages = make_prospects(rng, args.prospects, now)
    tags, links, by_prospect = make_tags(rng, args.prospects)
    touches, touch_index = make_touches(rng, args.touches, created, now) if created else ([], [])
    follow_ups = (
        make_follow_ups(rng, args.follow_ups, created, stages, touch_index, now, args.zone)
        if created
        else []
    )
    texts = make_search_texts(prospects, by_prospect) if args.search_text == "direct" else []
    return Generated(prospects, tags, links, touches, follow_ups, texts)


# -- writing ----------------------------------------------------------------------
PROSPECT_COLUMNS = (
    "id, name, company, title, emails, phones, street, city, region, postal_code, country, "
    "source, deal_value, preferred_channel, stage, lost_reason, notes, cadence, "
    "cadence_position, created_at, updated_at"
)
TOUCH_COLUMNS = "id, prospect_id, at_utc, channel, direction, outcome, summary, notes, created_at"
FOLLOW_UP_COLUMNS = (
    "id, prospect_id, due_local, due_tz, due_utc, channel, purpose, status, "
    "snoozed_until_utc, completed_by_id, created_at, notified_at_utc"
)


def insert_sql(table: str, columns: str) -> str:
    marks = ", ".join("?" for _ in columns.split(","))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"


def bulk_insert(path: Path, data: Generated) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # A fresh file: a rollback journal is cheap, and open_store turns WAL back on.
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")  # 256 MiB
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("BEGIN")
        conn.executemany(insert_sql("prospect", PROSPECT_COLUMNS), data.prospects)
        conn.executemany(insert_sql("tag", "id, name"), data.tags)
        conn.executemany(insert_sql("prospect_tag", "prospect_id, tag_id"), data.prospect_tags)
        conn.executemany(insert_sql("touch", TOUCH_COLUMNS), data.touches)
        conn.executemany(insert_sql("follow_up", FOLLOW_UP_COLUMNS), data.follow_ups)
        if data.search_texts:
            conn.executemany("UPDATE prospect SET search_text = ? WHERE id = ?", data.search_texts)
        # Names sort by their folded key, as the store keeps it.
        names = conn.execute("SELECT id, name FROM prospect").fetchall()
        conn.executemany(
            "UPDATE prospect SET sort_key = ? WHERE id = ?",
            [(sort_key_for(name), pid) for pid, name in names],
        )
        conn.execute("COMMIT")
        problems = conn.execute("PRAGMA foreign_key_check").fetchmany(5)
        if problems:
            raise SystemExit(f"generator bug: foreign key problems {problems}")
    finally:
        conn.close()


def run_timed(name: str, timings: list[tuple[str, float]], action: Callable[[], T]) -> T:
    with phase(name, timings):
        return action()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--prospects", type=int, default=100_000)
    parser.add_argument("--touches", type=int, default=1_000_000)
    parser.add_argument("--follow-ups", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument(
        "--now",
        type=datetime.fromisoformat,
        default=None,
        help="the instant the data is generated around (ISO 8601, default: the current time)",
    )
    parser.add_argument(
        "--zone",
        default="UTC",
        help='zone of the follow-ups\' wall-clock times: "UTC", "UTC+02:00" or an IANA name',
    )
    parser.add_argument(
        "--search-text",
        choices=("store", "direct"),
        default="direct",
        help="compute search_text in the generator with search_text_for() and executemany "
        "(default), or with Store.rebuild_search_text(), which gives the same text but took "
        "~100 s for 100k prospects (one peewee round trip per prospect)",
    )
    args = parser.parse_args(argv)
    for option in ("prospects", "touches", "follow_ups"):
        if getattr(args, option) < 0:
            parser.error(f"--{option.replace('_', '-')} cannot be negative")
    try:
        zone_from_name(args.zone)
    except DomainError as exc:
        parser.error(str(exc))

    now: datetime = args.now or datetime.now(UTC)
    if now.tzinfo is None:
        parser.error("--now needs a UTC offset, e.g. 2026-01-15T10:00:00+00:00")
    now = now.astimezone(UTC).replace(microsecond=0)

    out: Path = args.out
    siblings = [out.with_name(out.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    if out.exists() or any(s.exists() for s in siblings):
        if not args.force:
            print(f"{out} exists; pass --force to overwrite it", file=sys.stderr)
            return 1
        for p in (out, *siblings):
            p.unlink(missing_ok=True)

    print(
        f"Generating {args.prospects:,} prospects, {args.touches:,} touches, "
        f"{args.follow_ups:,} follow-ups (seed {args.seed}, now {now.isoformat()}, "
        f"zone {args.zone}) into {out}"
    )
    timings: list[tuple[str, float]] = []
    total_start = time.perf_counter()

    def create_schema() -> None:
        open_store(out).close()

    run_timed("create schema (open_store)", timings, create_schema)
    gc.disable()  # millions of tuples and no cycles: the collector only slows this down
    try:
        data = run_timed("generate rows in Python", timings, lambda: generate(args, now))
    finally:
        gc.enable()
    label = "bulk insert (sqlite3 executemany, one transaction)"
    if data.search_texts:
        label += ", incl. search_text"
    run_timed(label, timings, lambda: bulk_insert(out, data))

    store = run_timed("reopen (open_store)", timings, lambda: open_store(out))
    try:
        with phase("denormalise: whole transaction, incl. commit", timings), store.transaction():
            run_timed(
                "store.refresh_summaries(None)",
                timings,
                lambda: store.refresh_summaries(None),
            )
            if args.search_text == "store":
                run_timed("store.rebuild_search_text()", timings, store.rebuild_search_text)
        version = store.schema_version()
    finally:
        run_timed("close (WAL checkpoint)", timings, store.close)

    total = time.perf_counter() - total_start
    size = out.stat().st_size
    print()
    width = max(len(name) for name, _ in timings) + 2
    print(f"{'phase':<{width}}{'seconds':>8}")
    for name, seconds in timings:
        print(f"{name:<{width}}{seconds:>8.2f}")
    print(f"{'total':<{width}}{total:>8.2f}")
    print(f"\nschema version {version}; file size {size:,} bytes ({size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
