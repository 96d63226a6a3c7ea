"""Follow-up drafts on the three-part formula (DOMAIN.md rule 4).

(A) who you are and your history together, drawn from the timeline: the last
meeting, the topic, what was last sent; (B) why you are reaching out now: the
reason the user picks plus a line of their own; (C) one clear next step.

A template is plain text with ``{placeholders}``. A sentence whose facts are
missing is left out instead of printing a gap, and a part in square brackets
is left out alone: ``Checking in[ on {topic}]``. Nothing here explains a gap
in the contact: the default templates never mention how long it has been.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from enum import StrEnum
from urllib.parse import quote

from followup_desktop.domain.model import Channel, Direction, Outcome, Prospect, Touch
from followup_desktop.domain.translated import Translated
from followup_desktop.domain.values import clean_line
from followup_desktop.i18n import N_, _, pgettext


class Reason(StrEnum):
    """Why the user is reaching out now: each reason has its own template."""

    NEWS = "news"
    NEW_OFFER = "new_offer"
    CHECK_IN = "check_in"
    ARTICLE = "article"
    OWN_LINE = "own_line"


REASON_LABELS: Mapping[Reason, str] = Translated(
    lambda: {
        Reason.NEWS: pgettext("draft reason", "News"),
        Reason.NEW_OFFER: pgettext("draft reason", "A new offer"),
        Reason.CHECK_IN: pgettext("draft reason", "A check-in"),
        Reason.ARTICLE: pgettext("draft reason", "An article to share"),
        Reason.OWN_LINE: pgettext("draft reason", "My own line only"),
    }
)

# Translators: what each {placeholder} of a draft template stands for; the names in
# braces are not translated.
PLACEHOLDERS: Mapping[str, str] = Translated(
    lambda: {
        "first_name": _("their first name"),
        "name": _("their full name"),
        "company": _("their company"),
        "my_name": _("your name (first line of the sender in Preferences)"),
        "last_meeting": _("when you last met: “on 12 November”"),
        "topic": _("what you talked about"),
        "sent": _("what you last sent them: “my proposal”"),
        "sent_on": _("when you sent it: “on 18 November”"),
        "reason_line": _("your own line"),
        "next_step": _("the one next step you ask for"),
    }
)

# Above this many words a message is no longer short (rule 4: keep it short).
SHORT_WORDS = 120

# The next step a draft asks for when the user names none, and the subject of a
# draft whose template's subject comes out empty (translated where used).
DEFAULT_NEXT_STEP = N_("Would you have 20 minutes for a call next week?")
DEFAULT_SUBJECT = N_("Following up")


@dataclass(frozen=True)
class DraftTemplate:
    """The words of a draft, with placeholders: a subject line and a body."""

    subject: str
    body: str


@dataclass(frozen=True)
class Draft:
    """A message ready to send: a subject line and a plain-text body."""

    subject: str
    body: str

    @property
    def words(self) -> int:
        return word_count(self.body)

    @property
    def is_short(self) -> bool:
        return is_short(self.body)


# The default templates are written in the user's language: the greeting, the
# history together (A), the reason (B), the next step and the closing (C), each a
# paragraph of its own. The words in braces are placeholders and stay as they are;
# a part in square brackets is left out when its placeholder has no value.
def _body(reason_sentence: str) -> str:
    return "\n\n".join(
        (
            # Translators: a draft's greeting; {first_name} is the prospect's first name.
            _("Hi {first_name},"),
            # Translators: part A of a draft, the history together. {last_meeting} is
            # "on 12 November", "yesterday" or "in March"; {sent} is "my proposal", "an
            # article" or what the user wrote they sent; {sent_on} is "on 18 November".
            _("It was good to see you {last_meeting}. I sent you {sent}[ {sent_on}]."),
            reason_sentence,
            # Translators: the end of a draft: the next step asked for, then the closing
            # and the sender's name on lines of their own.
            _("{next_step}\n\nBest regards,\n{my_name}"),
        )
    )


def _default_templates() -> dict[Reason, DraftTemplate]:
    return {
        Reason.NEWS: DraftTemplate(
            _("Some news[ about {topic}]"),
            _body(_("I'm writing with some news[ about {topic}]. {reason_line}")),
        ),
        Reason.NEW_OFFER: DraftTemplate(
            _("Something new[ for {topic}]"),
            _body(
                _(
                    "I'm writing because I now offer something that could help"
                    "[ with {topic}]. {reason_line}"
                )
            ),
        ),
        Reason.CHECK_IN: DraftTemplate(
            _("Checking in[ on {topic}]"),
            _body(_("I wanted to check in[ on {topic}] and see where things stand. {reason_line}")),
        ),
        Reason.ARTICLE: DraftTemplate(
            _("An article you may find useful"),
            _body(
                _(
                    "I came across an article I thought you would find useful"
                    "[ for {topic}]. {reason_line}"
                )
            ),
        ),
        Reason.OWN_LINE: DraftTemplate(_("Following up[ on {topic}]"), _body("{reason_line}")),
    }


# Every reason's default template, in the language in use when it is read.
DEFAULT_TEMPLATES: Mapping[Reason, DraftTemplate] = Translated(_default_templates)


# -- the facts from the timeline ------------------------------------------------
@dataclass(frozen=True)
class HistoryFacts:
    """What the timeline says about the history together (part A of the formula)."""

    last_meeting: date | None = None
    topic: str = ""
    sent: str = ""  # what was last sent, as an object: "my proposal"
    sent_on: date | None = None


# "Met to talk about the workshop", "Interested in a coaching programme.", "Topic: pricing"
# ("Treffen zum Thema Workshop", "Thema: Preise" in German.)
_TOPIC = re.compile(
    r"(?<![\w])(?:about|regarding|interested in|topic:|zum thema|thema:)\s+([^.,!?;:\n]+)",
    re.IGNORECASE,
)
# A topic longer than this is a story, not a topic.
TOPIC_MAX_WORDS = 10
# "Sent the price list", "Shared you an article", "E-mailed them my proposal"
_SENT = re.compile(
    r"^(?:sent|shared|e-?mailed|mailed|forwarded)\s+(?:(?:you|them|him|her)\s+)?(.+)$",
    re.IGNORECASE,
)
# A summary that speaks of them in the third person ("an article they would value")
# reads wrong when addressed to them.
_THIRD_PERSON = re.compile(r"\b(?:they|them|their|theirs|he|him|his|she|her|hers)\b", re.I)
# A call or a meeting sends nothing, whatever its outcome says.
_NOTHING_SENT = (Channel.CALL, Channel.MEETING)


def topic_in(text: str) -> str:
    """The topic a summary or note names ("…about X", "Interested in X."), or ""."""
    match = _TOPIC.search(text)
    if match is None:
        return ""
    topic = clean_line(match.group(1))
    if not topic or len(topic.split()) > TOPIC_MAX_WORDS:
        return ""
    return topic


def sent_in(touch: Touch) -> str:
    """What a touch sent the prospect, as words that follow "I sent you", or "".

    An outbound touch with outcome "proposal sent", an article shared, or an
    outcome "sent" on a channel that can carry something (not a call or a
    meeting). The summary names the thing when it starts with a sending verb
    ("Sent the price list" -> "the price list") and does not speak of them in
    the third person; else a proposal is "my proposal" and an article "an
    article", and anything else says too little.
    """
    if touch.direction is not Direction.OUT:
        return ""
    proposal = touch.outcome is Outcome.PROPOSAL_SENT
    article = touch.channel is Channel.ARTICLE
    sent = touch.outcome is Outcome.SENT and touch.channel not in _NOTHING_SENT
    if not (proposal or article or sent):
        return ""
    match = _SENT.match(clean_line(touch.summary))
    if match is not None and not _THIRD_PERSON.search(match.group(1)):
        return match.group(1).rstrip(".!")
    if proposal:
        # Translators: what was sent, as it follows "I sent you" in a draft.
        return pgettext("sent", "my proposal")
    if article:
        # Translators: what was sent, as it follows "I sent you" in a draft.
        return pgettext("sent", "an article")
    return ""


def history_facts(touches: Sequence[Touch], prospect_notes: str, tz: tzinfo) -> HistoryFacts:
    """The last meeting, the topic and what was last sent, from a prospect's timeline.

    The topic comes from the last meeting's summary or notes, else from the
    newest touch that names one, else from the prospect's notes. What was sent
    counts from the last meeting on, so that the history reads in order ("we
    met…, then I sent…"). Dates are the user's local days (``tz``).
    """
    newest_first = sorted(touches, key=lambda t: t.at, reverse=True)
    meeting = next((t for t in newest_first if t.channel is Channel.MEETING), None)
    texts: list[str] = []
    if meeting is not None:
        texts += [meeting.summary, meeting.notes]
    for touch in newest_first:
        texts += [touch.summary, touch.notes]
    texts.append(prospect_notes)
    topic = next((found for found in map(topic_in, texts) if found), "")
    sent, sent_on = "", None
    for touch in newest_first:
        if meeting is not None and touch.at < meeting.at:
            break
        sent = sent_in(touch)
        if sent:
            sent_on = touch.at.astimezone(tz).date()
            break
    return HistoryFacts(
        last_meeting=meeting.at.astimezone(tz).date() if meeting is not None else None,
        topic=topic,
        sent=sent,
        sent_on=sent_on,
    )


# -- words for the facts -----------------------------------------------------------
def _month(month: int) -> str:
    return (
        pgettext("month", "January"),
        pgettext("month", "February"),
        pgettext("month", "March"),
        pgettext("month", "April"),
        pgettext("month", "May"),
        pgettext("month", "June"),
        pgettext("month", "July"),
        pgettext("month", "August"),
        pgettext("month", "September"),
        pgettext("month", "October"),
        pgettext("month", "November"),
        pgettext("month", "December"),
    )[month - 1]


def _weekday(day: date) -> str:
    return (
        _("Monday"),
        _("Tuesday"),
        _("Wednesday"),
        _("Thursday"),
        _("Friday"),
        _("Saturday"),
        _("Sunday"),
    )[day.weekday()]


# Further back than this, the day no longer matters: "in March".
EXACT_DAY_WITHIN = 90


def when_phrase(day: date | None, today: date) -> str:
    """When something happened, as it reads in a message: "on 12 November", "yesterday".

    Old dates are told by their month only: the message does not dwell on a gap.
    """
    if day is None:
        return ""
    days = (today - day).days
    if days <= 0:
        return pgettext("in a message", "today")
    if days == 1:
        return pgettext("in a message", "yesterday")
    if days < 7:
        return pgettext("in a message", "on {weekday}").format(weekday=_weekday(day))
    month = _month(day.month)
    if days <= EXACT_DAY_WITHIN:
        return (
            pgettext("in a message", "on {day} {month}").format(day=day.day, month=month)
            if day.year == today.year
            else pgettext("in a message", "on {day} {month} {year}").format(
                day=day.day, month=month, year=day.year
            )
        )
    return (
        pgettext("in a message", "in {month}").format(month=month)
        if day.year == today.year
        else pgettext("in a message", "in {month} {year}").format(month=month, year=day.year)
    )


def first_name(prospect: Prospect) -> str:
    """How the message greets them: the first word of a person's name, a company's
    whole name (a prospect known only by its company has no first name)."""
    name = clean_line(prospect.name)
    if prospect.company and name == clean_line(prospect.company):
        return name
    return name.split(" ", 1)[0] if name else ""


def as_sentence(line: str) -> str:
    """The user's own line as a sentence: one line, ending in a full stop unless it
    ends in punctuation or a link (a full stop would break the link)."""
    line = clean_line(line)
    if not line or not line[-1].isalnum():
        return line
    last_word = line.rsplit(" ", 1)[-1]
    if "://" in last_word or last_word.lower().startswith("www."):
        return line
    return line + "."


def placeholder_values(
    prospect: Prospect,
    facts: HistoryFacts,
    today: date,
    *,
    my_name: str = "",
    reason_line: str = "",
    next_step: str = "",
) -> dict[str, str]:
    """Every placeholder's text for one prospect; "" where the fact is unknown."""
    return {
        "first_name": first_name(prospect),
        "name": clean_line(prospect.name),
        "company": clean_line(prospect.company),
        "my_name": clean_line(my_name),
        "last_meeting": when_phrase(facts.last_meeting, today),
        "topic": facts.topic,
        "sent": facts.sent,
        "sent_on": when_phrase(facts.sent_on, today),
        "reason_line": as_sentence(reason_line),
        "next_step": as_sentence(next_step),
    }


# -- rendering -------------------------------------------------------------------------
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _missing(text: str, values: Mapping[str, str]) -> bool:
    """True when ``text`` names a known placeholder that has no value."""
    return any(name in values and not values[name] for name in _PLACEHOLDER.findall(text))


def _fill(text: str, values: Mapping[str, str]) -> str:
    """Placeholders replaced by their values; unknown ones are left as written.

    One pass over the template, so a value is never read as a placeholder.
    """
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _render_sentence(sentence: str, values: Mapping[str, str]) -> str:
    def optional(match: re.Match[str]) -> str:
        part = match.group(1)
        return "" if _missing(part, values) else part

    kept = _OPTIONAL.sub(optional, sentence)
    if _missing(kept, values):
        return ""
    return _fill(kept, values)


def render_text(template: str, values: Mapping[str, str]) -> str:
    """A template's text with its facts filled in, and without the sentences (and
    the [optional parts]) whose facts are missing.

    Lines stay lines; a line whose every sentence was dropped goes, and so do
    the blank lines that would then pile up.
    """
    lines: list[str] = []
    for line in template.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            lines.append("")
            continue
        sentences = [_render_sentence(s, values) for s in _SENTENCE_END.split(line.strip())]
        kept = " ".join(s.strip() for s in sentences if s.strip())
        if kept:
            lines.append(kept)
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


def render(template: DraftTemplate, values: Mapping[str, str]) -> Draft:
    """The draft a template makes for these values; a subject that comes out empty
    is "Following up"."""
    subject = clean_line(render_text(template.subject, values)) or _(DEFAULT_SUBJECT)
    return Draft(subject, render_text(template.body, values))


def unknown_placeholders(template: DraftTemplate) -> list[str]:
    """Placeholders a template names that no fact fills (typing mistakes), in order."""
    found = _PLACEHOLDER.findall(f"{template.subject}\n{template.body}")
    return list(dict.fromkeys(name for name in found if name not in PLACEHOLDERS))


def suggested_next_step(purpose: str, builtin_purposes: Sequence[str]) -> str:
    """The next step to prefill: the user's own purpose for the pending follow-up,
    or the default ask (a cadence's purpose is a to-do for the user, not an ask)."""
    purpose = clean_line(purpose)
    if not purpose or purpose in builtin_purposes:
        return _(DEFAULT_NEXT_STEP)
    return purpose


# -- length ----------------------------------------------------------------------------
def word_count(text: str) -> int:
    return len(text.split())


def is_short(text: str, limit: int = SHORT_WORDS) -> bool:
    """Rule 4: keep each message short."""
    return word_count(text) <= limit


# -- mailto ----------------------------------------------------------------------------
def mailto_url(address: str, draft: Draft) -> str:
    """A mailto: URL (RFC 6068) that opens the mail client on this draft.

    Subject and body are UTF-8 percent-encoded, spaces as %20 (not +), and line
    breaks in the body are CRLF (%0D%0A) as the RFC asks.
    """
    body = draft.body.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
    to = quote(address.strip(), safe="@")
    subject = quote(clean_line(draft.subject), safe="")
    return f"mailto:{to}?subject={subject}&body={quote(body, safe='')}"


def clipboard_text(draft: Draft) -> str:
    """Subject and body as one text to paste: the subject, a blank line, the body."""
    return f"{draft.subject}\n\n{draft.body}"


# -- templates kept as JSON ----------------------------------------------------------
def templates_to_json(templates: Mapping[Reason, DraftTemplate]) -> str:
    """The user's templates as JSON, only those that differ from the defaults."""
    edited = {
        reason.value: {"subject": t.subject, "body": t.body}
        for reason, t in templates.items()
        if t != DEFAULT_TEMPLATES[reason]
    }
    return json.dumps(edited, ensure_ascii=False, sort_keys=True)


def templates_from_json(text: str | None) -> dict[Reason, DraftTemplate]:
    """Every reason's template: the user's where JSON holds a good one, else the default.

    Unreadable JSON or entries are ignored rather than refused: the defaults stand in.
    """
    templates = dict(DEFAULT_TEMPLATES)
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return templates
    if not isinstance(data, dict):
        return templates
    for reason in Reason:
        entry = data.get(reason.value)
        if not isinstance(entry, dict):
            continue
        subject, body = entry.get("subject"), entry.get("body")
        if isinstance(subject, str) and isinstance(body, str) and body.strip():
            templates[reason] = DraftTemplate(subject, body)
    return templates
