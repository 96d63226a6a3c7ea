"""Envelope addresses laid out by the destination country's convention."""

from __future__ import annotations

from followup_desktop.domain.model import PostalAddress

COUNTRY_NAMES = {
    "US": "UNITED STATES",
    "GB": "UNITED KINGDOM",
    "DE": "GERMANY",
    "FR": "FRANCE",
    "CA": "CANADA",
    "ES": "SPAIN",
    "IT": "ITALY",
    "NL": "NETHERLANDS",
    "JP": "JAPAN",
    "CH": "SWITZERLAND",
    "AT": "AUSTRIA",
    "IE": "IRELAND",
    "AU": "AUSTRALIA",
    "BR": "BRAZIL",
    "PL": "POLAND",
    "GR": "GREECE",
    "RU": "RUSSIA",
    "CN": "CHINA",
    "SE": "SWEDEN",
}
_ALIASES = {
    "UK": "GB",
    "USA": "US",
    "UNITED STATES OF AMERICA": "US",
    "GREAT BRITAIN": "GB",
    "ENGLAND": "GB",
    "DEUTSCHLAND": "DE",
}
_ALIASES.update({name: code for code, name in COUNTRY_NAMES.items()})


def country_code(country: str) -> str:
    """An ISO 3166-1 alpha-2 code for a code or a name we know; else the text, upper-cased."""
    key = country.strip().upper()
    return _ALIASES.get(key, key)


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
        lines.append(COUNTRY_NAMES.get(code, address.country.strip().upper()))
    return [line for line in lines if line]
