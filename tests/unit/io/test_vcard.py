"""vCard reading as real exporters write it, and writing 3.0 and 4.0."""

from __future__ import annotations

import base64
import quopri

import vobject

from followup_desktop.domain.model import PostalAddress, Prospect
from followup_desktop.io.contacts import MAX_VALUE_CHARS
from followup_desktop.io.files import read_contact_file
from followup_desktop.io.vcard import read_vcards, write_vcards


def _read(text: str):  # type: ignore[no-untyped-def]
    return read_vcards(text)


def test_quoted_printable_with_soft_breaks_and_a_windows_charset() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=WINDOWS-1252;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\r\n"
        "FN;CHARSET=WINDOWS-1252;ENCODING=QUOTED-PRINTABLE:J=FCrgen M=FC=\r\n"
        "ller\r\n"
        "ADR;WORK;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:;;Hauptstra=C3=9Fe 1=0D=0A=\r\n"
        "Hinterhaus;K=C3=B6ln;;50667;Deutschland\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:first=0D=0Asecond\r\n"
        "END:VCARD\r\n"
    )
    (card,) = _read(text).contacts
    assert card.name == "Jürgen Müller"
    assert card.address == PostalAddress(
        "Hauptstraße 1\nHinterhaus", "Köln", "", "50667", "Deutschland"
    )
    assert card.notes == "first\nsecond"


def test_bare_type_parameters_and_pref_order() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Ana\n"
        "TEL;HOME;VOICE:111 111\nTEL;CELL;PREF:222 222\n"
        "EMAIL;INTERNET:b@example.com\nEMAIL;PREF;INTERNET:a@example.com\nEND:VCARD\n"
    )
    (card,) = _read(text).contacts
    assert card.phones == ["222 222", "111 111"]
    assert card.emails == ["a@example.com", "b@example.com"]


def test_folded_base64_photo_is_skipped_and_the_rest_read() -> None:
    photo = base64.b64encode(bytes(range(256)) * 40).decode()
    folded = "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Photo Person\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{folded}\r\n"
        "EMAIL:photo@example.com\r\nEND:VCARD\r\n"
    )
    result = _read(text)
    assert [c.name for c in result.contacts] == ["Photo Person"]
    assert result.contacts[0].emails == ["photo@example.com"]
    assert result.problems == []


def test_item_groups_label_addresses() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Grouped\n"
        "item1.ADR;type=HOME:;;1 Home Rd;Hometown;;11111;\n"
        "item1.X-ABLabel:Cottage\n"
        "item2.ADR:;;2 Office St;Worktown;;22222;\n"
        "item2.X-ABLabel:_$!<Work>!$_\nEND:VCARD\n"
    )
    (card,) = _read(text).contacts
    assert [(a.label, a.address.street) for a in card.addresses] == [
        ("Cottage", "1 Home Rd"),
        ("Work", "2 Office St"),
    ]
    assert card.address.street == "2 Office St"  # work is the address a prospect keeps


def test_company_only_and_nameless_cards_and_several_per_file() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:\nN:;;;;\nORG:Acme Ltd\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nEMAIL:who@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane;;Dr.;\nEND:VCARD\n"
    )
    cards = _read(text).contacts
    assert [(c.name, c.company, c.emails) for c in cards] == [
        ("", "Acme Ltd", []),
        ("", "", ["who@example.com"]),
        ("Jane Doe", "", []),
    ]


def test_a_card_with_nothing_to_keep_is_reported_with_its_line() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Kept\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n"
    result = _read(text)
    assert [c.name for c in result.contacts] == ["Kept"]
    assert [str(p) for p in result.problems] == [
        "line 5: the card has no name, company, e-mail or phone; skipped"
    ]


def test_a_file_cut_off_mid_card_is_refused_whole() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Whole\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Cut"
    result = _read(text)
    assert result.refused
    assert result.contacts == []
    (problem,) = result.problems
    assert problem.line == 5
    assert "cut off" in problem.message


