"""The follow-up rules that tie touches, follow-ups and cadences together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from followup_desktop.domain.cadence import (
    DEFAULT_FOLLOW_UP_TIME,
    Cadence,
    Proposal,
    get_cadence,
    propose,
    starts_cadence,
)
from followup_desktop.domain.lost_reasons import is_timing
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


REVIVE_LOST_MONTHS = 6


@dataclass(frozen=True)
class RevivePolicy:
    """Who the revive list holds (rule 6: revive, don't abandon).

    * open prospects dropped after one or two touches (``max_touches``): their
      last touch is more than ``silent_days`` days old (they have gone cold) and
      nothing is planned ahead (no pending follow-up, or only overdue ones);
    * lost prospects whose reason was timing (see ``lost_reasons``), lost more
      than ``lost_months`` months ago.
    """

    silent_days: int = GONE_COLD_SILENT_DAYS
    lost_months: int = REVIVE_LOST_MONTHS
    max_touches: int = GONE_COLD_MAX_TOUCHES

    def cold_before(self, now: datetime) -> datetime:
        """Touched last before this instant: silent long enough."""
        return now - timedelta(days=self.silent_days)

    def lost_before(self, now: datetime) -> datetime:
        """Lost before this instant: long enough ago to ask again."""
        return now - relativedelta(months=self.lost_months)


def is_revive_candidate(
    stage: Stage,
    touch_count: int,
    last_touch_at: datetime | None,
    lost_reason: str,
    closed_at: datetime | None,
    now: datetime,
    policy: RevivePolicy | None = None,
    *,
    planned_ahead: bool = False,
) -> bool:
    """Whether a prospect belongs on the revive list, by :class:`RevivePolicy`.

    ``planned_ahead``: a pending follow-up is due after ``now``.
    """
    policy = policy or RevivePolicy()
    if stage is Stage.LOST:
        if closed_at is None or not is_timing(lost_reason):
            return False
        return to_utc(closed_at) < to_utc(policy.lost_before(now))
    return not planned_ahead and is_gone_cold(
        stage,
        touch_count,
        last_touch_at,
        now,
        max_touches=policy.max_touches,
        silent_days=policy.silent_days,
    )


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
