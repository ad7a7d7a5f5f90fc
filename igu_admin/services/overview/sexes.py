"""The trainee's sex stored beside the encrypted CPR number, for agreements
saved before igu-admin stored it (or whose number the migration's keys could
not open): `igu-admin overview backfill-sex`."""

from __future__ import annotations

from cryptography.fernet import InvalidToken
from sqlalchemy import select, update

from igu_admin.core.cpr_vault import vault
from igu_admin.domain.identifiers import cpr_sex
from igu_admin.extensions import db
from igu_admin.models import Agreement


def backfill_sex(batch_size: int = 500) -> tuple[int, int]:
    """Every agreement with a CPR number and no sex: the sex from the
    number's last digit, a batch per transaction. Returns (written, numbers
    no configured key opens). Safe to run again: it only fills in."""
    written = unreadable = 0
    last = 0
    while True:
        rows = db.session.execute(
            select(Agreement.id, Agreement.trainee_cpr_encrypted)
            .where(Agreement.id > last, Agreement.trainee_sex.is_(None),
                   Agreement.trainee_cpr_encrypted.is_not(None))
            .order_by(Agreement.id).limit(batch_size)).all()
        if not rows:
            return written, unreadable
        for agreement_id, token in rows:
            assert token is not None  # the query's condition
            try:
                sex = cpr_sex(vault().decrypt(token))
            except InvalidToken:
                unreadable += 1
                continue
            # A plain UPDATE: the agreement's lock_version is the parties'
            # (a stored fact filled in is no change of theirs).
            db.session.execute(update(Agreement).where(Agreement.id == agreement_id)
                               .values(trainee_sex=sex)
                               .execution_options(synchronize_session=False))
            written += 1
        db.session.commit()
        last = rows[-1][0]
