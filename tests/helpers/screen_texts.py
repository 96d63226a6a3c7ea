"""What a window shows in the pseudo-language: texts left untranslated, texts cut off.

With ``i18n.set_language("pseudo")`` every string that went through ``_()``
reads "⟦Šàvé··⟧": accented, bracketed, about 30 % longer. ``ScreenAudit``
walks a widget tree and notes

* an *untranslated* text: letters left once every ⟦…⟧ part, every piece of
  the user's data (names, companies, notes, … read from the database), every
  word Qt's locale supplies (month and day names) and the few allowed words
  are taken out;
* a *clipped* text: one wider than the room its widget gives it (a label
  without word wrap, a button, a tab, a header section).

Each finding says where (the view or dialog, the widget), what text, and why.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QLocale, QModelIndex, QObject, QTimeZone
from PySide6.QtGui import QAction, QFont, QFontMetrics, Qt, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QItemDelegate,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QTabBar,
    QTextEdit,
    QToolBar,
    QToolButton,
    QWidget,
)

OPEN, CLOSE = "⟦", "⟧"
_BRACKETED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")

#: Words that stay as they are in every language, each with its reason.
ALLOWED = (
    "FollowUp",  # the product's name
    "FollowUp Desktop",  # the product's full name
    "vCard",  # a file format's name
    "CSV",  # a file format's name
    "iCalendar",  # a file format's name
    "A4",  # an ISO paper size's name
)
#: Keyboard shortcuts as Qt writes them ("Ctrl+Shift+M"): not translated (see the rules).
_SHORTCUT = re.compile(r"(?<!\w)(?:(?:Ctrl|Shift|Alt|Meta)\+)+\w+(?!\w)")

#: A file's path (a backup's, an export's): the user's file, not words.
_PATH = re.compile(r"(?<!\S)(?:~|[A-Za-z]:)?[/\\][^\s“”\"']*")

#: Rows of an item view read per level (the first ones show what the others are).
ROWS_READ = 60
MAX_COLUMNS = 20


def data_strings(db_path: Path) -> set[str]:
    """The user's own texts in the database: what the app shows as typed, untranslated."""
    found: set[str] = set()
    queries = (
        "SELECT name, company, title, street, city, region, postal_code, country, notes, "
        "lost_reason FROM prospect",
        "SELECT name FROM tag",
        "SELECT summary, notes FROM touch",
        "SELECT purpose FROM follow_up",
        "SELECT reason, talking_point FROM thank_you",
    )
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        for query in queries:
            for row in conn.execute(query):
                found.update(str(v) for v in row if v)
        for emails, phones in conn.execute("SELECT emails, phones FROM prospect"):
            found.update(json.loads(emails or "[]"))
            found.update(json.loads(phones or "[]"))
    finally:
        conn.close()
    pieces: set[str] = set()
    for text in found:
        pieces.add(text)
        # Multi-line texts (street lines, notes) show line by line, or joined.
        pieces.update(line.strip() for line in text.splitlines() if line.strip())
    return {p for p in pieces if any(ch.isalpha() for ch in p)}


def locale_words(locale: QLocale, zones: Iterable[str] = ()) -> set[str]:
    """Month and day names, AM and PM, the names of ``zones`` (time zone ids):
    Qt's locale writes them, not our catalogue."""
    words: set[str] = {locale.amText(), locale.pmText()}
    for zone_id in zones:
        zone = QTimeZone(zone_id.encode())
        for kind in QTimeZone.TimeType:
            for name in QTimeZone.NameType:
                words.add(zone.displayName(kind, name, locale))
    for form in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
        for month in range(1, 13):
            words.add(locale.monthName(month, form))
            words.add(locale.standaloneMonthName(month, form))
        for day in range(1, 8):
            words.add(locale.dayName(day, form))
            words.add(locale.standaloneDayName(day, form))
    return {w for w in words if w}


