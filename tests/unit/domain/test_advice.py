"""Next-channel advice: vary the channel, unless they only ever answer on one."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.advice import (
    ANSWER_CHANNELS,
    FALLBACK_ORDER,
    advise_channel,
    answer_counts,
    channel_words,
)
from followup_desktop.domain.model import Channel, Direction, Outcome, Touch

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 11, 2, 10, 0, tzinfo=BERLIN)
C, E, S, T = Channel.CALL, Channel.EMAIL, Channel.SOCIAL, Channel.TEXT


def _touches(*spec: tuple[Channel, Direction, Outcome | None]) -> list[Touch]:
    return [
        Touch(n + 1, 1, START + timedelta(days=n), channel, direction, outcome)
        for n, (channel, direction, outcome) in enumerate(spec)
    ]


OUT, IN = Direction.OUT, Direction.IN


def test_no_touch_yet_keeps_the_plan() -> None:
    advice = advise_channel([], E)
    assert (advice.channel, advice.changed) == (E, False)
    assert advice.reason == "First touch: as the plan says."


def test_the_plan_is_kept_when_it_already_differs_from_the_last_two() -> None:
    touches = _touches((E, OUT, Outcome.SENT), (C, OUT, Outcome.NO_ANSWER))
    advice = advise_channel(touches, S)
    assert (advice.channel, advice.changed) == (S, False)
    assert advice.reason == "A change from the last two touches (a call and e-mail)."


def test_a_third_email_in_a_row_becomes_something_else() -> None:
    touches = _touches((E, OUT, Outcome.SENT), (E, OUT, Outcome.SENT))
    advice = advise_channel(touches, E)
    assert advice.changed
    assert advice.channel is C  # first in the fallback order that differs
    assert advice.reason == "Not e-mail again after e-mail: a channel not tried lately."


def test_the_last_two_touches_are_by_time_not_by_order_given() -> None:
    early, late = _touches((C, OUT, None), (E, OUT, None))
    older = Touch(9, 1, START - timedelta(days=30), S, OUT, None)
    # Social media was three touches ago: it is a change from the last two.
    advice = advise_channel([late, older, early], S)
    assert (advice.channel, advice.changed) == (S, False)
    assert advice.reason == "A change from the last two touches (e-mail and a call)."


def test_only_ever_answered_on_one_channel_wins_over_variety() -> None:
    touches = _touches(
        (E, OUT, Outcome.SENT),
        (T, IN, Outcome.REPLIED),
        (C, OUT, Outcome.NO_ANSWER),
        (T, OUT, Outcome.CONVERSATION),
    )
    # The last two touches were a call and a text, yet texts are all they answer.
    advice = advise_channel(touches, E)
    assert (advice.channel, advice.changed) == (T, True)
    assert advice.reason == "They have only ever answered by text (2 times)."
    once = advise_channel(touches[:2], T)
    assert (once.channel, once.changed) == (T, False)
    assert once.reason == "They have only ever answered by text (once)."


def test_a_no_is_an_answer_too() -> None:
    touches = _touches((C, OUT, Outcome.DECLINED), (E, OUT, Outcome.SENT))
    assert answer_counts(touches) == {C: 1}
    assert advise_channel(touches, E).channel is C


def test_with_several_answer_channels_the_most_answered_other_one_is_chosen() -> None:
    touches = _touches(
        (S, IN, Outcome.REPLIED),
        (S, IN, Outcome.REPLIED),
        (C, OUT, Outcome.CONVERSATION),
        (E, OUT, Outcome.SENT),
        (C, OUT, Outcome.NO_ANSWER),
    )
    advice = advise_channel(touches, C)
    assert advice.channel is S
    assert advice.reason == (
        "Not a call again after a call and e-mail: they have answered on social media before."
    )


def test_the_preferred_channel_comes_before_the_plan_and_fallbacks() -> None:
    touches = _touches((E, OUT, Outcome.SENT), (C, OUT, Outcome.NO_ANSWER))
    advice = advise_channel(touches, C, preferred=T, plan_channels=(Channel.ARTICLE,))
    assert advice.channel is T
    assert advice.reason.endswith("it is their preferred channel.")
    plan = advise_channel(touches, C, plan_channels=(E, Channel.ARTICLE))
    assert plan.channel is Channel.ARTICLE
    assert plan.reason.endswith("the plan uses it too.")


def test_only_reachable_channels_are_advised() -> None:
    touches = _touches((C, OUT, Outcome.NO_ANSWER), (Channel.SOCIAL, OUT, Outcome.SENT))
    advice = advise_channel(touches, C, reachable={C, E, Channel.SOCIAL})
    assert advice.channel is E
    stuck = advise_channel(touches, C, reachable={C, Channel.SOCIAL})
    assert (stuck.channel, stuck.changed) == (C, False)
    assert stuck.reason == "The only channel they can be reached on (social media and a call)."


def test_every_channel_has_words_and_a_fallback_place() -> None:
    assert set(FALLBACK_ORDER) == set(Channel)
    assert channel_words(Channel.NOTE) == "a handwritten note"


@pytest.mark.parametrize("channel", sorted(ANSWER_CHANNELS))
def test_only_answers_read_well_for_every_channel(channel: Channel) -> None:
    touches = _touches((channel, IN, Outcome.REPLIED))
    reason = advise_channel(touches, channel).reason
    assert reason.startswith("They have only ever answered ")
    assert reason.endswith("(once).")


def test_a_meeting_is_not_a_way_of_answering_and_the_thank_you_note_stays() -> None:
    touches = _touches((E, OUT, Outcome.SENT), (Channel.MEETING, OUT, Outcome.CONVERSATION))
    assert answer_counts(touches) == {}
    note = advise_channel(touches, Channel.NOTE, reachable={E})
    assert (note.channel, note.changed) == (Channel.NOTE, False)
    # Even from someone who only ever answers by e-mail, the note is sent.
    replied = _touches((E, IN, Outcome.REPLIED), (Channel.MEETING, OUT, Outcome.CONVERSATION))
    assert advise_channel(replied, Channel.NOTE).channel is Channel.NOTE
    assert advise_channel(replied, C).channel is E


def test_a_planned_channel_they_cannot_be_reached_on_is_replaced() -> None:
    touches = _touches((E, OUT, Outcome.SENT), (S, OUT, Outcome.SENT))
    advice = advise_channel(touches, C, reachable={E, S, Channel.ARTICLE})
    assert (advice.channel, advice.changed) == (Channel.ARTICLE, True)
    assert advice.reason == "They cannot be reached by a call: a channel not tried lately."


def test_the_only_answer_channel_is_advised_only_while_they_can_be_reached_on_it() -> None:
    touches = _touches((E, IN, Outcome.REPLIED), (C, OUT, Outcome.NO_ANSWER))
    assert advise_channel(touches, C, reachable={E, C}).channel is E
    # Their e-mail address was removed: the variety rule decides.
    advice = advise_channel(touches, C, reachable={C, S})
    assert advice.channel is S
