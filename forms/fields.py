"""Field types shared by the flows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from flask import has_request_context
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation

from forms.kept_input import take_kept_input
from forms.posted import posted_form_data
from igu_admin.domain.dates import EARLIEST, LATEST
from igu_admin.inputs.errors import input_error
from igu_admin.inputs.typed_text import parse_date_text

# A yes/no question's posted value as the API's true or false.
YES_NO_VALUES = {"yes": True, "no": False}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BaseForm(FlaskForm):
    """Every form: text with invisible control characters (a NUL byte breaks
    PostgreSQL) is refused at the field, the rest of the input is kept;
    input kept from an ended session fills the form in again; and only the
    posted fields are read (see forms/posted.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kept = None
        if "formdata" not in kwargs and has_request_context():
            kept = take_kept_input()
            kwargs["formdata"] = kept if kept is not None else posted_form_data(
                getattr(type(self), "accepts_files", False))
        super().__init__(*args, **kwargs)
        # A form filled in from kept input must not then be overwritten by
        # the saved record (the agreement's steps and the plan's forms ask).
        self.from_kept_input = kept is not None

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and _CONTROL.search(field.data):
                field.errors = [str(_l("Remove the invisible control characters."))]
                ok = False
        return ok


def max_length(limit: int) -> Any:
    """Length check with a translated message; limits follow the columns."""
    # Lazy: the message is worded in the language of the request, not of the import.
    return Length(max=limit, message=_l("Use at most %(max)d characters.", max=limit))


class DateTextField(StringField):
    """A date typed into one text field. What was typed is kept and shown
    again on error; `data` is a date or None."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.raw_text = ""
        self.parse_error: str | None = None

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw_text = valuelist[0] if valuelist else ""
        self.data, self.parse_error = None, None
        if not self.raw_text.strip():
            return
        try:
            self.data = parse_date_text(self.raw_text)
        except ValueError as exc:
            self.parse_error = "format" if str(exc) == "format" else "invalid"
            return
        if not EARLIEST <= self.data <= LATEST:
            self.data, self.parse_error = None, "range"

    def pre_validate(self, form: Any) -> None:
        if self.parse_error == "format":
            raise StopValidation(str(_l("Enter the date as day.month.year, for example 01.03.2024.")))
        if self.parse_error:  # the same mistake gets the API's message: date_invalid, date_range
            raise StopValidation(input_error(f"date_{self.parse_error}"))

    def _value(self) -> str:
        if self.raw_text:
            return self.raw_text
        return self.data.strftime("%d.%m.%Y") if isinstance(self.data, date) else ""


class OptionalUnlessParseError:
    """Like Optional, but a date that was typed and failed still reports."""

    field_flags = {"optional": True}

    def __call__(self, form: Any, field: DateTextField) -> None:
        if not field.raw_text.strip():
            field.errors[:] = []
            raise StopValidation()


def choices(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def choice_values(field: Field) -> set[str]:
    return {value for value, *_ in field.iter_choices()}


def required_message(message: Any) -> Any:
    """A DataRequired check whose message is translated (WTForms ships no Danish)."""

    def check(form: Any, field: Any) -> None:
        if field.data is None or (isinstance(field.data, str) and not field.data.strip()):
            field.errors[:] = []
            raise StopValidation(str(message))

    check.field_flags = {"required": True}  # type: ignore[attr-defined]
    return check


