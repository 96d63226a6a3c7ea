"""Bringing contacts in and follow-ups out: import with a preview, export.

An import is read and matched first, writing nothing (the preview): how many
contacts are new, which look like prospects already there (same uid, same
e-mail, same phone once normalised, or a close name and company), and the
problems with their line numbers. The user decides per duplicate (merge,
skip or create) and the import then runs in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import phonenumbers
from rapidfuzz import fuzz, process

from followup_desktop.domain.cadence import BUILT_IN_CADENCES, propose
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import FollowUp, PostalAddress, Prospect, Source
from followup_desktop.domain.values import clean_line
from followup_desktop.i18n import _
from followup_desktop.io.contacts import ContactCard, LabelledAddress, Problem, add_unique
from followup_desktop.io.csv_contacts import (
    LAYOUT_NAMES,
    ContactTable,
    normalise_header,
    write_google_csv,
)
from followup_desktop.io.files import ContactFile, read_contact_file
from followup_desktop.io.icalendar_file import FollowUpEntry, write_calendar
from followup_desktop.io.vcard import write_vcards
from followup_desktop.services.followup import FollowUpService
from followup_desktop.store import ProspectSnapshot

# A contact whose name is this close (0-100) to a prospect's, at a company this close, repeats it.
NAME_SIMILARITY = 90
COMPANY_SIMILARITY = 85
MAX_FILE_BYTES = 200 * 1024 * 1024
MAPPING_KEY = "csv-mapping:"

Progress = Callable[[int, int], bool]
"""Told (done, total) as work goes on; returning False cancels it."""


class Decision(StrEnum):
    """What to do with a contact that looks like a prospect already there."""

    MERGE = "merge"
    SKIP = "skip"
    CREATE = "create"


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True)
class Match:
    """What a contact seems to repeat: a stored prospect, or a contact earlier in the
    same import (``candidate`` its index), and why."""

    reason: str  # "same uid", "same e-mail", "same phone", "similar name and company"
    name: str
    prospect_id: int | None = None
    candidate: int | None = None
    detail: str = ""  # the e-mail address or phone number both have
    # A close name whose e-mail addresses differ: likely someone else, so not merged
    # unless the user says so.
    conflict: bool = False


# Matches this certain are merged unless the user says otherwise; a close name alone is
# only offered (two people can share a name and a company).
CERTAIN_REASONS = frozenset({"same uid", "same e-mail", "same phone"})


def default_decision(match: Match | None) -> Decision:
    """What an import does with a contact unless told otherwise, in the window and
    on the command line alike: an exact e-mail, phone or uid match merges; a close
    name is offered as a duplicate but a new prospect is created."""
    if match is not None and match.reason in CERTAIN_REASONS:
        return Decision.MERGE
    return Decision.CREATE


@dataclass
class Candidate:
    """A contact on its way in, with its match and what the user decided."""

    contact: ContactCard
    file: str
    match: Match | None = None
    decision: Decision = Decision.CREATE

    @property
    def where(self) -> str:
        return _("{file}, line {line}").format(file=Path(self.file).name, line=self.contact.line)


@dataclass
class FileReport:
    """One file of an import: what was recognised in it and what went wrong."""

    path: str
    format: str
    layout: str
    encoding: str
    contacts: int
    problems: list[Problem]
    refused: bool
    table: ContactTable | None = None
    mapping: list[str] | None = None
    mapping_remembered: bool = False

    @property
    def kind(self) -> str:
        if self.format == "vcard":
            return "vCard"
        if self.format == "csv":
            layout = LAYOUT_NAMES.get(self.layout, self.layout)
            return _("CSV ({layout})").format(layout=_(layout) if layout else layout)
        return _("unreadable")


@dataclass
class ImportPreview:
    files: list[FileReport]
    candidates: list[Candidate]

    @property
    def new_count(self) -> int:
        return sum(1 for c in self.candidates if c.match is None)

    @property
    def duplicate_count(self) -> int:
        """Contacts that look like a prospect already here or one earlier in the import."""
        return sum(1 for c in self.candidates if c.match is not None)

    @property
    def existing_count(self) -> int:
        """Contacts that look like a prospect already here."""
        return sum(1 for c in self.candidates if c.match and c.match.prospect_id is not None)

    @property
    def repeated_count(self) -> int:
        """Contacts that repeat one earlier in the same import."""
        return self.duplicate_count - self.existing_count

    @property
    def problems(self) -> list[tuple[str, Problem]]:
        return [(f.path, p) for f in self.files for p in f.problems]

    @property
    def readable(self) -> bool:
        """False when no file could be read at all (the CLI's exit status 2)."""
        return any(not f.refused for f in self.files)

    def set_all(self, decision: Decision) -> None:
        for candidate in self.candidates:
            if candidate.match is not None:
                candidate.decision = decision


@dataclass
class ImportOutcome:
    """What an import did, and what undoing it needs."""

    created: list[int] = field(default_factory=list)
    # Each merged prospect as it was before the import (once, however many contacts joined it).
    merged_before: list[ProspectSnapshot] = field(default_factory=list)
    merged: int = 0  # contacts merged into a prospect or into an earlier contact
    skipped: int = 0
    redo_snapshots: list[ProspectSnapshot] = field(default_factory=list)


def normalise_phone(text: str, region: str) -> str | None:
    """A number in E.164 when phonenumbers can read it, else its digits (None if too few)."""
    try:
        number = phonenumbers.parse(text, region or None)
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"\D", "", text)
    return digits if len(digits) >= 6 else None


