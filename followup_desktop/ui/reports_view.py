"""The persistence report (rule 8): how many touches prospects got before they ended.

Five cards painted with QPainter (no QtCharts, no HTML): touches at the end
against the 5-touch mark, the share given up before it, the win rate by
touches, the channels used against those answered, and why prospects said No.
:func:`paint_card` draws one card and :func:`paint_report` the whole page, so
the view (:class:`ReportsWidget`), the PNG (:func:`write_report_png`) and the
PDF (:func:`write_report_pdf`) are one drawing. All text is drawn as plain
text. The figures come from :class:`~followup_desktop.services.report.ReportService`;
the rules behind them are in :mod:`followup_desktop.domain.report`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QIODevice,
    QLocale,
    QMarginsF,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.domain.errors import os_error_words
from followup_desktop.domain.model import Channel
from followup_desktop.domain.report import PersistenceReport
from followup_desktop.i18n import N_, _, ngettext
from followup_desktop.io.whole import written_whole
from followup_desktop.printing.thank_you import painting, pdf_file
from followup_desktop.services.report import ReportService
from followup_desktop.ui.file_dialogs import REPORT, RecentFolders
from followup_desktop.ui.flow_layout import flow_widget
from followup_desktop.ui.format import CHANNEL_LABELS, date_time_text

# Shown with _(): the language is chosen after this module loads.
TITLE = N_("Persistence report")
EMPTY_TEXT = N_(
    "Nothing has ended yet. Log touches and close prospects as Won or Lost; "
    "the report fills in as prospects end."
)
FONT_FAMILY = "DejaVu Sans"
PAGE_WIDTH = 1000.0  # the width the PNG and the PDF are laid out at (pixels)
CARD_GAP = 14.0
PAD = 16.0

INK = QColor("#1f2328")
MUTED = QColor("#57606a")
GRID = QColor("#d8dee4")
CARD_FILL = QColor("#ffffff")
CARD_EDGE = QColor("#d0d7de")
PAGE_FILL = QColor("#f6f8fa")
# Okabe-Ito colours: told apart with the common colour-vision deficiencies too.
WON = QColor("#009E73")
LOST = QColor("#D55E00")
QUIET = QColor("#8C8C8C")
USED = QColor("#0072B2")
ANSWERED = QColor("#E69F00")
MARK_LINE = QColor("#1f2328")


class Card(Enum):
    """The report's cards, in the order they are shown."""

    TOUCHES_AT_END = N_("Touches before prospects ended")
    GIVEN_UP = N_("Given up before the 5-touch mark")
    WIN_RATE = N_("Win rate by touches")
    CHANNELS = N_("Channels: used and answered")
    LOST_REASONS = N_("Why prospects said No")

    @property
    def title(self) -> str:
        """The card's title in the current language."""
        return _(self.value)


CARDS = tuple(Card)


def font(pixels: float, *, bold: bool = False) -> QFont:
    """A font sized in pixels, so that screen, PNG and PDF lay out alike."""
    f = QFont(FONT_FAMILY)
    f.setPixelSize(max(1, round(pixels)))
    f.setBold(bold)
    f.setStyleHint(QFont.StyleHint.SansSerif)
    f.setFeature(QFont.Tag("liga"), 0)  # the PDF's text reads back as typed
    return f


TITLE_FONT = 17.0
BODY_FONT = 13.0
SMALL_FONT = 12.0
BIG_FONT = 54.0


def number(value: int) -> str:
    """A count in the user's locale ("1,234" or "1.234")."""
    return str(QLocale().toString(value))


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    # Translators: a percentage; German writes a space before the sign ("33 %").
    return _("{number}%").format(number=number(round(value * 100)))


def channel_label(channel: Channel) -> str:
    return _(CHANNEL_LABELS[channel])


def _plain(text: str) -> str:
    return " ".join(text.split())


# -- what each card says in words (also its accessible description) -----------


