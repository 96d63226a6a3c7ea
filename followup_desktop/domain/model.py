"""The words of the domain: prospects, touches, follow-ups and their states."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from followup_desktop.i18n import pgettext


class Stage(StrEnum):
    """Where a prospect stands. Won and lost are closed; the rest are open."""

    NEW = "new"
    CONTACTED = "contacted"
    ENGAGED = "engaged"
    PROPOSAL = "proposal"
    WON = "won"
    LOST = "lost"
    DORMANT = "dormant"

    @property
    def is_open(self) -> bool:
        return self not in (Stage.WON, Stage.LOST)

    @property
    def is_closed(self) -> bool:
        return not self.is_open

    @property
    def label(self) -> str:
        """The stage's name as shown, in the user's language (the value is stored)."""
        return _stage_labels()[self]


class Channel(StrEnum):
    """How a touch reaches the prospect (DOMAIN.md: vary the channel)."""

    CALL = "call"
    EMAIL = "email"
    TEXT = "text"
    SOCIAL = "social"
    MEETING = "meeting"
    NOTE = "note"  # a handwritten thank-you note, by mail
    EVENT = "event"  # an invitation to an event
    ARTICLE = "article"  # sharing an article or video they would value
    INTRODUCTION = "introduction"  # introducing them to someone
    OPINION = "opinion"  # asking their opinion

    @property
    def label(self) -> str:
        """The channel's name as a touch shows it: "Call", "Shared article"."""
        return _channel_labels()[self]


class Direction(StrEnum):
    """Who made the touch: the seller (out) or the prospect (in)."""

    OUT = "out"
    IN = "in"

    @property
    def label(self) -> str:
        """ "Outgoing" or "Incoming", in the user's language."""
        return _direction_labels()[self]


class Outcome(StrEnum):
    """What came of a touch."""

    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"
    SENT = "sent"
    REPLIED = "replied"
    CONVERSATION = "conversation"
    MEETING_BOOKED = "meeting_booked"
    PROPOSAL_SENT = "proposal_sent"
    DECLINED = "declined"

    @property
    def is_response(self) -> bool:
        """True when the prospect engaged: the channel reached them."""
        return self in (
            Outcome.REPLIED,
            Outcome.CONVERSATION,
            Outcome.MEETING_BOOKED,
            Outcome.DECLINED,
        )

    @property
    def label(self) -> str:
        """What came of a touch, as shown: "No answer", "Meeting booked"."""
        return _outcome_labels()[self]


class Source(StrEnum):
    """Where the prospect came from."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"
    REFERRAL = "referral"

    @property
    def label(self) -> str:
        """Where the prospect came from, as shown: "Inbound inquiry"."""
        return _source_labels()[self]


class FollowUpStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"


# The labels are built when asked for, so that they are in the language chosen
# after the modules load. The contexts tell a translator which list a word is in.
def _stage_labels() -> dict[Stage, str]:
    return {
        Stage.NEW: pgettext("stage", "New"),
        Stage.CONTACTED: pgettext("stage", "Contacted"),
        Stage.ENGAGED: pgettext("stage", "Engaged"),
        Stage.PROPOSAL: pgettext("stage", "Proposal"),
        Stage.WON: pgettext("stage", "Won"),
        Stage.LOST: pgettext("stage", "Lost"),
        Stage.DORMANT: pgettext("stage", "Dormant"),
    }


def _channel_labels() -> dict[Channel, str]:
    return {
        Channel.CALL: pgettext("channel", "Call"),
        Channel.EMAIL: pgettext("channel", "E-mail"),
        Channel.TEXT: pgettext("channel", "Text"),
        Channel.SOCIAL: pgettext("channel", "Social media"),
        Channel.MEETING: pgettext("channel", "Meeting"),
        Channel.NOTE: pgettext("channel", "Thank-you note"),
        Channel.EVENT: pgettext("channel", "Event invitation"),
        Channel.ARTICLE: pgettext("channel", "Shared article"),
        Channel.INTRODUCTION: pgettext("channel", "Introduction"),
        Channel.OPINION: pgettext("channel", "Asked their opinion"),
    }


def _direction_labels() -> dict[Direction, str]:
    return {
        Direction.OUT: pgettext("direction", "Outgoing"),
        Direction.IN: pgettext("direction", "Incoming"),
    }


def _outcome_labels() -> dict[Outcome, str]:
    return {
        Outcome.NO_ANSWER: pgettext("outcome", "No answer"),
        Outcome.LEFT_MESSAGE: pgettext("outcome", "Left a message"),
        Outcome.SENT: pgettext("outcome", "Sent"),
        Outcome.REPLIED: pgettext("outcome", "Replied"),
        Outcome.CONVERSATION: pgettext("outcome", "Conversation"),
        Outcome.MEETING_BOOKED: pgettext("outcome", "Meeting booked"),
        Outcome.PROPOSAL_SENT: pgettext("outcome", "Proposal sent"),
        Outcome.DECLINED: pgettext("outcome", "Declined"),
    }


def _source_labels() -> dict[Source, str]:
    return {
        Source.INBOUND: pgettext("source", "Inbound inquiry"),
        Source.OUTBOUND: pgettext("source", "Outbound"),
        Source.REFERRAL: pgettext("source", "Referral"),
    }


@dataclass(frozen=True)
class PostalAddress:
    """A mailing address as it is printed on an envelope.

    ``street`` may hold several lines (building, street, suite) separated by
    newlines; ``country`` is an ISO 3166-1 alpha-2 code or a country name.
    """

    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""

    @property
    def is_empty(self) -> bool:
        return not any((self.street, self.city, self.region, self.postal_code, self.country))


@dataclass(frozen=True)
class Prospect:
    """A person (and their company) the user is selling to."""

    id: int | None
    name: str
    company: str = ""
    title: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    address: PostalAddress = field(default_factory=PostalAddress)
    source: Source = Source.OUTBOUND
    deal_value: Decimal | None = None
    preferred_channel: Channel | None = None
    stage: Stage = Stage.NEW
    lost_reason: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    cadence: str = ""
    cadence_position: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Stable across export and import (a vCard's UID); the store gives one when empty.
    uid: str = ""
    # When the prospect was last won or lost; None while it is open.
    closed_at: datetime | None = None
    # Raised by every write to the stored row: an edit made from an older copy
    # can tell that someone else changed the prospect meanwhile.
    version: int = 0


@dataclass(frozen=True)
class Touch:
    """One contact made, in either direction, on one channel."""

    id: int | None
    prospect_id: int
    at: datetime
    channel: Channel
    direction: Direction = Direction.OUT
    outcome: Outcome | None = None
    summary: str = ""
    notes: str = ""


@dataclass(frozen=True)
class FollowUp:
    """A planned future touch, due at a local wall-clock time."""

    id: int | None
    prospect_id: int
    due_at: datetime
    channel: Channel
    purpose: str = ""
    status: FollowUpStatus = FollowUpStatus.PENDING
    snoozed_until: datetime | None = None
    completed_by: int | None = None

    @property
    def effective_due(self) -> datetime:
        """When the follow-up next demands attention, snoozing included."""
        # Compared as instants: aware datetimes sharing a zone compare by wall clock.
        snoozed = self.snoozed_until
        if snoozed is not None and snoozed.astimezone(UTC) > self.due_at.astimezone(UTC):
            return snoozed
        return self.due_at
