"""Reading the values a user types: amounts and names."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from followup_desktop.domain.errors import DomainError
from followup_desktop.i18n import _

MAX_AMOUNT = Decimal("1000000000000")  # a trillion: beyond it, a typing mistake


def parse_amount(text: str) -> Decimal:
    """A deal value: a non-negative amount with at most two decimal places."""
    cleaned = text.strip().replace(",", "").replace("_", "")
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
