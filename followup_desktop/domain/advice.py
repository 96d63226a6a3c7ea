"""Next-channel advice (DOMAIN.md rule 3: vary the channel).

The rules, in order:

1. A prospect who has only ever answered on one channel is reached on that
   one. An answer is an inbound touch, or a touch of ours whose outcome was a
   response (a reply, a conversation, a meeting booked, a No), on a channel
   people answer on (:data:`ANSWER_CHANNELS`: call, e-mail, text, social
   media; a meeting is not a way of answering), if they can still be reached
   on it. A handwritten thank-you note the plan asks for is kept: it asks for
   no answer (and a missing address is flagged on the thank-you list).
2. Otherwise the next step differs from the channels of the last two touches
   (either direction). The plan's channel is kept when it already does and the
   prospect can be reached on it.
3. When it does not, the first channel that differs is taken from, in turn:
   the channels the prospect has answered on (most answers first), the
   prospect's preferred channel, then the plan's tail channels, then
   :data:`FALLBACK_ORDER`; each only if the prospect can be reached on it
   (``reachable``: an e-mail address for e-mail, a phone for calls...).
4. With no touch yet, the plan's channel stands.

Each piece of advice carries one short line saying why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from followup_desktop.domain.model import Channel, Direction, Touch

FALLBACK_ORDER: tuple[Channel, ...] = (
    Channel.CALL,
    Channel.EMAIL,
    Channel.SOCIAL,
    Channel.ARTICLE,
    Channel.TEXT,
    Channel.NOTE,
    Channel.OPINION,
    Channel.EVENT,
    Channel.INTRODUCTION,
    Channel.MEETING,
)

ANSWER_CHANNELS = frozenset({Channel.CALL, Channel.EMAIL, Channel.TEXT, Channel.SOCIAL})

_WORDS = {
    Channel.CALL: "a call",
    Channel.EMAIL: "e-mail",
    Channel.TEXT: "a text",
    Channel.SOCIAL: "social media",
    Channel.MEETING: "a meeting",
    Channel.NOTE: "a handwritten note",
    Channel.EVENT: "an event invitation",
    Channel.ARTICLE: "an article",
    Channel.INTRODUCTION: "an introduction",
    Channel.OPINION: "asking their opinion",
}

_BY = {
    Channel.CALL: "by phone",
    Channel.EMAIL: "by e-mail",
    Channel.TEXT: "by text",
    Channel.SOCIAL: "on social media",
}


def channel_words(channel: Channel) -> str:
    """How a channel is said in a sentence: "a call", "e-mail"."""
    return _WORDS[channel]


@dataclass(frozen=True)
class ChannelAdvice:
    channel: Channel
    reason: str
    changed: bool  # the advice differs from the plan's channel


def answer_counts(touches: Iterable[Touch]) -> Counter[Channel]:
    """How often the prospect answered on each channel (rule 1's answers)."""
    counts: Counter[Channel] = Counter()
    for t in touches:
        if t.channel not in ANSWER_CHANNELS:
            continue
        if t.direction is Direction.IN or (t.outcome is not None and t.outcome.is_response):
            counts[t.channel] += 1
    return counts


def advise_channel(
    touches: Sequence[Touch],
    planned: Channel,
    *,
    preferred: Channel | None = None,
    reachable: Iterable[Channel] | None = None,
    plan_channels: Sequence[Channel] = (),
) -> ChannelAdvice:
    """The channel for the next step and why, by the rules in the module docstring."""
    if not touches:
        return ChannelAdvice(planned, "First touch: as the plan says.", False)
    ordered = sorted(touches, key=lambda t: (t.at, t.id or 0))
    answers = answer_counts(ordered)
    allowed = set(Channel) if reachable is None else set(reachable)
    if len(answers) == 1 and planned is not Channel.NOTE and next(iter(answers)) in allowed:
        (only,) = answers
        times = answers[only]
        said = "once" if times == 1 else f"{times} times"
        return ChannelAdvice(
            only,
            f"They have only ever answered {_BY[only]} ({said}).",
            only is not planned,
        )
    last_two = [t.channel for t in ordered[-2:]]
    recent = " and ".join(dict.fromkeys(channel_words(c) for c in reversed(last_two)))
    if planned not in last_two and (planned in allowed or planned is Channel.NOTE):
        return ChannelAdvice(planned, f"A change from the last two touches ({recent}).", False)
    candidates: list[tuple[Channel, str]] = [
        (c, f"they have answered {_BY[c]} before") for c, _ in answers.most_common()
    ]
    if preferred is not None:
        candidates.append((preferred, "it is their preferred channel"))
    candidates += [(c, "the plan uses it too") for c in plan_channels]
    candidates += [(c, "a channel not tried lately") for c in FALLBACK_ORDER]
    lead = (
        f"Not {channel_words(planned)} again after {recent}"
        if planned in last_two
        else f"They cannot be reached by {channel_words(planned)}"
    )
    for channel, why in candidates:
        if channel not in last_two and channel in allowed:
            return ChannelAdvice(channel, f"{lead}: {why}.", True)
    return ChannelAdvice(planned, f"The only channel they can be reached on ({recent}).", False)
