"""The text a prospect is found by, and the key names sort by: folded for case
and accents, so that "lukasz" finds Łukasz and Łukasz sorts among the L's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NOT_DIGIT = re.compile(r"\D+")
# Letters that are not a base letter plus a combining mark, so NFKD keeps them.
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)


def fold(text: str) -> str:
    """Text folded for case and accents (Müller, MÜLLER and muller match); SQLite's
    own lower() only knows ASCII."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def sort_key_for(name: str) -> str:
    """What names sort by: folded, so that accents do not move a name out of its letter."""
    return fold(name).strip()


def search_text_for(
    name: str,
    company: str,
    title: str,
    emails: Iterable[str],
    phones: Iterable[str],
    tags: Iterable[str],
    notes: str,
    city: str,
) -> str:
    phones = list(phones)
    digits = [_NOT_DIGIT.sub("", p) for p in phones]
    parts = [name, company, title, *emails, *phones, *digits, *("#" + t for t in tags), city, notes]
    return fold("\n".join(p for p in parts if p))


def like_pattern(fragment: str) -> str:
    """A LIKE pattern matching ``fragment`` anywhere, with wildcards escaped (ESCAPE '\\')."""
    escaped = fold(fragment).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
