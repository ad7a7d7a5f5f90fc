"""the trainee's sex and the first submission on the agreement, and indexes,
for the overview and the benchmark

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07

`trainee_sex` is "female" or "male", from the CPR number's last digit (odd:
male), set wherever the number is saved. The numbers are stored encrypted,
so the backfill decrypts them with the app's own data keys: `igu-admin db
upgrade` runs this inside the app, whose CPR vault holds the keys of
IGU_DATA_KEY (or the instance's key file). Run outside the app (plain
alembic), or for a number no key opens, the column stays empty for that
agreement and `igu-admin overview backfill-sex` fills it in later. Never
logs a number.

`first_submitted_at` is the agreement's first submission (`submitted_at` is
the latest): backfilled from the submission time of its version 1. Indexes
on `start_date`, `decided_at`, `end_date` and `termination_date` find the
starts, the decisions and the ends of a period, and one on
`bonus_claim.paid_on` the claims paid in it. `trainee_birth_date` is the
birth date the number holds: from the linked trainee record, else from the
number as the sex is.

Self-contained on purpose: it imports no application code that may change
(the vault is the running app's object, asked for by name).
"""
import datetime
import logging

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = '0020'
down_revision = '0019'
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
        batch_op.add_column(sa.Column('first_submitted_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('trainee_birth_date', sa.Date(), nullable=True))
        # On PostgreSQL these two carry what the overview counts by (an
        # index-only scan); SQLite has no INCLUDE and ignores it.
        batch_op.create_index(batch_op.f('ix_agreement_start_date'), ['start_date'],
                              unique=False, postgresql_include=[
                                  'status', 'continues_agreement_id', 'municipality_code',
                                  'target_group', 'trainee_sex', 'trainee_birth_date',
                                  'registered_since'])
        batch_op.create_index(batch_op.f('ix_agreement_decided_at'), ['decided_at'],
                              unique=False, postgresql_include=[
                                  'first_submitted_at', 'status', 'municipality_code'])
        batch_op.create_index(batch_op.f('ix_agreement_end_date'), ['end_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_termination_date'), ['termination_date'],
                              unique=False)
    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bonus_claim_paid_on'), ['paid_on'], unique=False)
    op.execute(
        "UPDATE agreement SET first_submitted_at = (SELECT v.submitted_at FROM agreement_version v "
        "WHERE v.agreement_id = agreement.id AND v.number = 1) WHERE first_submitted_at IS NULL")
    # The birth date as the trainee record holds it (made from the same
    # number); a draft not yet linked to a trainee gets it from the number below.
    op.execute(
        "UPDATE agreement SET trainee_birth_date = (SELECT t.birth_date FROM trainee t "
        "WHERE t.id = agreement.trainee_id) WHERE trainee_id IS NOT NULL")
    _backfill_from_numbers()


def _birth_date(cpr):
    """The birth date a CPR number holds, century from the seventh digit (as
    python-stdnum's dk.cpr reads it; written out here, so that this revision
    stays as it is)."""
    day, month, year = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6])
    seventh = int(cpr[6])
    if seventh in (0, 1, 2, 3) or (seventh in (4, 9) and year >= 37):
        year += 1900
    elif seventh in (4, 9) or (seventh in (5, 6, 7, 8) and year < 58):
        year += 2000
    else:
        year += 1800
    return datetime.date(year, month, day)


def _backfill_from_numbers():
    vault = _vault()
    if vault is None:
        log.info("trainee_sex not backfilled: no app keys here (run igu-admin overview "
                 "backfill-sex)")
        return
    bind = op.get_bind()
    agreement = sa.table('agreement', sa.column('id', sa.Integer),
                         sa.column('trainee_cpr_encrypted', sa.LargeBinary),
                         sa.column('trainee_sex', sa.String),
                         sa.column('trainee_birth_date', sa.Date))
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
                cpr = vault.decrypt(bytes(token))
                born = _birth_date(cpr)
            except Exception:  # InvalidToken or a damaged value: left empty
                unreadable += 1
                continue
            values.append({"row_id": row_id, "sex": "male" if int(cpr[-1]) % 2 else "female",
                           "born": born})
        if values:
            bind.execute(agreement.update().where(agreement.c.id == sa.bindparam("row_id"))
                         .values(trainee_sex=sa.bindparam("sex"),
                                 trainee_birth_date=sa.bindparam("born")), values)
        last = rows[-1][0]
    if unreadable:
        log.warning("trainee_sex not backfilled for %d agreements whose CPR number no key "
                    "opens", unreadable)


def downgrade():
    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bonus_claim_paid_on'))
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_termination_date'))
        batch_op.drop_index(batch_op.f('ix_agreement_end_date'))
        batch_op.drop_index(batch_op.f('ix_agreement_decided_at'))
        batch_op.drop_index(batch_op.f('ix_agreement_start_date'))
        batch_op.drop_column('trainee_birth_date')
        batch_op.drop_column('first_submitted_at')
        batch_op.drop_column('trainee_sex')
