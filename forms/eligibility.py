"""The eligibility page's form: it checks what people type (dates like
01.03.2024, answers to every question) and builds the same raw request the API
takes, for the one shared parser (services.eligibility_input)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, FieldList, Form, FormField, RadioField, StringField
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

YES_NO = [("no", _l("No")), ("yes", _l("Yes"))]
# The request's names for the dates of a period abroad, and this form's.
ABSENCE_FIELDS = {"from": "start", "to": "end"}


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
        return ok


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
    cpr = StringField(_l("CPR number"), validators=[max_length(20)])
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

    def request_data(self) -> dict[str, Any]:
        """The raw request (as the API takes it) from the fields that passed
        this form's checks: call after validate(). The parser names what is
        missing; place_errors() puts its messages on these fields."""
        data: dict[str, Any] = {}
        for name in ("start_date", "birth_date", "registered_since"):
            field = self[name]
            if field.data is not None and not field.errors:
                data[name] = field.data.isoformat()
        cpr = (self.cpr.data or "").strip()
        if cpr and not self.cpr.errors:
            data["cpr"] = cpr
        if self.target_group.data and not self.target_group.errors:
            data["target_group"] = self.target_group.data
        for name in ("previous_igu", "recent_ordinary_employment"):
            if not self[name].errors:
                data[name] = self[name].data == "yes"
        self._absence_entries = [
            number for number, entry in enumerate(self.absences)
            if entry.form.start.data and entry.form.end.data and not entry.errors]
        data["absences"] = [{"from": self.absences[n].form.start.data.isoformat(),
                             "to": self.absences[n].form.end.data.isoformat()}
                            for n in self._absence_entries]
        return data

    def place_errors(self, errors: dict[str, list[str]]) -> None:
        """Messages per request path (`absences.0.to`) on the fields they name,
        unless the field already shows one of this form's own messages."""
        for path, messages in errors.items():
            field = self._field_for(path)
            if field is None:
                self.form_errors.extend(messages)
            elif not field.errors:
                field.errors = list(messages)
        # FieldList keeps the errors it gathered in validate(); gather them again.
        if any(entry.errors for entry in self.absences):
            self.absences.errors = [entry.errors for entry in self.absences]

    def _field_for(self, path: str) -> Field | None:
        name, *rest = path.split(".")
        if name == "absences" and len(rest) == 2 and rest[0].isdigit():
            entries: list[int] = getattr(self, "_absence_entries", [])
            number, part = int(rest[0]), rest[1]
            if number >= len(entries) or part not in ABSENCE_FIELDS:
                return None
            field: Field = self.absences[entries[number]].form[ABSENCE_FIELDS[part]]
            return field
        return self[name] if not rest and name in self and name != "csrf_token" else None
