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
    ("text", "mark", "expected"),
    [
        ("1.234,56", ",", "1234.56"),  # German
        ("1 234,5", ",", "1234.50"),  # French, with a space between thousands
        ("12\u202f500,75", ",", "12500.75"),  # a narrow no-break space, as CLDR writes it
        ("1'234.50", ".", "1234.50"),  # Swiss
        ("2500", ",", "2500.00"),
    ],
)
def test_amounts_in_the_users_locale(text: str, mark: str, expected: str) -> None:
    assert parse_amount(text, mark) == Decimal(expected)


def test_the_other_mark_only_groups_thousands() -> None:
    assert parse_amount("1,5") == Decimal("15.00")  # a point locale: the comma groups
    with pytest.raises(DomainError, match="two decimal places"):
        parse_amount("0,125", ",")


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
