"""Envelope addresses laid out by the destination country's convention.

A letter abroad names the country on its last line in the sender's language
(the one the app speaks: "FRANKREICH" from a German user), as the postal union
and Deutsche Post ask; pycountry carries the ISO names' translations.
"""

from __future__ import annotations

import gettext
from functools import cache
from typing import Any

from followup_desktop.domain.model import PostalAddress
from followup_desktop.i18n import SOURCE_LANGUAGE, current_language

# What people write that ISO 3166 does not call a country.
_ALIASES = {
    "UK": "GB",
    "GREAT BRITAIN": "GB",
    "ENGLAND": "GB",
    "SCOTLAND": "GB",
    "WALES": "GB",
    "NORTHERN IRELAND": "GB",
    "DEUTSCHLAND": "DE",
    "RUSSIA": "RU",
    "HOLLAND": "NL",
    "SCHWEIZ": "CH",
    "SUISSE": "CH",
    "ÖSTERREICH": "AT",
    "ESPAÑA": "ES",
    "ITALIA": "IT",
    "SOUTH KOREA": "KR",
    "TURKEY": "TR",
    "STATE OF PALESTINE": "PS",
    "DEMOCRATIC REPUBLIC OF THE CONGO": "CD",
}
# ISO's short names that read wrongly on an envelope, and no common name to use instead.
_POSTAL_NAMES = {"CD": "DEMOCRATIC REPUBLIC OF THE CONGO"}


@cache
def _countries() -> Any:
    """pycountry's database, loaded when an address first needs it (not at start-up)."""
    import pycountry

    return pycountry.countries


def country_code(country: str) -> str:
    """An ISO 3166-1 alpha-2 code for a code (alpha-2 or alpha-3) or a country's name,
    in any case; else the text, upper-cased."""
    key = country.strip().upper()
    if not key:
        return ""
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return str(_countries().lookup(key).alpha_2)
    except LookupError:
        return key


def country_name(code: str) -> str | None:
    """The country's ISO 3166 name, as the last line of an envelope (in capitals, as
    the postal union asks), in the user's language: its common name where ISO gives one
    ("SOUTH KOREA"), never an inverted one ("VIRGIN ISLANDS, BRITISH"). None for a code
    ISO does not know."""
    return _country_name(code.strip().upper(), current_language())


@cache
def _country_name(code: str, language: str) -> str | None:
    country = _countries().get(alpha_2=code) if len(code) == 2 else None
    english = _english_name(code, country)
    if language == SOURCE_LANGUAGE or country is None:
        return english
    # ISO's names as translated, the short one first; an untranslated or inverted one
    # ("PALÄSTINA, STAAT") gives way to the next, and at last to the English name.
    names = _iso_names(language)
    short = getattr(country, "common_name", "") or country.name
    for source in (str(short), str(getattr(country, "official_name", ""))):
        translated = names.gettext(source) if source else ""
        if translated and translated != source and ", " not in translated:
            return translated.upper()
    return english


def _english_name(code: str, country: Any) -> str | None:
    if code in _POSTAL_NAMES:
        return _POSTAL_NAMES[code]
    if country is None:
        return None
    name = str(getattr(country, "common_name", "") or country.name)
    if ", " in name:
        name = str(getattr(country, "official_name", "") or name)
    return name.removeprefix("the ").upper()


@cache
def _iso_names(language: str) -> gettext.NullTranslations:
    """pycountry's translations of the ISO country names into ``language``."""
    import pycountry

    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


def envelope_lines(
    name: str, company: str, address: PostalAddress, home_country: str
) -> list[str] | None:
    """The lines to write on an envelope, or None when there is no postal address.

    Conventions: US "City, ST 12345"; UK town and postcode on lines of their
    own; Germany "12345 City"; France "75001 CITY"; the country's name on a
    last line only when the letter goes abroad.
    """
    if address.is_empty:
        return None
    code = country_code(address.country) if address.country else country_code(home_country)
    lines = [line for line in (name.strip(), company.strip()) if line]
    lines += [s.strip() for s in address.street.splitlines() if s.strip()]
    city, region, postal = address.city.strip(), address.region.strip(), address.postal_code.strip()
    if code in ("US", "CA", "AU"):
        tail = " ".join(p for p in (region, postal) if p)
        lines.append(", ".join(p for p in (city, tail) if p))
    elif code == "GB":
        lines += [p for p in (city.upper(), region, postal.upper()) if p]
    elif code == "FR":
        lines.append(" ".join(p for p in (postal, city.upper()) if p))
    elif code == "JP":
        lines.append(" ".join(p for p in (postal, region, city) if p))
    else:  # Germany and most of continental Europe: postal code before the town
        lines.append(" ".join(p for p in (postal, city) if p))
        if region and code not in ("DE", "AT", "CH", "NL"):
            lines.append(region)
    if code != country_code(home_country):
        lines.append(country_name(code) or address.country.strip().upper())
    return [line for line in lines if line]
