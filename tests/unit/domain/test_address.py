"""Envelope addresses, laid out the way the destination country's post expects."""

from __future__ import annotations

import pytest

from followup_desktop.domain.address import country_code, country_name, envelope_lines
from followup_desktop.domain.model import PostalAddress


@pytest.mark.parametrize(
    ("country", "code"),
    [
        ("US", "US"),
        ("us", "US"),
        ("USA", "US"),
        ("United States of America", "US"),
        ("UK", "GB"),
        ("England", "GB"),
        ("Great Britain", "GB"),
        ("Deutschland", "DE"),
        (" germany ", "DE"),
        ("France", "FR"),
        ("JP", "JP"),
        ("NO", "NO"),
        ("Norway", "NO"),
        ("nor", "NO"),
        ("South Korea", "KR"),
        ("Russia", "RU"),
        ("Atlantis", "ATLANTIS"),
        ("", ""),
    ],
)
def test_country_code(country: str, code: str) -> None:
    assert country_code(country) == code


def test_every_iso_country_has_a_name_that_reads_back_as_its_code() -> None:
    import pycountry

    codes = [c.alpha_2 for c in pycountry.countries]
    assert len(codes) > 240
    for code in codes:
        name = country_name(code)
        assert name, code
        assert name == name.upper(), code
        # Never inverted ("VIRGIN ISLANDS, BRITISH"); these two are lists of islands.
        assert ", " not in name or code in ("BQ", "SH"), name
        assert country_code(name) == code, name
        assert country_code(name.title()) == code, name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("NO", "NORWAY"),
        ("US", "UNITED STATES"),
        ("GB", "UNITED KINGDOM"),
        ("KR", "SOUTH KOREA"),  # the common name, not "KOREA, REPUBLIC OF"
        ("VG", "BRITISH VIRGIN ISLANDS"),  # the official name, not an inverted one
        ("PS", "STATE OF PALESTINE"),
        ("CD", "DEMOCRATIC REPUBLIC OF THE CONGO"),
        ("no", "NORWAY"),
        ("XX", None),
        ("NOR", None),
    ],
)
def test_country_name(code: str, name: str | None) -> None:
    assert country_name(code) == name


def test_a_letter_to_norway_ends_with_norway_not_its_code() -> None:
    address = PostalAddress("Karl Johans gate 1", "Oslo", "", "0154", "NO")
    assert envelope_lines("Kari Nordmann", "", address, "DE") == [
        "Kari Nordmann",
        "Karl Johans gate 1",
        "0154 Oslo",
        "NORWAY",
    ]
    # At home the country is left off.
    assert envelope_lines("Kari Nordmann", "", address, "NO") == [
        "Kari Nordmann",
        "Karl Johans gate 1",
        "0154 Oslo",
    ]


def test_a_country_iso_does_not_know_is_printed_as_written() -> None:
    address = PostalAddress("1 Main St", "Poseidonia", "", "999", "Atlantis")
    assert envelope_lines("Ann", "", address, "DE") == [
        "Ann",
        "1 Main St",
        "999 Poseidonia",
        "ATLANTIS",
    ]


def test_an_empty_address_gives_no_envelope() -> None:
    assert envelope_lines("Ada Lovelace", "Analytical Ltd", PostalAddress(), "DE") is None


def test_us_address_has_city_state_and_zip_on_one_line() -> None:
    address = PostalAddress("1600 Pennsylvania Ave NW", "Washington", "DC", "20500", "US")
    assert envelope_lines("Jane Doe", "Acme Inc.", address, "US") == [
        "Jane Doe",
        "Acme Inc.",
        "1600 Pennsylvania Ave NW",
        "Washington, DC 20500",
    ]


def test_a_letter_abroad_ends_with_the_country_name() -> None:
    address = PostalAddress("233 S Wacker Dr", "Chicago", "IL", "60606", "USA")
    assert envelope_lines("Jane Doe", "", address, "DE") == [
        "Jane Doe",
        "233 S Wacker Dr",
        "Chicago, IL 60606",
        "UNITED STATES",
    ]


def test_canada_follows_the_north_american_layout() -> None:
    address = PostalAddress("290 Bremner Blvd", "Toronto", "ON", "M5V 3L9", "Canada")
    assert envelope_lines("Sam Lee", "", address, "US") == [
        "Sam Lee",
        "290 Bremner Blvd",
        "Toronto, ON M5V 3L9",
        "CANADA",
    ]


