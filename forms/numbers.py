"""Amounts and hours typed the Danish way: 12.132,00 kr., 12132, 72,50 or 37."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import StopValidation

from igu_admin.inputs.typed_text import parse_danish_decimal  # the pages and the import read alike


def danish_decimal(value: Decimal) -> str:
    """How an amount is shown back in its field: 12.132,00."""
    whole, _, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents}"


class DecimalTextField(StringField):
    """A number typed as text. What was typed is kept and shown again on
    error; `data` is a Decimal or None."""

    def __init__(self, *args: Any, format_message: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.raw_text = ""
        self.parse_failed = False
        self.format_message = format_message or _l(
            "Enter a number, for example 12.132,00 or 72,50.")

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, Decimal) else None

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw_text = valuelist[0] if valuelist else ""
        self.data, self.parse_failed = None, False
        if not self.raw_text.strip():
            return
        try:
            self.data = parse_danish_decimal(self.raw_text)
        except ValueError:
            self.parse_failed = True

    def pre_validate(self, form: Any) -> None:
        if self.parse_failed:
            raise StopValidation(str(self.format_message))

    def _value(self) -> str:
        if self.raw_text:
            return self.raw_text
        return danish_decimal(self.data) if isinstance(self.data, Decimal) else ""

    def api_value(self) -> str | None:
        """The decimal string the API takes ("12132.00"), or None if empty or wrong."""
        return None if self.data is None or self.errors else f"{self.data:.2f}"