def test_a_broken_property_costs_only_itself() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Still Here\nN:Here;Still\n"
        'ADR;TYPE="unclosed:;;1 Road\nEMAIL:still@example.com\nEND:VCARD\n'
    )
    result = _read(text)
    (card,) = result.contacts
    assert card.name == "Still Here"
    assert card.emails == ["still@example.com"]


def test_nested_agent_card_does_not_become_a_contact() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant\n"
        "END:VCARD\nEMAIL:boss@example.com\nEND:VCARD\n"
    )
    result = _read(text)
    assert [(c.name, c.emails) for c in result.contacts] == [("Boss", ["boss@example.com"])]


def test_utf16_and_windows_1252_files() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nEND:VCARD\r\n"
    for data in (
        text.encode("utf-16"),  # with a byte-order mark
        text.encode("utf-16-le"),  # without one
        text.encode("utf-16-be"),
        text.encode("cp1252"),
        b"\xef\xbb\xbf" + text.encode("utf-8"),
    ):
        read = read_contact_file(data)
        assert [c.name for c in read.result.contacts] == ["Zoë Ångström"], read.encoding


def test_uid_is_read_without_urn_prefix() -> None:
    uid = "urn:uuid:0e7602cc-443e-4b82-b4b1-90f62f99a199"
    text = f"BEGIN:VCARD\nVERSION:4.0\nFN:U\nUID:{uid}\nEND:VCARD\n"
    (card,) = _read(text).contacts
    assert card.uid == "0e7602cc-443e-4b82-b4b1-90f62f99a199"


PROSPECT = Prospect(
    id=1,
    name='Ana García; "the boss", Jr',
    company="Acme, Inc.",
    title="Head of Sales",
    emails=("ana@acme.example", "ana.garcia@home.example"),
    phones=("+34 600 000 000",),
    address=PostalAddress("Calle Mayor 1\n2º B", "Madrid", "", "28013", "ES"),
    notes="Met at the fair.\nLikes short e-mails; no calls on Mondays.",
    uid="9b2f4a3e-0c1d-4e5f-8a9b-0c1d2e3f4a5b",
)


def test_written_cards_read_back_the_same_in_both_versions() -> None:
    for version in ("4.0", "3.0"):
        text = write_vcards([PROSPECT], version)
        assert f"VERSION:{version}" in text
        assert "\r\n" in text
        (card,) = read_vcards(text).contacts
        assert card.name == PROSPECT.name
        assert card.company == PROSPECT.company
        assert card.title == PROSPECT.title
        assert tuple(card.emails) == PROSPECT.emails
        assert tuple(card.phones) == PROSPECT.phones
        assert card.address == PROSPECT.address
        assert card.notes == PROSPECT.notes
        assert card.uid == PROSPECT.uid


def test_written_4_0_card_has_the_required_properties_for_other_parsers() -> None:
    text = write_vcards([PROSPECT], "4.0")
    component = vobject.readOne(text)
    assert component.version.value == "4.0"
    assert component.fn.value == PROSPECT.name
    assert component.uid.value == f"urn:uuid:{PROSPECT.uid}"
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCARD"
    assert lines[1] == "VERSION:4.0"  # RFC 6350: VERSION right after BEGIN


def test_a_dangling_soft_break_before_the_end_of_a_card_does_not_swallow_it() -> None:
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:First\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:ends with a soft break=\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Second\r\nEND:VCARD\r\n"
    )
    result = read_vcards(text)
    assert not result.refused
    assert [(c.name, c.notes) for c in result.contacts] == [
        ("First", "ends with a soft break"),
        ("Second", ""),
    ]


def test_property_problems_name_the_files_line_only() -> None:
    text = 'BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nTEL;TYPE="unclosed:123\nEND:VCARD\n'
    result = read_vcards(text)
    for problem in result.problems:
        assert "At line" not in problem.message


def test_a_company_prospect_has_no_persons_name_in_n() -> None:
    text = write_vcards([Prospect(1, "Acme, Inc.", company="Acme, Inc.")], "3.0")
    assert "\r\nN:;;;;\r\n" in text
    (card,) = read_vcards(text).contacts
    assert (card.name, card.company) == ("Acme, Inc.", "Acme, Inc.")


