"""Turning a file's bytes into text: byte-order marks, UTF-16, UTF-8, Windows-1252."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with.

    A byte-order mark decides; without one, UTF-16 is recognised by its zero
    bytes, then strict UTF-8 is tried, and anything else is Windows-1252
    (with Latin-1 for the five bytes Windows-1252 leaves undefined).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        encoding = "utf-16-le" if odd_zeros > even_zeros else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return data.decode("latin-1").translate(_LATIN1_TO_CP1252), "windows-1252"


# Latin-1 reads every byte; Windows-1252 differs only in 0x80-0x9F (five stay undefined).
_LATIN1_TO_CP1252 = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def is_binary(text: str) -> bool:
    """True for text that is plainly not a text file (control characters, NULs)."""
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n\f\v")
    return "\x00" in sample or controls > len(sample) // 20 or sample.count("\ufffd") > 8
