"""Drafts against a real database and a fixed clock (Wednesday 25 November 2026, Berlin)."""

from __future__ import annotations

from datetime import datetime

import pytest

from followup_desktop.domain.drafts import (
    DEFAULT_NEXT_STEP,
    DEFAULT_TEMPLATES,
    Draft,
    DraftTemplate,
    HistoryFacts,
    Reason,
)
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, Direction, FollowUpStatus, Outcome, Source
from followup_desktop.services import FollowUpService
from followup_desktop.services.drafts import TEMPLATES_SETTING, DraftService
from tests.conftest import BERLIN
from tests.helpers.factories import add_met_prospect


@pytest.fixture
def drafts(service: FollowUpService) -> DraftService:
    return DraftService(service)


def _ana(service: FollowUpService) -> int:
    """A prospect met on 12 November about the workshop, sent a proposal on the 18th."""
    return add_met_prospect(service, notes="Interested in onboarding training.")


def test_compose_draws_the_history_from_the_timeline(
    service: FollowUpService, drafts: DraftService
) -> None:
    pid = _ana(service)
    assert drafts.facts(pid) == HistoryFacts(
        datetime(2026, 11, 12).date(),
        "the leadership workshop",
        "my proposal",
        datetime(2026, 11, 18).date(),
    )
    draft = drafts.compose(
        pid, Reason.CHECK_IN, own_line="The new dates are out", my_name="Sam Seller"
    )
    assert draft == Draft(
        "Checking in on the leadership workshop",
        "Hi Ana,\n\n"
        "It was good to see you on 12 November. I sent you my proposal on 18 November.\n\n"
        "I wanted to check in on the leadership workshop and see where things stand. "
        "The new dates are out.\n\n"
        f"{DEFAULT_NEXT_STEP}\n\n"
        "Best regards,\nSam Seller",
    )
    assert drafts.compose(pid, Reason.CHECK_IN, next_step="").body.count("?") == 0


def test_the_next_step_comes_from_the_users_own_email_follow_up(
    service: FollowUpService, drafts: DraftService
) -> None:
    pid = service.add_prospect("Tom Becker", source=Source.OUTBOUND).id
    assert pid is not None
    # The cadence's own purpose ("Introduce yourself") is a to-do, not an ask.
    assert drafts.suggested_next_step(pid) == DEFAULT_NEXT_STEP
    service.schedule(
        pid, datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN), Channel.CALL, "Ask about budget"
    )
    service.schedule(
        pid, datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN), Channel.EMAIL, "Could we talk Monday?"
    )
    assert drafts.suggested_next_step(pid) == "Could we talk Monday?"
    assert drafts.compose(pid, Reason.OWN_LINE).body.endswith(
        "Could we talk Monday?\n\nBest regards,"
    )


def test_templates_are_saved_edited_and_reset(
    service: FollowUpService, drafts: DraftService
) -> None:
    pid = _ana(service)
    assert drafts.templates() == DEFAULT_TEMPLATES
    assert not drafts.is_edited(Reason.NEWS)
    mine = DraftTemplate("  News  for {first_name} ", "Hej {first_name}! {reason_line}")
    drafts.save_template(Reason.NEWS, mine)
    assert drafts.template(Reason.NEWS) == DraftTemplate("News for {first_name}", mine.body)
    assert drafts.is_edited(Reason.NEWS)
    assert drafts.compose(pid, Reason.NEWS, own_line="Big one") == Draft(
        "News for Ana", "Hej Ana! Big one."
    )
    # Another DraftService on the same database reads the user's template.
    assert DraftService(service).template(Reason.NEWS).body == mine.body
    assert drafts.reset_template(Reason.NEWS) == DEFAULT_TEMPLATES[Reason.NEWS]
    assert drafts.templates() == DEFAULT_TEMPLATES
    assert service.store.get_setting(TEMPLATES_SETTING) == "{}"


def test_several_templates_are_saved_at_once_and_empty_bodies_refused(
    drafts: DraftService,
) -> None:
    a, b = DraftTemplate("A", "a {next_step}"), DraftTemplate("B", "b")
    drafts.save_templates({Reason.NEWS: a, Reason.ARTICLE: b})
    assert drafts.templates() == {**DEFAULT_TEMPLATES, Reason.NEWS: a, Reason.ARTICLE: b}
    with pytest.raises(DomainError, match="needs a body"):
        drafts.save_templates(
            {Reason.NEWS: DraftTemplate("X", "x"), Reason.ARTICLE: DraftTemplate("B", "")}
        )
    with pytest.raises(DomainError, match="needs a body"):
        drafts.save_template(Reason.CHECK_IN, DraftTemplate("C", " \n "))
    assert drafts.template(Reason.NEWS) == a


def test_a_template_passed_in_is_used_without_saving(
    service: FollowUpService, drafts: DraftService
) -> None:
    pid = _ana(service)
    trial = DraftTemplate("Trial", "Met {last_meeting}.")
    assert drafts.compose(pid, Reason.NEWS, template=trial) == Draft("Trial", "Met on 12 November.")
    assert drafts.templates() == DEFAULT_TEMPLATES


def test_mailto_needs_an_email_address(service: FollowUpService, drafts: DraftService) -> None:
    pid = _ana(service)
    assert drafts.email(pid) == "ana@acme.example"
    assert drafts.mailto(pid, Draft("Hi there", "a\nb")) == (
        "mailto:ana@acme.example?subject=Hi%20there&body=a%0D%0Ab"
    )
    nobody = service.add_prospect("No Mail").id
    assert nobody is not None
    assert drafts.email(nobody) == ""
    with pytest.raises(DomainError, match="no e-mail address"):
        drafts.mailto(nobody, Draft("s", "b"))


def test_log_sent_logs_an_email_touch_and_plans_the_next_step(
    service: FollowUpService, drafts: DraftService
) -> None:
    pid = _ana(service)
    before = len(service.touches(pid))
    draft = Draft("Checking in on the workshop", "Hi Ana,\n\nStill keen?")
    logged = drafts.log_sent(pid, draft)
    touches = service.touches(pid)
    assert len(touches) == before + 1
    sent = next(t for t in touches if t.id == logged.touch.id)
    assert (sent.channel, sent.direction, sent.outcome) == (
        Channel.EMAIL,
        Direction.OUT,
        Outcome.SENT,
    )
    assert (sent.summary, sent.notes) == ("Checking in on the workshop", draft.body)
    assert sent.at == service.now()
    assert logged.next_follow_up is not None
    assert logged.next_follow_up.status is FollowUpStatus.PENDING
    assert service.pending(pid) == [logged.next_follow_up]


def test_log_sent_carries_out_the_follow_up_it_answers(
    service: FollowUpService, drafts: DraftService
) -> None:
    pid = _ana(service)
    early = service.schedule(pid, datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN), Channel.CALL)
    later = service.schedule(pid, datetime(2026, 11, 30, 9, 0, tzinfo=BERLIN), Channel.EMAIL)
    assert later.id is not None
    logged = drafts.log_sent(pid, Draft("Hello", "Hi"), answers=later.id)
    assert logged.completed is not None
    assert logged.completed.id == later.id
    assert early in service.pending(pid)
