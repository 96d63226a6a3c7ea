"""Envelopes, one a page: DL (220 x 110 mm), C5 (229 x 162 mm), US #10 (9.5 x 4.125 in).

The sender's address goes small in the top-left corner; the recipient's
block sits right of centre and below the middle, clear of the bottom edge
(where postal services print their barcodes). All text is plain.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from followup_desktop.i18n import _
from followup_desktop.printing.labels import draw_lines, fit_lines, lines_height
from followup_desktop.printing.thank_you import (
    ThankYouEntry,
    mm_to_px,
    new_page,
    painting,
    pdf_file,
    require_gui_application,
)

EnvelopeName = Literal["dl", "c5", "us10"]


@dataclass(frozen=True)
class EnvelopeSize:
    """An envelope lying landscape, in millimetres."""

    key: str
    label: str
    page_size: QPageSize.PageSizeId  # Qt's portrait envelope size; printed landscape
    width: float
    height: float


ENVELOPES: dict[str, EnvelopeSize] = {
    "dl": EnvelopeSize("dl", "DL", QPageSize.PageSizeId.EnvelopeDL, 220.0, 110.0),
    "c5": EnvelopeSize("c5", "C5", QPageSize.PageSizeId.EnvelopeC5, 229.0, 162.0),
    "us10": EnvelopeSize("us10", "US #10", QPageSize.PageSizeId.Envelope10, 241.3, 104.775),
}

SENDER_POINT_SIZE = 8.0
RECIPIENT_POINT_SIZE = 12.0
EDGE_MM = 10.0  # the sender's inset from the top-left corner
BOTTOM_CLEAR_MM = 16.0  # keep the bottom strip free for postal barcodes


def envelope_for(name: str) -> EnvelopeSize:
    key = name.strip().lower().replace("#", "").replace(" ", "").replace("-", "")
    key = {"comm10": "us10", "10": "us10", "no10": "us10"}.get(key, key)
    try:
        return ENVELOPES[key]
    except KeyError:
        raise ValueError(
            f"unknown envelope size {name!r}; expected one of {', '.join(ENVELOPES)}"
        ) from None


def envelope_layout(envelope: EnvelopeSize) -> QPageLayout:
    return QPageLayout(
        QPageSize(envelope.page_size),
        QPageLayout.Orientation.Landscape,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )


def recipient_box(envelope: EnvelopeSize) -> tuple[float, float, float, float]:
    """Left, top, width and height (mm) of the area the recipient's block may use."""
    left = envelope.width * 0.45
    top = envelope.height * 0.5
    width = envelope.width - left - EDGE_MM
    height = envelope.height - top - BOTTOM_CLEAR_MM
    return left, top, width, height


def paint_envelopes(
    device: QPagedPaintDevice,
    entries: Sequence[ThankYouEntry],
    *,
    size: EnvelopeName | str,
    sender_lines: Sequence[str],
) -> list[str]:
    """Paint one envelope a page on a full-page device; return the names skipped."""
    envelope = envelope_for(size)
    require_gui_application()
    printable = [e for e in entries if not e.address_missing and e.address_lines]
    skipped = [e.name for e in entries if e.address_missing or not e.address_lines]
    sender = [line.strip() for line in sender_lines if line.strip()]

    def px(mm: float) -> float:
        return mm_to_px(device, mm)

    with painting(device) as painter:
        painter.setPen(Qt.GlobalColor.black)
        sender_w = envelope.width * 0.45 - EDGE_MM
        sender_h = envelope.height * 0.5 - EDGE_MM - 4.0
        s_size, s_lines = fit_lines(sender, device, px(sender_w), px(sender_h), SENDER_POINT_SIZE)
        left, top, width, height = recipient_box(envelope)
        for n, entry in enumerate(printable):
            if n:
                new_page(device)
            if s_lines:
                draw_lines(painter, device, s_lines, px(EDGE_MM), px(EDGE_MM), s_size)
            lines = entry.address_lines or []
            r_size, r_lines = fit_lines(
                lines, device, px(width), px(envelope.height - 2 * EDGE_MM), RECIPIENT_POINT_SIZE
            )
            # Move a tall block up rather than into the barcode strip.
            block_h = lines_height(device, len(r_lines), r_size)
            y = min(px(top), px(top + height) - block_h)
            y = max(y, px(EDGE_MM))
            draw_lines(painter, device, r_lines, px(left), y, r_size)
    return skipped


def write_envelopes(
    entries: Sequence[ThankYouEntry],
    path: str | os.PathLike[str],
    *,
    size: EnvelopeName | str,
    sender_lines: Sequence[str],
) -> list[str]:
    """Write one envelope a page as a PDF, whole or not at all; return the names skipped
    for want of an address."""
    envelope = envelope_for(size)
    title = _("Envelopes ({size})").format(size=envelope.label)
    with pdf_file(path, envelope_layout(envelope), title) as writer:
        return paint_envelopes(writer, entries, size=envelope.key, sender_lines=sender_lines)


def print_envelopes(
    entries: Sequence[ThankYouEntry],
    printer: QPrinter,
    *,
    size: EnvelopeName | str,
    sender_lines: Sequence[str],
) -> list[str]:
    """Print envelopes (or paint a print preview); return the names skipped."""
    envelope = envelope_for(size)
    printer.setFullPage(True)
    printer.setPageLayout(envelope_layout(envelope))
    printer.setDocName(_("Envelopes ({size})").format(size=envelope.label))
    return paint_envelopes(printer, entries, size=envelope.key, sender_lines=sender_lines)
