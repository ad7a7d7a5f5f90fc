"""Dates and numbers as people type them here, read the same by every door
that takes typed text: the pages' fields (forms/) and the import of a
municipality's file (inputs/course_import). Pure: text in, a value or a
ValueError out; each door words the error."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

_DANISH = re.compile(r"^(\d{1,2})[.\-/ ](\d{1,2})[.\-/ ](\d{4})$", re.ASCII)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{4})$", re.ASCII)


def parse_date_text(text: str) -> date:
    """Read a date as people write it here: 1.3.2024, 01-03-2024, 01032024 or 2024-03-01.

    Raises ValueError("format") for another shape, and date's own ValueError
    for a day that does not exist."""
    text = text.strip()
    if m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := (_DANISH.match(text) or _COMPACT.match(text)):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise ValueError("format")
    return date(year, month, day)


# A dot followed by three digits separates thousands (12.132); a comma is the
# decimal mark. A dot before one or two final digits is read as a decimal mark
# too (72.50), as people copy figures from English pages.
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$", re.ASCII)
_PLAIN = re.compile(r"^\d+([,.]\d{1,2})?$", re.ASCII)
_CURRENCY = re.compile(r"\s*(kr\.?|dkk)\s*$", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_danish_decimal(text: str) -> Decimal:
    """A non-negative number with at most two decimals; raises ValueError."""
    cleaned = _SPACES.sub("", _CURRENCY.sub("", text.strip()))
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _PLAIN.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    else:
        raise ValueError("format")
    try:
        return Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation:  # too many digits for the context
        raise ValueError("format") from None
