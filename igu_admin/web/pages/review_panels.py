"""What the pages of a case show of the municipality's review, and the forms
each reader may use there.

The caseworker's case page: the eligibility assessment, the submitted
versions with what changed between them field by field, the decisions so
far, the decision forms (agreement and plan), the integration programme's
start, the conversation and the audit trail. The employer's agreement page:
the municipality's decisions with their reasons, the conversation and,
once approved, the next steps (sign, register in VITAS).

A form the reader posted and the services refused comes back as `posted`
(its key and the form) and is shown as posted, with its messages; every
other form is fresh, with the record's current lock_version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask_babel import get_locale
from flask_babel import gettext as _
from pydantic import BaseModel

from forms.casework import (
    AgreementDecisionForm,
    CommentForm,
    PlanDecisionForm,
    ProgrammeStartForm,
    RegistrationForm,
    SignedCopyForm,
    SigningForm,
)
from forms.course import CourseEventForm
from forms.trainee_language import TraineeLanguageForm
from igu_admin.core import clock
from igu_admin.core.errors import ConflictError, RulesRefused, SubmissionRefused
from igu_admin.core.lifecycle import actor_role
from igu_admin.domain import trainee_languages
from igu_admin.domain.lifecycle import (
    Action,
    AgreementStatus,
    PlanStatus,
    RecordKind,
    StartedBy,
    allowed_actions,
)
from igu_admin.inputs.errors import InputErrors, validate_input
from igu_admin.models import Agreement, AgreementVersion, Decision, SchoolingPlan, User
from igu_admin.services import agreements
from igu_admin.services.plans import building as schooling_plans
from igu_admin.services.review import comments, decisions, next_steps, vitas_summary
from igu_admin.services.review import events as agreement_events
from igu_admin.services.review.version_diff import FieldChange, version_diff
from igu_admin.web.errors import conflict_message
from igu_admin.web.pages import date_hints as hints
from igu_admin.wording.eligibility import criteria_rows

# Each form's key (its prefix on the page, so that several share one page).
AGREEMENT_DECISION, PLAN_DECISION = "agreement_decision", "plan_decision"
COMMENT, PROGRAMME_START = "comment", "programme"
SIGNING, REGISTRATION, SIGNED_COPY = "signing", "registration", "signed_copy"
TRAINEE_LANGUAGE = "trainee_language"
FORMS: dict[str, type[CourseEventForm]] = {
    AGREEMENT_DECISION: AgreementDecisionForm, PLAN_DECISION: PlanDecisionForm,
    COMMENT: CommentForm, PROGRAMME_START: ProgrammeStartForm, SIGNING: SigningForm,
    REGISTRATION: RegistrationForm, SIGNED_COPY: SignedCopyForm,
    TRAINEE_LANGUAGE: TraineeLanguageForm}
# The decisions the employer is told about at the top of the page.
_TOLD = (Action.REQUEST_CHANGES.value, Action.REJECT.value)

Posted = tuple[str, CourseEventForm]
F = TypeVar("F", bound=CourseEventForm)


T = TypeVar("T")


def all_pages(page: Callable[[int | None], tuple[list[T], int | None]]) -> list[T]:
    """Every record a paged listing gives (the services page by id), in order:
    the case page shows the whole conversation and the whole audit trail."""
    found, after = page(None)
    while after is not None:
        more, after = page(after)
        found += more
    return found


def posted_form(key: str) -> CourseEventForm:
    """The form `key` as posted in this request."""
    form = FORMS[key](prefix=key)
    if isinstance(form, TraineeLanguageForm):
        form.configure(trainee_languages.choices(str(get_locale())))
    return form


def trainee_language_form(agreement: Agreement, posted: Posted | None) -> TraineeLanguageForm:
    """"Elevens sprog" on the agreement's page, for the employer and the
    caseworker in any status: as posted (refused), else with the language
    chosen and the agreement's lock_version."""
    form: TraineeLanguageForm = _form(TRAINEE_LANGUAGE, posted, agreement.lock_version)
    form.configure(trainee_languages.choices(str(get_locale())))
    if posted is None or posted[0] != TRAINEE_LANGUAGE:
        form.trainee_language.data = agreement.trainee_language or ""
    return form