def _words_pattern(words: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    ordered = sorted({w for w in words if w}, key=len, reverse=True)  # the longest first
    if not ordered:
        return None
    alternatives = "|".join(re.escape(w) for w in ordered)
    return re.compile(f"(?<!\\w)(?:{alternatives})(?!\\w)", flags)


def plain(text: str, mnemonics: bool = False) -> str:
    """``text`` as shown: rich text as its words; with ``mnemonics``, the
    ampersands that mark them taken out ("&&" shows one)."""
    if Qt.mightBeRichText(text):
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return without_mnemonics(text) if mnemonics else text


def without_mnemonics(text: str) -> str:
    return re.sub(r"&(&?)", r"\1", text)


def _description(widget: QObject) -> str:
    name = widget.objectName()
    kind = type(widget).__name__
    return f"{kind} '{name}'" if name and not name.startswith("qt_") else kind


class ScreenAudit:
    """Collects the untranslated and the clipped texts of the widgets it is shown."""

    def __init__(
        self, data: Iterable[str], locale: QLocale, zones: Iterable[str] = ("UTC",)
    ) -> None:
        # Upper-cased too, as on envelopes ("75004 PARIS").
        self._data = _words_pattern(data, re.IGNORECASE)
        self._locale = _words_pattern(locale_words(locale, zones))
        self._allowed = _words_pattern(ALLOWED)
        self.problems: list[str] = []
        self._seen: set[tuple[str, str, str]] = set()
        self.texts_checked = 0

    # -- findings ----------------------------------------------------------------
    def _note(self, where: str, what: str, text: str, why: str) -> None:
        key = (what, text, why)
        if key in self._seen:  # the same widget seen again in the next view
            return
        self._seen.add(key)
        self.problems.append(f"{where}: {what}: {text!r}: {why}")

    def leftover(self, text: str, mnemonics: bool = False) -> str:
        """The words of ``text`` that are neither translated, data, Qt's nor allowed."""
        rest = plain(text, mnemonics)
        previous = None
        while previous != rest:  # translated pieces may hold translated pieces
            previous = rest
            rest = _BRACKETED.sub(" ", rest)
        for pattern in (self._data, self._locale, self._allowed):
            if pattern is not None:
                rest = pattern.sub(" ", rest)
        rest = _SHORTCUT.sub(" ", rest)
        rest = _PATH.sub(" ", rest)
        if not any(ch.isalpha() for ch in rest):
            return ""
        return " ".join(rest.split())

    def text(self, where: str, what: str, text: str | None, mnemonics: bool = False) -> None:
        """Note ``text`` when part of it was not translated (``mnemonics``: a
        button's, menu's or label's text, where "&" marks the Alt key's letter)."""
        if not text:
            return
        self.texts_checked += 1
        rest = self.leftover(text, mnemonics)
        if rest:
            self._note(where, what, text, f"untranslated ({rest!r})")

    def clipped(self, where: str, what: str, text: str, needed: int, room: int) -> None:
        if needed > room:
            self._note(where, what, text, f"clipped: needs {needed} px, has {room} px")

    # -- widgets -----------------------------------------------------------------
    def window(self, root: QWidget, where: str) -> None:
        """Every visible widget of ``root``'s tree, its actions and menus, its title."""
        self.text(where, "window title", root.windowTitle())
        widgets = [root, *root.findChildren(QWidget)]
        # Every action: in the menu bar, the toolbars, the context menus (made
        # when asked for, from the actions their view holds), the shortcuts.
        actions = {*root.findChildren(QAction), *(a for w in widgets for a in w.actions())}
        for widget in widgets:
            if widget.isVisible() and not self._qt_own(widget):
                self.widget(widget, where)
            if isinstance(widget, QMenu):
                self.text(where, f"menu {_description(widget)} title", widget.title(), True)
        for action in actions:
            self.action(action, where)

    def action(self, action: QAction, where: str) -> None:
        if action.isSeparator() or self._qt_own(action):
            return
        label = f"action {without_mnemonics(action.text())!r}"
        self.text(where, "action text", action.text(), True)
        if action.toolTip() != without_mnemonics(action.text()).replace("...", "…"):
            self.text(where, f"{label} tooltip", action.toolTip())
        self.text(where, f"{label} status tip", action.statusTip())
        self.text(where, f"{label} what's this", action.whatsThis())
        if action.iconText() != without_mnemonics(action.text()):
            self.text(where, f"{label} icon text", action.iconText())
        menu = action.menu()
        if isinstance(menu, QMenu):
            self.text(where, f"{label} menu title", menu.title(), True)

    @staticmethod
    def _qt_own(obj: QObject) -> bool:
        """Parts Qt makes and words itself (its calendar's navigation, a line edit's
        clear button, a tab bar's scroll arrows): Qt's catalogue translates those."""
        name = obj.objectName()
        if name.startswith("qt_calendar_") or name in ("_q_qlineeditclearaction",):
            return True
        parent = obj.parent()
        if isinstance(parent, QTabBar) and isinstance(obj, QToolButton):
            return True
        return isinstance(parent, QCalendarWidget) or (
            isinstance(parent, QWidget) and parent.objectName().startswith("qt_calendar_")
        )

    def widget(self, widget: QWidget, where: str) -> None:
        desc = _description(widget)
        self.text(where, f"{desc} tooltip", widget.toolTip())
        self.text(where, f"{desc} status tip", widget.statusTip())
        self.text(where, f"{desc} accessible name", widget.accessibleName())
        self.text(where, f"{desc} accessible description", widget.accessibleDescription())
        if widget.isWindow() and not isinstance(widget, QMenu):
            self.text(where, f"{desc} window title", widget.windowTitle())
        if isinstance(widget, QLabel):
            self._label(widget, where, desc)
        elif isinstance(widget, QAbstractButton):
            self._button(widget, where, desc)
        elif isinstance(widget, QGroupBox):
            self._group_box(widget, where, desc)
        elif isinstance(widget, QTabBar):
            self._tab_bar(widget, where, desc)
        elif isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
            self.text(where, f"{desc} placeholder", widget.placeholderText())
        elif isinstance(widget, QComboBox):
            self._combo_box(widget, where, desc)
        elif isinstance(widget, QAbstractSpinBox):
            self.text(where, f"{desc} special value text", widget.specialValueText())
            if isinstance(widget, QSpinBox):
                self.text(where, f"{desc} prefix", widget.prefix())
                self.text(where, f"{desc} suffix", widget.suffix())
        elif isinstance(widget, QHeaderView):
            self._header(widget, where, desc)
        elif isinstance(widget, QToolBar):
            self.text(where, f"{desc} title", widget.windowTitle())
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            model = widget.model()
            if model is not None and not isinstance(widget.parentWidget(), QComboBox):
                self._rows(widget, QModelIndex(), where, f"{desc} row", depth=0)

    def _label(self, label: QLabel, where: str, desc: str) -> None:
        text = label.text()
        if not text:
            return
        buddy = label.buddy() is not None
        self.text(where, f"{desc} text", text, buddy)
        if label.wordWrap() or not label.pixmap().isNull():
            return
        shown = plain(text, buddy)
        metrics = QFontMetrics(label.font())
        needed = max(metrics.horizontalAdvance(line) for line in shown.split("\n"))
        margin = label.margin()
        indent = label.indent()
        if indent < 0 and label.frameWidth() > 0:
            indent = metrics.horizontalAdvance("x") // 2
        room = label.contentsRect().width() - 2 * margin - max(indent, 0)
        self.clipped(where, f"{desc} text", text, needed, room)

    def _button(self, button: QAbstractButton, where: str, desc: str) -> None:
        text = button.text()
        if not text:
            return
        if not self._qt_default_text(button):
            self.text(where, f"{desc} text", text, True)
        if isinstance(button, QPushButton):
            option = QStyleOptionButton()
            button.initStyleOption(option)
            contents = button.style().subElementRect(
                QStyle.SubElement.SE_PushButtonContents, option, button
            )
            metrics = QFontMetrics(button.font())
            needed = metrics.horizontalAdvance(without_mnemonics(text))
            if not button.icon().isNull():
                needed += button.iconSize().width() + 4
            if button.menu() is not None:
                needed += button.style().pixelMetric(
                    QStyle.PixelMetric.PM_MenuButtonIndicator, option, button
                )
            self.clipped(where, f"{desc} text", text, needed, contents.width())
        elif isinstance(button, (QCheckBox, QRadioButton, QToolButton)):
            # Their size hint is the indicator or icon, the text and the style's margins.
            self.clipped(where, f"{desc} text", text, button.sizeHint().width(), button.width())

    @staticmethod
    def _qt_default_text(button: QAbstractButton) -> bool:
        """A standard button (OK, Cancel…) that kept the words Qt gives it."""
        box = button.parentWidget()
        while box is not None and not isinstance(box, (QDialogButtonBox, QMessageBox)):
            box = box.parentWidget()
        if box is None:
            return False
        standard = box.standardButton(button)
        if standard in (
            QDialogButtonBox.StandardButton.NoButton,
            QMessageBox.StandardButton.NoButton,
        ):
            return False
        probe = QDialogButtonBox()
        try:
            made = probe.addButton(QDialogButtonBox.StandardButton(standard.value))
            return made is not None and made.text() == button.text()
        finally:
            probe.deleteLater()

    def _group_box(self, box: QGroupBox, where: str, desc: str) -> None:
        title = box.title()
        if not title:
            return
        self.text(where, f"{desc} title", title, True)
        metrics = QFontMetrics(box.font())
        needed = metrics.horizontalAdvance(
            without_mnemonics(title)
        ) + 2 * metrics.horizontalAdvance(" ")
        if box.isCheckable():
            needed += box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 6
        self.clipped(where, f"{desc} title", title, needed, box.width())

    def _tab_bar(self, bar: QTabBar, where: str, desc: str) -> None:
        metrics = QFontMetrics(bar.font())
        padding = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
        for i in range(bar.count()):
            if not bar.isTabVisible(i):
                continue
            text = bar.tabText(i)
            self.text(where, f"{desc} tab", text, True)
            self.text(where, f"{desc} tab tooltip", bar.tabToolTip(i))
            needed = metrics.horizontalAdvance(without_mnemonics(text)) + padding
            if not bar.tabIcon(i).isNull():
                needed += bar.iconSize().width() + 4
            self.clipped(where, f"{desc} tab", text, needed, bar.tabRect(i).width())

    def _combo_box(self, combo: QComboBox, where: str, desc: str) -> None:
        for i in range(combo.count()):
            self.text(where, f"{desc} item", combo.itemText(i))
            tip = combo.itemData(i, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                self.text(where, f"{desc} item tooltip", tip)

    def _header(self, header: QHeaderView, where: str, desc: str) -> None:
        model = header.model()
        if model is None:
            return
        orientation = header.orientation()
        for logical in range(header.count()):
            if header.isSectionHidden(logical):
                continue
            text = model.headerData(logical, orientation, Qt.ItemDataRole.DisplayRole)
            if not isinstance(text, str) or not text:
                continue
            self.text(where, f"{desc} section", text)
            tip = model.headerData(logical, orientation, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                self.text(where, f"{desc} section tooltip", tip)
            if orientation != Qt.Orientation.Horizontal:
                continue
            # The style's margins, the sort indicator's room and the text, in the
            # header's font (or the model's for that section).
            needed = header.sectionSizeFromContents(logical).width()
            self.clipped(where, f"{desc} section", text, needed, header.sectionSize(logical))

    def _rows(
        self, view: QAbstractItemView, parent: QModelIndex, where: str, what: str, depth: int
    ) -> None:
        model = view.model()
        for row in range(min(model.rowCount(parent), ROWS_READ)):
            for column in range(MAX_COLUMNS):
                index = model.index(row, column, parent)
                if not index.isValid():
                    break
                for role, name in (
                    (Qt.ItemDataRole.DisplayRole, "text"),
                    (Qt.ItemDataRole.ToolTipRole, "tooltip"),
                    (Qt.ItemDataRole.AccessibleTextRole, "accessible text"),
                ):
                    value = index.data(role)
                    if isinstance(value, str):
                        self.text(where, f"{what} {name}", value)
                self._cell(view, index, where, what)
            if depth < 2:
                first = model.index(row, 0, parent)
                if model.rowCount(first):
                    self._rows(view, first, where, what, depth + 1)

    def ours(self, text: str) -> bool:
        """Whether ``text`` is made of translated words only (with numbers, dates):
        no user's data, which may be long and is elided by design."""
        rest = plain(text)
        if self._data is not None and self._data.search(rest):
            return False
        previous = None
        while previous != rest:
            previous = rest
            rest = _BRACKETED.sub(" ", rest)
        if rest == text:
            return False
        for pattern in (self._locale, self._allowed):
            if pattern is not None:
                rest = pattern.sub(" ", rest)
        return not any(ch.isalpha() for ch in rest)

    def _cell(self, view: QAbstractItemView, index: QModelIndex, where: str, what: str) -> None:
        """A cell of translated words drawn by Qt's own delegate, cut short."""
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text or not self.ours(text):
            return
        if getattr(view, "wordWrap", lambda: True)():
            return  # wrapped onto more lines, not cut
        delegate = view.itemDelegateForIndex(index)
        if type(delegate) not in (QStyledItemDelegate, QItemDelegate):
            return  # it draws the text its own way
        rect = view.visualRect(index)
        if rect.isEmpty():
            return  # a hidden column, a collapsed branch
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else view.font())
        style = view.style()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        needed = max(metrics.horizontalAdvance(line) for line in text.split("\n")) + 2 * margin
        if index.data(Qt.ItemDataRole.DecorationRole) is not None:
            icon = view.iconSize().width() if view.iconSize().isValid() else 16
            needed += icon + 2 * margin
        if index.data(Qt.ItemDataRole.CheckStateRole) is not None:
            needed += (
                style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, view) + 2 * margin
            )
        self.clipped(where, f"{what} text", text, needed, rect.width())
