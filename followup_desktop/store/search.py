"""The text a prospect is found by: one case-folded column, searched with LIKE."""

from __future__ import annotations

import re
from collections.abc import Iterable

_NOT_DIGIT = re.compile(r"\D+")


def fold(text: str) -> str:
    """Case-folded text; SQLite's own lower() only knows ASCII."""
    return text.casefold()


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
