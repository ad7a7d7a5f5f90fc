"""What an agreement's page shows of the course's later events, and the
forms the reader may use there: the employer's (ask for an extension, end
the course early, confirm completion) and the caseworker's (decide on an
extension). Each form is shown only when the lifecycle table allows its
action to the reader's role and the course's dates allow it now.

Pages include the templates with the context these functions give:
`shared/_course.html` (`course`), `employer/_course_actions.html`
(`employer_actions`) and `caseworker/_extensions.html` (`extension_panel`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from flask_babel import ngettext

from forms.amendment import AmendmentDecisionForm
from forms.course import (
    EXTENSION_REASON_CHOICES,
    CompletionForm,
    CourseEventForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    TerminationForm,
)
from forms.fields import choices
from igu_admin.core.clock import today
from igu_admin.core.lifecycle import actor_role
from igu_admin.domain.course_events import EXTENSION_REASONS
from igu_admin.domain.lifecycle import (
    Action,
    AgreementStatus,
    ExtensionStatus,
    RecordKind,
    allowed_actions,
)
from igu_admin.domain.rule_parts import ExtensionRule
from igu_admin.models import Agreement, CourseExtension, User
from igu_admin.services.course import certificate as course_certificate
from igu_admin.services.course import end as course_end
from igu_admin.services.course import extension_requests as extensions
from igu_admin.web.pages import amendment_panels, trainee_copy_panel

# Statuses from which the course has a period (start and end) to show.
_DECIDED = (AgreementStatus.APPROVED.value, AgreementStatus.ACTIVE.value,
            AgreementStatus.COMPLETED.value, AgreementStatus.TERMINATED.value)
_ENDED = (AgreementStatus.COMPLETED.value, AgreementStatus.TERMINATED.value)


@dataclass(frozen=True)
class CourseFacts:
    """The course as the page shows it."""

    end_date: date | None
    original_end_date: date | None
    extensions: list[CourseExtension]
    # The page's route to the certificate once the course has ended (else
    # None), and whether it was completed (else it ended early).
    certificate_endpoint: str | None = None
    certificate_completed: bool = False

    @property
    def end_moved(self) -> bool:
        return self.original_end_date is not None and self.original_end_date != self.end_date


@dataclass
class EmployerActions:
    """The employer's forms, each None when not allowed now."""

    extension: ExtensionRequestForm | None = None
    termination: TerminationForm | None = None
    completion: CompletionForm | None = None

    @property
    def any(self) -> bool:
        return any((self.extension, self.termination, self.completion))


@dataclass
class ExtensionPanel:
    """The requests awaiting the municipality's decision, each with its form
    (None where the reader may not decide)."""

    waiting: list[tuple[CourseExtension, ExtensionDecisionForm | None]] = field(
        default_factory=list)


def course_facts(agreement: Agreement, certificate_endpoint: str | None = None
                 ) -> CourseFacts | None:
    if agreement.status not in _DECIDED:
        return None
    completed = (course_certificate.certificate_available(agreement)
                 if agreement.status in _ENDED else None)
    return CourseFacts(end_date=agreement.end_date,
                       original_end_date=extensions.original_end_date(agreement),
                       extensions=extensions.extensions_of(agreement),
                       certificate_endpoint=None if completed is None else certificate_endpoint,
                       certificate_completed=bool(completed))


def _may(agreement: Agreement, user: User, action: Action) -> bool:
    return action in allowed_actions(RecordKind.AGREEMENT, agreement.status, actor_role(user))


def employer_actions(agreement: Agreement, user: User,
                     posted: CourseEventForm | None = None) -> EmployerActions:
    """The forms the employer may use now; `posted` (one of them, refused)
    is shown as posted, with its messages."""
    actions = EmployerActions()
    if agreement.termination_date is not None:
        return actions  # the course's end is recorded: nothing more to ask
    lock = str(agreement.lock_version)
    rule = extensions.extension_rule(agreement)
    if _may(agreement, user, Action.REQUEST_EXTENSION) and rule is not None:
        actions.extension = _form(ExtensionRequestForm, posted, lock)
        _offer_reasons_of(actions.extension, rule)
    if _may(agreement, user, Action.TERMINATE):
        actions.termination = _form(TerminationForm, posted, lock)
    if _may(agreement, user, Action.COMPLETE) and course_end.may_complete(agreement, today()):
        actions.completion = _form(CompletionForm, posted, lock)
    return actions