def _blocks(name: str) -> set[str]:
    """The words a close name must share: its first and its last (a family name is
    rarely mistyped, and "Smith, John" still shares both)."""
    words = re.findall(r"\w+", name.casefold())
    return {words[0], words[-1]} if words else set()


class _Matcher:
    """Finds what a contact repeats, among stored prospects and earlier contacts."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.by_uid: dict[str, Match] = {}
        self.by_email: dict[str, Match] = {}
        self.by_phone: dict[str, Match] = {}
        # Per block word: the names (for rapidfuzz) and, beside them, companies and matches.
        self.names: dict[str, list[str]] = {}
        self.entries: dict[str, list[tuple[str, bool, Match]]] = {}

    def add(
        self,
        match: Match,
        name: str,
        company: str,
        emails: Sequence[str],
        phones: Sequence[str],
        uid: str,
    ) -> None:
        if uid:
            self.by_uid.setdefault(uid.casefold(), replace(match, reason="same uid"))
        for email in emails:
            self.by_email.setdefault(
                email.casefold(), replace(match, reason="same e-mail", detail=email)
            )
        for phone in phones:
            key = normalise_phone(phone, self.region)
            if key:
                self.by_phone.setdefault(key, replace(match, reason="same phone", detail=phone))
        for block in _blocks(name):
            self.names.setdefault(block, []).append(name.casefold())
            self.entries.setdefault(block, []).append((company_key(company), bool(emails), match))

    def find(self, contact: ContactCard, name: str) -> Match | None:
        if contact.uid and contact.uid.casefold() in self.by_uid:
            return self.by_uid[contact.uid.casefold()]
        for email in contact.emails:
            if email.casefold() in self.by_email:
                return self.by_email[email.casefold()]
        for phone in contact.phones:
            key = normalise_phone(phone, self.region)
            if key and key in self.by_phone:
                return self.by_phone[key]
        folded, company = name.casefold(), company_key(contact.company)
        for block in sorted(_blocks(name)):
            names = self.names.get(block)
            if not names:
                continue
            hits = process.extract(
                folded,
                names,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=NAME_SIMILARITY,
                limit=None,
            )
            for _choice, _score, index in sorted(hits, key=lambda h: (-h[1], h[2])):
                other_company, has_emails, match = self.entries[block][index]
                if self._same_company(folded, company, names[index], other_company):
                    # Both have e-mail addresses and share none (else they matched above).
                    conflict = has_emails and bool(contact.emails)
                    return replace(match, reason="similar name and company", conflict=conflict)
        return None

    @staticmethod
    def _same_company(name: str, company: str, other_name: str, other_company: str) -> bool:
        if not company or not other_company:
            # Without companies only the very same name counts.
            return name == other_name and not company and not other_company
        return fuzz.ratio(company, other_company) >= COMPANY_SIMILARITY


_LEGAL_FORMS = re.compile(
    r"\b(inc|incorporated|corp|corporation|co|company|ltd|limited|llc|llp|plc|gmbh|ag|"
    r"kg|sa|sas|sarl|srl|spa|bv|nv|ab|as|oy|pty)\b"
)


def company_key(company: str) -> str:
    """A company's name as compared: no legal form ("Inc.", "GmbH"), no punctuation."""
    # "S.p.A." and "SpA" alike: dots go, other punctuation separates words.
    words = re.sub(r"[^\w\s]", " ", company.casefold().replace(".", ""))
    return " ".join(_LEGAL_FORMS.sub(" ", words).split())


