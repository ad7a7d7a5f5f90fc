"""the municipality's review: assignment, signing, stamped PDFs, signed copies

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-24

The agreement gets its assigned caseworker and the employer's signing and
registration dates; a decision names the version it is on; an audit event
keeps the actor's role. Decisions and comments become append-only (as audit
events and versions are): on PostgreSQL a trigger refuses changes to their
rows, and to the approved PDFs and signed copies made here.

Self-contained on purpose: it imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

APPEND_ONLY = ('decision', 'comment', 'approved_pdf', 'signed_copy')


def _postgresql():
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_caseworker_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('signed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('registered_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_agreement_assigned_caseworker_id'),
                              ['assigned_caseworker_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_agreement_assigned_caseworker_id_user_account'), 'user_account',
            ['assigned_caseworker_id'], ['id'])
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version_number', sa.Integer(), nullable=True))
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_role', sa.String(length=20), nullable=True))
    op.create_table(
        'approved_pdf',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=20), nullable=False),
        sa.Column('version_number', sa.Integer(), nullable=False),
        sa.Column('decision_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('pdf', sa.LargeBinary(), nullable=False),
        sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'],
                                name=op.f('fk_approved_pdf_agreement_id_agreement')),
        sa.ForeignKeyConstraint(['decision_id'], ['decision.id'],
                                name=op.f('fk_approved_pdf_decision_id_decision')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_approved_pdf')),
        sa.UniqueConstraint('agreement_id', 'subject', 'version_number',
                            name=op.f('uq_approved_pdf_agreement_id_subject_version_number')),
    )
    with op.batch_alter_table('approved_pdf', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approved_pdf_agreement_id'), ['agreement_id'],
                              unique=False)
    op.create_table(
        'signed_copy',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('media_type', sa.String(length=50), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'],
                                name=op.f('fk_signed_copy_agreement_id_agreement')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'],
                                name=op.f('fk_signed_copy_uploaded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_signed_copy')),
    )
    with op.batch_alter_table('signed_copy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signed_copy_agreement_id'), ['agreement_id'],
                              unique=False)
    if _postgresql():
        # The function comes from 0002 (append-only audit events and versions).
        for table in APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION igu_refuse_change()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION igu_refuse_change()")


def downgrade():
    if _postgresql():
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    with op.batch_alter_table('signed_copy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signed_copy_agreement_id'))
    op.drop_table('signed_copy')
    with op.batch_alter_table('approved_pdf', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approved_pdf_agreement_id'))
    op.drop_table('approved_pdf')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('actor_role')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_column('version_number')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agreement_assigned_caseworker_id_user_account'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_agreement_assigned_caseworker_id'))
        batch_op.drop_column('registered_on')
        batch_op.drop_column('signed_on')
        batch_op.drop_column('assigned_caseworker_id')
