"""What every step of the guided agreement's forms shares: the field-path
map to the API's mapping, the checked changes, the errors put back on the
fields, and the readers of the values a step was given."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import (
    Field,
    HiddenField,
    RadioField,
)
from wtforms.validators import StopValidation

from forms.fields import (
    YES_NO_VALUES,
    BaseForm,
    DateTextField,
)
from forms.numbers import DecimalTextField
from forms.posted import parse_lock_version

# Where a "Ret" link on "Tjek dine svar" returns to after the step is saved.
RETURN_TO_CHECK = "check"


class StepForm(BaseForm):
    """A step of the guided agreement.

    `PATHS` maps each field to the API's field path for it; `changes()` gives
    the fields that passed this form's checks as the API's nested mapping,
    and `place_errors()` puts messages per path back on the fields.
    """

    PATHS: ClassVar[dict[str, str]] = {}
    # Text fields a person may empty: sent as "" so that emptying them saves.
    CLEARABLE: ClassVar[frozenset[str]] = frozenset()
    # Yes/no questions, sent as true or false.
    BOOLEAN: ClassVar[frozenset[str]] = frozenset()

    lock_version = HiddenField()
    return_to = HiddenField()

    def validate_lock_version(self, field: HiddenField) -> None:
        text = field.data or ""
        if text and not (text.isascii() and text.isdigit() and len(text) <= 9):
            raise StopValidation(str(_l("The page is out of date. Open the agreement again.")))

    def posted_lock_version(self) -> int | None:
        return parse_lock_version(self.lock_version.data)

    def returns_to_check(self) -> bool:
        return self.return_to.data == RETURN_TO_CHECK

    # -- from the draft to the fields ------------------------------------
    def paths(self) -> dict[str, str]:
        """PATHS of the fields this form holds (a page may leave one out)."""
        return {name: path for name, path in self.PATHS.items() if name in self._fields}

    def load(self, values: Mapping[str, Any]) -> None:
        """Fill the fields from the draft's values (the API's shape)."""
        for name, path in self.paths().items():
            value = _at(values, path)
            if value is not None:
                self._show(self[name], value)

    @staticmethod
    def _show(field: Field, value: Any) -> None:
        if isinstance(field, DateTextField):
            field.data = value if isinstance(value, date) else iso_date(value)
        elif isinstance(field, DecimalTextField):
            field.data = value if isinstance(value, Decimal) else _decimal(value)
        elif isinstance(field, RadioField) and isinstance(value, bool):
            field.data = "yes" if value else "no"
        else:
            field.data = value

    # -- from the fields to the API's mapping ----------------------------
    def changes(self) -> dict[str, Any]:
        """The raw request for this step (call after validate())."""
        data: dict[str, Any] = {}
        for name, path in self.paths().items():
            field = self[name]
            if field.errors:
                continue
            value = self._sent(name, field)
            if value is not None:
                _put(data, path, value)
        return data

    def _sent(self, name: str, field: Field) -> Any:
        if isinstance(field, DateTextField):
            return field.data.isoformat() if field.data is not None else None
        if isinstance(field, DecimalTextField):
            return field.api_value()
        if name in self.BOOLEAN:
            return YES_NO_VALUES.get(field.data or "")
        text = (field.data or "").strip() if isinstance(field.data, str | None) else field.data
        if text == "" and name not in self.CLEARABLE:
            return None
        return text

    def place_errors(self, errors: Mapping[str, list[str]]) -> None:
        """Messages per path on the fields they name, unless the field already
        shows one of this form's own; the rest above the form."""
        for path, messages in errors.items():
            field = self.field_for(path)
            if field is None:
                self.form_errors.extend(m for m in messages if m not in self.form_errors)
            elif not field.errors:
                field.errors = list(messages)

    def field_for(self, path: str) -> Field | None:
        for name, known in self.paths().items():
            if path == known:
                return self[name]
        # A message on a group (`wage`) or a part of a field goes on its first field.
        for name, known in self.paths().items():
            if known.startswith(path + ".") or path.startswith(known + "."):
                return self[name]
        return None


def _at(values: Mapping[str, Any], path: str) -> Any:
    current: Any = values
    for part in path.split("."):
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except ArithmeticError:
        return None
