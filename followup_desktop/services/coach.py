"""The persistence coach's use cases: put many prospects on a plan, revive the
ones dropped too early, and give every open prospect its next step."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from followup_desktop.domain.cadence import REVIVE, Cadence, cadence_for_source, propose
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import FollowUp, FollowUpStatus, Prospect, Stage
from followup_desktop.domain.queries import ProspectQuery, QuickFilter
from followup_desktop.domain.wallclock import to_utc
from followup_desktop.services.followup import FollowUpService

REOPENED_STAGE = Stage.CONTACTED


@dataclass(frozen=True)
class BulkOutcome:
    """What a bulk action changed: the prospects it changed, and those it left."""

    changed: tuple[int, ...]
    skipped: tuple[int, ...] = ()


class CoachService:
    def __init__(self, service: FollowUpService) -> None:
        self.service = service
        self.store = service.store
        self.settings = service.coach_settings

    # -- plans -------------------------------------------------------------------
    def prospects_on(self, key: str) -> list[int]:
        return self.store.prospect_ids_on_cadence(key)

    def save_plan(self, plan: Cadence) -> Cadence:
        return self.settings.save_plan(plan)

    def delete_plan(self, key: str) -> int:
        """Delete a plan of the user's; prospects on it go to the plan for their
        source, keeping their pending follow-ups. How many moved."""
        moved = self.prospects_on(key)
        now = self.service.now()
        with self.store.transaction():
            self.settings.delete_plan(key)
            for pid in moved:
                prospect = self.service.get_prospect(pid)
                fallback = cadence_for_source(prospect.source).key
                self.store.set_cadence(pid, fallback, prospect.cadence_position, now)
        return len(moved)

    def apply_plan(self, prospect_ids: Iterable[int], key: str) -> BulkOutcome:
        """Start ``key`` afresh for each open prospect: its pending follow-ups are
        skipped and the plan's first step is scheduled (scaled to the deal,
        channel advised). Closed prospects are left as they are."""
        if key not in self.service.plans():
            raise DomainError("That plan no longer exists.")
        changed: list[int] = []
        skipped: list[int] = []
        now = self.service.now()
        with self.store.transaction():
            for pid in dict.fromkeys(prospect_ids):
                prospect = self.service.get_prospect(pid)
                if prospect.stage.is_closed:
                    skipped.append(pid)
                    continue
                self.store.skip_pending(pid)
                self._schedule_step(prospect, key, 0, now)
                changed.append(pid)
        return BulkOutcome(tuple(changed), tuple(skipped))

    def _schedule_step(self, prospect: Prospect, key: str, position: int, after: datetime) -> None:
        now = self.service.now()
        after = after.astimezone(self.service.clock.tz)  # days counted on the user's calendar
        plan = self.service.scaled_plans(prospect)[key]
        time_of_day = self.service.follow_up_time
        proposal = propose(plan, position, after, time_of_day)
        if to_utc(proposal.due_at) < to_utc(now):
            proposal = propose(plan, position, now, time_of_day)
        advice = self.service.advise(prospect, proposal.channel)
        follow_up = FollowUp(
            None, prospect.id or 0, proposal.due_at, advice.channel, proposal.purpose
        )
        self.store.add_follow_up(follow_up, now)
        self.store.set_cadence(prospect.id or 0, key, proposal.position_after, now)

    # -- the revive list -----------------------------------------------------------
    def revive_ids(self) -> list[int]:
        return self.service.prospect_ids(ProspectQuery(quick=QuickFilter.REVIVE))

    def revive(self, prospect_ids: Sequence[int]) -> BulkOutcome:
        """Put prospects on the revive plan. A lost one is reopened (as contacted),
        its reason kept in its notes; a won one is left as it is."""
        changed: list[int] = []
        skipped: list[int] = []
        now = self.service.now()
        with self.store.transaction():
            for pid in dict.fromkeys(prospect_ids):
                prospect = self.service.get_prospect(pid)
                if prospect.stage is Stage.WON:
                    skipped.append(pid)
                    continue
                if prospect.stage is Stage.LOST:
                    self._reopen(prospect, now)
                    prospect = self.service.get_prospect(pid)
                self.store.skip_pending(pid)
                self._schedule_step(prospect, REVIVE.key, 0, now)
                changed.append(pid)
        return BulkOutcome(tuple(changed), tuple(skipped))

    def _reopen(self, prospect: Prospect, now: datetime) -> None:
        pid = prospect.id or 0
        when = (prospect.closed_at or now).astimezone(self.service.clock.tz)
        line = f"Lost on {when:%Y-%m-%d}: {prospect.lost_reason}"
        notes = f"{prospect.notes.rstrip()}\n{line}" if prospect.notes.strip() else line
        self.store.update_prospect(replace(prospect, notes=notes), now)
        self.service.change_stage(pid, REOPENED_STAGE)

    # -- no next step ----------------------------------------------------------------
    def schedule_by_plan(self, prospect_ids: Sequence[int] | None = None) -> BulkOutcome:
        """Give each open prospect without a pending follow-up (all of them when
        ``prospect_ids`` is None) the next step of its plan, counted from its last
        touch and never in the past. Others are left as they are."""
        if prospect_ids is None:
            prospect_ids = [s.prospect.id or 0 for s in self.service.without_next_step()]
        changed: list[int] = []
        skipped: list[int] = []
        now = self.service.now()
        with self.store.transaction():
            for pid in dict.fromkeys(prospect_ids):
                prospect = self.service.get_prospect(pid)
                pending = self.store.follow_ups(pid, FollowUpStatus.PENDING)
                if prospect.stage.is_closed or pending:
                    skipped.append(pid)
                    continue
                (summary,) = self.store.summaries([pid])
                key = self.service.plan_key(prospect)
                self._schedule_step(
                    prospect, key, prospect.cadence_position, summary.last_touch_at or now
                )
                changed.append(pid)
        return BulkOutcome(tuple(changed), tuple(skipped))