def card_subtitle(card: Card, report: PersistenceReport) -> str:
    if card is Card.TOUCHES_AT_END:
        ended = ngettext(
            "{count} prospect that ended: won, lost, or quiet for over {days} days.",
            "{count} prospects that ended: won, lost, or quiet for over {days} days.",
            report.ended,
        ).format(count=number(report.ended), days=report.quiet_days)
        # Translators: {mark} is a number: "after the 5th contact".
        most = _("Most sales close only after the {mark}th contact.").format(mark=report.mark)
        return f"{ended} {most}"
    if card is Card.GIVEN_UP:
        return _(
            "Open prospects left without a touch for over {days} days, nothing planned."
        ).format(days=report.quiet_days)
    if card is Card.WIN_RATE:
        return _("Of the prospects that ended after this many touches, the share won.")
    if card is Card.CHANNELS:
        return _("Your touches on each channel, and how many of them got an answer.")
    return _("Lost prospects by the reason they gave.")


def given_up_rest(report: PersistenceReport) -> str:
    """What follows the big share on the card: "given up before touch 5"."""
    return _("given up before touch {mark}").format(mark=report.mark)


def given_up_headline(report: PersistenceReport) -> str:
    return _("{percent} given up before touch {mark}").format(
        percent=percent(report.given_up_before_mark.share), mark=report.mark
    )


def given_up_detail(report: PersistenceReport) -> str:
    g = report.given_up_before_mark
    return ngettext(
        "{count} of {total} prospect that ended",
        "{count} of {total} prospects that ended",
        g.of,
    ).format(count=number(g.count), total=number(g.of))


def reached_mark_text(report: PersistenceReport) -> str:
    return _("Reached {mark}+ touches: {percent}").format(
        mark=report.mark, percent=percent(report.reached_mark.share)
    )


def card_summary(card: Card, report: PersistenceReport) -> str:
    """The card's figures in words: its accessible description and tooltip."""
    if card is Card.TOUCHES_AT_END:
        parts = [
            # Translators: {touches} is a bucket of touches: "5" or "10+".
            _("{touches} touches: {won} won, {lost} lost, {quiet} quiet").format(
                touches=b.touches, won=number(b.won), lost=number(b.lost), quiet=number(b.quiet)
            )
            for b in report.touches_at_end
            if b.total
        ]
        return "; ".join(parts) or _("None ended yet.")
    if card is Card.GIVEN_UP:
        return (
            f"{given_up_headline(report)}. {given_up_detail(report)}. {reached_mark_text(report)}."
        )
    if card is Card.WIN_RATE:
        parts = [
            _("{touches} touches: {percent} of {ended}").format(
                touches=w.touches, percent=percent(w.rate), ended=number(w.ended)
            )
            for w in report.win_rate_by_touches
            if w.ended
        ]
        return "; ".join(parts) or _("None ended yet.")
    if card is Card.CHANNELS:
        parts = [
            _("{channel}: {answered} of {used} answered").format(
                channel=channel_label(c.channel), answered=number(c.answered), used=number(c.used)
            )
            for c in report.channels
            if c.used
        ]
        return "; ".join(parts) or _("No touches logged yet.")
    parts = [f"{r.label}: {number(r.count)}" for r in report.lost_reasons]
    return "; ".join(parts) or _("No lost prospects yet.")


# -- layout ------------------------------------------------------------------

ROW = 30.0  # one horizontal bar's row


def _header_height(card: Card, report: PersistenceReport, width: float) -> float:
    """Title and the subtitle wrapped to the card's width."""
    fm = QFontMetricsF(font(SMALL_FONT))
    text_rect = QRectF(0, 0, max(10.0, width - 2 * PAD), 10_000)
    sub = fm.boundingRect(
        text_rect, int(Qt.TextFlag.TextWordWrap), card_subtitle(card, report)
    ).height()
    return PAD + QFontMetricsF(font(TITLE_FONT, bold=True)).height() + 4 + sub + 10


def _channel_rows(report: PersistenceReport) -> list[int]:
    return [i for i, c in enumerate(report.channels) if c.used or c.inbound]


def card_height(card: Card, report: PersistenceReport, width: float) -> float:
    """How tall the card is drawn at ``width``: everything fits, nothing is clipped."""
    head = _header_height(card, report, width)
    if card is Card.GIVEN_UP:
        return head + BIG_FONT * 1.25 + 3 * BODY_FONT * 1.6 + PAD
    if card in (Card.TOUCHES_AT_END, Card.WIN_RATE):
        return head + 24 + 230 + PAD
    if card is Card.CHANNELS:
        return head + 24 + max(1, len(_channel_rows(report))) * ROW * 1.3 + PAD
    return head + max(1, len(report.lost_reasons)) * ROW + PAD


