"""logins at OpenID Connect providers linked to users

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

A user signing in through MitID Erhverv (NemLog-in) or the municipality's
identity provider is known by the provider's subject from the first sign-in
on. Self-contained on purpose: it imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'user_sign_on',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('provider', sa.String(length=50), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('provider', 'subject', name='uq_user_sign_on_subject'),
    )
    op.create_index('ix_user_sign_on_user_id', 'user_sign_on', ['user_id'])


def downgrade():
    op.drop_index('ix_user_sign_on_user_id', table_name='user_sign_on')
    op.drop_table('user_sign_on')
