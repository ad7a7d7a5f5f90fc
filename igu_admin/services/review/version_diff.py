"""The differences between two submitted versions of an agreement, field by
field, for the case page: what the employer changed after a request for
changes. Read from the versions' stored data, never from the live draft.

The trainee's CPR number is not in a version's data (the version points to
the person record); a different person shows as a changed CPR number,
masked (DDMMYY-XXXX) unless the reader may see it in full (the
municipality's caseworkers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from igu_admin.core.cpr_vault import vault
from igu_admin.documents.amendment_pdf import AMENDMENT
from igu_admin.domain.identifiers import format_cpr, mask_cpr
from igu_admin.extensions import db
from igu_admin.models import AgreementVersion, Trainee
from igu_admin.services import documents
from igu_admin.wording import agreement_fields

__all__ = ["FieldChange", "version_diff"]

CPR_PATH = "trainee.cpr"
# In the data but not a field of its own: the company does not change
# between versions, the person is shown by the CPR number, and the marks of
# an amendment's version (its terms are the fields that changed) and of an
# imported one (said in the version's heading) are not terms.
_NOT_SHOWN = frozenset({"company_id", "trainee_id", AMENDMENT, documents.IMPORTED})


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its path (as in the API), its name in the
    reader's language, and its value before and after as written for people
    ("" when empty)."""

    path: str
    label: str
    before: str
    after: str


def version_diff(older: AgreementVersion, newer: AgreementVersion, *,
                 full_cpr: bool = False) -> list[FieldChange]:
    """The fields that differ from `older` to `newer`, in the agreement's own
    order; a field neither version knows (data of a later release) comes last
    by its key. Empty when nothing changed. `full_cpr`: a changed CPR number
    written in full (for a caseworker), else masked."""
    before, after = older.data or {}, newer.data or {}
    changes: list[FieldChange] = []
    for field in (*agreement_fields.FIELDS, agreement_fields.RULESET):
        if field.path == CPR_PATH:
            # Compared by the person, not by the masked text (two people
            # born on the same day have the same DDMMYY-XXXX).
            if before.get("trainee_id") != after.get("trainee_id"):
                changes.append(FieldChange(field.path, str(field.label),
                                           _cpr(before.get("trainee_id"), full_cpr),
                                           _cpr(after.get("trainee_id"), full_cpr)))
        elif field.key is not None and before.get(field.key) != after.get(field.key):
            changes.append(FieldChange(field.path, str(field.label),
                                       agreement_fields.shown(field, before.get(field.key)),
                                       agreement_fields.shown(field, after.get(field.key))))
    known = set(agreement_fields.BY_KEY) | _NOT_SHOWN
    for key in sorted((set(before) | set(after)) - known):
        if before.get(key) != after.get(key):
            changes.append(FieldChange(key, key, _plain(before.get(key)), _plain(after.get(key))))
    return changes


def _cpr(trainee_id: Any, full: bool) -> str:
    if not trainee_id:
        return ""
    trainee = db.session.get(Trainee, trainee_id)
    if trainee is None:
        return ""
    cpr = vault().decrypt(trainee.cpr_encrypted)
    return format_cpr(cpr) if full else mask_cpr(cpr)


def _plain(value: Any) -> str:
    return "" if value is None else str(value)