F = TypeVar("F", bound=CourseEventForm)


def _form(kind: type[F], posted: CourseEventForm | None, lock: str) -> F:
    if isinstance(posted, kind):
        return posted
    fresh = kind(formdata=None, prefix=FORM_PREFIXES[kind])
    fresh.lock_version.data = lock
    return fresh


def _offer_reasons_of(form: ExtensionRequestForm, rule: ExtensionRule) -> None:
    """Offer the reasons the rule set in force at the course's start knows,
    sickness worded with the rule's weeks."""
    offered = []
    for code, label in EXTENSION_REASON_CHOICES:
        ground = rule.ground(EXTENSION_REASONS[code])
        if ground is None:
            continue
        weeks = ground.min_continuous_weeks_over
        if weeks is not None:
            label = ngettext("Continuous sickness of more than %(num)d week",
                             "Continuous sickness of more than %(num)d weeks", weeks)
        offered.append((code, label))
    form.reason.choices = choices(offered)


def extension_panel(agreement: Agreement, user: User,
                    posted: tuple[int, ExtensionDecisionForm] | None = None) -> ExtensionPanel:
    """The requests awaiting a decision; `posted` is (number, form) of a
    refused decision, shown as posted."""
    may_decide = (agreement.status == AgreementStatus.ACTIVE
                  and Action.APPROVE in allowed_actions(
                      RecordKind.EXTENSION, ExtensionStatus.REQUESTED, actor_role(user)))
    panel = ExtensionPanel()
    for extension in extensions.extensions_of(agreement):
        if extension.status != ExtensionStatus.REQUESTED:
            continue
        form: ExtensionDecisionForm | None = None
        if posted is not None and posted[0] == extension.number:
            form = posted[1]
        elif may_decide:
            form = decision_form(extension.number, formdata=False)
            form.lock_version.data = str(extension.lock_version)
        panel.waiting.append((extension, form))
    return panel


def decision_form(number: int, formdata: bool = True) -> ExtensionDecisionForm:
    """The decision form of extension no. `number` (its own prefix, so that
    several can be on one page); `formdata` False: not read from the request."""
    prefix = f"decision-{number}"
    if formdata:
        return ExtensionDecisionForm(prefix=prefix)
    return ExtensionDecisionForm(formdata=None, prefix=prefix)


# Each employer form's prefix: the forms share one page.
FORM_PREFIXES: dict[type[CourseEventForm], str] = {
    ExtensionRequestForm: "extension", TerminationForm: "termination",
    CompletionForm: "completion"}


def employer_context(agreement: Agreement, user: User,
                     posted: CourseEventForm | None = None) -> dict[str, object]:
    """The employer's agreement page's part: the course and the forms; a
    refused form as `form`, so that the page says "Fejl:" in its title."""
    return {"course": course_facts(agreement, "employer.course_certificate_employer"),
            "employer_actions": employer_actions(agreement, user, posted), "form": posted,
            "amendment_panel": amendment_panels.panel(agreement, user, posted),
            "trainee_copy": trainee_copy_panel.door(agreement, "employer.trainee_copy_employer")}


def caseworker_context(agreement: Agreement, user: User,
                       posted: tuple[int, ExtensionDecisionForm] | None = None,
                       amendment_form: CourseEventForm | None = None,
                       amendment_decision: tuple[int, AmendmentDecisionForm] | None = None,
                       ) -> dict[str, object]:
    """The caseworker's agreement page's part: the course, the requests
    awaiting a decision and the amendments (a refused amendment form as
    `amendment_form` or `amendment_decision`)."""
    refused = (posted[1] if posted is not None else
               amendment_decision[1] if amendment_decision is not None else amendment_form)
    return {"course": course_facts(agreement, "caseworker.course_certificate_caseworker"),
            "extension_panel": extension_panel(agreement, user, posted),
            "amendment_panel": amendment_panels.panel(agreement, user, amendment_form,
                                                      amendment_decision),
            "trainee_copy": trainee_copy_panel.door(agreement,
                                                    "caseworker.trainee_copy_caseworker"),
            "form": refused}
