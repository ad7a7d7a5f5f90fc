"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""
import sqlalchemy as sa
from alembic import op


# The 98 municipalities as they were when this revision was written: frozen
# here, so that later changes to the app's data file cannot change history
# (`igu-admin municipalities sync` corrects the table from the data file).
MUNICIPALITIES = (
    ('101', 'København', 'Region Hovedstaden'),
    ('147', 'Frederiksberg', 'Region Hovedstaden'),
    ('151', 'Ballerup', 'Region Hovedstaden'),
    ('153', 'Brøndby', 'Region Hovedstaden'),
    ('155', 'Dragør', 'Region Hovedstaden'),
    ('157', 'Gentofte', 'Region Hovedstaden'),
    ('159', 'Gladsaxe', 'Region Hovedstaden'),
    ('161', 'Glostrup', 'Region Hovedstaden'),
    ('163', 'Herlev', 'Region Hovedstaden'),
    ('165', 'Albertslund', 'Region Hovedstaden'),
    ('167', 'Hvidovre', 'Region Hovedstaden'),
    ('169', 'Høje-Taastrup', 'Region Hovedstaden'),
    ('173', 'Lyngby-Taarbæk', 'Region Hovedstaden'),
    ('175', 'Rødovre', 'Region Hovedstaden'),
    ('183', 'Ishøj', 'Region Hovedstaden'),
    ('185', 'Tårnby', 'Region Hovedstaden'),
    ('187', 'Vallensbæk', 'Region Hovedstaden'),
    ('190', 'Furesø', 'Region Hovedstaden'),
    ('201', 'Allerød', 'Region Hovedstaden'),
    ('210', 'Fredensborg', 'Region Hovedstaden'),
    ('217', 'Helsingør', 'Region Hovedstaden'),
    ('219', 'Hillerød', 'Region Hovedstaden'),
    ('223', 'Hørsholm', 'Region Hovedstaden'),
    ('230', 'Rudersdal', 'Region Hovedstaden'),
    ('240', 'Egedal', 'Region Hovedstaden'),
    ('250', 'Frederikssund', 'Region Hovedstaden'),
    ('253', 'Greve', 'Region Sjælland'),
    ('259', 'Køge', 'Region Sjælland'),
    ('260', 'Halsnæs', 'Region Hovedstaden'),
    ('265', 'Roskilde', 'Region Sjælland'),
    ('269', 'Solrød', 'Region Sjælland'),
    ('270', 'Gribskov', 'Region Hovedstaden'),
    ('306', 'Odsherred', 'Region Sjælland'),
    ('316', 'Holbæk', 'Region Sjælland'),
    ('320', 'Faxe', 'Region Sjælland'),
    ('326', 'Kalundborg', 'Region Sjælland'),
    ('329', 'Ringsted', 'Region Sjælland'),
    ('330', 'Slagelse', 'Region Sjælland'),
    ('336', 'Stevns', 'Region Sjælland'),
    ('340', 'Sorø', 'Region Sjælland'),
    ('350', 'Lejre', 'Region Sjælland'),
    ('360', 'Lolland', 'Region Sjælland'),
    ('370', 'Næstved', 'Region Sjælland'),
    ('376', 'Guldborgsund', 'Region Sjælland'),
    ('390', 'Vordingborg', 'Region Sjælland'),
    ('400', 'Bornholm', 'Region Hovedstaden'),
    ('410', 'Middelfart', 'Region Syddanmark'),
    ('420', 'Assens', 'Region Syddanmark'),
    ('430', 'Faaborg-Midtfyn', 'Region Syddanmark'),
    ('440', 'Kerteminde', 'Region Syddanmark'),
    ('450', 'Nyborg', 'Region Syddanmark'),
    ('461', 'Odense', 'Region Syddanmark'),
    ('479', 'Svendborg', 'Region Syddanmark'),
    ('480', 'Nordfyns', 'Region Syddanmark'),
    ('482', 'Langeland', 'Region Syddanmark'),
    ('492', 'Ærø', 'Region Syddanmark'),
    ('510', 'Haderslev', 'Region Syddanmark'),
    ('530', 'Billund', 'Region Syddanmark'),
    ('540', 'Sønderborg', 'Region Syddanmark'),
    ('550', 'Tønder', 'Region Syddanmark'),
    ('561', 'Esbjerg', 'Region Syddanmark'),
    ('563', 'Fanø', 'Region Syddanmark'),
    ('573', 'Varde', 'Region Syddanmark'),
    ('575', 'Vejen', 'Region Syddanmark'),
    ('580', 'Aabenraa', 'Region Syddanmark'),
    ('607', 'Fredericia', 'Region Syddanmark'),
    ('615', 'Horsens', 'Region Midtjylland'),
    ('621', 'Kolding', 'Region Syddanmark'),
    ('630', 'Vejle', 'Region Syddanmark'),
    ('657', 'Herning', 'Region Midtjylland'),
    ('661', 'Holstebro', 'Region Midtjylland'),
    ('665', 'Lemvig', 'Region Midtjylland'),
    ('671', 'Struer', 'Region Midtjylland'),
    ('706', 'Syddjurs', 'Region Midtjylland'),
    ('707', 'Norddjurs', 'Region Midtjylland'),
    ('710', 'Favrskov', 'Region Midtjylland'),
    ('727', 'Odder', 'Region Midtjylland'),
    ('730', 'Randers', 'Region Midtjylland'),
    ('740', 'Silkeborg', 'Region Midtjylland'),
    ('741', 'Samsø', 'Region Midtjylland'),
    ('746', 'Skanderborg', 'Region Midtjylland'),
    ('751', 'Aarhus', 'Region Midtjylland'),
    ('756', 'Ikast-Brande', 'Region Midtjylland'),
    ('760', 'Ringkøbing-Skjern', 'Region Midtjylland'),
    ('766', 'Hedensted', 'Region Midtjylland'),
    ('773', 'Morsø', 'Region Nordjylland'),
    ('779', 'Skive', 'Region Midtjylland'),
    ('787', 'Thisted', 'Region Nordjylland'),
    ('791', 'Viborg', 'Region Midtjylland'),
    ('810', 'Brønderslev', 'Region Nordjylland'),
    ('813', 'Frederikshavn', 'Region Nordjylland'),
    ('820', 'Vesthimmerlands', 'Region Nordjylland'),
    ('825', 'Læsø', 'Region Nordjylland'),
    ('840', 'Rebild', 'Region Nordjylland'),
    ('846', 'Mariagerfjord', 'Region Nordjylland'),
    ('849', 'Jammerbugt', 'Region Nordjylland'),
    ('851', 'Aalborg', 'Region Nordjylland'),
    ('860', 'Hjørring', 'Region Nordjylland'),
)

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('window_started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle'))
    )
    op.create_table('municipality',
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('region', sa.String(length=50), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_municipality')),
    sa.UniqueConstraint('name', name=op.f('uq_municipality_name'))
    )
    # The 98 municipalities are reference data every database needs.
    municipality = sa.table('municipality', sa.column('code', sa.String),
                            sa.column('name', sa.String), sa.column('region', sa.String))
    op.bulk_insert(municipality, [{'code': code, 'name': name, 'region': region}
                                  for code, name, region in MUNICIPALITIES])
    op.create_table('company',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cvr', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('postal_code', sa.String(length=4), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('is_private', sa.Boolean(), nullable=False),
    sa.Column('municipality_code', sa.String(length=3), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_company_municipality_code_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_company')),
    sa.UniqueConstraint('cvr', name=op.f('uq_company_cvr'))
    )
    op.create_table('trainee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('cpr_encrypted', sa.LargeBinary(), nullable=False),
    sa.Column('cpr_hash', sa.String(length=64), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('postal_code', sa.String(length=4), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('municipality_code', sa.String(length=3), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_trainee_municipality_code_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trainee')),
    sa.UniqueConstraint('cpr_hash', name=op.f('uq_trainee_cpr_hash'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=True),
    sa.Column('municipality_code', sa.String(length=3), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('preferred_language', sa.String(length=5), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(role = 'employer' AND company_id IS NOT NULL AND municipality_code IS NULL) OR (role IN ('caseworker', 'finance') AND municipality_code IS NOT NULL AND company_id IS NULL) OR (role = 'admin' AND company_id IS NULL AND municipality_code IS NULL)", name=op.f('ck_user_account_tenant_matches_role')),
    sa.ForeignKeyConstraint(['company_id'], ['company.id'], name=op.f('fk_user_account_company_id_company')),
    sa.ForeignKeyConstraint(['municipality_code'], ['municipality.code'], name=op.f('fk_user_account_municipality_code_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=254), nullable=False),
    sa.Column('entity_type', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.String(length=50), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_occurred_at'), ['occurred_at'], unique=False)

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

    op.create_table('bonus_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('claim_type', sa.String(length=50), nullable=False),
    sa.Column('beneficiary', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('prepared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_bonus_claim_contract_id_contract')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bonus_claim')),
    sa.UniqueConstraint('contract_id', 'claim_type', name=op.f('uq_bonus_claim_contract_id_claim_type'))
    )
    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bonus_claim_contract_id'), ['contract_id'], unique=False)

    op.create_table('schooling_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('passed_danish_test', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_schooling_plan_contract_id_contract')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schooling_plan')),
    sa.UniqueConstraint('contract_id', name=op.f('uq_schooling_plan_contract_id'))
    )
    op.create_table('schooling_plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('course_number', sa.String(length=20), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('hours', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['schooling_plan.id'], name=op.f('fk_schooling_plan_item_plan_id_schooling_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schooling_plan_item'))
    )
    # ### end Alembic commands ###


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_table('schooling_plan_item')
    op.drop_table('schooling_plan')
    with op.batch_alter_table('bonus_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bonus_claim_contract_id'))

    op.drop_table('bonus_claim')
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_trainee_id'))
        batch_op.drop_index(batch_op.f('ix_contract_municipality_code'))
        batch_op.drop_index(batch_op.f('ix_contract_company_id'))

    op.drop_table('contract')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_occurred_at'))

    op.drop_table('audit_event')
    op.drop_table('user_account')
    op.drop_table('trainee')
    op.drop_table('company')
    op.drop_table('municipality')
    op.drop_table('login_throttle')
    # ### end Alembic commands ###
