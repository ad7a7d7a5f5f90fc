"""The receipt (kvittering) after an agreement is submitted. What the
employer does next is the course's steps (services.employer_steps)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from igu_admin.core import clock
from igu_admin.core.errors import (
    NotFound,
)
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    Municipality,
)
from igu_admin.wording.eligibility_answer import Notice
from igu_admin.wording.notices import notices_for


@dataclass(frozen=True)
class Receipt:
    """What the receipt (kvittering) after submission shows."""

    agreement_id: int
    version: int
    submitted_at: datetime
    municipality: str  # as it names itself: "Københavns Kommune"
    notices: list[Notice]


def receipt(agreement: Agreement) -> Receipt:
    """The receipt for the agreement's latest submission."""
    if not agreement.versions:
        raise NotFound(str(agreement.id))
    version = agreement.versions[-1]
    municipality = (db.session.get(Municipality, agreement.municipality_code)
                    if agreement.municipality_code else None)
    name = municipality.official_name if municipality is not None else ""
    start = agreement.start_date or clock.today()
    return Receipt(agreement_id=agreement.id, version=version.number,
                   submitted_at=version.submitted_at, municipality=name,
                   notices=notices_for(start, agreement.ruleset_code))
