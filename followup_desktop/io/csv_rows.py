"""A CSV file's rows, read as a stream with every value cut to MAX_VALUE_CHARS.

The csv module reads the rows, a line at a time. A row that stays small (the
rule) goes to it untouched; a larger one, or a line longer than a piece, goes
through a scanner that follows the row the way the csv module reads it (not
strict, "" for a quote inside quotes) and passes it on with each value cut to
MAX_VALUE_CHARS and the row to MAX_CARD_CHARS. So one line of tens of
megabytes, or a quoted value running over a million lines, costs the memory
of one row. Where something was cut, a mark goes into the value; it is taken
out once the csv module has read the row, and says which column was cut.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field

from followup_desktop.io.contacts import MAX_CARD_CHARS, MAX_VALUE_CHARS
from followup_desktop.io.text import TextSource

# A noncharacter: no exporter writes it, so where it is found a value was cut.
MARK = "\ufdd0"

Row = tuple[int, list[str]]  # the line it starts on, its values


@dataclass
class RowCut:
    """What was cut in one row: the columns cut to MAX_VALUE_CHARS, and whether the
    row ran past MAX_CARD_CHARS (what followed was dropped)."""

    columns: list[int] = field(default_factory=list)
    rest: bool = False


def read_rows(
    source: TextSource, delimiter: str, strict: bool = True
) -> tuple[list[Row], dict[int, RowCut]]:
    """Rows with the line each starts on, and what was cut (by that line).

    Raises csv.Error with a line number.
    """
    feed = _Feed(source.lines(), delimiter)
    reader = csv.reader(feed, delimiter=delimiter, strict=strict)
    rows: list[Row] = []
    cuts: dict[int, RowCut] = {}
    start = 1
    try:
        while True:
            feed.new_row()
            row = next(reader, None)
            if row is None:
                break
            if feed.cut or feed.dropped:
                columns = [i for i, value in enumerate(row) if MARK in value]
                row = [value.replace(MARK, "") for value in row]
                cuts[start] = RowCut(columns, feed.dropped)
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise csv.Error(f"line {start}: {exc}") from None
    return rows, cuts


class _Feed:
    """The lines handed to csv.reader: as they are while the row is small, else scanned.

    The reader is told a row at a time (``new_row``) and takes lines until the
    row ends: a line asked for within the same row continues a quoted value.
    """

    def __init__(self, lines: Iterator[tuple[str, str | None]], delimiter: str) -> None:
        self._lines = lines
        self._delimiter = delimiter
        self.cut = False  # a value of the row was cut
        self.dropped = False  # the row ran past MAX_CARD_CHARS
        self._held: list[tuple[str, str]] = []  # the row's lines so far, while it is small
        self._size = 0
        self._scanner: _Scanner | None = None

    def new_row(self) -> None:
        self.cut = self.dropped = False
        self._held = []
        self._size = 0
        self._scanner = None

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        text, end = next(self._lines)
        if end == "" and not text:
            raise StopIteration  # the empty "line" after a file's last line break
        if end is not None and self._scanner is None and self._hold(text, end):
            return text + end
        scanner = self._scanner or self._start_scanner()
        out: list[str] = []
        scanner.feed(text, out)
        while end is None:  # a line longer than a piece: the rest of it
            text, end = next(self._lines)
            scanner.feed(text, out)
        scanner.end_line(end, out)
        self.cut, self.dropped = scanner.cut, scanner.dropping
        return "".join(out)

    def _hold(self, text: str, end: str) -> bool:
        """Keep a line of a row that stays small enough to hold no value too long."""
        if self._size + len(text) + len(end) > MAX_VALUE_CHARS:
            return False
        self._size += len(text) + len(end)
        self._held.append((text, end))
        return True

    def _start_scanner(self) -> _Scanner:
        # The row's lines already read tell the scanner where in the row csv is.
        scanner = _Scanner(self._delimiter)
        for text, end in self._held:
            scanner.feed(text, [])
            scanner.end_line(end, [])
        self._scanner = scanner
        return scanner


_START, _FIELD, _QUOTED, _QUOTE = range(4)  # a value's start, unquoted, quoted, after a quote


class _Scanner:
    """One row as csv.reader (not strict) reads it, passed on with its values cut."""

    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter
        self.state = _START
        self.value = 0  # characters of the current value passed on
        self.row = 0  # characters of the row passed on
        self.marked = False  # the current value carries the mark
        self.cut = False
        self.dropping = False  # past MAX_CARD_CHARS: nothing more is passed on
        self.shown = _START  # once dropping: where csv stands in what it was given

    def feed(self, text: str, out: list[str]) -> None:
        pos, length, delimiter = 0, len(text), self.delimiter
        while pos < length:
            if self.state == _START:
                if text[pos] == '"':
                    self.state = _QUOTED
                    self._structure('"', out)
                    pos += 1
                else:
                    self.state = _FIELD
            elif self.state == _FIELD:
                stop = text.find(delimiter, pos)
                self._content(text[pos:] if stop < 0 else text[pos:stop], out)
                if stop < 0:
                    break
                self._next_value(out, "")
                pos = stop + 1
            elif self.state == _QUOTED:
                stop = text.find('"', pos)
                self._content(text[pos:] if stop < 0 else text[pos:stop], out)
                if stop < 0:
                    break
                self.state = _QUOTE  # passed on once it is known what it does
                pos = stop + 1
            elif text[pos] == '"':  # a quote doubled inside quotes: one quote in the value
                self.state = _QUOTED
                self._content('""', out, weight=1)
                pos += 1
            elif text[pos] == delimiter:  # the closing quote, then the next value
                self._next_value(out, '"')
                pos += 1
            else:  # a quote in the wrong place: csv reads on as if unquoted
                self.state = _FIELD
                self._structure('"', out)

    def end_line(self, end: str, out: list[str]) -> None:
        if self.state == _QUOTED:  # the line break is part of the quoted value
            self._content(end, out)
            if self.dropping and self.shown != _QUOTED:
                # csv must go on to the next line within this row, as the file does.
                out.append('"' if self.shown == _START else self.delimiter + '"')
                self.shown = _QUOTED
            return
        # The row ends here; a quote just read (or one left open when dropping) closes.
        closing = self.shown == _QUOTED if self.dropping else self.state == _QUOTE
        if closing:
            out.append('"')
        out.append(end)
        self.state = _START

    def _next_value(self, out: list[str], closing: str) -> None:
        self.state = _START
        self._structure(closing + self.delimiter, out)
        self.value = 0
        self.marked = False

    def _structure(self, text: str, out: list[str]) -> None:
        if self.dropping:
            return
        out.append(text)
        self.row += len(text)
        if self.row > MAX_CARD_CHARS:
            self._drop()

    def _content(self, text: str, out: list[str], weight: int = 0) -> None:
        if not text or self.dropping:
            return
        size = weight or len(text)
        if self.value + size <= MAX_VALUE_CHARS and self.row + len(text) <= MAX_CARD_CHARS:
            out.append(text)
            self.value += size
            self.row += len(text)
            return
        room = min(MAX_VALUE_CHARS - self.value, MAX_CARD_CHARS - self.row)
        if room > 0 and not weight:
            out.append(text[:room])
            self.row += room
        self.value = MAX_VALUE_CHARS  # nothing more of this value
        self.cut = True
        if not self.marked:
            self.marked = True
            out.append(MARK)
            self.row += 1
        if self.row >= MAX_CARD_CHARS:
            self._drop()

    def _drop(self) -> None:
        self.dropping = True
        self.shown = self.state  # never _QUOTE: what follows a quote is known by now
