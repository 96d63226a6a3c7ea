"""Phone sync: follow-ups as to-dos and prospects as contacts on the user's own
CalDAV/CardDAV server, both ways, with a status table like vdirsyncer's.

Each item's state (``store.SyncedItem``) holds its href, its ETag and a hash of
the content last uploaded and last seen on the server. An item changed on the
server when its ETag and its content hash both changed; changed here when what
would be uploaded now hashes differently from what was. Changes from the server
are applied first, through the service's use cases (so that they are logged,
undoable and announced like any edit); then what changed here is written, each
write conditional on the ETag last seen, so that nothing another client wrote
is overwritten unseen: a refused write is counted as a conflict and kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import FollowUp, FollowUpStatus, PostalAddress, Prospect
from followup_desktop.i18n import _, ngettext
from followup_desktop.io.dav import (
    DavServer,
    PreconditionFailed,
    RemoteItem,
    SyncTokenRefused,
    item_path,
)
from followup_desktop.io.icalendar_file import (
    FollowUpEntry,
    follow_up_uid,
    merge_todo,
    read_todo,
    write_todo,
)
from followup_desktop.io.vcard import merge_vcard, read_vcards, write_vcards
from followup_desktop.services.followup import FollowUpService
from followup_desktop.services.sync_account import (  # the account's settings
    PASSWORD_ENV_SETTING,
    URL_SETTING,
    USER_SETTING,
)
from followup_desktop.store import SyncedItem

COLLECTION_NAME = "FollowUp"
TODO = "todo"
CONTACT = "contact"
ICS_TYPE = "text/calendar"
VCARD_TYPE = "text/vcard"
# Properties that say when or by what an item was written, not what it says:
# left out of the content hash, as vdirsyncer leaves them out.
_UNHASHED = re.compile(r"^(DTSTAMP|PRODID|LAST-MODIFIED|REV|COMPLETED|SEQUENCE)[;:]", re.I)
_FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


def content_hash(text: str) -> str:
    """A hash of an item's content, the same whoever wrote it when: lines unfolded,
    line endings and the time stamps of writing left out."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text.replace("\r\n", "\n"))
    lines = [line for line in unfolded.split("\n") if line and not _UNHASHED.match(line)]
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Account:
    """Where to sync: the server, the user, and the password (never stored here)."""

    url: str
    user: str
    password: str | None = None


@dataclass(frozen=True)
class SyncOperation:
    """An undoable operation a sync made here (the window puts it on its undo stack)."""

    op_id: int
    label: str


@dataclass(frozen=True)
class MergedContact:
    """What a contact edited on the phone added to a prospect, in words."""

    prospect: str
    added: tuple[str, ...]


@dataclass(frozen=True)
class SyncConflict:
    """An item changed on both sides since the last sync: what each side did, in
    words, and the server's version as it was (this side's was uploaded over it)."""

    kind: str  # "todo" or "contact"
    prospect: str
    here: str
    there: str
    server_version: str


def conflict_text(conflict: SyncConflict) -> str:
    """One conflict in words, for the command line and the window."""
    kind = _("to-do") if conflict.kind == TODO else _("contact")
    return _(
        "Conflict on the {kind} of {prospect}: here {here}, on the server {there}; "
        "this computer's version was kept."
    ).format(kind=kind, prospect=conflict.prospect, here=conflict.here, there=conflict.there)


@dataclass
class SyncReport:
    """What one sync did, counted per item (to-dos and contacts together)."""

    uploaded: int = 0  # items new on the server
    updated: int = 0  # items replaced on the server
    removed: int = 0  # items removed from the server
    unchanged: int = 0
    conflicts: int = 0  # changed on both sides: kept as they are, for the user to decide
    from_server: int = 0  # changes made on the server and applied here
    operations: list[SyncOperation] = field(default_factory=list)
    merged: list[MergedContact] = field(default_factory=list)
    conflict_items: list[SyncConflict] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "uploaded": self.uploaded,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "from_server": self.from_server,
            "merged": [{"prospect": m.prospect, "added": list(m.added)} for m in self.merged],
            "conflict_items": [asdict(c) for c in self.conflict_items],
        }


