"""Amounts and hours typed as Danes write them."""

from decimal import Decimal

import pytest

from forms.numbers import danish_decimal, parse_danish_decimal


@pytest.mark.parametrize(("typed", "value"), [
    ("12.132,00", "12132.00"),
    ("12132,00", "12132.00"),
    ("12132", "12132.00"),
    ("12.132", "12132.00"),
    ("1.234.567,5", "1234567.50"),
    ("72,50", "72.50"),
    ("72.50", "72.50"),
    ("37", "37.00"),
    ("32,5", "32.50"),
    (" 12.132,00 kr. ", "12132.00"),
    ("12 132,00", "12132.00"),
    ("12\u00a0132,00 DKK", "12132.00"),
])
def test_danish_and_plain_numbers_are_read(typed: str, value: str) -> None:
    assert parse_danish_decimal(typed) == Decimal(value)


@pytest.mark.parametrize("typed", [
    "", "abc", "-5", "12,345", "1,2,3", "12.13.14", "1e5", "72,505", "12.1322", "nan",
    "1" * 40,
])
def test_anything_else_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_danish_decimal(typed)


@pytest.mark.parametrize(("value", "shown"), [
    ("12132", "12.132,00"), ("72.5", "72,50"), ("1234567.89", "1.234.567,89"), ("0", "0,00"),
])
def test_amounts_are_shown_back_the_danish_way(value: str, shown: str) -> None:
    assert danish_decimal(Decimal(value)) == shown
