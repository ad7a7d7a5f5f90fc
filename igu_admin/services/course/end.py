"""How a course ends: completed once it has run to its end, or terminated
early (dismissal, resignation, company closure, other), possibly continued
by another company.

The termination date is the last day of employment. It is recorded at once,
also when it lies ahead (a dismissal with notice); the course reads as
terminated from that day: at once when it is today or earlier, else through
the daily job (`services.daily`) when the day comes.
"""

from __future__ import annotations

from datetime import date

from igu_admin.core import audit, tenancy
from igu_admin.core.clock import today as danish_today
from igu_admin.core.errors import RulesRefused
from igu_admin.core.lifecycle import change_status, ensure_allowed
from igu_admin.core.locking import ensure_current
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain import course_events
from igu_admin.domain.agreement_rules import Problem
from igu_admin.domain.lifecycle import Action, RecordKind
from igu_admin.inputs.course import CompletionInput, TerminationInput
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement, User
from igu_admin.services import claims
from igu_admin.services.agreements import lapse_pending_amendment
from igu_admin.services.course import certificate, continuation
from igu_admin.services.course import extension_requests as extensions
from igu_admin.wording.course import worded


@use_case
def record_termination(actor: User, agreement: Agreement, termination: TerminationInput,
                       today: date | None = None) -> Agreement:
    """Record the course's early end (employer or the trainee's municipality).
    Refuses a stale lock_version or a status that allows no termination, or a
    termination already recorded (ConflictError); a date outside the course
    or the caller's own company as the one continuing (InputErrors at `date`,
    `continued_by_cvr`). A date today or earlier ends the course at once; a
    later one is kept for the daily job. A continuing company that uses
    igu-admin gets a draft continuing the course."""
    tenancy.get_agreement(actor, agreement.id)
    ensure_current(agreement, termination.lock_version)
    ensure_allowed(agreement, RecordKind.AGREEMENT, Action.TERMINATE, actor)
    extensions.ensure_no_termination(agreement, Action.TERMINATE)
    problems = list(course_events.check_termination(termination.date_,
                                                    extensions.course_period(agreement)))
    if termination.continued_by_cvr is not None \
            and termination.continued_by_cvr == agreement.company.cvr:
        problems.append(Problem("continued_by_cvr", "continuation_same_company"))
    if problems:
        raise InputErrors(worded(problems))
    agreement.termination_date = termination.date_
    agreement.termination_reason = termination.reason
    agreement.termination_note = termination.note
    agreement.continued_by_cvr = termination.continued_by_cvr
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "termination_recorded", after={
        "date": termination.date_.isoformat(), "reason": termination.reason,
        "note": termination.note, "continued_by_cvr": termination.continued_by_cvr})
    company = (continuation.company_with_cvr(termination.continued_by_cvr)
               if termination.continued_by_cvr else None)
    if company is not None:
        continuation.start_continuation(actor, agreement, company)
    if course_events.termination_in_effect(termination.date_, today or danish_today()):
        end_terminated(agreement, actor)
    # Claims whose milestone the course no longer reaches are cancelled now,
    # a planned termination included; a continuation takes the rest over.
    claims.resync_claims(agreement)
    return agreement


def end_terminated(agreement: Agreement, actor: User | None) -> None:
    """The recorded termination takes effect: the course is terminated and
    open extension requests and a pending amendment lapse. In the caller's
    unit of work; `actor` None is the daily job."""
    extensions.lapse_open_requests(agreement)
    lapse_pending_amendment(agreement)
    change_status(agreement, RecordKind.AGREEMENT, Action.TERMINATE, actor,
                  termination_date=agreement.termination_date,
                  reason=agreement.termination_reason)


@use_case
def complete(actor: User, agreement: Agreement, completion: CompletionInput,
             today: date | None = None) -> Agreement:
    """The employer confirms the course completed, on or after its current
    end date. Refuses a stale lock_version, a course not active, or one whose
    early end is recorded (ConflictError), and a confirmation before the end
    date (RulesRefused at `end_date`). Open extension requests and a pending
    amendment lapse."""
    tenancy.get_agreement(actor, agreement.id)
    ensure_current(agreement, completion.lock_version)
    ensure_allowed(agreement, RecordKind.AGREEMENT, Action.COMPLETE, actor)
    extensions.ensure_no_termination(agreement, Action.COMPLETE)
    as_of = today or danish_today()
    problems = course_events.check_completion(extensions.course_period(agreement), as_of)
    if problems:
        raise RulesRefused(worded(problems))
    extensions.lapse_open_requests(agreement)
    lapse_pending_amendment(agreement)
    change_status(agreement, RecordKind.AGREEMENT, Action.COMPLETE, actor,
                  end_date=agreement.end_date, confirmed_on=as_of)
    # The certificate is made once, now, and kept as the completion claim's
    # evidence: what the employer sends SIRI is what igu-admin hands out.
    certificate.issue_at_completion(actor, agreement)
    return agreement


def may_complete(agreement: Agreement, as_of: date) -> bool:
    """Whether completion would be accepted on `as_of` (for showing the button)."""
    return (agreement.termination_date is None and agreement.end_date is not None
            and agreement.start_date is not None
            and not course_events.check_completion(extensions.course_period(agreement), as_of))

