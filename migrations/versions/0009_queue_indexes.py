"""indexes for the caseworker's queue: a municipality's agreements by status,
and a plan's elements by plan

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

The queue reads one page of a municipality's cases in one statement; its
flag "an element outside the course's period" looks up each row's plan
elements, which had no index on their plan (every look-up scanned them all).

Self-contained on purpose: it imports no application code that may change.
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index('ix_agreement_municipality_status',
                              ['municipality_code', 'status'], unique=False)
    with op.batch_alter_table('schooling_plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schooling_plan_item_plan_id'), ['plan_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('schooling_plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schooling_plan_item_plan_id'))
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index('ix_agreement_municipality_status')
