from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, Form, FormField, RadioField, StringField
from wtforms.validators import StopValidation

from forms.fields import (
    BaseForm,
    DateTextField,
    OptionalUnlessParseError,
    choice_values,
    choices,
    max_length,
    required_message,
)
from igu_admin.domain.identifiers import IdentifierError, parse_cpr
from igu_admin.services.eligibility_messages import input_error

YES_NO = [("no", _l("No")), ("yes", _l("Yes"))]


class AbsenceForm(Form):
    """One period registered abroad; both dates or neither."""

    start = DateTextField(_l("From"), validators=[OptionalUnlessParseError()])
    end = DateTextField(_l("To"), validators=[OptionalUnlessParseError()])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and bool(self.start.data) != bool(self.end.data):
            missing = self.end if self.start.data else self.start
            missing.errors = [str(_l("Enter both dates of the period, or neither."))]
            return False
        if ok and self.start.data and self.end.data and self.end.data < self.start.data:
            self.end.errors = [str(_l("A period abroad ends before it starts."))]
            return False
        return ok


def validate_cpr(form: Any, field: StringField) -> None:
    if not (field.data or "").strip():
        raise StopValidation()
    try:
        parse_cpr(field.data)
    except IdentifierError as exc:
        raise StopValidation(input_error(exc.reason)) from exc


def one_of(message: Any) -> Any:
    """The answer must be one of the field's choices (translated message)."""

    def check(form: Any, field: RadioField) -> None:
        if field.data not in choice_values(field):
            field.errors[:] = []
            raise StopValidation(str(message))

    check.field_flags = {"required": True}  # type: ignore[attr-defined]
    return check


class EligibilityForm(BaseForm):
    start_date = DateTextField(
        _l("Expected start date of the IGU"),
        validators=[required_message(_l("Enter the expected start date."))])
    cpr = StringField(_l("CPR number"), validators=[max_length(20), validate_cpr])
    birth_date = DateTextField(_l("Birth date"), validators=[OptionalUnlessParseError()])
    registered_since = DateTextField(
        _l("First registered address in Denmark"),
        validators=[required_message(_l("Enter the date of the first registered address."))])
    absences = FieldList(FormField(AbsenceForm), min_entries=2, max_entries=5)
    target_group = RadioField(
        _l("Which group does the person belong to?"), choices=[], validate_choice=False)
    previous_igu = RadioField(
        _l("Has the person had an IGU before?"), choices=choices(YES_NO), validate_choice=False,
        validators=[one_of(_l("Answer whether the person has had an IGU before."))])
    # The label follows the rule set's rule on earlier employment: see configure().
    recent_ordinary_employment = RadioField(
        "", choices=choices(YES_NO), validate_choice=False,
        validators=[one_of(_l("Answer whether the person was employed in the company."))])

    def configure(self, target_groups: list[tuple[str, str]], recent_question: str) -> None:
        self.target_group.choices = choices(target_groups)
        self.recent_ordinary_employment.label.text = recent_question

    def validate_target_group(self, field: RadioField) -> None:
        one_of(_l("Choose the group the person belongs to."))(self, field)

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        nothing_typed = not (self.cpr.data or "").strip() and not self.birth_date.raw_text.strip()
        if nothing_typed:
            self.birth_date.errors = [str(_l("Enter the CPR number or the birth date."))]
            return False
        return ok
