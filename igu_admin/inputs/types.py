"""Field types for input models: each declares its JSON schema and its check
side by side, so what the API document promises is what the check does.

Use them in `typing.Annotated`: `Annotated[date, IsoDate()]`. A field that may
be left out is annotated `X | None` for Python and given the default None; the
type still refuses an explicit null, and the schema does not offer one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler, field_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from igu_admin.domain.dates import EARLIEST, ISO_DATE_PATTERN, LATEST
from igu_admin.domain.identifiers import (
    CPR_PATTERN,
    CPR_SHAPE,
    IdentifierError,
    parse_cpr,
    parse_cvr,
)


def _error(code: str, **context: Any) -> PydanticCustomError:
    # The English template is a fallback for logs; people see INPUT_ERRORS[code].
    return PydanticCustomError(code, code, context or None)


def _refuse_null(value: Any) -> None:
    if value is None:
        raise _error("null")


class _PlainType:
    """A plain check (no coercion by pydantic) plus its own schema."""

    def check(self, value: Any) -> Any:
        raise NotImplementedError

    def json_schema(self) -> JsonSchemaValue:
        raise NotImplementedError

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(self, schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return self.json_schema()


_DATE_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ISO_DATE = re.compile(ISO_DATE_PATTERN)


@dataclass(frozen=True)
class IsoDate(_PlainType):
    """A date written YYYY-MM-DD within the range of dates.EARLIEST..LATEST."""

    description: str = ""

    def check(self, value: Any) -> date:
        _refuse_null(value)
        if not isinstance(value, str) or not _DATE_SHAPE.fullmatch(value):
            raise _error("date_format")
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise _error("date_invalid") from None
        if not EARLIEST <= parsed <= LATEST:
            raise _error("date_range")
        return parsed

    def json_schema(self) -> JsonSchemaValue:
        range_note = f"From {EARLIEST.isoformat()} to {LATEST.isoformat()}."
        return {"type": "string", "format": "date", "pattern": _ISO_DATE.pattern,
                "description": f"{self.description} {range_note}".strip(),
                "examples": ["2024-03-01"]}


_CPR = re.compile(CPR_PATTERN)
_CPR_SHAPE = re.compile(CPR_SHAPE)


@dataclass(frozen=True)
class CprNumber(_PlainType):
    """A CPR number with or without a hyphen or space; gives the 10 digits."""

    def check(self, value: Any) -> str:
        _refuse_null(value)
        if not isinstance(value, str) or not _CPR_SHAPE.fullmatch(value):
            raise _error("cpr_format")
        if not _CPR.fullmatch(value):
            raise _error("cpr_date")
        try:
            return parse_cpr(value)
        except IdentifierError as exc:  # the pattern says no; kept in case they part
            raise _error(exc.reason) from None

    def json_schema(self) -> JsonSchemaValue:
        return {"type": "string", "pattern": _CPR.pattern,
                "description": "DDMMYY-SSSS; the hyphen, or a space, may be left out. The first "
                               "six digits and the seventh must hold a birth date from 1900 "
                               "on. Numbers failing the old modulus-11 check are valid.",
                "examples": ["010190-1234"]}


# 8 digits, spaces allowed between them, and the "DK" prefix of a VAT number.
_CVR_SHAPE = re.compile(r"^(?:DK ?)?(?:[0-9] ?){7}[0-9]$")


@dataclass(frozen=True)
class CvrNumber(_PlainType):
    """A CVR number (modulus-11 checked); gives the 8 digits."""

    description: str = ""

    def check(self, value: Any) -> str:
        _refuse_null(value)
        if not isinstance(value, str) or not _CVR_SHAPE.fullmatch(value):
            raise _error("cvr_format")
        try:
            return parse_cvr(value.removeprefix("DK").replace(" ", ""))
        except IdentifierError:
            raise _error("cvr_invalid") from None

    def json_schema(self) -> JsonSchemaValue:
        return {"type": "string", "pattern": _CVR_SHAPE.pattern,
                "description": f"{self.description} 8 digits (spaces and a DK prefix are "
                               "allowed) passing the modulus-11 check.".strip(),
                "examples": ["12345674"]}


@dataclass(frozen=True)
class OneOf(_PlainType):
    """A string from a list known only when the app runs (rule sets are data).

    `unknown` is the INPUT_ERRORS code for anything else; its message gets the
    choices as `%(choices)s`.
    """

    choices: Callable[[], Sequence[str]]
    unknown: str
    description: str = ""

    def check(self, value: Any) -> str:
        _refuse_null(value)
        choices = self.choices()
        if not isinstance(value, str) or value not in choices:
            raise _error(self.unknown, choices=", ".join(choices))
        return value

    def json_schema(self) -> JsonSchemaValue:
        schema: JsonSchemaValue = {"type": "string", "enum": list(self.choices())}
        if self.description:
            schema["description"] = self.description
        return schema


# Characters a person cannot have meant to type: control characters (beyond the
# line breaks and tabs of multi-line text), lone surrogates, private-use and
# unassigned code points. None of them can be printed on the agreement.
_LINE_CONTROLS = r"\u0000-\u001f\u007f-\u009f"
_TEXT_CONTROLS = r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
_UNPRINTABLE_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})
_TEXT_WHITESPACE = frozenset("\n\r\t")


@dataclass(frozen=True)
class Text(_PlainType):
    """Text a person types: at most `max_length` characters, no control
    characters (line breaks only where `multiline`). Surrounding white space
    is dropped and line breaks are written "\\n". `required`: it may not be
    empty (nor only white space)."""

    max_length: int
    multiline: bool = False
    description: str = ""
    required: bool = False

    def check(self, value: Any) -> str:
        _refuse_null(value)
        if not isinstance(value, str):
            raise _error("string")
        if len(value) > self.max_length:
            raise _error("too_long", max_length=self.max_length)
        allowed = _TEXT_WHITESPACE if self.multiline else frozenset()
        if any(unicodedata.category(c) in _UNPRINTABLE_CATEGORIES and c not in allowed
               for c in value):
            raise _error("control_characters" if self.multiline else "line_control_characters")
        text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if self.required and not text:
            raise _error("required")
        return text

    def json_schema(self) -> JsonSchemaValue:
        controls = _TEXT_CONTROLS if self.multiline else _LINE_CONTROLS
        schema: JsonSchemaValue = {"type": "string", "maxLength": self.max_length,
                                   "pattern": f"^[^{controls}]*$"}
        note = ("Line breaks are allowed." if self.multiline else "One line.")
        empty = ("Required: not empty, nor only white space." if self.required
                 else "An empty string clears the field.")
        if self.required:
            schema["minLength"] = 1
        schema["description"] = (f"{self.description} {note} Control, private-use and "
                                 f"unassigned characters are refused. {empty}").strip()
        return schema


_EMAIL = re.compile(r"^(?:[^@\s]+@[^@\s]+\.[^@\s]+)?$")
_PHONE = re.compile(r"^[0-9+() -]*$")


@dataclass(frozen=True)
class Email(Text):
    """An e-mail address, or an empty string."""

    max_length: int = 254

    def check(self, value: Any) -> str:
        text = super().check(value)
        if not _EMAIL.fullmatch(text):
            raise _error("email_format")
        return text

    def json_schema(self) -> JsonSchemaValue:
        return {"type": "string", "maxLength": self.max_length, "pattern": _EMAIL.pattern,
                "description": "An e-mail address, or an empty string to clear it.",
                "examples": ["amal@example.org"]}


@dataclass(frozen=True)
class Phone(Text):
    """A telephone number: digits, spaces, +, -, and parentheses, or empty."""

    max_length: int = 30

    def check(self, value: Any) -> str:
        text = super().check(value)
        if not _PHONE.fullmatch(text) or (text and not any(c.isdigit() for c in text)):
            raise _error("phone_format")
        return text

    def json_schema(self) -> JsonSchemaValue:
        return {"type": "string", "maxLength": self.max_length, "pattern": _PHONE.pattern,
                "description": "Digits, spaces, +, - and parentheses, or an empty string.",
                "examples": ["+45 12 34 56 78"]}


@dataclass(frozen=True)
class DecimalString(_PlainType):
    """A decimal number as a string, with a point and at most `places`
    decimals: "37.00". A minus sign is read, so that the rules can say why a
    negative amount is refused instead of calling it malformed."""

    integer_digits: int
    places: int = 2
    description: str = ""

    @property
    def pattern(self) -> str:
        return rf"^-?[0-9]{{1,{self.integer_digits}}}(\.[0-9]{{1,{self.places}}})?$"

    def check(self, value: Any) -> Decimal:
        _refuse_null(value)
        if not isinstance(value, str) or not re.fullmatch(self.pattern, value):
            raise _error("decimal_format", places=self.places)
        return Decimal(value)

    def json_schema(self) -> JsonSchemaValue:
        schema: JsonSchemaValue = {"type": "string", "pattern": self.pattern,
                                   "examples": ["37.00" if self.integer_digits < 4 else "12132.00"]}
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass(frozen=True)
class PositiveDecimal(_PlainType):
    """A number above 0, below 10 ** `integer_digits`, with at most `places`
    decimals: a JSON number (74, 74.5) or a decimal string with a point
    ("74.5"; not "74,5"). Gives a Decimal of the number as written."""

    integer_digits: int
    places: int = 2
    description: str = ""

    @property
    def pattern(self) -> str:
        return rf"^[0-9]{{1,{self.integer_digits}}}(\.[0-9]{{1,{self.places}}})?$"

    @property
    def maximum(self) -> Decimal:
        return Decimal(10) ** self.integer_digits - Decimal(1).scaleb(-self.places)

    def check(self, value: Any) -> Decimal:
        _refuse_null(value)
        number = self._read(value)
        exponent = number.as_tuple().exponent
        if not number.is_finite() or not isinstance(exponent, int) or -exponent > self.places:
            raise _error("number_format", places=self.places)
        if number <= 0:
            raise _error("greater_than", gt=0)
        if number > self.maximum:
            raise _error("at_most", le=self.maximum)
        return number

    def _read(self, value: Any) -> Decimal:
        # bool is an int to Python; JSON's true is not a number.
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        if isinstance(value, float):
            return Decimal(repr(value))  # the shortest text that reads back as the float
        if isinstance(value, str) and re.fullmatch(self.pattern, value):
            return Decimal(value)
        raise _error("number_format", places=self.places)

    def json_schema(self) -> JsonSchemaValue:
        schema: JsonSchemaValue = {"anyOf": [
            {"type": "number", "exclusiveMinimum": 0, "maximum": float(self.maximum)},
            {"type": "string", "pattern": self.pattern}],
            "examples": [74, "74.5"]}
        note = (f"A number above 0 with at most {self.places} decimals: a JSON number or a "
                "string with a point.")
        schema["description"] = f"{self.description} {note}".strip()
        return schema


@dataclass(frozen=True)
class Flag(_PlainType):
    """true or false, nothing else (not 0/1, not "yes")."""

    description: str = ""

    def check(self, value: Any) -> bool:
        _refuse_null(value)
        if not isinstance(value, bool):
            raise _error("boolean")
        return value

    def json_schema(self) -> JsonSchemaValue:
        schema: JsonSchemaValue = {"type": "boolean"}
        if self.description:
            schema["description"] = self.description
        return schema


def _without_null(schema: dict[str, Any]) -> None:
    options = schema.get("anyOf")
    if options is None:
        return
    kept = [option for option in options if option != {"type": "null"}]
    del schema["anyOf"]
    if len(kept) == 1:
        schema.update(kept[0])
    else:
        schema["anyOf"] = kept


def left_out(description: str | None = None) -> Any:
    """The default of a field that may be left out but not sent as null: None
    in Python, and the schema offers no null. (Pair it with a check that
    refuses null, such as a before-validator calling `refuse_null`.)"""
    return Field(default=None, description=description, json_schema_extra=_without_null)


def refuse_null(value: Any) -> Any:
    """A before-validator for every field: null is refused at its path."""
    _refuse_null(value)
    return value


class StrictInput(BaseModel):
    """A request body of the course's later events (extensions, the end, the
    follow-up, amendments): no field it does not declare, no null, and a
    field given by its name or its alias."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_null(cls, value: Any) -> Any:
        return refuse_null(value)


# lock_version, declared once for every body that changes a record as last
# read: a strict whole number (a float or a string is refused), below the
# database's integer limit. Each body words what it is the version of.
MAX_LOCK_VERSION = 2**31 - 1
LAST_READ = "The lock_version last read; a stale one answers 409."


def lock_version(description: str = LAST_READ, *, first: int = 1) -> Any:
    """The field's declaration; `first` is 0 where a record not made yet is
    answered with lock_version 0 (the schooling plan)."""
    return Field(strict=True, ge=first, le=MAX_LOCK_VERSION, description=description)