def display_name(contact: ContactCard) -> tuple[str, str | None]:
    """The name a contact is stored under, and a note when it had to be made up."""
    if contact.name:
        return clean_line(contact.name), None
    if contact.company:
        return clean_line(contact.company), None
    if contact.emails:
        return contact.emails[0], _("no name: named after its e-mail address")
    return contact.phones[0], _("no name: named after its phone number")


def _address_text(labelled: LabelledAddress) -> str:
    a = labelled.address
    parts = [*a.street.splitlines(), a.city, a.region, a.postal_code, a.country]
    # Translators: a line of a prospect's notes: an address a contact file had besides
    # the postal one ("Other address (home): 1 Main St, Springfield").
    return _("Other address ({label}): {address}").format(
        label=labelled.label or _("other"),
        address=", ".join(p.strip() for p in parts if p.strip()),
    )


def _notes_of(contact: ContactCard) -> str:
    extra = [_address_text(a) for a in contact.other_addresses()]
    return "\n".join(x for x in [contact.notes.strip(), *extra] if x)


class ImportService:
    """Import (with preview, merge and undo) and export for one user's database."""

    def __init__(self, service: FollowUpService) -> None:
        self.service = service
        self.store = service.store

    # -- mappings ------------------------------------------------------------
    @staticmethod
    def _mapping_key(header: Sequence[str]) -> str:
        text = "\x1f".join(normalise_header(h) for h in header)
        return MAPPING_KEY + hashlib.sha256(text.encode()).hexdigest()[:32]

    def remembered_mapping(self, header: Sequence[str]) -> list[str] | None:
        value = self.store.get_setting(self._mapping_key(header))
        if value is None:
            return None
        try:
            mapping = json.loads(value)
        except ValueError:
            return None
        if isinstance(mapping, list) and len(mapping) == len(header):
            return [str(m) for m in mapping]
        return None

    def remember_mapping(self, header: Sequence[str], mapping: Sequence[str]) -> None:
        self.store.set_setting(self._mapping_key(header), json.dumps(list(mapping)))

    # -- reading -------------------------------------------------------------
    def read_file(self, path: str | Path, mapping: Sequence[str] | None = None) -> ContactFile:
        """Read one file; a mapping given (or remembered for its header) replaces the guess."""
        path = Path(path)
        try:
            if path.is_dir():
                raise DomainError(_("{file} is a folder, not a contact file").format(file=path))
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise DomainError(
                    _("{file} is {size} MB: too large for a contact file").format(
                        file=path.name, size=size // (1024 * 1024)
                    )
                )
            # Read as a stream, a card or a row at a time: the file is never held whole.
            with path.open("rb") as stream:
                return read_contact_file(stream, mapping, self.remembered_mapping)
        except OSError as exc:
            raise DomainError(
                _("cannot read {file}: {problem}").format(file=path, problem=exc.strerror or exc)
            ) from None

    def preview(
        self,
        paths: Sequence[str | Path],
        mappings: dict[str, list[str]] | None = None,
        progress: Progress | None = None,
    ) -> ImportPreview:
        """Read and match every file, writing nothing."""
        mappings = mappings or {}
        files: list[FileReport] = []
        contacts: list[tuple[str, ContactCard]] = []
        for index, path in enumerate(paths):
            key = str(path)
            try:
                read = self.read_file(path, mappings.get(key))
            except DomainError as exc:
                files.append(
                    FileReport(key, "", "", "", 0, [Problem(0, str(exc), True)], refused=True)
                )
                continue
            result = read.result
            files.append(
                FileReport(
                    key,
                    result.format,
                    result.layout,
                    read.encoding,
                    len(result.contacts),
                    list(result.problems),
                    result.refused,
                    read.table,
                    read.mapping,
                    read.remembered,
                )
            )
            contacts += [(key, c) for c in result.contacts]
            if progress is not None and not progress(index + 1, len(paths)):
                raise ImportCancelled()
        return ImportPreview(files, self._match(contacts, files, progress))

    def _match(
        self,
        contacts: list[tuple[str, ContactCard]],
        files: list[FileReport],
        progress: Progress | None,
    ) -> list[Candidate]:
        matcher = _Matcher(self.service.home_country)
        for key in self.store.contact_keys():
            matcher.add(
                Match("", key.name, prospect_id=key.prospect_id),
                key.name,
                key.company,
                key.emails,
                key.phones,
                key.uid,
            )
        reports = {f.path: f for f in files}
        candidates: list[Candidate] = []
        for index, (path, contact) in enumerate(contacts):
            name, note = display_name(contact)
            if note:
                reports[path].problems.append(Problem(contact.line, note))
            match = matcher.find(contact, name)
            candidate = Candidate(contact, path, match, default_decision(match))
            candidates.append(candidate)
            if match is None:
                matcher.add(
                    Match("", name, candidate=index),
                    name,
                    contact.company,
                    contact.emails,
                    contact.phones,
                    contact.uid,
                )
            if progress is not None and index % 200 == 0 and not progress(index, len(contacts)):
                raise ImportCancelled()
        return candidates

    # -- writing -------------------------------------------------------------
    def apply(
        self,
        preview: ImportPreview,
        cadence: str | None = None,
        progress: Progress | None = None,
    ) -> ImportOutcome:
        """Write the import in one transaction: all of it, or (on an error or a cancel)
        nothing. New prospects start as new, on ``cadence`` when one is given."""
        if cadence is not None and cadence not in BUILT_IN_CADENCES:
            raise DomainError(_("There is no cadence {name!r}.").format(name=cadence))
        now = self.service.now()
        outcome = ImportOutcome()
        total = len(preview.candidates)
        # Contacts merged into an earlier contact of the same import, by that one's index.
        region = self.service.home_country
        folded: dict[int, ContactCard] = {}
        for candidate in preview.candidates:
            match = candidate.match
            if match is not None and match.candidate is not None:
                if candidate.decision is not Decision.MERGE:
                    continue
                target = _root(preview.candidates, match.candidate)
                base = folded.get(target, preview.candidates[target].contact)
                folded[target] = _merge_cards(base, candidate.contact, region)
                outcome.merged += 1
        new: list[Prospect] = []
        merges: list[tuple[int, ContactCard]] = []
        for index, candidate in enumerate(preview.candidates):
            match = candidate.match
            if match is None or candidate.decision is Decision.CREATE:
                contact = folded.get(index, candidate.contact)
                new.append(self._new_prospect(contact, cadence, keep_uid=match is None))
            elif candidate.decision is Decision.SKIP:
                outcome.skipped += 1
            elif match.prospect_id is not None:
                merges.append((match.prospect_id, candidate.contact))
        # Announced whole (its own undo puts back what it did), not logged row by row.
        with self.store.transaction(_("Import contacts"), everything=True):
            merged_ids: set[int] = set()
            for done, (prospect_id, contact) in enumerate(merges):
                current = self.store.snapshot_prospect(prospect_id)
                if current is None:
                    continue
                if prospect_id not in merged_ids:
                    # The state before the import, once: what undo puts back.
                    merged_ids.add(prospect_id)
                    outcome.merged_before.append(current)
                self.store.update_prospect(_merge_into(current.prospect, contact, region), now)
                outcome.merged += 1
                self._tick(progress, done, total)
            chunk = 500
            for start in range(0, len(new), chunk):
                part = new[start : start + chunk]
                ids = self.store.add_prospects(part, now)
                outcome.created += ids
                if cadence is not None:
                    self._schedule(ids, cadence, now)
                self._tick(progress, len(merges) + start + len(part), total, force=True)
        return outcome

    @staticmethod
    def _tick(progress: Progress | None, done: int, total: int, force: bool = False) -> None:
        if progress is not None and (force or done % 100 == 0) and not progress(done, total):
            raise ImportCancelled()

    def _schedule(self, ids: list[int], cadence_key: str, now: datetime) -> None:
        cadence = BUILT_IN_CADENCES[cadence_key]
        proposal = propose(cadence, 0, now, self.service.follow_up_time)
        self.store.add_follow_ups(
            [
                FollowUp(None, pid, proposal.due_at, proposal.channel, proposal.purpose)
                for pid in ids
            ],
            now,
        )
        for pid in ids:
            self.store.set_cadence(pid, cadence.key, proposal.position_after, now)
        self.store.refresh_summaries(ids)

    def _new_prospect(self, contact: ContactCard, cadence: str | None, keep_uid: bool) -> Prospect:
        name, _note = display_name(contact)
        return Prospect(
            id=None,
            name=name,
            company=clean_line(contact.company),
            title=clean_line(contact.title),
            emails=tuple(contact.emails),
            phones=tuple(contact.phones),
            address=contact.address,
            source=Source.OUTBOUND,
            notes=_notes_of(contact),
            cadence=cadence or "",
            uid=contact.uid if keep_uid else "",
        )

    def undo(self, outcome: ImportOutcome) -> None:
        """Take an import back: created prospects go, merged ones are as they were."""
        with self.store.transaction():
            outcome.redo_snapshots = [
                s
                for pid in [*outcome.created, *(b.prospect.id for b in outcome.merged_before)]
                if pid is not None and (s := self.store.snapshot_prospect(pid)) is not None
            ]
            self.store.delete_prospects(outcome.created)
            for before in outcome.merged_before:
                self.service.revert(before)

    def redo(self, outcome: ImportOutcome) -> None:
        created = set(outcome.created)
        with self.store.transaction():
            for snapshot in outcome.redo_snapshots:
                if snapshot.prospect.id in created:
                    self.store.restore_prospect(snapshot, self.service.now())
                else:
                    self.service.revert(snapshot)

    # -- export --------------------------------------------------------------
    def _prospects(self, ids: Sequence[int] | None) -> list[Prospect]:
        return [s.prospect for s in self.store.summaries(list(ids) if ids is not None else None)]

    def export_vcard(self, ids: Sequence[int] | None = None, version: str = "4.0") -> str:
        return write_vcards(self._prospects(ids), version)

    def export_csv(self, ids: Sequence[int] | None = None) -> str:
        return write_google_csv(self._prospects(ids))

    def export_ics(self, as_events: bool = False) -> bytes:
        prospects = {p.id: p for p in self._prospects(None)}
        entries = []
        for item in self.store.pending_follow_ups():
            p = prospects.get(item.follow_up.prospect_id)
            if p is None:
                continue
            entries.append(
                FollowUpEntry(item.follow_up, p.uid, p.name, p.company, p.emails, p.phones)
            )
        return write_calendar(entries, stamp=self.service.now(), as_events=as_events)


