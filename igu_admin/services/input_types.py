"""Field types for input models: each declares its JSON schema and its check
side by side, so what the API document promises is what the check does.

Use them in `typing.Annotated`: `Annotated[date, IsoDate()]`. A field that may
be left out is annotated `X | None` for Python and given the default None; the
type still refuses an explicit null, and the schema does not offer one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from igu_admin.domain.dates import EARLIEST, ISO_DATE_PATTERN, LATEST
from igu_admin.domain.identifiers import CPR_PATTERN, CPR_SHAPE, IdentifierError, parse_cpr


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
