"""the follow-up of an active course: check-ins, the employer's notes, the
course's mentor and a municipality's own check-in months

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

No law requires the follow-up: it is the municipality's own practice.
`municipality.follow_up_months` ("1,3,6") overrides the setting
IGU_FOLLOW_UP_MONTHS for that municipality. Self-contained on purpose: it
imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mentor_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('mentor_organisation', sa.String(length=200),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('mentor_phone', sa.String(length=30), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('mentor_email', sa.String(length=254), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_months', sa.String(length=100), nullable=True))
    op.create_table(
        'check_in',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('held_on', sa.Date(), nullable=False),
        sa.Column('held_by', sa.String(length=20), nullable=False),
        sa.Column('participants', sa.JSON(), nullable=False),
        sa.Column('work', sa.String(length=10), nullable=False),
        sa.Column('school', sa.String(length=10), nullable=False),
        sa.Column('danish', sa.String(length=10), nullable=False),
        sa.Column('agreed', sa.Text(), nullable=False),
        sa.Column('next_on', sa.Date(), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'],
                                name=op.f('fk_check_in_agreement_id_agreement')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'],
                                name=op.f('fk_check_in_recorded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_check_in')),
        sa.UniqueConstraint('agreement_id', 'number',
                            name=op.f('uq_check_in_agreement_id_number')),
    )
    op.create_index(op.f('ix_check_in_agreement_id'), 'check_in', ['agreement_id'])
    op.create_table(
        'follow_up_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'],
                                name=op.f('fk_follow_up_note_agreement_id_agreement')),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'],
                                name=op.f('fk_follow_up_note_author_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_note')),
        sa.UniqueConstraint('agreement_id', 'number',
                            name=op.f('uq_follow_up_note_agreement_id_number')),
    )
    op.create_index(op.f('ix_follow_up_note_agreement_id'), 'follow_up_note', ['agreement_id'])


def downgrade():
    op.drop_index(op.f('ix_follow_up_note_agreement_id'), table_name='follow_up_note')
    op.drop_table('follow_up_note')
    op.drop_index(op.f('ix_check_in_agreement_id'), table_name='check_in')
    op.drop_table('check_in')
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_column('follow_up_months')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_column('mentor_email')
        batch_op.drop_column('mentor_phone')
        batch_op.drop_column('mentor_organisation')
        batch_op.drop_column('mentor_name')
