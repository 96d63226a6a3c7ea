"""Import with preview, duplicates, one transaction and undo; export that reads back."""

from __future__ import annotations

import quopri
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest

from followup_desktop.domain.clock import FixedClock
from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.model import Channel, PostalAddress, Prospect, Stage
from followup_desktop.services import FollowUpService
from followup_desktop.services.contacts import (
    Decision,
    ImportCancelled,
    ImportService,
    normalise_phone,
)
from followup_desktop.store import StoreError, open_store
from tests.helpers.corpus import corpus_file


@pytest.fixture
def imports(service: FollowUpService) -> ImportService:
    return ImportService(service)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


CARDS = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Ana García\nORG:Acme\nEMAIL:ANA@acme.example\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Hans Becker\nTEL:030 1234567\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:Jon Smith\nORG:ACME Corp.\nEND:VCARD\n"
    "BEGIN:VCARD\nVERSION:3.0\nFN:New Person\nEMAIL:new@example.com\n"
    "ADR;TYPE=work:;;1 Road;Town;;12345;DE\nADR;TYPE=home:;;2 Lane;Village;;54321;DE\n"
    "END:VCARD\n"
)


def _existing(service: FollowUpService) -> dict[str, int]:
    ids = {}
    for name, kwargs in (
        ("Ana García", {"emails": ("ana@acme.example",), "company": ""}),
        ("Hans Becker", {"phones": ("+49 30 1234567",)}),
        ("John Smith", {"company": "Acme Corp"}),
    ):
        ids[name] = service.add_prospect(name, **kwargs).id or 0  # type: ignore[arg-type]
    return ids


