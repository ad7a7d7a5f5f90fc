"""bonus claims: evidence documents, what is recorded on a claim, calendar feeds

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23

A claim keeps its owners (its agreement's company and municipality, so a
tenant's claims are listed and summed without a join), why it was cancelled,
the evidence marked not relevant, the submission's date and reference, the
payment's date and amount, the reason of a refusal, and when its deadline
was reminded of; a municipality's claims are summed per day in
claim_day_sum (kept in step by the services). The daily job finds the
claims falling due by (status, due_date) and deadlines by (status, deadline).
Documents attached to a claim are kept with their SHA-256; a company's or a
municipality's calendar feed is kept as the hash of its secret token.
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('municipality_code', sa.String(length=3), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(company_id IS NULL) <> (municipality_code IS NULL)', name=op.f('ck_calendar_feed_one_owner')),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_calendar_feed_company_id_company')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_calendar_feed_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_calendar_feed_municipality_code_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('company_id', name=op.f('uq_calendar_feed_company_id')),
    sa.UniqueConstraint('municipality_code', name=op.f('uq_calendar_feed_municipality_code')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_hash'))
    )
    op.create_table('claim_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('evidence_code', sa.String(length=40), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=50), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['bonus_claim.id'], name=op.f('fk_claim_evidence_claim_id_bonus_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_claim_evidence_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_evidence'))
    )
    with op.batch_alter_table('claim_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_evidence_claim_id'), ['claim_id'], unique=False)

    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('company_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('municipality_code', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('evidence_not_relevant', sa.JSON(), nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('submitted_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('paid_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('paid_amount', sa.Numeric(precision=12, scale=2), nullable=True))
        batch_op.add_column(sa.Column('rejection_reason', sa.Text(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('deadline_reminded_at', sa.DateTime(timezone=True), nullable=True))
    # A claim's owners are its agreement's.
    op.execute("UPDATE bonus_claim SET "
               "company_id = (SELECT agreement.company_id FROM agreement "
               "WHERE agreement.id = bonus_claim.agreement_id), "
               "municipality_code = (SELECT agreement.municipality_code FROM agreement "
               "WHERE agreement.id = bonus_claim.agreement_id)")
    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.alter_column('company_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_bonus_claim_company_id_company'), 'company',
                                    ['company_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_bonus_claim_municipality_code_municipality'),
                                    'municipality', ['municipality_code'], ['code'])
        batch_op.create_index('ix_bonus_claim_status_due_date', ['status', 'due_date'], unique=False)
        batch_op.create_index('ix_bonus_claim_status_deadline', ['status', 'deadline'], unique=False)
        batch_op.create_index('ix_bonus_claim_municipality_page',
                              ['municipality_code', 'due_date', 'id'], unique=False)
        batch_op.create_index('ix_bonus_claim_municipality_sums',
                              ['municipality_code', 'due_date', 'beneficiary', 'status',
                               'claim_type', 'amount'], unique=False)
        batch_op.create_index('ix_bonus_claim_company_page', ['company_id', 'due_date', 'id'],
                              unique=False)
    op.create_table('claim_day_sum',
    sa.Column('municipality_code', sa.String(length=3), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('beneficiary', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('claim_type', sa.String(length=50), nullable=False),
    sa.Column('claims', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('municipality_code', 'due_date', 'beneficiary', 'status',
                            'claim_type', name=op.f('pk_claim_day_sum'))
    )
    op.execute("INSERT INTO claim_day_sum (municipality_code, due_date, beneficiary, status, "
               "claim_type, claims, amount) SELECT municipality_code, due_date, beneficiary, "
               "status, claim_type, count(*), sum(amount) FROM bonus_claim "
               "WHERE municipality_code IS NOT NULL "
               "GROUP BY municipality_code, due_date, beneficiary, status, claim_type")


def downgrade():
    op.drop_table('claim_day_sum')
    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.drop_index('ix_bonus_claim_company_page')
        batch_op.drop_index('ix_bonus_claim_municipality_sums')
        batch_op.drop_index('ix_bonus_claim_municipality_page')
        batch_op.drop_index('ix_bonus_claim_status_deadline')
        batch_op.drop_index('ix_bonus_claim_status_due_date')
        batch_op.drop_constraint(batch_op.f('fk_bonus_claim_municipality_code_municipality'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_bonus_claim_company_id_company'),
                                 type_='foreignkey')
        batch_op.drop_column('deadline_reminded_at')
        batch_op.drop_column('rejection_reason')
        batch_op.drop_column('paid_amount')
        batch_op.drop_column('paid_on')
        batch_op.drop_column('submitted_on')
        batch_op.drop_column('evidence_not_relevant')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('municipality_code')
        batch_op.drop_column('company_id')

    with op.batch_alter_table('claim_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_evidence_claim_id'))

    op.drop_table('claim_evidence')
    op.drop_table('calendar_feed')
