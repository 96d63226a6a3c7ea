"""Reading the values a user types: amounts and names."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from followup_desktop.domain.errors import DomainError
from followup_desktop.i18n import _

MAX_AMOUNT = Decimal("1000000000000")  # a trillion: beyond it, a typing mistake


def parse_amount(text: str, decimal_mark: str = ".") -> Decimal:
    """A deal value: a non-negative amount with at most two decimal places.

    ``decimal_mark`` is the user's locale's ("," in German: "1.234,56"); the
    other mark, spaces and apostrophes group the thousands and are left out.
    """
    grouping = "," if decimal_mark == "." else "."
    cleaned = text.strip()
    for mark in (grouping, "_", " ", "\u00a0", "\u202f", "'"):
        cleaned = cleaned.replace(mark, "")
    cleaned = cleaned.replace(decimal_mark, ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise DomainError(_("{text} is not an amount.").format(text=repr(text))) from None
    if not value.is_finite() or value < 0 or value >= MAX_AMOUNT:
        raise DomainError(
            _("{text} is not an amount between 0 and {maximum}.").format(
                text=repr(text), maximum=f"{MAX_AMOUNT:,}"
            )
        )
    if value != value.quantize(Decimal("0.01")):
        raise DomainError(_("{text} has more than two decimal places.").format(text=repr(text)))
    return value.quantize(Decimal("0.01"))


def clean_line(text: str) -> str:
    """One line of text: runs of spaces, tabs and line breaks become one space."""
    return " ".join(text.split())
