"""The rules of follow-up drafts: facts from the timeline, rendering, mailto, templates."""

from __future__ import annotations

import json
from datetime import date, datetime
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.drafts import (
    DEFAULT_NEXT_STEP,
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    REASON_LABELS,
    SHORT_WORDS,
    Draft,
    DraftTemplate,
    HistoryFacts,
    Reason,
    as_sentence,
    clipboard_text,
    first_name,
    history_facts,
    is_short,
    mailto_url,
    placeholder_values,
    render,
    render_text,
    sent_in,
    suggested_next_step,
    templates_from_json,
    templates_to_json,
    topic_in,
    unknown_placeholders,
    when_phrase,
    word_count,
)
from followup_desktop.domain.model import Channel, Direction, Outcome, Prospect, Touch

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 25)  # a Wednesday
ANA = Prospect(1, "Ana García", "Acme Consulting", emails=("ana@acme.example",))


def touch(
    day: date,
    channel: Channel,
    summary: str = "",
    *,
    outcome: Outcome | None = None,
    direction: Direction = Direction.OUT,
    notes: str = "",
) -> Touch:
    at = datetime(day.year, day.month, day.day, 10, 0, tzinfo=BERLIN)
    return Touch(None, 1, at, channel, direction, outcome, summary, notes)


def draft_for(
    reason: Reason,
    touches: list[Touch],
    *,
    notes: str = "",
    own_line: str = "",
    next_step: str = DEFAULT_NEXT_STEP,
    my_name: str = "Sam Seller",
) -> Draft:
    facts = history_facts(touches, notes, BERLIN)
    values = placeholder_values(
        ANA, facts, TODAY, my_name=my_name, reason_line=own_line, next_step=next_step
    )
    return render(DEFAULT_TEMPLATES[reason], values)


MEETING_AND_PROPOSAL = [
    touch(date(2026, 11, 2), Channel.EMAIL, "Sent a short intro", outcome=Outcome.SENT),
    touch(date(2026, 11, 12), Channel.MEETING, "Met to talk about the leadership workshop"),
    touch(date(2026, 11, 18), Channel.EMAIL, "Proposal v2", outcome=Outcome.PROPOSAL_SENT),
    touch(date(2026, 11, 20), Channel.CALL, "Called", outcome=Outcome.NO_ANSWER),
]


# -- whole drafts, exact text -------------------------------------------------------
def test_meeting_topic_and_sent_make_the_whole_formula() -> None:
    draft = draft_for(Reason.NEWS, MEETING_AND_PROPOSAL, own_line="We now run it in Berlin as well")
    assert draft.subject == "Some news about the leadership workshop"
    assert draft.body == (
        "Hi Ana,\n"
        "\n"
        "It was good to see you on 12 November. I sent you my proposal on 18 November.\n"
        "\n"
        "I'm writing with some news about the leadership workshop. "
        "We now run it in Berlin as well.\n"
        "\n"
        "Would you have 20 minutes for a call next week?\n"
        "\n"
        "Best regards,\n"
        "Sam Seller"
    )
    assert draft.is_short
    assert draft.words == 50


def test_without_a_meeting_the_meeting_sentence_goes_and_the_rest_stays() -> None:
    touches = [
        touch(date(2026, 11, 18), Channel.EMAIL, "Sent the price list", outcome=Outcome.SENT),
    ]
    draft = draft_for(Reason.CHECK_IN, touches, notes="Interested in a negotiation course.")
    assert draft.subject == "Checking in on a negotiation course"
    assert draft.body == (
        "Hi Ana,\n"
        "\n"
        "I sent you the price list on 18 November.\n"
        "\n"
        "I wanted to check in on a negotiation course and see where things stand.\n"
        "\n"
        "Would you have 20 minutes for a call next week?\n"
        "\n"
        "Best regards,\n"
        "Sam Seller"
    )


def test_with_nothing_known_no_gap_is_printed_or_explained() -> None:
    draft = draft_for(Reason.CHECK_IN, [], next_step="", my_name="")
    assert draft.subject == "Checking in"
    assert draft.body == (
        "Hi Ana,\n\nI wanted to check in and see where things stand.\n\nBest regards,"
    )
    assert "{" not in draft.body
    assert "  " not in draft.body


