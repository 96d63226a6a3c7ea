"""Why prospects said No, in a few kinds (rule 7: a No is data).

The seller writes the reason in their own words; the kind is read from them,
in this order, so that "Budget frozen until next year" is about budget and
"Timing: revisit after the merger" is about timing (German words count too:
"zu teuer", "Konkurrenz", "kein Bedarf", "nächstes Jahr"):

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

from followup_desktop.i18n import pgettext


class LostReasonKind(StrEnum):
    TIMING = "timing"
    BUDGET = "budget"
    COMPETITOR = "competitor"
    NO_NEED = "no_need"
    OTHER = "other"
    NOT_RECORDED = "not_recorded"

    @property
    def label(self) -> str:
        """The kind's name as the report shows it, in the user's language."""
        return _labels()[self]


def _labels() -> dict[LostReasonKind, str]:
    return {
        LostReasonKind.TIMING: pgettext("lost reason", "Timing"),
        LostReasonKind.BUDGET: pgettext("lost reason", "Budget or price"),
        LostReasonKind.COMPETITOR: pgettext("lost reason", "Chose someone else"),
        LostReasonKind.NO_NEED: pgettext("lost reason", "No need or priority"),
        LostReasonKind.OTHER: pgettext("lost reason", "Other"),
        LostReasonKind.NOT_RECORDED: pgettext("lost reason", "Not recorded"),
    }


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")", re.IGNORECASE)


_RULES: tuple[tuple[LostReasonKind, re.Pattern[str]], ...] = (
    (
        LostReasonKind.TIMING,
        _words(
            r"timing",
            r"not the right time",
            r"bad time",
            r"not now",
            r"wrong time",
            r"zeitpunkt",
            r"nicht jetzt",
        ),
    ),
    (
        LostReasonKind.BUDGET,
        _words(
            r"budget",
            r"price",
            r"pricing",
            r"cost",
            r"expensive",
            r"afford",
            r"money",
            r"preis",
            r"kosten",
            r"zu teuer",
            r"teuer",
            r"geld",
        ),
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
            r"wettbewerb",
            r"mitbewerber",
            r"konkurren",
            r"andere[nmr]? (?:anbieter|dienstleister|berater|lieferanten)",
            r"intern(?:e[nmrs]?)?\b",
            r"inhouse",
            r"entschieden für",
        ),
    ),
    (
        LostReasonKind.NO_NEED,
        _words(
            r"no need",
            r"priority",
            r"not interested",
            r"no interest",
            r"no longer need",
            r"keine?n? bedarf",
            r"priorit",
            r"kein interesse",
            r"nicht interessiert",
        ),
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
            r"nächste[snm]? (?:jahr|quartal|monat|frühjahr|frühling|sommer|herbst|winter)",
            r"später",
            r"auf eis",
            r"verschoben",
            r"verschieben",
            r"zu früh",
            r"nach (?:der|dem|den)\b",
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
