"""the trainee's language on the agreement (for the trainee's own copy)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07

`agreement.trainee_language` is the language of the trainee's own copy
("Din IGU"): ar, fa, ti, so, uk or en, or null while nobody has chosen it.
It is not a term of the agreement: changing it makes no new version. The
codes are checked by the application (a new language needs no migration).

Self-contained on purpose: it imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trainee_language', sa.String(length=5), nullable=True))


def downgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_column('trainee_language')
