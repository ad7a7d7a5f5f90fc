"""Trainees: registering a person and showing their CPR number safely."""

from __future__ import annotations

from sqlalchemy import select

from igu_admin.core.cpr_vault import vault
from igu_admin.domain.identifiers import cpr_birth_date, format_cpr, mask_cpr
from igu_admin.extensions import db
from igu_admin.models import Trainee


def display_cpr(trainee: Trainee | None, full: bool) -> str | None:
    """DDMMYY-XXXX, or the whole number where the role needs it (None
    while a draft has no trainee yet)."""
    if trainee is None:
        return None
    cpr = vault().decrypt(trainee.cpr_encrypted)
    return format_cpr(cpr) if full else mask_cpr(cpr)


def find_by_cpr(cpr: str) -> Trainee | None:
    return db.session.scalar(select(Trainee).where(Trainee.cpr_hash == vault().lookup_hash(cpr)))


def new_trainee(cpr: str, first_name: str, last_name: str, municipality_code: str,
                **contact: str) -> Trainee:
    """A trainee added to the session (the caller commits)."""
    trainee = Trainee(first_name=first_name, last_name=last_name,
                      cpr_encrypted=vault().encrypt(cpr), cpr_hash=vault().lookup_hash(cpr),
                      birth_date=cpr_birth_date(cpr), municipality_code=municipality_code,
                      **contact)
    db.session.add(trainee)
    return trainee


def plain_cpr(trainee: Trainee) -> str:
    """The CPR number for a look-up inside a use case; never for display."""
    return vault().decrypt(trainee.cpr_encrypted)
