"""Label sheets and envelopes, read back from the PDF with poppler-utils."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.printing.envelopes import write_envelopes
from followup_desktop.printing.labels import SHEETS, write_labels
from tests.unit.printing import (
    COUNTRIES,
    HTML_NAME,
    PT_PER_MM,
    QUOTES_NAME,
    Entry,
    Word,
    entry,
    page_count,
    page_size_pts,
    pdftotext,
    squash,
    words,
)

pytestmark = pytest.mark.usefixtures("qapp")

INCH = 25.4
# The sheets as the manufacturer specifies them (mm): per sheet, columns, top,
# left, horizontal pitch, vertical pitch, label width, label height.
GRIDS = {
    "avery-l7160": (21, 3, 15.1, 7.2, 66.0, 38.1, 63.5, 38.1),
    "avery-5160": (30, 3, 0.5 * INCH, 0.1875 * INCH, 2.75 * INCH, 1.0 * INCH, 2.625 * INCH, INCH),
}
TOLERANCE_MM = 2.0


def label_entries(count: int) -> list[Entry]:
    return [entry(f"Lbl{i:02d} Person", COUNTRIES[i % len(COUNTRIES)]) for i in range(count)]


def label_box(sheet: str, slot: int) -> tuple[int, float, float, float, float]:
    """Page, left, top, right, bottom (mm) of label ``slot`` (0-based over all sheets)."""
    per_sheet, columns, top, left, h_pitch, v_pitch, width, height = GRIDS[sheet]
    page, index = divmod(slot, per_sheet)
    row, col = divmod(index, columns)
    x, y = left + col * h_pitch, top + row * v_pitch
    return page + 1, x, y, x + width, y + height


def inside(word: Word, box: tuple[int, float, float, float, float]) -> bool:
    page, left, top, right, bottom = box
    slack = 0.3
    return (
        word.page == page
        and word.x_min >= (left - slack) * PT_PER_MM
        and word.x_max <= (right + slack) * PT_PER_MM
        and word.y_min >= (top - slack) * PT_PER_MM
        and word.y_max <= (bottom + slack) * PT_PER_MM
    )


@pytest.mark.parametrize(
    ("sheet", "page_pts", "count"),
    [("avery-l7160", (595, 842), 20), ("avery-5160", (612, 792), 30)],
)
def test_labels_sit_in_the_sheet_grid_starting_at_the_chosen_label(
    tmp_path: Path, sheet: str, page_pts: tuple[int, int], count: int
) -> None:
    pdf = tmp_path / f"{sheet}.pdf"
    entries = label_entries(count)
    missing = [entry("Nomail Person", None), entry("Nomail Second", None)]
    skipped = write_labels([*entries[:3], *missing, *entries[3:]], pdf, sheet=sheet, start_at=5)

    assert skipped == ["Nomail Person", "Nomail Second"]
    per_sheet = GRIDS[sheet][0]
    assert page_count(pdf) == (4 + count - 1) // per_sheet + 1 == 2
    width, height = page_size_pts(pdf)
    assert (round(width), round(height)) == page_pts

    found = words(pdf)
    pad_x, pad_y = SHEETS[sheet].pad_x, SHEETS[sheet].pad_y
    for i, e in enumerate(entries):
        slot = 4 + i  # start_at=5 leaves the first four labels empty
        box = label_box(sheet, slot)
        page, left, top, _, _ = box
        [first] = [w for w in found if w.text == f"Lbl{i:02d}" and w.page == page]
        assert first.x_min / PT_PER_MM == pytest.approx(left + pad_x, abs=TOLERANCE_MM), e.name
        assert first.y_min / PT_PER_MM == pytest.approx(top + pad_y, abs=TOLERANCE_MM), e.name
        # The whole address is on the label, one line under another.
        text = pdftotext(pdf, page)
        for line in e.address_lines or []:
            assert line in text, line
    # The first four labels of the first sheet are left empty, and every word
    # lies inside a used label.
    used = [label_box(sheet, slot) for slot in range(4, 4 + count)]
    for w in found:
        assert any(inside(w, box) for box in used), w
    for slot in range(4):
        assert not any(inside(w, label_box(sheet, slot)) for w in found)


def test_long_addresses_shrink_to_fit_their_label(tmp_path: Path) -> None:
    pdf = tmp_path / "labels.pdf"
    long_one = Entry(
        name="Maximilian Alexander von Hohenzollern-Sigmaringen",
        company="Internationale Beratungsgesellschaft für Führungskräfteentwicklung mbH",
        salutation="Dear Maximilian,",
        address_lines=[
            "Maximilian Alexander von Hohenzollern-Sigmaringen",
            "Internationale Beratungsgesellschaft für Führungskräfteentwicklung mbH",
            "Building C, Floor 4",
            "Unter den Linden 1",
            "c/o Reception",
            "10117 Berlin",
            "GERMANY",
        ],
        address_missing=False,
        talking_point="",
        occurred_at=label_entries(1)[0].occurred_at,
    )
    for sheet in SHEETS:
        write_labels([long_one], pdf, sheet=sheet)
        box = label_box(sheet, 0)
        found = words(pdf)
        assert found
        assert all(inside(w, box) for w in found), sheet
        text = squash(pdftotext(pdf))  # too-wide lines may wrap
        assert "Maximilian Alexander von Hohenzollern-Sigmaringen" in text
        assert "Führungskräfteentwicklung mbH Building C, Floor 4" in text
        assert "10117 Berlin GERMANY" in text


def test_labels_print_html_like_names_literally(tmp_path: Path) -> None:
    pdf = tmp_path / "labels.pdf"
    write_labels([entry(HTML_NAME, "US"), entry(QUOTES_NAME, "GB")], pdf, sheet="avery-5160")
    text = pdftotext(pdf)
    assert HTML_NAME in text
    assert QUOTES_NAME in text


def test_label_arguments_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="start_at"):
        write_labels([], tmp_path / "x.pdf", sheet="avery-l7160", start_at=22)
    with pytest.raises(ValueError, match="start_at"):
        write_labels([], tmp_path / "x.pdf", sheet="avery-5160", start_at=0)
    with pytest.raises(ValueError, match="label sheet"):
        write_labels([], tmp_path / "x.pdf", sheet="avery-9999")


SENDER = ["Jane Consultant", "Jane & Co <Coaching>", "Hauptstraße 5", "80331 München"]


@pytest.mark.parametrize(
    ("size", "width_mm", "height_mm"),
    [("dl", 220, 110), ("c5", 229, 162), ("us10", 9.5 * INCH, 4.125 * INCH)],
)
def test_envelopes_one_a_page_in_the_right_size(
    tmp_path: Path, size: str, width_mm: float, height_mm: float
) -> None:
    pdf = tmp_path / f"{size}.pdf"
    entries = [entry(f"Env{i} Person", country) for i, country in enumerate(COUNTRIES)]
    entries.append(entry(HTML_NAME, "US"))
    entries.append(entry(QUOTES_NAME, "FR"))
    skipped = write_envelopes(
        [*entries[:2], entry("Nomail Person", None), *entries[2:]],
        pdf,
        size=size,
        sender_lines=SENDER,
    )

    assert skipped == ["Nomail Person"]
    assert page_count(pdf) == len(entries)
    width, height = page_size_pts(pdf)
    assert width == pytest.approx(width_mm * PT_PER_MM, abs=1.0)
    assert height == pytest.approx(height_mm * PT_PER_MM, abs=1.0)
    found = words(pdf)
    for page, e in enumerate(entries, start=1):
        text = pdftotext(pdf, page)
        for line in [*SENDER, *(e.address_lines or [])]:
            assert line in text, (page, line)
        on_page = [w for w in found if w.page == page]
        sender = [w for w in on_page if w.text in ("Jane", "Consultant", "80331")]
        assert sender
        assert all(w.x_max < width / 2 and w.y_max < height / 2 for w in sender)
        # The recipient's block: right of centre, below the middle, clear of
        # the bottom edge.
        recipient = [w for w in on_page if w not in sender and w.y_min > height * 0.4]
        assert recipient
        assert min(w.x_min for w in recipient) >= width * 0.4
        assert min(w.y_min for w in recipient) >= height * 0.45
        assert max(w.y_max for w in recipient) <= height - 10 * PT_PER_MM
        assert max(w.x_max for w in recipient) <= width - 5 * PT_PER_MM


def test_envelope_size_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="envelope size"):
        write_envelopes([], tmp_path / "x.pdf", size="b4", sender_lines=[])


def test_envelopes_and_labels_name_the_country_in_full(tmp_path: Path) -> None:
    """A letter to Norway says NORWAY, not NO; a letter at home has no country line."""
    from dataclasses import replace

    from followup_desktop.domain.address import envelope_lines
    from followup_desktop.domain.model import PostalAddress

    oslo = PostalAddress("Karl Johans gate 1", "Oslo", "", "0154", "NO")
    seoul = PostalAddress("110 Sejong-daero", "Seoul", "", "04524", "KR")
    at_home = entry("Hanna Haus", "DE")
    abroad = [
        replace(at_home, name=name, address_lines=envelope_lines(name, "", where, "DE"))
        for name, where in (("Kari Nordmann", oslo), ("Kim Min-jun", seoul))
    ]
    envelopes, labels = tmp_path / "envelopes.pdf", tmp_path / "labels.pdf"
    write_envelopes([*abroad, at_home], envelopes, size="dl", sender_lines=["Sam Seller"])
    write_labels([*abroad, at_home], labels, sheet="avery-l7160")
    for pdf in (envelopes, labels):
        text = squash(pdftotext(pdf, layout=False))
        assert "0154 Oslo NORWAY" in text
        assert "04524 Seoul SOUTH KOREA" in text
        assert " NO " not in f" {text} "
        assert "GERMANY" not in text  # the home country is left off
