"""PostgreSQL: GIN indexes over slices of the companies prove a broad search's count.

A GIN index gathers every match of a search before its count can stop at 10,000, so counting
"entreprises à Paris" cost what counting its 182,981 matches does (50 ms at 1 M companies). The
indexes `ix_company_sample_1`, `_2` and `_3` hold the same search keys for the first 1/64, the
next 3/64 and the next 12/64 of the SIRENs: when those slices alone hold 10,000 matches, the
count stops there (`store/search/samples_postgres.py`). A store under 160,000 companies gets none (counting it
whole is fast); a bulk import builds them again from the SIRENs it then holds.

Revision ID: 0021
Revises: 0020
"""

from alembic import op

from store.search import samples_postgres

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    cursor = bind.connection.cursor()
    try:
        samples_postgres.build(cursor)
    finally:
        cursor.close()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    cursor = bind.connection.cursor()
    try:
        samples_postgres.drop(cursor)
    finally:
        cursor.close()
