"""CPR and CVR numbers, wrapping python-stdnum.

stdnum's CPR validation checks the digits and the embedded birth date, not
the old modulus-11 rule: correct, since numbers issued after 2007 may fail
it. Do not add a checksum rule here.
"""

from __future__ import annotations

from datetime import date

from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError


class IdentifierError(ValueError):
    """The number is not a valid CPR or CVR number; `reason` is a stable code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_ascii_digits(text: str) -> bool:
    """0-9 only: str.isdigit() also accepts superscripts and Arabic-Indic digits."""
    return text.isascii() and text.isdigit()


def parse_cpr(raw: str) -> str:
    """Return the CPR number as 10 digits; accepts spaces and a hyphen.

    A birth date in the future is refused (stdnum: "not born yet").
    """
    cleaned = "".join(raw.split()).replace("-", "")
    if len(cleaned) != 10 or not is_ascii_digits(cleaned):
        raise IdentifierError("cpr_format")
    try:
        stdnum_cpr.get_birth_date(cleaned)
    except (ValidationError, ValueError) as exc:
        raise IdentifierError("cpr_date") from exc
    return cleaned


def cpr_birth_date(cpr: str) -> date:
    """The birth date a (parsed) CPR number encodes, century included."""
    return stdnum_cpr.get_birth_date(cpr)


def mask_cpr(cpr: str) -> str:
    """DDMMYY-XXXX: the birth date part only."""
    return f"{cpr[:6]}-XXXX"


def format_cpr(cpr: str) -> str:
    return f"{cpr[:6]}-{cpr[6:]}"


def parse_cvr(raw: str) -> str:
    """Return the CVR number as 8 digits (modulus-11 checked)."""
    try:
        return stdnum_cvr.validate(raw)
    except (ValidationError, ValueError) as exc:
        raise IdentifierError("cvr_invalid") from exc
