"""Every file of the shared corpus (real exporters' output) reads as it should."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from followup_desktop.domain.model import PostalAddress
from followup_desktop.io.files import read_contact_file
from followup_desktop.io.vcard import read_vcards
from tests.helpers.corpus import corpus_file


@dataclass(frozen=True)
class Expected:
    name: str
    company: str = ""
    title: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    address: PostalAddress = field(default_factory=PostalAddress)
    notes_start: str = ""


US = "United States of America"
JOHN_PHONES = (
    "905-555-1234",
    "905-666-1234",
    "905-777-1234",
    "905-888-1234",
    "905-999-1234",
    "905-111-1234",
    "905-222-1234",
)
BSD = "THIS SOFTWARE IS PROVIDED BY"

VCARDS: dict[str, list[Expected]] = {
    "John_Doe_ANDROID.vcf": [
        Expected("", emails=("john.doe@company.com",)),
        Expected("", emails=("jane.doe@company.com",)),
        Expected("Ñ Ñ Ñ Ñ Ñ", phones=("123456789",)),
        Expected(
            "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ",
            phones=("123456", "234567", "3456789", "45678901"),
            notes_start="Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ",
        ),
        Expected("Ñ Ñ Ñ Ñ", company="Ñ" * 12, emails=("bob@company.com",), phones=("123456",)),
        Expected("ÑÑÑÑ", company="Ñ" * 44, emails=("henry@company.com",), phones=("55556666",)),
    ],
    "John_Doe_BLACK_BERRY.vcf": [Expected("John Doe", "Acme Solutions", phones=("+96123456789",))],
    "John_Doe_EVOLUTION.vcf": [
        Expected(
            "Mr. John Richter, James Doe Sr.",
            "IBM",
            "Money Counter",
            ("john.doe@ibm.com",),
            ("905-666-1234", "905-555-1234"),
            PostalAddress("ASB-123\n15 Crescent moon drive", "Albaney", "New York", "12345", US),
            BSD,
        )
    ],
    "John_Doe_GMAIL.vcf": [
        Expected(
            "Mr. John Richter, James Doe Sr.",  # FN is one text: its unescaped comma is kept
            "IBM",
            "Money Counter",
            ("john.doe@ibm.com",),
            ("905-555-1234", "905-666-1234"),
            PostalAddress(
                "Crescent moon drive\n555-asd\nNice Area, Albaney, New York 12345\n" + US
            ),
            BSD,
        )
    ],
    "John_Doe_IPHONE.vcf": [
        Expected(
            "Mr. John Richter James Doe Sr.",
            "IBM",
            "Money Counter",
            ("john.doe@ibm.com",),
            JOHN_PHONES,
            PostalAddress("Silicon Alley 5", "New York", "New York", "12345", US),
        )
    ],
    "John_Doe_LOTUS_NOTES.vcf": [
        Expected(
            "Mr. Doe John I Johny",
            "IBM",
            "Generic Accountant",
            ("john.doe@ibm.com", "billy_bob@gmail.com"),
            ("+1 (212) 204-34456", "00-1-212-555-7777"),
            PostalAddress(
                "25334\nSouth cresent drive, Building 5, 3rd floo r",
                "New York",
                "New York",
                "NYC887",
                "U.S.A.",
            ),
            BSD,
        )
    ],
    "John_Doe_MAC_ADDRESS_BOOK.vcf": [
        Expected(
            "Mr. John Richter,James Doe Sr.",
            "IBM",
            "Money Counter",
            ("john.doe@ibm.com",),
            ("905-777-1234", "905-666-1234", "905-555-1234", *JOHN_PHONES[3:]),
            PostalAddress("Silicon Alley 5,", "New York", "New York", "12345", US),
            BSD,
        )
    ],
    "John_Doe_MS_OUTLOOK.vcf": [
        Expected(
            "Mr. John Richter James Doe Sr.",
            "IBM",
            "Money Counter",
            ("john.doe@ibm.cm",),
            ("(905) 555-1234", "(905) 666-1234"),
            PostalAddress("Cresent moon drive", "Albaney", "New York", "12345", US),
            "THIS SOFTWARE IS PROVIDED BY GEORGE EL-HADDAD",
        )
    ],
    "fullcontact.vcf": [
        Expected(
            "Prefix FirstName MiddleName LastName Suffix",
            "Organization1",
            "Title1",
            (
                "home@example.com",
                "work@example.com",
                "school@example.com",
                "other@example.com",
                "custom@example.com",
            ),
            tuple(f"555-555-111{i}" for i in range(1, 10)),
            PostalAddress(
                "WorkExtended\nWorkStreet", "WorkCity", "WorkState", "WorkPostal", "WorkCountry"
            ),
            "Notes line 1\nNotes line 2",
        )
    ],
    "gmail-list.vcf": [
        Expected("Arnold Smith", emails=("asmithk@gmail.com",)),
        Expected("Chris Beatle", emails=("chrisy55d@yahoo.com",)),
        Expected("Doug White", emails=("dwhite@gmail.com",)),
    ],
    "gmail-single.vcf": [
        Expected(
            "Greg Dartmouth",
            "TheCompany",
            "TheJobTitle",
            ("gdartmouth@hotmail.com",),
            ("555 555 1111", "555 555 2222"),
            PostalAddress("123 Home St\nHome City, HM 12345"),
            "This is GMail's note field.",
        )
    ],
    "outlook-2003.vcf": [
        Expected(
            "John Doe III",
            "Company, The",
            "The Job Title",
            ("jdoe@hotmail.com",),
            ("BusinessPhone", "HomePhone", "MobilePhone", "BusinessFaxPhone"),
            PostalAddress("TheOffice\n123 Main St", "Austin", "TX", "12345", US),
            "This is the note field!!\nSecond line\n\nThird line is empty",
        )
    ],
    "outlook-2007.vcf": [
        Expected(
            "Mr. Michael Angstadt Jr.",
            "TheCompany",
            "TheJobTitle",
            ("mike.angstadt@gmail.com",),
            ("(111) 555-1111", "(111) 555-2222", "(111) 555-4444", "(111) 555-3333"),
            PostalAddress("TheOffice\n222 Broadway", "New York", "NY", "99999", "USA"),
            "This is the NOTE field",
        )
    ],
    "rfc2426-example.vcf": [
        Expected(
            "Frank Dawson",
            "Lotus Development Corporation",
            emails=("Frank_Dawson@Lotus.com", "fdawson@earthlink.net"),
            phones=("+1-919-676-9515", "+1-919-676-9564"),
            address=PostalAddress("6544 Battleford Drive", "Raleigh", "NC", "27613-3502", "U.S.A."),
        ),
        Expected(
            "Tim Howes",
            "Netscape Communications Corp.",
            emails=("howes@netscape.com",),
            phones=("+1-415-937-3419", "+1-415-528-4164"),
            address=PostalAddress(
                "501 E. Middlefield Rd.", "Mountain View", "CA", "94043", "U.S.A."
            ),
        ),
    ],
    "rfc6350-example.vcf": [
        Expected(
            "Simon Perreault",
            "Viagenie",
            emails=("simon.perreault@viagenie.ca",),
            phones=("+1-418-656-9254 ext. 102", "+1-418-262-6501"),
            address=PostalAddress(
                "Suite D2-630\n2875 Laurier", "Quebec", "QC", "G1V 2M2", "Canada"
            ),
        )
    ],
    "thunderbird-MoreFunctionsForAddressBook-extension.vcf": [
        Expected(
            "John Doe",
            "TheOrganization",
            "TheTitle",
            (
                "doe.john@hotmail.com",
                "additional-email@company.com",
                "additional-email1@company.com",
                "additional-email2@company.com",
                "additional-email3@company.com",
            ),
            ("555-555-1111", "555-555-2222", "555-555-5555", "555-555-3333", "555-555-4444"),
            PostalAddress("222 Broadway\nSuite 100", "New York", "NY", "98765", "USA"),
            "This is the notes field.\nSecond Line\n\nFourth Line",
        )
    ],
}


PROBLEMS = {
    # The exporter wrote a name where an e-mail address goes: said, and not taken as one.
    "John_Doe_ANDROID.vcf": ["line 36: 'ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ' is not an e-mail address; not imported"]
}


@pytest.mark.parametrize("filename", sorted(VCARDS))
def test_corpus_vcard_reads_names_emails_phones_and_addresses(filename: str) -> None:
    read = read_contact_file(corpus_file(f"vcard/{filename}").read_bytes())
    result = read.result
    assert result.format == "vcard"
    assert not result.refused
    assert [str(p) for p in result.problems] == PROBLEMS.get(filename, [])
    expected = VCARDS[filename]
    assert len(result.contacts) == len(expected)
    for contact, want in zip(result.contacts, expected, strict=True):
        assert contact.name == want.name
        assert contact.company == want.company
        assert contact.title == want.title
        assert tuple(contact.emails) == want.emails
        assert tuple(contact.phones) == want.phones
        assert contact.address == want.address
        assert contact.notes.startswith(want.notes_start)


def test_gmail_single2_keeps_every_email_phone_and_address() -> None:
    read = read_contact_file(corpus_file("vcard/gmail-single2.vcf").read_bytes())
    (contact,) = read.result.contacts
    assert contact.name == "VCard Test"
    assert len(contact.emails) == 5
    assert len(contact.phones) == 11
    assert len(contact.addresses) == 5
    # Every other address is kept too (the import writes them into the notes).
    assert {a.address.street for a in contact.addresses} == {f"11{i} Main St" for i in range(1, 6)}


def test_every_corpus_vcard_file_is_covered() -> None:
    folder = corpus_file("vcard/gmail-list.vcf").parent
    files = {p.name for p in folder.glob("*.vcf")}
    assert files - set(VCARDS) == {"gmail-single2.vcf"}


def _address_key(a: PostalAddress) -> tuple[str, str, str, str]:
    return (a.city, a.region, a.postal_code, a.country)


@pytest.mark.parametrize("stem", ["roundcube-all", "roundcube-gmail", "roundcube-tb_plain"])
def test_corpus_csv_agrees_with_the_expected_vcard(stem: str) -> None:
    """Roundcube's own reading of each CSV (the .expected.vcf) is a second opinion."""
    read = read_contact_file(corpus_file(f"csv/{stem}.csv").read_bytes())
    expected_text = corpus_file(f"csv/{stem}.expected.vcf").read_text(encoding="utf-8")
    (want,) = read_vcards(expected_text).contacts
    assert not read.result.refused
    (contact,) = read.result.contacts
    assert contact.name == want.name
    assert contact.company == want.company
    assert contact.title == want.title
    assert contact.emails == want.emails
    # The same numbers; ours put fax and pager numbers after those a person answers.
    assert sorted(contact.phones) == sorted(want.phones)
    ours = {_address_key(a.address): a.address for a in contact.addresses}
    for labelled in want.addresses:
        theirs = labelled.address
        assert _address_key(theirs) in ours
        # Our street also keeps the PO box Roundcube drops; its street line is there.
        assert theirs.street in ours[_address_key(theirs)].street.splitlines()
    assert contact.notes.startswith(want.notes)


def test_fax_and_pager_numbers_come_last() -> None:
    read = read_contact_file(corpus_file("csv/roundcube-tb_plain.csv").read_bytes())
    (contact,) = read.result.contacts
    assert contact.phones == ["phone work", "phone home", "mobile", "fax", "pager"]


def test_corpus_csv_layouts_are_recognised() -> None:
    layouts = {
        stem: read_contact_file(corpus_file(f"csv/{stem}.csv").read_bytes()).result.layout
        for stem in ("roundcube-all", "roundcube-gmail", "roundcube-tb_plain")
    }
    assert layouts == {
        "roundcube-all": "",  # no exporter's layout: read through the guessed mapping
        "roundcube-gmail": "google-old",
        "roundcube-tb_plain": "thunderbird",
    }


def test_byte_order_mark_does_not_reach_the_first_column() -> None:
    read = read_contact_file(corpus_file("csv/roundcube-all.csv").read_bytes())
    assert read.table is not None
    assert read.table.header[0] == "Display Name"
    assert read.encoding == "utf-8"