def test_own_line_only_keeps_the_users_words_between_history_and_next_step() -> None:
    meeting = [touch(date(2026, 11, 23), Channel.MEETING, "Lunch")]
    draft = draft_for(Reason.OWN_LINE, meeting, own_line="Congratulations on the award!")
    assert draft.subject == "Following up"
    assert draft.body == (
        "Hi Ana,\n"
        "\n"
        "It was good to see you on Monday.\n"
        "\n"
        "Congratulations on the award!\n"
        "\n"
        "Would you have 20 minutes for a call next week?\n"
        "\n"
        "Best regards,\n"
        "Sam Seller"
    )


def test_an_article_keeps_its_link_unbroken() -> None:
    link = "https://example.org/why-follow-up"
    draft = draft_for(Reason.ARTICLE, [], own_line=f"Here it is: {link}")
    assert draft.subject == "An article you may find useful"
    assert f"useful. Here it is: {link}\n" in draft.body


def test_a_new_offer_names_the_topic_when_known() -> None:
    draft = draft_for(Reason.NEW_OFFER, MEETING_AND_PROPOSAL, own_line="A half-day format")
    assert draft.subject == "Something new for the leadership workshop"
    assert (
        "I'm writing because I now offer something that could help with the leadership "
        "workshop. A half-day format.\n" in draft.body
    )


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_has_a_label_and_a_template_with_known_placeholders(reason: Reason) -> None:
    assert REASON_LABELS[reason]
    assert unknown_placeholders(DEFAULT_TEMPLATES[reason]) == []
    assert "{next_step}" in DEFAULT_TEMPLATES[reason].body


# -- facts from the timeline -----------------------------------------------------------
def test_facts_take_the_last_meeting_the_topic_and_the_last_thing_sent() -> None:
    facts = history_facts(MEETING_AND_PROPOSAL, "Interested in something else.", BERLIN)
    assert facts == HistoryFacts(
        last_meeting=date(2026, 11, 12),
        topic="the leadership workshop",
        sent="my proposal",
        sent_on=date(2026, 11, 18),
    )


def test_the_last_meeting_is_the_newest_in_either_direction_and_its_notes_give_the_topic() -> None:
    touches = [
        touch(date(2026, 10, 1), Channel.MEETING, "Met about onboarding"),
        touch(
            date(2026, 11, 3), Channel.MEETING, "Coffee", direction=Direction.IN, notes="Re pricing"
        ),
        touch(date(2026, 11, 10), Channel.EMAIL, "Answered about the offsite"),
    ]
    facts = history_facts(touches, "", BERLIN)
    assert facts.last_meeting == date(2026, 11, 3)
    # The meeting names no topic: the newest touch that does gives it.
    assert facts.topic == "the offsite"


def test_the_topic_falls_back_to_the_prospects_notes() -> None:
    facts = history_facts([touch(TODAY, Channel.CALL, "Called")], "Topic: spring offsite", BERLIN)
    assert facts.topic == "spring offsite"
    assert (facts.last_meeting, facts.sent, facts.sent_on) == (None, "", None)


def test_local_days_are_the_users() -> None:
    late = Touch(None, 1, datetime(2026, 11, 12, 23, 30, tzinfo=ZoneInfo("UTC")), Channel.MEETING)
    assert history_facts([late], "", BERLIN).last_meeting == date(2026, 11, 13)


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Met to talk about the leadership workshop", "the leadership workshop"),
        ("They got back to us about budgets. Call in May", "budgets"),
        (
            "Interested in a coaching programme for new managers.",
            "a coaching programme for new managers",
        ),
        ("REGARDING: pricing", ""),
        ("regarding pricing, again", "pricing"),
        ("Topic: team offsite; later more", "team offsite"),
        ("Called to follow up", ""),
        ("Whereabout unknown", ""),
        ("about ", ""),
        ("about one two three four five six seven eight nine ten eleven", ""),
        ("", ""),
    ],
)
def test_topic_in(text: str, topic: str) -> None:
    assert topic_in(text) == topic


