"""The follow-up use cases, each one transaction: rules from domain, rows from store."""

from __future__ import annotations

import functools
from array import array
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any, Concatenate, ParamSpec, TypeVar

from followup_desktop.domain.address import envelope_lines
from followup_desktop.domain.advice import ChannelAdvice, advise_channel
from followup_desktop.domain.cadence import (
    DEFAULT_FOLLOW_UP_TIME,
    REVIVE,
    Cadence,
    Proposal,
    cadence_for_source,
    plan_progress,
    propose,
    scale_cadence,
)
from followup_desktop.domain.changes import Changes
from followup_desktop.domain.clock import Clock
from followup_desktop.domain.edits import EditConflict, merge_edit
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUp,
    FollowUpStatus,
    Outcome,
    PostalAddress,
    Prospect,
    Source,
    Stage,
    Touch,
)
from followup_desktop.domain.queries import ProspectQuery, QueryBounds, QuickFilter
from followup_desktop.domain.rules import (
    GONE_COLD_MAX_TOUCHES,
    TouchPlan,
    is_overdue,
    plan_touch,
)
from followup_desktop.domain.stages import change_stage
from followup_desktop.domain.values import clean_line
from followup_desktop.domain.wallclock import at_local, iso_in
from followup_desktop.i18n import _
from followup_desktop.services.cadences import CadenceSettings
from followup_desktop.store import (
    DueItem,
    OpResult,
    ProspectSnapshot,
    ProspectSummary,
    Store,
    TouchSnapshot,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# How far in the future a touch may be dated (clocks differ a little).
FUTURE_TOLERANCE = timedelta(minutes=5)
# How many name matches are looked through for an exact one.
RESOLVE_SCAN_LIMIT = 1000


@dataclass(frozen=True)
class NextStep:
    """What the user decided about the next follow-up when logging a touch.

    ``auto``: take the cadence's proposal. ``at``: the user's own time (and
    optionally channel and purpose). ``none``: no next step, deliberately.
    """

    mode: str = "auto"
    at: datetime | None = None
    channel: Channel | None = None
    purpose: str | None = None

    @classmethod
    def auto(cls) -> NextStep:
        return cls("auto")

    @classmethod
    def none(cls) -> NextStep:
        return cls("none")

    @classmethod
    def on(
        cls, at: datetime, channel: Channel | None = None, purpose: str | None = None
    ) -> NextStep:
        return cls("at", at, channel, purpose)


@dataclass(frozen=True)
class Agenda:
    """The landing view: what is overdue, due today, and due in the next 7 days."""

    overdue: list[DueItem]
    today: list[DueItem]
    next_days: list[DueItem]

    @property
    def attention_count(self) -> int:
        return len(self.overdue) + len(self.today)


@dataclass(frozen=True)
class LoggedTouch:
    touch: Touch
    completed: FollowUp | None
    next_follow_up: FollowUp | None
    stage: Stage


P = ParamSpec("P")
R = TypeVar("R")


def one_write(method: Callable[Concatenate[Any, P], R]) -> Callable[Concatenate[Any, P], R]:
    """Run a use case that reads, decides and writes as one write transaction.

    Its reads then see what other writers committed before it, and none can commit
    in between: two programs logging the same follow-up at once carry it out once
    and plan one next step, not two.
    """

    def run(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.store.transaction():
            return method(self, *args, **kwargs)

    return functools.update_wrapper(run, method)


class FollowUpService:
    """The rules of follow-up applied to the user's database."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        home_country: str = "US",
        follow_up_time: time = DEFAULT_FOLLOW_UP_TIME,
    ) -> None:
        self.store = store
        self.clock = clock
        self.home_country = home_country
        self.follow_up_time = follow_up_time
        # Called in the transaction of each stored touch (touch, stage after, stage before)
        # and stage change (prospect id, stage after, before): the thank-you queue listens.
        self.touch_hooks: list[Callable[[Touch, Stage, Stage], None]] = []
        self.stage_hooks: list[Callable[[int, Stage, Stage], None]] = []
        self.coach_settings = CadenceSettings(store)
        store.now = clock.now  # when each operation was made, for the log

    def now(self) -> datetime:
        return self.clock.now()

    # -- plans and advice ----------------------------------------------------------
    def plans(self) -> dict[str, Cadence]:
        """Every plan by key: the built-in ones, then the user's own."""
        return self.coach_settings.plans()

    def plan_key(self, prospect: Prospect, plans: dict[str, Cadence] | None = None) -> str:
        """The prospect's plan; the one for its source when it has none (or it was deleted)."""
        table = plans if plans is not None else self.plans()
        key = prospect.cadence
        return key if key in table else cadence_for_source(prospect.source).key

    def plan_of(self, prospect: Prospect) -> Cadence:
        plans = self.plans()
        return plans[self.plan_key(prospect, plans)]

    def scaled_plans(self, prospect: Prospect) -> dict[str, Cadence]:
        """Every plan with its intervals scaled to the prospect's deal value."""
        factor = self.coach_settings.scaling().factor(prospect.deal_value)
        return {key: scale_cadence(plan, factor) for key, plan in self.plans().items()}

    def plan_progress(self, prospect: Prospect) -> str:
        """Where the prospect stands: "touch 3 of a 7-touch plan"."""
        return plan_progress(self.plan_of(prospect), prospect.cadence_position)

    def advise(
        self,
        prospect: Prospect,
        planned: Channel,
        touches: list[Touch] | None = None,
        plan: Cadence | None = None,
    ) -> ChannelAdvice:
        """Next-channel advice for ``prospect`` (domain.advice), given its timeline
        (read when not given) and its plan (the prospect's own when not given)."""
        if touches is None:
            touches = self.store.touches(prospect.id) if prospect.id is not None else []
        plan = plan or self.plan_of(prospect)
        reachable = set(Channel)
        if not prospect.emails:
            reachable.discard(Channel.EMAIL)
        if not prospect.phones:
            reachable -= {Channel.CALL, Channel.TEXT}
        if prospect.address.is_empty:
            reachable.discard(Channel.NOTE)
        return advise_channel(
            touches,
            planned,
            preferred=prospect.preferred_channel,
            reachable=reachable,
            plan_channels=(*(s.channel for s in plan.steps), *plan.then_channels),
        )

    def _plan_touch(
        self,
        prospect: Prospect,
        pending: list[FollowUp],
        touch: Touch,
        not_before: datetime,
        *,
        advise: bool = True,
    ) -> TouchPlan:
        """What logging ``touch`` would change (rules.plan_touch) on the prospect's
        plans scaled to its deal; with ``advise``, the proposal's channel advised,
        counting the touch being logged."""
        plans = self.scaled_plans(prospect)
        plan = plan_touch(
            prospect.stage,
            self.plan_key(prospect, plans),
            prospect.cadence_position,
            pending,
            touch,
            cadences=plans,
            follow_up_time=self.follow_up_time,
            not_before=not_before,
        )
        proposal = plan.proposal
        if proposal is None or not advise:
            return plan
        history = [*self.store.touches(prospect.id or 0), touch]
        advice = self.advise(prospect, proposal.channel, history, plans[proposal.cadence])
        advised = replace(proposal, channel=advice.channel, advice=advice.reason)
        return replace(plan, proposal=advised)

    # -- prospects ---------------------------------------------------------
    def add_prospect(
        self,
        name: str,
        *,
        company: str = "",
        title: str = "",
        emails: tuple[str, ...] = (),
        phones: tuple[str, ...] = (),
        address: PostalAddress | None = None,
        source: Source = Source.OUTBOUND,
        deal_value: Decimal | None = None,
        preferred_channel: Channel | None = None,
        tags: tuple[str, ...] = (),
        notes: str = "",
        schedule_first: bool = True,
    ) -> Prospect:
        """A new prospect on the cadence for its source, with its first step planned."""
        name, company, title = clean_line(name), clean_line(company), clean_line(title)
        if not name and not company:
            raise DomainError(_("A prospect needs a name or a company."))
        cadence = cadence_for_source(source)
        now = self.now()
        prospect = Prospect(
            id=None,
            name=name or company,
            company=company,
            title=title,
            emails=tuple(e.strip() for e in emails if e.strip()),
            phones=tuple(p.strip() for p in phones if p.strip()),
            address=address or PostalAddress(),
            source=source,
            deal_value=deal_value,
            preferred_channel=preferred_channel,
            tags=tags,
            notes=notes,
            cadence=cadence.key,
        )
        with self.store.transaction():
            pid = self.store.add_prospect(prospect, now)
            if schedule_first:
                proposal = propose(cadence, 0, now, self.follow_up_time)
                self.store.add_follow_up(
                    FollowUp(None, pid, proposal.due_at, proposal.channel, proposal.purpose), now
                )
                self.store.set_cadence(pid, cadence.key, proposal.position_after, now)
        return self.get_prospect(pid)

    def update_prospect(
        self,
        prospect: Prospect,
        *,
        base: Prospect | None = None,
        keep_mine: bool | None = None,
    ) -> Prospect:
        """Save an edit of a prospect made from the copy ``base`` (by default, the
        stored row): only the fields the user changed are written, so what another
        writer stored meanwhile in other fields stays.

        When someone else changed one of the same fields since ``base`` was read,
        ``EditConflict`` says which, unless ``keep_mine`` decides: True writes the
        user's values, False keeps the stored ones (the rest of the edit is saved).
        """
        prospect = replace(
            prospect,
            name=clean_line(prospect.name),
            company=clean_line(prospect.company),
            title=clean_line(prospect.title),
        )
        if not prospect.name:
            raise DomainError(_("A prospect needs a name."))
        if prospect.id is None:
            raise DomainError(_("This prospect has not been saved yet."))
        with self.store.transaction():
            current = self.get_prospect(prospect.id)
            base = base if base is not None else current
            if (prospect.stage, prospect.lost_reason) != (base.stage, base.lost_reason):
                raise DomainError(
                    _(
                        "The stage is not changed by editing: use Mark won, Mark lost "
                        "or the stage box."
                    )
                )
            merge = merge_edit(base, prospect, current)
            if merge.conflicts and keep_mine is None:
                raise EditConflict(current, merge.conflicts)
            merged, fields = merge.result(current, keep_mine=bool(keep_mine))
            if fields:
                self.store.update_prospect(merged, self.now(), only=fields)
        return self.get_prospect(prospect.id)

    def get_prospect(self, prospect_id: int) -> Prospect:
        prospect = self.store.get_prospect(prospect_id)
        if prospect is None:
            raise DomainError(_("There is no prospect with id {id}.").format(id=prospect_id))
        return prospect

    def resolve_prospect(self, ref: str) -> Prospect:
        """A prospect by id, or by a part of its name that fits exactly one."""
        ref = ref.strip()
        if not ref:
            raise DomainError(_("Name a prospect by its id or a part of its name."))
        if ref.isascii() and ref.isdigit():
            return self.get_prospect(int(ref))
        found = self.store.find_prospects(ref, limit=RESOLVE_SCAN_LIMIT)
        exact = [f for f in found if f[1].casefold() == ref.casefold()]
        if len(exact) == 1:
            found = exact
        if not found:
            raise DomainError(_("No prospect's name contains {text!r}.").format(text=ref))
        if len(found) > 1:
            names = ", ".join(
                _("{name} (id {id})").format(name=name, id=pid) for pid, name in found[:5]
            )
            message = (
                _("{text!r} fits several prospects: {names} and more; use the id.")
                if len(found) > 5
                else _("{text!r} fits several prospects: {names}; use the id.")
            )
            raise DomainError(message.format(text=ref, names=names))
        return self.get_prospect(found[0][0])

    @one_write
    def change_stage(self, prospect_id: int, stage: Stage, reason: str = "") -> Prospect:
        """Move a prospect; closing ends its follow-ups, reopening plans a revive step."""
        prospect = self.get_prospect(prospect_id)
        change = change_stage(prospect.stage, stage, reason)
        now = self.now()
        with self.store.transaction():
            self.store.set_stage(prospect_id, change.stage, change.lost_reason, now)
            if change.cancel_pending:
                self.store.skip_pending(prospect_id)
            if change.needs_next_step:
                proposal = propose(REVIVE, 0, now, self.follow_up_time)
                self.store.add_follow_up(
                    FollowUp(
                        None, prospect_id, proposal.due_at, proposal.channel, proposal.purpose
                    ),
                    now,
                )
                self.store.set_cadence(prospect_id, REVIVE.key, proposal.position_after, now)
            for stage_hook in self.stage_hooks:
                stage_hook(prospect_id, change.stage, prospect.stage)
        return self.get_prospect(prospect_id)

    # -- touches -----------------------------------------------------------
    @one_write
    def log_touch(
        self,
        prospect_id: int,
        channel: Channel,
        *,
        direction: Direction = Direction.OUT,
        outcome: Outcome | None = None,
        summary: str = "",
        notes: str = "",
        at: datetime | None = None,
        next_step: NextStep | None = None,
        answers: int | None = None,
    ) -> LoggedTouch:
        """Record a touch, complete the follow-up it answers, plan the next one.

        ``answers`` names the pending follow-up the touch carries out (an agenda
        entry); by default it is the one due first.
        """
        prospect = self.get_prospect(prospect_id)
        now = self.now()
        at = at or now
        if at.tzinfo is None:
            raise DomainError(_("A time without a zone is ambiguous"))
        at = at.astimezone(self.clock.tz)  # the next step is planned in the user's zone
        if at > now + FUTURE_TOLERANCE:
            raise DomainError(_("A touch is something that happened: it cannot be in the future."))
        next_step = next_step or NextStep.auto()
        touch = Touch(None, prospect_id, at, channel, direction, outcome, summary, notes)
        pending = self.store.follow_ups(prospect_id, FollowUpStatus.PENDING)
        if answers is not None:
            chosen = [f for f in pending if f.id == answers]
            if not chosen:
                raise DomainError(_("That follow-up is no longer pending."))
            pending = chosen
        plan = self._plan_touch(prospect, pending, touch, now, advise=next_step.channel is None)
        if next_step.mode == "at":
            if plan.stage.is_closed:
                raise DomainError(
                    _("{name} is {stage}: a closed prospect has no next step.").format(
                        name=prospect.name, stage=plan.stage.value
                    )
                )
            if next_step.at is None or next_step.at < now - FUTURE_TOLERANCE:
                raise DomainError(_("The next step must be in the future."))
        next_follow_up: FollowUp | None = None
        if plan.stage.is_open and next_step.mode != "none":
            if next_step.mode == "at" and next_step.at is not None:
                proposed = plan.proposal
                next_follow_up = FollowUp(
                    None,
                    prospect_id,
                    next_step.at.astimezone(self.clock.tz),
                    next_step.channel or (proposed.channel if proposed else channel),
                    next_step.purpose
                    if next_step.purpose is not None
                    else (proposed.purpose if proposed else ""),
                )
            elif plan.proposal is not None:
                next_follow_up = FollowUp(
                    None,
                    prospect_id,
                    plan.proposal.due_at,
                    plan.proposal.channel,
                    plan.proposal.purpose,
                )
            if next_follow_up is not None and next_step.channel is not None:
                next_follow_up = replace(next_follow_up, channel=next_step.channel)
        with self.store.transaction():
            touch_id = self.store.add_touch(touch, now)
            if plan.completes is not None and plan.completes.id is not None:
                self.store.finish_follow_up(plan.completes.id, FollowUpStatus.DONE, touch_id)
            if plan.stage.is_closed:
                self.store.skip_pending(prospect_id)
            if plan.stage is not prospect.stage:
                self.store.set_stage(prospect_id, plan.stage, prospect.lost_reason, now)
            # Without a next step the plan stays where the touch left it (a meeting
            # restarts it, so its thank-you note still comes first).
            position = plan.cadence_position
            if next_follow_up is None and plan.proposal is not None:
                position = plan.proposal.position_after - 1
            self.store.set_cadence(prospect_id, plan.cadence, position, now)
            stored_next = None
            if next_follow_up is not None:
                next_id = self.store.add_follow_up(next_follow_up, now)
                stored_next = replace(next_follow_up, id=next_id)
            for hook in self.touch_hooks:
                hook(replace(touch, id=touch_id), plan.stage, prospect.stage)
        completed = (
            replace(plan.completes, status=FollowUpStatus.DONE, completed_by=touch_id)
            if plan.completes
            else None
        )
        return LoggedTouch(replace(touch, id=touch_id), completed, stored_next, plan.stage)

    def propose_next(
        self,
        prospect_id: int,
        channel: Channel,
        *,
        direction: Direction = Direction.OUT,
        outcome: Outcome | None = None,
        at: datetime | None = None,
    ) -> Proposal | None:
        """The next step logging such a touch would plan; writes nothing.

        None when the touch would close the prospect (nothing to plan).
        """
        prospect = self.get_prospect(prospect_id)
        at = (at or self.now()).astimezone(self.clock.tz)
        touch = Touch(None, prospect_id, at, channel, direction, outcome)
        pending = self.store.follow_ups(prospect_id, FollowUpStatus.PENDING)
        return self._plan_touch(prospect, pending, touch, self.now()).proposal

    def cadence_name(self, key: str) -> str:
        cadence = self.plans().get(key)
        return cadence.name if cadence else key

    def touches(self, prospect_id: int) -> list[Touch]:
        return self.store.touches(prospect_id)

    # -- follow-ups --------------------------------------------------------
    @one_write
    def schedule(
        self, prospect_id: int, at: datetime, channel: Channel, purpose: str = ""
    ) -> FollowUp:
        prospect = self.get_prospect(prospect_id)
        if prospect.stage.is_closed:
            raise DomainError(
                _("{name} is {stage}: reopen them first.").format(
                    name=prospect.name, stage=prospect.stage.value
                )
            )
        follow_up = FollowUp(None, prospect_id, at.astimezone(self.clock.tz), channel, purpose)
        follow_up_id = self.store.add_follow_up(follow_up, self.now())
        return replace(follow_up, id=follow_up_id)

    def pending(self, prospect_id: int) -> list[FollowUp]:
        return self.store.follow_ups(prospect_id, FollowUpStatus.PENDING)

    def due(self, until: datetime | None = None) -> list[DueItem]:
        """Pending follow-ups due by ``until`` (default now), overdue first."""
        return self.store.due(until or self.now())

    def without_next_step(self) -> list[ProspectSummary]:
        return self.store.without_next_step()

    def count_without_next_step(self) -> int:
        return self.store.count_without_next_step()

    @one_write
    def mark_done(self, follow_up_id: int) -> LoggedTouch:
        """The follow-up was carried out: log it as a touch on its channel."""
        follow_up = self._pending_follow_up(follow_up_id)
        return self.log_touch(
            follow_up.prospect_id,
            follow_up.channel,
            summary=follow_up.purpose,
            answers=follow_up_id,
        )

    @one_write
    def snooze(self, follow_up_id: int, until: datetime) -> FollowUp:
        follow_up = replace(self._pending_follow_up(follow_up_id), snoozed_until=until)
        self.store.update_follow_up(follow_up)
        return follow_up

    @one_write
    def reschedule(
        self, follow_up_id: int, due_at: datetime, *, keep_zone: bool = False
    ) -> FollowUp:
        """Move a follow-up to ``due_at``: in the user's zone, or with ``keep_zone``
        in the follow-up's own (a wall-clock time in New York stays one)."""
        pending = self._pending_follow_up(follow_up_id)
        zone = pending.due_at.tzinfo if keep_zone else self.clock.tz
        follow_up = replace(pending, due_at=due_at.astimezone(zone), snoozed_until=None)
        self.store.update_follow_up(follow_up)
        return follow_up

    @one_write
    def skip(self, follow_up_id: int) -> FollowUp:
        """Let a follow-up go without doing it (no touch is logged); undo brings it back."""
        follow_up = replace(self._pending_follow_up(follow_up_id), status=FollowUpStatus.SKIPPED)
        self.store.update_follow_up(follow_up)
        return follow_up

    def restore_follow_up(self, follow_up: FollowUp) -> None:
        """Put a follow-up back as it was (undo of a snooze or reschedule)."""
        self.store.update_follow_up(follow_up)

    def _follow_up(self, follow_up_id: int) -> FollowUp:
        follow_up = self.store.get_follow_up(follow_up_id)
        if follow_up is None:
            raise DomainError(_("That follow-up no longer exists."))
        return follow_up

    def _pending_follow_up(self, follow_up_id: int) -> FollowUp:
        """A follow-up still to do (another program may have carried it out meanwhile)."""
        follow_up = self._follow_up(follow_up_id)
        if follow_up.status is not FollowUpStatus.PENDING:
            raise DomainError(
                _("That follow-up is already {status}.").format(status=follow_up.status.value)
            )
        return follow_up

    # -- lists, calendar and agenda -------------------------------------------
    def query_bounds(self) -> QueryBounds:
        now = self.now()
        policy = self.coach_settings.revive_policy()
        tz = self.clock.tz
        today = now.date()
        return QueryBounds(
            now=now,
            start_of_today=at_local(today, time(0, 0), tz),
            end_of_today=at_local(today, time(23, 59, 59), tz),
            end_of_week=at_local(today + timedelta(days=7), time(23, 59, 59), tz),
            cold_before=policy.cold_before(now),
            cold_max_touches=GONE_COLD_MAX_TOUCHES,
            lost_before=policy.lost_before(now),
        )

    def prospect_ids(self, query: ProspectQuery) -> list[int]:
        return self.store.query_prospect_ids(query, self.query_bounds())

    def prospect_id_array(self, query: ProspectQuery) -> array[int]:
        """``prospect_ids`` packed: what a list of a hundred thousand holds."""
        return self.store.query_prospect_id_array(query, self.query_bounds())

    def summaries(self, ids: list[int]) -> list[ProspectSummary]:
        return self.store.summaries(ids)

    def count(self, quick: QuickFilter) -> int:
        return self.store.count_prospects(ProspectQuery(quick=quick), self.query_bounds())

    def tag_counts(self) -> list[tuple[str, int]]:
        return self.store.tag_counts()

    def due_counts_by_day(self, first: date, last: date) -> dict[date, int]:
        """Pending follow-ups per local day, on the day they demand attention (snoozes too)."""
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        bounds = [self._midnight(day) for day in days]
        bounds.append(self._midnight(last + timedelta(days=1)))
        counts = self.store.count_due_in(bounds)
        return {day: count for day, count in zip(days, counts, strict=True) if count}

    def _midnight(self, day: date) -> datetime:
        """Where a local day begins: each day from its own midnight, since days
        around a clock change differ in length."""
        return at_local(day, time(0, 0), self.clock.tz)

    def due_on(self, day: date, limit: int | None = None, offset: int = 0) -> list[DueItem]:
        """Pending follow-ups on a local day (the calendar's day agenda); ``limit``
        and ``offset`` read one page of a long day."""
        end = self._midnight(day + timedelta(days=1))
        return self.store.due_in_span(self._midnight(day), end, limit, offset)

    def count_due_on(self, day: date) -> int:
        (count,) = self.store.count_due_in(
            [self._midnight(day), self._midnight(day + timedelta(days=1))]
        )
        return count

    def count_overdue_on(self, day: date) -> int:
        """How many follow-ups of a local day are overdue now: counted, not read."""
        start, end = self._midnight(day), self._midnight(day + timedelta(days=1))
        now = self.now()
        if now <= start:
            return 0
        (count,) = self.store.count_due_in([start, min(now, end)])
        return count

    def attention_counts(self) -> tuple[int, int]:
        """(overdue, due later today): what the navigation and status bar count."""
        overdue, today, _later = self.agenda_counts()
        return overdue, today

    def due_now(self, limit: int) -> tuple[int, list[DueItem]]:
        """How many follow-ups are due now (snoozing respected), and the first
        ``limit`` of them: counted and read a page, never all of them."""
        end = self.now() + timedelta(seconds=1)  # the store keeps whole seconds
        (count,) = self.store.count_due_in([_EPOCH, end])
        return count, self.store.due_in_span(_EPOCH, end, limit)

    def agenda_spans(self) -> list[tuple[datetime, datetime]]:
        """The agenda's sections as [start, end) instants: overdue (before now), the
        rest of today, and the next 7 days."""
        bounds = self.query_bounds()
        second = timedelta(seconds=1)
        return [
            (_EPOCH, bounds.now),
            (bounds.now, bounds.end_of_today + second),
            (bounds.end_of_today + second, bounds.end_of_week + second),
        ]

    def agenda_counts(self) -> tuple[int, int, int]:
        """How many follow-ups each agenda section holds, counted, not read."""
        spans = self.agenda_spans()
        overdue, today, next_days = self.store.count_due_in([s for s, _ in spans] + [spans[-1][1]])
        return overdue, today, next_days

    def agenda_page(self, section: int, limit: int, offset: int = 0) -> list[DueItem]:
        """One page of an agenda section (0 overdue, 1 today, 2 next 7 days)."""
        start, end = self.agenda_spans()[section]
        return self.store.due_in_span(start, end, limit, offset)

    def agenda(self) -> Agenda:
        bounds = self.query_bounds()
        items = self.store.due(bounds.end_of_week)
        now, end_today = bounds.now, bounds.end_of_today
        return Agenda(
            overdue=[d for d in items if is_overdue(d.follow_up, now)],
            today=[
                d
                for d in items
                if not is_overdue(d.follow_up, now) and d.follow_up.effective_due <= end_today
            ],
            next_days=[d for d in items if d.follow_up.effective_due > end_today],
        )

    # -- operations, undo and the change feed -------------------------------------
    def operation(self, label: str) -> AbstractContextManager[OpResult]:
        """Run a use case as one named operation: all or nothing, undoable as one,
        announced once to every listener with what it changed."""
        return self.store.transaction(label)

    def undo_operation(self, op_id: int, label: str = "") -> Changes:
        """Take back one operation's changes, leaving what others changed since."""
        return self.store.undo_op(op_id, label)

    def redo_operation(self, op_id: int, label: str = "") -> Changes:
        return self.store.redo_op(op_id, label)

    def subscribe(self, listener: Callable[[Changes], None]) -> None:
        """``listener(changes)`` after every operation this program commits."""
        self.store.subscribe(listener)

    def unsubscribe(self, listener: Callable[[Changes], None]) -> None:
        self.store.unsubscribe(listener)

    def forget_old_operations(self) -> None:
        """Drop operations older than two weeks from the undo log (kept small)."""
        self.store.prune_log()

    def external_changes(self) -> Changes:
        """What other programs (the command line, another window) changed since the
        last call: cheap when nothing did."""
        return self.store.external_changes()

    def verify_database(self) -> str | None:
        """Check the whole file for damage; when it is damaged, say so in words and
        refuse every change from now on (nothing is written to a damaged file)."""
        problem = self.store.verify()
        if problem is None:
            return None
        message = _(
            "Your database is damaged ({problem}). FollowUp will not change it, so "
            "that nothing more is lost: restore it from a backup, and keep a copy of "
            "this file. Changes you try to make now are refused."
        ).format(problem=problem)
        self.store.refuse_writes(message)
        return message

    # -- reading single rows for the views ---------------------------------------
    def prospect_count(self) -> int:
        return self.store.prospect_count()

    def find_prospect(self, prospect_id: int) -> Prospect | None:
        """The prospect, or None when it no longer exists (deleted meanwhile)."""
        return self.store.get_prospect(prospect_id)

    def find_follow_up(self, follow_up_id: int) -> FollowUp | None:
        return self.store.get_follow_up(follow_up_id)

    # -- deleting and undoing ----------------------------------------------------
    @one_write
    def delete_prospect(self, prospect_id: int) -> ProspectSnapshot:
        snapshot = self.store.snapshot_prospect(prospect_id)
        if snapshot is None:
            raise DomainError(_("There is no prospect with id {id}.").format(id=prospect_id))
        self.store.delete_prospect(prospect_id)
        return snapshot

    def restore_prospect(self, snapshot: ProspectSnapshot) -> None:
        self.store.restore_prospect(snapshot, self.now())

    def snapshot(self, prospect_id: int) -> ProspectSnapshot:
        """Everything about a prospect now: what undo and redo put back."""
        snapshot = self.store.snapshot_prospect(prospect_id)
        if snapshot is None:
            raise DomainError(_("There is no prospect with id {id}.").format(id=prospect_id))
        return snapshot

    def revert(self, snapshot: ProspectSnapshot) -> None:
        """Make a prospect exactly as in ``snapshot``, touches and follow-ups included."""
        assert snapshot.prospect.id is not None
        with self.store.transaction():
            self.store.delete_prospect(snapshot.prospect.id)
            self.store.restore_prospect(snapshot, self.now())

    @one_write
    def update_touch(self, touch: Touch) -> None:
        self.store.update_touch(touch)

    @one_write
    def delete_touch(self, touch_id: int) -> TouchSnapshot:
        snapshot = self.store.delete_touch(touch_id)
        if snapshot is None:
            raise DomainError(_("That touch no longer exists."))
        return snapshot

    def restore_touch(self, snapshot: TouchSnapshot) -> None:
        self.store.restore_touch(snapshot, self.now())

    # -- reports for scripts -------------------------------------------------
    def prospects_json(self) -> list[dict[str, Any]]:
        tz = self.clock.tz
        result = []
        for s in self.store.summaries():
            p = s.prospect
            lines = envelope_lines(p.name, p.company, p.address, self.home_country)
            result.append(
                {
                    "id": p.id,
                    "name": p.name,
                    "company": p.company,
                    "title": p.title,
                    "emails": list(p.emails),
                    "phones": list(p.phones),
                    "mailing_address": "\n".join(lines) if lines else None,
                    "source": p.source.value,
                    "stage": p.stage.value,
                    "lost_reason": p.lost_reason or None,
                    "deal_value": str(p.deal_value) if p.deal_value is not None else None,
                    "tags": list(p.tags),
                    "cadence": p.cadence,
                    "next_follow_up": _iso(s.next_due_at, tz),
                    "touch_count": s.touch_count,
                    "last_touch_at": _iso(s.last_touch_at, tz),
                }
            )
        return result

    def due_json(self, until: datetime | None = None) -> list[dict[str, Any]]:
        now = self.now()
        return [
            {
                "follow_up_id": item.follow_up.id,
                "prospect_id": item.follow_up.prospect_id,
                "prospect_name": item.prospect_name,
                "company": item.company,
                "due_at": _iso(item.follow_up.due_at, self.clock.tz),
                "snoozed_until": _iso(item.follow_up.snoozed_until, self.clock.tz),
                "channel": item.follow_up.channel.value,
                "purpose": item.follow_up.purpose,
                "overdue": is_overdue(item.follow_up, now),
            }
            for item in self.due(until)
        ]

    def cadence_names(self) -> dict[str, str]:
        return {key: c.name for key, c in self.plans().items()}


def _iso(moment: datetime | None, tz: tzinfo) -> str | None:
    return iso_in(moment, tz) if moment is not None else None
