"""The trainee's sex and birth date stored beside the encrypted CPR number,
for agreements saved before igu-admin stored them whose number migration
0020 could not open (run outside the app, or under another key):
`igu-admin overview backfill-sex`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.fernet import InvalidToken
from sqlalchemy import bindparam, or_, select, update

from igu_admin.core import audit
from igu_admin.core.cpr_vault import vault
from igu_admin.domain.identifiers import cpr_birth_date, cpr_sex
from igu_admin.extensions import db
from igu_admin.models import Agreement

AUDIT_ENTITY, AUDIT_ALL = "agreement", "all"


@dataclass(frozen=True)
class SexBackfill:
    written: int
    # Agreements whose number no configured key opens: left empty.
    unreadable: int


def backfill_sex(batch_size: int = 500) -> SexBackfill:
    """Every agreement with a CPR number and no sex (or birth date): the sex
    from the number's last digit and the birth date it holds, a batch per
    transaction with its audit event (the count, never a number). Safe to
    run again: it only fills in."""
    written = unreadable = 0
    last = 0
    table: Any = Agreement.__table__
    while True:
        rows = db.session.execute(
            select(Agreement.id, Agreement.trainee_cpr_encrypted)
            .where(Agreement.id > last,
                   or_(Agreement.trainee_sex.is_(None), Agreement.trainee_birth_date.is_(None)),
                   Agreement.trainee_cpr_encrypted.is_not(None))
            .order_by(Agreement.id).limit(batch_size)).all()
        if not rows:
            return SexBackfill(written, unreadable)
        values = []
        for agreement_id, token in rows:
            try:
                cpr = vault().decrypt(bytes(token or b""))
            except InvalidToken:
                unreadable += 1
                continue
            values.append({"row_id": agreement_id, "sex": cpr_sex(cpr),
                           "born": cpr_birth_date(cpr)})
        if values:
            # A plain UPDATE: a stored fact filled in is no change of the
            # parties', so the agreement's lock_version stays.
            db.session.connection().execute(
                update(table).where(table.c.id == bindparam("row_id"))
                .values(trainee_sex=bindparam("sex"), trainee_birth_date=bindparam("born")),
                values)
            audit.record(None, AUDIT_ENTITY, AUDIT_ALL, "trainee_sex_filled",
                         after={"count": len(values), "last_id": rows[-1][0]})
        db.session.commit()
        written += len(values)
        last = rows[-1][0]