@pytest.mark.parametrize(
    ("channel", "outcome", "summary", "direction", "sent"),
    [
        (Channel.EMAIL, Outcome.SENT, "Sent the price list.", Direction.OUT, "the price list"),
        (Channel.EMAIL, Outcome.SENT, "sent you the deck", Direction.OUT, "the deck"),
        (
            Channel.EMAIL,
            Outcome.SENT,
            "E-mailed them the case study",
            Direction.OUT,
            "the case study",
        ),
        (Channel.SOCIAL, Outcome.SENT, "Shared our webinar", Direction.OUT, "our webinar"),
        (Channel.EMAIL, Outcome.PROPOSAL_SENT, "Proposal v2", Direction.OUT, "my proposal"),
        (
            Channel.EMAIL,
            Outcome.PROPOSAL_SENT,
            "Sent the revised offer",
            Direction.OUT,
            "the revised offer",
        ),
        (Channel.ARTICLE, None, "", Direction.OUT, "an article"),
        (Channel.ARTICLE, None, "Shared an article they would value", Direction.OUT, "an article"),
        (Channel.EMAIL, Outcome.SENT, "Sent her the slides", Direction.OUT, "the slides"),
        (Channel.EMAIL, Outcome.SENT, "Sent the slides to his team", Direction.OUT, ""),
        (
            Channel.ARTICLE,
            Outcome.REPLIED,
            "Forwarded the HBR piece",
            Direction.OUT,
            "the HBR piece",
        ),
        (Channel.EMAIL, Outcome.SENT, "Following up on the workshop", Direction.OUT, ""),
        (Channel.CALL, Outcome.SENT, "Sent nothing, it was a call", Direction.OUT, ""),
        (Channel.MEETING, Outcome.SENT, "Sent slides", Direction.OUT, ""),
        (Channel.EMAIL, Outcome.REPLIED, "Sent a reply", Direction.OUT, ""),
        (Channel.EMAIL, Outcome.SENT, "Sent their brief", Direction.IN, ""),
    ],
)
def test_sent_in(
    channel: Channel, outcome: Outcome | None, summary: str, direction: Direction, sent: str
) -> None:
    assert sent_in(touch(TODAY, channel, summary, outcome=outcome, direction=direction)) == sent


def test_what_was_sent_before_the_last_meeting_is_not_told() -> None:
    touches = [
        touch(date(2026, 11, 2), Channel.EMAIL, "Sent the brochure", outcome=Outcome.SENT),
        touch(date(2026, 11, 12), Channel.MEETING, "Lunch"),
    ]
    facts = history_facts(touches, "", BERLIN)
    assert (facts.last_meeting, facts.sent, facts.sent_on) == (date(2026, 11, 12), "", None)
    draft = draft_for(Reason.CHECK_IN, touches)
    assert "\n\nIt was good to see you on 12 November.\n\n" in draft.body


def test_what_was_sent_is_the_newest_touch_that_says_what() -> None:
    touches = [
        touch(date(2026, 11, 2), Channel.EMAIL, "Sent the brochure", outcome=Outcome.SENT),
        # Newer, but it does not say what it sent: the brochure stays the fact.
        touch(date(2026, 11, 9), Channel.EMAIL, "Following up", outcome=Outcome.SENT),
    ]
    facts = history_facts(touches, "", BERLIN)
    assert (facts.sent, facts.sent_on) == ("the brochure", date(2026, 11, 2))


# -- words -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "words", "today"),
    [
        (None, "", TODAY),
        (TODAY, "today", TODAY),
        (date(2026, 11, 26), "today", TODAY),
        (date(2026, 11, 24), "yesterday", TODAY),
        (date(2026, 11, 20), "on Friday", TODAY),
        (date(2026, 11, 18), "on 18 November", TODAY),
        (date(2026, 8, 27), "on 27 August", TODAY),
        (date(2026, 8, 26), "in August", TODAY),
        (date(2025, 12, 20), "on 20 December 2025", date(2026, 1, 10)),
        (date(2025, 3, 1), "in March 2025", TODAY),
    ],
)
def test_when_phrase(day: date | None, words: str, today: date) -> None:
    assert when_phrase(day, today) == words


def test_first_name() -> None:
    assert first_name(ANA) == "Ana"
    assert first_name(Prospect(2, "Blue Fjord AS", "Blue Fjord AS")) == "Blue Fjord AS"
    assert first_name(Prospect(3, "山田 太郎")) == "山田"
    assert first_name(Prospect(4, "  ")) == ""


@pytest.mark.parametrize(
    ("line", "sentence"),
    [
        ("", ""),
        ("  we moved\n to Berlin ", "we moved to Berlin."),
        ("Are you free?", "Are you free?"),
        ("See www.example.org", "See www.example.org"),
        ("See https://example.org/x", "See https://example.org/x"),
        ("Up 20%", "Up 20%"),
    ],
)
def test_as_sentence(line: str, sentence: str) -> None:
    assert as_sentence(line) == sentence


