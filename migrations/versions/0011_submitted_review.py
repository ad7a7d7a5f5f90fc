"""the review as worded at submission, kept on the agreement

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

GET /api/v1/agreements reviewed, assessed and worded every submitted
agreement again on each request. Its eligibility, missing fields and
warnings as worded at submission, in each language, are kept with the fingerprint of the rules and wording they were
made with; the record reads them while that fingerprint holds. Agreements
submitted before this have none and are assessed as before.

Self-contained on purpose: it imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_review', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_column('submitted_review')
