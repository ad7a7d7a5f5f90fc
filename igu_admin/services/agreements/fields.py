"""The agreement's fields: where each field path (as in the API) is kept on
the record, its values read as the forms and the API write them, what is
still missing, and the data a submitted version keeps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from igu_admin.core.cpr_vault import vault
from igu_admin.domain import agreement_rules
from igu_admin.domain import lifecycle as lifecycle_rules
from igu_admin.domain.identifiers import format_cpr, mask_cpr, mask_cpr_numbers
from igu_admin.models import (
    Agreement,
)

REQUIRED_TO_SUBMIT = agreement_rules.REQUIRED_TO_SUBMIT


# The steps of the guided flow in order; `step_reached` keeps the furthest.
# ("background": the trainee's target group, evidence and residence.)
STEPS = ("company", "trainee", "background", "employment", "wage", "terms", "check")


# The statuses in which the employer may change the agreement.
EDITABLE = lifecycle_rules.EDITABLE


# Where each field path (as in the API) is kept on the agreement. The CPR
# number (encrypted, with its keyed hash) and the periods abroad (a JSON
# list) are written by hand.
COLUMNS: dict[str, str] = {
    "trainee.name": "trainee_name",
    "trainee.address": "trainee_address",
    "trainee.email": "trainee_email",
    "trainee.phone": "trainee_phone",
    "trainee.municipality_code": "municipality_code",
    "trainee.target_group": "target_group",
    "trainee.residence_permit.kind": "residence_permit_kind",
    "trainee.residence_permit.date": "residence_permit_date",
    "trainee.registered_since": "registered_since",
    "trainee.previous_igu": "previous_igu",
    "trainee.recent_ordinary_employment": "recent_ordinary_employment",
    "start_date": "start_date",
    "workplace_address": "workplace_address",
    "job_title": "job_title",
    "tasks": "tasks",
    "weekly_hours": "weekly_hours",
    "collective_agreement": "collective_agreement",
    "wage.basis": "wage_basis",
    "wage.year1": "wage_rate_year1",
    "wage.year2": "wage_rate_year2",
    "terms.holiday": "terms_holiday",
    "terms.notice": "terms_notice",
    "terms.other": "terms_other",
    "contact_person": "contact_person",
    "trainee_language": "trainee_language",
}

# Kept as NULL while not chosen; "" in a change clears it (a draft's fields
# are never null). Not in `submitted_data`: no term of the agreement, no
# part of its versions nor of their PDFs.
NULL_WHEN_EMPTY = frozenset({"trainee_language"})


CPR_PATH, ABSENCES_PATH = "trainee.cpr", "trainee.absences"


WAGE_PATHS = ("wage.basis", "wage.year1", "wage.year2")


# Which field an eligibility criterion that fails is about.
CRITERION_PATHS = {
    "scheme_window": "start_date",
    "age": "trainee.cpr",
    "residence": "trainee.registered_since",
    "target_group": "trainee.target_group",
    "previous_igu": "trainee.previous_igu",
    "recent_employment": "trainee.recent_ordinary_employment",
}


def agreement_cpr(agreement: Agreement, full: bool) -> str | None:
    """The trainee's CPR number as typed on the agreement: DDMMYY-XXXX, or in
    full where the reader may see it (None while not typed)."""
    if agreement.trainee_cpr_encrypted is None:
        return None
    cpr = vault().decrypt(agreement.trainee_cpr_encrypted)
    return format_cpr(cpr) if full else mask_cpr(cpr)


def plain_cpr(agreement: Agreement) -> str | None:
    """For rules and look-ups inside a use case; never for display."""
    if agreement.trainee_cpr_encrypted is None:
        return None
    return vault().decrypt(agreement.trainee_cpr_encrypted)


def draft_values(agreement: Agreement) -> dict[str, Any]:
    """The agreement's current values in the shape of AgreementChanges (dates,
    Decimals, booleans; None or "" where not given), for prefilling forms
    and listing answers. The CPR number is left out: see `agreement_cpr`."""
    values: dict[str, Any] = {}
    for path, parts, column in _COLUMN_PATHS:
        value = getattr(agreement, column)
        put_parts(values, parts, None if value == "" and path in CODES else value)
    put_value(values, ABSENCES_PATH, [{"from": date.fromisoformat(a["from"]),
                                  "to": date.fromisoformat(a["to"])}
                                 for a in agreement.absences or []])
    return values


# Codes kept as "" in their columns while not chosen; None in the values.
CODES = frozenset({"collective_agreement", "wage.basis", "trainee_language"})
# COLUMNS with each path cut at its dots once (draft_values runs for every
# record of a list).
_COLUMN_PATHS = tuple((path, tuple(path.split(".")), column) for path, column in COLUMNS.items())


def put_value(values: dict[str, Any], path: str, value: Any) -> None:
    put_parts(values, tuple(path.split(".")), value)


def put_parts(values: dict[str, Any], parts: tuple[str, ...], value: Any) -> None:
    *parents, leaf = parts
    for part in parents:
        values = values.setdefault(part, {})
    values[leaf] = value


def value_at(values: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        if not isinstance(values, dict) or part not in values:
            return None
        values = values[part]
    return values


def merged_values(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(current)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merged_values(merged[key], value)
        else:
            merged[key] = value
    return merged


def presence(values: dict[str, Any]) -> Callable[[str], bool]:
    def present(path: str) -> bool:
        value = value_at(values, path)
        return value is not None and value != ""

    return present


def missing_fields(agreement: Agreement) -> list[str]:
    """Field paths still empty that submission needs."""
    values = draft_values(agreement)
    values["trainee"]["cpr"] = agreement.trainee_cpr_hash
    return agreement_rules.missing(presence(values))


def leaf_paths(values: dict[str, Any], prefix: str = "") -> list[str]:
    paths: list[str] = []
    for key, value in values.items():
        if isinstance(value, dict):
            paths += leaf_paths(value, f"{prefix}{key}.")
        else:
            paths.append(prefix + key)
    return paths


def submitted_data(agreement: Agreement) -> dict[str, Any]:
    """The agreement's fields as submitted, enough to render its PDF again
    without the draft. No CPR number: the trainee's id points to it."""
    return {
        "company_id": agreement.company_id,
        "trainee_id": agreement.trainee_id,
        "municipality_code": agreement.municipality_code,
        "ruleset": agreement.ruleset_code,
        "trainee_name": agreement.trainee_name,
        "trainee_address": agreement.trainee_address,
        "trainee_email": agreement.trainee_email,
        "trainee_phone": agreement.trainee_phone,
        "start_date": iso(agreement.start_date),
        "job_title": agreement.job_title,
        "target_group": agreement.target_group,
        "residence_permit_kind": agreement.residence_permit_kind,
        "residence_permit_date": iso(agreement.residence_permit_date),
        "registered_since": iso(agreement.registered_since),
        "absences": list(agreement.absences or []),
        "previous_igu": agreement.previous_igu,
        "recent_ordinary_employment": agreement.recent_ordinary_employment,
        "end_date": iso(agreement.end_date),
        "workplace_address": agreement.workplace_address,
        "tasks": agreement.tasks,
        "weekly_hours": decimal_text(agreement.weekly_hours),
        "collective_agreement": agreement.collective_agreement,
        "wage_basis": agreement.wage_basis,
        "wage_rate_year1": decimal_text(agreement.wage_rate_year1),
        "wage_rate_year2": decimal_text(agreement.wage_rate_year2),
        "terms_holiday": agreement.terms_holiday,
        "terms_notice": agreement.terms_notice,
        "terms_other": agreement.terms_other,
        "contact_person": agreement.contact_person,
    }


# In the submitted data but not fields of their own (the company does not
# change; the person is the CPR number's, which the audit never holds).
_NOT_FIELDS = frozenset({"company_id", "trainee_id"})


def audited_data(agreement: Agreement) -> dict[str, Any]:
    """`submitted_data` and the fields outside the versions (the trainee's
    language): what the audit of a draft's change compares."""
    return {**submitted_data(agreement), "trainee_language": agreement.trainee_language}


def changed_values(before: dict[str, Any], after: dict[str, Any]
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields of two `submitted_data` that differ, as (before, after)
    keyed alike: what the audit keeps of a change, field by field. Never
    the CPR number (the data holds none)."""
    keys = sorted(k for k in (set(before) | set(after)) - _NOT_FIELDS
                  if before.get(k) != after.get(k))
    return ({k: _kept(before.get(k)) for k in keys}, {k: _kept(after.get(k)) for k in keys})


def _kept(value: Any) -> Any:
    """A value as the audit keeps it: a CPR number typed into free text (the
    tasks, the terms) masked, as an e-mail masks it."""
    return mask_cpr_numbers(value) if isinstance(value, str) else value


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