def _form(key: str, posted: Posted | None, lock_version: int | None = None) -> Any:
    """The form `key`: as posted (refused) when it was, else fresh."""
    if posted is not None and posted[0] == key:
        return posted[1]
    fresh = FORMS[key](formdata=None, prefix=key)
    if lock_version is not None and "lock_version" in fresh:
        fresh.lock_version.data = str(lock_version)
    return fresh


@dataclass(frozen=True)
class VersionEntry:
    """A submitted version, and what changed since the one before (None for
    the first)."""

    version: AgreementVersion
    changes: list[FieldChange] | None


def history(agreement: Agreement, full_cpr: bool) -> list[VersionEntry]:
    """The submitted versions, newest first, each with its differences from
    the one before it."""
    ordered = list(agreement.versions)
    entries = [VersionEntry(v, None if n == 0 else
                            version_diff(ordered[n - 1], v, full_cpr=full_cpr))
               for n, v in enumerate(ordered)]
    return list(reversed(entries))


def _may(kind: RecordKind, status: str, user: User, action: Action) -> bool:
    return action in allowed_actions(kind, status, actor_role(user))


def plan_decidable(agreement: Agreement, plan: SchoolingPlan | None) -> bool:
    """Whether a plan awaits the municipality's decision now (the service
    says the last word)."""
    return (plan is not None and plan.status == PlanStatus.SUBMITTED.value
            and agreement.status not in (AgreementStatus.WITHDRAWN.value,
                                         AgreementStatus.REJECTED.value))


def caseworker_context(agreement: Agreement, user: User,
                       posted: Posted | None = None) -> dict[str, object]:
    """The caseworker's case page's part of the review."""
    review = agreements.review(agreement, everywhere=True)
    plan = schooling_plans.find_plan(agreement)
    decide_agreement = (posted is not None and posted[0] == AGREEMENT_DECISION) or _may(
        RecordKind.AGREEMENT, agreement.status, user, Action.APPROVE)
    decide_plan = (posted is not None and posted[0] == PLAN_DECISION) or (
        plan_decidable(agreement, plan)
        and _may(RecordKind.PLAN, PlanStatus.SUBMITTED.value, user, Action.APPROVE))
    conversation = all_pages(lambda after: comments.comments_of(user, agreement, after, 500))
    events = all_pages(lambda after: agreement_events.agreement_events(user, agreement, after, 500))
    return {
        "review": review, "criteria": criteria_rows(review.assessment),
        "history": history(agreement, full_cpr=True),
        "decisions": decisions.decisions_of(user, agreement),
        "agreement_decision_form": _form(AGREEMENT_DECISION, posted, agreement.lock_version)
        if decide_agreement else None,
        "plan_decision_form": _form(PLAN_DECISION, posted,
                                    plan.lock_version if plan is not None else None)
        if decide_plan else None,
        "programme_form": _programme_form(agreement, posted),
        "trainee_language_form": trainee_language_form(agreement, posted),
        "comments": conversation, "comment_form": _form(COMMENT, posted),
        "events": events,
        "assigned_to_me": agreement.assigned_caseworker_id == user.id,
        "signed_copy": next_steps.latest_signed_copy(agreement),
        "registration": next_steps.registration(agreement)
        if _approved_here(agreement) else None,
        "decided_agreement": _approved_here(agreement),
    }


def _approved_here(agreement: Agreement) -> bool:
    """Approved in igu-admin: an imported course was approved, signed and
    registered before, and has no approved copy nor steps after approval."""
    return (agreement.status in next_steps.AFTER_APPROVAL
            and agreement.started_by != StartedBy.IMPORT.value)


def started_draft_context(agreement: Agreement, user: User,
                          posted: Posted | None = None) -> dict[str, object]:
    """The conversation on a draft the jobcentre started, as its caseworkers see it."""
    return {"comments": all_pages(lambda after: comments.comments_of(user, agreement, after,
                                                                     500)),
            "comment_form": _form(COMMENT, posted)}


