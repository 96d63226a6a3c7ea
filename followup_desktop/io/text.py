"""Turning a file's bytes into text: byte-order marks, UTF-16, UTF-8, Windows-1252.

A file is read in pieces, never whole: a contact file may be hundreds of
megabytes, or hold one line of tens of megabytes, and its readers keep only
what one card or one row needs.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import AnyStr, BinaryIO

from followup_desktop.i18n import N_, _

CHUNK_BYTES = 1024 * 1024
# The longest piece of a line handed on at once: a longer line comes in several.
PIECE_CHARS = 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_BYTE_LINE_BREAK = re.compile(rb"(\r\n|\r|\n)")
# What a file that is not UTF-8 is read as unless it shows another encoding.
WESTERN = "windows-1252"


class TextSource:
    """A file's text, read from the start in pieces as often as a reader needs.

    A reader that decodes part by part (a vCard, card by card) reads its bytes
    instead: ``byte_chunks`` gives them as the file has them when its encoding
    keeps ASCII as ASCII, else as UTF-8; ``legacy`` is the encoding to read
    bytes that are not UTF-8 in.
    """

    def __init__(
        self,
        open_chunks: Callable[[], Iterator[str]],
        encoding: str,
        open_bytes: Callable[[], Iterator[bytes]] | None = None,
        legacy: str = WESTERN,
    ) -> None:
        self._open_chunks = open_chunks
        self._open_bytes = open_bytes
        self.encoding = encoding
        self.legacy = legacy

    @classmethod
    def from_string(cls, text: str) -> TextSource:
        def chunks() -> Iterator[str]:
            for start in range(0, len(text), PIECE_CHARS):
                yield text[start : start + PIECE_CHARS]

        return cls(chunks, "")

    def chunks(self) -> Iterator[str]:
        return self._open_chunks()

    def byte_chunks(self) -> Iterator[bytes]:
        if self._open_bytes is not None:
            return self._open_bytes()
        return (chunk.encode("utf-8", errors="surrogateescape") for chunk in self.chunks())

    def head(self, chars: int) -> str:
        """The first ``chars`` characters (fewer when the text is shorter)."""
        parts: list[str] = []
        size = 0
        for chunk in self.chunks():
            parts.append(chunk[: chars - size])
            size += len(parts[-1])
            if size >= chars:
                break
        return "".join(parts)

    def is_blank(self) -> bool:
        return not any(chunk.strip() for chunk in self.chunks())

    def lines(self) -> Iterator[tuple[str, str | None]]:
        """The text line by line, see ``split_lines``."""
        return split_lines(self.chunks())


def open_text(stream: BinaryIO) -> TextSource:
    """The text of a seekable binary stream, its encoding found as ``detect_encoding`` says."""
    encoding, skip = detect_encoding(stream)

    def chunks() -> Iterator[str]:
        stream.seek(skip)
        if encoding == WESTERN:
            while block := stream.read(CHUNK_BYTES):
                yield block.decode("latin-1").translate(_LATIN1_TO_CP1252)
            return
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        while block := stream.read(CHUNK_BYTES):
            if text := decoder.decode(block):
                yield text
        if text := decoder.decode(b"", final=True):
            yield text

    def byte_chunks() -> Iterator[bytes]:
        stream.seek(skip)
        while block := stream.read(CHUNK_BYTES):
            yield block

    if encoding.startswith(("utf-16", "utf-32")):
        return TextSource(chunks, encoding)
    legacy = WESTERN if encoding == "utf-8" else encoding
    return TextSource(chunks, encoding, byte_chunks, legacy)


def decode_legacy(data: bytes, encoding: str) -> str:
    """Bytes in a legacy encoding as text; Windows-1252 reads every byte (see below)."""
    if encoding == WESTERN:
        return data.decode("latin-1").translate(_LATIN1_TO_CP1252)
    return data.decode(encoding, errors="replace")


# Translators: an encoding's name, then what it is used for.
_LABELS = {
    WESTERN: N_("Windows-1252 (Western European)"),
    "cp932": N_("Shift-JIS (Japanese)"),
    "euc_jp": N_("EUC-JP (Japanese)"),
    "gb18030": N_("GB18030 (Chinese)"),
    "big5hkscs": N_("Big5 (Traditional Chinese)"),
    "cp949": N_("EUC-KR (Korean)"),
    "utf-16-le": N_("UTF-16 (little-endian, no byte-order mark)"),
    "utf-16-be": N_("UTF-16 (big-endian, no byte-order mark)"),
    "cp1250": N_("Windows-1250 (Central European)"),
    "cp1251": N_("Windows-1251 (Cyrillic)"),
    "koi8_r": N_("KOI8-R (Russian)"),
    "cp1253": N_("Windows-1253 (Greek)"),
    "cp1255": N_("Windows-1255 (Hebrew)"),
    "cp1256": N_("Windows-1256 (Arabic)"),
    "cp874": N_("Windows-874 (Thai)"),
}


def encoding_label(encoding: str) -> str:
    """An encoding as the user reads it: "Windows-1252 (Western European)"."""
    label = _LABELS.get(encoding)
    return _(label) if label is not None else encoding


def detect_encoding(stream: BinaryIO) -> tuple[str, int]:
    """The encoding of a stream's bytes, and how many bytes of byte-order mark to skip.

    A byte-order mark decides; without one, UTF-16 is recognised by its zero
    bytes, then strict UTF-8 is tried over the whole stream (a piece at a time),
    and anything else is Windows-1252 (with Latin-1 for the five bytes
    Windows-1252 leaves undefined).
    """
    stream.seek(0)
    sample = stream.read(4096)
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding, len(bom)
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        return ("utf-16-le" if odd_zeros > even_zeros else "utf-16-be"), 0
    stream.seek(0)
    if _is_utf8(stream):
        return "utf-8", 0
    return _guess_legacy(stream), 0


class UnreadableEncoding(ValueError):
    """The bytes are in an encoding found but not read right: the message names it."""


# Encodings whose bytes show themselves: a guess of one is checked against the whole file.
_MULTIBYTE = {"cp932", "euc_jp", "gb18030", "big5hkscs", "cp949", "utf-16-le", "utf-16-be"}
# A guess named by charset-normalizer, as the codec read: each a superset of the named one.
_SUPERSETS = {
    "shift_jis": "cp932",
    "shift_jis_2004": "cp932",
    "shift_jisx0213": "cp932",
    "euc_jis_2004": "euc_jp",
    "euc_jisx0213": "euc_jp",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "hz": "gb18030",
    "big5": "big5hkscs",
    "euc_kr": "cp949",
    "johab": "cp949",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
}
SAMPLE_BYTES = 64 * 1024


def _guess_legacy(stream: BinaryIO) -> str:
    """The encoding of a stream that is not UTF-8, from a sample of its lines that are not.

    Windows-1252 unless charset-normalizer finds text in another script: a
    short Western sample is as likely to be guessed Hungarian as German, while
    Japanese, Chinese, Korean or Cyrillic text shows itself. A multi-byte guess
    must read the whole file; else UnreadableEncoding says what was found.
    """
    from charset_normalizer import from_bytes  # loaded only when a file needs it
    from charset_normalizer.md import mess_ratio

    stream.seek(0)
    head = stream.read(SAMPLE_BYTES)
    best = from_bytes(head).best()
    if best is not None and best.encoding.startswith("utf_16") and "\n" in str(best):
        return _checked(stream, _SUPERSETS[best.encoding])
    stream.seek(0)
    sample = _not_utf8_lines(stream)
    best = from_bytes(sample).best()
    if best is not None and not best.encoding.startswith(("utf_", "ascii")):
        encoding = _SUPERSETS.get(best.encoding, best.encoding)
        if encoding in _MULTIBYTE:
            return _checked(stream, encoding)
        letters = [c for c in str(best) if not c.isascii() and c.isalpha()]
        latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
        if letters and latin * 2 < len(letters):
            return encoding  # Cyrillic, Greek, Hebrew, Arabic, Thai, ... in a one-byte code page
    # Western text reads as Windows-1252 with hardly a symbol out of place; other bytes
    # (a Japanese file with a damaged character, say) read as a jumble of symbols.
    # (Not a text file at all is said by its reader.)
    western = decode_legacy(sample, WESTERN)
    if not is_binary(western) and mess_ratio(western, 1.0) > _MESS:
        raise UnreadableEncoding(_unreadable(sample))
    return WESTERN


_MESS = 0.2


def _unreadable(sample: bytes) -> str:
    """Why a file is refused: what its bytes look like, and what to do."""
    found = ""
    fewest = len(sample) // 20  # a guess is named when most of the sample reads in it
    for encoding in ("cp932", "gb18030", "big5hkscs", "cp949", "euc_jp"):
        lost = sample.decode(encoding, errors="replace").count("\ufffd")
        if lost < fewest:
            fewest, found = lost, encoding
    if not found:
        return _(
            "this file is not UTF-8, and its text is in no encoding FollowUp Desktop can "
            "tell: nothing was imported from it. Save it as UTF-8 and import it again"
        )
    return _(
        "this file is not UTF-8, and its text looks like {encoding}, but not all of it "
        "reads as that: nothing was imported from it. Save it as UTF-8 and import it again"
    ).format(encoding=encoding_label(found))


def _not_utf8_lines(stream: BinaryIO) -> bytes:
    """Up to SAMPLE_BYTES of the stream's lines that are not UTF-8."""
    sample = bytearray()
    carry = b""

    def take(line: bytes) -> None:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            sample.extend(line[:SAMPLE_BYTES] + b"\n")

    while len(sample) < SAMPLE_BYTES and (block := stream.read(CHUNK_BYTES)):
        lines = (carry + block).split(b"\n")
        carry = lines.pop()[:SAMPLE_BYTES]  # a sample needs no more of a line
        for line in lines:
            take(line)
    take(carry)
    return bytes(sample[:SAMPLE_BYTES])


