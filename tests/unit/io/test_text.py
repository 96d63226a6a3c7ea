"""A file's text read in pieces: lines as re.split gives them, never a whole long line."""

from __future__ import annotations

import io
import re
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.io import text
from followup_desktop.io.text import open_text, split_lines

LINE_BREAK = re.compile(r"\r\n|\r|\n")


@given(
    st.lists(st.sampled_from(["a", "bc", "\r", "\n", "\r\n", " ", "é"]), max_size=40).map("".join),
    st.lists(st.integers(0, 40), max_size=5),
)
def test_lines_come_as_re_split_gives_them_in_pieces_of_at_most_a_piece(
    source: str, cuts: list[int]
) -> None:
    bounds = sorted({min(c, len(source)) for c in cuts})
    chunks = [source[a:b] for a, b in zip([0, *bounds], [*bounds, len(source)], strict=True)]
    lines: list[tuple[str, str]] = []
    line = ""
    with mock.patch.object(text, "PIECE_CHARS", 3):
        for piece, end in split_lines(chunks):
            assert len(piece) <= 3
            line += piece
            if end is not None:
                lines.append((line, end))
                line = ""
    assert [line for line, _ in lines] == LINE_BREAK.split(source)
    assert "".join(line + end for line, end in lines) == source


def test_text_is_decoded_a_chunk_at_a_time_across_split_characters() -> None:
    source = "Zoë Ångström\r\n" * 100_000
    for written, read_as in (
        ("utf-8", "utf-8"),
        ("utf-16-be", "utf-16-be"),
        ("utf-8-sig", "utf-8"),
        ("cp1252", "windows-1252"),
    ):
        with mock.patch.object(text, "CHUNK_BYTES", 4099):  # cuts characters in half
            read = open_text(io.BytesIO(source.encode(written)))
            assert "".join(read.chunks()) == source
        assert read.encoding == read_as
