"""the agreement vocabulary, drafts, versions, decisions, comments, API tokens

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

"contract" becomes "agreement" (rows kept, ids kept); the optimistic lock
column becomes lock_version; a draft's fields may be empty; the trainee's
eligibility facts are kept as facts (the worded snapshot is dropped: it is
made again from the facts). Status columns get CHECK constraints. On
PostgreSQL, audit events and submitted agreement versions are append-only
in the database too.

Self-contained on purpose: it imports no application code that may change.
"""
import json

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

AGREEMENT_STATUSES = ('draft', 'submitted', 'changes_requested', 'approved', 'rejected',
                      'withdrawn', 'active', 'completed', 'terminated')
PLAN_STATUSES = ('draft', 'submitted', 'changes_requested', 'approved')
CLAIM_STATUSES = ('scheduled', 'due', 'prepared', 'submitted', 'paid', 'rejected', 'cancelled')
# Columns the old contract table and the agreement table share.
SHARED_COLUMNS = ('id', 'company_id', 'trainee_id', 'municipality_code', 'status', 'ruleset_code',
                  'start_date', 'end_date', 'job_title', 'collective_agreement', 'wage_basis',
                  'wage_rate_year1', 'wage_rate_year2', 'weekly_hours', 'created_at',
                  'updated_at', 'submitted_at', 'decided_at', 'decided_by_id')
APPEND_ONLY = ('audit_event', 'agreement_version')


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _postgresql():
    return op.get_bind().dialect.name == 'postgresql'


def upgrade():
    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=True),
    sa.Column('municipality_code', sa.String(length=3), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('ruleset_code', sa.String(length=30), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('workplace_address', sa.String(length=200), nullable=False),
    sa.Column('job_title', sa.String(length=200), nullable=False),
    sa.Column('tasks', sa.Text(), nullable=False),
    sa.Column('weekly_hours', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('collective_agreement', sa.String(length=200), nullable=False),
    sa.Column('wage_basis', sa.String(length=20), nullable=False),
    sa.Column('wage_rate_year1', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('wage_rate_year2', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('terms_holiday', sa.String(length=500), nullable=False),
    sa.Column('terms_notice', sa.String(length=500), nullable=False),
    sa.Column('terms_other', sa.String(length=2000), nullable=False),
    sa.Column('contact_person', sa.String(length=200), nullable=False),
    sa.Column('target_group', sa.String(length=40), nullable=True),
    sa.Column('residence_permit_kind', sa.String(length=100), nullable=False),
    sa.Column('residence_permit_date', sa.Date(), nullable=True),
    sa.Column('registered_since', sa.Date(), nullable=True),
    sa.Column('absences', sa.JSON(), nullable=False),
    sa.Column('previous_igu', sa.Boolean(), nullable=True),
    sa.Column('recent_ordinary_employment', sa.Boolean(), nullable=True),
    sa.Column('integration_programme_start', sa.Date(), nullable=True),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'changes_requested', 'approved', 'rejected', 'withdrawn', 'active', 'completed', 'terminated')", name=op.f('ck_agreement_status_known')),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_agreement_company_id_company')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_agreement_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_agreement_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_agreement_municipality_code_municipality')),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainee.id'], name=op.f('fk_agreement_trainee_id_trainee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement'))
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_municipality_code'), ['municipality_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_agreement_trainee_id'), ['trainee_id'], unique=False)

    columns = ', '.join(SHARED_COLUMNS)
    op.execute(f"INSERT INTO agreement ({columns}, workplace_address, tasks, terms_holiday, "
               f"terms_notice, terms_other, contact_person, residence_permit_kind, absences, "
               f"lock_version) SELECT {columns}, '', '', '', '', '', '', '', '[]', version "
               f"FROM contract")
    if _postgresql():
        op.execute("SELECT setval(pg_get_serial_sequence('agreement', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM agreement), 0) + 1, false)")
    _facts_from_snapshots()
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('agreement_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=True),
    sa.Column('pdf_sha256', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_agreement_version_agreement_id_agreement')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_agreement_version_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_version')),
    sa.UniqueConstraint('agreement_id', 'number', name=op.f('uq_agreement_version_agreement_id_number'))
    )
    with op.batch_alter_table('agreement_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_version_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_comment_agreement_id_agreement')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_comment_author_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment'))
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_agreement_id'), ['agreement_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_decision_agreement_id_agreement')),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_decision_author_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_agreement_id'), ['agreement_id'], unique=False)

    _move_children_to('agreement', 'contract', 'agreement_id', 'contract_id')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_company_id'))
        batch_op.drop_index(batch_op.f('ix_contract_municipality_code'))
        batch_op.drop_index(batch_op.f('ix_contract_trainee_id'))
    op.drop_table('contract')

    with op.batch_alter_table('schooling_plan', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_schooling_plan_status_known'),
                                          _in('status', PLAN_STATUSES))
    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_bonus_claim_status_known'),
                                          _in('status', CLAIM_STATUSES))

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=10), nullable=False,
                                      server_default='system'))
        batch_op.create_index('ix_audit_event_entity', ['entity_type', 'entity_id', 'occurred_at'],
                              unique=False)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.add_column(sa.Column('lock_version', sa.Integer(), nullable=False,
                                      server_default='1'))
    if _postgresql():
        _create_append_only_triggers()


