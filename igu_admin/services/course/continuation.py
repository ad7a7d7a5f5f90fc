"""Another company continues a course that ended early (dismissal, closure):
the same IGU, with the time already served counted.

When the company named on the termination uses igu-admin, it gets a draft
agreement that continues the course: the trainee as typed on the ended
agreement, the day after the last day as start, the course's end as end,
and the rule set the course began under. The work, wage and terms are the
new company's to fill in. It sees only this draft, never the ended
agreement (tenancy goes by company).
"""

from __future__ import annotations

from sqlalchemy import select

from igu_admin.core import audit
from igu_admin.domain import course_events
from igu_admin.domain.lifecycle import AgreementStatus, RecordKind
from igu_admin.extensions import db
from igu_admin.models import Agreement, Company, User
from igu_admin.services.agreements import draft_defaults

# The trainee as typed, and their facts for eligibility, carried over as they are.
_CARRIED = ("trainee_name", "trainee_cpr_encrypted", "trainee_cpr_hash", "trainee_sex", "trainee_address",
            "trainee_email", "trainee_phone", "municipality_code", "target_group",
            "residence_permit_kind", "residence_permit_date", "registered_since",
            "integration_programme_start")


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
