"""The schooling plan builder's forms: one element, the Danish test, and the
actions on the plan as last read (remove, move, submit).

The element form checks what people type (dates like 01.03.2027, hours like
7,4) and builds the element in the API's shape; the API's parser judges it
too (`schooling_plan_input`), and its messages at `items.N.field` go back on
the fields. Meaning (the period, the weeks, the kinds) is for the rules,
shown on the builder page.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import StopValidation

from forms.eligibility import YES_NO, one_of
from forms.fields import (
    YES_NO_VALUES,
    BaseForm,
    DateTextField,
    choices,
    max_length,
    required_message,
)
from forms.numbers import DecimalTextField
from forms.posted import parse_lock_version
from igu_admin.domain.schooling import AMU
from igu_admin.inputs.errors import InputErrors
from igu_admin.inputs.plan import (
    COURSE_NUMBER_LENGTH,
    NOTE_LENGTH,
    PROVIDER_LENGTH,
    TITLE_LENGTH,
    parse_plan,
)

STALE_PAGE = _l("The page is out of date. Open the schooling plan again.")


class PlanForm(BaseForm):
    """A form on the plan as last read: its lock_version rides along. Input
    kept across a new login fills it in again (`from_kept_input`)."""

    lock_version = HiddenField()

    def validate_lock_version(self, field: HiddenField) -> None:
        if parse_lock_version(field.data) is None:
            raise StopValidation(str(STALE_PAGE))

    def posted_lock_version(self) -> int:
        found = parse_lock_version(self.lock_version.data)
        return -1 if found is None else found


class PlanActionForm(PlanForm):
    """Remove, move or submit: nothing but the lock_version."""


class DanishTestForm(PlanForm):
    passed_danish_test = RadioField(
        _l("Has the trainee passed Prøve i Dansk 1, 2 or 3?"), choices=choices(YES_NO),
        validate_choice=False,
        validators=[one_of(_l("Answer whether the trainee has passed Prøve i Dansk 1, 2 or 3."))])

    def passed(self) -> bool:
        return YES_NO_VALUES.get(self.passed_danish_test.data or "", False)


class ElementForm(PlanForm):
    """One element of the plan: a course, with its kind, dates and hours."""

    FIELDS = ("kind", "title", "provider", "course_number", "start", "end", "hours", "note")

    kind = RadioField(_l("Kind of schooling"), choices=[], validate_choice=False)
    title = StringField(_l("Title of the course"), validators=[
        required_message(_l("Enter the title of the course.")), max_length(TITLE_LENGTH)])
    provider = StringField(_l("School or language centre"), validators=[
        max_length(PROVIDER_LENGTH)])
    course_number = StringField(_l("AMU course number"), validators=[
        max_length(COURSE_NUMBER_LENGTH)])
    start = DateTextField(_l("First day"), validators=[
        required_message(_l("Enter the first day of the course."))])
    end = DateTextField(_l("Last day"), validators=[
        required_message(_l("Enter the last day of the course."))])
    hours = DecimalTextField(
        _l("School hours"), format_message=_l("Enter the hours as a number, for example 37 or "
                                              "7,4."),
        validators=[required_message(_l("Enter the school hours."))])
    note = TextAreaField(_l("Note (optional)"), validators=[max_length(NOTE_LENGTH)])

    def configure(self, kinds: list[tuple[str, str]]) -> None:
        """The kinds the agreement's rule set allows, with their labels."""
        self.kind.choices = choices(kinds)

    def validate_kind(self, field: RadioField) -> None:
        one_of(_l("Choose the kind of schooling."))(self, field)

    def validate(self, extra_validators: Any = None) -> bool:
        """The form's own checks, then the API's parser on the element built
        from what passed them, so every message shows at once."""
        ok = super().validate(extra_validators)
        try:
            parse_plan({"items": [self.element()]})
        except InputErrors as error:
            self.place_errors(error.errors, 0)
            ok = False
        return ok

    def element(self) -> dict[str, Any]:
        """The element in the API's shape, from the fields that passed; an AMU
        number only with the kind AMU."""
        found: dict[str, Any] = {}
        for name in self.FIELDS:
            field = self[name]
            if field.errors:
                continue
            value = self._sent(field)
            if value is not None:
                found[name] = value
        if found.get("kind") != AMU:
            found["course_number"] = ""
        return found

    @staticmethod
    def _sent(field: Any) -> Any:
        if isinstance(field, DateTextField):
            return field.data.isoformat() if field.data is not None else None
        if isinstance(field, DecimalTextField):
            return field.api_value()
        text = (field.data or "").strip()
        if field.name in ("kind", "title") and not text:
            return None  # required: left out, so the parser names it
        return text

    def place_errors(self, errors: Mapping[str, list[str]], index: int) -> None:
        """Messages at `items.<index>.<field>` on the field, unless it shows
        one of the form's own; the rest above the form."""
        prefix = f"items.{index}."
        for path, messages in errors.items():
            name = path[len(prefix):] if path.startswith(prefix) else ""
            if name in self.FIELDS:
                field = self[name]
                if not field.errors:
                    field.errors = list(messages)
            else:
                self.form_errors.extend(m for m in messages if m not in self.form_errors)

    def load(self, values: Mapping[str, Any]) -> None:
        """The element's stored values in the fields."""
        for name in self.FIELDS:
            value = values.get(name)
            if value is None:
                continue
            field = self[name]
            if isinstance(field, DateTextField):
                field.data = value if isinstance(value, date) else None
            elif isinstance(field, DecimalTextField):
                field.data = Decimal(value)
                # Hours as people write them: 37 or 7,4 (not the amounts' 37,00).
                field.raw_text = f"{field.data.normalize():f}".replace(".", ",")
            else:
                field.data = value
