"""the employer's de minimis declaration on a company claim

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07

The other de minimis aid the company declares (EUR), its grantors, and who
declared it when. Self-contained on purpose: it imports no application code
that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('de_minimis_other_aid_eur', sa.Numeric(precision=12, scale=2),
                                      nullable=True))
        batch_op.add_column(sa.Column('de_minimis_grantors', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('de_minimis_declared_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('de_minimis_declared_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_bonus_claim_de_minimis_declared_by_id_user_account'),
            'user_account', ['de_minimis_declared_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_bonus_claim_de_minimis_declared_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('de_minimis_declared_by_id')
        batch_op.drop_column('de_minimis_declared_at')
        batch_op.drop_column('de_minimis_grantors')
        batch_op.drop_column('de_minimis_other_aid_eur')
