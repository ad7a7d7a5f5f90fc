"""The agreement's terms on the case page, as the employer entered them: the
job, the workplace, the hours, the collective agreement, the wages for year
1 and 2 as money, the terms of employment, and the wage points to check
(the agreement checks' own warnings), so the caseworker need not open the
PDF to review them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal, gettext

from igu_admin.models import Agreement
from igu_admin.services import agreements
from igu_admin.wording import agreement_fields
from igu_admin.wording.agreement import per_basis

__all__ = ["Term", "agreement_terms"]

# The fields shown, by path, in the agreement's order.
TERM_PATHS = ("job_title", "tasks", "workplace_address", "weekly_hours",
              "collective_agreement", "wage.year1", "wage.year2", "terms.holiday",
              "terms.notice", "terms.other")
_WAGES = ("wage.year1", "wage.year2")


@dataclass(frozen=True)
class Term:
    """One line: its path (as in the API), its name, its value written for
    reading ("" when not entered), and whether it keeps its line breaks."""

    path: str
    label: str
    value: str
    multiline: bool


def agreement_terms(agreement: Agreement) -> list[Term]:
    """The terms of the agreement as it stands (as sent, once sent)."""
    data = agreements.submitted_data(agreement)
    basis = data.get("wage_basis") or "monthly"
    terms = []
    for field in agreement_fields.FIELDS:
        if field.path not in TERM_PATHS or field.key is None:
            continue
        value = data.get(field.key)
        if field.path in _WAGES:
            text = _wage(value, basis)
        elif field.path == "weekly_hours" and value not in (None, ""):
            text = gettext("%(hours)s hours", hours=format_decimal(Decimal(str(value))))
        else:
            text = agreement_fields.shown(field, value)
        terms.append(Term(field.path, str(field.label), text, field.kind == "multiline"))
    return terms


def _wage(value: object, basis: str) -> str:
    if value in (None, ""):
        return ""
    try:
        return per_basis(Decimal(str(value)), basis)
    except InvalidOperation:
        return str(value)
