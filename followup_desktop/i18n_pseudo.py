"""The pseudo-language: English made visibly foreign, for tests.

"Save" becomes "⟦Šàvé··⟧": accented, bracketed and about 30 % longer (the
padding dots add a third of the text's characters, brackets aside; on screen
that is about as much wider as German is). A string that reaches the screen
without brackets was never translated; a string whose closing bracket is cut
off does not fit its widget.

Placeholders (``{name}``, ``%s``, ``%(count)d``, Qt's ``%1``), HTML tags and
entities are left alone so the strings still format, and so is the letter
after a mnemonic's ``&`` (Alt+S still presses "&Save"). A date pattern
(context "date pattern": "d MMM yyyy") keeps its letters, which are the
pattern's fields, and is only bracketed and padded.
"""

from __future__ import annotations

import gettext
import re

OPEN = "⟦"
CLOSE = "⟧"
PAD = "·"
#: The padding, as a share of the characters a message shows (placeholders aside).
LONGER_BY = 0.3

_ACCENTS = str.maketrans(
    "AaCcDdEeGgIiLlNnOoRrSsTtUuYyZz",
    "ÀàÇçĎďÉéĜĝÎîĹĺÑñÖöŔŕŠšŤťÛûÝýŽž",
)
# Pieces that must survive untouched: format fields, printf conversions, Qt's
# numbered arguments, entities (before a lone "&"), mnemonics with their letter,
# and tags.
_KEEP = re.compile(
    r"\{[^{}]*\}"
    r"|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]"
    r"|%\d+"
    r"|&#?\w+;"
    r"|&&"
    r"|&\w?"
    r"|<[^>]*>"
)


def pseudo(message: str, *, accents: bool = True) -> str:
    """``message`` in the pseudo-language (``accents``: False keeps every letter,
    for a message whose letters mean something, like a date pattern's).

    Each line is bracketed and padded on its own, so that a multi-line text
    shows clipping on every line.
    """
    return "\n".join(_line(line, accents) if line else line for line in message.split("\n"))


def _line(text: str, accents: bool) -> str:
    parts: list[str] = []
    last = 0
    shown = 0
    for match in _KEEP.finditer(text):
        words = text[last : match.start()]
        parts.append(words.translate(_ACCENTS) if accents else words)
        shown += len(words)
        parts.append(match.group(0))
        last = match.end()
    tail = text[last:]
    parts.append(tail.translate(_ACCENTS) if accents else tail)
    shown += len(tail)
    padding = PAD * max(1, round(shown * LONGER_BY))
    return f"{OPEN}{''.join(parts)}{padding}{CLOSE}"


def _keeps_letters(context: str) -> bool:
    """A context ("date pattern") whose messages' letters are fields, not words."""
    return "pattern" in context


class PseudoTranslations(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message, accents=not _keeps_letters(context))

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2, accents=not _keeps_letters(context))