def _programme_form(agreement: Agreement, posted: Posted | None) -> ProgrammeStartForm:
    form: ProgrammeStartForm = _form(PROGRAMME_START, posted, agreement.lock_version)
    if (posted is None or posted[0] != PROGRAMME_START) and agreement.integration_programme_start:
        form.day.data = agreement.integration_programme_start
    return form


def told_decisions(found: list[Decision]) -> list[Decision]:
    """The latest decision on the agreement and on the plan, when it was a
    request for changes or a rejection: what the employer must act on."""
    latest: dict[str, Decision] = {}
    for decision in found:
        latest[decision.subject] = decision
    return [d for d in latest.values() if d.kind in _TOLD]


def employer_context(agreement: Agreement, user: User,
                     posted: Posted | None = None) -> dict[str, object]:
    """The employer's agreement page's part: the municipality's decisions,
    the conversation and, after approval, the next steps."""
    submitted = agreement.submitted_at is not None
    # A draft the jobcentre started has its conversation from the start: the
    # employer asks there for a change to the trainee part.
    talking = submitted or agreements.is_started_by_municipality(agreement)
    found = decisions.decisions_of(user, agreement) if submitted else []
    context: dict[str, object] = {
        "decisions": found, "told_decisions": told_decisions(found),
        "comments": all_pages(lambda after: comments.comments_of(user, agreement, after, 500))
        if talking else [],
        "comment_form": _form(COMMENT, posted) if talking else None,
        "trainee_language_form": trainee_language_form(agreement, posted),
    }
    if _approved_here(agreement):
        context["next_steps"] = _next_steps(agreement, posted)
    return context


@dataclass(frozen=True)
class NextSteps:
    """The employer's steps after approval, in order, with their forms."""

    registration: next_steps.Registration
    signing_form: SigningForm
    signed_copy_form: SignedCopyForm
    registration_form: RegistrationForm
    signed_copy: Any
    summary: list[vitas_summary.VitasField]
    max_upload_mb: int
    deadline_passed: bool
    # The date fields' hints, with examples from the agreement and today.
    signing_hint: str
    registration_hint: str


def _next_steps(agreement: Agreement, posted: Posted | None) -> NextSteps:
    registration = next_steps.registration(agreement)
    signing: SigningForm = _form(SIGNING, posted, agreement.lock_version)
    registered: RegistrationForm = _form(REGISTRATION, posted, agreement.lock_version)
    _show_recorded(signing, registration.signed_on, posted, SIGNING)
    _show_recorded(registered, registration.registered_on, posted, REGISTRATION)
    start = agreement.start_date
    assert start is not None, "an approved agreement has its start date"
    return NextSteps(registration=registration, signing_form=signing,
                     signed_copy_form=_form(SIGNED_COPY, posted),
                     registration_form=registered,
                     signed_copy=next_steps.latest_signed_copy(agreement),
                     summary=vitas_summary.vitas_summary(agreement),
                     max_upload_mb=next_steps.MAX_SIGNED_COPY_BYTES // (1024 * 1024),
                     deadline_passed=registration.deadline is not None
                     and registration.deadline < clock.today(),
                     signing_hint=hints.signing_hint(start, clock.today()),
                     registration_hint=hints.registration_hint(
                         registration.signed_on, registration.deadline, clock.today()))


def _show_recorded(form: Any, day: Any, posted: Posted | None, key: str) -> None:
    """A fresh form shows the day recorded, for a correction."""
    if day is not None and (posted is None or posted[0] != key):
        form.day.data = day


def stale_message() -> str:
    return _("The case has been changed by someone else while you had it open, so your "
             "change was not saved. What you entered is kept: look at the case as it is now "
             "and try again.")


def act_on(form: CourseEventForm, model: type[BaseModel], act: Callable[[Any], object]) -> bool:
    """Check the form, parse what it built as the API would, and act; False
    with the messages on the form when anything refuses."""
    if not form.validate():
        return False
    try:
        act(validate_input(model, form.raw()))
    except (InputErrors, RulesRefused, SubmissionRefused) as refused:
        form.place_errors(refused.errors)
        return False
    except ConflictError as error:
        form.form_errors.append(stale_message() if error.code == "stale"
                                else conflict_message(error))
        return False
    return True
