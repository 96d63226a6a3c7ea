"""Contact CSV files: layouts recognised by header, encodings, delimiters, mappings."""

from __future__ import annotations

import pytest

from followup_desktop.domain.model import PostalAddress, Prospect
from followup_desktop.io.contacts import MAX_VALUE_CHARS
from followup_desktop.io.csv_contacts import (
    contacts_from_table,
    detect_layout,
    field_label,
    guess_mapping,
    read_table,
    write_google_csv,
)
from followup_desktop.io.files import read_contact_file

GOOGLE_NEW = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,Notes,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
    "Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Formatted,"
    "Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,"
    "Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address\r\n"
    'Ana,,García,Acme,CEO,"Two\nlines",* myContacts,* Work,ana@acme.example ::: a@acme.example,'
    "Home,ana@home.example,Mobile,+34 600 000 000 ::: +34 911 000 000,Work,,"
    "Calle Mayor 1,Madrid,,,28013,Spain,2º B\r\n"
)

OUTLOOK = (
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department",'
    '"Job Title","Business Street","Business Street 2","Business City","Business State",'
    '"Business Postal Code","Business Country/Region","Home Street","Home City",'
    '"Business Phone","Mobile Phone","E-mail Address","E-mail Type","E-mail Display Name",'
    '"E-mail 2 Address","Notes"\r\n'
    '"Dr.","Hans","","Becker","","Becker GmbH","Sales","Geschäftsführer","Lindenstraße 5",'
    '"3. OG","Berlin","","10117","Germany","Am Hof 2","Potsdam","+49 30 1234567",'
    '"+49 171 7654321","hans@becker.example","SMTP","Hans Becker (hans@becker.example)",'
    '"h.becker@private.example","VIP"\r\n'
)

OUTLOOK_WEB = (
    "First Name,Middle Name,Last Name,Title,Suffix,Nickname,E-mail Address,E-mail 2 Address,"
    "Home Phone,Business Phone,Mobile Phone,Job Title,Company,Business Street,Business City,"
    "Business State,Business Postal Code,Business Country/Region,Notes\n"
    "Mia,,Wong,,,,mia@wong.example,,,+1 415 555 0100,,CTO,Wong Labs,1 Market St,"
    "San Francisco,CA,94105,United States,\n"
)

LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Priya,Sharma,https://www.linkedin.com/in/priya,priya@example.com,Globex,VP Sales,"
    "12 Mar 2024\n"
    "Tom,Lee,https://www.linkedin.com/in/tomlee,,Initech,Engineer,01 Feb 2023\n"
)

THUNDERBIRD = (
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,"
    "Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,"
    "Home City,Home State,Home ZipCode,Home Country,Work Address,Work Address 2,Work City,"
    "Work State,Work ZipCode,Work Country,Job Title,Department,Organization,Web Page 1,"
    "Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes,\n"
    "Lena,Novak,Lena Novak,,lena@novak.example,,,+420 222 000 111,,,,,,,,,,,"
    "Vodičkova 1,Patro 2,Praha,,110 00,Czech Republic,Owner,,Novak s.r.o.,,,,,,,,,,,\n"
)


def _contacts(text: str):  # type: ignore[no-untyped-def]
    read = read_contact_file(text.encode("utf-8"))
    assert not read.result.refused, [str(p) for p in read.result.problems]
    return read


def test_google_new_layout_with_multi_values() -> None:
    read = _contacts(GOOGLE_NEW)
    assert read.result.layout == "google"
    (c,) = read.result.contacts
    assert c.name == "Ana García"
    assert (c.company, c.title) == ("Acme", "CEO")
    assert c.emails == ["ana@acme.example", "a@acme.example", "ana@home.example"]
    assert c.phones == ["+34 600 000 000", "+34 911 000 000"]
    assert c.address == PostalAddress("Calle Mayor 1\n2º B", "Madrid", "", "28013", "Spain")
    assert c.notes == "Two\nlines"


def test_outlook_desktop_title_is_the_name_prefix() -> None:
    read = _contacts(OUTLOOK)
    assert read.result.layout == "outlook"
    (c,) = read.result.contacts
    assert c.name == "Hans Becker"
    assert c.title == "Geschäftsführer"
    assert c.company == "Becker GmbH"
    assert c.emails == ["hans@becker.example", "h.becker@private.example"]
    assert c.phones == ["+49 30 1234567", "+49 171 7654321"]
    assert c.address == PostalAddress("Lindenstraße 5\n3. OG", "Berlin", "", "10117", "Germany")
    assert [a.address.city for a in c.other_addresses()] == ["Potsdam"]