def report_header_height() -> float:
    return (
        QFontMetricsF(font(24, bold=True)).height() + QFontMetricsF(font(BODY_FONT)).height() + 24
    )


def report_height(report: PersistenceReport, width: float = PAGE_WIDTH) -> float:
    """The whole page's height at ``width``: the header, then the cards (or the empty text)."""
    inner = width - 2 * CARD_GAP
    body = (
        sum(card_height(c, report, inner) + CARD_GAP for c in CARDS)
        if not report.is_empty
        else 120.0
    )
    return report_header_height() + body + CARD_GAP


def as_of_text(report: PersistenceReport) -> str:
    return _(
        "As of {when} · quiet = no touch for over {days} days · {prospects} still in play"
    ).format(
        when=date_time_text(report.as_of),
        days=report.quiet_days,
        prospects=ngettext("{n} prospect", "{n} prospects", report.in_play).format(
            n=report.in_play
        ),
    )


# -- painting ----------------------------------------------------------------


def paint_report(
    painter: QPainter,
    report: PersistenceReport,
    width: float = PAGE_WIDTH,
    *,
    background: bool = True,
) -> float:
    """Paint the whole report (title, as-of line, five cards) from (0, 0); its height.

    Without ``background`` the page stays white (paper needs no grey)."""
    height = report_height(report, width)
    if background:
        painter.fillRect(QRectF(0, 0, width, height), PAGE_FILL)
    painter.setPen(INK)
    painter.setFont(font(24, bold=True))
    title_h = QFontMetricsF(font(24, bold=True)).height()
    painter.drawText(QRectF(CARD_GAP, 10, width - 2 * CARD_GAP, title_h), _(TITLE))
    painter.setPen(MUTED)
    painter.setFont(font(BODY_FONT))
    painter.drawText(
        QRectF(CARD_GAP, 12 + title_h, width - 2 * CARD_GAP, BODY_FONT * 1.5), as_of_text(report)
    )
    top = report_header_height()
    inner = width - 2 * CARD_GAP
    if report.is_empty:
        painter.setPen(INK)
        painter.setFont(font(BODY_FONT + 2))
        painter.drawText(
            QRectF(CARD_GAP, top, inner, 100),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            _(EMPTY_TEXT),
        )
        return height
    for card in CARDS:
        h = card_height(card, report, inner)
        paint_card(painter, QRectF(CARD_GAP, top, inner, h), report, card)
        top += h + CARD_GAP
    return height


def paint_card(painter: QPainter, rect: QRectF, report: PersistenceReport, card: Card) -> None:
    """Paint one card (frame, title, subtitle, chart) inside ``rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setPen(QPen(CARD_EDGE, 1))
    painter.setBrush(CARD_FILL)
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 8, 8)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    x, w = rect.left() + PAD, rect.width() - 2 * PAD
    y = rect.top() + PAD
    painter.setPen(INK)
    painter.setFont(font(TITLE_FONT, bold=True))
    title_h = QFontMetricsF(font(TITLE_FONT, bold=True)).height()
    painter.drawText(QRectF(x, y, w, title_h), Qt.AlignmentFlag.AlignLeft, card.title)
    y += title_h + 4
    painter.setPen(MUTED)
    painter.setFont(font(SMALL_FONT))
    painter.drawText(
        QRectF(x, y, w, rect.bottom() - y),
        int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
        card_subtitle(card, report),
    )
    body = QRectF(x, rect.top() + _header_height(card, report, rect.width()), w, 0)
    body.setBottom(rect.bottom() - PAD)
    _PAINTERS[card](painter, body, report)
    painter.restore()


def _legend(painter: QPainter, x: float, y: float, items: Sequence[tuple[str, QColor]]) -> None:
    painter.setFont(font(SMALL_FONT))
    fm = QFontMetricsF(font(SMALL_FONT))
    for label, colour in items:
        painter.fillRect(QRectF(x, y + 3, 12, 12), colour)
        painter.setPen(INK)
        painter.drawText(QPointF(x + 17, y + 3 + fm.ascent() - 1), label)
        x += 17 + fm.horizontalAdvance(label) + 18


def _nice_top(value: float) -> tuple[float, float]:
    """A round top for an axis holding ``value``, and the step between its lines."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if step < 1:
        step = 1.0
    return math.ceil(value / step) * step, step


