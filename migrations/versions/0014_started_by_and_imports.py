"""who started an agreement, the municipality's own reference of an imported
course, and the history of course imports

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07

`started_by` is "employer", "municipality" (a jobcentre started the draft for
the company; `started_by_municipality_code` says which) or "import".
`external_ref` is the municipality's own id of an imported course, unique
within the municipality. `course_import` keeps each import's counts (never a
row's content) for the import page's history. Self-contained on purpose: it
imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_by', sa.String(length=20), nullable=False,
                                      server_default='employer'))
        batch_op.add_column(sa.Column('started_by_municipality_code', sa.String(length=3),
                                      nullable=True))
        batch_op.add_column(sa.Column('external_ref', sa.String(length=100), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_agreement_started_by_municipality_code_municipality'),
            'municipality', ['started_by_municipality_code'], ['code'])
        batch_op.create_index(batch_op.f('ix_agreement_started_by_municipality_code'),
                              ['started_by_municipality_code'], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f('uq_agreement_municipality_code_external_ref'), ['municipality_code', 'external_ref'])
    op.create_table(
        'course_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('municipality_code', sa.String(length=3), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('dry_run', sa.Boolean(), nullable=False),
        sa.Column('update', sa.Boolean(), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('valid', sa.Integer(), nullable=False),
        sa.Column('created', sa.Integer(), nullable=False),
        sa.Column('updated', sa.Integer(), nullable=False),
        sa.Column('unchanged', sa.Integer(), nullable=False),
        sa.Column('conflicts', sa.Integer(), nullable=False),
        sa.Column('errors', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'],
                                name=op.f('fk_course_import_municipality_code_municipality')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_course_import_user_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_course_import')),
    )
    op.create_index(op.f('ix_course_import_municipality_code'), 'course_import',
                    ['municipality_code'])


def downgrade():
    op.drop_index(op.f('ix_course_import_municipality_code'), table_name='course_import')
    op.drop_table('course_import')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_agreement_municipality_code_external_ref'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_agreement_started_by_municipality_code'))
        batch_op.drop_constraint(
            batch_op.f('fk_agreement_started_by_municipality_code_municipality'),
            type_='foreignkey')
        batch_op.drop_column('external_ref')
        batch_op.drop_column('started_by_municipality_code')
        batch_op.drop_column('started_by')
