"""The domain's words in the user's language: German here, English unchanged."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from followup_desktop import i18n
from followup_desktop.domain.address import country_name, envelope_lines
from followup_desktop.domain.advice import advise_channel, channel_words
from followup_desktop.domain.cadence import (
    BUILT_IN_CADENCES,
    INBOUND,
    MEETING,
    built_in_cadences,
    builtin_purposes,
    localized,
    plan_progress,
    propose,
    validate_cadence,
)
from followup_desktop.domain.drafts import (
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    REASON_LABELS,
    DraftTemplate,
    HistoryFacts,
    Reason,
    placeholder_values,
    render,
    sent_in,
    suggested_next_step,
    templates_from_json,
    templates_to_json,
    topic_in,
    when_phrase,
)
from followup_desktop.domain.edits import FIELD_LABELS, EditConflict, merge_edit
from followup_desktop.domain.errors import DomainError, os_error_words
from followup_desktop.domain.lost_reasons import LostReasonKind, reason_kind
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUp,
    Outcome,
    PostalAddress,
    Prospect,
    Source,
    Stage,
    Touch,
)
from followup_desktop.domain.reminders import announcement_for, summary_for
from followup_desktop.domain.reschedule import reschedule_presets
from followup_desktop.domain.stages import change_stage
from followup_desktop.domain.thanks import (
    HAND_ADDED,
    ThankYouKind,
    ThankYouReason,
    hand_added,
    reason_for_touch,
    salutation,
    sent_summary,
)
from followup_desktop.domain.translated import Translated
from followup_desktop.domain.values import parse_amount
from followup_desktop.domain.wallclock import local_time_note
from followup_desktop.domain.when import help_text, parse_when

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)  # a Wednesday


@pytest.fixture
def german() -> Iterator[None]:
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 10, 0, tzinfo=BERLIN)


# -- errors ------------------------------------------------------------------------
@pytest.mark.usefixtures("german")
def test_a_domain_error_speaks_german() -> None:
    with pytest.raises(DomainError, match="als verloren zu markieren"):
        change_stage(Stage.NEW, Stage.LOST)
    with pytest.raises(DomainError, match="'zwölf' ist kein Betrag"):
        parse_amount("zwölf")
    with pytest.raises(DomainError, match="mehr als zwei Nachkommastellen"):
        parse_amount("1.234")


@pytest.mark.usefixtures("german")
def test_an_os_error_is_told_in_german() -> None:
    assert os_error_words(OSError(errno.ENOSPC, "No space left")) == "der Datenträger ist voll"


# -- labels -----------------------------------------------------------------------
def test_labels_in_english() -> None:
    assert [s.label for s in Stage] == [
        "New",
        "Contacted",
        "Engaged",
        "Proposal",
        "Won",
        "Lost",
        "Dormant",
    ]
    assert Channel.ARTICLE.label == "Shared article"
    assert Outcome.MEETING_BOOKED.label == "Meeting booked"
    assert Source.INBOUND.label == "Inbound inquiry"
    assert Direction.IN.label == "Incoming"


@pytest.mark.usefixtures("german")
def test_labels_in_german_while_the_stored_values_stay() -> None:
    assert Stage.WON.label == "Gewonnen"
    assert Stage.WON.value == "won"
    assert Stage.DORMANT.label == "Ruhend"
    assert Channel.CALL.label == "Anruf"
    assert Outcome.NO_ANSWER.label == "Keine Antwort"
    assert Source.REFERRAL.label == "Empfehlung"
    assert Direction.OUT.label == "Ausgehend"
    assert LostReasonKind.BUDGET.label == "Budget oder Preis"
    assert FIELD_LABELS["deal_value"] == "Auftragswert"
    assert REASON_LABELS[Reason.NEWS] == "Neuigkeiten"
    assert PLACEHOLDERS["topic"] == "worüber Sie gesprochen haben"
    # Every label is translated: none is left in English.
    assert all(stage.label != stage.value.capitalize() for stage in Stage if stage is not Stage.NEW)
    assert len({c.label for c in Channel}) == len(Channel)
    assert len({o.label for o in Outcome}) == len(Outcome)


# -- advice ---------------------------------------------------------------------------
@pytest.mark.usefixtures("german")
def test_advice_gives_its_reason_in_german() -> None:
    touches = [
        Touch(1, 1, at(1), Channel.CALL),
        Touch(2, 1, at(2), Channel.EMAIL, Direction.OUT, Outcome.REPLIED),
    ]
    advice = advise_channel(touches, Channel.CALL)
    assert advice.reason == "Hat bisher nur per E-Mail geantwortet (einmal)."
    assert advise_channel(touches[:1], Channel.CALL).reason.startswith(
        "Nach „Anruf“ nicht schon wieder „Anruf“"
    )
    assert channel_words(Channel.NOTE) == "handgeschriebene Karte"


# -- drafts ------------------------------------------------------------------------------
PROSPECT = Prospect(1, "Anna Schmidt", company="Beispiel GmbH")
FACTS = HistoryFacts(
    last_meeting=date(2026, 11, 12), topic="Führungsworkshop", sent="", sent_on=None
)


@pytest.mark.usefixtures("german")
def test_a_draft_for_a_prospect_is_written_in_german() -> None:
    values = placeholder_values(
        PROSPECT,
        FACTS,
        date(2026, 11, 25),
        my_name="Jonas Weber",
        reason_line="Wir haben ein neues Workshop-Format",
        next_step=suggested_next_step("", builtin_purposes()),
    )
    draft = render(DEFAULT_TEMPLATES[Reason.NEWS], values)
    assert draft.subject == "Neuigkeiten zum Thema Führungsworkshop"
    assert draft.body == (
        "Hallo Anna,\n\n"
        "Es hat mich gefreut, Sie am 12. November zu treffen.\n\n"
        "Ich habe Neuigkeiten für Sie zum Thema Führungsworkshop. "
        "Wir haben ein neues Workshop-Format.\n\n"
        "Hätten Sie nächste Woche 20 Minuten Zeit für ein kurzes Telefonat?\n\n"
        "Beste Grüße\n"
        "Jonas Weber"
    )


@pytest.mark.usefixtures("german")
def test_a_draft_without_a_subject_is_a_short_question_in_german() -> None:
    assert render(DraftTemplate("[{topic}]", "x"), {"topic": ""}).subject == "Kurze Nachfrage"


@pytest.mark.usefixtures("german")
def test_what_was_sent_and_when_read_in_german() -> None:
    proposal = Touch(1, 1, at(18), Channel.EMAIL, Direction.OUT, Outcome.PROPOSAL_SENT)
    article = Touch(2, 1, at(19), Channel.ARTICLE, Direction.OUT)
    assert sent_in(proposal) == "mein Angebot"
    assert sent_in(article) == "einen Artikel"
    today = date(2026, 11, 25)
    assert when_phrase(date(2026, 11, 25), today) == "heute"
    assert when_phrase(date(2026, 11, 24), today) == "gestern"
    assert when_phrase(date(2026, 11, 20), today) == "am Freitag"
    assert when_phrase(date(2026, 10, 3), today) == "am 3. Oktober"
    assert when_phrase(date(2025, 12, 3), date(2026, 1, 20)) == "am 3. Dezember 2025"
    assert when_phrase(date(2026, 3, 2), today) == "im März"
    assert when_phrase(date(2025, 5, 2), today) == "im Mai 2025"


def test_a_german_summary_names_its_topic() -> None:
    assert topic_in("Treffen zum Thema Führungsworkshop.") == "Führungsworkshop"
    assert topic_in("Thema: Preise") == "Preise"


def test_the_default_templates_are_kept_as_defaults_in_either_language() -> None:
    english = dict(DEFAULT_TEMPLATES)
    i18n.set_language("de")
    german = dict(DEFAULT_TEMPLATES)
    assert german != english
    assert german[Reason.CHECK_IN].subject == "Wie ist der Stand[ beim Thema {topic}]?"
    # German defaults are not an edit: nothing is stored, and reading gives them back.
    assert templates_to_json(german) == "{}"
    assert templates_from_json("{}") == german
    i18n.set_language("en")
    assert dict(DEFAULT_TEMPLATES) == english


# -- plans -----------------------------------------------------------------------------------
def test_built_in_plans_keep_their_english_keys_and_words_as_stored() -> None:
    assert built_in_cadences() == BUILT_IN_CADENCES
    assert MEETING.name == "After a meeting"


@pytest.mark.usefixtures("german")
def test_built_in_plans_are_named_in_german() -> None:
    plans = built_in_cadences()
    assert list(plans) == list(BUILT_IN_CADENCES)
    assert plans["meeting"].name == "Nach einem Treffen"
    assert plans["meeting"].key == "meeting"
    assert plans["inbound"].steps[0].purpose == "Die Anfrage heute beantworten"
    assert plans["inbound"].then_purpose == "In Kontakt bleiben: etwas Nützliches bieten"
    assert plans["revive"].description.startswith("Sich wieder melden")
    assert MEETING.name == "After a meeting"  # the stored plan is left as it is


@pytest.mark.usefixtures("german")
def test_a_plan_of_the_users_keeps_its_own_words() -> None:
    mine = localized(INBOUND.__class__(**{**INBOUND.__dict__, "key": "custom-mine"}))
    assert mine.name == "Inbound inquiry"


@pytest.mark.usefixtures("german")
def test_a_built_in_plan_proposes_its_purpose_in_german() -> None:
    assert propose(INBOUND, 1, NOW).purpose == "Zu Ihrer Antwort nachfassen"
    assert plan_progress(INBOUND, 3) == "Kontakt 3 von 7 im Plan"
    assert plan_progress(INBOUND, 0) == "nicht begonnen: ein Plan mit 7 Kontakten"
    assert validate_cadence(INBOUND.__class__(**{**INBOUND.__dict__, "name": " "})) == [
        "Der Plan braucht einen Namen."
    ]


@pytest.mark.usefixtures("german")
def test_a_built_in_purpose_in_either_language_is_no_ask_of_the_users() -> None:
    purposes = builtin_purposes()
    assert "Follow up on your answer" in purposes
    assert "Zu Ihrer Antwort nachfassen" in purposes
    ask = "Hätten Sie nächste Woche 20 Minuten Zeit für ein kurzes Telefonat?"
    assert suggested_next_step("Follow up on your answer", purposes) == ask
    assert suggested_next_step("Zu Ihrer Antwort nachfassen", purposes) == ask


# -- reminders ---------------------------------------------------------------------------------
class _Due:
    def __init__(self, name: str, fid: int, purpose: str = "") -> None:
        self.follow_up = FollowUp(fid, fid, NOW, Channel.CALL, purpose)
        self.prospect_name = name


@pytest.mark.usefixtures("german")
def test_reminders_speak_german() -> None:
    assert announcement_for(_Due("Anna", 1, "Angebot besprechen")).body == (
        "Anrufen — Angebot besprechen"
    )
    items = [_Due(name, n) for n, name in enumerate(["Anna", "Ben", "Carla", "Dora", "Emil"], 1)]
    summary = summary_for(items)
    assert summary.title == "5 Nachfass-Termine überfällig"
    assert summary.body == "Anna, Ben, Carla und 2 weitere"
    assert summary_for(items[:2], overdue=False).title == "2 Nachfass-Termine fällig"
    assert summary_for(items[:2]).body == "Anna und Ben"


@pytest.mark.usefixtures("german")
def test_reschedule_presets_are_named_in_german() -> None:
    names = [name for name, _moment in reschedule_presets(NOW, time(9, 0))]
    assert names == ["Morgen 9:00", "Nächste Woche", "In 2 Wochen"]


# -- lost reasons ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("Zu teuer für dieses Jahr", LostReasonKind.BUDGET),
        ("Die Preise waren zu hoch", LostReasonKind.BUDGET),
        ("Hat sich für einen Mitbewerber entschieden", LostReasonKind.COMPETITOR),
        ("Macht es jetzt intern", LostReasonKind.COMPETITOR),
        ("Interne Lösung", LostReasonKind.COMPETITOR),
        ("Kein Bedarf mehr", LostReasonKind.NO_NEED),
        ("Kein Interesse", LostReasonKind.NO_NEED),
        ("Nicht der richtige Zeitpunkt", LostReasonKind.TIMING),
        ("Nächstes Jahr wieder melden", LostReasonKind.TIMING),
        ("Projekt auf Eis gelegt", LostReasonKind.TIMING),
        ("Nach der Fusion noch einmal", LostReasonKind.TIMING),
        ("International expansion on hold", LostReasonKind.TIMING),
        ("Wollte einfach nicht", LostReasonKind.OTHER),
    ],
)
def test_a_german_lost_reason_is_sorted_into_its_kind(reason: str, kind: LostReasonKind) -> None:
    assert reason_kind(reason) is kind


# -- the when parser -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jetzt", NOW),
        ("heute", NOW),  # 09:00 has passed: today means now
        ("morgen", at(26).replace(hour=9)),
        ("Übermorgen", at(27).replace(hour=9)),
        ("freitag", at(27).replace(hour=9)),
        ("Friday", at(27).replace(hour=9)),
        ("Mittwoch", datetime(2026, 12, 2, 9, 0, tzinfo=BERLIN)),  # the next one, not today
        ("monday", datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN)),
        ("Sonnabend", at(28).replace(hour=9)),
        ("in 2 Wochen", datetime(2026, 12, 9, 10, 0, tzinfo=BERLIN)),
        ("in 3 Tagen", at(28)),
        ("in 2 Stunden", NOW.replace(hour=12)),
        ("+2 std", NOW.replace(hour=12)),
        ("in 30 Minuten", NOW.replace(minute=30)),
        ("vor 3 Tagen", at(22)),
        ("vor 1 Woche", at(18)),
    ],
)
def test_the_when_parser_reads_german_words_and_weekdays(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize("text", ["in 3 jahren", "vor 3 tagen ago", "+3 wochen ago"])
def test_the_when_parser_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(DomainError):
        parse_when(text, NOW)


@pytest.mark.usefixtures("german")
def test_the_when_parser_helps_in_german() -> None:
    assert "morgen, Freitag" in help_text()
    with pytest.raises(DomainError, match="'bald' ist keine lesbare Zeitangabe; möglich ist ein"):
        parse_when("bald", NOW)


@pytest.mark.usefixtures("german")
def test_a_clock_change_is_explained_in_german() -> None:
    note = local_time_note(date(2026, 3, 29), time(2, 30), BERLIN)
    assert note == (
        "02:30 gibt es am 29. März 2026 in Europe/Berlin nicht (die Uhren werden vorgestellt); "
        "verwendet wird 03:30"
    )


# -- thank-you notes -------------------------------------------------------------------------
@pytest.mark.usefixtures("german")
def test_thank_you_notes_are_worded_in_german() -> None:
    meeting = Touch(1, 1, at(20), Channel.MEETING, summary="Workshop besprochen")
    reason = reason_for_touch(meeting, Stage.ENGAGED)
    assert reason is not None
    assert reason.reason == "Treffen am 20. Nov."
    assert salutation("Anna Schmidt", "") == "Hallo Anna"
    assert salutation("", "Beispiel GmbH") == "Liebes Team von Beispiel GmbH"
    assert salutation("", "") == "Hallo"
    assert sent_summary("Workshop") == "Dankeskarte verschickt: Workshop"
    assert sent_summary("") == "Dankeskarte verschickt"
    assert hand_added(NOW).reason == "Von Hand hinzugefügt"
    assert hand_added(NOW, HAND_ADDED).reason == "Von Hand hinzugefügt"
    assert hand_added(NOW, "Für die Empfehlung").reason == "Für die Empfehlung"


@pytest.mark.usefixtures("german")
def test_a_win_after_a_win_stored_in_german_keeps_what_that_one_kept() -> None:
    win = ThankYouReason(ThankYouKind.WON, "Auftrag gewonnen am 25. Nov.", "", NOW)
    taken = win.taking_over("Auftrag gewonnen am 20. Nov.", "Workshop besprochen")
    assert taken.talking_point == "Workshop besprochen"


def test_a_win_after_a_win_stored_in_english_keeps_what_that_one_kept_in_german() -> None:
    i18n.set_language("de")
    win = ThankYouReason(ThankYouKind.WON, "Auftrag gewonnen am 25. Nov.", "", NOW)
    assert win.taking_over("Deal won on 20 Nov", "the workshop").talking_point == "the workshop"


# -- edits ---------------------------------------------------------------------------------------
@pytest.mark.usefixtures("german")
def test_an_edit_conflict_names_the_fields_in_german() -> None:
    base = Prospect(1, "Anna Schmidt", deal_value=Decimal(100), company="A")
    mine = Prospect(1, "Anna Schmidt", deal_value=Decimal(200), company="B")
    theirs = Prospect(1, "Anna Schmidt", deal_value=Decimal(300), company="C")
    merge = merge_edit(base, mine, theirs)
    error = EditConflict(theirs, merge.conflicts)
    assert str(error).startswith(
        "Während Sie bearbeitet haben, wurde bei Anna Schmidt anderswo Folgendes geändert: "
        "Firma, Auftragswert ("
    )
    assert [c.label for c in merge.conflicts] == ["Firma", "Auftragswert"]


# -- tables of words ------------------------------------------------------------------------
def test_a_translated_table_reads_like_a_mapping_in_the_language_in_use() -> None:
    table = Translated(lambda: {"stage": Stage.WON.label})
    assert len(table) == 1
    assert list(table) == ["stage"]
    assert table == {"stage": "Won"}
    assert repr(table) == "Translated({'stage': 'Won'})"
    i18n.set_language("de")
    assert table["stage"] == "Gewonnen"


# -- envelopes ------------------------------------------------------------------------------
@pytest.mark.usefixtures("german")
def test_a_letter_abroad_names_the_country_in_german() -> None:
    paris = PostalAddress("1 rue de Rivoli", "Paris", "", "75001", "FR")
    assert envelope_lines("Marie Curie", "", paris, "DE") == [
        "Marie Curie",
        "1 rue de Rivoli",
        "75001 PARIS",
        "FRANKREICH",
    ]
    assert country_name("kr") == "SÜDKOREA"
    assert country_name("CD") == "DEMOKRATISCHE REPUBLIK KONGO"
    assert country_name("PS") == "STAAT PALÄSTINA"  # not ISO's inverted "Palästina, Staat"
    assert country_name("XX") is None


def test_a_language_without_country_names_writes_them_in_english() -> None:
    i18n.set_language("pseudo")
    assert country_name("FR") == "FRANCE"
    assert country_name("CD") == "DEMOCRATIC REPUBLIC OF THE CONGO"
