"""Stage rules: a No needs a reason, closing cancels, reopening needs a next step."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, Direction, Outcome, Stage, Touch
from followup_desktop.domain.stages import StageChange, change_stage, stage_after_touch

BERLIN = ZoneInfo("Europe/Berlin")
AT = datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
OPEN = [Stage.NEW, Stage.CONTACTED, Stage.ENGAGED, Stage.PROPOSAL, Stage.DORMANT]


def touch(
    outcome: Outcome | None = None,
    direction: Direction = Direction.OUT,
    channel: Channel = Channel.EMAIL,
) -> Touch:
    return Touch(None, 1, AT, channel, direction, outcome)


# -- change_stage ----------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "\t\n"])
def test_marking_a_prospect_lost_needs_the_reason_they_gave(reason: str) -> None:
    with pytest.raises(DomainError, match="needs the reason they gave"):
        change_stage(Stage.PROPOSAL, Stage.LOST, reason)


def test_lost_keeps_the_reason_and_cancels_pending_follow_ups() -> None:
    change = change_stage(Stage.PROPOSAL, Stage.LOST, "  No budget this year ")
    assert change == StageChange(
        stage=Stage.LOST,
        lost_reason="No budget this year",
        cancel_pending=True,
        needs_next_step=False,
    )


def test_won_closes_and_cancels_pending_follow_ups_without_a_reason() -> None:
    change = change_stage(Stage.PROPOSAL, Stage.WON, "they signed")
    assert change == StageChange(Stage.WON, "", cancel_pending=True, needs_next_step=False)


def test_moving_a_won_customer_to_lost_still_needs_a_reason() -> None:
    with pytest.raises(DomainError):
        change_stage(Stage.WON, Stage.LOST)
    change = change_stage(Stage.WON, Stage.LOST, "Cancelled the contract")
    assert change == StageChange(Stage.LOST, "Cancelled the contract", True, False)


@pytest.mark.parametrize("closed", [Stage.WON, Stage.LOST])
@pytest.mark.parametrize("reopened", OPEN)
def test_reopening_a_closed_prospect_needs_a_next_step(closed: Stage, reopened: Stage) -> None:
    change = change_stage(closed, reopened, "ignored unless lost")
    assert change == StageChange(reopened, "", cancel_pending=False, needs_next_step=True)


@pytest.mark.parametrize("current", OPEN)
def test_moving_between_open_stages_keeps_the_follow_ups(current: Stage) -> None:
    change = change_stage(current, Stage.ENGAGED)
    assert change == StageChange(Stage.ENGAGED, "", cancel_pending=False, needs_next_step=False)


# -- stage_after_touch -----------------------------------------------------


@pytest.mark.parametrize(
    ("current", "made", "expected"),
    [
        # an outbound touch nobody answered: they have been contacted
        (Stage.NEW, touch(Outcome.NO_ANSWER), Stage.CONTACTED),
        (Stage.NEW, touch(Outcome.LEFT_MESSAGE, channel=Channel.CALL), Stage.CONTACTED),
        (Stage.NEW, touch(Outcome.SENT), Stage.CONTACTED),
        (Stage.NEW, touch(None), Stage.CONTACTED),
        (Stage.CONTACTED, touch(Outcome.NO_ANSWER), Stage.CONTACTED),
        (Stage.DORMANT, touch(Outcome.SENT), Stage.CONTACTED),
        # a reply, a conversation, a booked meeting: they are engaged
        (Stage.NEW, touch(Outcome.REPLIED), Stage.ENGAGED),
        (Stage.CONTACTED, touch(Outcome.CONVERSATION, channel=Channel.CALL), Stage.ENGAGED),
        (Stage.CONTACTED, touch(Outcome.MEETING_BOOKED), Stage.ENGAGED),
        (Stage.DORMANT, touch(Outcome.REPLIED), Stage.ENGAGED),
        # a touch they made themselves counts as engagement, whatever the outcome
        (Stage.NEW, touch(None, Direction.IN), Stage.ENGAGED),
        (Stage.CONTACTED, touch(Outcome.SENT, Direction.IN), Stage.ENGAGED),
        # sending a proposal moves any open prospect to the proposal stage
        (Stage.NEW, touch(Outcome.PROPOSAL_SENT), Stage.PROPOSAL),
        (Stage.ENGAGED, touch(Outcome.PROPOSAL_SENT), Stage.PROPOSAL),
        (Stage.DORMANT, touch(Outcome.PROPOSAL_SENT), Stage.PROPOSAL),
        # engaged and proposal prospects do not slide back on a silent touch
        (Stage.ENGAGED, touch(Outcome.NO_ANSWER), Stage.ENGAGED),
        (Stage.PROPOSAL, touch(Outcome.NO_ANSWER), Stage.PROPOSAL),
        (Stage.PROPOSAL, touch(Outcome.REPLIED, Direction.IN), Stage.PROPOSAL),
        # closed prospects stay closed, even on a reply or a proposal
        (Stage.WON, touch(Outcome.REPLIED, Direction.IN), Stage.WON),
        (Stage.LOST, touch(Outcome.PROPOSAL_SENT), Stage.LOST),
        (Stage.LOST, touch(Outcome.NO_ANSWER), Stage.LOST),
    ],
)
def test_stage_after_touch(current: Stage, made: Touch, expected: Stage) -> None:
    assert stage_after_touch(current, made) is expected