class EmptyServer(DomainError):
    """The server lists none of the items synced with it before: perhaps emptied by
    mistake, or another server behind the same address. Nothing was changed."""

    def __init__(self, kind: str, count: int) -> None:
        self.kind = kind
        self.count = count
        if kind == TODO:
            message = ngettext(
                "The FollowUp calendar on the server is empty, though {n} to-do was synced "
                "to it before. Nothing was changed: if it was removed there on purpose, sync "
                "again allowing an empty server, and its follow-up is skipped here.",
                "The FollowUp calendar on the server is empty, though {n} to-dos were synced "
                "to it before. Nothing was changed: if they were removed there on purpose, sync "
                "again allowing an empty server, and their follow-ups are skipped here.",
                count,
            )
        else:
            message = ngettext(
                "The FollowUp address book on the server is empty, though {n} contact was "
                "synced to it before. Nothing was changed: if it was removed there on purpose, "
                "sync again allowing an empty server, and it is put back.",
                "The FollowUp address book on the server is empty, though {n} contacts were "
                "synced to it before. Nothing was changed: if they were removed there on "
                "purpose, sync again allowing an empty server, and they are put back.",
                count,
            )
        super().__init__(message.format(n=count))


def remembered_account(service: FollowUpService, environ: dict[str, str]) -> Account | None:
    """The account a previous sync used, with its password read from the variable
    it named; None when no sync was set up."""
    store = service.store
    url, user = store.get_setting(URL_SETTING), store.get_setting(USER_SETTING)
    if not url or user is None:
        return None
    variable = store.get_setting(PASSWORD_ENV_SETTING) or ""
    return Account(url, user, environ.get(variable) if variable else None)


def remember_account(service: FollowUpService, account: Account, password_env: str) -> None:
    """Keep the server and user (and the name of the password's variable) for the
    next sync; forget the old state when the account is another one."""
    store = service.store
    if (store.get_setting(URL_SETTING), store.get_setting(USER_SETTING)) != (
        account.url,
        account.user,
    ):
        store.forget_sync_state()
    store.set_setting(URL_SETTING, account.url)
    store.set_setting(USER_SETTING, account.user)
    store.set_setting(PASSWORD_ENV_SETTING, password_env)


def password_from_env(variable: str) -> str:
    value = os.environ.get(variable)
    if value is None:
        raise DomainError(
            _("The environment variable {name} holding the password is not set.").format(
                name=variable
            )
        )
    return value


