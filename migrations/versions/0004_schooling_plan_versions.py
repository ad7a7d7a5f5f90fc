"""the schooling plan: element notes, a yes/no Danish test, submitted versions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

The plan's `passed_danish_test` becomes a yes/no (it was free text that no
version of igu-admin filled in). A submitted plan is kept as an immutable
version with its PDF, like the agreement's; on PostgreSQL a trigger refuses
changes to those rows.
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _postgresql():
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    with op.batch_alter_table('schooling_plan', schema=None) as batch_op:
        batch_op.drop_column('passed_danish_test')
        batch_op.add_column(sa.Column('passed_danish_test', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('submitted_at', sa.DateTime(timezone=True),
                                      nullable=True))
    with op.batch_alter_table('schooling_plan_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=False, server_default=''))
    op.create_table(
        'schooling_plan_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('submitted_by_id', sa.Integer(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('pdf', sa.LargeBinary(), nullable=True),
        sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['plan_id'], ['schooling_plan.id'],
                                name=op.f('fk_schooling_plan_version_plan_id_schooling_plan')),
        sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'],
                                name=op.f('fk_schooling_plan_version_submitted_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_schooling_plan_version')),
        sa.UniqueConstraint('plan_id', 'number',
                            name=op.f('uq_schooling_plan_version_plan_id_number')),
    )
    with op.batch_alter_table('schooling_plan_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schooling_plan_version_plan_id'), ['plan_id'],
                              unique=False)
    if _postgresql():
        # The function comes from 0002 (append-only audit events and versions).
        op.execute("CREATE TRIGGER schooling_plan_version_append_only BEFORE UPDATE OR DELETE "
                   "ON schooling_plan_version FOR EACH ROW EXECUTE FUNCTION igu_refuse_change()")
        op.execute("CREATE TRIGGER schooling_plan_version_no_truncate BEFORE TRUNCATE "
                   "ON schooling_plan_version FOR EACH STATEMENT "
                   "EXECUTE FUNCTION igu_refuse_change()")


def downgrade():
    if _postgresql():
        op.execute("DROP TRIGGER IF EXISTS schooling_plan_version_append_only "
                   "ON schooling_plan_version")
        op.execute("DROP TRIGGER IF EXISTS schooling_plan_version_no_truncate "
                   "ON schooling_plan_version")
    with op.batch_alter_table('schooling_plan_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schooling_plan_version_plan_id'))
    op.drop_table('schooling_plan_version')
    with op.batch_alter_table('schooling_plan_item', schema=None) as batch_op:
        batch_op.drop_column('note')
    with op.batch_alter_table('schooling_plan', schema=None) as batch_op:
        batch_op.drop_column('submitted_at')
        batch_op.drop_column('passed_danish_test')
        batch_op.add_column(sa.Column('passed_danish_test', sa.String(length=10), nullable=False,
                                      server_default=''))