def test_placeholder_values_cover_every_placeholder() -> None:
    values = placeholder_values(ANA, HistoryFacts(), TODAY)
    assert set(values) == set(PLACEHOLDERS)
    assert (values["name"], values["company"]) == ("Ana García", "Acme Consulting")


# -- rendering ---------------------------------------------------------------------------------
def test_render_text_drops_sentences_and_optional_parts_with_missing_facts() -> None:
    values = {"topic": "", "sent": "the deck", "my_name": ""}
    template = "Hello[ {my_name}]! About {topic}. You have {sent}.\n{my_name}\n\n\n\nBye"
    assert render_text(template, values) == "Hello! You have the deck.\n\nBye"


def test_a_value_is_never_read_as_a_placeholder_and_unknown_ones_stay() -> None:
    values = {"topic": "{sent} [x]", "sent": ""}
    assert render_text("On {topic} with {typo}.", values) == "On {sent} [x] with {typo}."


def test_crlf_templates_and_empty_subjects() -> None:
    template = DraftTemplate("[{topic}]", "Line one.\r\nLine two.")
    assert render(template, {"topic": ""}) == Draft("Following up", "Line one.\nLine two.")


def test_unknown_placeholders_are_found_once_in_order() -> None:
    template = DraftTemplate("{subjet}", "{first_name} {nxt} {subjet}")
    assert unknown_placeholders(template) == ["subjet", "nxt"]


@pytest.mark.parametrize(
    ("purpose", "step"),
    [
        ("", DEFAULT_NEXT_STEP),
        ("Follow up on the meeting", DEFAULT_NEXT_STEP),
        ("Could we meet on 3 December?", "Could we meet on 3 December?"),
    ],
)
def test_suggested_next_step(purpose: str, step: str) -> None:
    assert suggested_next_step(purpose, ["Follow up on the meeting"]) == step


def test_short_means_at_most_120_words() -> None:
    assert word_count("one two\nthree") == 3
    assert is_short(" ".join(["word"] * SHORT_WORDS))
    assert not is_short(" ".join(["word"] * (SHORT_WORDS + 1)))
    assert not Draft("s", "word " * 121).is_short


# -- mailto ---------------------------------------------------------------------------------
def test_mailto_percent_encodes_subject_and_body_with_crlf() -> None:
    draft = Draft("Q&A? 50% off", "Grüße, Jürgen\nSee a=b&c\r\nok #1 + 2")
    url = mailto_url(" jürgen+sales@example.de ", draft)
    assert url == (
        "mailto:j%C3%BCrgen%2Bsales@example.de"
        "?subject=Q%26A%3F%2050%25%20off"
        "&body=Gr%C3%BC%C3%9Fe%2C%20J%C3%BCrgen%0D%0ASee%20a%3Db%26c%0D%0Aok%20%231%20%2B%202"
    )
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert unquote(parts.path) == "jürgen+sales@example.de"
    assert query["subject"] == ["Q&A? 50% off"]
    assert query["body"] == ["Grüße, Jürgen\r\nSee a=b&c\r\nok #1 + 2"]


def test_mailto_lone_carriage_returns_and_multiline_subjects() -> None:
    url = mailto_url("a@b.example", Draft("one\ntwo", "a\rb"))
    assert url == "mailto:a@b.example?subject=one%20two&body=a%0D%0Ab"


def test_clipboard_text_is_subject_blank_line_body() -> None:
    assert clipboard_text(Draft("Hi", "Body\ntext")) == "Hi\n\nBody\ntext"


# -- templates as JSON ---------------------------------------------------------------------
def test_only_edited_templates_are_kept_and_read_back() -> None:
    mine = DraftTemplate("Hej {first_name}", "Hej {first_name}!\n{next_step}")
    templates = {**DEFAULT_TEMPLATES, Reason.NEWS: mine}
    text = templates_to_json(templates)
    assert json.loads(text) == {"news": {"subject": mine.subject, "body": mine.body}}
    assert templates_from_json(text) == {**DEFAULT_TEMPLATES, Reason.NEWS: mine}


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "not json",
        "[1, 2]",
        '{"news": "text"}',
        '{"news": {"subject": 1, "body": "b"}}',
        '{"news": {"subject": "s", "body": 2}}',
        '{"news": {"subject": "s", "body": "  "}}',
        '{"unknown": {"subject": "s", "body": "b"}}',
    ],
)
def test_bad_stored_templates_fall_back_to_the_defaults(text: str | None) -> None:
    assert templates_from_json(text) == DEFAULT_TEMPLATES
