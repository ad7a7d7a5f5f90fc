"""the trainee's language on the agreement (the trainee's copy)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07

Stand-in for branch i21-field's migration of the same column, so the
trainee's copy can be built and tested on its own: at merge keep one.

Self-contained on purpose: it imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agreement') as batch_op:
        batch_op.add_column(sa.Column('trainee_language', sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table('agreement') as batch_op:
        batch_op.drop_column('trainee_language')