def _facts_from_snapshots():
    """Keep what the worded eligibility snapshot held as facts: the target
    group and the two declarations (the first registration was not kept)."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, eligibility_snapshot FROM contract "
                                "WHERE eligibility_snapshot IS NOT NULL")).all()
    for agreement_id, snapshot in rows:
        data = json.loads(snapshot) if isinstance(snapshot, str) else snapshot
        values = {c.get("code"): c.get("value") for c in (data or {}).get("criteria", [])
                  if isinstance(c, dict)}
        facts = {"target_group": values.get("target_group"),
                 "previous_igu": values.get("previous_igu"),
                 "recent_ordinary_employment": values.get("recent_employment")}
        facts = {k: v for k, v in facts.items()
                 if isinstance(v, bool) or (k == "target_group" and isinstance(v, str))}
        if facts:
            assignments = ", ".join(f"{name} = :{name}" for name in facts)
            bind.execute(sa.text(f"UPDATE agreement SET {assignments} WHERE id = :id"),
                         {**facts, "id": agreement_id})


def _move_children_to(new_table, old_table, new_column, old_column):
    """Point bonus_claim and schooling_plan at `new_table` (same ids), and
    rename their lock column, in either direction."""
    new_lock, old_lock = ('lock_version', 'version') if new_table == 'agreement' else (
        'version', 'lock_version')
    for child, unique_cols in (('bonus_claim', [new_column, 'claim_type']),
                               ('schooling_plan', [new_column])):
        with op.batch_alter_table(child, schema=None) as batch_op:
            batch_op.add_column(sa.Column(new_column, sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column(new_lock, sa.Integer(), nullable=False,
                                          server_default='1'))
        op.execute(f"UPDATE {child} SET {new_column} = {old_column}, {new_lock} = {old_lock}")
        old_unique = f"uq_{child}_{old_column}" + ('_claim_type' if child == 'bonus_claim' else '')
        new_unique = f"uq_{child}_{new_column}" + ('_claim_type' if child == 'bonus_claim' else '')
        with op.batch_alter_table(child, schema=None) as batch_op:
            if child == 'bonus_claim':
                batch_op.drop_index(f'ix_bonus_claim_{old_column}')
            batch_op.drop_constraint(old_unique, type_='unique')
            batch_op.drop_constraint(f'fk_{child}_{old_column}_{old_table}', type_='foreignkey')
            batch_op.drop_column(old_column)
            batch_op.drop_column(old_lock)
            batch_op.alter_column(new_column, existing_type=sa.Integer(), nullable=False)
            batch_op.create_foreign_key(f'fk_{child}_{new_column}_{new_table}', new_table,
                                        [new_column], ['id'])
            batch_op.create_unique_constraint(new_unique, unique_cols)
            if child == 'bonus_claim':
                batch_op.create_index(f'ix_bonus_claim_{new_column}', [new_column], unique=False)


def _create_append_only_triggers():
    op.execute("""
        CREATE FUNCTION igu_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$""")
    for table in APPEND_ONLY:
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION igu_refuse_change()")
        # TRUNCATE skips row triggers; refuse it too.
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION igu_refuse_change()")


def downgrade():
    if _postgresql():
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS igu_refuse_change()")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('lock_version')
        batch_op.drop_column('session_generation')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_entity')
        batch_op.drop_column('channel')
    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_bonus_claim_status_known'), type_='check')
    with op.batch_alter_table('schooling_plan', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_schooling_plan_status_known'), type_='check')

    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('municipality_code', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('ruleset_code', sa.String(length=30), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=False),
    sa.Column('collective_agreement', sa.String(length=200), nullable=False),
    sa.Column('wage_basis', sa.String(length=20), nullable=False),
    sa.Column('wage_rate_year1', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('wage_rate_year2', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('weekly_hours', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('eligibility_snapshot', sa.JSON(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_contract_company_id_company')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_contract_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_contract_municipality_code_municipality')),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainee.id'], name=op.f('fk_contract_trainee_id_trainee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract'))
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_municipality_code'), ['municipality_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_trainee_id'), ['trainee_id'], unique=False)
    # Drafts without a trainee or start date cannot be contracts: they are lost.
    columns = ', '.join(SHARED_COLUMNS)
    op.execute(f"INSERT INTO contract ({columns}, version) SELECT {columns}, lock_version "
               f"FROM agreement WHERE trainee_id IS NOT NULL AND start_date IS NOT NULL "
               f"AND municipality_code IS NOT NULL AND ruleset_code IS NOT NULL")
    op.execute("DELETE FROM bonus_claim WHERE agreement_id NOT IN (SELECT id FROM contract)")
    op.execute("DELETE FROM schooling_plan_item WHERE plan_id IN (SELECT id FROM schooling_plan "
               "WHERE agreement_id NOT IN (SELECT id FROM contract))")
    op.execute("DELETE FROM schooling_plan WHERE agreement_id NOT IN (SELECT id FROM contract)")
    if _postgresql():
        op.execute("SELECT setval(pg_get_serial_sequence('contract', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM contract), 0) + 1, false)")
    _move_children_to('contract', 'agreement', 'contract_id', 'agreement_id')
    for table in ('decision', 'comment', 'agreement_version', 'api_token'):
        op.drop_table(table)
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_company_id'))
        batch_op.drop_index(batch_op.f('ix_agreement_municipality_code'))
        batch_op.drop_index(batch_op.f('ix_agreement_trainee_id'))
    op.drop_table('agreement')
