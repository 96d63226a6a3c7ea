"""Why prospects said No, in a few kinds (rule 7: a No is data).

The seller writes the reason in their own words; the kind is read from them,
in this order, so that "Budget frozen until next year" is about budget and
"Timing: revisit after the merger" is about timing:

1. the word *timing* (or "not the right time", "bad time", "not now");
2. budget or price words;
3. a competitor or an in-house solution;
4. no need, no longer a priority, no interest;
5. other words about time ("next year", "later", "on hold", "revisit" ...);
6. anything else is *other*; an empty reason is *not recorded*.
"""

from __future__ import annotations

import re
from enum import StrEnum


class LostReasonKind(StrEnum):
    TIMING = "timing"
    BUDGET = "budget"
    COMPETITOR = "competitor"
    NO_NEED = "no_need"
    OTHER = "other"
    NOT_RECORDED = "not_recorded"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    LostReasonKind.TIMING: "Timing",
    LostReasonKind.BUDGET: "Budget or price",
    LostReasonKind.COMPETITOR: "Chose someone else",
    LostReasonKind.NO_NEED: "No need or priority",
    LostReasonKind.OTHER: "Other",
    LostReasonKind.NOT_RECORDED: "Not recorded",
}


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")", re.IGNORECASE)


_RULES: tuple[tuple[LostReasonKind, re.Pattern[str]], ...] = (
    (
        LostReasonKind.TIMING,
        _words(r"timing", r"not the right time", r"bad time", r"not now", r"wrong time"),
    ),
    (
        LostReasonKind.BUDGET,
        _words(r"budget", r"price", r"pricing", r"cost", r"expensive", r"afford", r"money"),
    ),
    (
        LostReasonKind.COMPETITOR,
        _words(
            r"competitor",
            r"someone else",
            r"another (?:vendor|provider|supplier|firm)",
            r"in-house",
            r"internal",
            r"went with",
            r"chose",
        ),
    ),
    (
        LostReasonKind.NO_NEED,
        _words(r"no need", r"priority", r"not interested", r"no interest", r"no longer need"),
    ),
    (
        LostReasonKind.TIMING,
        _words(
            r"next (?:year|quarter|month|spring|summer|autumn|fall|winter)",
            r"later",
            r"on hold",
            r"revisit",
            r"postpone",
            r"too early",
            r"too soon",
            r"after the",
        ),
    ),
)


def reason_kind(reason: str) -> LostReasonKind:
    """The kind of a lost reason, by the rules in this module's docstring."""
    text = reason.strip()
    if not text:
        return LostReasonKind.NOT_RECORDED
    for kind, pattern in _RULES:
        if pattern.search(text):
            return kind
    return LostReasonKind.OTHER


def is_timing(reason: str) -> bool:
    """A "not now" rather than a "no": such prospects are worth reviving later."""
    return reason_kind(reason) is LostReasonKind.TIMING