def test_preview_finds_duplicates_and_writes_nothing(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    ids = _existing(service)
    path = _write(tmp_path, "people.vcf", CARDS)
    before = service.store.prospect_count()
    preview = imports.preview([path])
    assert service.store.prospect_count() == before
    assert (preview.new_count, preview.duplicate_count) == (1, 3)
    matches = [
        (c.contact.name, c.match.reason, c.match.prospect_id) for c in preview.candidates if c.match
    ]
    assert matches == [
        ("Ana García", "same e-mail", ids["Ana García"]),
        ("Hans Becker", "same phone", ids["Hans Becker"]),
        ("Jon Smith", "similar name and company", ids["John Smith"]),
    ]
    # An exact e-mail or phone match is merged; a close name only is offered.
    decisions = [c.decision for c in preview.candidates if c.match]
    assert decisions == [Decision.MERGE, Decision.MERGE, Decision.CREATE]


def test_merge_skip_and_create_are_applied_per_duplicate(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    ids = _existing(service)
    preview = imports.preview([_write(tmp_path, "people.vcf", CARDS)])
    ana, hans, jon, _new = preview.candidates
    ana.decision = Decision.MERGE
    hans.decision = Decision.SKIP
    jon.decision = Decision.CREATE
    outcome = imports.apply(preview)
    assert (len(outcome.created), outcome.merged, outcome.skipped) == (2, 1, 1)
    merged = service.get_prospect(ids["Ana García"])
    assert merged.company == "Acme"  # an empty field is filled
    assert merged.emails == ("ana@acme.example",)  # the same address in other case is not added
    names = sorted(s.prospect.name for s in service.store.summaries())
    assert names == ["Ana García", "Hans Becker", "John Smith", "Jon Smith", "New Person"]


def test_new_prospects_start_new_with_no_plan_unless_a_cadence_is_chosen(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    path = _write(tmp_path, "one.vcf", CARDS)
    outcome = imports.apply(imports.preview([path]))
    for pid in outcome.created:
        assert service.get_prospect(pid).stage is Stage.NEW
        assert service.pending(pid) == []
    imports.undo(outcome)
    outcome = imports.apply(imports.preview([path]), cadence="outbound")
    for pid in outcome.created:
        prospect = service.get_prospect(pid)
        (first,) = service.pending(pid)
        assert prospect.cadence == "outbound"
        assert first.due_at > service.now() - timedelta(minutes=1)
    assert service.count_without_next_step() == 0


def test_unknown_cadence_is_refused(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    preview = imports.preview([_write(tmp_path, "one.vcf", CARDS)])
    with pytest.raises(DomainError, match="no cadence"):
        imports.apply(preview, cadence="nonsense")
    assert service.store.prospect_count() == 0


def test_other_addresses_are_kept_in_the_notes(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    outcome = imports.apply(imports.preview([_write(tmp_path, "one.vcf", CARDS)]))
    person = next(
        service.get_prospect(i)
        for i in outcome.created
        if service.get_prospect(i).name == "New Person"
    )
    assert person.address == PostalAddress("1 Road", "Town", "", "12345", "DE")
    assert "Other address (home): 2 Lane, Village, 54321, DE" in person.notes


def test_a_cancelled_import_writes_nothing(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    ids = _existing(service)
    before = service.snapshot(ids["Ana García"])
    preview = imports.preview([_write(tmp_path, "people.vcf", CARDS)])
    calls: list[int] = []

    def progress(done: int, total: int) -> bool:
        calls.append(done)
        return len(calls) < 2

    with pytest.raises(ImportCancelled):
        imports.apply(preview, progress=progress)
    assert service.store.prospect_count() == 3
    assert service.snapshot(ids["Ana García"]) == before  # the merge was rolled back too


def test_a_failure_midway_rolls_back_the_merges(
    tmp_path: Path,
    service: FollowUpService,
    imports: ImportService,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = _existing(service)
    before = service.snapshot(ids["Ana García"])
    preview = imports.preview([_write(tmp_path, "people.vcf", CARDS)])

    def full_disk(*_args: object) -> list[int]:
        raise StoreError("The disk is full: the change was not saved, and nothing else was lost.")

    monkeypatch.setattr(service.store, "add_prospects", full_disk)
    with pytest.raises(StoreError, match="disk is full"):
        imports.apply(preview)
    assert service.store.prospect_count() == 3
    assert service.snapshot(ids["Ana García"]) == before


def test_undo_and_redo_an_import(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    ids = _existing(service)
    before = service.snapshot(ids["Ana García"])
    outcome = imports.apply(imports.preview([_write(tmp_path, "people.vcf", CARDS)]))
    after = service.snapshot(ids["Ana García"])
    imports.undo(outcome)
    assert service.store.prospect_count() == 3
    assert service.snapshot(ids["Ana García"]) == before
    imports.redo(outcome)
    assert service.store.prospect_count() == 5  # New Person, and Jon Smith beside John
    assert service.snapshot(ids["Ana García"]) == after


def test_duplicates_inside_one_import_are_merged_into_one_prospect(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Twin\nEMAIL:twin@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Twin\nEMAIL:twin@example.com\nTEL:+49 30 999999\n"
        "END:VCARD\n"
    )
    preview = imports.preview([_write(tmp_path, "twins.vcf", text)])
    assert (preview.new_count, preview.duplicate_count) == (1, 1)
    (pid,) = imports.apply(preview).created
    assert service.get_prospect(pid).phones == ("+49 30 999999",)


def test_phone_numbers_compare_once_normalised() -> None:
    assert normalise_phone("030 1234567", "DE") == normalise_phone("+49 (30) 123-4567", "DE")
    assert normalise_phone("(415) 555-0100", "US") == "+14155550100"
    assert normalise_phone("BusinessPhone", "US") is None


def test_a_remembered_mapping_is_used_next_time(tmp_path: Path, imports: ImportService) -> None:
    path = _write(tmp_path, "kunden.csv", "Kunde;Telefon\nErika Mustermann;030 1234\n")
    read = imports.read_file(path)
    assert read.mapping == ["", "phone"]  # "Kunde" is not recognised as a name column
    assert [c.name for c in read.result.contacts] == [""]
    assert read.table is not None
    assert not read.remembered
    imports.remember_mapping(read.table.header, ["name", "phone"])
    again = imports.read_file(path)
    assert again.remembered
    assert [c.name for c in again.result.contacts] == ["Erika Mustermann"]


def test_export_then_import_gives_back_the_same_prospects(
    tmp_path: Path, service: FollowUpService, imports: ImportService, clock: FixedClock
) -> None:
    service.add_prospect(
        "Zoë Ångström",
        company="Nordic, AB",
        title="CFO",
        emails=("zoe@nordic.example", "z@home.example"),
        phones=("+46 8 123 456",),
        address=PostalAddress("Storgatan 1\nLgh 1102", "Stockholm", "", "111 22", "SE"),
        notes="Prefers e-mail.\nAsk about Q3; budget, timing",
    )
    service.add_prospect("Only A Company Ltd", company="Only A Company Ltd")
    originals = sorted((s.prospect for s in service.store.summaries()), key=lambda p: p.name)
    for fmt in ("vcard4", "vcard3", "csv"):
        if fmt == "csv":
            data = imports.export_csv()
        else:
            data = imports.export_vcard(version="4.0" if fmt == "vcard4" else "3.0")
        path = tmp_path / f"export.{fmt}"
        path.write_text(data, encoding="utf-8", newline="")
        other = open_store(tmp_path / fmt / "followup.sqlite3")
        try:
            other_service = FollowUpService(other, clock, home_country="DE")
            other_imports = ImportService(other_service)
            other_imports.apply(other_imports.preview([path]))
            copies = sorted((s.prospect for s in other.summaries()), key=lambda p: p.name)
            assert len(copies) == len(originals)
            for original, copy in zip(originals, copies, strict=True):
                for attr in ("name", "company", "title", "emails", "phones", "address", "notes"):
                    assert getattr(copy, attr) == getattr(original, attr), (fmt, attr)
                if fmt != "csv":
                    assert copy.uid == original.uid
        finally:
            other.close()


def test_importing_an_own_export_again_updates_instead_of_duplicating(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    ana = service.add_prospect("Ana García", emails=("ana@acme.example",))
    path = tmp_path / "all.vcf"
    path.write_text(imports.export_vcard(), encoding="utf-8")
    # Since that export: a new name and a note in the app; a new address in the file.
    service.update_prospect(
        replace(service.get_prospect(ana.id or 0), name="Ana García López", notes="Signed NDA")
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "EMAIL:ana@acme.example", "EMAIL:ana@acme.example\r\nEMAIL:ana@new.example"
        ),
        encoding="utf-8",
    )
    preview = imports.preview([path])
    (candidate,) = preview.candidates
    assert candidate.match is not None
    assert candidate.match.reason == "same uid"
    imports.apply(preview)
    assert service.store.prospect_count() == 1
    after = service.get_prospect(ana.id or 0)
    # What the app has is kept (an older file does not overwrite it); what is new is added.
    assert (after.name, after.notes) == ("Ana García López", "Signed NDA")
    assert after.emails == ("ana@acme.example", "ana@new.example")


def test_two_contacts_merged_into_one_prospect_are_both_undone(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    hans = service.add_prospect("Hans Meier", emails=("hans@meier.example",))
    before = service.snapshot(hans.id or 0)
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Hans Meier\nEMAIL:hans@meier.example\n"
        "NOTE:first card\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:H. Meier\nEMAIL:HANS@meier.example\n"
        "TEL:+49 30 5555555\nEND:VCARD\n"
    )
    outcome = imports.apply(imports.preview([_write(tmp_path, "two.vcf", text)]))
    assert outcome.merged == 2
    merged = service.get_prospect(hans.id or 0)
    assert merged.phones == ("+49 30 5555555",)
    assert "first card" in merged.notes
    imports.undo(outcome)
    assert service.snapshot(hans.id or 0) == before


def test_values_that_are_not_email_addresses_do_not_match_anyone(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    text = (
        "Name,E-mail,E-mail Type\n"
        "Ana,n/a,SMTP\nBo,n/a,SMTP\nCarl,-,SMTP\nDora,-,\nEve,eve@@example,\n"
    )
    preview = imports.preview([_write(tmp_path, "crm.csv", text)])
    assert (preview.new_count, preview.duplicate_count) == (5, 0)
    outcome = imports.apply(preview)
    assert len(outcome.created) == 5
    people = {s.prospect.name: s.prospect for s in service.store.summaries()}
    assert all(p.emails == () for p in people.values())
    assert people["Eve"].notes == "E-mail as written: eve@@example"


def test_close_name_with_other_email_is_shown_but_not_merged_by_default(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    service.add_prospect("Mario Rossi", company="Rossi S.p.A.", emails=("mario@rossi.example",))
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Maria Rossi\nORG:Rossi S.p.A.\n"
        "EMAIL:maria@rossi.example\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Mario Rossi\nORG:ROSSI SpA\nEND:VCARD\n"
    )
    maria, mario = imports.preview([_write(tmp_path, "r.vcf", text)]).candidates
    assert maria.match is not None
    assert maria.match.conflict
    assert maria.decision is Decision.CREATE
    assert mario.match is not None
    assert mario.decision is Decision.CREATE  # a close name alone is not merged by default


def test_legal_forms_do_not_hide_the_same_company(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    service.add_prospect("John Smith", company="Acme Corporation")
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Jon Smith\nORG:Acme Corp.\nEND:VCARD\n"
    (candidate,) = imports.preview([_write(tmp_path, "a.vcf", text)]).candidates
    assert candidate.match is not None
    assert candidate.match.reason == "similar name and company"


def test_a_merge_keeps_the_prospects_address_and_notes_the_files(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    home = PostalAddress("1 Old Road", "Berlin", "", "10115", "DE")
    pid = service.add_prospect(
        "Ana García", emails=("ana@acme.example",), phones=("+49 30 1234567",), address=home
    ).id
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana García\nEMAIL:ana@acme.example\n"
        "TEL:(030) 123 45 67\nADR;TYPE=work:;;9 New Street;Hamburg;;20095;DE\nEND:VCARD\n"
    )
    imports.apply(imports.preview([_write(tmp_path, "a.vcf", text)]))
    after = service.get_prospect(pid or 0)
    assert after.address == home
    assert after.phones == ("+49 30 1234567",)  # the same number, written another way
    assert "Other address (from the import): 9 New Street, Hamburg, 20095, DE" in after.notes


def test_upper_case_uids_survive_a_round_trip(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    uid = "0E7602CC-443E-4B82-B4B1-90F62F99A199"
    text = f"BEGIN:VCARD\nVERSION:3.0\nFN:Apple Person\nUID:{uid}\nEND:VCARD\n"
    imports.apply(imports.preview([_write(tmp_path, "apple.vcf", text)]))
    exported = imports.export_vcard(version="4.0")
    assert f"UID:urn:uuid:{uid}" in exported
    again = imports.preview([_write(tmp_path, "again.vcf", exported)])
    (candidate,) = again.candidates
    assert candidate.match is not None
    assert candidate.match.reason == "same uid"


def test_ics_export_has_one_todo_per_pending_follow_up_with_its_due(
    service: FollowUpService, imports: ImportService
) -> None:
    ana = service.add_prospect("Ana García", company="Acme", emails=("ana@acme.example",))
    bo = service.add_prospect("Bo Berg")
    service.schedule(bo.id or 0, service.now() + timedelta(days=3), Channel.CALL, "Ask about Q1")
    service.change_stage(service.add_prospect("Closed Carl").id or 0, Stage.WON)
    pending = {f.id: f for pid in (ana.id, bo.id) for f in service.pending(pid or 0)}
    assert len(pending) == 3
    cal = icalendar.Calendar.from_ical(imports.export_ics())
    todos = list(cal.walk("VTODO"))
    assert len(todos) == 3
    by_uid = {str(t["UID"]): t for t in todos}
    for follow_up in pending.values():
        (todo,) = [
            t for uid, t in by_uid.items() if uid.endswith(f"-{follow_up.id}@followup-desktop")
        ]
        due = todo.decoded("DUE")
        assert due == follow_up.due_at
        assert due.tzinfo is not None
        assert str(todo["DUE"].params["TZID"]) == "Europe/Berlin"
        (alarm,) = todo.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
    assert any("Ana García (Acme)" in str(t["SUMMARY"]) for t in todos)
    assert list(cal.walk("VTIMEZONE"))
    # Stable: the same UIDs the next time.
    again = icalendar.Calendar.from_ical(imports.export_ics())
    assert {str(t["UID"]) for t in again.walk("VTODO")} == set(by_uid)


def test_ics_export_as_events(service: FollowUpService, imports: ImportService) -> None:
    prospect = service.add_prospect("Ana García")
    (follow_up,) = service.pending(prospect.id or 0)
    cal = icalendar.Calendar.from_ical(imports.export_ics(as_events=True))
    (event,) = cal.walk("VEVENT")
    assert event.decoded("DTSTART") == follow_up.due_at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=15)
    assert list(cal.walk("VTODO")) == []


def test_the_whole_corpus_imports_in_one_go(
    service: FollowUpService, imports: ImportService
) -> None:
    folder = corpus_file("vcard/gmail-list.vcf").parent.parent
    files = sorted([*folder.glob("vcard/*.vcf"), *folder.glob("csv/*.csv")])
    preview = imports.preview(files)
    assert all(not f.refused for f in preview.files)
    outcome = imports.apply(preview)
    assert service.store.prospect_count() == len(outcome.created) == preview.new_count
    names = {s.prospect.name for s in service.store.summaries()}
    assert {"Frank Dawson", "Tim Howes", "Simon Perreault", "Arnold Smith"} <= names
    # Cards with no name at all are named after their e-mail address, and it says so.
    assert "john.doe@company.com" in names
    problems = [str(p) for _, p in preview.problems]
    assert "line 1: no name: named after its e-mail address" in problems


def test_unreadable_paths_are_reported_in_words(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    folder = tmp_path / "a-folder.vcf"
    folder.mkdir()
    preview = imports.preview([folder, tmp_path / "missing.vcf"])
    messages = [f.problems[0].message for f in preview.files]
    assert all(f.refused for f in preview.files)
    assert not preview.readable
    assert "is a folder, not a contact file" in messages[0]
    assert "No such file or directory" in messages[1]
    assert service.store.prospect_count() == 0


# -- contact files written by other software read right ----------------------


def _import_bytes(
    tmp_path: Path, service: FollowUpService, imports: ImportService, name: str, data: bytes
) -> tuple[list[str], list[Prospect]]:
    """Import a file of ``data``: the problems it reports, and the prospects it made."""
    path = tmp_path / name
    path.write_bytes(data)
    preview = imports.preview([path])
    problems = [str(p) for _, p in preview.problems]
    outcome = imports.apply(preview)
    return problems, [service.get_prospect(pid) for pid in outcome.created]


def test_a_name_title_and_note_with_unescaped_commas_are_kept_whole(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:{}\r\nN:Mustermann;Heiko;;;\r\nFN:Mustermann, Heiko\r\n"
        "ORG:Müller, Schmidt & Co;Vertrieb\r\nTITLE:Leiter, Vertrieb Nord\r\n"
        "NOTE:Messe Köln, Stand 4, Rückruf\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:{}\r\nN:Schmidt;Anna;;;\r\nEND:VCARD\r\n"
    )
    for version in ("2.1", "3.0", "4.0"):
        data = card.format(version, version).encode("utf-8")
        problems, prospects = _import_bytes(tmp_path, service, imports, f"v{version}.vcf", data)
        assert problems == []
        heiko, anna = prospects
        assert (heiko.name, heiko.company, heiko.title, heiko.notes) == (
            "Mustermann, Heiko",
            "Müller, Schmidt & Co",
            "Leiter, Vertrieb Nord",
            "Messe Köln, Stand 4, Rückruf",
        )
        assert anna.name == "Anna Schmidt"  # with no FN, N gives the given name first
        for prospect in prospects:
            service.delete_prospect(prospect.id or 0)


def _qp(text: str, encoding: str) -> str:
    return quopri.encodestring(text.encode(encoding)).decode("ascii")


def test_a_vcard_21_quoted_printable_value_with_no_charset_is_read_as_windows_1252(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"N;ENCODING=QUOTED-PRINTABLE:{_qp('Müller;Jürgen;;;', 'cp1252')}\r\n"
        f"FN;ENCODING=QUOTED-PRINTABLE:{_qp('Jürgen Müller', 'cp1252')}\r\n"
        f"ORG;ENCODING=QUOTED-PRINTABLE:{_qp('Bäckerei Größe', 'cp1252')}\r\n"
        f"NOTE;ENCODING=QUOTED-PRINTABLE:{_qp('Grüße aus Köln', 'utf-8')}\r\n"
        "END:VCARD\r\n"
    ).encode("ascii")
    problems, (jurgen,) = _import_bytes(tmp_path, service, imports, "thebat.vcf", data)
    assert (jurgen.name, jurgen.company, jurgen.notes) == (
        "Jürgen Müller",
        "Bäckerei Größe",
        "Grüße aus Köln",
    )
    assert problems == [
        "line 1: the card of Jürgen Müller is not UTF-8 and does not say its character set: "
        "read as Windows-1252 (Western European)"
    ]


def test_a_vcard_folded_inside_a_utf_8_character_is_read_as_utf_8(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller\r\nORG:Bäckerei Größe\r\n"
        "NOTE:Grüße aus Köln\r\nEND:VCARD\r\n"
    ).encode()
    for word in ("Jü".encode(), "Bä".encode(), "Grü".encode()):  # between the bytes of ü, ä
        at = data.index(word) + len(word) - 1
        data = data[:at] + b"\r\n " + data[at:]
    problems, (jurgen,) = _import_bytes(tmp_path, service, imports, "server.vcf", data)
    assert (jurgen.name, jurgen.company, jurgen.notes) == (
        "Jürgen Müller",
        "Bäckerei Größe",
        "Grüße aus Köln",
    )
    assert problems == []


def test_utf_8_and_latin_1_cards_in_one_vcard_file_are_each_read_right(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nORG:Société Générale\r\n"
        "NOTE:Café crème\r\nEND:VCARD\r\n"
    ).encode() + (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller\r\nORG:Bäckerei Groß\r\n"
        "NOTE:Hauptstraße 1\r\nEND:VCARD\r\n"
    ).encode("latin-1")
    problems, (zoe, jurgen) = _import_bytes(tmp_path, service, imports, "merged.vcf", data)
    assert (zoe.name, zoe.company, zoe.notes) == ("Zoë Ångström", "Société Générale", "Café crème")
    assert (jurgen.name, jurgen.company, jurgen.notes) == (
        "Jürgen Müller",
        "Bäckerei Groß",
        "Hauptstraße 1",
    )
    assert problems == [
        "line 7: the card of Jürgen Müller is not UTF-8 and does not say its character set: "
        "read as Windows-1252 (Western European)"
    ]


def test_a_shift_jis_csv_is_imported_in_japanese(
    tmp_path: Path, service: FollowUpService, imports: ImportService
) -> None:
    data = (
        "First Name,Last Name,Display Name,Primary Email,Work City,Organization,Notes\r\n"
        "太郎,山田,山田太郎,taro@example.jp,東京都,株式会社テスト,大阪府出身\r\n"
    ).encode("shift_jis")
    problems, (taro,) = _import_bytes(tmp_path, service, imports, "thunderbird.csv", data)
    assert (taro.name, taro.company, taro.notes, taro.address.city) == (
        "山田太郎",
        "株式会社テスト",
        "大阪府出身",
        "東京都",
    )
    assert taro.emails == ("taro@example.jp",)
    assert problems == ["the file is not UTF-8: it was read as Shift-JIS (Japanese)"]
