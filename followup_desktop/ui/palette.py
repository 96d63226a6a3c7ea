"""Colours that say something (overdue, a warning) and stay readable on the palette
in use, light or dark, and follow it when the system switches.

Contrast is measured as WCAG 2 defines it: text needs 4.5:1 against its
background, large marks 3:1.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

ColourFor = Callable[[QPalette], QColor]

_RED_ON_LIGHT = QColor(0xC6, 0x28, 0x28)
_RED_ON_DARK = QColor(0xFF, 0x6B, 0x6B)
_AMBER_ON_LIGHT = QColor(0xB4, 0x53, 0x09)
_AMBER_ON_DARK = QColor(0xFB, 0xBF, 0x24)
_BLACK = QColor(0, 0, 0)
_WHITE = QColor(0xFF, 0xFF, 0xFF)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two opaque colours, 1 to 21."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(colour: QColor, background: QColor) -> QColor:
    """``colour`` (with its alpha) painted over an opaque ``background``."""
    alpha = colour.alphaF()
    return QColor.fromRgbF(
        colour.redF() * alpha + background.redF() * (1 - alpha),
        colour.greenF() * alpha + background.greenF() * (1 - alpha),
        colour.blueF() * alpha + background.blueF() * (1 - alpha),
    )


def is_dark(palette: QPalette) -> bool:
    """A dark theme: light text on a dark window."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def alert_red(palette: QPalette) -> QColor:
    """Red for overdue and errors: darker on a light palette, lighter on a dark one."""
    return QColor(_RED_ON_DARK if is_dark(palette) else _RED_ON_LIGHT)


def warning_amber(palette: QPalette) -> QColor:
    """Amber for a warning that is not an error."""
    return QColor(_AMBER_ON_DARK if is_dark(palette) else _AMBER_ON_LIGHT)


def readable_ink(fill: QColor, preferred: QColor | None = None) -> QColor:
    """``preferred`` when it reads on ``fill`` (4.5:1), else black or white,
    whichever reads better."""
    if preferred is not None and contrast_ratio(preferred, fill) >= 4.5:
        return QColor(preferred)
    black, white = contrast_ratio(_BLACK, fill), contrast_ratio(_WHITE, fill)
    return QColor(_BLACK if black >= white else _WHITE)


class _TextColour(QObject):
    """Keeps a widget's text in ``colour_for(its palette)`` as the palette changes."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.setObjectName("text_colour_keeper")
        self._widget = widget
        self.colour_for: ColourFor | None = None
        self._applying = False
        widget.installEventFilter(self)

    def apply(self) -> None:
        if self._applying:
            return
        self._applying = True
        try:
            widget = self._widget
            parent = widget.parentWidget()
            inherited = parent.palette() if parent is not None else QGuiApplication.palette()
            # Only the text colour is the widget's own: the rest still follows the system.
            palette = QPalette()
            if self.colour_for is not None:
                palette.setColor(QPalette.ColorRole.WindowText, self.colour_for(inherited))
            widget.setPalette(palette)
        finally:
            self._applying = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if watched is self._widget and event.type() in kinds and not self._applying:
            # After the new palette has reached the parent: the colour is chosen from it.
            QTimer.singleShot(0, self, self.apply)
        return False


def keep_text_colour(widget: QWidget, colour_for: ColourFor | None) -> None:
    """Colour ``widget``'s text by ``colour_for`` now and whenever the palette changes
    (the system's dark mode switched on or off); None: the palette's own text colour."""
    keeper = widget.findChild(_TextColour, "text_colour_keeper")
    if keeper is None:
        keeper = _TextColour(widget)
    keeper.colour_for = colour_for
    keeper.apply()
