"""Stage rules: what closes a prospect, what a No needs, what a touch moves."""

from __future__ import annotations

from dataclasses import dataclass

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Direction, Outcome, Stage, Touch
from followup_desktop.i18n import _


@dataclass(frozen=True)
class StageChange:
    """The outcome of moving a prospect to a stage."""

    stage: Stage
    lost_reason: str
    cancel_pending: bool  # closing a prospect ends its planned follow-ups
    needs_next_step: bool  # reopening leaves an open prospect to be scheduled


def change_stage(current: Stage, new: Stage, reason: str = "") -> StageChange:
    """Move a prospect from ``current`` to ``new``; a No must say why."""
    reason = reason.strip()
    if new is Stage.LOST and not reason:
        raise DomainError(_("Marking a prospect lost needs the reason they gave."))
    return StageChange(
        stage=new,
        lost_reason=reason if new is Stage.LOST else "",
        cancel_pending=new.is_closed,
        needs_next_step=current.is_closed and new.is_open,
    )


def stage_after_touch(current: Stage, touch: Touch) -> Stage:
    """The stage a touch moves an open prospect to; closed ones stay put."""
    if current.is_closed:
        return current
    if touch.outcome is Outcome.PROPOSAL_SENT:
        return Stage.PROPOSAL
    responded = touch.direction is Direction.IN or (
        touch.outcome is not None and touch.outcome.is_response
    )
    if current in (Stage.NEW, Stage.CONTACTED, Stage.DORMANT):
        return Stage.ENGAGED if responded else Stage.CONTACTED
    return current
