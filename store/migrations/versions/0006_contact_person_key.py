"""A person once per company: a `person_key` column on `contact` ("email:…", else "name:…") and
a unique index on (company_siren, person_key) where it is set, so that contact imports (and,
later, enrichment providers) update a person they already wrote instead of writing them twice,
even when two processes import at once.

Existing contacts with an email get their key (one per company and email: a duplicate, which
nothing prevented before, keeps no key rather than failing the upgrade).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEX = "uq_contact_company_person"


def upgrade() -> None:
    op.add_column("contact", sa.Column("person_key", sa.String(), nullable=True))
    op.execute(
        "UPDATE contact SET person_key = 'email:' || lower(email) WHERE email IS NOT NULL "
        "AND id IN (SELECT min(id) FROM contact WHERE email IS NOT NULL "
        "GROUP BY company_siren, lower(email))"
    )
    op.create_index(
        INDEX,
        "contact",
        ["company_siren", "person_key"],
        unique=True,
        sqlite_where=sa.text("person_key IS NOT NULL"),
        postgresql_where=sa.text("person_key IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(INDEX, table_name="contact")
    with op.batch_alter_table("contact") as batch:
        batch.drop_column("person_key")
