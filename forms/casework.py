"""The municipality's review and the employer's next steps as page forms:
the caseworker's queue (filters and search), the decisions on the agreement
and on its plan, the conversation, the integration programme's start, and
the employer's signing and registration dates and the signed scan.

Each form that changes a case builds the API's request (`raw()`, as
forms/course.py does), parsed by the same input model and handled by the
same service; the messages come back per field path (`place_errors`).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import FileField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from forms.course import CourseEventForm
from forms.eligibility import one_of
from forms.fields import BaseForm, DateTextField, choices, max_length, required_message
from forms.posted import parse_lock_version
from igu_admin.domain.identifiers import IdentifierError, parse_cpr
from igu_admin.inputs.review import TEXT_LENGTH
from igu_admin.services.review.queue import ASSIGNEE_FILTERS, STATUS_FILTERS

# The longest name or CPR number typed into the search.
SEARCH_LENGTH = 200

STATUS_CHOICES = dict(zip(STATUS_FILTERS, (
    _l("Everything awaiting a decision"), _l("Agreements awaiting a decision"),
    _l("Schooling plans awaiting a decision"), _l("Extensions awaiting a decision"),
    _l("All cases of the municipality")), strict=True))
ASSIGNEE_CHOICES = dict(zip(ASSIGNEE_FILTERS, (
    _l("All caseworkers"), _l("Assigned to me"), _l("Not assigned")), strict=True))
AGREEMENT_DECISION_CHOICES = [("approve", _l("Approve the agreement")),
                              ("request_changes", _l("Send it back for changes")),
                              ("reject", _l("Reject the agreement"))]
PLAN_DECISION_CHOICES = [("approve", _l("Approve the schooling plan")),
                         ("request_changes", _l("Send it back for changes"))]


def looks_like_cpr(text: str) -> bool:
    """Digits, with or without a hyphen or spaces: meant as a CPR number, not a name."""
    compact = "".join(text.split()).replace("-", "")
    return bool(compact) and compact.isascii() and compact.isdigit()


class QueueForm(BaseForm):
    """What the queue shows. Posted, never put in the address: the search may
    be a CPR number, which must not reach a URL (nor the server's logs)."""

    status = SelectField(_l("Show"), choices=choices(STATUS_CHOICES.items()),
                         default="waiting", validate_choice=False)
    assignee = SelectField(_l("Caseworker"), choices=choices(ASSIGNEE_CHOICES.items()),
                           default="all", validate_choice=False)
    search = StringField(_l("Trainee's name or CPR number"),
                         validators=[max_length(SEARCH_LENGTH)])
    page = HiddenField(default="1")

    def validate_search(self, field: StringField) -> None:
        text = (field.data or "").strip()
        if text and looks_like_cpr(text):
            try:
                parse_cpr(text)
            except IdentifierError as error:
                raise ValidationError(str(_l(
                    "Enter the CPR number with 10 digits, e.g. 010190-1234.")
                    if error.reason == "cpr_format" else _l(
                    "The CPR number does not hold a valid date of birth."))) from None

    @property
    def chosen_status(self) -> str:
        return self.status.data if self.status.data in STATUS_CHOICES else "waiting"

    @property
    def chosen_assignee(self) -> str:
        return self.assignee.data if self.assignee.data in ASSIGNEE_CHOICES else "all"

    @property
    def cpr(self) -> str | None:
        """The CPR number searched for (10 digits), or None for a name or nothing."""
        text = (self.search.data or "").strip()
        if not text or not looks_like_cpr(text):
            return None
        try:
            return parse_cpr(text)
        except IdentifierError:
            return None

    @property
    def name(self) -> str:
        text = (self.search.data or "").strip()
        return "" if looks_like_cpr(text) else text

    @property
    def page_number(self) -> int:
        text = self.page.data or ""
        return int(text) if text.isascii() and text.isdigit() and 0 < len(text) <= 6 else 1


class AssignForm(BaseForm):
    """"Tildel mig": take the case, as last read; and where to go back to
    (the case page, or the queue with its filters)."""

    lock_version = HiddenField()
    return_to = HiddenField()
    back_status = HiddenField()
    back_assignee = HiddenField()

    def lock(self) -> int | None:
        return parse_lock_version(self.lock_version.data)


class _DecisionForm(CourseEventForm):
    PATHS = {"decision": "decision", "reason": "reason", "lock_version": "lock_version"}

    reason = TextAreaField(_l("Reason for the decision"), validators=[max_length(TEXT_LENGTH)])

    def raw(self) -> dict[str, Any]:
        data = super().raw()
        data.setdefault("reason", "")
        return data


class AgreementDecisionForm(_DecisionForm):
    decision = RadioField(_l("Your decision on the agreement"),
                          choices=choices(AGREEMENT_DECISION_CHOICES), validate_choice=False,
                          validators=[one_of(_l("Choose a decision."))])


class PlanDecisionForm(_DecisionForm):
    decision = RadioField(_l("Your decision on the schooling plan"),
                          choices=choices(PLAN_DECISION_CHOICES), validate_choice=False,
                          validators=[one_of(_l("Choose a decision."))])


class CommentForm(CourseEventForm):
    PATHS = {"text": "text"}

    text = TextAreaField(_l("Message"), validators=[
        required_message(_l("Write the message.")), max_length(TEXT_LENGTH)])


class ProgrammeStartForm(CourseEventForm):
    PATHS = {"day": "integration_programme_start", "lock_version": "lock_version"}

    day = DateTextField(_l("First day of the integration programme"), validators=[
        required_message(_l("Enter the first day of the integration programme."))])


class SigningForm(CourseEventForm):
    PATHS = {"day": "signed_on", "lock_version": "lock_version"}

    day = DateTextField(_l("Day both parties signed"), validators=[
        required_message(_l("Enter the day the agreement was signed."))])


class RegistrationForm(CourseEventForm):
    PATHS = {"day": "registered_on", "lock_version": "lock_version"}

    day = DateTextField(_l("Day of the registration in VITAS"), validators=[
        required_message(_l("Enter the day the agreement was registered in VITAS."))])


class SignedCopyForm(CourseEventForm):
    """The scan: the view reads the file itself (request.files) and gives the
    form only the posted fields; the form carries the CSRF token and shows
    the service's messages at `file`."""

    PATHS = {"file": "file"}

    file = FileField(_l("The signed agreement"))