@dataclass
class _Columns:
    """A vertical bar chart's frame: the plot area and the slot of each bucket."""

    plot: QRectF
    labels: list[str]

    def slot(self, i: int) -> QRectF:
        width = self.plot.width() / len(self.labels)
        return QRectF(self.plot.left() + i * width, self.plot.top(), width, self.plot.height())

    def bar(self, i: int, bottom: float, top: float, scale: float) -> QRectF:
        slot = self.slot(i)
        bar_w = min(44.0, slot.width() * 0.64)
        y0 = self.plot.bottom() - bottom / scale * self.plot.height()
        y1 = self.plot.bottom() - top / scale * self.plot.height()
        return QRectF(slot.center().x() - bar_w / 2, y1, bar_w, y0 - y1)


def _column_chart(
    painter: QPainter,
    area: QRectF,
    labels: list[str],
    top: float,
    step: float,
    tick: Callable[[float], str],
    axis_title: str,
    mark_at: int | None,
    rows_below: int = 1,
) -> _Columns:
    """Axes, grid lines, bucket labels and the dashed 5-touch mark; the frame to draw bars in."""
    small = font(SMALL_FONT)
    fm = QFontMetricsF(small)
    painter.setFont(small)
    ticks = [i * step for i in range(round(top / step) + 1)]
    axis_w = max(fm.horizontalAdvance(tick(v)) for v in ticks) + 8
    label_h = fm.height()
    plot = QRectF(
        area.left() + axis_w,
        area.top() + label_h + 6,  # room for the figures above the bars
        area.width() - axis_w,
        area.height() - label_h - 6 - (rows_below + 1) * label_h - 8,
    )
    for v in ticks:
        y = plot.bottom() - v / top * plot.height()
        painter.setPen(QPen(GRID, 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(area.left(), y - label_h / 2, axis_w - 6, label_h),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            tick(v),
        )
    columns = _Columns(plot, labels)
    painter.setPen(INK)
    for i, label in enumerate(labels):
        slot = columns.slot(i)
        painter.drawText(
            QRectF(slot.left(), plot.bottom() + 4, slot.width(), label_h),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
            label,
        )
    painter.setPen(MUTED)
    # Centred under the bars while it fits there, else across the card; elided if need be.
    title_w = fm.horizontalAdvance(axis_title)
    span = plot if title_w <= plot.width() else area
    painter.drawText(
        QRectF(span.left(), plot.bottom() + 6 + rows_below * label_h, span.width(), label_h + 4),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
        fm.elidedText(axis_title, Qt.TextElideMode.ElideRight, span.width()),
    )
    if mark_at is not None:
        x = columns.slot(mark_at).left()
        pen = QPen(MARK_LINE, 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, plot.top() - label_h - 4), QPointF(x, plot.bottom()))
        painter.setPen(INK)
        painter.setFont(font(SMALL_FONT, bold=True))
        painter.drawText(
            QRectF(x + 5, plot.top() - label_h - 6, plot.right() - x - 5, label_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            _("5-touch mark"),
        )
        painter.setFont(small)
    return columns


def _mark_index(labels: Sequence[str], mark: int) -> int | None:
    return labels.index(str(mark)) if str(mark) in labels else None


def _paint_touches_at_end(painter: QPainter, area: QRectF, report: PersistenceReport) -> None:
    _legend(
        painter,
        area.left(),
        area.top(),
        [(_("Won"), WON), (_("Lost"), LOST), (_("Went quiet"), QUIET)],
    )
    area = area.adjusted(0, 24, 0, 0)
    buckets = report.touches_at_end
    labels = [b.touches for b in buckets]
    top, step = _nice_top(max((b.total for b in buckets), default=0))
    columns = _column_chart(
        painter,
        area,
        labels,
        top,
        step,
        lambda v: str(QLocale().toString(float(v), "g", 6)),
        _("Touches logged before the prospect ended"),
        _mark_index(labels, report.mark),
    )
    fm = QFontMetricsF(font(SMALL_FONT))
    for i, b in enumerate(buckets):
        base = 0
        for count, colour in ((b.won, WON), (b.lost, LOST), (b.quiet, QUIET)):
            if count:
                painter.fillRect(columns.bar(i, base, base + count, top), colour)
                base += count
        if b.total:
            bar = columns.bar(i, 0, b.total, top)
            painter.setPen(INK)
            slot = columns.slot(i)
            painter.drawText(
                QRectF(
                    slot.left() - 6, bar.top() - fm.height() - 2, slot.width() + 12, fm.height()
                ),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                number(b.total),
            )


def _paint_win_rate(painter: QPainter, area: QRectF, report: PersistenceReport) -> None:
    _legend(painter, area.left(), area.top(), [(_("Won, of those that ended"), WON)])
    area = area.adjusted(0, 24, 0, 0)
    rates = report.win_rate_by_touches
    labels = [w.touches for w in rates]
    columns = _column_chart(
        painter,
        area,
        labels,
        1.0,
        0.25,
        lambda v: percent(v),
        _("Touches before the prospect ended (how many ended)"),
        _mark_index(labels, report.mark),
        rows_below=2,
    )
    fm = QFontMetricsF(font(SMALL_FONT))
    for i, w in enumerate(rates):
        slot = columns.slot(i)
        rate = w.rate or 0.0
        bar = columns.bar(i, 0, rate, 1.0)
        if rate:
            painter.fillRect(bar, WON)
        painter.setPen(INK if w.rate is not None else MUTED)
        painter.drawText(
            QRectF(slot.left() - 6, bar.top() - fm.height() - 2, slot.width() + 12, fm.height()),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
            percent(w.rate) if w.rate is not None else "–",
        )
        painter.setPen(MUTED)
        painter.drawText(
            QRectF(
                slot.left() - 6,
                columns.plot.bottom() + 4 + fm.height(),
                slot.width() + 12,
                fm.height(),
            ),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
            f"({number(w.ended)})",
        )


def _paint_given_up(painter: QPainter, area: QRectF, report: PersistenceReport) -> None:
    big = font(BIG_FONT, bold=True)
    fm_big = QFontMetricsF(big)
    share = report.given_up_before_mark.share
    number = percent(share)
    painter.setFont(big)
    painter.setPen(LOST if share else INK)
    number_w = fm_big.horizontalAdvance(number)
    painter.drawText(QRectF(area.left(), area.top(), number_w + 4, fm_big.height()), number)
    words = font(BODY_FONT + 5, bold=True)
    painter.setFont(words)
    painter.setPen(INK)
    rest = given_up_rest(report)
    painter.drawText(
        QRectF(
            area.left() + number_w + 14, area.top(), area.width() - number_w - 14, fm_big.height()
        ),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
        rest,
    )
    y = area.top() + fm_big.height() + 4
    line = BODY_FONT * 1.6
    painter.setFont(font(BODY_FONT + 1))
    painter.drawText(QRectF(area.left(), y, area.width(), line), given_up_detail(report))
    y += line
    painter.setFont(font(BODY_FONT + 1, bold=True))
    painter.setPen(WON.darker(130))
    painter.drawText(QRectF(area.left(), y, area.width(), line), reached_mark_text(report))
    y += line
    painter.setFont(font(SMALL_FONT))
    painter.setPen(MUTED)
    painter.drawText(
        QRectF(area.left(), y, area.width(), line),
        int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
        _("The sellers who make 5+ contacts win most of the business."),
    )


def _label_column(labels: Sequence[str], limit: float) -> float:
    fm = QFontMetricsF(font(BODY_FONT))
    return min(limit, max((fm.horizontalAdvance(t) for t in labels), default=0) + 12)


def answered_text(rate: float | None) -> str:
    return _("{percent} answered").format(percent=percent(rate))


def from_them_text(count: int) -> str:
    return _("{count} from them").format(count=number(count))


def _paint_channels(painter: QPainter, area: QRectF, report: PersistenceReport) -> None:
    _legend(
        painter,
        area.left(),
        area.top(),
        [(_("Used (your touches)"), USED), (_("Answered"), ANSWERED)],
    )
    area = area.adjusted(0, 24, 0, 0)
    rows = [report.channels[i] for i in _channel_rows(report)]
    body, small = font(BODY_FONT), font(SMALL_FONT)
    fm, fm_small = QFontMetricsF(body), QFontMetricsF(small)
    if not rows:
        painter.setFont(body)
        painter.setPen(MUTED)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft), _("No touches logged yet."))
        return
    labels = [channel_label(c.channel) for c in rows]
    label_w = _label_column(labels, area.width() * 0.35)
    rate_w = (
        max(fm.horizontalAdvance(answered_text(1.0)), fm.horizontalAdvance(from_them_text(99999)))
        + 12
    )
    count_w = fm_small.horizontalAdvance("00000") + 6
    bar_left = area.left() + label_w
    bar_span = max(10.0, area.width() - label_w - rate_w - count_w)
    most = max(c.used for c in rows) or 1
    row_h = ROW * 1.3
    for n, (c, label) in enumerate(zip(rows, labels, strict=True)):
        y = area.top() + n * row_h
        painter.setFont(body)
        painter.setPen(INK)
        painter.drawText(
            QRectF(area.left(), y, label_w - 8, row_h),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8),
        )
        bar_h = (row_h - 10) / 2
        painter.setFont(small)
        for k, (value, colour) in enumerate(((c.used, USED), (c.answered, ANSWERED))):
            top = y + 4 + k * (bar_h + 2)
            length = bar_span * value / most
            if value:
                painter.fillRect(QRectF(bar_left, top, max(1.5, length), bar_h), colour)
            painter.setPen(INK)
            painter.drawText(
                QRectF(bar_left + length + 4, top - 2, count_w + 40, bar_h + 4),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(value),
            )
        painter.setFont(body)
        painter.setPen(INK if c.used else MUTED)
        rate = answered_text(c.rate) if c.used else from_them_text(c.inbound)
        painter.drawText(
            QRectF(area.right() - rate_w, y, rate_w, row_h),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            rate,
        )


