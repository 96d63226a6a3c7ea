"""The printed thank-you list: whom to write to, what about, and where to send it.

Everything is drawn with QPainter as plain text (``drawText`` and
``QTextLayout``), never as HTML, so names with ``<``, ``&`` and quotes print
exactly as typed. The same painting function serves the PDF file
(:func:`write_thank_you_list`) and a printer or print preview
(:func:`print_thank_you_list`, :func:`paint_thank_you_list`).

Pagination is computed before anything is drawn: each entry is laid out and
measured, entries are packed onto pages, and an entry is never split across
a page break, so the footer can say "Page x of y".
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal, Protocol

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrinter

from followup_desktop.i18n import N_, _, babel_locale, current_language, ngettext
from followup_desktop.io.whole import written_whole

PageSizeName = Literal["A4", "Letter"]

FONT_FAMILY = "DejaVu Sans"
MARGIN_MM = 15.0
DEFAULT_TITLE = N_("Thank-you notes")
"""The list's title, in English: ``default_title()`` says it in the language chosen."""


class ThankYouEntry(Protocol):
    """What the printing code needs from one entry of the thank-you queue."""

    @property
    def name(self) -> str: ...
    @property
    def company(self) -> str: ...
    @property
    def salutation(self) -> str: ...
    @property
    def address_lines(self) -> list[str] | None: ...
    @property
    def address_missing(self) -> bool: ...
    @property
    def talking_point(self) -> str: ...
    @property
    def occurred_at(self) -> datetime: ...


# -- shared helpers (also used by labels.py and envelopes.py) -----------------