def test_a_value_longer_than_the_limit_is_cut_to_it_and_the_cut_said() -> None:
    note = "Call back after the fair. " * 120_000  # about 3 MB, on one line
    folded = "\r\n ".join(note[i : i + 74] for i in range(0, len(note), 74))
    for written in (note, folded):
        text = (
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Note\r\nEMAIL:big@example.com\r\n"
            f"NOTE:{written}\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:After\r\nEND:VCARD\r\n"
        )
        result = read_vcards(text)
        big, after = result.contacts
        assert (big.name, big.emails, after.name) == ("Big Note", ["big@example.com"], "After")
        assert big.notes == note[:MAX_VALUE_CHARS].rstrip()
        assert [str(p) for p in result.problems] == [
            "line 5: the note of Big Note is longer than 1 MB: only its first 1 MB was kept"
        ]


def test_a_long_quoted_printable_value_is_cut_once_decoded() -> None:
    note = "Gr=C3=BC=C3=9Fe " * 220_000  # 3.5 MB written, 1.3 MB read
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Weber;Jonas\r\n"
        f"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:{note}\r\nEND:VCARD\r\n"
    )
    result = read_vcards(text)
    (card,) = result.contacts
    assert card.name == "Jonas Weber"
    assert card.notes == ("Grüße " * 220_000)[:MAX_VALUE_CHARS].rstrip()
    assert [str(p) for p in result.problems] == [
        "line 4: the note of Jonas Weber is longer than 1 MB: only its first 1 MB was kept"
    ]


def test_a_card_longer_than_its_limit_keeps_its_beginning_and_says_so() -> None:
    part = "x" * (MAX_VALUE_CHARS - 10)
    notes = "".join(f"NOTE:{part}\r\n" for _ in range(5))
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Long Card\r\n"
        f"{notes}EMAIL:late@example.com\r\nEND:VCARD\r\n"
    )
    result = read_vcards(text)
    (card,) = result.contacts
    assert card.name == "Long Card"
    assert card.notes.count(part) == 3  # the fourth note would take the card past its limit
    assert card.emails == []  # what came after was not read
    assert [str(p) for p in result.problems] == [
        "line 7: the card of Long Card is longer than 4 MB: the rest of it, from this line on, "
        "was not read"
    ]


def test_a_photo_of_any_length_is_passed_over_without_a_word() -> None:
    photo = base64.b64encode(bytes(range(256)) * 40_000).decode()  # about 14 MB
    for written in (photo, "\r\n ".join(photo[i : i + 74] for i in range(0, len(photo), 74))):
        text = (
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nPHOTO;ENCODING=b;TYPE=JPEG:{written}\r\n"
            "FN:Photo Person\r\nEMAIL:photo@example.com\r\nEND:VCARD\r\n"
        )
        result = read_vcards(text)
        assert [(c.name, c.emails) for c in result.contacts] == [
            ("Photo Person", ["photo@example.com"])
        ]
        assert result.problems == []


def test_single_text_values_keep_their_unescaped_commas() -> None:
    for version in ("2.1", "3.0", "4.0"):
        text = (
            f"BEGIN:VCARD\r\nVERSION:{version}\r\nN:Mustermann;Heiko;;;\r\n"
            "FN:Mustermann, Heiko\r\nTITLE:Leiter, Vertrieb\r\nNOTE:a,,b\\, c\\\\, d\r\n"
            "ORG:Müller, Schmidt & Co;Nord\r\nEND:VCARD\r\n"
        )
        (card,) = _read(text).contacts
        assert (card.name, card.title, card.notes, card.company) == (
            "Mustermann, Heiko",
            "Leiter, Vertrieb",
            "a,,b, c\\, d",
            "Müller, Schmidt & Co",
        ), version


def _qp(text: str, encoding: str) -> str:
    return quopri.encodestring(text.encode(encoding)).decode("ascii")