def _paint_lost_reasons(painter: QPainter, area: QRectF, report: PersistenceReport) -> None:
    body = font(BODY_FONT)
    fm = QFontMetricsF(body)
    painter.setFont(body)
    if not report.lost_reasons:
        painter.setPen(MUTED)
        painter.drawText(area, int(Qt.AlignmentFlag.AlignLeft), _("No lost prospects yet."))
        return
    labels = [r.label for r in report.lost_reasons]
    label_w = _label_column(labels, area.width() * 0.4)
    count_w = fm.horizontalAdvance("00000") + 8
    span = max(10.0, area.width() - label_w - count_w)
    most = max(r.count for r in report.lost_reasons)
    for n, r in enumerate(report.lost_reasons):
        y = area.top() + n * ROW
        painter.setPen(INK)
        painter.drawText(
            QRectF(area.left(), y, label_w - 8, ROW),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            fm.elidedText(_plain(r.label), Qt.TextElideMode.ElideRight, label_w - 8),
        )
        length = span * r.count / most
        painter.fillRect(QRectF(area.left() + label_w, y + 6, length, ROW - 12), LOST)
        painter.drawText(
            QRectF(area.left() + label_w + length + 6, y, count_w, ROW),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            number(r.count),
        )


_PAINTERS: dict[Card, Callable[[QPainter, QRectF, PersistenceReport], None]] = {
    Card.TOUCHES_AT_END: _paint_touches_at_end,
    Card.GIVEN_UP: _paint_given_up,
    Card.WIN_RATE: _paint_win_rate,
    Card.CHANNELS: _paint_channels,
    Card.LOST_REASONS: _paint_lost_reasons,
}


