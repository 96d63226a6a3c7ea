"""CSV rows read as a stream: the same rows as the csv module reads, values cut to a limit."""

from __future__ import annotations

import csv
import io
import os
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from followup_desktop.io import csv_rows, text
from followup_desktop.io.csv_rows import RowCut, read_rows
from followup_desktop.io.text import TextSource

SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# Text that exercises quoting: quotes in and out of place, line breaks of each kind.
TABLE_TEXT = st.lists(
    st.sampled_from(["a", "bc", "é", ",", ",", ";", '"', '"', '""', "\n", "\n", "\r", "\r\n", " "]),
    max_size=60,
).map("".join)


def _csv_module(source: str, strict: bool) -> list[tuple[int, list[str]]] | str:
    """The rows as the csv module reads them whole, with the line each starts on."""
    reader = csv.reader(io.StringIO(source, newline=""), strict=strict)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        return f"line {start}: {exc}"
    return rows


def _streamed(source: str, strict: bool) -> tuple[list[tuple[int, list[str]]], dict[int, RowCut]]:
    return read_rows(TextSource.from_string(source), ",", strict=strict)


def _without_blank_rows(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    return [(n, r) for n, r in rows if r]


@SETTINGS
@given(TABLE_TEXT, st.booleans())
def test_small_rows_are_read_as_the_csv_module_reads_them(source: str, strict: bool) -> None:
    # Pieces of three characters: every line longer than that goes through the scanner.
    with mock.patch.object(text, "PIECE_CHARS", 3):
        want = _csv_module(source, strict)
        if isinstance(want, str):
            with pytest.raises(csv.Error) as error:
                _streamed(source, strict)
            assert str(error.value) == want
            return
        rows, cuts = _streamed(source, strict)
    assert _without_blank_rows(rows) == _without_blank_rows(want)
    assert cuts == {}


@SETTINGS
@given(TABLE_TEXT, st.integers(1, 4))
def test_every_value_is_cut_to_the_limit_and_the_cut_columns_said(source: str, limit: int) -> None:
    want = _csv_module(source, strict=False)
    assert not isinstance(want, str)
    with (
        mock.patch.object(text, "PIECE_CHARS", 3),
        mock.patch.object(csv_rows, "MAX_VALUE_CHARS", limit),
    ):
        rows, cuts = _streamed(source, strict=False)
    assert _without_blank_rows(rows) == [
        (n, [v[:limit] for v in r]) for n, r in _without_blank_rows(want)
    ]
    assert {n: c.columns for n, c in cuts.items()} == {
        n: [i for i, v in enumerate(r) if len(v) > limit]
        for n, r in want
        if any(len(v) > limit for v in r)
    }


@SETTINGS
@given(TABLE_TEXT, st.integers(1, 12))
@example('a,b,c,d,"x\ny",e\nnext,row\n', 3)  # cut before a quoted value that runs on
@example('"ab"c,d,e,f\r\n"x\r\ny"\n', 4)  # cut after a quote in the wrong place
@example(",,,,,,,,,,\n,\n", 2)  # a row of nothing but delimiters
def test_a_row_past_its_limit_keeps_the_rows_after_it_whole(source: str, limit: int) -> None:
    want = _csv_module(source, strict=False)
    assert not isinstance(want, str)
    with (
        mock.patch.object(text, "PIECE_CHARS", 3),
        mock.patch.object(csv_rows, "MAX_VALUE_CHARS", 2),
        mock.patch.object(csv_rows, "MAX_CARD_CHARS", limit),
    ):
        rows, cuts = _streamed(source, strict=False)
    # Each row starts where it did; a row cut short says so.
    assert [n for n, _ in rows] == [n for n, _ in want]
    for (n, row), (_, whole) in zip(rows, want, strict=True):
        assert sum(len(v) for v in row) + len(row) - 1 <= limit + 3
        if row != [v[:2] for v in whole]:
            assert n in cuts
            assert cuts[n].rest


def test_a_quoted_value_over_a_million_lines_is_cut_and_the_rows_after_it_read() -> None:
    note = "a line of notes\n" * 200_000  # 3.2 MB over 200,000 lines
    source = f'Name,Notes,E-mail\nAna,"{note}",ana@example.com\nBo,short,bo@example.com\n'
    rows, cuts = _streamed(source, strict=True)
    assert [(n, r[0], len(r[1]), r[2]) for n, r in rows] == [
        (1, "Name", 5, "E-mail"),
        (2, "Ana", csv_rows.MAX_VALUE_CHARS, "ana@example.com"),
        (200_003, "Bo", 5, "bo@example.com"),
    ]
    assert rows[1][1][1] == note[: csv_rows.MAX_VALUE_CHARS]
    assert cuts == {2: RowCut([1], rest=False)}