def test_outlook_web_layout() -> None:
    read = _contacts(OUTLOOK_WEB)
    assert read.result.layout == "outlook-web"
    (c,) = read.result.contacts
    assert (c.name, c.company, c.title) == ("Mia Wong", "Wong Labs", "CTO")
    assert c.address == PostalAddress(
        "1 Market St", "San Francisco", "CA", "94105", "United States"
    )


def test_linkedin_export_with_its_notes_preamble() -> None:
    read = _contacts(LINKEDIN)
    assert read.result.layout == "linkedin"
    assert read.table is not None
    assert read.table.header_line == 4
    priya, tom = read.result.contacts
    assert (priya.name, priya.company, priya.title) == ("Priya Sharma", "Globex", "VP Sales")
    assert priya.emails == ["priya@example.com"]
    assert priya.notes == "LinkedIn: https://www.linkedin.com/in/priya"
    assert (tom.line, tom.emails) == (6, [])


def test_thunderbird_layout() -> None:
    read = _contacts(THUNDERBIRD)
    assert read.result.layout == "thunderbird"
    (c,) = read.result.contacts
    assert (c.name, c.company, c.title) == ("Lena Novak", "Novak s.r.o.", "Owner")
    assert c.address == PostalAddress(
        "Vodičkova 1\nPatro 2", "Praha", "", "110 00", "Czech Republic"
    )


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_delimiters_and_encodings_are_detected(delimiter: str, encoding: str) -> None:
    rows = [
        ["Name", "Company", "E-mail", "Phone"],
        ["Zoë Müller", "Café Éclair; Söhne", "zoe@cafe.example", "+49 30 123"],
        ["José Núñez", "", "jose@example.com", ""],
    ]
    lines = []
    for row in rows:
        lines.append(delimiter.join(f'"{v}"' if delimiter in v else v for v in row))
    read = read_contact_file(("\r\n".join(lines) + "\r\n").encode(encoding))
    assert [(c.name, c.company, c.emails) for c in read.result.contacts] == [
        ("Zoë Müller", "Café Éclair; Söhne", ["zoe@cafe.example"]),
        ("José Núñez", "", ["jose@example.com"]),
    ]
    assert read.table is not None
    assert read.table.delimiter == delimiter


def test_a_one_column_file_of_email_addresses() -> None:
    for text in ("ana@a.example\nbo@b.example\n", "Email\nana@a.example\nbo@b.example\n"):
        read = read_contact_file(text.encode())
        assert read.result.layout == "email-list"
        assert [c.emails for c in read.result.contacts] == [["ana@a.example"], ["bo@b.example"]]


def test_row_problems_carry_the_line_they_start_on() -> None:
    text = (
        "Name,E-mail,Notes\n"
        'Ana,ana@a.example,"a note\nover two lines"\n'
        ",,\n"
        "Bo,not-an-address,\n"
        ",,just a note\n"
    )
    read = read_contact_file(text.encode())
    assert [c.name for c in read.result.contacts] == ["Ana", "Bo"]
    assert [str(p) for p in read.result.problems] == [
        "line 5: 'not-an-address' is not an e-mail address; not imported",
        "line 6: no name, company, e-mail or phone in this row; skipped",
    ]


def test_a_csv_cut_off_inside_a_quoted_field_is_refused() -> None:
    text = 'Name,E-mail,Notes\nAna,ana@a.example,"fine"\nBo,bo@b.example,"cut'
    read = read_contact_file(text.encode())
    assert read.result.refused
    assert read.result.contacts == []
    assert "cut off" in str(read.result.problems[0])


def test_text_that_is_not_a_contact_file_is_refused() -> None:
    for data in (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        b"Dear diary, today I met a prospect.\nIt went well, I think.\n",
        b"",
    ):
        read = read_contact_file(data)
        assert read.result.refused
        assert "not a contact file" in str(read.result.problems[0]) or "empty" in str(
            read.result.problems[0]
        )