# -- files ---------------------------------------------------------------------


def render_image(report: PersistenceReport, width: float = PAGE_WIDTH) -> QImage:
    """The report as an image ``width`` pixels wide."""
    height = report_height(report, width)
    image = QImage(round(width), math.ceil(height), QImage.Format.Format_ARGB32)
    image.fill(PAGE_FILL)
    painter = QPainter(image)
    try:
        paint_report(painter, report, width)
    finally:
        painter.end()
    return image


def write_report_png(report: PersistenceReport, path: str | os.PathLike[str]) -> tuple[int, int]:
    """Write the report as a PNG file, whole or not at all; its size in pixels.

    The image is encoded in memory, since Qt does not report a failed write, and
    written by :func:`written_whole`, whose OSError says why (a full disk).
    """
    image = render_image(report)
    with written_whole(Path(path)) as tmp:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6 takes the format as a str, whatever its type stubs say.
        if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
            raise OSError(None, _("the image could not be made"))
        tmp.write_bytes(bytes(buffer.data().data()))
    return image.width(), image.height()


def write_report_pdf(report: PersistenceReport, path: str | os.PathLike[str]) -> None:
    """Write the report as a one-page PDF (A4, scaled to fit), whole or not at all."""
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(10, 10, 10, 10),
        QPageLayout.Unit.Millimeter,
    )
    with pdf_file(path, layout, _(TITLE)) as writer:
        page = writer.pageLayout().paintRectPixels(writer.resolution())
        height = report_height(report)
        scale = min(page.width() / PAGE_WIDTH, page.height() / height)
        with painting(writer) as painter:
            painter.translate((page.width() - PAGE_WIDTH * scale) / 2, 0)  # centred
            painter.scale(scale, scale)
            paint_report(painter, report, background=False)


