"""A change to an approved agreement (tillæg) as page forms: the proposal
(the day it takes effect and the new terms; a term left empty stays as it
is) and the municipality's decision. Each builds the API's request (`raw()`)
with the changed terms nested under `changes`, as the API takes them."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField

from forms.course import CourseEventForm
from forms.eligibility import one_of
from forms.fields import DateTextField, choices, max_length, required_message
from forms.numbers import DecimalTextField
from igu_admin.inputs.agreement import NAME_LENGTH, TASKS_LENGTH, WORKPLACE_LENGTH
from igu_admin.inputs.amendment import AMENDMENT_REASON_LENGTH
from igu_admin.inputs.course import DECISION_REASON_LENGTH

AMENDMENT_DECISION_CHOICES = [("approve", _l("Approve the change")),
                              ("refuse", _l("Refuse the change"))]


def _nested(flat: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        *parents, leaf = path.split(".")
        at = nested
        for part in parents:
            at = at.setdefault(part, {})
        at[leaf] = value
    return nested


class AmendmentForm(CourseEventForm):
    PATHS = {"effective_from": "effective_from", "weekly_hours": "changes.weekly_hours",
             "wage_basis": "changes.wage.basis", "wage_year1": "changes.wage.year1",
             "wage_year2": "changes.wage.year2",
             "job_title": "changes.job_title", "tasks": "changes.tasks",
             "workplace_address": "changes.workplace_address",
             "contact_person": "changes.contact_person", "reason": "reason",
             "lock_version": "lock_version"}

    effective_from = DateTextField(_l("The change takes effect from"), validators=[
        required_message(_l("Enter the day the change takes effect."))])
    # Typed as Danes type numbers (12.132,00), as in the agreement's steps.
    weekly_hours = DecimalTextField(_l("New weekly working hours"), format_message=_l(
        "Enter the hours as a number, for example 30 or 32,5."))
    # Empty: the agreement's basis stands (a term left empty stays as it is).
    wage_basis = RadioField(_l("New wage basis"), validate_choice=False, default="",
                            choices=choices([("", _l("Unchanged")),
                                             ("monthly", _l("By the month")),
                                             ("hourly", _l("By the hour"))]))
    wage_year1 = DecimalTextField(_l("New wage in year 1"), format_message=_l(
        "Enter the amount in kroner, for example 12.132,00."))
    wage_year2 = DecimalTextField(_l("New wage in year 2"), format_message=_l(
        "Enter the amount in kroner, for example 13.429,00."))
    job_title = StringField(_l("New job title"), validators=[max_length(NAME_LENGTH)])
    tasks = TextAreaField(_l("New work areas and functions"),
                          validators=[max_length(TASKS_LENGTH)])
    workplace_address = StringField(_l("New workplace"), validators=[max_length(WORKPLACE_LENGTH)])
    contact_person = StringField(_l("New contact person"), validators=[max_length(NAME_LENGTH)])
    reason = TextAreaField(_l("Reason for the change (optional)"),
                           validators=[max_length(AMENDMENT_REASON_LENGTH)])

    def raw(self) -> dict[str, Any]:
        data = _nested(super().raw())
        data.setdefault("changes", {})
        return data

    def place_errors(self, errors: Any) -> None:
        # `changes` itself (nothing given) is shown at the first term.
        super().place_errors({("changes.weekly_hours" if path == "changes" else path): messages
                              for path, messages in errors.items()})


class AmendmentDecisionForm(CourseEventForm):
    PATHS = {"decision": "decision", "reason": "reason", "lock_version": "lock_version"}

    decision = RadioField(_l("Decision"), choices=choices(AMENDMENT_DECISION_CHOICES),
                          validate_choice=False,
                          validators=[one_of(_l("Choose whether to approve or refuse."))])
    reason = TextAreaField(_l("Reason for the decision"),
                           validators=[max_length(DECISION_REASON_LENGTH)])


class AmendmentWithdrawalForm(CourseEventForm):
    """The proposer takes the amendment back; `number` says which one, so a
    refused form is shown again at its own amendment."""

    PATHS = {"lock_version": "lock_version"}

    def __init__(self, *args: Any, number: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
