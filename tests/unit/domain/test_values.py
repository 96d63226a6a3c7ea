from __future__ import annotations

from decimal import Decimal

import pytest

from followup_desktop.domain.errors import DomainError
from followup_desktop.domain.values import clean_line, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1500", "1500.00"), (" 12,500.5 ", "12500.50"), ("0", "0.00"), ("99.99", "99.99")],
)
def test_amounts(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lots", "is not an amount"),
        ("NaN", "between 0"),
        ("Infinity", "between 0"),
        ("-5", "between 0"),
        ("1e30", "between 0"),
        ("12.345", "two decimal places"),
    ],
)
def test_bad_amounts_are_refused(text: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        parse_amount(text)


def test_clean_line_folds_whitespace() -> None:
    assert clean_line("  Line1\nLine2\t end ") == "Line1 Line2 end"
