"""A municipality's records often hold a course twice when another employer
continued it: the first employer's agreement, ended early naming the new
employer's CVR number, and the new employer's agreement for the same
trainee from a later day. Imported, the two are one course: the later one
continues the earlier (`continues_agreement_id`), as a continuation made in
igu-admin does, so the overview counts one start, the certificate names both
employers and the early-ended list shows the continuation.
"""

from __future__ import annotations

from sqlalchemy import and_, select, update
from sqlalchemy.orm import aliased

from igu_admin.core import audit
from igu_admin.domain.lifecycle import RecordKind, StartedBy
from igu_admin.extensions import db
from igu_admin.models import Agreement, Company, User


def link_continuations(actor: User | None, municipality_code: str) -> int:
    """Link each imported agreement of the municipality, not linked yet, to
    the same trainee's agreement that ended early before its first day
    naming its company as the one that continues (the latest such end when
    there are several), with an audit event each. Returns how many."""
    earlier = aliased(Agreement)
    pairs = db.session.execute(
        select(Agreement.id, earlier.id)
        .join(Company, Company.id == Agreement.company_id)
        .join(earlier, and_(earlier.continued_by_cvr == Company.cvr,
                            earlier.trainee_cpr_hash == Agreement.trainee_cpr_hash,
                            earlier.termination_date < Agreement.start_date,
                            earlier.id != Agreement.id))
        .where(Agreement.municipality_code == municipality_code,
               Agreement.started_by == StartedBy.IMPORT.value,
               Agreement.continues_agreement_id.is_(None))
        .order_by(Agreement.id, earlier.termination_date, earlier.id)).all()
    # The latest end before each later agreement: the one it continues.
    continues = {later: first for later, first in pairs}
    for later, first in continues.items():
        db.session.execute(update(Agreement).where(Agreement.id == later).values(
            continues_agreement_id=first, lock_version=Agreement.lock_version + 1))
        audit.record(actor, RecordKind.AGREEMENT.value, later, "continuation_linked",
                     before={"continues_agreement_id": None},
                     after={"continues_agreement_id": first})
    return len(continues)
