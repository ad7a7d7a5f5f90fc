"""The follow-up plan's months: the municipality's own, else the setting."""

from __future__ import annotations

from flask import current_app

from igu_admin.domain.follow_up import parse_months
from igu_admin.models import Agreement


def months_for(agreement: Agreement) -> tuple[int, ...]:
    """The months after the start when the course's check-ins fall due. A
    municipality's own months that cannot be read fall back to the setting."""
    own = agreement.municipality.follow_up_months if agreement.municipality else None
    if own:
        try:
            return parse_months(own)
        except ValueError:
            pass
    return parse_months(current_app.config["IGU_FOLLOW_UP_MONTHS"])
