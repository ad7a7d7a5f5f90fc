"""changes to an approved agreement (tillæg)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

An amendment is a record of its own (agreement_amendment), numbered within
its agreement: the day it takes effect, the changed terms with their old and
new values, and the municipality's decision. Approved, it is a new version of
the agreement (`version_number`), and its new terms are written to the
agreement when its day has come (`applied_at`).

Self-contained on purpose: it imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

AMENDMENT_STATUSES = ('requested', 'approved', 'refused', 'withdrawn')


def upgrade():
    op.create_table(
        'agreement_amendment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('effective_from', sa.Date(), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('proposed_by_id', sa.Integer(), nullable=True),
        sa.Column('proposed_by_role', sa.String(length=20), nullable=False),
        sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_reason', sa.Text(), nullable=False),
        sa.Column('version_number', sa.Integer(), nullable=True),
        sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('lock_version', sa.Integer(), nullable=False),
        sa.CheckConstraint(
            f"status IN ({', '.join(repr(s) for s in AMENDMENT_STATUSES)})",
            name=op.f('ck_agreement_amendment_status_known')),
        sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'],
                                name=op.f('fk_agreement_amendment_agreement_id_agreement')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_agreement_amendment_decided_by_id_user_account')),
        sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'],
                                name=op.f('fk_agreement_amendment_proposed_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_amendment')),
        sa.UniqueConstraint('agreement_id', 'number',
                            name=op.f('uq_agreement_amendment_agreement_id_number')),
    )
    with op.batch_alter_table('agreement_amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_amendment_agreement_id'), ['agreement_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('agreement_amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_amendment_agreement_id'))
    op.drop_table('agreement_amendment')