class SyncService:
    """One sync of the user's follow-ups and prospects with one server account."""

    def __init__(self, service: FollowUpService, server: DavServer) -> None:
        self.service = service
        self.store = service.store
        self.server = server
        self._tokens: list[tuple[str, str, str]] = []

    def sync(self, *, allow_empty: bool = False) -> SyncReport:
        """Sync both ways. A collection the server suddenly lists empty, where items
        were synced before, stops the sync with ``EmptyServer`` before anything is
        changed, unless ``allow_empty`` (the user said they were removed there)."""
        report = SyncReport()
        calendar = self.server.calendar(COLLECTION_NAME)
        book = self.server.address_book(COLLECTION_NAME)
        todos = self._listing(TODO, calendar)
        contacts = self._listing(CONTACT, book)
        if not allow_empty:
            for kind, listing in ((TODO, todos), (CONTACT, contacts)):
                synced = len(self.store.synced_items(kind))
                if synced and not listing:
                    raise EmptyServer(kind, synced)
        self._sync_todos(calendar, todos, report)
        self._sync_contacts(book, contacts, report)
        # Only now: a sync stopped half-way asks again from the token before.
        for kind, collection, token in self._tokens:
            self.store.put_sync_token(kind, collection, token)
        return report

    def _listing(self, kind: str, collection: str) -> dict[str, str]:
        """Every item in a collection, by path, with its ETag: from what changed since
        the last sync's token when the server offers tokens, else (or when it refuses
        the token) from a listing of every ETag. Either way an item removed there is
        one absent from the listing."""
        token = self.store.sync_token(kind, collection)
        try:
            changes = self.server.changes_since(collection, token)
        except SyncTokenRefused:
            if token:
                # Forgotten by the server: a fresh token for next time, then the ETags.
                try:
                    fresh = self.server.changes_since(collection, "")
                except SyncTokenRefused:
                    self._tokens.append((kind, collection, ""))  # not to be offered again
                else:
                    self._tokens.append((kind, collection, fresh.token))
            return self.server.etags(collection)
        self._tokens.append((kind, collection, changes.token))
        if not token:
            return dict(changes.changed)
        listing = {item.href: item.etag for item in self.store.synced_items(kind).values()}
        listing.update(changes.changed)
        for href in changes.removed:
            listing.pop(href, None)
        return listing

    # -- follow-ups and to-dos -------------------------------------------------
    def _sync_todos(self, calendar: str, listing: dict[str, str], report: SyncReport) -> None:
        state = self.store.synced_items(TODO)
        prospects: dict[int, Prospect | None] = {}
        for item in state.values():
            if item.href in listing and listing[item.href] != item.etag:
                self._take_todo_from_server(item, self.server.get(item.href), prospects, report)
        self._take_todo_deletions(
            [item for item in state.values() if item.href not in listing], prospects, report
        )
        state = self.store.synced_items(TODO)
        pending = [
            due.follow_up.id for due in self.store.due(_FAR_FUTURE) if due.follow_up.id is not None
        ]
        for follow_up_id in [*pending, *(i for i in state if i not in set(pending))]:
            synced = state.get(follow_up_id)
            follow_up = self.store.get_follow_up(follow_up_id)
            entry = self._entry(follow_up, prospects) if follow_up is not None else None
            if entry is None or (synced is None and follow_up_id not in pending):
                continue
            self._push(
                TODO,
                follow_up_id,
                synced.uid if synced is not None else follow_up_uid(entry),
                entry.prospect_name,
                calendar,
                partial(self._todo_content, follow_up_id, prospects),
                synced,
                listing,
                report,
                lambda i, r: self._take_todo_from_server(i, r, prospects, report),
            )
        for follow_up_id, item in self.store.synced_items(TODO).items():
            follow_up = self.store.get_follow_up(follow_up_id)
            if follow_up is None or follow_up.status is FollowUpStatus.SKIPPED:
                self._remove(item, listing, report)  # deleted or skipped here

    def _todo_content(
        self, follow_up_id: int, prospects: dict[int, Prospect | None]
    ) -> tuple[str, dict[str, str]] | None:
        """What the follow-up's to-do says now (and the fields a conflict is judged
        on); None when it is not to be on the server (skipped or deleted here)."""
        follow_up = self.store.get_follow_up(follow_up_id)
        entry = self._entry(follow_up, prospects) if follow_up is not None else None
        if follow_up is None or entry is None or follow_up.status is FollowUpStatus.SKIPPED:
            return None
        done = follow_up.status is FollowUpStatus.DONE
        completed = self._completed_at(follow_up) if done else None
        body = write_todo(entry, stamp=self.service.now(), completed=completed)
        return body, _todo_fields(follow_up.effective_due, done)

    def _entry(
        self, follow_up: FollowUp, prospects: dict[int, Prospect | None]
    ) -> FollowUpEntry | None:
        pid = follow_up.prospect_id
        if pid not in prospects:
            prospects[pid] = self.store.get_prospect(pid)
        prospect = prospects[pid]
        if prospect is None:
            return None
        return FollowUpEntry(
            follow_up,
            prospect.uid,
            prospect.name,
            prospect.company,
            prospect.emails,
            prospect.phones,
        )

    def _completed_at(self, follow_up: FollowUp) -> datetime:
        if follow_up.completed_by is not None:
            for touch in self.store.touches(follow_up.prospect_id):
                if touch.id == follow_up.completed_by:
                    return touch.at
        return self.service.now()

    def _take_todo_from_server(
        self,
        item: SyncedItem,
        remote: RemoteItem,
        prospects: dict[int, Prospect | None],
        report: SyncReport,
    ) -> None:
        """A to-do changed on the server: carried out there, or moved. When it was
        moved there and changed here too since the last sync, that is a conflict:
        reported, and this side's version is the one uploaded."""
        seen = content_hash(remote.body)
        if seen == item.remote_hash:
            self.store.put_synced_item(replace(item, etag=remote.etag))
            return  # the same content rewritten (a new ETag only)
        todo = read_todo(remote.body)
        follow_up = self.store.get_follow_up(item.local_id)
        if todo is not None:
            now = self._todo_content(item.local_id, prospects)
            base = _fields_of(item.local_hash)
            here = now[1] if now is not None else {}
            changed_here = now is None or content_hash(now[0]) != _hash_of(item.local_hash)
            if (
                not base
            ):  # state from before fields were kept: unchanged here means here is the base
                base = here if not changed_here else {}
            there_due = _iso(todo.due) if todo.due is not None else base.get("due", "")
            pending = follow_up is not None and follow_up.status is FollowUpStatus.PENDING
            if todo.completed and base.get("done") != "1":
                if pending:
                    assert follow_up is not None
                    self.service.log_touch(
                        follow_up.prospect_id,
                        follow_up.channel,
                        summary=follow_up.purpose,
                        notes=_("Marked done on the phone."),
                        answers=follow_up.id,
                    )
                    report.from_server += 1
            elif there_due and there_due != base.get("due") and there_due != here.get("due"):
                if pending and here.get("due") == base.get("due"):
                    assert follow_up is not None
                    assert follow_up.id is not None
                    assert todo.due is not None
                    self.service.reschedule(follow_up.id, todo.due, keep_zone=todo.zoned)
                    report.from_server += 1
                else:
                    self._conflict(
                        report,
                        TODO,
                        self._name_of(follow_up, prospects, item),
                        _todo_words(follow_up, here),
                        _("due {when}").format(when=_when_words(todo.due)),
                        remote.body,
                    )
        # What the server holds now is the base the next upload replaces.
        self.store.put_synced_item(replace(item, etag=remote.etag, remote_hash=seen))

    def _name_of(
        self,
        follow_up: FollowUp | None,
        prospects: dict[int, Prospect | None],
        item: SyncedItem,
    ) -> str:
        entry = self._entry(follow_up, prospects) if follow_up is not None else None
        return entry.prospect_name if entry is not None else item.uid

    def _take_todo_deletions(
        self,
        gone: list[SyncedItem],
        prospects: dict[int, Prospect | None],
        report: SyncReport,
    ) -> None:
        """To-dos deleted on the phone: their follow-ups are skipped, all in one
        undoable operation. One changed here since it was uploaded is put back."""
        skipped: list[FollowUp] = []
        for item in gone:
            follow_up = self.store.get_follow_up(item.local_id)
            if follow_up is not None and follow_up.status is FollowUpStatus.PENDING:
                now = self._todo_content(item.local_id, prospects)
                if now is None:
                    continue
                if content_hash(now[0]) != _hash_of(item.local_hash):
                    # Changed here since: not what the phone let go of. Uploaded again.
                    self._conflict(
                        report,
                        TODO,
                        self._name_of(follow_up, prospects, item),
                        _todo_words(follow_up, {}),
                        _("deleted"),
                        "",
                    )
                    self.store.forget_synced_item(item.kind, item.local_id)
                    continue
                skipped.append(follow_up)
            else:
                self.store.forget_synced_item(item.kind, item.local_id)
        if not skipped:
            return
        label = ngettext(
            "Skip {n} follow-up deleted on the phone",
            "Skip {n} follow-ups deleted on the phone",
            len(skipped),
        ).format(n=len(skipped))
        with self.service.operation(label) as op:
            for follow_up in skipped:
                assert follow_up.id is not None
                self.service.skip(follow_up.id)
                self.store.forget_synced_item(TODO, follow_up.id)
        report.from_server += len(skipped)
        if op.op_id is not None:
            report.operations.append(SyncOperation(op.op_id, label))

    # -- prospects and contacts -----------------------------------------------
    def _sync_contacts(self, book: str, listing: dict[str, str], report: SyncReport) -> None:
        state = self.store.synced_items(CONTACT)
        for item in state.values():
            if item.href in listing and listing[item.href] != item.etag:
                self._take_contact_from_server(item, self.server.get(item.href), report)
        state = self.store.synced_items(CONTACT)
        present: set[int] = set()
        for summary in self.store.summaries():
            prospect = summary.prospect
            if prospect.id is None:
                continue
            present.add(prospect.id)
            self._push(
                CONTACT,
                prospect.id,
                prospect.uid,
                prospect.name,
                book,
                partial(self._contact_content, prospect.id),
                state.get(prospect.id),
                listing,
                report,
                lambda i, r: self._take_contact_from_server(i, r, report),
            )
        for prospect_id, item in state.items():
            if prospect_id not in present:
                self._remove(item, listing, report)

    def _contact_content(self, prospect_id: int) -> tuple[str, dict[str, str]] | None:
        prospect = self.store.get_prospect(prospect_id)
        if prospect is None:
            return None
        return write_vcards([prospect], "3.0"), _contact_fields(
            prospect.name, prospect.company, prospect.title
        )

    def _take_contact_from_server(
        self, item: SyncedItem, remote: RemoteItem, report: SyncReport
    ) -> None:
        """A contact edited on the server: new phone numbers and e-mail addresses join
        the prospect's, and its address when the prospect has none (nothing the
        prospect has is taken away). A name, company or title changed both there
        and here is a conflict: reported, and this side's is the one uploaded."""
        seen = content_hash(remote.body)
        prospect = self.store.get_prospect(item.local_id)
        cards = read_vcards(remote.body).contacts
        if seen != item.remote_hash and prospect is not None and cards:
            card = cards[0]
            base = _fields_of(item.local_hash)
            here = _contact_fields(prospect.name, prospect.company, prospect.title)
            there = _contact_fields(card.name, card.company, card.title)
            clashes = [
                key
                for key in ("name", "company", "title")
                if key in base and base[key] != here[key] and base[key] != there[key]
                if here[key] != there[key]
            ]
            if clashes:
                self._conflict(
                    report,
                    CONTACT,
                    prospect.name,
                    "; ".join(f"{_field_word(k)} {here[k]}" for k in clashes),
                    "; ".join(f"{_field_word(k)} {there[k]}" for k in clashes),
                    remote.body,
                )
            phones = _joined(prospect.phones, card.phones)
            emails = _joined(prospect.emails, card.emails)
            address = prospect.address if not prospect.address.is_empty else card.address
            if (phones, emails, address) != (prospect.phones, prospect.emails, prospect.address):
                self.service.update_prospect(
                    replace(prospect, phones=phones, emails=emails, address=address),
                    base=prospect,
                )
                report.from_server += 1
                added = [
                    _("phone {number}").format(number=p) for p in phones[len(prospect.phones) :]
                ]
                added += [
                    _("e-mail {address}").format(address=e) for e in emails[len(prospect.emails) :]
                ]
                if address != prospect.address:
                    added.append(_("address {address}").format(address=_one_line(address)))
                report.merged.append(MergedContact(prospect.name, tuple(added)))
        self.store.put_synced_item(replace(item, etag=remote.etag, remote_hash=seen))

    # -- writing ------------------------------------------------------------------
    def _conflict(
        self, report: SyncReport, kind: str, name: str, here: str, there: str, server: str
    ) -> None:
        report.conflicts += 1
        report.conflict_items.append(SyncConflict(kind, name, here, there, server))

    def _push(
        self,
        kind: str,
        local_id: int,
        uid: str,
        name: str,
        collection: str,
        content: Callable[[], tuple[str, dict[str, str]] | None],
        item: SyncedItem | None,
        listing: dict[str, str],
        report: SyncReport,
        take: Callable[[SyncedItem, RemoteItem], None],
    ) -> None:
        """Put one item's content on the server when it is new or changed here.

        A write the server refuses (412: the item changed there meanwhile) is
        followed by reading the item again, taking its change as a sync does, and
        writing once more; refused again, it is a conflict, tried on the next sync.
        """
        made = content()
        if made is None:
            return
        body, fields = made
        content_type = ICS_TYPE if kind == TODO else VCARD_TYPE
        suffix = ".ics" if kind == TODO else ".vcf"
        if item is not None and item.href in listing:
            if _hash_of(item.local_hash) == content_hash(body):
                report.unchanged += 1
                return
            # Written into the server's copy, so that what the phone added stays.
            current = self.server.get(item.href)
            try:
                written = self.server.update(
                    item.href, _merged(kind, body, current.body), content_type, item.etag
                )
            except PreconditionFailed:
                fresh = self.server.get(item.href)
                take(item, fresh)
                made = content()
                if made is None:
                    return
                body, fields = made
                try:
                    written = self.server.update(
                        item.href, _merged(kind, body, fresh.body), content_type, fresh.etag
                    )
                except PreconditionFailed:
                    self._conflict(
                        report,
                        kind,
                        name,
                        _("changed"),
                        _("changed again while this sync ran"),
                        self.server.get(item.href).body,
                    )
                    return
            report.updated += 1
        else:
            # New here, or gone from the server (put back: nothing here was removed).
            try:
                written = self.server.create(collection, uid + suffix, body, content_type)
            except PreconditionFailed:
                # One of that name is there already (a sync whose state was lost):
                # replaced on the ETag just read.
                href = item.href if item is not None else item_path(collection, uid + suffix)
                current = self.server.get(href)
                try:
                    written = self.server.update(
                        href, _merged(kind, body, current.body), content_type, current.etag
                    )
                except PreconditionFailed:
                    self._conflict(
                        report,
                        kind,
                        name,
                        _("new"),
                        _("changed again while this sync ran"),
                        self.server.get(href).body,
                    )
                    return
                report.updated += 1
            else:
                report.uploaded += 1
        self.store.put_synced_item(
            SyncedItem(
                kind,
                local_id,
                uid,
                written.href,
                written.etag,
                _with_fields(content_hash(body), fields),
                content_hash(written.body),
            )
        )

    def _remove(self, item: SyncedItem, listing: dict[str, str], report: SyncReport) -> None:
        """Remove from the server what is gone here. Changed there since, it is a
        conflict: reported with the server's version, and removed on the next sync."""
        if item.href in listing:
            try:
                self.server.delete(item.href, item.etag)
            except PreconditionFailed:
                current = self.server.get(item.href)
                self._conflict(
                    report, item.kind, item.uid, _("deleted"), _("changed"), current.body
                )
                self.store.put_synced_item(
                    replace(item, etag=current.etag, remote_hash=content_hash(current.body))
                )
                return
            report.removed += 1
        self.store.forget_synced_item(item.kind, item.local_id)


