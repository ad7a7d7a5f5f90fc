"""invitations of employer users, by the one-time links of password resets

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

An invitation names a company and an e-mail address; its link is a one-time
link of purpose "invitation" in password_reset_token (the same mechanism as
"Glemt adgangskode"), which therefore may have no user yet. Self-contained
on purpose: it imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('invited_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('accepted_user_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['company_id'], ['company.id'],
                                name=op.f('fk_invitation_company_id_company'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'],
                                name=op.f('fk_invitation_invited_by_id_user_account'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['accepted_user_id'], ['user_account.id'],
                                name=op.f('fk_invitation_accepted_user_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    )
    op.create_index(op.f('ix_invitation_company_id'), 'invitation', ['company_id'])
    with op.batch_alter_table('password_reset_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=20), nullable=False,
                                      server_default='reset'))
        batch_op.add_column(sa.Column('invitation_id', sa.Integer(), nullable=True))
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f('fk_password_reset_token_invitation_id_invitation'), 'invitation',
            ['invitation_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_password_reset_token_invitation_id'),
                              ['invitation_id'], unique=False)


def downgrade():
    op.execute("DELETE FROM password_reset_token WHERE user_id IS NULL")
    with op.batch_alter_table('password_reset_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_reset_token_invitation_id'))
        batch_op.drop_constraint(
            batch_op.f('fk_password_reset_token_invitation_id_invitation'), type_='foreignkey')
        batch_op.alter_column('user_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('invitation_id')
        batch_op.drop_column('purpose')
    op.drop_index(op.f('ix_invitation_company_id'), table_name='invitation')
    op.drop_table('invitation')
