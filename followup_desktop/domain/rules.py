"""The follow-up rules that tie touches, follow-ups and cadences together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from followup_desktop.domain.cadence import (
    DEFAULT_FOLLOW_UP_TIME,
    Cadence,
    Proposal,
    get_cadence,
    propose,
    starts_cadence,
)
from followup_desktop.domain.model import FollowUp, FollowUpStatus, Stage, Touch
from followup_desktop.domain.stages import stage_after_touch
from followup_desktop.domain.wallclock import to_utc

GONE_COLD_MAX_TOUCHES = 2
GONE_COLD_SILENT_DAYS = 30


def lacks_next_step(stage: Stage, pending_follow_ups: int) -> bool:
    """Rule 1: an open prospect with no pending follow-up is a defect to point at."""
    return stage.is_open and pending_follow_ups == 0


def is_gone_cold(
    stage: Stage,
    touch_count: int,
    last_touch_at: datetime | None,
    now: datetime,
    *,
    max_touches: int = GONE_COLD_MAX_TOUCHES,
    silent_days: int = GONE_COLD_SILENT_DAYS,
) -> bool:
    """Open, few touches, and no touch for a long time (rule 6: revive these)."""
    if not stage.is_open or touch_count == 0 or touch_count > max_touches:
        return False
    assert last_touch_at is not None
    return to_utc(now) - to_utc(last_touch_at) > timedelta(days=silent_days)


def is_overdue(follow_up: FollowUp, now: datetime) -> bool:
    pending = follow_up.status is FollowUpStatus.PENDING
    return pending and to_utc(follow_up.effective_due) < to_utc(now)


def answered_follow_up(pending: Sequence[FollowUp]) -> FollowUp | None:
    """The pending follow-up a new touch answers: the one due first."""
    open_ones = [f for f in pending if f.status is FollowUpStatus.PENDING]
    if not open_ones:
        return None
    return min(open_ones, key=lambda f: (to_utc(f.effective_due), f.id or 0))


@dataclass(frozen=True)
class TouchPlan:
    """What logging a touch changes: computed here, applied by the store."""

    completes: FollowUp | None
    stage: Stage
    cadence: str
    cadence_position: int
    proposal: Proposal | None


def plan_touch(
    stage: Stage,
    cadence: str,
    cadence_position: int,
    pending: Sequence[FollowUp],
    touch: Touch,
    *,
    cadences: dict[str, Cadence] | None = None,
    follow_up_time: time = DEFAULT_FOLLOW_UP_TIME,
    not_before: datetime | None = None,
) -> TouchPlan:
    """Rule 5 and rule 2: a touch completes the follow-up it answers, and the
    prospect's cadence proposes the next one while the prospect is open.

    A touch logged late (days after it happened) would propose a step already
    in the past: with ``not_before`` (now), the step is counted from then.
    """
    new_stage = stage_after_touch(stage, touch)
    # A meeting or a proposal starts its plan afresh, even the one already followed.
    started = starts_cadence(touch) if new_stage.is_open else None
    new_cadence = started or cadence
    position = 0 if started else cadence_position
    proposal = None
    if new_stage.is_open:
        plan = get_cadence(new_cadence, cadences)
        proposal = propose(plan, position, touch.at, follow_up_time)
        if not_before is not None and to_utc(proposal.due_at) < to_utc(not_before):
            proposal = propose(plan, position, not_before, follow_up_time)
    return TouchPlan(
        completes=answered_follow_up(pending),
        stage=new_stage,
        cadence=new_cadence,
        cadence_position=proposal.position_after if proposal else position,
        proposal=proposal,
    )