def _with_fields(body_hash: str, fields: dict[str, str]) -> str:
    """The local hash as kept: the content's hash, then the fields a conflict is
    judged on, as they were uploaded (the base both sides changed from)."""
    return body_hash + "\n" + json.dumps(fields, sort_keys=True, ensure_ascii=False)


def _hash_of(local_hash: str) -> str:
    return local_hash.split("\n", 1)[0]


def _fields_of(local_hash: str) -> dict[str, str]:
    _hash, _nl, fields = local_hash.partition("\n")
    try:
        read = json.loads(fields) if fields else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in read.items()} if isinstance(read, dict) else {}


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _todo_fields(due: datetime, done: bool) -> dict[str, str]:
    return {"due": _iso(due), "done": "1" if done else "0"}


def _contact_fields(name: str, company: str, title: str) -> dict[str, str]:
    return {"name": name, "company": company, "title": title}


def _field_word(key: str) -> str:
    return {"name": _("name"), "company": _("company"), "title": _("title")}[key]


def _when_words(moment: datetime | None) -> str:
    if moment is None:
        return ""
    zone = getattr(moment.tzinfo, "key", None) or moment.tzname() or ""
    return f"{moment:%Y-%m-%d %H:%M} {zone}".strip()


def _todo_words(follow_up: FollowUp | None, here: dict[str, str]) -> str:
    """What this side did with a to-do, for a conflict."""
    if follow_up is None:
        return _("deleted")
    if follow_up.status is FollowUpStatus.DONE:
        return _("done")
    if follow_up.status is FollowUpStatus.SKIPPED:
        return _("skipped")
    return _("due {when}").format(
        when=_when_words(follow_up.effective_due.astimezone(follow_up.due_at.tzinfo))
    )


def _merged(kind: str, ours: str, theirs: str) -> str:
    return merge_todo(ours, theirs) if kind == TODO else merge_vcard(ours, theirs)


def _one_line(address: PostalAddress) -> str:
    parts = [*address.street.splitlines(), address.postal_code, address.city, address.country]
    return ", ".join(" ".join(p.split()) for p in parts if p.strip())


def _joined(mine: tuple[str, ...], theirs: Iterable[str]) -> tuple[str, ...]:
    values = list(mine)
    for value in theirs:
        if value and value not in values:
            values.append(value)
    return tuple(values)
