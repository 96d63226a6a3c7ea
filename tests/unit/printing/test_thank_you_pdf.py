"""The printed thank-you list, read back from the PDF with poppler-utils."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter

from followup_desktop import i18n
from followup_desktop.printing.thank_you import (
    paginate_heights,
    print_thank_you_list,
    write_thank_you_list,
)
from tests.unit.printing import (
    COUNTRIES,
    HTML_NAME,
    PT_PER_MM,
    QUOTES_NAME,
    Entry,
    entry,
    page_count,
    page_size_pts,
    pdfinfo,
    pdftotext,
    squash,
    words,
)

pytestmark = pytest.mark.usefixtures("qapp")

TODAY = date(2026, 11, 25)


def demo_entries() -> list[Entry]:
    return [
        entry("Ada Lovelace", "GB", company="Analytical Engines Ltd"),
        entry("Grace Hopper", "US", company="Compilers & Co"),
        entry("Anna Müller", "DE", company="Müller GmbH"),
        entry("Jean-Pierre Dupont", "FR", company="Dupont SA"),
        entry("Nobody Without-Address", None),
        entry(HTML_NAME, "US", company="<script>alert(1)</script>"),
        entry(QUOTES_NAME, "FR", company='O\'Brien & "Partners"'),
    ]


def test_every_name_salutation_address_line_and_talking_point_is_printed(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "list.pdf"
    entries = demo_entries()
    pages = write_thank_you_list(entries, pdf, page_size="A4", today=TODAY)

    assert pages == page_count(pdf) == 1
    text = pdftotext(pdf)
    for e in entries:
        assert e.name in text
        assert e.salutation in text
        assert e.company in text
        for line in e.address_lines or []:
            assert line in text, line
    assert "Meeting on 20 Nov: talked about the leadership" in text
    assert "Fri 20 Nov 2026" in text
    assert "No postal address" in text  # the entry without one is flagged
    assert "UNITED STATES" in text
    assert "UNITED KINGDOM" in text
    assert "FRANCE" in text
    assert "10117 Berlin" in text
    assert "75008 PARIS" in text
    assert "Washington, DC 20500" in text


def test_html_like_names_print_literally(tmp_path: Path) -> None:
    pdf = tmp_path / "list.pdf"
    write_thank_you_list(demo_entries(), pdf, page_size="A4", today=TODAY)
    text = pdftotext(pdf)
    assert "<b>Bold</b> & <img src=x>" in text
    assert '"Quotes" & <Ampersand>' in text
    assert "<script>alert(1)</script>" in text
    assert "Dear <b>Bold</b>," in text
    assert "&amp;" not in text
    assert "&lt;" not in text


def test_header_and_margins(tmp_path: Path) -> None:
    pdf = tmp_path / "list.pdf"
    write_thank_you_list(demo_entries(), pdf, page_size="A4", today=TODAY, title="Notes to write")
    first = pdftotext(pdf).splitlines()[0]
    assert "Notes to write" in first
    assert "Wed 25 Nov 2026" in first
    width, height = page_size_pts(pdf)
    assert (round(width), round(height)) == (595, 842)
    boxes = words(pdf)
    margin = 15 * PT_PER_MM
    assert min(w.x_min for w in boxes) == pytest.approx(margin, abs=2 * PT_PER_MM)
    assert max(w.x_max for w in boxes) <= width - margin + 0.5
    assert min(w.y_min for w in boxes) >= margin - 0.5
    assert max(w.y_max for w in boxes) <= height - margin + 0.5


def test_letter_page_size(tmp_path: Path) -> None:
    pdf = tmp_path / "list.pdf"
    write_thank_you_list(demo_entries(), pdf, page_size="Letter", today=TODAY)
    width, height = page_size_pts(pdf)
    assert (round(width), round(height)) == (612, 792)


def many_entries(count: int) -> list[Entry]:
    """Entries with unique text and talking points of varied length."""
    entries = []
    for i in range(1, count + 1):
        filler = " ".join(["the workshop budget and the offsite agenda"] * (i % 6))
        country = None if i % 11 == 0 else COUNTRIES[i % len(COUNTRIES)]
        entries.append(
            entry(
                f"Person-{i:03d} Example",
                country,
                company=f"Company {i:03d}",
                talking_point=f"TPA-{i:03d} Meeting on 20 Nov: {filler} TPZ-{i:03d}",
            )
        )
    return entries


def test_a_200_entry_list_paginates_without_splitting_an_entry(tmp_path: Path) -> None:
    pdf = tmp_path / "list.pdf"
    entries = many_entries(200)
    pages = write_thank_you_list(entries, pdf, page_size="A4", today=TODAY)

    total = page_count(pdf)
    assert pages == total > 5
    page_of: dict[str, set[int]] = {}
    for n in range(1, total + 1):
        text = pdftotext(pdf, n)
        lines = text.splitlines()
        assert "Thank-you notes" in lines[0], n
        assert "Wed 25 Nov 2026" in lines[0], n
        assert re.findall(r"Page \d+ of \d+", text) == [f"Page {n} of {total}"], n
        flat = squash(text)
        for i in range(1, 201):
            for token in (f"Person-{i:03d} Example", f"TPA-{i:03d}", f"TPZ-{i:03d}"):
                if token in flat:
                    page_of.setdefault(token, set()).add(n)
        for e in entries:
            if e.name in flat:
                for line in e.address_lines or []:
                    assert line in text, (n, line)
    for i in range(1, 201):
        name_pages = page_of[f"Person-{i:03d} Example"]
        assert len(name_pages) == 1, (i, name_pages)
        assert page_of[f"TPA-{i:03d}"] == name_pages, i
        assert page_of[f"TPZ-{i:03d}"] == name_pages, i
    # Entries run in order across pages.
    order = [min(page_of[f"Person-{i:03d} Example"]) for i in range(1, 201)]
    assert order == sorted(order)


def test_a_printer_gets_the_same_pages(tmp_path: Path) -> None:
    written = tmp_path / "written.pdf"
    printed = tmp_path / "printed.pdf"
    entries = many_entries(40)
    write_thank_you_list(entries, written, page_size="Letter", today=TODAY)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    pages = print_thank_you_list(entries, printer, today=TODAY, page_size="Letter")
    assert pages == page_count(printed) == page_count(written)
    assert squash(pdftotext(printed)) == squash(pdftotext(written))


def test_an_empty_list_is_one_page(tmp_path: Path) -> None:
    pdf = tmp_path / "list.pdf"
    assert write_thank_you_list([], pdf, page_size="A4", today=TODAY) == 1
    text = pdftotext(pdf)
    assert "No thank-you notes to write." in text
    assert "Page 1 of 1" in text


def test_unknown_page_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="page size"):
        write_thank_you_list([], tmp_path / "x.pdf", page_size="A5", today=TODAY)


def test_pagination_never_splits_and_gives_a_giant_its_own_page() -> None:
    assert paginate_heights([40, 40, 40, 150, 10], 100) == [[0, 1], [2], [3], [4]]
    assert paginate_heights([], 100) == [[]]
    assert paginate_heights([100, 100], 100) == [[0], [1]]


def test_the_list_is_printed_in_german(tmp_path: Path) -> None:
    i18n.set_language("de")
    pdf = tmp_path / "liste.pdf"
    entries = [entry("Anna Müller", "DE", company="Müller GmbH"), entry("Ohne Adresse", None)]
    write_thank_you_list(entries, pdf, page_size="A4", today=TODAY)
    text = pdftotext(pdf)
    first = text.splitlines()[0]
    assert "Dankeskarten" in first
    assert "Mi., 25. Nov. 2026" in first  # the date in German words and order
    assert "2 Karten zu schreiben" in text
    assert "Fr., 20. Nov. 2026" in text  # the meeting's day
    assert "Keine Postanschrift" in text
    assert "Vor dem Schreiben ergänzen." in text
    assert "Seite 1 von 1" in text
    assert pdfinfo(pdf)["Title"] == "Dankeskarten"


def test_an_empty_list_says_so_in_german(tmp_path: Path) -> None:
    i18n.set_language("de")
    pdf = tmp_path / "leer.pdf"
    write_thank_you_list([], pdf, page_size="A4", today=TODAY)
    text = squash(pdftotext(pdf))
    assert "Keine Dankeskarten zu schreiben." in text
    assert "0 Karten zu schreiben" in text
