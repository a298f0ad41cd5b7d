"""PostgreSQL: `ix_company_created` on (created_on, siren) lists the companies newest or oldest
first without sorting every match.

A page sorted by creation date over many matches ("les entreprises à Paris les plus
récentes") walks it in order, testing each company's search keys, until the page is full,
as `ix_company_size` does for the size orders (`store/search/postgres.py`): 113-154 ms a page
sorted in full at 1 M companies. SQLite walks its year and month tokens instead (migration
0015). A bulk import drops it and builds it again with the search indexes (`bulk_postgres`).

Revision ID: 0020
Revises: 0019
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

CREATE = "CREATE INDEX IF NOT EXISTS ix_company_created ON company (created_on, siren)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(CREATE)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_company_created")