# -- the view ------------------------------------------------------------------


class ReportCardWidget(QWidget):
    """One card of the report, painted by :func:`paint_card`."""

    def __init__(self, card: Card, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self._report: PersistenceReport | None = None
        self.setAccessibleName(card.title)
        self.setMinimumWidth(460)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_report(self, report: PersistenceReport) -> None:
        self._report = report
        summary = card_summary(self.card, report)
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)  # a plain-text tooltip: no tags in it
        self._fit_height()
        self.update()

    def summary(self) -> str:
        return self.accessibleDescription()

    def _fit_height(self) -> None:
        if self._report is not None:
            self.setFixedHeight(math.ceil(card_height(self.card, self._report, self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()  # the subtitle may wrap onto another line

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._report is None:
            return
        painter = QPainter(self)
        try:
            paint_card(painter, QRectF(self.rect()), self._report, self.card)
        finally:
            painter.end()


def _pdf_files() -> str:
    return _("PDF files (*.pdf)")


def _png_images() -> str:
    return _("PNG images (*.png)")


def _with_suffix(path: str, suffix: str) -> str:
    return path if path.lower().endswith(suffix) else f"{path}{suffix}"


class ReportsWidget(QWidget):
    """The Reports page: five painted cards in a scroll area, Refresh and Save as.

    ``refresh()`` marks the figures stale; they are worked out again only while
    the page is visible (at once, or when it is next shown).
    """

    status_message = Signal(str)

    def __init__(self, reports: ReportService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reports = reports
        self._report: PersistenceReport | None = None
        self._stale = True
        # Replaced in tests: each asks the user and returns None when cancelled.
        self.ask_save_path: Callable[[str, str], str | None] = self._ask_save_path
        self.show_error: Callable[[str], None] = self._show_error
        self.folders = RecentFolders()  # the window hands over its own, kept in its settings
        self._init_layout()
        self._connect_signals()

    def _init_layout(self) -> None:
        self.title_label = QLabel(_(TITLE))
        title_font = self.title_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.as_of_label = QLabel()
        self.as_of_label.setTextFormat(Qt.TextFormat.PlainText)
        self.as_of_label.setWordWrap(True)
        self.as_of_label.setAccessibleName(_("As of"))
        self.refresh_button = QPushButton(_("&Refresh"))
        self.refresh_button.setAccessibleName(_("Refresh the report"))
        self.save_png_button = QPushButton(_("Save as P&NG…"))
        self.save_png_button.setAccessibleName(_("Save the report as a PNG image"))
        self.save_pdf_button = QPushButton(_("Save as P&DF…"))
        self.save_pdf_button.setAccessibleName(_("Save the report as a PDF file"))

        # In a narrow window the title wraps and the buttons go onto more rows.
        self.title_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.title_label, 1, Qt.AlignmentFlag.AlignTop)
        top.addWidget(
            flow_widget([self.refresh_button, self.save_png_button, self.save_pdf_button]),
            0,
            Qt.AlignmentFlag.AlignTop,
        )

        self.empty_label = QLabel(_(EMPTY_TEXT))
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(_("No report yet"))
        empty_font = self.empty_label.font()
        empty_font.setPointSizeF(empty_font.pointSizeF() * 1.2)
        self.empty_label.setFont(empty_font)
        self.empty_label.setContentsMargins(24, 48, 24, 48)

        self.cards = {card: ReportCardWidget(card) for card in CARDS}
        content = QWidget()
        content.setObjectName("reports_content")
        column = QVBoxLayout(content)
        column.setSpacing(int(CARD_GAP))
        column.addWidget(self.empty_label)
        for card in CARDS:
            column.addWidget(self.cards[card])
        column.addStretch()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(content)
        self.scroll_area.setAccessibleName(_(TITLE))

        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.as_of_label)
        outer.addWidget(self.scroll_area, 1)

    def _connect_signals(self) -> None:
        self.refresh_button.clicked.connect(self.recompute)
        self.save_png_button.clicked.connect(self.save_png)
        self.save_pdf_button.clicked.connect(self.save_pdf)

    # -- figures -------------------------------------------------------------
    def refresh(self) -> None:
        """The data changed: work the report out again now if shown, else when shown."""
        self._stale = True
        if self.isVisible():
            self.recompute()

    def recompute(self) -> None:
        self._report = self._reports.report()
        self._stale = False
        self._show(self._report)

    def report(self) -> PersistenceReport:
        """The figures shown (worked out first when stale)."""
        if self._stale or self._report is None:
            self.recompute()
        assert self._report is not None
        return self._report

    def is_stale(self) -> bool:
        return self._stale

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.recompute()

    def _show(self, report: PersistenceReport) -> None:
        self.as_of_label.setText(as_of_text(report))
        empty = report.is_empty
        self.empty_label.setVisible(empty)
        for widget in self.cards.values():
            widget.setVisible(not empty)
            widget.set_report(report)

    # -- saving --------------------------------------------------------------
    def _suggested(self, suffix: str) -> str:
        return f"persistence-report-{self.report().as_of.date().isoformat()}{suffix}"

    def save_as(self) -> None:
        """Save as PDF or PNG, by the file name's suffix (PDF unless it ends in .png)."""
        path = self.ask_save_path(self._suggested(".pdf"), f"{_pdf_files()};;{_png_images()}")
        if path:
            self._write(path if path.lower().endswith(".png") else _with_suffix(path, ".pdf"))

    def save_png(self) -> None:
        path = self.ask_save_path(self._suggested(".png"), _png_images())
        if not path:
            return
        self._write(_with_suffix(path, ".png"))

    def save_pdf(self) -> None:
        path = self.ask_save_path(self._suggested(".pdf"), _pdf_files())
        if not path:
            return
        self._write(_with_suffix(path, ".pdf"))

    def _write(self, path: str) -> None:
        """Write the report shown to ``path`` (PNG or PDF by its suffix); errors in words."""
        write = write_report_png if path.lower().endswith(".png") else write_report_pdf
        try:
            write(self.report(), path)
        except OSError as error:
            self.show_error(
                _("Could not save the report to {path}: {reason}.").format(
                    path=path, reason=os_error_words(error)
                )
            )
            return
        self.status_message.emit(_("Saved the report to {path}").format(path=path))

    def _ask_save_path(self, suggested: str, kinds: str) -> str | None:
        start = self.folders.start(REPORT, suggested)
        path, _kind = QFileDialog.getSaveFileName(self, _("Save the report"), start, kinds)
        if path:
            self.folders.remember(REPORT, path)
        return path or None

    def _show_error(self, text: str) -> None:
        QMessageBox.warning(self, _(TITLE), text)


__all__ = [
    "CARDS",
    "EMPTY_TEXT",
    "Card",
    "ReportCardWidget",
    "ReportsWidget",
    "paint_card",
    "paint_report",
    "render_image",
    "write_report_pdf",
    "write_report_png",
]