def test_uk_town_and_postcode_have_lines_of_their_own_in_capitals() -> None:
    address = PostalAddress("10 Downing Street", "London", "", "sw1a 2aa", "UK")
    assert envelope_lines("Jo Bloggs", "HM Treasury", address, "DE") == [
        "Jo Bloggs",
        "HM Treasury",
        "10 Downing Street",
        "LONDON",
        "SW1A 2AA",
        "UNITED KINGDOM",
    ]


def test_uk_county_goes_between_town_and_postcode() -> None:
    address = PostalAddress("1 High Street", "Ely", "Cambridgeshire", "CB7 4HF", "GB")
    assert envelope_lines("Jo Bloggs", "", address, "GB") == [
        "Jo Bloggs",
        "1 High Street",
        "ELY",
        "Cambridgeshire",
        "CB7 4HF",
    ]


def test_germany_puts_the_postcode_before_the_town_and_no_state() -> None:
    address = PostalAddress("Unter den Linden 1", "Berlin", "Berlin", "10117", "DE")
    assert envelope_lines("Max Mustermann", "Beispiel GmbH", address, "DE") == [
        "Max Mustermann",
        "Beispiel GmbH",
        "Unter den Linden 1",
        "10117 Berlin",
    ]


def test_an_address_without_a_country_is_domestic() -> None:
    address = PostalAddress("Unter den Linden 1", "Berlin", "", "10117", "")
    assert envelope_lines("Max Mustermann", "", address, "Germany") == [
        "Max Mustermann",
        "Unter den Linden 1",
        "10117 Berlin",
    ]


def test_france_writes_the_town_in_capitals_after_the_postcode() -> None:
    address = PostalAddress("12 rue de Rivoli", "Paris", "", "75004", "FR")
    assert envelope_lines("Marie Curie", "", address, "DE") == [
        "Marie Curie",
        "12 rue de Rivoli",
        "75004 PARIS",
        "FRANCE",
    ]


def test_japan_puts_postcode_prefecture_and_city_on_one_line() -> None:
    address = PostalAddress("1-1 Chiyoda", "Chiyoda-ku", "Tokyo", "100-8111", "Japan")
    assert envelope_lines("Taro Yamada", "", address, "DE") == [
        "Taro Yamada",
        "1-1 Chiyoda",
        "100-8111 Tokyo Chiyoda-ku",
        "JAPAN",
    ]


def test_elsewhere_in_europe_the_region_gets_a_line_of_its_own() -> None:
    address = PostalAddress("Via del Corso 1", "Roma", "RM", "00186", "IT")
    assert envelope_lines("Luca Rossi", "", address, "DE") == [
        "Luca Rossi",
        "Via del Corso 1",
        "00186 Roma",
        "RM",
        "ITALY",
    ]


def test_an_unknown_country_is_written_out_as_given() -> None:
    address = PostalAddress("1 Coral Road", "Poseidonia", "", "12345", "Atlantis")
    assert envelope_lines("Nemo", "", address, "DE") == [
        "Nemo",
        "1 Coral Road",
        "12345 Poseidonia",
        "ATLANTIS",
    ]


def test_multi_line_streets_keep_their_lines_and_drop_blank_ones() -> None:
    address = PostalAddress(
        "  Building 5 \n\nSuite 200\n  350 Fifth Avenue  \n", "New York", "NY", "10118", "US"
    )
    assert envelope_lines("  Jane Doe ", "  ", address, "US") == [
        "Jane Doe",
        "Building 5",
        "Suite 200",
        "350 Fifth Avenue",
        "New York, NY 10118",
    ]


def test_missing_parts_leave_no_stray_separators() -> None:
    assert envelope_lines("A", "", PostalAddress(city="Boston", country="US"), "US") == [
        "A",
        "Boston",
    ]
    assert envelope_lines("A", "", PostalAddress(postal_code="02108", country="US"), "US") == [
        "A",
        "02108",
    ]
    assert envelope_lines("A", "", PostalAddress(street="1 Main St", country="FR"), "FR") == [
        "A",
        "1 Main St",
    ]
