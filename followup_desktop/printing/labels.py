"""Address label sheets: Avery L7160 (A4, 21 a sheet) and Avery 5160 (Letter, 30 a sheet).

Labels are filled row by row, left to right. ``start_at`` skips the first
labels of the first sheet so a part-used sheet can go through the printer
again. Entries with no postal address are skipped and reported. Text is
plain (``drawText``) and shrinks until the address fits its label.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QMarginsF, QPointF, Qt
from PySide6.QtGui import QFontMetricsF, QPagedPaintDevice, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from followup_desktop.i18n import _
from followup_desktop.printing.thank_you import (
    ThankYouEntry,
    font,
    mm_to_px,
    new_page,
    painting,
    pdf_file,
    require_gui_application,
)

SheetName = Literal["avery-l7160", "avery-5160"]

_INCH = 25.4
MIN_POINT_SIZE = 5.0
READABLE_POINT_SIZE = 7.0


@dataclass(frozen=True)
class LabelSheet:
    """The geometry of a label sheet, in millimetres from the page's top-left corner."""

    key: str
    page_size: QPageSize.PageSizeId
    columns: int
    rows: int
    label_width: float
    label_height: float
    top: float
    left: float
    h_pitch: float
    v_pitch: float
    pad_x: float  # text inset inside a label
    pad_y: float
    point_size: float  # the text's size before it shrinks to fit

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def origin(self, slot: int) -> tuple[float, float]:
        """Top-left corner (mm) of label ``slot`` (0-based, row by row)."""
        row, col = divmod(slot % self.per_sheet, self.columns)
        return self.left + col * self.h_pitch, self.top + row * self.v_pitch


SHEETS: dict[str, LabelSheet] = {
    "avery-l7160": LabelSheet(
        key="avery-l7160",
        page_size=QPageSize.PageSizeId.A4,
        columns=3,
        rows=7,
        label_width=63.5,
        label_height=38.1,
        top=15.1,
        left=7.2,
        h_pitch=66.0,
        v_pitch=38.1,
        pad_x=4.0,
        pad_y=3.5,
        point_size=10.0,
    ),
    "avery-5160": LabelSheet(
        key="avery-5160",
        page_size=QPageSize.PageSizeId.Letter,
        columns=3,
        rows=10,
        label_width=2.625 * _INCH,
        label_height=1.0 * _INCH,
        top=0.5 * _INCH,
        left=0.1875 * _INCH,
        h_pitch=2.75 * _INCH,
        v_pitch=1.0 * _INCH,
        pad_x=4.0,
        pad_y=2.0,
        point_size=9.0,
    ),
}


def sheet_for(name: str) -> LabelSheet:
    try:
        return SHEETS[name.strip().lower()]
    except KeyError:
        raise ValueError(
            f"unknown label sheet {name!r}; expected one of {', '.join(SHEETS)}"
        ) from None


def _sheet_layout(sheet: LabelSheet) -> QPageLayout:
    return QPageLayout(
        QPageSize(sheet.page_size),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )


def lines_height(device: QPagedPaintDevice, count: int, point_size: float) -> float:
    """Height in device pixels of ``count`` lines drawn by :func:`draw_lines`."""
    fm = QFontMetricsF(font(point_size), device)
    return fm.height() + max(0, count - 1) * fm.lineSpacing() if count else 0.0


def _wrap(line: str, fm: QFontMetricsF, width: float) -> list[str]:
    """A line broken at spaces to fit ``width``; a word too long alone is elided."""
    if fm.horizontalAdvance(line) <= width:
        return [line]
    out: list[str] = []
    current = ""
    for word in line.split():
        trial = f"{current} {word}" if current else word
        if current and fm.horizontalAdvance(trial) > width:
            out.append(current)
            current = word
        else:
            current = trial
    if current:
        out.append(current)
    return [fm.elidedText(part, Qt.TextElideMode.ElideRight, width) for part in out]


