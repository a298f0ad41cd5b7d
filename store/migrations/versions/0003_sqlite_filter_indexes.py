"""SQLite: drop the company indexes the full-text index made redundant.

On SQLite the search answers NAF, section, department, region, headcount, category and city
filters from `company_fts` (its facet tokens and rowid, migration 0002), so these seven b-tree
indexes were only written, never read: dropping them takes the SIRENE import from ~98,000 to
~146,000 legal units a second (bench/search.py, 1 M companies). PostgreSQL keeps them: its
search filters in SQL.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REDUNDANT = ("naf_code", "naf_section", "headcount_band", "category", "city", "department", "region")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for column in REDUNDANT:
        op.drop_index(f"ix_company_{column}", table_name="company")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for column in REDUNDANT:
        op.create_index(f"ix_company_{column}", "company", [column])