def test_an_unknown_table_is_read_through_the_guessed_mapping_and_can_be_remapped() -> None:
    text = "Kunde;Firma;Telefon;Ort\nErika Mustermann;Muster AG;030 1234;Berlin\n"
    table = read_table(text)
    assert table.layout == ""
    assert table.needs_mapping
    assert table.guessed == ["", "company", "phone", "work:city"]
    # Nothing holds the name: the user maps "Kunde" to the name.
    result = contacts_from_table(table, ["name", "company", "phone", "home:city"])
    (c,) = result.contacts
    assert (c.name, c.company, c.phones, c.address.city) == (
        "Erika Mustermann",
        "Muster AG",
        ["030 1234"],
        "Berlin",
    )


def test_a_mapping_with_no_name_email_or_phone_refuses_the_file() -> None:
    table = read_table("A,B\n1,2\n")
    result = contacts_from_table(table, ["", ""])
    assert result.refused
    assert "map the columns" in str(result.problems[0])


def test_guesses_and_labels() -> None:
    header = [
        "Vorname",
        "Nachname",
        "E-Mail-Adresse",
        "Straße",
        "PLZ",
        "Land",
        "Title",
        "Job Title",
    ]
    assert guess_mapping(header) == [
        "first",
        "last",
        "email",
        "work:street",
        "work:postal_code",
        "work:country",
        "prefix",
        "title",
    ]
    assert detect_layout(["Foo", "Bar"]) == ""
    assert field_label("home:postal_code") == "Home address: postal code"
    assert field_label("2:city") == "Address 2: city"
    assert field_label("email") == "E-mail"


def test_google_csv_written_reads_back_as_google() -> None:
    prospects = [
        Prospect(
            1,
            "Ana María García",
            company="Acme, Inc.",
            title="CEO",
            emails=("ana@acme.example", "ana@home.example"),
            phones=("+34 600 000 000",),
            address=PostalAddress("Calle Mayor 1\n2º B", "Madrid", "", "28013", "ES"),
            notes='Said "call me"\nin spring',
        ),
        Prospect(2, "Solo"),
    ]
    read = read_contact_file(write_google_csv(prospects).encode())
    assert read.result.layout == "google"
    ana, solo = read.result.contacts
    assert ana.name == "Ana María García"
    assert (ana.company, ana.title) == ("Acme, Inc.", "CEO")
    assert ana.emails == ["ana@acme.example", "ana@home.example"]
    assert ana.phones == ["+34 600 000 000"]
    assert ana.address == prospects[0].address
    assert ana.notes == 'Said "call me"\nin spring'
    assert solo.name == "Solo"


def test_german_outlook_export_in_windows_1252_with_semicolons() -> None:
    text = (
        "Anrede;Vorname;Weitere Vornamen;Nachname;Firma;Position;Straße geschäftlich;"
        "Ort geschäftlich;Postleitzahl geschäftlich;Land/Region geschäftlich;"
        "Telefon geschäftlich;Fax geschäftlich;Mobiltelefon;E-Mail-Adresse;E-Mail-Typ;"
        "E-Mail: Angezeigter Name;Notizen\r\n"
        "Herr;Jürgen;Karl;Müller;Müller & Söhne GmbH;Geschäftsführer;Königstraße 5;Stuttgart;"
        "70173;Deutschland;0711 123456;0711 123457;0171 7654321;j.mueller@example.de;SMTP;"
        "Jürgen Müller (j.mueller@example.de);Rückruf erbeten\r\n"
    )
    read = read_contact_file(text.encode("cp1252"))
    assert read.encoding == "windows-1252"
    assert read.mapping == [
        "prefix", "first", "middle", "last", "company", "title", "work:street", "work:city",
        "work:postal_code", "work:country", "phone", "phone", "phone", "email", "", "", "notes",
    ]  # fmt: skip
    (c,) = read.result.contacts
    assert c.name == "Jürgen Karl Müller"
    assert (c.company, c.title) == ("Müller & Söhne GmbH", "Geschäftsführer")
    assert c.emails == ["j.mueller@example.de"]
    assert c.phones == ["0711 123456", "0171 7654321", "0711 123457"]  # the fax last
    assert c.address == PostalAddress("Königstraße 5", "Stuttgart", "", "70173", "Deutschland")
    assert c.notes == "Rückruf erbeten"
    assert read.result.problems == []


def test_a_stray_quote_inside_a_field_is_read_as_written() -> None:
    text = 'Name,Notes,E-mail\nTom,He is 6\' 2" tall,tom@example.com\n"Ana"x,fine,ana@example.com\n'
    read = read_contact_file(text.encode())
    assert not read.result.refused
    assert [c.notes for c in read.result.contacts] == ["He is 6' 2\" tall", "fine"]
    assert [str(p) for p in read.result.problems] == [
        "line 3: a quote in the wrong place (',' expected after '\"'); read as written"
    ]


