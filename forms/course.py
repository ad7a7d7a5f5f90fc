"""The course's later events as page forms: asking for an extension,
ending the course early, confirming completion, and the municipality's
decision on an extension.

Each form checks what people type (dates like 01.03.2027, a chosen answer)
and builds the same raw mapping the API takes (`raw()`), which the API's
input model parses; the parser's and the service's messages come back per
field path and are put on the fields that path names (`place_errors`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l
from wtforms import Field, HiddenField, RadioField, StringField, TextAreaField

from forms.eligibility import one_of
from forms.fields import BaseForm, DateTextField, choices, max_length, required_message
from forms.numbers import DecimalTextField
from forms.posted import parse_lock_version
from igu_admin.inputs.course import DECISION_REASON_LENGTH, NOTE_LENGTH

# The page's wording of the API's codes (domain.course_events).
EXTENSION_REASON_CHOICES = [
    ("parental_leave", _l("Leave for pregnancy, birth or adoption")),
    ("sickness", _l("Continuous sickness")),
    ("schooling", _l("Schooling that could not be completed because of special circumstances")),
]
TERMINATION_REASON_CHOICES = [
    ("dismissal", _l("Dismissal")),
    ("resignation", _l("Resignation")),
    ("company_closure", _l("The company closed")),
    ("other", _l("Other")),
]
DECISION_CHOICES = [("approve", _l("Approve the extension")),
                    ("refuse", _l("Refuse the extension"))]


class CourseEventForm(BaseForm):
    """`PATHS` maps each field to its API field path."""

    PATHS: ClassVar[dict[str, str]] = {}

    lock_version = HiddenField()

    def raw(self) -> dict[str, Any]:
        """The API's request from the fields that passed this form's checks
        (call after validate()). Empty text is left out."""
        data: dict[str, Any] = {}
        for name, path in self.PATHS.items():
            field = self[name]
            if field.errors:
                continue
            if isinstance(field, DateTextField):
                value: Any = field.data.isoformat() if field.data is not None else None
            elif name == "lock_version":
                value = parse_lock_version(field.data)
            elif isinstance(field, DecimalTextField):
                # The API's decimal string; the field has parsed the Danish text.
                value = None if field.data is None else f"{field.data:.2f}"
            else:
                value = (field.data or "").strip() or None
            if value is not None:
                data[path] = value
        return data

    def place_errors(self, errors: Mapping[str, list[str]]) -> None:
        """Messages per path on the fields they name (unless a field already
        shows its own); the rest above the form."""
        for path, messages in errors.items():
            field = self.field_for(path)
            if field is None or field.name.endswith("lock_version"):
                self.form_errors.extend(m for m in messages if m not in self.form_errors)
            elif not field.errors:
                field.errors = list(messages)

    def field_for(self, path: str) -> Field | None:
        return next((self[name] for name, known in self.PATHS.items() if known == path), None)


class ExtensionRequestForm(CourseEventForm):
    PATHS = {"first_day": "from", "last_day": "to", "reason": "reason"}

    reason = RadioField(_l("Why is the extension needed?"),
                        choices=choices(EXTENSION_REASON_CHOICES), validate_choice=False,
                        validators=[one_of(_l("Choose why the extension is needed."))])
    first_day = DateTextField(_l("First day of the absence"), validators=[
        required_message(_l("Enter the first day of the absence."))])
    last_day = DateTextField(_l("Last day of the absence"), validators=[
        required_message(_l("Enter the last day of the absence."))])


class TerminationForm(CourseEventForm):
    PATHS = {"day": "date", "reason": "reason", "note": "note",
             "continued_by_cvr": "continued_by_cvr", "lock_version": "lock_version"}

    day = DateTextField(_l("Last day of employment"), validators=[
        required_message(_l("Enter the last day of employment."))])
    reason = RadioField(_l("Why does the course end?"),
                        choices=choices(TERMINATION_REASON_CHOICES), validate_choice=False,
                        validators=[one_of(_l("Choose why the course ends."))])
    continued_by_cvr = StringField(_l("CVR number of a company that continues the course "
                                      "(optional)"), validators=[max_length(20)])
    note = TextAreaField(_l("Note (optional)"), validators=[max_length(NOTE_LENGTH)])


class ContinuationForm(CourseEventForm):
    PATHS = {"continued_by_cvr": "continued_by_cvr", "lock_version": "lock_version"}

    continued_by_cvr = StringField(_l("CVR number of the company that continues the course"),
                                   validators=[required_message(_l(
                                       "Enter the CVR number of the company that continues "
                                       "the course.")), max_length(20)])


class CompletionForm(CourseEventForm):
    PATHS = {"lock_version": "lock_version"}


class ExtensionDecisionForm(CourseEventForm):
    PATHS = {"decision": "decision", "reason": "reason", "lock_version": "lock_version"}

    decision = RadioField(_l("Decision"), choices=choices(DECISION_CHOICES),
                          validate_choice=False,
                          validators=[one_of(_l("Choose whether to approve or refuse."))])
    reason = TextAreaField(_l("Reason for the decision"),
                           validators=[max_length(DECISION_REASON_LENGTH)])
