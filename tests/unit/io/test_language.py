"""What reading a contact file or writing a calendar says, in the user's language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from followup_desktop import i18n
from followup_desktop.domain.model import Channel, FollowUp
from followup_desktop.io.csv_contacts import LAYOUT_NAMES, field_choices, field_label
from followup_desktop.io.files import read_contact_file
from followup_desktop.io.icalendar_file import FollowUpEntry, summary, write_calendar
from followup_desktop.io.text import encoding_label

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def german() -> Iterator[None]:
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def problems(data: bytes) -> list[str]:
    return [str(p) for p in read_contact_file(data).result.problems]


@pytest.mark.usefixtures("german")
def test_a_file_that_is_no_contact_file_is_refused_in_german() -> None:
    assert problems(b"\x00\x01\x02binary") == [
        "dies ist keine Kontaktdatei: FollowUp Desktop liest vCard-Dateien (.vcf) und "
        "CSV-Dateien mit einer Kopfzeile"
    ]
    assert problems(b"\n\n") == [
        "dies ist keine Kontaktdatei: FollowUp Desktop liest vCard-Dateien (.vcf) und "
        "CSV-Dateien mit einer Kopfzeile (die Datei ist leer)"
    ]
    assert problems(b"nothing,here\nat,all\n") == [
        "Zeile 1: so ist dies keine Kontaktdatei: keine Spalte enthält Namen, Firmen, "
        "E-Mail-Adressen oder Telefonnummern (ordnen Sie die Spalten zu, um sie zu importieren)"
    ]


@pytest.mark.usefixtures("german")
def test_a_csv_file_cut_off_is_refused_in_german() -> None:
    assert problems(b'Name,E-mail\nAna,"ana@example.com\n') == [
        "Zeile 2: die Datei endet innerhalb eines Felds in Anführungszeichen; sie scheint "
        "abgeschnitten zu sein, daher wurde nichts daraus importiert"
    ]


@pytest.mark.usefixtures("german")
def test_the_problems_of_a_csv_file_are_told_in_german() -> None:
    found = problems(
        b"Name,E-mail,Phone\nAna,ana@example.com,1\nBen,not-an-address,2,3\n,,\n"
        b"Cleo,cleo@@example,3\n"
    )
    assert found == [
        "Zeile 3: 4 Felder, wo die Kopfzeile 3 hat",
        "Zeile 3: 'not-an-address' ist keine E-Mail-Adresse; nicht importiert",
        "Zeile 5: 'cleo@@example' sieht nicht wie eine E-Mail-Adresse aus; in den Notizen behalten",
    ]


@pytest.mark.usefixtures("german")
def test_a_vcard_file_cut_off_is_refused_in_german() -> None:
    assert problems(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\n") == [
        "Zeile 1: die Datei endet innerhalb der Karte, die hier beginnt (kein END:VCARD): sie "
        "scheint abgeschnitten zu sein, daher wurde nichts daraus importiert"
    ]
    assert problems(b"BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:x\r\nEND:VCARD\r\n") == [
        "Zeile 1: die Karte hat weder Namen noch Firma, E-Mail oder Telefonnummer; übersprungen"
    ]


@pytest.mark.usefixtures("german")
def test_a_file_in_a_legacy_encoding_is_named_in_german() -> None:
    data = (
        "Name,E-mail\n"
        "Иван Петров Сергеевич,ivan@example.com\n"
        "Мария Иванова Кузнецова,maria@example.com\n"
        "Алексей Смирнов Васильевич,a@example.com\n"
    ).encode("cp1251")
    assert problems(data) == [
        "die Datei ist nicht in UTF-8: sie wurde als Windows-1251 (Kyrillisch) gelesen"
    ]
    assert encoding_label("cp1251") == "Windows-1251 (Kyrillisch)"
    assert encoding_label("mac-roman") == "mac-roman"


@pytest.mark.usefixtures("german")
def test_the_mapping_step_names_fields_in_german() -> None:
    assert field_label("first") == "Vorname"
    assert field_label("") == "(nicht importiert)"
    assert field_label("work:city") == "Geschäftsadresse: Ort"
    assert field_label("home:postal_code") == "Privatadresse: Postleitzahl"
    assert field_label("2:street") == "Adresse 2: Straße"
    assert field_label("holiday:city") == "Adresse Holiday: Ort"
    assert "email" in field_choices()
    assert LAYOUT_NAMES["google"] == "Google Kontakte"


def test_the_mapping_step_names_fields_in_english() -> None:
    assert field_label("work:city") == "Work address: city"
    assert field_label("2:street") == "Address 2: street"
    assert field_label("holiday:city") == "Holiday address: city"


@pytest.mark.usefixtures("german")
def test_a_calendar_entry_is_written_in_german() -> None:
    due = datetime(2026, 11, 26, 9, 0, tzinfo=BERLIN)
    entry = FollowUpEntry(
        FollowUp(7, 1, due, Channel.CALL, "Angebot besprechen"),
        "uid-1",
        "Anna Schmidt",
        company="Beispiel GmbH",
        emails=("anna@example.com",),
        phones=("+49 30 1234",),
    )
    assert summary(entry) == "Anruf: Anna Schmidt (Beispiel GmbH)"
    text = write_calendar([entry], stamp=due).decode("utf-8").replace("\r\n ", "")
    assert "X-WR-CALNAME:FollowUp Desktop – Nachfass-Termine" in text
    assert "E-Mail: anna@example.com" in text
    assert "Telefon: +49 30 1234" in text
    assert "CATEGORIES:Nachfassen,call" in text
