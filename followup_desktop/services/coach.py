"""The persistence coach's use cases: put many prospects on a plan, revive the
ones dropped too early, and give every open prospect its next step."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from followup_desktop.domain.cadence import (
    REVIVE,
    Cadence,
    cadence_for_source,
    propose,
    scale_cadence,
)
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import FollowUp, Prospect, Stage
from followup_desktop.domain.queries import ProspectQuery, QuickFilter
from followup_desktop.domain.wallclock import to_utc
from followup_desktop.i18n import _
from followup_desktop.services.followup import FollowUpService
from followup_desktop.store import ProspectSummary

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
            raise DomainError(_("That plan no longer exists."))
        now = self.service.now()
        with self.store.transaction():
            summaries = self._summaries(prospect_ids)
            chosen = [s.prospect for s in summaries if s.prospect.stage.is_open]
            skipped = tuple(s.prospect.id or 0 for s in summaries if s.prospect.stage.is_closed)
            self._start_steps([(p, key, 0, now) for p in chosen], skip_pending=True)
        return BulkOutcome(tuple(p.id or 0 for p in chosen), skipped)

    def _summaries(self, prospect_ids: Iterable[int]) -> list[ProspectSummary]:
        """The prospects in the order given, once each; DomainError for one gone."""
        ids = list(dict.fromkeys(prospect_ids))
        found = {s.prospect.id: s for s in self.store.summaries(ids)}
        missing = [pid for pid in ids if pid not in found]
        if missing:
            raise DomainError(_("There is no prospect with id {id}.").format(id=missing[0]))
        return [found[pid] for pid in ids]

    def _start_steps(
        self, steps: Sequence[tuple[Prospect, str, int, datetime]], *, skip_pending: bool
    ) -> None:
        """Schedule, for each (prospect, plan, position, counted from), that step of
        the plan: scaled to the deal, never in the past, its channel advised. One
        read of the settings and of the timelines for all of them."""
        service = self.service
        now = service.now()
        tz = service.clock.tz
        plans = service.plans()
        scaling = self.settings.scaling()
        ids = [p.id or 0 for p, *_ in steps]
        timelines = self.store.touches_of(ids)
        if skip_pending:
            self.store.skip_pending_of(ids)
        time_of_day = service.follow_up_time
        follow_ups: list[FollowUp] = []
        for prospect, key, position, after in steps:
            pid = prospect.id or 0
            plan = scale_cadence(plans[key], scaling.factor(prospect.deal_value))
            proposal = propose(plan, position, after.astimezone(tz), time_of_day)
            if to_utc(proposal.due_at) < to_utc(now):
                proposal = propose(plan, position, now, time_of_day)
            advice = service.advise(prospect, proposal.channel, timelines.get(pid, []), plan)
            follow_ups.append(
                FollowUp(None, pid, proposal.due_at, advice.channel, proposal.purpose)
            )
            self.store.set_cadence(pid, key, proposal.position_after, now)
        self.store.add_follow_ups(follow_ups, now)
        self.store.refresh_summaries(ids)

    # -- the revive list -----------------------------------------------------------
    def revive_ids(self) -> list[int]:
        return self.service.prospect_ids(ProspectQuery(quick=QuickFilter.REVIVE))

    def revive(self, prospect_ids: Sequence[int]) -> BulkOutcome:
        """Put prospects on the revive plan. A lost one is reopened (as contacted),
        its reason kept in its notes; a won one is left as it is."""
        now = self.service.now()
        with self.store.transaction():
            summaries = self._summaries(prospect_ids)
            skipped = tuple(s.prospect.id or 0 for s in summaries if s.prospect.stage is Stage.WON)
            chosen: list[Prospect] = []
            for summary in summaries:
                prospect = summary.prospect
                if prospect.stage is Stage.LOST:
                    self._reopen(prospect, now)
                    prospect = self.service.get_prospect(prospect.id or 0)
                if prospect.stage is not Stage.WON:
                    chosen.append(prospect)
            self._start_steps([(p, REVIVE.key, 0, now) for p in chosen], skip_pending=True)
        return BulkOutcome(tuple(p.id or 0 for p in chosen), skipped)

    def _reopen(self, prospect: Prospect, now: datetime) -> None:
        pid = prospect.id or 0
        when = (prospect.closed_at or now).astimezone(self.service.clock.tz)
        # Translators: a line added to the notes of a lost prospect brought back.
        line = _("Lost on {day}: {reason}").format(
            day=f"{when:%Y-%m-%d}", reason=prospect.lost_reason
        )
        notes = f"{prospect.notes.rstrip()}\n{line}" if prospect.notes.strip() else line
        self.store.update_prospect(replace(prospect, notes=notes), now, only=("notes",))
        self.service.change_stage(pid, REOPENED_STAGE)

    # -- no next step ----------------------------------------------------------------
    def schedule_by_plan(self, prospect_ids: Sequence[int] | None = None) -> BulkOutcome:
        """Give each open prospect without a pending follow-up (all of them when
        ``prospect_ids`` is None) the next step of its plan, counted from its last
        touch and never in the past. Others are left as they are."""
        with self.store.transaction():
            if prospect_ids is None:
                summaries = self.service.without_next_step()
            else:
                summaries = self._summaries(prospect_ids)
            plans = self.service.plans()
            steps: list[tuple[Prospect, str, int, datetime]] = []
            skipped: list[int] = []
            now = self.service.now()
            for summary in summaries:
                prospect = summary.prospect
                if prospect.stage.is_closed or summary.next_due_at is not None:
                    skipped.append(prospect.id or 0)
                    continue
                key = self.service.plan_key(prospect, plans)
                after = summary.last_touch_at or now
                steps.append((prospect, key, prospect.cadence_position, after))
            self._start_steps(steps, skip_pending=False)
        return BulkOutcome(tuple(p.id or 0 for p, *_ in steps), tuple(skipped))
