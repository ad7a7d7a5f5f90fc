"""Another company continues a course that ended early (dismissal, closure):
the same IGU, with the time already served counted.

When the company named on the termination uses igu-admin, it gets a draft
agreement that continues the course: the trainee as typed on the ended
agreement, the day after the last day as start, the course's end as end,
and the rule set the course began under. The work, wage and terms are the
new company's to fill in. It sees only this draft, never the ended
agreement (tenancy goes by company).

The continuing company is named when the early end is recorded, or after
the fact (`record_continuation`): the jobcentre often learns of the new
employer only weeks later.
"""

from __future__ import annotations

from sqlalchemy import select

from igu_admin.core import audit, tenancy
from igu_admin.core.errors import ConflictError, PermissionDenied
from igu_admin.core.locking import ensure_current
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain import course_events
from igu_admin.domain.agreement_rules import Problem
from igu_admin.domain.lifecycle import AgreementStatus, RecordKind
from igu_admin.domain.roles import Role
from igu_admin.extensions import db
from igu_admin.inputs.course import ContinuationInput
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement, Company, User
from igu_admin.services.agreements import draft_defaults
from igu_admin.wording.course import worded

# The trainee as typed, and their facts for eligibility, carried over as they are.
_CARRIED = ("trainee_name", "trainee_cpr_encrypted", "trainee_cpr_hash", "trainee_sex",
            "trainee_birth_date", "trainee_address", "trainee_email", "trainee_phone",
            "municipality_code", "target_group",
            "residence_permit_kind", "residence_permit_date", "registered_since",
            "integration_programme_start")


# Who may name the continuing company: the parties who record an early end.
NAMES_CONTINUATION = (Role.EMPLOYER, Role.CASEWORKER)
# A draft withdrawn or refused continues nothing.
_GIVEN_UP = (AgreementStatus.WITHDRAWN.value, AgreementStatus.REJECTED.value)


def company_with_cvr(cvr: str) -> Company | None:
    return db.session.scalar(select(Company).where(Company.cvr == cvr))


def start_continuation(actor: User | None, ended: Agreement, company: Company) -> Agreement:
    """A draft for `company` continuing `ended`'s course, in the caller's unit
    of work. `ended` has its termination date recorded."""
    assert ended.termination_date is not None and ended.end_date is not None
    defaults = draft_defaults(company, "")
    draft = Agreement(
        company_id=company.id, status=AgreementStatus.DRAFT.value, step_reached="",
        continues_agreement_id=ended.id, ruleset_code=ended.ruleset_code,
        start_date=course_events.continuation_start(ended.termination_date),
        end_date=ended.end_date, absences=list(ended.absences or []),
        # The course continued is not a previous IGU (the same one goes on);
        # whether the trainee worked in the new company before is its to answer.
        previous_igu=False, recent_ordinary_employment=None,
        workplace_address=defaults["workplace_address"],
        terms_holiday=defaults["terms"]["holiday"], terms_notice=defaults["terms"]["notice"],
        **{column: getattr(ended, column) for column in _CARRIED})
    db.session.add(draft)
    db.session.flush()
    audit.record(actor, RecordKind.AGREEMENT.value, draft.id, "created", after={
        "status": draft.status, "continues_agreement_id": ended.id,
        "start_date": draft.start_date.isoformat() if draft.start_date else None,
        "end_date": ended.end_date.isoformat()})
    return draft


def continuation_of(ended: Agreement) -> Agreement | None:
    """The agreement in igu-admin that continues `ended`'s course, if any (a
    draft withdrawn or refused does not count)."""
    return db.session.scalar(
        select(Agreement).where(Agreement.continues_agreement_id == ended.id,
                                Agreement.status.not_in(_GIVEN_UP))
        .order_by(Agreement.id).limit(1))


@use_case
def record_continuation(actor: User, ended: Agreement, named: ContinuationInput) -> Agreement:
    """Name, after the fact, the company that continues a course whose early
    end is recorded: kept as `continued_by_cvr`, and a company that uses
    igu-admin gets a draft continuing the course, as at the termination.
    Refuses other roles than the employer and the caseworker
    (PermissionDenied); a stale lock_version, a course with no early end
    recorded, or one already continued in igu-admin (ConflictError); the
    ended agreement's own company (InputErrors at `continued_by_cvr`)."""
    if actor.role not in NAMES_CONTINUATION:
        raise PermissionDenied("record_continuation")
    tenancy.get_agreement(actor, ended.id)
    ensure_current(ended, named.lock_version)
    if ended.termination_date is None or ended.end_date is None:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value,
                            action="record_continuation", status=ended.status)
    if continuation_of(ended) is not None:
        raise ConflictError("continued", kind=RecordKind.AGREEMENT.value,
                            action="record_continuation", status=ended.status)
    if named.continued_by_cvr == ended.company.cvr:
        raise InputErrors(worded([Problem("continued_by_cvr", "continuation_same_employer")]))
    before = ended.continued_by_cvr
    ended.continued_by_cvr = named.continued_by_cvr
    audit.record(actor, RecordKind.AGREEMENT.value, ended.id, "continuation_recorded",
                 before={"continued_by_cvr": before},
                 after={"continued_by_cvr": named.continued_by_cvr})
    company = company_with_cvr(named.continued_by_cvr)
    if company is not None:
        start_continuation(actor, ended, company)
    return ended
