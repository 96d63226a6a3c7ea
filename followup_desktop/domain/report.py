"""The persistence report: how many touches prospects got before they ended (rule 8).

The seller's own persistence, held against the 5-touch mark: most sales close
only after the 5th contact, yet most sellers stop after one or two. The
figures are worked out from plain facts (each prospect's stage, lost reason and
closing time; each touch's prospect, time, channel, direction and outcome) by
these rules:

- A prospect's **touches** are all the touches logged with it, both
  directions. For a won or lost prospect only the touches at or before its
  ``closed_at`` count (a thank-you note after a win does not); when
  ``closed_at`` is None, all count.
- A prospect has **ended** when it is won, lost, or **went quiet**: open (any
  open stage, dormant included), its last touch more than ``quiet_days``
  days before now, and no follow-up planned ahead (a pending one due after
  now: the seller has not stopped). Open prospects with no touch at all, or touched within
  ``quiet_days``, are **in play** and left out of every "ended" figure.
- **touches_at_end**: ended prospects counted by touch-count bucket "0", "1",
  ..., "9", "10+" (all eleven, zeros included), split by how they ended
  (won, lost, quiet). **reached_mark**: ended prospects with at least
  ``MARK`` (5) touches; ``share`` is of the ended.
- **given_up_before_mark**: prospects that went quiet with fewer than 5
  touches; ``of`` is the number of ended prospects, ``share`` = count / of.
- **win_rate_by_touches**: per bucket "1" ... "9", "10+" (and "0" first when
  any ended prospect had none): ``ended``, ``won``, ``rate`` = won / ended.
- **channels**: per channel, in the enum's order: ``used`` = the seller's
  outbound touches on it (every prospect, all time, no closing cut-off);
  ``answered`` = those of them whose outcome is a response or whose next
  touch with the same prospect (by time; touches at the same instant keep
  the order given) is inbound on the same channel; ``rate`` = answered / used;
  ``inbound`` = inbound touches on that channel.
- **lost_reasons**: lost prospects grouped by
  :func:`~followup_desktop.domain.lost_reasons.reason_kind`, by count
  (largest first) then label; kinds with none are left out.
- Shares and rates are plain floats rounded to 4 places, None when the
  figure they divide by is 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from operator import itemgetter
from typing import Any, NamedTuple

from followup_desktop.domain.lost_reasons import LostReasonKind, reason_kind
from followup_desktop.domain.model import Channel, Direction, Outcome, Stage
from followup_desktop.domain.rules import GONE_COLD_SILENT_DAYS

MARK = 5  # the 5-touch mark: most sales close only after the 5th contact
DEFAULT_QUIET_DAYS = GONE_COLD_SILENT_DAYS  # the revive list's "silent for", by default
TOP_BUCKET = 10  # ten touches or more share the last bucket, "10+"
BUCKETS: tuple[str, ...] = (*(str(n) for n in range(TOP_BUCKET)), f"{TOP_BUCKET}+")
PLACES = 4
_RESPONSES = frozenset(o for o in Outcome if o.is_response)


class ProspectFacts(NamedTuple):
    """What the report needs of one prospect."""

    id: int
    stage: Stage
    lost_reason: str
    closed_at: datetime | None
    next_due_at: datetime | None = None  # the pending follow-up due first, if any


class TouchFacts(NamedTuple):
    """What the report needs of one touch."""

    prospect_id: int
    at: datetime
    channel: Channel
    direction: Direction
    outcome: Outcome | None


class Ending(StrEnum):
    """How a prospect ended: a Yes, a No, or silence the seller stopped pushing at."""

    WON = "won"
    LOST = "lost"
    QUIET = "quiet"


@dataclass(frozen=True)
class Share:
    """A count out of a whole; ``share`` is None when the whole is 0."""

    count: int
    of: int

    @property
    def share(self) -> float | None:
        return ratio(self.count, self.of)


@dataclass(frozen=True)
class TouchBucket:
    """Ended prospects with this many touches (``touches`` is "0" ... "10+"), by ending."""

    touches: str
    won: int
    lost: int
    quiet: int

    @property
    def total(self) -> int:
        return self.won + self.lost + self.quiet


@dataclass(frozen=True)
class WinRate:
    touches: str
    ended: int
    won: int

    @property
    def rate(self) -> float | None:
        return ratio(self.won, self.ended)


@dataclass(frozen=True)
class ChannelFigures:
    channel: Channel
    used: int
    answered: int
    inbound: int

    @property
    def rate(self) -> float | None:
        return ratio(self.answered, self.used)


@dataclass(frozen=True)
class ReasonCount:
    kind: LostReasonKind
    count: int

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class PersistenceReport:
    """Every figure of the report, as of one instant."""

    as_of: datetime
    quiet_days: int
    won: int
    lost: int
    quiet: int
    in_play: int
    touches_at_end: tuple[TouchBucket, ...]
    reached_mark: Share
    given_up_before_mark: Share
    win_rate_by_touches: tuple[WinRate, ...]
    channels: tuple[ChannelFigures, ...]
    lost_reasons: tuple[ReasonCount, ...]
    mark: int = MARK

    @property
    def ended(self) -> int:
        return self.won + self.lost + self.quiet

    @property
    def is_empty(self) -> bool:
        """Nothing has ended yet: the charts about endings have nothing to show."""
        return self.ended == 0

    def to_json(self) -> dict[str, Any]:
        """The report as ``report --json`` prints it."""
        return {
            "as_of": self.as_of.isoformat(timespec="seconds"),
            "quiet_days": self.quiet_days,
            "mark": self.mark,
            "prospects": {
                "won": self.won,
                "lost": self.lost,
                "quiet": self.quiet,
                "in_play": self.in_play,
                "ended": self.ended,
            },
            "touches_at_end": [
                {"touches": b.touches, "won": b.won, "lost": b.lost, "quiet": b.quiet}
                for b in self.touches_at_end
            ],
            "reached_mark": {
                "count": self.reached_mark.count,
                "share": self.reached_mark.share,
            },
            "given_up_before_mark": {
                "count": self.given_up_before_mark.count,
                "of": self.given_up_before_mark.of,
                "share": self.given_up_before_mark.share,
            },
            "win_rate_by_touches": [
                {"touches": w.touches, "ended": w.ended, "won": w.won, "rate": w.rate}
                for w in self.win_rate_by_touches
            ],
            "channels": [
                {
                    "channel": c.channel.value,
                    "used": c.used,
                    "answered": c.answered,
                    "rate": c.rate,
                    "inbound": c.inbound,
                }
                for c in self.channels
            ],
            "lost_reasons": [
                {"kind": r.kind.value, "label": r.label, "count": r.count}
                for r in self.lost_reasons
            ],
        }


_at = itemgetter(1)  # TouchFacts.at


def ratio(part: int, whole: int) -> float | None:
    """``part / whole`` rounded to 4 places; None when ``whole`` is 0."""
    return round(part / whole, PLACES) if whole else None


def bucket_of(touches: int) -> str:
    """The bucket a touch count falls in: "0" ... "9", or "10+"."""
    return BUCKETS[min(touches, TOP_BUCKET)]


def ending_of(
    stage: Stage,
    last_touch_at: datetime | None,
    now: datetime,
    quiet_days: int,
    next_due_at: datetime | None = None,
) -> Ending | None:
    """How a prospect ended, or None while it is in play."""
    if stage is Stage.WON:
        return Ending.WON
    if stage is Stage.LOST:
        return Ending.LOST
    planned_ahead = next_due_at is not None and next_due_at > now
    if planned_ahead:
        return None
    if last_touch_at is not None and now - last_touch_at > timedelta(days=quiet_days):
        return Ending.QUIET
    return None


def build_report(
    prospects: Iterable[ProspectFacts],
    touches: Iterable[TouchFacts],
    now: datetime,
    quiet_days: int = DEFAULT_QUIET_DAYS,
) -> PersistenceReport:
    """Every figure of the report by the rules in this module's docstring.

    ``now`` and every time given must be aware datetimes.
    """
    by_prospect: dict[int, list[TouchFacts]] = {}
    for touch in touches:
        by_prospect.setdefault(touch.prospect_id, []).append(touch)
    for timeline in by_prospect.values():
        timeline.sort(key=_at)  # stable: same-instant touches keep their order

    endings: Counter[tuple[str, Ending]] = Counter()
    counts = {Ending.WON: 0, Ending.LOST: 0, Ending.QUIET: 0}
    in_play = reached = given_up = 0
    reasons: Counter[LostReasonKind] = Counter()
    for prospect in prospects:
        timeline = by_prospect.get(prospect.id, [])
        closed_at = prospect.closed_at if prospect.stage.is_closed else None
        if closed_at is not None:
            timeline = [t for t in timeline if t.at <= closed_at]
        last = timeline[-1].at if timeline else None
        ending = ending_of(prospect.stage, last, now, quiet_days, prospect.next_due_at)
        if ending is None:
            in_play += 1
            continue
        counts[ending] += 1
        endings[bucket_of(len(timeline)), ending] += 1
        if len(timeline) >= MARK:
            reached += 1
        elif ending is Ending.QUIET:
            given_up += 1
        if ending is Ending.LOST:
            reasons[reason_kind(prospect.lost_reason)] += 1

    ended = sum(counts.values())
    buckets = tuple(
        TouchBucket(b, endings[b, Ending.WON], endings[b, Ending.LOST], endings[b, Ending.QUIET])
        for b in BUCKETS
    )
    win_rates = tuple(
        WinRate(b.touches, b.total, b.won) for b in buckets if b.touches != BUCKETS[0] or b.total
    )
    return PersistenceReport(
        as_of=now,
        quiet_days=quiet_days,
        won=counts[Ending.WON],
        lost=counts[Ending.LOST],
        quiet=counts[Ending.QUIET],
        in_play=in_play,
        touches_at_end=buckets,
        reached_mark=Share(reached, ended),
        given_up_before_mark=Share(given_up, ended),
        win_rate_by_touches=win_rates,
        channels=channel_figures(by_prospect.values()),
        lost_reasons=tuple(
            ReasonCount(kind, n)
            for kind, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0].label))
        ),
    )


def channel_figures(timelines: Iterable[Sequence[TouchFacts]]) -> tuple[ChannelFigures, ...]:
    """Per channel: outbound touches, how many of them were answered, inbound touches.

    Each timeline is one prospect's touches in time order, none left out.
    """
    used = dict.fromkeys(Channel, 0)
    answered = dict.fromkeys(Channel, 0)
    inbound = dict.fromkeys(Channel, 0)
    for timeline in timelines:
        previous: TouchFacts | None = None
        for touch in timeline:
            channel = touch.channel
            if touch.direction is Direction.IN:
                inbound[channel] += 1
                # A reply answers the outbound touch just before it on its channel,
                # unless that touch's own outcome has already counted it.
                if (
                    previous is not None
                    and previous.direction is Direction.OUT
                    and previous.channel is channel
                    and previous.outcome not in _RESPONSES
                ):
                    answered[channel] += 1
            else:
                used[channel] += 1
                if touch.outcome in _RESPONSES:
                    answered[channel] += 1
            previous = touch
    return tuple(
        ChannelFigures(channel, used[channel], answered[channel], inbound[channel])
        for channel in Channel
    )
