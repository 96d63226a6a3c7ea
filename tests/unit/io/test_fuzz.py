"""Random bytes and mangled files thrown at the importers: no crash, every failure said."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.io.files import read_contact_file

SETTINGS = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

VCARD = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=\r\n"
    "=C3=BCrgen\r\nFN:Jürgen Müller\r\nORG:Acme\\, Inc.;Sales\r\nTITLE:Boss\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:j@acme.example\r\nTEL;CELL;PREF:+49 171 000\r\n"
    "ADR;WORK:;;Street 1\\nFloor 2;Berlin;;10115;Germany\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/4QBYRXhpZgAATU0AKgAA\r\n"
    " AAgAAgESAAMAAAABAAEAAIdpAAQAAAABAAAAJgAAAAAAA6ABAAMAAAABAAEAAKACAAQAAAABAA\r\n"
    "NOTE:line one\\nline two\r\nUID:urn:uuid:0e7602cc-443e-4b82-b4b1-90f62f99a199\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Second\r\nEMAIL:s@example.com\r\nEND:VCARD\r\n"
)

CSV = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    'Priya,Sharma,https://x.example,priya@example.com,"Globex, Inc",VP,12 Mar 2024\r\n'
    "Tom,Lee,,tom@example.com,Initech,Engineer,01 Feb 2023\r\n"
)


def _check(data: bytes) -> None:
    read = read_contact_file(data)  # must not raise
    result = read.result
    if result.refused:
        assert result.contacts == []
        assert any(p.fatal and p.message for p in result.problems)
    if not result.contacts:
        assert result.problems, "a file that gives no contact must say why"
    for contact in result.contacts:
        assert not contact.is_empty
        assert contact.line >= 1
    for problem in result.problems:
        assert problem.message.strip()
        assert problem.line >= 0


@SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@st.composite
def _mangled(draw: st.DrawFn, base: str) -> bytes:
    text = base
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "insert", "truncate", "swap", "dup", "encode"]))
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        if kind == "delete":
            j = draw(st.integers(i, min(len(text), i + 40)))
            text = text[:i] + text[j:]
        elif kind == "insert":
            text = text[:i] + draw(st.text(max_size=20)) + text[i:]
        elif kind == "truncate":
            text = text[:i]
        elif kind == "swap":
            lines = text.split("\n")
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif kind == "dup":
            lines = text.split("\n")
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, lines[k])
            text = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
    return text.encode(encoding, errors="replace")


@SETTINGS
@given(_mangled(VCARD))
def test_mangled_vcards(data: bytes) -> None:
    _check(data)


@SETTINGS
@given(_mangled(CSV))
def test_mangled_csv(data: bytes) -> None:
    _check(data)


@SETTINGS
@given(st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=6), max_size=8))
def test_random_tables(rows: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    _check(out.getvalue().encode("utf-8"))
