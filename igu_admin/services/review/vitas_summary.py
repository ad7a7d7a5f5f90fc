"""The VITAS-ready summary: every field of the approved agreement, in the
agreement's own order, each written for copying into the registration.

The screen-level fields of VITAS were not found (igu-rules.md), so the
summary lists the agreement's fields as the agreement has them, not as
VITAS asks. The CPR number is given in full: the employer typed it and
registers it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from igu_admin.core.errors import ConflictError
from igu_admin.core.parties import ensure_employer_of
from igu_admin.domain.lifecycle import RecordKind
from igu_admin.models import Agreement, User
from igu_admin.services import agreements
from igu_admin.services.review.next_steps import AFTER_APPROVAL
from igu_admin.wording import agreement_fields

__all__ = ["VitasField", "summary_for", "vitas_summary"]


class VitasField(NamedTuple):
    """One line of the summary: its name in the reader's language, the value
    to copy ("" where empty), and the field's path (as in the API)."""

    label: str
    value: str
    path: str


def vitas_summary(agreement: Agreement) -> list[VitasField]:
    """Every field of the agreement in its own order, as it stands (an
    extension's new end date included)."""
    data = agreements.submitted_data(agreement)
    company = agreement.company
    own: dict[str, Any] = {
        "company.name": company.name, "company.cvr": company.cvr,
        "company.address": "\n".join(
            (company.address, f"{company.postal_code} {company.city}".strip())),
        "trainee.cpr": agreements.agreement_cpr(agreement, full=True),
    }
    rows = []
    for field in agreement_fields.FIELDS:
        value = data.get(field.key) if field.key is not None else own.get(field.path)
        rows.append(VitasField(str(field.label), agreement_fields.written(field, value),
                               field.path))
    return rows


def summary_for(actor: User, agreement: Agreement) -> list[VitasField]:
    """The summary for the employer of the agreement's company, once the
    municipality has approved it. Refuses another role (PermissionDenied),
    another company's agreement (NotFound) and an agreement not approved
    (ConflictError)."""
    ensure_employer_of(actor, agreement, "agreement_vitas_summary")
    if agreement.status not in AFTER_APPROVAL:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action="vitas_summary",
                            status=agreement.status)
    return vitas_summary(agreement)
