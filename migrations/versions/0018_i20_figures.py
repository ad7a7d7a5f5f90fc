"""the trainee's sex on the agreement, for the overview's count by sex

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

`trainee_sex` is "female" or "male", from the CPR number's last digit (odd:
male), set wherever the number is saved. The numbers are stored encrypted,
so the backfill decrypts them with the app's own data keys: `igu-admin db
upgrade` runs this inside the app, whose CPR vault holds the keys of
IGU_DATA_KEY (or the instance's key file). Run outside the app (plain
alembic), or for a number no key opens, the column stays empty for that
agreement and `igu-admin overview backfill-sex` fills it in later. Never
logs a number.

Self-contained on purpose: it imports no application code that may change
(the vault is the running app's object, asked for by name).
"""
import logging

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
_BATCH = 1000


def _vault():
    """The running app's CPR vault; None outside an app."""
    try:
        return current_app.extensions.get("igu_cpr_vault")
    except RuntimeError:
        return None


def upgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trainee_sex', sa.String(length=6), nullable=True))
    vault = _vault()
    if vault is None:
        log.info("trainee_sex not backfilled: no app keys here (run igu-admin overview "
                 "backfill-sex)")
        return
    bind = op.get_bind()
    agreement = sa.table('agreement', sa.column('id', sa.Integer),
                         sa.column('trainee_cpr_encrypted', sa.LargeBinary),
                         sa.column('trainee_sex', sa.String))
    last, unreadable = 0, 0
    while True:
        rows = bind.execute(
            sa.select(agreement.c.id, agreement.c.trainee_cpr_encrypted)
            .where(agreement.c.id > last, agreement.c.trainee_cpr_encrypted.is_not(None))
            .order_by(agreement.c.id).limit(_BATCH)).all()
        if not rows:
            break
        values = []
        for row_id, token in rows:
            try:
                digit = vault.decrypt(bytes(token))[-1]
            except Exception:  # InvalidToken or a damaged value: left empty
                unreadable += 1
                continue
            values.append({"row_id": row_id, "sex": "male" if int(digit) % 2 else "female"})
        if values:
            bind.execute(agreement.update().where(agreement.c.id == sa.bindparam("row_id"))
                         .values(trainee_sex=sa.bindparam("sex")), values)
        last = rows[-1][0]
    if unreadable:
        log.warning("trainee_sex not backfilled for %d agreements whose CPR number no key "
                    "opens", unreadable)


def downgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_column('trainee_sex')