def fit_lines(
    lines: Sequence[str],
    device: QPagedPaintDevice,
    width: float,
    height: float,
    point_size: float,
    *,
    min_point_size: float = MIN_POINT_SIZE,
    readable_point_size: float = READABLE_POINT_SIZE,
) -> tuple[float, list[str]]:
    """A point size and the lines to draw so that they fit a ``width`` x ``height`` box.

    First the text shrinks (not below ``readable_point_size``) with every
    line kept whole, as the post expects; if that is not enough, too-wide
    lines wrap at spaces and the text may shrink down to ``min_point_size``.
    As a last resort words are elided and the last lines dropped.
    """
    lines = [line for line in lines if line.strip()]

    def steps(top: float, bottom: float) -> list[float]:
        sizes = []
        size = top
        while size > bottom:
            sizes.append(size)
            size -= 0.25
        return [*sizes, bottom]

    for size in steps(point_size, min(point_size, readable_point_size)):
        fm = QFontMetricsF(font(size), device)
        if lines_height(device, len(lines), size) <= height and all(
            fm.horizontalAdvance(line) <= width for line in lines
        ):
            return size, list(lines)
    for size in steps(point_size, min_point_size):
        fm = QFontMetricsF(font(size), device)
        wrapped = [part for line in lines for part in _wrap(line, fm, width)]
        if lines_height(device, len(wrapped), size) <= height:
            return size, wrapped
    while len(wrapped) > 1 and lines_height(device, len(wrapped), min_point_size) > height:
        wrapped.pop()
    return min_point_size, wrapped


def draw_lines(
    painter: QPainter,
    device: QPagedPaintDevice,
    lines: Sequence[str],
    x: float,
    y: float,
    size: float,
) -> None:
    """Draw plain-text lines, the first one's top at (x, y)."""
    f = font(size)
    fm = QFontMetricsF(f, device)
    painter.setFont(f)
    for n, line in enumerate(lines):
        painter.drawText(QPointF(x, y + fm.ascent() + n * fm.lineSpacing()), line)


def _check_start(geometry: LabelSheet, start_at: int) -> None:
    if not 1 <= start_at <= geometry.per_sheet:
        raise ValueError(f"start_at must be between 1 and {geometry.per_sheet}, not {start_at}")


def paint_labels(
    device: QPagedPaintDevice,
    entries: Sequence[ThankYouEntry],
    *,
    sheet: SheetName | str,
    start_at: int = 1,
) -> list[str]:
    """Paint label sheets on a full-page device; return the names skipped for want of an address.

    The device must paint from the page's corner (no margins, or a QPrinter
    with ``setFullPage(True)``).
    """
    geometry = sheet_for(sheet)
    _check_start(geometry, start_at)
    require_gui_application()
    printable = [e for e in entries if not e.address_missing and e.address_lines]
    skipped = [e.name for e in entries if e.address_missing or not e.address_lines]

    def px(mm: float) -> float:
        return mm_to_px(device, mm)

    with painting(device) as painter:
        painter.setPen(Qt.GlobalColor.black)
        width = px(geometry.label_width - 2 * geometry.pad_x)
        height = px(geometry.label_height - 2 * geometry.pad_y)
        slot = start_at - 1
        for entry in printable:
            if slot and slot % geometry.per_sheet == 0:
                new_page(device)
            left, top = geometry.origin(slot)
            size, lines = fit_lines(
                entry.address_lines or [], device, width, height, geometry.point_size
            )
            draw_lines(
                painter, device, lines, px(left + geometry.pad_x), px(top + geometry.pad_y), size
            )
            slot += 1
    return skipped


def write_labels(
    entries: Sequence[ThankYouEntry],
    path: str | os.PathLike[str],
    *,
    sheet: SheetName | str,
    start_at: int = 1,
) -> list[str]:
    """Write label sheets as a PDF, whole or not at all; return the names skipped for want
    of an address."""
    geometry = sheet_for(sheet)
    _check_start(geometry, start_at)  # before a file is made
    title = _("Address labels ({sheet})").format(sheet=geometry.key)
    with pdf_file(path, _sheet_layout(geometry), title) as writer:
        return paint_labels(writer, entries, sheet=geometry.key, start_at=start_at)


def print_labels(
    entries: Sequence[ThankYouEntry],
    printer: QPrinter,
    *,
    sheet: SheetName | str,
    start_at: int = 1,
) -> list[str]:
    """Print label sheets (or paint a print preview); return the names skipped."""
    geometry = sheet_for(sheet)
    printer.setFullPage(True)
    printer.setPageLayout(_sheet_layout(geometry))
    printer.setDocName(_("Address labels ({sheet})").format(sheet=geometry.key))
    return paint_labels(printer, entries, sheet=geometry.key, start_at=start_at)