def _root(candidates: list[Candidate], index: int) -> int:
    match = candidates[index].match
    while match is not None and match.candidate is not None:
        index = match.candidate
        match = candidates[index].match
    return index


def _add_phone(phones: list[str], phone: str, region: str) -> None:
    """Add a number unless the same number, written another way, is there."""
    key = normalise_phone(phone, region)
    if key is None or all(normalise_phone(p, region) != key for p in phones):
        add_unique(phones, phone)


def _merge_cards(base: ContactCard, other: ContactCard, region: str) -> ContactCard:
    merged = replace(
        base,
        emails=list(base.emails),
        phones=list(base.phones),
        addresses=list(base.addresses),
    )
    merged.name = base.name or other.name
    merged.company = base.company or other.company
    merged.title = base.title or other.title
    for email in other.emails:
        add_unique(merged.emails, email)
    for phone in other.phones:
        _add_phone(merged.phones, phone, region)
    merged.addresses += [a for a in other.addresses if a not in merged.addresses]
    if other.notes and other.notes not in merged.notes:
        merged.notes = f"{merged.notes}\n\n{other.notes}".strip()
    merged.uid = base.uid or other.uid
    return merged


def _merge_into(p: Prospect, contact: ContactCard, region: str) -> Prospect:
    """A prospect with what a contact adds: its e-mails and phones, and the fields the
    prospect has empty. Nothing the prospect has is replaced: an address that differs
    from the prospect's, like the contact's other addresses, goes into the notes."""
    emails, phones = list(p.emails), list(p.phones)
    for email in contact.emails:
        add_unique(emails, email)
    for phone in contact.phones:
        _add_phone(phones, phone, region)
    address: PostalAddress = contact.address
    extra = _notes_of(contact)
    if not p.address.is_empty and not address.is_empty and address != p.address:
        moved = _address_text(LabelledAddress(address, _("from the import")))
        extra = f"{extra}\n{moved}".strip()
    notes = p.notes
    if extra and extra not in p.notes:
        notes = f"{p.notes}\n\n{extra}".strip()
    return replace(
        p,
        company=p.company or clean_line(contact.company),
        title=p.title or clean_line(contact.title),
        emails=tuple(emails),
        phones=tuple(phones),
        address=p.address if not p.address.is_empty else address,
        notes=notes,
    )
