"""The course as recorded: one IGU over one agreement, or several when
another company continued it, with its extensions.

An agreement made to continue a course after its early end points to the
agreement it continues (`continues_agreement_id`), which may itself continue
another. The whole chain is one IGU: the time served counts, the trainee is
judged as on the course's first start date, and none of the chain's
agreements is the trainee's "previous" IGU.
"""

from __future__ import annotations

from sqlalchemy import select

from igu_admin.extensions import db
from igu_admin.models import Agreement, CourseExtension


def continued_agreements(agreement: Agreement) -> list[Agreement]:
    """The agreements `agreement` continues, the nearest first; empty for a
    course's first agreement. Stops at a loop, which no service makes."""
    chain: list[Agreement] = []
    seen = {agreement.id}
    current = agreement
    while current.continues_agreement_id is not None \
            and current.continues_agreement_id not in seen:
        found = db.session.get(Agreement, current.continues_agreement_id)
        if found is None:
            break
        chain.append(found)
        seen.add(found.id)
        current = found
    return chain


def first_agreement(agreement: Agreement) -> Agreement:
    """The agreement the course began with (the agreement itself if it is not
    a continuation)."""
    chain = continued_agreements(agreement)
    return chain[-1] if chain else agreement


def extensions_of(agreement: Agreement) -> list[CourseExtension]:
    """The agreement's extensions (asked for, decided or not), in the order
    they were asked for."""
    return list(db.session.scalars(select(CourseExtension)
                                   .where(CourseExtension.agreement_id == agreement.id)
                                   .order_by(CourseExtension.number)))
