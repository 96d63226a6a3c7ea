"""Thank-you rules: which touches earn a note, its reason and talking point, the salutation."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.model import Channel, Direction, Outcome, PostalAddress, Stage, Touch
from followup_desktop.domain.thanks import (
    HAND_ADDED,
    ThankYouKind,
    ThankYouPreference,
    ThankYouReason,
    ThankYouRecord,
    first_line,
    hand_added,
    has_postal_address,
    headline,
    make_entry,
    owed_notes,
    reason_for_stage_change,
    reason_for_touch,
    salutation,
    sends_note,
    sent_summary,
    short_date,
    touch_kind,
)

BERLIN = ZoneInfo("Europe/Berlin")
AT = datetime(2026, 11, 20, 15, 0, tzinfo=BERLIN)


def touch(
    channel: Channel = Channel.MEETING,
    direction: Direction = Direction.OUT,
    outcome: Outcome | None = None,
    summary: str = "",
    notes: str = "",
    at: datetime = AT,
    prospect_id: int = 1,
    touch_id: int | None = 7,
) -> Touch:
    return Touch(touch_id, prospect_id, at, channel, direction, outcome, summary, notes)


@pytest.mark.parametrize(
    ("t", "kind"),
    [
        (touch(), ThankYouKind.MEETING),
        (touch(outcome=Outcome.CONVERSATION), ThankYouKind.MEETING),
        (touch(direction=Direction.IN), ThankYouKind.MEETING),
        (touch(outcome=Outcome.DECLINED), None),
        (touch(outcome=Outcome.NO_ANSWER), None),  # they did not show up
        (touch(Channel.INTRODUCTION, Direction.IN), ThankYouKind.REFERRAL),
        (touch(Channel.INTRODUCTION, Direction.OUT), ThankYouKind.INTRODUCTION),
        (touch(Channel.CALL), None),
        (touch(Channel.NOTE), None),
    ],
)
def test_which_touches_earn_a_note(t: Touch, kind: ThankYouKind | None) -> None:
    assert touch_kind(t, Stage.ENGAGED, Stage.CONTACTED) == kind


def test_a_touch_that_wins_the_deal_earns_a_note_for_the_win() -> None:
    call = touch(Channel.CALL)
    assert touch_kind(call, Stage.WON, Stage.PROPOSAL) is ThankYouKind.WON
    assert touch_kind(call, Stage.WON, Stage.WON) is None  # already won: nothing new
    assert touch_kind(call, Stage.WON) is None  # the stage before unknown
    reason = reason_for_touch(call, Stage.WON, Stage.PROPOSAL)
    assert reason is not None
    assert reason.reason == "Deal won on 20 Nov"


def test_the_reason_and_talking_point_of_a_meeting() -> None:
    reason = reason_for_touch(
        touch(summary="  talked about the   leadership workshop\nand more"), Stage.ENGAGED
    )
    assert reason is not None
    assert (reason.kind, reason.reason) == (ThankYouKind.MEETING, "Meeting on 20 Nov")
    assert reason.talking_point == "talked about the leadership workshop"
    assert reason.occurred_at == AT
    assert headline(reason.reason, reason.talking_point) == (
        "Meeting on 20 Nov: talked about the leadership workshop"
    )
    # Without a summary the notes speak; without either, the reason stands alone.
    from_notes = reason_for_touch(touch(notes="\n\nBudget for Q2\nsecond"), Stage.ENGAGED)
    assert from_notes is not None
    assert from_notes.talking_point == "Budget for Q2"
    bare = reason_for_touch(touch(), Stage.ENGAGED)
    assert bare is not None
    assert bare.talking_point == ""
    assert headline(bare.reason, bare.talking_point) == "Meeting on 20 Nov"


@pytest.mark.parametrize(
    ("t", "reason"),
    [
        (touch(Channel.INTRODUCTION, Direction.IN), "Referral received on 20 Nov"),
        (touch(Channel.INTRODUCTION, Direction.OUT), "Introduction made on 20 Nov"),
    ],
)
def test_referrals_and_introductions(t: Touch, reason: str) -> None:
    found = reason_for_touch(t, Stage.ENGAGED)
    assert found is not None
    assert found.reason == reason


def test_the_talking_point_is_cut_at_a_word() -> None:
    long = "We talked about " + "the leadership workshop, " * 6
    point = first_line(long)
    assert len(point) <= 80
    assert point == "We talked about the leadership workshop, the leadership workshop, the…"
    assert first_line("x" * 100) == "x" * 79 + "…"
    assert first_line("   ") == ""


def test_dates_use_english_month_abbreviations_in_the_moments_zone() -> None:
    assert short_date(datetime(2026, 1, 3, tzinfo=BERLIN)) == "3 Jan"
    assert short_date(datetime(2026, 12, 31, 23, 30, tzinfo=BERLIN)) == "31 Dec"


@pytest.mark.parametrize(
    ("preference", "earned"),
    [
        (ThankYouPreference(), {"meeting", "won", "referral", "introduction"}),
        (ThankYouPreference(meeting=False), {"won", "referral", "introduction"}),
        (ThankYouPreference(won=False), {"meeting", "referral", "introduction"}),
        (ThankYouPreference(referral=False), {"meeting", "won", "introduction"}),
        (ThankYouPreference(introduction=False), {"meeting", "won", "referral"}),
        (ThankYouPreference(False, False, False, False), set()),
    ],
)
def test_the_preference_chooses_what_counts(
    preference: ThankYouPreference, earned: set[str]
) -> None:
    touches = {
        "meeting": (touch(), Stage.ENGAGED, Stage.CONTACTED),
        "won": (touch(Channel.CALL), Stage.WON, Stage.PROPOSAL),
        "referral": (touch(Channel.INTRODUCTION, Direction.IN), Stage.ENGAGED, None),
        "introduction": (touch(Channel.INTRODUCTION), Stage.ENGAGED, None),
    }
    got = {
        kind
        for kind, (t, stage, previous) in touches.items()
        if reason_for_touch(t, stage, previous, preference) is not None
    }
    assert got == earned
    assert preference.allows(ThankYouKind.MANUAL)  # adding by hand always works


def test_a_stage_change_to_won_earns_a_note() -> None:
    reason = reason_for_stage_change(Stage.WON, Stage.PROPOSAL, AT)
    assert reason is not None
    assert (reason.kind, reason.reason, reason.talking_point) == (
        ThankYouKind.WON,
        "Deal won on 20 Nov",
        "",
    )
    assert reason_for_stage_change(Stage.WON, Stage.WON, AT) is None
    assert reason_for_stage_change(Stage.LOST, Stage.PROPOSAL, AT) is None
    assert reason_for_stage_change(Stage.WON, Stage.NEW, AT, ThankYouPreference(won=False)) is None


def test_hand_added_entries() -> None:
    entry = hand_added(AT)
    assert (entry.kind, entry.reason, entry.talking_point) == (ThankYouKind.MANUAL, HAND_ADDED, "")
    custom = hand_added(AT, "  Lent us\n their venue ", "the spring\noffsite")
    assert (custom.reason, custom.talking_point) == ("Lent us", "the spring")
    assert hand_added(AT, "  ").reason == HAND_ADDED


def test_a_later_reason_replaces_an_earlier_one() -> None:
    reason = reason_for_touch(touch(), Stage.ENGAGED)
    assert reason is not None
    assert reason.replaces(AT - timedelta(days=1))
    assert reason.replaces(AT)
    assert not reason.replaces(AT + timedelta(minutes=1))


def test_a_note_sent_settles_the_thank_you() -> None:
    assert sends_note(touch(Channel.NOTE))
    assert not sends_note(touch(Channel.NOTE, Direction.IN))
    assert not sends_note(touch())
    assert sent_summary("the workshop") == "Thank-you note sent: the workshop"
    assert sent_summary("") == "Thank-you note sent"


def test_notes_owed_from_history() -> None:
    day = timedelta(days=1)
    history = [
        # Prospect 1: a meeting, then the note was sent: nothing owed.
        touch(prospect_id=1, touch_id=1, at=AT - 3 * day),
        touch(Channel.NOTE, prospect_id=1, touch_id=2, at=AT - 2 * day),
        # Prospect 2: two meetings: the later one counts.
        touch(prospect_id=2, touch_id=4, at=AT - day, summary="second"),
        touch(prospect_id=2, touch_id=3, at=AT - 2 * day, summary="first"),
        # Prospect 3: only a call.
        touch(Channel.CALL, prospect_id=3, touch_id=5),
        # Prospect 4: an introduction they made.
        touch(Channel.INTRODUCTION, Direction.IN, prospect_id=4, touch_id=None),
    ]
    owed = owed_notes(history)
    assert set(owed) == {2, 4}
    reason, touch_id = owed[2]
    assert (reason.talking_point, touch_id) == ("second", 4)
    assert owed[4][0].kind is ThankYouKind.REFERRAL
    assert owed_notes(history, ThankYouPreference(meeting=False, referral=False)) == {}


@pytest.mark.parametrize(
    ("name", "company", "expected"),
    [
        ("Ana García", "Mercado Verde", "Dear Ana"),
        ("  Ana   García ", "", "Dear Ana"),
        ("Mercado Verde", "Mercado Verde", "Dear Mercado Verde team"),
        ("", "Mercado Verde", "Dear Mercado Verde team"),
        ("", "", "Hello"),
        ("<b>Bold</b> & <img src=x>", "", "Dear <b>Bold</b>"),
    ],
)
def test_salutation(name: str, company: str, expected: str) -> None:
    assert salutation(name, company) == expected


def test_an_entry_carries_its_envelope_address() -> None:
    record = ThankYouRecord(3, 1, 7, "Meeting on 20 Nov", "the workshop", AT, AT)
    assert record.is_pending
    paris = PostalAddress("12 rue de Rivoli", "Paris", "", "75004", "FR")
    entry = make_entry(record, "Ana García", "Mercado Verde", paris, "FR")
    assert entry.entry_id == 3
    assert entry.prospect_id == 1
    assert entry.salutation == "Dear Ana"
    assert entry.address_lines == ["Ana García", "Mercado Verde", "12 rue de Rivoli", "75004 PARIS"]
    assert entry.postal_lines == ["12 rue de Rivoli", "75004 PARIS"]
    assert not entry.address_missing
    assert entry.headline == "Meeting on 20 Nov: the workshop"
    assert entry.occurred_at == AT
    nowhere = make_entry(record, "Tom", "", PostalAddress(), "DE")
    assert (nowhere.address_lines, nowhere.postal_lines, nowhere.address_missing) == (
        None,
        [],
        True,
    )
    town_only = make_entry(record, "Tom", "", PostalAddress(city="Berlin"), "DE")
    assert town_only.address_lines == ["Tom", "Berlin"]
    assert town_only.address_missing  # no street: a letter cannot be posted
    sent = ThankYouRecord(3, 1, 7, "r", "", AT, AT, sent_at=AT)
    assert not sent.is_pending


def test_postal_address_completeness() -> None:
    assert has_postal_address(PostalAddress("1 Main St", postal_code="12345"))
    assert has_postal_address(PostalAddress("1 Main St", city="Springfield"))
    assert not has_postal_address(PostalAddress("1 Main St"))
    assert not has_postal_address(PostalAddress(city="Springfield"))


def test_a_win_taking_over_an_entry_keeps_what_it_was_about() -> None:
    won = reason_for_stage_change(Stage.WON, Stage.PROPOSAL, AT)
    assert won is not None
    kept = won.taking_over("Meeting on 18 Nov", "the workshop")
    assert (kept.reason, kept.talking_point) == (
        "Deal won on 20 Nov",
        "Meeting on 18 Nov: the workshop",
    )
    # Nothing to keep: the win as it is.
    assert won.taking_over("Added by hand", "") == won
    # A win with a point of its own says both, its own first.
    signed = ThankYouReason(ThankYouKind.WON, "Deal won on 20 Nov", "signed", AT)
    both = signed.taking_over("Meeting on 18 Nov", "the workshop")
    assert both.talking_point == "signed; Meeting on 18 Nov: the workshop"
    # Said once: taking over the same entry again adds nothing.
    assert kept.taking_over("Meeting on 18 Nov", "the workshop") == kept
    # Won again after a reopening: what the first win kept, not "Deal won on ...".
    again = won.taking_over(kept.reason, kept.talking_point)
    assert again.talking_point == "Meeting on 18 Nov: the workshop"


def test_a_later_meeting_replaces_the_earlier_point_and_one_without_a_point_keeps_it() -> None:
    meeting = ThankYouReason(ThankYouKind.MEETING, "Meeting on 20 Nov", "the budget", AT)
    assert meeting.taking_over("Meeting on 18 Nov", "the workshop") == meeting
    silent = ThankYouReason(ThankYouKind.REFERRAL, "Referral received on 20 Nov", "", AT)
    kept = silent.taking_over("Meeting on 18 Nov", "the workshop")
    assert kept.talking_point == "Meeting on 18 Nov: the workshop"