def default_title() -> str:
    """The list's title in the current language."""
    return _(DEFAULT_TITLE)


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new QGuiApplication for command-line use.

    Fonts need one. With no display it uses the offscreen platform.
    """
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return app
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(sys.argv[:1] or ["followup-desktop"])


def require_gui_application() -> None:
    if not isinstance(QGuiApplication.instance(), QGuiApplication):
        raise RuntimeError("printing needs a QGuiApplication; call ensure_gui_application() first")


def page_size_for(name: str) -> QPageSize:
    """QPageSize for "A4" or "Letter" (case-insensitive)."""
    key = name.strip().lower()
    if key == "a4":
        return QPageSize(QPageSize.PageSizeId.A4)
    if key in ("letter", "us-letter", "us letter"):
        return QPageSize(QPageSize.PageSizeId.Letter)
    raise ValueError(f"unknown page size {name!r}; expected 'A4' or 'Letter'")


def font(point_size: float, *, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPointSizeF(point_size)
    f.setBold(bold)
    f.setItalic(italic)
    f.setStyleHint(QFont.StyleHint.SansSerif)
    # No "ff"/"fi" ligatures: the PDF's text must read back (and search) as typed.
    f.setFeature(QFont.Tag("liga"), 0)
    return f


def mm_to_px(device: QPaintDevice, mm: float) -> float:
    """Millimetres in the device's pixels (the painter's default coordinates)."""
    return mm * device.logicalDpiX() / 25.4


@contextmanager
def pdf_file(path: str | os.PathLike[str], layout: QPageLayout, title: str) -> Iterator[QPdfWriter]:
    """A PDF writer whose document becomes the file at ``path`` once the block ends.

    Qt does not report a failed write, so the document is made in memory,
    checked to be a complete PDF, and then written through :func:`written_whole`:
    an OSError (with the errno of a full disk) leaves no broken file and an
    earlier one as it was. A path that cannot be written fails before anything
    is painted.
    """
    require_gui_application()
    with written_whole(Path(path)) as tmp:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setCreator("FollowUp Desktop")
        writer.setTitle(title)
        writer.setPageLayout(layout)
        yield writer
        buffer.close()
        data = bytes(buffer.data().data())
        if not is_complete_pdf(data):
            raise OSError(None, _("the PDF came out incomplete"))
        tmp.write_bytes(data)


def is_complete_pdf(data: bytes) -> bool:
    """A PDF with its header and its end-of-file marker: nothing was cut off."""
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def begin_painter(device: QPaintDevice) -> QPainter:
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(None, _("the document could not be started"))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    return painter


@contextmanager
def painting(device: QPaintDevice) -> Iterator[QPainter]:
    """A painter on ``device`` for the block; a device that will not start or finish
    the document (a printer that fails) raises OSError."""
    painter = begin_painter(device)
    try:
        yield painter
    except BaseException:
        painter.end()
        raise
    if not painter.end():
        raise OSError(None, _("the document could not be finished"))


def new_page(device: QPagedPaintDevice) -> None:
    """The next page; a device that cannot start one (a failing printer) raises OSError."""
    if not device.newPage():
        raise OSError(None, _("a new page could not be started"))


def _plain(text: str) -> str:
    """One paragraph: line breaks kept as line separators, tabs as spaces."""
    lines = [part.strip() for part in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\u2028".join(line for line in lines if line).replace("\t", " ")


@dataclass
class _Para:
    """A paragraph of plain text wrapped to a width."""

    layout: QTextLayout
    height: float
    color: QColor

    def draw(self, painter: QPainter, x: float, y: float) -> None:
        painter.setPen(self.color)
        self.layout.draw(painter, QPointF(x, y))


def _para(
    text: str, f: QFont, width: float, device: QPaintDevice, color: QColor | None = None
) -> _Para:
    layout = QTextLayout(_plain(text), f, device)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    leading = max(0.0, QFontMetricsF(f, device).leading())
    y = 0.0
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0.0, y))
        y += line.height() + leading
    layout.endLayout()
    return _Para(layout, y, color or QColor(Qt.GlobalColor.black))


# -- the thank-you list -------------------------------------------------------

_INK = QColor(0, 0, 0)
_MUTED = QColor(90, 90, 90)
_FLAG = QColor(170, 30, 30)
_RULE = QColor(190, 190, 190)


@dataclass
class _EntryBox:
    left: list[_Para]
    right: list[_Para]
    height: float


@dataclass
class _Geometry:
    width: float
    height: float
    unit: float  # device pixels per mm
    header_h: float
    footer_h: float
    box: float  # tick box side
    text_x: float
    left_w: float
    right_x: float
    right_w: float
    gap: float  # space between paragraphs in an entry
    pad: float  # space above and below an entry

    @property
    def body_top(self) -> float:
        return self.header_h

    @property
    def body_bottom(self) -> float:
        return self.height - self.footer_h


def _geometry(device: QPaintDevice) -> _Geometry:
    unit = mm_to_px(device, 1.0)
    width, height = float(device.width()), float(device.height())
    box = 4.5 * unit
    text_x = box + 4.0 * unit
    column_gap = 6.0 * unit
    usable = width - text_x - column_gap
    left_w = usable * 0.56
    right_w = usable - left_w
    return _Geometry(
        width=width,
        height=height,
        unit=unit,
        header_h=16.0 * unit,
        footer_h=10.0 * unit,
        box=box,
        text_x=text_x,
        left_w=left_w,
        right_x=text_x + left_w + column_gap,
        right_w=right_w,
        gap=0.9 * unit,
        pad=2.6 * unit,
    )


def format_day(day: date) -> str:
    """'Wed 25 Nov 2026': the weekday, and the month in words, so that no reader takes
    the day for the month; in the language chosen ("Mi., 25. Nov. 2026")."""
    if current_language() == "en":
        return f"{day:%a} {day.day} {day:%b %Y}"
    from babel.dates import format_skeleton

    return format_skeleton("yMMMEd", day, locale=babel_locale())


def _entry_box(entry: ThankYouEntry, device: QPaintDevice, g: _Geometry) -> _EntryBox:
    left = [_para(entry.name or _("(no name)"), font(11, bold=True), g.left_w, device, _INK)]
    # One muted line under the name: the company and the date of the meeting.
    details = []
    if entry.company.strip() and entry.company.strip() != entry.name.strip():
        details.append(entry.company.strip())
    details.append(format_day(entry.occurred_at.date()))
    left.append(_para("  ·  ".join(details), font(9), g.left_w, device, _MUTED))
    if entry.salutation:
        left.append(_para(entry.salutation, font(10, italic=True), g.left_w, device, _INK))
    if entry.talking_point:
        left.append(_para(entry.talking_point, font(10), g.left_w, device, _INK))

    lines = entry.address_lines or []
    if entry.address_missing or not lines:
        right = [
            _para(_("No postal address"), font(10, bold=True), g.right_w, device, _FLAG),
            _para(_("Complete it before you write."), font(9), g.right_w, device, _MUTED),
        ]
    else:
        right = [_para(line, font(10), g.right_w, device, _INK) for line in lines]

    def column_height(paras: list[_Para], gap: float) -> float:
        return sum(p.height for p in paras) + gap * max(0, len(paras) - 1)

    height = max(column_height(left, g.gap), column_height(right, 0.0), g.box)
    return _EntryBox(left, right, height + 2 * g.pad)


def paginate_heights(heights: Sequence[float], available: float) -> list[list[int]]:
    """Pack items of the given heights onto pages; an item is never split.

    An item taller than a whole page gets a page of its own.
    """
    pages: list[list[int]] = [[]]
    used = 0.0
    for index, h in enumerate(heights):
        if pages[-1] and used + h > available:
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += h
    return pages


def paint_thank_you_list(
    device: QPagedPaintDevice,
    entries: Sequence[ThankYouEntry],
    *,
    today: date,
    title: str | None = None,
) -> int:
    """Paint the list on ``device`` (a QPdfWriter or a QPrinter); return the page count.

    Draws inside the device's paint rectangle (its page margins). ``title``: the
    list's own title (``default_title()`` unless given).
    """
    require_gui_application()
    title = default_title() if title is None else title
    with painting(device) as painter:
        g = _geometry(device)
        boxes = [_entry_box(entry, device, g) for entry in entries]
        pages = paginate_heights([b.height for b in boxes], g.body_bottom - g.body_top)
        total = len(pages)
        for page_no, indices in enumerate(pages, start=1):
            if page_no > 1:
                new_page(device)
            _paint_header(painter, device, g, title, today, len(entries))
            y = g.body_top
            if not entries:
                nothing = _("No thank-you notes to write.")
                _para(nothing, font(11), g.width, device, _MUTED).draw(painter, 0.0, y + g.pad)
            for n, index in enumerate(indices):
                box = boxes[index]
                if n > 0:
                    painter.setPen(QPen(_RULE, 0.2 * g.unit))
                    painter.drawLine(QPointF(0.0, y), QPointF(g.width, y))
                _paint_entry(painter, g, box, y)
                y += box.height
            _paint_footer(painter, device, g, page_no, total)
    return total


def _paint_header(
    painter: QPainter, device: QPaintDevice, g: _Geometry, title: str, today: date, count: int
) -> None:
    title_font = font(15, bold=True)
    painter.setFont(title_font)
    painter.setPen(_INK)
    title_h = QFontMetricsF(title_font, device).height()
    date_w = 60.0 * g.unit
    painter.drawText(
        QRectF(0.0, 0.0, g.width - date_w, title_h),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
        QFontMetricsF(title_font, device).elidedText(
            title, Qt.TextElideMode.ElideRight, g.width - date_w
        ),
    )
    painter.setFont(font(10))
    painter.drawText(
        QRectF(g.width - date_w, 0.0, date_w, title_h),
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
        format_day(today),
    )
    painter.setFont(font(9))
    painter.setPen(_MUTED)
    sub_y = title_h + 0.8 * g.unit
    sub_h = QFontMetricsF(font(9), device).height()
    painter.drawText(
        QRectF(0.0, sub_y, g.width, sub_h),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
        ngettext("{n} note to write", "{n} notes to write", count).format(n=count),
    )
    rule_y = sub_y + sub_h + 1.2 * g.unit
    painter.setPen(QPen(_INK, 0.35 * g.unit))
    painter.drawLine(QPointF(0.0, rule_y), QPointF(g.width, rule_y))


def _paint_footer(
    painter: QPainter, device: QPaintDevice, g: _Geometry, page_no: int, total: int
) -> None:
    f = font(8.5)
    painter.setFont(f)
    painter.setPen(_MUTED)
    h = QFontMetricsF(f, device).height()
    painter.drawText(
        QRectF(0.0, g.height - h, g.width, h),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
        _("Page {page} of {pages}").format(page=page_no, pages=total),
    )


def _paint_entry(painter: QPainter, g: _Geometry, box: _EntryBox, top: float) -> None:
    y = top + g.pad
    # The tick box, level with the name's first line.
    first = box.left[0].layout.lineAt(0) if box.left[0].layout.lineCount() else None
    box_y = y + (first.ascent() - g.box) * 0.9 if first is not None else y
    painter.setPen(QPen(_INK, 0.3 * g.unit))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(0.2 * g.unit, max(y, box_y), g.box, g.box))
    for para in box.left:
        para.draw(painter, g.text_x, y)
        y += para.height + g.gap
    y = top + g.pad
    for para in box.right:
        para.draw(painter, g.right_x, y)
        y += para.height


def page_layout(page_size: str, margin_mm: float = MARGIN_MM) -> QPageLayout:
    return QPageLayout(
        page_size_for(page_size),
        QPageLayout.Orientation.Portrait,
        QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm),
        QPageLayout.Unit.Millimeter,
    )


def write_thank_you_list(
    entries: Sequence[ThankYouEntry],
    path: str | os.PathLike[str],
    *,
    page_size: PageSizeName | str = "A4",
    today: date,
    title: str | None = None,
) -> int:
    """Write the list as a PDF file, whole or not at all; return the number of pages."""
    title = default_title() if title is None else title
    with pdf_file(path, page_layout(page_size), title) as writer:
        return paint_thank_you_list(writer, entries, today=today, title=title)


def setup_printer(printer: QPrinter, page_size: PageSizeName | str | None = None) -> None:
    """Give a printer the list's page size (if given) and 15 mm margins."""
    if page_size is not None:
        printer.setPageSize(page_size_for(page_size))
    printer.setFullPage(False)
    printer.setPageMargins(
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter
    )


def print_thank_you_list(
    entries: Sequence[ThankYouEntry],
    printer: QPrinter,
    *,
    today: date,
    title: str | None = None,
    page_size: PageSizeName | str | None = None,
) -> int:
    """Print the list on a printer (or a QPrintPreviewDialog's printer); return the page count.

    Keeps the page size the user chose unless ``page_size`` is given.
    """
    title = default_title() if title is None else title
    setup_printer(printer, page_size)
    printer.setDocName(title)
    return paint_thank_you_list(printer, entries, today=today, title=title)
