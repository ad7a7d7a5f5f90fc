"""the trainee as typed on the agreement, and the step reached

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Agreements made before keep their trainee: name, CPR (still encrypted),
address and contact are copied from the linked trainee record.
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TEXT_COLUMNS = (('trainee_name', 200), ('trainee_address', 300), ('trainee_email', 254),
                ('trainee_phone', 30), ('step_reached', 20))


def upgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        for name, length in TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=False,
                                          server_default=''))
        batch_op.add_column(sa.Column('trainee_cpr_encrypted', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('trainee_cpr_hash', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_agreement_trainee_cpr_hash'), ['trainee_cpr_hash'],
                              unique=False)
    linked = "FROM trainee WHERE trainee.id = agreement.trainee_id"
    op.execute(f"""
        UPDATE agreement SET
            trainee_name = (SELECT first_name || ' ' || last_name {linked}),
            trainee_cpr_encrypted = (SELECT cpr_encrypted {linked}),
            trainee_cpr_hash = (SELECT cpr_hash {linked}),
            trainee_address = (SELECT TRIM(address || ' ' || postal_code || ' ' || city) {linked}),
            trainee_email = (SELECT email {linked}),
            trainee_phone = (SELECT phone {linked}),
            step_reached = 'check'
        WHERE trainee_id IS NOT NULL""")


def downgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_trainee_cpr_hash'))
        for name in ('trainee_cpr_hash', 'trainee_cpr_encrypted',
                     *(name for name, _length in reversed(TEXT_COLUMNS))):
            batch_op.drop_column(name)
