"""The thank-you queue: whom to write a handwritten note to, why, and where to send it.

Meetings, won deals, referrals received and introductions made put a prospect
on the list (which of them do is a preference); the user adds and removes
entries by hand; marking notes sent logs a thank-you note touch for each and
takes them off the list, undoably. Every change is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import (
    Channel,
    Direction,
    FollowUpStatus,
    Outcome,
    Stage,
    Touch,
)
from followup_desktop.domain.thanks import (
    HAND_ADDED,
    ThankYouEntry,
    ThankYouPreference,
    ThankYouReason,
    ThankYouRecord,
    hand_added,
    make_entry,
    owed_notes,
    reason_for_stage_change,
    reason_for_touch,
    sends_note,
    sent_summary,
)
from followup_desktop.domain.wallclock import iso_in
from followup_desktop.i18n import _
from followup_desktop.services.followup import FollowUpService

# How far back fill_from_history looks: a thank-you note is written within days.
FILL_DAYS = 14
HISTORY_CHANNELS = (Channel.MEETING, Channel.INTRODUCTION, Channel.NOTE)


@dataclass(frozen=True)
class SentNote:
    """What marking one entry sent changed, so that it can be undone."""

    entry_id: int
    prospect_id: int
    touch_id: int  # the "thank-you note" touch logged
    completed_follow_up_id: int | None  # the planned note it carried out, if any
    next_follow_up_id: int | None  # the follow-up its cadence planned next, if any
    stage: Stage  # the prospect's stage, lost reason and cadence before
    lost_reason: str
    cadence: str
    cadence_position: int


def _is_queue_hook(hook: Any) -> bool:
    return isinstance(getattr(hook, "__self__", None), ThankYouService)


class ThankYouService:
    """The thank-you list of one user's database.

    Creating it connects it to ``service``: from then on the touches and stage
    changes ``service`` stores fill the list (a newer ThankYouService for the
    same service takes over from an older one).
    """

    def __init__(
        self, service: FollowUpService, preference: ThankYouPreference | None = None
    ) -> None:
        self.service = service
        self.store = service.store
        if preference is None:
            from followup_desktop.services.preferences import (
                DatabasePreferences,
                load_thank_you_preference,
            )

            # The user's choice, the same in the window and on the command line.
            preference = load_thank_you_preference(DatabasePreferences(service))
        self.preference = preference
        service.touch_hooks[:] = [h for h in service.touch_hooks if not _is_queue_hook(h)]
        service.stage_hooks[:] = [h for h in service.stage_hooks if not _is_queue_hook(h)]
        service.touch_hooks.append(self.on_touch_logged)
        service.stage_hooks.append(self.on_stage_changed)

    # -- listening ---------------------------------------------------------------
    def on_touch_logged(self, touch: Touch, stage: Stage, previous: Stage | None = None) -> None:
        """A stored touch: a meeting (and the rest the preference names) queues a note;
        a note sent settles the prospect's pending one."""
        if sends_note(touch):
            self._settle(touch)
            return
        reason = reason_for_touch(touch, stage, previous, self.preference)
        if reason is not None:
            self._enqueue(touch.prospect_id, reason, touch.id)

    def on_stage_changed(self, prospect_id: int, stage: Stage, previous: Stage) -> None:
        """A prospect moved by hand: winning the deal queues a note."""
        reason = reason_for_stage_change(stage, previous, self.service.now(), self.preference)
        if reason is not None:
            self._enqueue(prospect_id, reason, None)

    def _enqueue(self, prospect_id: int, reason: ThankYouReason, touch_id: int | None) -> int:
        """One pending entry per prospect: a later reason updates it instead of adding one."""
        with self.store.transaction():
            pending = self.store.pending_thank_you(prospect_id)
            if pending is None:
                return self.store.add_thank_you(
                    ThankYouRecord(
                        id=None,
                        prospect_id=prospect_id,
                        touch_id=touch_id,
                        reason=reason.reason,
                        talking_point=reason.talking_point,
                        occurred_at=reason.occurred_at,
                        created_at=self.service.now(),
                    )
                )
            assert pending.id is not None
            if reason.replaces(pending.occurred_at):
                reason = reason.taking_over(pending.reason, pending.talking_point)
                self.store.update_thank_you(
                    replace(
                        pending,
                        touch_id=touch_id,
                        reason=reason.reason,
                        talking_point=reason.talking_point,
                        occurred_at=reason.occurred_at,
                    )
                )
            return pending.id

    def _settle(self, touch: Touch) -> None:
        pending = self.store.pending_thank_you(touch.prospect_id)
        if pending is not None and pending.occurred_at <= touch.at:
            self.store.update_thank_you(
                replace(pending, sent_at=self.service.now(), sent_touch_id=touch.id)
            )

    def fill_from_history(self, days: int = FILL_DAYS) -> int:
        """Queue the notes owed for the last ``days`` days of touches (after demo data or
        an import, which bypass the hooks); touches already queued once are skipped.
        Returns how many prospects were queued or updated."""
        since = self.service.now() - timedelta(days=days)
        touches = self.store.touches_since(since, HISTORY_CHANNELS)
        done = self.store.thank_you_touch_ids()
        owed = owed_notes([t for t in touches if t.id not in done], self.preference)
        with self.store.transaction():
            for prospect_id, (reason, touch_id) in owed.items():
                self._enqueue(prospect_id, reason, touch_id)
        return len(owed)

    # -- the list ----------------------------------------------------------------
    def queue(self, limit: int | None = None, offset: int = 0) -> list[ThankYouEntry]:
        """The notes to write, the longest waiting first (one page of them with
        ``limit`` and ``offset``)."""
        home = self.service.home_country
        return [
            make_entry(record, p.name, p.company, p.address, home)
            for record, p in self.store.thank_you_queue(limit, offset)
        ]

    def count(self) -> int:
        return self.store.thank_you_count()

    def pending_of(self, prospect_id: int) -> ThankYouRecord | None:
        """The note still owed to this prospect, if one is."""
        return self.store.pending_thank_you(prospect_id)

    def entry(self, entry_id: int) -> ThankYouEntry:
        """One entry as the list shows it (after its prospect's address was completed)."""
        record = self._record(entry_id)
        p = self.service.get_prospect(record.prospect_id)
        return make_entry(record, p.name, p.company, p.address, self.service.home_country)

    def add(
        self, prospect_id: int, reason: str = HAND_ADDED, talking_point: str = ""
    ) -> ThankYouEntry:
        """Put a prospect on the list by hand; one already on it stays as it is."""
        self.service.get_prospect(prospect_id)  # a clear error for a prospect that is gone
        pending = self.store.pending_thank_you(prospect_id)
        if pending is not None and pending.id is not None:
            return self.entry(pending.id)
        now = self.service.now()
        wanted = hand_added(now, reason, talking_point)
        entry_id = self.store.add_thank_you(
            ThankYouRecord(
                id=None,
                prospect_id=prospect_id,
                touch_id=None,
                reason=wanted.reason,
                talking_point=wanted.talking_point,
                occurred_at=wanted.occurred_at,
                created_at=now,
            )
        )
        return self.entry(entry_id)

    def remove(self, entry_id: int) -> ThankYouRecord:
        """Take an entry off the list; returns it as it was, for restore (undo)."""
        record = self._pending(entry_id)
        self.store.update_thank_you(replace(record, removed_at=self.service.now()))
        return record

    def restore(self, record: ThankYouRecord) -> None:
        """Put back an entry as ``remove`` returned it (undo of a removal)."""
        with self.store.transaction():
            pending = self.store.pending_thank_you(record.prospect_id)
            if pending is not None and pending.id != record.id:
                raise DomainError(_("This prospect is already on the thank-you list."))
            if self.store.get_thank_you(self._id(record)) is None:
                self.store.add_thank_you(record)  # its prospect was deleted and restored
            else:
                self.store.update_thank_you(record)

    # -- sending -------------------------------------------------------------------
    def mark_sent(self, entry_ids: Iterable[int]) -> list[SentNote]:
        """Each note was written and posted: log a "thank-you note" touch for it and
        take it off the list. All or nothing; returns what ``unmark_sent`` needs."""
        sent: list[SentNote] = []
        with self.store.transaction():
            for entry_id in dict.fromkeys(entry_ids):
                sent.append(self._mark_one(self._pending(entry_id)))
        return sent

    def _mark_one(self, record: ThankYouRecord) -> SentNote:
        service, now = self.service, self.service.now()
        pid = record.prospect_id
        prospect = service.get_prospect(pid)
        summary = sent_summary(record.talking_point)
        planned = [f for f in service.pending(pid) if f.channel is Channel.NOTE]
        completed_id = next_id = None
        if planned:
            # The cadence planned this note: carry it out and plan what comes next.
            logged = service.log_touch(
                pid,
                Channel.NOTE,
                outcome=Outcome.SENT,
                summary=summary,
                at=now,
                answers=planned[0].id,
            )
            touch_id = logged.touch.id
            completed_id = logged.completed.id if logged.completed else None
            next_id = logged.next_follow_up.id if logged.next_follow_up else None
        else:
            # A note outside the plan: recorded, leaving the planned follow-ups alone.
            touch = Touch(None, pid, now, Channel.NOTE, Direction.OUT, Outcome.SENT, summary)
            touch_id = self.store.add_touch(touch, now)
        assert touch_id is not None
        assert record.id is not None
        self.store.update_thank_you(replace(record, sent_at=now, sent_touch_id=touch_id))
        return SentNote(
            entry_id=record.id,
            prospect_id=pid,
            touch_id=touch_id,
            completed_follow_up_id=completed_id,
            next_follow_up_id=next_id,
            stage=prospect.stage,
            lost_reason=prospect.lost_reason,
            cadence=prospect.cadence,
            cadence_position=prospect.cadence_position,
        )

    def unmark_sent(self, sent: Sequence[SentNote]) -> None:
        """Undo ``mark_sent``: delete the touches it logged, reopen the follow-ups
        they carried out, and put the entries back on the list."""
        store, now = self.store, self.service.now()
        with store.transaction():
            for note in reversed(sent):
                store.delete_touch(note.touch_id)
                if note.next_follow_up_id is not None:
                    store.delete_follow_up(note.next_follow_up_id)
                if note.completed_follow_up_id is not None:
                    if store.get_follow_up(note.completed_follow_up_id) is not None:
                        store.finish_follow_up(
                            note.completed_follow_up_id, FollowUpStatus.PENDING, None
                        )
                    store.set_stage(note.prospect_id, note.stage, note.lost_reason, now)
                    store.set_cadence(note.prospect_id, note.cadence, note.cadence_position, now)
                record = store.get_thank_you(note.entry_id)
                if record is not None and store.pending_thank_you(note.prospect_id) is None:
                    store.update_thank_you(replace(record, sent_at=None, sent_touch_id=None))

    # -- for scripts -----------------------------------------------------------------
    def queue_json(self) -> list[dict[str, Any]]:
        tz = self.service.clock.tz
        return [
            {
                "entry_id": e.entry_id,
                "prospect_id": e.prospect_id,
                "name": e.name,
                "company": e.company,
                "salutation": e.salutation,
                "mailing_address": "\n".join(e.address_lines) if e.address_lines else None,
                "address_missing": e.address_missing,
                "reason": e.reason,
                "talking_point": e.talking_point,
                "occurred_at": iso_in(e.occurred_at, tz),
            }
            for e in self.queue()
        ]

    # -- helpers -----------------------------------------------------------------------
    @staticmethod
    def _id(record: ThankYouRecord) -> int:
        if record.id is None:
            raise DomainError(_("That thank-you note was never on the list."))
        return record.id

    def _record(self, entry_id: int) -> ThankYouRecord:
        record = self.store.get_thank_you(entry_id)
        if record is None:
            raise DomainError(_("There is no thank-you note with id {id}.").format(id=entry_id))
        return record

    def _pending(self, entry_id: int) -> ThankYouRecord:
        record = self._record(entry_id)
        if not record.is_pending:
            raise DomainError(_("That thank-you note is no longer on the list."))
        return record
