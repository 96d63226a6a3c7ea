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
from followup_desktop.i18n import N_, _, ngettext

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

# Translators: how a channel is named inside the advice's sentences
# ("Not a call again after e-mail and a call").
_WORDS = {
    Channel.CALL: N_("a call"),
    Channel.EMAIL: N_("e-mail"),
    Channel.TEXT: N_("a text"),
    Channel.SOCIAL: N_("social media"),
    Channel.MEETING: N_("a meeting"),
    Channel.NOTE: N_("a handwritten note"),
    Channel.EVENT: N_("an event invitation"),
    Channel.ARTICLE: N_("an article"),
    Channel.INTRODUCTION: N_("an introduction"),
    Channel.OPINION: N_("asking their opinion"),
}

# Translators: how someone answered ("They have only ever answered by phone").
_BY = {
    Channel.CALL: N_("by phone"),
    Channel.EMAIL: N_("by e-mail"),
    Channel.TEXT: N_("by text"),
    Channel.SOCIAL: N_("on social media"),
}


def channel_words(channel: Channel) -> str:
    """How a channel is said in a sentence: "a call", "e-mail"."""
    return _(_WORDS[channel])


def _by(channel: Channel) -> str:
    return _(_BY[channel])


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
        return ChannelAdvice(planned, _("First touch: as the plan says."), False)
    ordered = sorted(touches, key=lambda t: (t.at, t.id or 0))
    answers = answer_counts(ordered)
    allowed = set(Channel) if reachable is None else set(reachable)
    if len(answers) == 1 and planned is not Channel.NOTE and next(iter(answers)) in allowed:
        (only,) = answers
        times = answers[only]
        said = ngettext("once", "{n} times", times).format(n=times)
        return ChannelAdvice(
            only,
            _("They have only ever answered {by} ({times}).").format(by=_by(only), times=said),
            only is not planned,
        )
    last_two = [t.channel for t in ordered[-2:]]
    words = list(dict.fromkeys(channel_words(c) for c in reversed(last_two)))
    recent = (
        # Translators: the channels of the last two touches, newest first.
        _("{newer} and {older}").format(newer=words[0], older=words[1])
        if len(words) == 2
        else words[0]
    )
    if planned not in last_two and (planned in allowed or planned is Channel.NOTE):
        return ChannelAdvice(
            planned,
            _("A change from the last two touches ({recent}).").format(recent=recent),
            False,
        )
    candidates: list[tuple[Channel, str]] = [
        (c, _("they have answered {by} before").format(by=_by(c)))
        for c, _count in answers.most_common()
    ]
    if preferred is not None:
        candidates.append((preferred, _("it is their preferred channel")))
    candidates += [(c, _("the plan uses it too")) for c in plan_channels]
    candidates += [(c, _("a channel not tried lately")) for c in FALLBACK_ORDER]
    lead = (
        _("Not {channel} again after {recent}").format(
            channel=channel_words(planned), recent=recent
        )
        if planned in last_two
        else _("They cannot be reached by {channel}").format(channel=channel_words(planned))
    )
    for channel, why in candidates:
        if channel not in last_two and channel in allowed:
            # Translators: {lead} says what is wrong with the plan's channel, {why}
            # why the advised one instead ("Not a call again after a call: ...").
            return ChannelAdvice(channel, _("{lead}: {why}.").format(lead=lead, why=why), True)
    return ChannelAdvice(
        planned,
        _("The only channel they can be reached on ({recent}).").format(recent=recent),
        False,
    )
