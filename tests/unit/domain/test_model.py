"""The words of the domain: stages, outcomes, addresses and follow-ups."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.model import (
    Channel,
    FollowUp,
    FollowUpStatus,
    Outcome,
    PostalAddress,
    Prospect,
    Source,
    Stage,
)

BERLIN = ZoneInfo("Europe/Berlin")
DUE = datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)


def test_stages_are_the_words_of_the_domain() -> None:
    assert [s.value for s in Stage] == [
        "new",
        "contacted",
        "engaged",
        "proposal",
        "won",
        "lost",
        "dormant",
    ]


@pytest.mark.parametrize(
    ("stage", "is_open"),
    [
        (Stage.NEW, True),
        (Stage.CONTACTED, True),
        (Stage.ENGAGED, True),
        (Stage.PROPOSAL, True),
        (Stage.DORMANT, True),
        (Stage.WON, False),
        (Stage.LOST, False),
    ],
)
def test_won_and_lost_are_closed_everything_else_is_open(stage: Stage, is_open: bool) -> None:
    assert stage.is_open is is_open
    assert stage.is_closed is (not is_open)


@pytest.mark.parametrize(
    ("outcome", "is_response"),
    [
        (Outcome.NO_ANSWER, False),
        (Outcome.LEFT_MESSAGE, False),
        (Outcome.SENT, False),
        (Outcome.PROPOSAL_SENT, False),
        (Outcome.REPLIED, True),
        (Outcome.CONVERSATION, True),
        (Outcome.MEETING_BOOKED, True),
        (Outcome.DECLINED, True),
    ],
)
def test_an_outcome_is_a_response_when_the_prospect_engaged(
    outcome: Outcome, is_response: bool
) -> None:
    assert outcome.is_response is is_response


def test_a_blank_postal_address_is_empty() -> None:
    assert PostalAddress().is_empty is True


@pytest.mark.parametrize("field_name", [f.name for f in fields(PostalAddress)])
def test_any_filled_in_field_makes_an_address_non_empty(field_name: str) -> None:
    address = PostalAddress(**{field_name: "x"})
    assert address.is_empty is False


def test_a_new_prospect_starts_new_outbound_and_without_address() -> None:
    prospect = Prospect(id=None, name="Ada Lovelace")
    assert prospect.stage is Stage.NEW
    assert prospect.source is Source.OUTBOUND
    assert prospect.address.is_empty is True
    assert prospect.lost_reason == ""


def test_a_follow_up_is_pending_when_planned() -> None:
    follow_up = FollowUp(id=None, prospect_id=1, due_at=DUE, channel=Channel.CALL)
    assert follow_up.status is FollowUpStatus.PENDING


def test_effective_due_is_the_due_time_when_not_snoozed() -> None:
    follow_up = FollowUp(None, 1, DUE, Channel.CALL)
    assert follow_up.effective_due == DUE


def test_snoozing_past_the_due_time_moves_the_effective_due() -> None:
    later = DUE + timedelta(days=2)
    follow_up = FollowUp(None, 1, DUE, Channel.CALL, snoozed_until=later)
    assert follow_up.effective_due == later


@pytest.mark.parametrize("offset", [timedelta(0), -timedelta(hours=1)])
def test_a_snooze_not_after_the_due_time_changes_nothing(offset: timedelta) -> None:
    follow_up = FollowUp(None, 1, DUE, Channel.CALL, snoozed_until=DUE + offset)
    assert follow_up.effective_due == DUE


def test_a_prospect_query_defaults_to_everyone_by_name() -> None:
    from followup_desktop.domain.queries import ProspectQuery, QuickFilter, SortKey

    query = ProspectQuery()
    assert (query.text, query.quick, query.sort, query.descending) == (
        "",
        QuickFilter.ALL,
        SortKey.NAME,
        False,
    )
