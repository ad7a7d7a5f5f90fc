"""CPR and CVR numbers, wrapping python-stdnum.

stdnum's CPR validation checks the digits and the embedded birth date, not
the old modulus-11 rule: correct, since numbers issued after 2007 may fail
it. Do not add a checksum rule here.
"""

from __future__ import annotations

import re
from datetime import date

from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError

# A CPR number whose digits hold a birth date from 1900 on, with or without a
# hyphen or a space before the serial number: the API's schema states it.
# The seventh digit sets the century (stdnum.dk.cpr.get_birth_date): with 5-8
# the years 58-99 are 1858-1899, refused; 29 February needs a leap year, and
# "00" is 2000 (a leap year) only with a seventh digit of 4-9. A unit test holds
# it to stdnum.
_DAY_MONTH = (r"(?:0[1-9]|1[0-9]|2[0-8])(?:0[1-9]|1[0-2])"
              r"|(?:29|30)(?:0[13-9]|1[0-2])"
              r"|31(?:0[13578]|1[02])")
_SEPARATOR = r"(?: ?- ?| )?"
CPR_PATTERN = (
    r"^(?:"
    rf"(?:{_DAY_MONTH})(?:[0-4][0-9]|5[0-7]){_SEPARATOR}[0-9]"
    rf"|(?:{_DAY_MONTH})(?:5[89]|[6-9][0-9]){_SEPARATOR}[0-49]"
    rf"|2902(?:0[48]|[135][26]|[24][048]){_SEPARATOR}[0-9]"
    rf"|2902(?:[68][048]|[79][26]){_SEPARATOR}[0-49]"
    rf"|290200{_SEPARATOR}[4-9]"
    r")[0-9]{3}$"
)
# The same shape with any six digits first: tells "not a CPR number" apart from
# "a CPR number whose digits hold no birth date".
CPR_SHAPE = rf"^[0-9]{{6}}{_SEPARATOR}[0-9]{{4}}$"


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


def cpr_sex(cpr: str) -> str:
    """"female" or "male" as a (parsed) CPR number's last digit says (odd:
    male). Stored beside the encrypted number, so that a count by sex needs
    no decryption; never the number itself."""
    return "male" if int(cpr[-1]) % 2 else "female"


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


# Ten digits as a CPR number is written (DDMMYY-SSSS, with or without the
# hyphen or a space), not part of a longer number.
CPR_SHAPED = re.compile(r"(?<!\d)\d{6}[- ]?\d{4}(?!\d)")
CPR_MASK = "XXXXXX-XXXX"


def mask_cpr_numbers(text: str) -> str:
    """Every CPR-shaped number in free text masked: the last guard before a
    text leaves the system (an e-mail) or is kept beside it (an audit event)."""
    return CPR_SHAPED.sub(CPR_MASK, text)
