"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 06:53:45.994865
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('company',
    sa.Column('siren', sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('acronym', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('naf_code', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('naf_section', sqlmodel.sql.sqltypes.AutoString(length=1), nullable=True),
    sa.Column('headcount_band', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('legal_form', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('created_on', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('diffusible', sa.Boolean(), nullable=False),
    sa.Column('natural_person', sa.Boolean(), nullable=False),
    sa.Column('employer', sa.Boolean(), nullable=True),
    sa.Column('head_office_siret', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('postcode', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('city', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('commune_code', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('website', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('domain', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('revenue', sa.BigInteger(), nullable=True),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('import_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('siren')
    )
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_company_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_city'), ['city'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_department'), ['department'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_headcount_band'), ['headcount_band'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_naf_code'), ['naf_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_naf_section'), ['naf_section'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_postcode'), ['postcode'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_company_source'), ['source'], unique=False)

    op.create_table('leadlist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('leadlist', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leadlist_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_leadlist_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_leadlist_source'), ['source'], unique=False)

    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_siren', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('first_name', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('last_name', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('function', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('seniority', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('email_status', sa.Enum('verified', 'catch_all', 'guessed', 'invalid', 'unknown', name='emailstatus'), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('linkedin_url', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('field_sources', sa.JSON(), nullable=False),
    sa.Column('opted_out', sa.Boolean(), nullable=False),
    sa.Column('last_contacted_on', sa.Date(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['company_siren'], ['company.siren'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_company_siren'), ['company_siren'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_contact_source'), ['source'], unique=False)

    op.create_table('signal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_siren', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('kind', sa.Enum('hiring', 'fundraising', 'job_change', 'legal_notice', 'growth', 'news', name='signalkind'), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=True),
    sa.Column('strength', sa.Float(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('detected_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['company_siren'], ['company.siren'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signal_company_siren'), ['company_siren'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_occurred_on'), ['occurred_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_signal_source'), ['source'], unique=False)

    op.create_table('engagement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_siren', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('page_view', 'download', 'webinar', 'email_open', 'email_click', 'demo_request', name='engagementkind'), nullable=False),
    sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('occurred_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['company_siren'], ['company.siren'], ),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('engagement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_company_siren'), ['company_siren'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_source'), ['source'], unique=False)

    op.create_table('lead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('company_siren', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('stage', sa.Enum('new', 'mql', 'sql', 'won', 'lost', 'disqualified', name='leadstage'), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('bant_budget', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('bant_authority', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('bant_need', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('bant_timing', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('mql_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('sql_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['company_siren'], ['company.siren'], ),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.ForeignKeyConstraint(['list_id'], ['leadlist.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('list_id', 'company_siren', name='uq_lead_list_company')
    )
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_company_siren'), ['company_siren'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_list_id'), ['list_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_owner'), ['owner'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_sql_at'), ['sql_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_stage'), ['stage'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lead_stage'))
        batch_op.drop_index(batch_op.f('ix_lead_sql_at'))
        batch_op.drop_index(batch_op.f('ix_lead_source'))
        batch_op.drop_index(batch_op.f('ix_lead_owner'))
        batch_op.drop_index(batch_op.f('ix_lead_list_id'))
        batch_op.drop_index(batch_op.f('ix_lead_created_at'))
        batch_op.drop_index(batch_op.f('ix_lead_company_siren'))

    op.drop_table('lead')
    with op.batch_alter_table('engagement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_source'))
        batch_op.drop_index(batch_op.f('ix_engagement_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_engagement_kind'))
        batch_op.drop_index(batch_op.f('ix_engagement_contact_id'))
        batch_op.drop_index(batch_op.f('ix_engagement_company_siren'))

    op.drop_table('engagement')
    with op.batch_alter_table('signal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signal_source'))
        batch_op.drop_index(batch_op.f('ix_signal_occurred_on'))
        batch_op.drop_index(batch_op.f('ix_signal_kind'))
        batch_op.drop_index(batch_op.f('ix_signal_company_siren'))

    op.drop_table('signal')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_source'))
        batch_op.drop_index(batch_op.f('ix_contact_email'))
        batch_op.drop_index(batch_op.f('ix_contact_company_siren'))

    op.drop_table('contact')
    with op.batch_alter_table('leadlist', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leadlist_source'))
        batch_op.drop_index(batch_op.f('ix_leadlist_owner'))
        batch_op.drop_index(batch_op.f('ix_leadlist_name'))

    op.drop_table('leadlist')
    with op.batch_alter_table('company', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_company_source'))
        batch_op.drop_index(batch_op.f('ix_company_region'))
        batch_op.drop_index(batch_op.f('ix_company_postcode'))
        batch_op.drop_index(batch_op.f('ix_company_naf_section'))
        batch_op.drop_index(batch_op.f('ix_company_naf_code'))
        batch_op.drop_index(batch_op.f('ix_company_headcount_band'))
        batch_op.drop_index(batch_op.f('ix_company_department'))
        batch_op.drop_index(batch_op.f('ix_company_city'))
        batch_op.drop_index(batch_op.f('ix_company_category'))

    op.drop_table('company')