def test_quoted_printable_without_a_charset_falls_back_to_windows_1252_per_value() -> None:
    """The Bat! writes 8-bit bytes in its own code page and says no CHARSET; a value
    that is UTF-8 stays UTF-8, and a CHARSET said is honoured."""
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"N;ENCODING=QUOTED-PRINTABLE:{_qp('Müller;Jürgen;;;', 'cp1252')}\r\n"
        f"FN;ENCODING=QUOTED-PRINTABLE:{_qp('Jürgen Müller', 'cp1252')}\r\n"
        f"ORG;QUOTED-PRINTABLE:{_qp('Bäckerei Größe – Köln', 'utf-8')}\r\n"
        f"TITLE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:{_qp('Geschäftsführer', 'latin-1')}"
        "\r\n"
        f"NOTE;CHARSET=windows-1251;ENCODING=QUOTED-PRINTABLE:{_qp('Иван, €5', 'cp1251')}\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp('Zoë Ångström', 'utf-8')}\r\n"
        "END:VCARD\r\n"
    ).encode("ascii")
    read = read_contact_file(data)
    jurgen, zoe = read.result.contacts
    assert (jurgen.name, jurgen.company, jurgen.title, jurgen.notes) == (
        "Jürgen Müller",
        "Bäckerei Größe – Köln",
        "Geschäftsführer",
        "Иван, €5",
    )
    assert zoe.name == "Zoë Ångström"
    assert [str(p) for p in read.result.problems] == [
        "line 1: the card of Jürgen Müller is not UTF-8 and does not say its character set: "
        "read as Windows-1252 (Western European)"
    ]


def test_a_line_folded_inside_a_character_is_read_as_utf_8() -> None:
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller\r\nNOTE:Grüße aus Köln\r\nEND:VCARD\r\n"
    data = text.encode("utf-8")
    for line_break, fold in ((b"\r\n", b" "), (b"\n", b"\t"), (b"\r\n", b"\t")):
        folded = data
        for word in ("Jü".encode(), "Grü".encode()):  # fold between the two bytes of "ü"
            at = folded.index(word) + len(word) - 1
            folded = folded[:at] + line_break + fold + folded[at:]
        read = read_contact_file(folded)
        assert read.encoding == "utf-8"
        (card,) = read.result.contacts
        assert (card.name, card.notes) == ("Jürgen Müller", "Grüße aus Köln")
        assert read.result.problems == []


def test_utf_8_and_latin_1_cards_in_one_file_are_each_read_right() -> None:
    data = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nORG:Société Générale\r\n"
        "NOTE:Café\r\nEND:VCARD\r\n"
    ).encode() + (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller\r\nORG:Bäckerei Groß\r\n"
        "NOTE:Straße\r\nEND:VCARD\r\n"
    ).encode("latin-1")
    read = read_contact_file(data)
    assert [(c.name, c.company, c.notes) for c in read.result.contacts] == [
        ("Zoë Ångström", "Société Générale", "Café"),
        ("Jürgen Müller", "Bäckerei Groß", "Straße"),
    ]
    assert [str(p) for p in read.result.problems] == [
        "line 7: the card of Jürgen Müller is not UTF-8 and does not say its character set: "
        "read as Windows-1252 (Western European)"
    ]


def test_a_file_of_windows_1252_cards_says_once_what_it_was_read_as() -> None:
    data = "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jürgen Müller {n}\r\nEND:VCARD\r\n" for n in range(7)
    ).encode("cp1252")
    read = read_contact_file(data)
    assert [c.name for c in read.result.contacts] == [f"Jürgen Müller {n}" for n in range(7)]
    assert [str(p) for p in read.result.problems] == [
        "the file is not UTF-8 and does not say its character set: 7 cards read as "
        "Windows-1252 (Western European): Jürgen Müller 0 (line 1), Jürgen Müller 1 (line 5), "
        "Jürgen Müller 2 (line 9), Jürgen Müller 3 (line 13), Jürgen Müller 4 (line 17) "
        "and 2 more"
    ]
