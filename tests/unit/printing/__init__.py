"""Helpers for the printing tests: entries, and PDFs read back with poppler-utils."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from followup_desktop.domain.address import envelope_lines
from followup_desktop.domain.model import PostalAddress

BERLIN = ZoneInfo("Europe/Berlin")
PT_PER_MM = 72 / 25.4

HTML_NAME = "<b>Bold</b> & <img src=x>"
QUOTES_NAME = '"Quotes" & <Ampersand>'

ADDRESSES = {
    "US": PostalAddress("1600 Pennsylvania Ave NW\nSuite 200", "Washington", "DC", "20500", "US"),
    "GB": PostalAddress("10 Downing Street", "London", "", "SW1A 2AA", "GB"),
    "DE": PostalAddress("Unter den Linden 1", "Berlin", "", "10117", "DE"),
    "FR": PostalAddress("55 Rue du Faubourg Saint-Honoré", "Paris", "", "75008", "FR"),
}
COUNTRIES = list(ADDRESSES)


@dataclass(frozen=True)
class Entry:
    """Stands in for the queue's entry: the attributes the printing code reads."""

    name: str
    company: str
    salutation: str
    address_lines: list[str] | None
    address_missing: bool
    talking_point: str
    occurred_at: datetime


def entry(
    name: str,
    country: str | None = "DE",
    *,
    company: str = "Acme & Sons",
    talking_point: str = "Meeting on 20 Nov: talked about the leadership workshop",
    home_country: str = "DE",
) -> Entry:
    lines = (
        envelope_lines(name, company, ADDRESSES[country], home_country)
        if country is not None
        else None
    )
    return Entry(
        name=name,
        company=company,
        salutation=f"Dear {name.split()[0]},",
        address_lines=lines,
        address_missing=lines is None,
        talking_point=talking_point,
        occurred_at=datetime(2026, 11, 20, 14, 30, tzinfo=BERLIN),
    )


def pdftotext(path: Path, page: int | None = None, *, layout: bool = True) -> str:
    args = ["pdftotext"]
    if layout:
        args.append("-layout")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True)
    return out.stdout


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.stdout.splitlines())
    }


def page_count(path: Path) -> int:
    return int(pdfinfo(path)["Pages"])


def page_size_pts(path: Path) -> tuple[float, float]:
    m = re.match(r"([\d.]+) x ([\d.]+) pts", pdfinfo(path)["Page size"])
    assert m, pdfinfo(path)["Page size"]
    return float(m.group(1)), float(m.group(2))


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float  # points from the page's left edge
    y_min: float  # points from the page's top edge
    x_max: float
    y_max: float


_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def words(path: Path) -> list[Word]:
    """Every word with its box, from ``pdftotext -bbox``."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    found: list[Word] = []
    for page_no, page in enumerate(_PAGE.findall(out), start=1):
        for x0, y0, x1, y1, text in _WORD.findall(page):
            found.append(
                Word(page_no, html.unescape(text), float(x0), float(y0), float(x1), float(y1))
            )
    return found


def squash(text: str) -> str:
    """Whitespace collapsed: lines laid out in columns compare as plain text."""
    return " ".join(text.split())
