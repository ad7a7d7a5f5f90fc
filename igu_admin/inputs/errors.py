"""Errors in input, worded for people: one set of messages for every door.

Input shapes are pydantic models (see `input_types`); `validate_input` checks
raw data against one and turns pydantic's errors, which are English and made
for programmers, into these translated messages, keyed by field path
(`absences.1.from`, per the API conventions).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from flask_babel import lazy_gettext
from flask_babel.speaklater import LazyString
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

_l = lazy_gettext

INPUT_ERRORS: dict[str, LazyString] = {
    "required": _l("This field is required."),
    "null": _l("Must not be null."),
    "unknown_field": _l("This field is not known here. Check the spelling, or leave it out."),
    "boolean": _l("Must be true or false."),
    "string": _l("Must be text."),
    "integer": _l("Must be a whole number."),
    "list": _l("Must be a list."),
    "object": _l("Must be an object with named fields."),
    "invalid": _l("The value is not valid."),
    "at_least": _l("Must be at least %(ge)s."),
    "at_most": _l("Must be at most %(le)s."),
    "too_long": _l("Use at most %(max_length)s characters."),
    "date_format": _l("Enter the date as YYYY-MM-DD, for example 2024-03-01."),
    "date_invalid": _l("The date does not exist. Check day and month."),
    "date_range": _l("Enter a date between 1900 and 2100."),
    "cpr_format": _l("Enter a CPR number of 10 digits, for example 010190-1234."),
    "cpr_date": _l("The CPR number does not hold a valid birth date."),
    "birth_or_cpr": _l("Enter the CPR number or the birth date."),
    "birth_cpr_mismatch": _l("The birth date does not match the CPR number."),
    "target_group_unknown": _l("Unknown target group. Use one of: %(choices)s."),
    "ruleset_unknown": _l("Unknown rule set. Use one of: %(choices)s."),
    "absence_reversed": _l("A period abroad ends before it starts."),
    "employer_type_unknown": _l("Unknown employer type. Use one of: %(choices)s."),
    "extension_reason_unknown": _l("Unknown reason for the extension. Use one of: %(choices)s."),
    "trainee_language_missing": _l("The agreement has no trainee's language. Choose one: "
                                   "%(choices)s."),
    "extension_reversed": _l("The extension ends before it starts."),
    "extension_before_start": _l("The extension begins before the course starts."),
    "termination_before_start": _l("The course cannot end before it starts."),
    "start_before_birth": _l("The start date is before the person's birth date."),
    "registration_before_birth": _l(
        "The first registered address in Denmark is before the birth date."),
    "registration_after_start": _l(
        "The first registered address in Denmark is after the start date."),
    "body_not_object": _l("The request body must be a JSON object."),
    "body_not_json": _l("The request body is not valid JSON."),
    "body_not_declared_json": _l(
        "Send the request body as JSON, with the header Content-Type: application/json."),
    "body_too_large": _l("The request body is too large."),
    "body_not_declared_file": _l(
        "Send the file as the request body, with the header Content-Type: one of %(types)s."),
    "auth_required": _l("Send a valid API token in the header Authorization: Bearer <token>."),
    "line_control_characters": _l(
        "Write it on one line, without line breaks or characters that cannot be printed."),
    "control_characters": _l(
        "Remove the characters that cannot be printed (control or unknown characters)."),
    "email_format": _l("Enter an e-mail address like name@example.dk."),
    "phone_format": _l("Enter a telephone number with digits, for example +45 12 34 56 78."),
    "decimal_format": _l(
        "Enter a number with a point before at most %(places)s decimals, for example 37.00."),
    "municipality_unknown": _l(
        "Unknown municipality. Use the 3-digit municipality code, for example 101 for "
        "København."),
    "collective_agreement_unknown": _l(
        "Unknown collective agreement. Use one of: %(choices)s."),
    "wage_basis_unknown": _l("Choose hourly or monthly."),
    "number_format": _l(
        "Enter a number with at most %(places)s decimals, with a point, for example 74.5."),
    "greater_than": _l("Must be more than %(gt)s."),
    "schooling_kind_unknown": _l("Unknown kind of schooling. Use one of: %(choices)s."),
    "amu_number_format": _l("Enter the AMU course number as 5 digits, for example 42994."),
    "too_many_items": _l("List at most %(max)s elements."),
    "cvr_format": _l("Enter a CVR number of 8 digits, for example 12345674."),
    "cvr_invalid": _l("The CVR number is not valid. Check the digits."),
    "termination_reason_unknown": _l("Unknown reason for the end. Use one of: %(choices)s."),
    "decision_unknown": _l("Unknown decision. Use one of: %(choices)s."),
    "follow_up_choice_unknown": _l("Unknown value. Use one of: %(choices)s."),
    "trainee_language_unknown": _l("Unknown language. Use one of: %(choices)s."),
    "status_unknown": _l("Unknown status. Use one of: %(choices)s."),
    "beneficiary_unknown": _l("Unknown beneficiary. Use one of: %(choices)s."),
    "claim_type_unknown": _l("Unknown claim type. Use one of: %(choices)s."),
    "export_format_unknown": _l("Unknown format. Use one of: %(choices)s."),
    "period_reversed": _l("The end of the period is before its start."),
    "cursor_invalid": _l("Use the address given as next, unchanged."),
}

# Where pydantic's own error types (not ours) point in INPUT_ERRORS.
_PYDANTIC_TYPES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "string_type": "string",
    "int_type": "integer",
    "int_parsing": "integer",
    "int_from_float": "integer",
    "list_type": "list",
    "tuple_type": "list",
    "model_type": "object",
    "model_attributes_type": "object",
    "dict_type": "object",
    "greater_than_equal": "at_least",
    "less_than_equal": "at_most",
    "string_too_long": "too_long",
}

# Where an error about the body as a whole is reported.
BODY = "body"

Model = TypeVar("Model", bound=BaseModel)


class InputErrors(ValueError):
    """Input to correct: translated messages per field path."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def input_error(code: str, **params: Any) -> str:
    message = str(INPUT_ERRORS[code])
    return message % {k: str(v) for k, v in params.items()} if params else message


def field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) if loc else BODY


def coded_errors_as_messages(errors: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Error codes per field (as the domain gives them) worded as messages."""
    return {field: [input_error(code) for code in codes] for field, codes in errors.items()}


def validate_input(model: type[Model], raw: Any) -> Model:
    """`raw` (decoded JSON, or a mapping built by a form or the CLI) checked
    against `model`; raises InputErrors naming every problem at once."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise InputErrors(messages_for(exc)) from None


def messages_for(exc: ValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False, include_input=True):
        path = field_path(error["loc"])
        errors.setdefault(path, []).append(_message(error, path))
    return errors


def _message(error: ErrorDetails, path: str) -> str:
    kind = error["type"]
    if kind in INPUT_ERRORS:  # raised by our own field types with our code
        return input_error(kind, **error.get("ctx", {}))
    if kind.endswith("_type") and error.get("input", ...) is None:
        return input_error("null")
    if path == BODY and kind in ("model_type", "model_attributes_type", "dict_type"):
        return input_error("body_not_object")
    return input_error(_PYDANTIC_TYPES.get(kind, "invalid"), **error.get("ctx", {}))