def test_a_very_long_field_is_read() -> None:
    note = "x" * 300_000
    read = read_contact_file(f'Name,Notes\nAna,"{note}"\n'.encode())
    (c,) = read.result.contacts
    assert len(c.notes) == 300_000


def test_google_csv_of_a_company_and_a_us_address() -> None:
    company = Prospect(
        1,
        "Just A Company, Inc.",
        company="Just A Company, Inc.",
        address=PostalAddress("1 Infinite Loop", "Cupertino", "CA", "95014", "US"),
    )
    read = read_contact_file(write_google_csv([company]).encode())
    assert read.table is not None
    row = dict(zip(read.table.header, read.table.rows[0][1], strict=True))
    assert (row["First Name"], row["Last Name"]) == ("", "")
    assert row["Address 1 - Formatted"] == "1 Infinite Loop\nCupertino, CA 95014\nUS"
    (contact,) = read.result.contacts
    assert (contact.name, contact.company) == ("", "Just A Company, Inc.")


def test_a_value_longer_than_the_limit_is_cut_to_it_and_the_cut_said() -> None:
    note = "Call back after the fair. " * 120_000  # about 3 MB
    for written in (note, note.replace(". ", ".\n")):  # on one line, then over 120,000
        text = f'Name,E-mail,Notes\nAna,ana@a.example,"{written}"\nBo,bo@b.example,short\n'
        read = read_contact_file(text.encode())
        ana, bo = read.result.contacts
        assert (ana.name, ana.emails) == ("Ana", ["ana@a.example"])
        assert ana.notes == written[:MAX_VALUE_CHARS]
        assert (bo.name, bo.notes) == ("Bo", "short")
        assert [str(p) for p in read.result.problems] == [
            "line 2: the 'Notes' column of Ana is longer than 1 MB: only its first 1 MB was kept"
        ]


def test_a_long_value_in_a_column_not_imported_is_cut_without_a_word() -> None:
    photo = "QUFB" * 1_000_000
    read = read_contact_file(f"Name,E-mail,Photo\nAna,ana@a.example,{photo}\n".encode())
    assert read.mapping == ["name", "email", ""]
    (ana,) = read.result.contacts
    assert (ana.name, ana.emails) == ("Ana", ["ana@a.example"])
    assert read.result.problems == []


THUNDERBIRD_JA = (
    "First Name,Last Name,Display Name,Primary Email,Work City,Organization,Notes\r\n"
    "太郎,山田,山田太郎,taro@example.jp,東京都,株式会社テスト,大阪府出身\r\n"
    "花子,佐藤,佐藤花子,hanako@example.jp,京都市,,\r\n"
)


@pytest.mark.parametrize(
    ("encoding", "read_as", "said"),
    [
        ("shift_jis", "cp932", ["the file is not UTF-8: it was read as Shift-JIS (Japanese)"]),
        ("gb18030", "gb18030", ["the file is not UTF-8: it was read as GB18030 (Chinese)"]),
        ("utf-16-le", "utf-16-le", []),
        ("utf-16-be", "utf-16-be", []),
    ],
)
def test_a_file_in_an_east_asian_encoding_is_found_and_read(
    encoding: str, read_as: str, said: list[str]
) -> None:
    read = read_contact_file(THUNDERBIRD_JA.encode(encoding))
    assert read.encoding == read_as
    assert [(c.name, c.company, c.notes) for c in read.result.contacts] == [
        ("山田太郎", "株式会社テスト", "大阪府出身"),
        ("佐藤花子", "", ""),
    ]
    assert read.result.contacts[0].address.city == "東京都"
    assert [str(p) for p in read.result.problems] == said


def test_a_file_that_does_not_read_in_the_encoding_it_looks_like_is_refused() -> None:
    data = THUNDERBIRD_JA.encode("shift_jis") + b"\x82\xff\x82,x@example.jp\r\n"
    read = read_contact_file(data)
    assert read.result.refused
    assert read.result.contacts == []
    assert [str(p) for p in read.result.problems] == [
        "this file is not UTF-8, and its text looks like Shift-JIS (Japanese), but not all "
        "of it reads as that: nothing was imported from it. Save it as UTF-8 and import it "
        "again"
    ]
