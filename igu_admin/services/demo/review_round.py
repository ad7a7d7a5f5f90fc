"""The demo's case sent back and sent again: the caseworker asks for the
wage and the hours to follow the collective agreement, the employer changes
them and sends the agreement again. The case page then shows what changed,
field by field, in the audit trail and between the two versions, money
written as money ("12.132,00 kr. → 12.500,00 kr.")."""

from __future__ import annotations

from sqlalchemy import select

from igu_admin.core.cpr_vault import vault
from igu_admin.domain.identifiers import parse_cpr
from igu_admin.domain.lifecycle import AgreementStatus
from igu_admin.extensions import db
from igu_admin.inputs.agreement import parse_changes
from igu_admin.models import Agreement, User
from igu_admin.services import agreements, review

__all__ = ["REASON", "ensure_sent_back_and_changed"]

REASON = ("Lønnen skal svare til overenskomsten, og den ugentlige arbejdstid skal være de 35 "
          "timer, I har aftalt. Ret dem, og send aftalen igen.")
# 35 hours still leave the workplace its 25 hours a week on average beside the
# schooling, so the demo's plan can be made valid (30 could not).
CHANGES = {"weekly_hours": "35.00",
           "wage": {"basis": "monthly", "year1": "12500.00", "year2": "13800.00"}}


def ensure_sent_back_and_changed(employer: User, caseworker: User, cpr: str) -> None:
    """The round for the person's agreement, once: only while it waits with
    its first version (a later run, or a case decided meanwhile, is left as
    it is)."""
    agreement = db.session.scalar(select(Agreement).where(
        Agreement.trainee_cpr_hash == vault().lookup_hash(parse_cpr(cpr))))
    if (agreement is None or agreement.status != AgreementStatus.SUBMITTED.value
            or len(agreement.versions) != 1):
        return
    review.decide_agreement(caseworker, agreement, "request_changes", REASON,
                            agreement.lock_version)
    agreements.update_draft(employer, agreement, parse_changes(CHANGES),
                            agreement.lock_version)
    agreements.submit(employer, agreement, lock_version=agreement.lock_version)
