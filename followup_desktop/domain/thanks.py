"""Thank-you notes: which touches earn one, what it is about, whom it greets.

After a meeting, a won deal, a referral received or an introduction made, the
seller writes a handwritten note. These rules decide which of those put a
prospect on the thank-you list (a preference), and word the reason and the
talking point ("Meeting on 20 Nov: talked about the leadership workshop").
A prospect is on the list at most once: a later reason replaces an earlier one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from followup_desktop.domain.address import envelope_lines
from followup_desktop.domain.model import Channel, Direction, Outcome, PostalAddress, Stage, Touch
from followup_desktop.domain.wallclock import month_abbreviation
from followup_desktop.i18n import N_, _, pgettext

# The reason of an entry added by hand, and the summary of the touch a sent note
# logs: stored with the entry or touch in the language in use when it was made.
HAND_ADDED = N_("Added by hand")
TALKING_POINT_MAX = 80
SENT_SUMMARY = N_("Thank-you note sent")

# A meeting that did not take place earns no thank-you.
_MEETING_DID_NOT_HAPPEN = (Outcome.DECLINED, Outcome.NO_ANSWER)


class ThankYouKind(StrEnum):
    """Why a prospect is owed a thank-you note."""

    MEETING = "meeting"
    WON = "won"
    REFERRAL = "referral"  # they introduced us to someone
    INTRODUCTION = "introduction"  # we introduced them to someone
    MANUAL = "manual"  # added by hand


@dataclass(frozen=True)
class ThankYouPreference:
    """Which events put a prospect on the thank-you list."""

    meeting: bool = True
    won: bool = True
    referral: bool = True
    introduction: bool = True

    def allows(self, kind: ThankYouKind) -> bool:
        if kind is ThankYouKind.MANUAL:
            return True  # the user asked for it
        return bool(getattr(self, kind.value))


@dataclass(frozen=True)
class ThankYouReason:
    """Why a note is owed and what to mention, as a queue entry records it."""

    kind: ThankYouKind
    reason: str
    talking_point: str
    occurred_at: datetime  # when it happened (aware)

    def replaces(self, earlier_occurred_at: datetime) -> bool:
        """A pending entry takes the reason that happened last."""
        return self.occurred_at >= earlier_occurred_at

    def taking_over(self, earlier_reason: str, earlier_point: str) -> ThankYouReason:
        """This reason as it replaces a pending entry's. A win (or a reason with nothing
        to say) keeps what the earlier entry was about: the note thanks for the deal
        and still mentions the meeting ("Meeting on 20 Nov: talked about the workshop")."""
        if not earlier_point or (self.kind is not ThankYouKind.WON and self.talking_point):
            return self
        # A win taking over an earlier win keeps what that one kept, not "Deal won on …"
        # (in the words of the language it was stored in, or of the one in use now).
        won_before = earlier_reason.startswith(_won_prefixes())
        kept = earlier_point if won_before else headline(earlier_reason, earlier_point)
        if kept in self.talking_point:
            return self  # already said (the same entry announced twice)
        point = f"{self.talking_point}; {kept}" if self.talking_point else kept
        return replace(self, talking_point=point)


@dataclass(frozen=True)
class ThankYouRecord:
    """A stored thank-you entry: pending until it is sent or removed."""

    id: int | None
    prospect_id: int
    touch_id: int | None
    reason: str
    talking_point: str
    occurred_at: datetime
    created_at: datetime
    sent_at: datetime | None = None
    sent_touch_id: int | None = None
    removed_at: datetime | None = None

    @property
    def is_pending(self) -> bool:
        return self.sent_at is None and self.removed_at is None


@dataclass(frozen=True)
class ThankYouEntry:
    """One line of the thank-you list: whom to write to, why, and where to send it.

    ``address_lines`` is the whole envelope block (name, company, street, town,
    country when abroad) or None with no postal address; ``postal_lines`` the
    same without the name and company. Texts are plain: print them as typed.
    """

    entry_id: int
    prospect_id: int
    name: str
    company: str
    salutation: str
    address: PostalAddress
    address_lines: list[str] | None
    postal_lines: list[str]
    address_missing: bool
    reason: str
    talking_point: str
    occurred_at: datetime

    @property
    def headline(self) -> str:
        """'Meeting on 20 Nov: talked about the workshop' (the reason alone without a point)."""
        return headline(self.reason, self.talking_point)


def short_date(moment: datetime) -> str:
    """'20 Nov': the day and the month's abbreviation, in the moment's own zone."""
    return pgettext("short date", "{day} {month}").format(
        day=moment.day, month=month_abbreviation(moment.month)
    )


def first_line(text: str, limit: int = TALKING_POINT_MAX) -> str:
    """The first non-blank line, spaces tidied, cut at a word to at most ``limit`` characters."""
    line = next((" ".join(s.split()) for s in text.splitlines() if s.strip()), "")
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def talking_point(touch: Touch) -> str:
    """What the touch was about: its summary's first line, else its notes'."""
    return first_line(touch.summary) or first_line(touch.notes)


def headline(reason: str, point: str) -> str:
    # Translators: a thank-you entry's reason and its talking point
    # ("Meeting on 20 Nov: talked about the workshop").
    return _("{reason}: {point}").format(reason=reason, point=point) if point else reason


def touch_kind(touch: Touch, stage: Stage, previous: Stage | None = None) -> ThankYouKind | None:
    """What kind of thank-you a touch earns (None: none).

    ``stage`` is the prospect's stage after the touch, ``previous`` before it:
    a touch that closes the deal as won earns one for the win.
    """
    if stage is Stage.WON and previous is not None and previous is not Stage.WON:
        return ThankYouKind.WON
    if touch.channel is Channel.MEETING and touch.outcome not in _MEETING_DID_NOT_HAPPEN:
        return ThankYouKind.MEETING
    if touch.channel is Channel.INTRODUCTION:
        if touch.direction is Direction.IN:
            return ThankYouKind.REFERRAL
        return ThankYouKind.INTRODUCTION
    return None


# Translators: why a thank-you note is owed; {day} is a short date ("20 Nov").
_REASONS = {
    ThankYouKind.MEETING: N_("Meeting on {day}"),
    ThankYouKind.WON: N_("Deal won on {day}"),
    ThankYouKind.REFERRAL: N_("Referral received on {day}"),
    ThankYouKind.INTRODUCTION: N_("Introduction made on {day}"),
}


def _reason(kind: ThankYouKind, at: datetime) -> str:
    return _(_REASONS[kind]).format(day=short_date(at))


def _won_prefixes() -> tuple[str, ...]:
    """How a stored "Deal won on …" reason begins, in English and in the language in use."""
    won = _REASONS[ThankYouKind.WON]
    return (won.split("{", 1)[0], _(won).split("{", 1)[0])


def reason_for_touch(
    touch: Touch,
    stage: Stage,
    previous: Stage | None = None,
    preference: ThankYouPreference | None = None,
) -> ThankYouReason | None:
    """The thank-you a logged touch puts on the list, if the preference wants it."""
    kind = touch_kind(touch, stage, previous)
    if kind is None or not (preference or ThankYouPreference()).allows(kind):
        return None
    return ThankYouReason(kind, _reason(kind, touch.at), talking_point(touch), touch.at)


def reason_for_stage_change(
    stage: Stage,
    previous: Stage,
    at: datetime,
    preference: ThankYouPreference | None = None,
) -> ThankYouReason | None:
    """A stage change to won (made by hand, not by a touch) earns a thank-you."""
    won = stage is Stage.WON and previous is not Stage.WON
    if not won or not (preference or ThankYouPreference()).allows(ThankYouKind.WON):
        return None
    return ThankYouReason(ThankYouKind.WON, _reason(ThankYouKind.WON, at), "", at)


def hand_added(at: datetime, reason: str = HAND_ADDED, point: str = "") -> ThankYouReason:
    """An entry the user added themselves; without a reason of their own it says it was
    added by hand, in the language in use."""
    typed = "" if reason == HAND_ADDED else first_line(reason)
    return ThankYouReason(ThankYouKind.MANUAL, typed or _(HAND_ADDED), first_line(point), at)


def sends_note(touch: Touch) -> bool:
    """A handwritten note sent to the prospect: it settles their pending thank-you."""
    return touch.channel is Channel.NOTE and touch.direction is Direction.OUT


def sent_summary(point: str) -> str:
    """The summary of the touch that records a sent note."""
    if point:
        # Translators: the summary of the touch that records a sent thank-you note.
        return _("Thank-you note sent: {point}").format(point=point)
    return _(SENT_SUMMARY)


def owed_notes(
    touches: Sequence[Touch], preference: ThankYouPreference | None = None
) -> dict[int, tuple[ThankYouReason, int | None]]:
    """From past touches, the notes still owed per prospect: the latest reason (and its
    touch id) not followed by a note sent. For filling the list from history."""
    owed: dict[int, tuple[ThankYouReason, int | None]] = {}
    for touch in sorted(touches, key=lambda t: (t.at, t.id or 0)):
        if sends_note(touch):
            owed.pop(touch.prospect_id, None)
            continue
        reason = reason_for_touch(touch, Stage.NEW, None, preference)
        if reason is not None:
            owed[touch.prospect_id] = (reason, touch.id)
    return owed


def salutation(name: str, company: str) -> str:
    """'Dear Ana' (the first word of the name); 'Dear Mercado Verde team' for a company."""
    name, company = " ".join(name.split()), " ".join(company.split())
    if not name or name.casefold() == company.casefold():
        if company:
            # Translators: a thank-you note's greeting for a prospect known by company only.
            return _("Dear {company} team").format(company=company)
        return _("Hello")
    # Translators: a thank-you note's greeting; {first_name} is the first word of the name.
    return _("Dear {first_name}").format(first_name=name.split()[0])


def has_postal_address(address: PostalAddress) -> bool:
    """Enough to post a letter: a street line and a town or postal code."""
    return bool(address.street.strip()) and bool(
        address.city.strip() or address.postal_code.strip()
    )


def make_entry(
    record: ThankYouRecord,
    name: str,
    company: str,
    address: PostalAddress,
    home_country: str,
) -> ThankYouEntry:
    """A stored entry with its prospect's salutation and envelope address."""
    assert record.id is not None
    lines = envelope_lines(name, company, address, home_country)
    postal = envelope_lines("", "", address, home_country) or []
    return ThankYouEntry(
        entry_id=record.id,
        prospect_id=record.prospect_id,
        name=name,
        company=company,
        salutation=salutation(name, company),
        address=address,
        address_lines=lines,
        postal_lines=postal,
        address_missing=not has_postal_address(address),
        reason=record.reason,
        talking_point=record.talking_point,
        occurred_at=record.occurred_at,
    )
