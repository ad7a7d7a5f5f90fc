"""the certificate of a course as first handed out

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08

A course that ended early has no completion claim to keep its documentation
as evidence: it is kept here when first made, so every download is the same
document. Append-only, as the approved PDFs are (on PostgreSQL a trigger
refuses changes to its rows).

Self-contained on purpose: it imports no application code that may change.
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def _postgresql():
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    op.create_table(
        'issued_certificate',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=False),
        sa.Column('completed', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('pdf', sa.LargeBinary(), nullable=False),
        sa.Column('pdf_sha256', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'],
                                name=op.f('fk_issued_certificate_agreement_id_agreement')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_certificate')),
        sa.UniqueConstraint('agreement_id', name=op.f('uq_issued_certificate_agreement_id')),
    )
    if _postgresql():
        # The function comes from 0002 (append-only audit events and versions).
        op.execute("CREATE TRIGGER issued_certificate_append_only BEFORE UPDATE OR DELETE ON "
                   "issued_certificate FOR EACH ROW EXECUTE FUNCTION igu_refuse_change()")
        op.execute("CREATE TRIGGER issued_certificate_no_truncate BEFORE TRUNCATE ON "
                   "issued_certificate FOR EACH STATEMENT EXECUTE FUNCTION igu_refuse_change()")


def downgrade():
    if _postgresql():
        op.execute("DROP TRIGGER IF EXISTS issued_certificate_append_only ON issued_certificate")
        op.execute("DROP TRIGGER IF EXISTS issued_certificate_no_truncate ON issued_certificate")
    op.drop_table('issued_certificate')
