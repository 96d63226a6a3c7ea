"""The pseudo-language: English made visibly foreign, for tests.

"Save" becomes "⟦Šàvé··⟧": accented, bracketed and about 30 % longer. A
string that reaches the screen without brackets was never translated; a
string whose closing bracket is cut off does not fit its widget.
Placeholders (``{name}``, ``%s``, ``%(count)d``), ``&`` mnemonics and HTML
tags are left alone so the strings still format.
"""

from __future__ import annotations

import gettext
import re

OPEN = "⟦"
CLOSE = "⟧"
PAD = "·"

_ACCENTS = str.maketrans(
    "AaCcDdEeGgIiLlNnOoRrSsTtUuYyZz",
    "ÀàÇçĎďÉéĜĝÎîĹĺÑñÖöŔŕŠšŤťÛûÝýŽž",
)
# Pieces that must survive untouched: format fields, printf conversions,
# mnemonics' ampersands, tags, and entities.
_KEEP = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]|&&|&|<[^>]*>|&\w+;")


def pseudo(message: str) -> str:
    """``message`` in the pseudo-language."""
    if not message:
        return message
    parts: list[str] = []
    last = 0
    letters = 0
    for match in _KEEP.finditer(message):
        plain = message[last : match.start()]
        parts.append(plain.translate(_ACCENTS))
        letters += sum(ch.isalpha() for ch in plain)
        parts.append(match.group(0))
        last = match.end()
    tail = message[last:]
    parts.append(tail.translate(_ACCENTS))
    letters += sum(ch.isalpha() for ch in tail)
    padding = PAD * max(1, round(letters * 0.3))
    # Keep line structure: bracket each line, so a multi-line text shows
    # clipping on every line.
    body = "".join(parts)
    lines = body.split("\n")
    return "\n".join(f"{OPEN}{line}{padding}{CLOSE}" if line else line for line in lines)


class PseudoTranslations(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)