def _checked(stream: BinaryIO, encoding: str) -> str:
    """``encoding`` when the whole stream reads in it, else UnreadableEncoding."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        while block := stream.read(CHUNK_BYTES):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        stream.seek(0)
        raise UnreadableEncoding(_unreadable(stream.read(SAMPLE_BYTES))) from None
    return encoding


# A line break and the space or tab that folds a vCard line: some writers fold
# inside a character, so the bytes are judged with the folds taken out.
_FOLD = re.compile(rb"(?:\r\n|\r|\n)[ \t]")


def _is_utf8(stream: BinaryIO) -> bool:
    """True when the rest of the stream is UTF-8 (once vCard line folds are taken out)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    carry = b""
    try:
        while block := stream.read(CHUNK_BYTES):
            block = carry + block
            # A break at the end may be folded by the next block's first byte.
            kept = len(block.rstrip(b"\r\n"))
            block, carry = block[:kept], block[kept:]
            decoder.decode(_FOLD.sub(b"", block))
        decoder.decode(_FOLD.sub(b"", carry), final=True)
    except UnicodeDecodeError:
        return False
    return True


# Latin-1 reads every byte; Windows-1252 differs only in 0x80-0x9F (five stay undefined).
_LATIN1_TO_CP1252 = {
    b: bytes([b]).decode("cp1252")
    for b in range(0x80, 0xA0)
    if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def split_lines(chunks: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """The lines of the text in ``chunks`` (broken at CR LF, CR or LF), without
    holding more than a piece of any line.

    Each line comes as one or more ``(text, end)`` pieces of at most PIECE_CHARS:
    ``end`` is None for a piece the line goes on after, else the line break
    that ends it ("" for the last line, which is there, maybe empty, as in
    ``re.split``).
    """
    return _split(chunks, _LINE_BREAK, "\r", "")


def split_byte_lines(chunks: Iterable[bytes]) -> Iterator[tuple[bytes, bytes | None]]:
    """``split_lines`` for bytes, for a reader that decodes a line only once it is whole."""
    return _split(chunks, _BYTE_LINE_BREAK, b"\r", b"")


def _split(
    chunks: Iterable[AnyStr], line_break: re.Pattern[AnyStr], cr: AnyStr, empty: AnyStr
) -> Iterator[tuple[AnyStr, AnyStr | None]]:
    """``split_lines``'s work, for text and bytes alike."""
    carry = empty
    for chunk in chunks:
        if not chunk:
            continue
        text = carry + chunk
        # A CR at the end may be the first half of a CR LF split between two chunks.
        held = cr if text.endswith(cr) else empty
        if held:
            text = text[:-1]
        parts = line_break.split(text)
        carry = parts.pop() + held
        for index in range(0, len(parts), 2):
            line = parts[index]
            while len(line) > PIECE_CHARS:
                yield line[:PIECE_CHARS], None
                line = line[PIECE_CHARS:]
            yield line, parts[index + 1]
        while len(carry) > PIECE_CHARS:
            yield carry[:PIECE_CHARS], None
            carry = carry[PIECE_CHARS:]
    if carry.endswith(cr):
        yield carry[:-1], cr
        carry = empty
    yield carry, empty


def is_binary(text: str) -> bool:
    """True for text that is plainly not a text file (control characters, NULs)."""
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n\f\v")
    return "\x00" in sample or controls > len(sample) // 20 or sample.count("\ufffd") > 8
