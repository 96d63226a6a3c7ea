"""The persistence report's rules, on a small dataset with every figure worked out by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.lost_reasons import LostReasonKind
from followup_desktop.domain.model import Channel, Direction, Outcome, Stage
from followup_desktop.domain.report import (
    BUCKETS,
    MARK,
    Ending,
    ProspectFacts,
    TouchFacts,
    bucket_of,
    build_report,
    channel_figures,
    ending_of,
    ratio,
)

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
OUT, IN = Direction.OUT, Direction.IN
C = Channel
O = Outcome  # noqa: E741


def day(n: float) -> datetime:
    """``n`` days before NOW."""
    return NOW - timedelta(days=n)


def t(
    pid: int,
    days: float,
    channel: Channel = C.EMAIL,
    direction: Direction = OUT,
    outcome: Outcome | None = O.SENT,
) -> TouchFacts:
    return TouchFacts(pid, day(days), channel, direction, outcome)


def p(pid: int, stage: Stage, closed_days: float | None = None, reason: str = "") -> ProspectFacts:
    return ProspectFacts(pid, stage, reason, day(closed_days) if closed_days is not None else None)


PROSPECTS = [
    p(1, Stage.WON, 10),  # 6 e-mails, then a thank-you note after the win: 6
    p(2, Stage.WON),  # closed_at unknown: both touches count
    p(3, Stage.LOST, 5, "Budget frozen until next year"),
    p(4, Stage.LOST, 1),  # lost without a touch or a reason
    p(5, Stage.LOST, 80, "Went with a competitor"),  # 12 texts
    p(6, Stage.CONTACTED),  # one e-mail 40 days ago: quiet, gave up
    p(7, Stage.DORMANT),  # 4 touches, the last 31 days ago: quiet, gave up
    p(8, Stage.ENGAGED),  # 5 calls, the last 31 days ago: quiet at the mark
    p(9, Stage.NEW),  # never touched: in play
    p(10, Stage.ENGAGED),  # last touch 29 days ago: in play
    p(11, Stage.PROPOSAL),  # last touch exactly 30 days ago: in play
    p(12, Stage.LOST, 50, "Too expensive for us"),
]

TOUCHES = [
    *(t(1, d) for d in (20, 19, 18, 17, 16, 15)),
    t(1, 9, C.NOTE),
    t(2, 50, C.CALL, OUT, O.CONVERSATION),
    t(2, 49, C.EMAIL, IN, O.REPLIED),
    t(3, 30, C.CALL, OUT, O.NO_ANSWER),
    t(3, 29, C.CALL, IN, None),
    t(3, 28),
    *(t(5, d, C.TEXT, OUT, O.NO_ANSWER) for d in range(100, 88, -1)),
    t(6, 40),
    t(7, 60, C.SOCIAL),
    t(7, 59, C.EMAIL, IN, O.REPLIED),
    t(7, 35, C.SOCIAL, OUT, O.REPLIED),
    t(7, 31, C.MEETING, OUT, O.CONVERSATION),
    *(t(8, d, C.CALL, OUT, O.LEFT_MESSAGE) for d in (35, 34, 33, 32, 31)),
    t(10, 40),
    t(10, 29, C.EMAIL, IN, O.REPLIED),
    t(11, 30),
    t(12, 70, C.ARTICLE),
    t(12, 60, C.ARTICLE, OUT, O.DECLINED),
]


@pytest.fixture
def report() -> dict[str, object]:
    # Shuffled input order must not matter: reverse the touches.
    return build_report(PROSPECTS, list(reversed(TOUCHES)), NOW).to_json()


def test_as_of_is_to_the_second() -> None:
    as_of = build_report(PROSPECTS, TOUCHES, NOW.replace(microsecond=250_000)).to_json()["as_of"]
    assert as_of == "2026-11-25T10:00:00+00:00"


def test_prospects_are_counted_by_how_they_ended(report: dict[str, object]) -> None:
    assert report["prospects"] == {"won": 2, "lost": 4, "quiet": 3, "in_play": 3, "ended": 9}
    assert report["as_of"] == "2026-11-25T10:00:00+00:00"
    assert report["quiet_days"] == 30
    assert report["mark"] == MARK == 5


def test_touches_at_end_has_every_bucket_split_by_ending(report: dict[str, object]) -> None:
    rows = {r["touches"]: (r["won"], r["lost"], r["quiet"]) for r in report["touches_at_end"]}  # type: ignore[attr-defined]
    assert [r["touches"] for r in report["touches_at_end"]] == list(BUCKETS)  # type: ignore[attr-defined]
    assert rows == {
        "0": (0, 1, 0),
        "1": (0, 0, 1),
        "2": (1, 1, 0),
        "3": (0, 1, 0),
        "4": (0, 0, 1),
        "5": (0, 0, 1),
        "6": (1, 0, 0),
        "7": (0, 0, 0),
        "8": (0, 0, 0),
        "9": (0, 0, 0),
        "10+": (0, 1, 0),
    }


def test_reached_mark_and_given_up_before_it(report: dict[str, object]) -> None:
    assert report["reached_mark"] == {"count": 3, "share": 0.3333}
    assert report["given_up_before_mark"] == {"count": 2, "of": 9, "share": 0.2222}


def test_win_rate_by_touches(report: dict[str, object]) -> None:
    assert report["win_rate_by_touches"] == [
        {"touches": "0", "ended": 1, "won": 0, "rate": 0.0},
        {"touches": "1", "ended": 1, "won": 0, "rate": 0.0},
        {"touches": "2", "ended": 2, "won": 1, "rate": 0.5},
        {"touches": "3", "ended": 1, "won": 0, "rate": 0.0},
        {"touches": "4", "ended": 1, "won": 0, "rate": 0.0},
        {"touches": "5", "ended": 1, "won": 0, "rate": 0.0},
        {"touches": "6", "ended": 1, "won": 1, "rate": 1.0},
        {"touches": "7", "ended": 0, "won": 0, "rate": None},
        {"touches": "8", "ended": 0, "won": 0, "rate": None},
        {"touches": "9", "ended": 0, "won": 0, "rate": None},
        {"touches": "10+", "ended": 1, "won": 0, "rate": 0.0},
    ]


def test_channels_used_answered_and_inbound(report: dict[str, object]) -> None:
    channels: list[dict[str, Any]] = report["channels"]  # type: ignore[assignment]
    rows = {r["channel"]: (r["used"], r["answered"], r["rate"], r["inbound"]) for r in channels}
    assert list(rows) == [c.value for c in Channel]
    assert rows == {
        "call": (7, 2, 0.2857, 1),
        "email": (10, 1, 0.1, 3),
        "text": (12, 0, 0.0, 0),
        "social": (2, 1, 0.5, 0),
        "meeting": (1, 1, 1.0, 0),
        "note": (1, 0, 0.0, 0),
        "event": (0, 0, None, 0),
        "article": (2, 1, 0.5, 0),
        "introduction": (0, 0, None, 0),
        "opinion": (0, 0, None, 0),
    }


def test_lost_reasons_by_count_then_label(report: dict[str, object]) -> None:
    assert report["lost_reasons"] == [
        {"kind": "budget", "label": "Budget or price", "count": 2},
        {"kind": "competitor", "label": "Chose someone else", "count": 1},
        {"kind": "not_recorded", "label": "Not recorded", "count": 1},
    ]


def test_the_json_is_plain_json(report: dict[str, object]) -> None:
    assert json.loads(json.dumps(report)) == report
    assert list(report) == [
        "as_of",
        "quiet_days",
        "mark",
        "prospects",
        "touches_at_end",
        "reached_mark",
        "given_up_before_mark",
        "win_rate_by_touches",
        "channels",
        "lost_reasons",
    ]


def test_a_shorter_quiet_period_ends_more_prospects() -> None:
    result = build_report(PROSPECTS, TOUCHES, NOW, quiet_days=28)
    # 10 (last touch 29 days ago, 2 touches) and 11 (30 days, 1 touch) went quiet too.
    assert (result.quiet, result.in_play) == (5, 1)
    assert result.given_up_before_mark.count == 4
    assert result.given_up_before_mark.of == 11


def test_a_touch_at_the_closing_instant_counts_and_one_after_does_not() -> None:
    closed = day(10)
    prospects = [ProspectFacts(1, Stage.WON, "", closed)]
    touches = [
        TouchFacts(1, closed, C.CALL, OUT, O.CONVERSATION),
        TouchFacts(1, closed + timedelta(seconds=1), C.NOTE, OUT, O.SENT),
    ]
    result = build_report(prospects, touches, NOW)
    assert [b.touches for b in result.touches_at_end if b.total] == ["1"]
    # The channel figures count every touch, after the closing too.
    assert [(c.channel, c.used) for c in result.channels if c.used] == [(C.CALL, 1), (C.NOTE, 1)]


def test_an_open_prospect_counts_every_touch_whatever_its_closed_at() -> None:
    prospects = [ProspectFacts(1, Stage.DORMANT, "", day(100))]
    touches = [t(1, 90), t(1, 80)]
    result = build_report(prospects, touches, NOW)
    assert result.quiet == 1
    assert result.touches_at_end[2].quiet == 1


def test_times_in_other_zones_compare_as_instants() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    # 31 days ago in UTC, written in Tokyo's time: quiet.
    touches = [TouchFacts(1, day(31).astimezone(tokyo), C.EMAIL, OUT, O.SENT)]
    result = build_report([ProspectFacts(1, Stage.NEW, "", None)], touches, NOW)
    assert result.quiet == 1


def test_nothing_ended_is_empty_with_no_shares() -> None:
    result = build_report([ProspectFacts(1, Stage.NEW, "", None)], [], NOW)
    assert result.is_empty
    assert result.in_play == 1
    data = result.to_json()
    assert data["reached_mark"] == {"count": 0, "share": None}
    assert data["given_up_before_mark"] == {"count": 0, "of": 0, "share": None}
    assert [w["touches"] for w in data["win_rate_by_touches"]] == list(BUCKETS[1:])
    assert all(w["rate"] is None for w in data["win_rate_by_touches"])
    assert data["lost_reasons"] == []
    assert all(c["rate"] is None for c in data["channels"])


def test_an_inbound_reply_answers_only_the_touch_just_before_it_on_its_channel() -> None:
    touches = [
        t(1, 10, C.EMAIL, OUT, O.SENT),
        t(1, 9, C.CALL, OUT, O.NO_ANSWER),
        t(1, 8, C.EMAIL, IN, O.REPLIED),  # after the call: answers neither
        t(1, 7, C.TEXT, OUT, O.SENT),
        t(1, 6, C.TEXT, IN, None),  # answers the text
    ]
    figures = {c.channel: (c.used, c.answered, c.inbound) for c in channel_figures([touches])}
    assert figures[C.EMAIL] == (1, 0, 1)
    assert figures[C.CALL] == (1, 0, 0)
    assert figures[C.TEXT] == (1, 1, 1)


def test_touches_at_the_same_instant_keep_the_order_given() -> None:
    reply_first = [t(1, 5, C.EMAIL, IN, O.REPLIED), t(1, 5, C.EMAIL, OUT, O.SENT)]
    reply_after = list(reversed(reply_first))
    prospects = [ProspectFacts(1, Stage.ENGAGED, "", None)]
    first = build_report(prospects, reply_first, NOW).channels[1]
    after = build_report(prospects, reply_after, NOW).channels[1]
    assert (first.channel, first.answered, after.answered) == (C.EMAIL, 0, 1)


def test_helpers() -> None:
    assert [bucket_of(n) for n in (0, 1, 9, 10, 11, 250)] == ["0", "1", "9", "10+", "10+", "10+"]
    assert ratio(1, 3) == 0.3333
    assert ratio(2, 3) == 0.6667
    assert ratio(0, 0) is None
    assert ending_of(Stage.WON, None, NOW, 30) is Ending.WON
    assert ending_of(Stage.LOST, None, NOW, 30) is Ending.LOST
    assert ending_of(Stage.NEW, None, NOW, 30) is None
    assert ending_of(Stage.NEW, day(30), NOW, 30) is None
    assert ending_of(Stage.NEW, day(30.0001), NOW, 30) is Ending.QUIET
    # A follow-up planned ahead: the seller has not stopped, still in play.
    ahead = NOW + timedelta(days=3)
    assert ending_of(Stage.NEW, day(60), NOW, 30, ahead) is None
    # One only overdue does not count: silence the seller stopped pushing at.
    assert ending_of(Stage.NEW, day(60), NOW, 30, day(10)) is Ending.QUIET


def test_reason_counts_carry_the_kind_label() -> None:
    result = build_report([ProspectFacts(1, Stage.LOST, "the timing is wrong", day(1))], [], NOW)
    (reason,) = result.lost_reasons
    assert (reason.kind, reason.label, reason.count) == (LostReasonKind.TIMING, "Timing", 1)
