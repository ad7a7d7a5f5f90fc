"""the course's later events: extensions, early termination, continuation

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-01

An extension is a record of its own (course_extension), numbered within its
agreement; approved, it has moved the agreement's end_date, which stays the
current end. The agreement gets its termination (date, reason, note, the CVR
of a continuing company) and, for a continuation, the agreement it continues.

Self-contained on purpose: it imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

EXTENSION_STATUSES = ('requested', 'approved', 'refused', 'withdrawn')


def upgrade():
    op.create_table(
        'course_extension',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('first_day', sa.Date(), nullable=False),
        sa.Column('last_day', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=30), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_reason', sa.Text(), nullable=False),
        sa.Column('lock_version', sa.Integer(), nullable=False),
        sa.CheckConstraint(
            f"status IN ({', '.join(repr(s) for s in EXTENSION_STATUSES)})",
            name=op.f('ck_course_extension_status_known')),
        sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'],
                                name=op.f('fk_course_extension_agreement_id_agreement')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_course_extension_decided_by_id_user_account')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'],
                                name=op.f('fk_course_extension_requested_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_extension')),
        sa.UniqueConstraint('agreement_id', 'number',
                            name=op.f('uq_course_extension_agreement_id_number')),
    )
    with op.batch_alter_table('course_extension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_extension_agreement_id'), ['agreement_id'],
                              unique=False)

    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('termination_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('termination_reason', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('termination_note', sa.String(length=1000), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('continued_by_cvr', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('continues_agreement_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_agreement_continues_agreement_id_agreement'),
                                    'agreement', ['continues_agreement_id'], ['id'])


def downgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agreement_continues_agreement_id_agreement'),
                                 type_='foreignkey')
        for name in ('continues_agreement_id', 'continued_by_cvr', 'termination_note',
                     'termination_reason', 'termination_date'):
            batch_op.drop_column(name)
    with op.batch_alter_table('course_extension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_extension_agreement_id'))
    op.drop_table('course_extension')
