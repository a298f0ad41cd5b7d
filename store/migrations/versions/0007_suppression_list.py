"""The suppression list: `suppression` (kind email | domain | siren, value, reason, who, when),
one row per (kind, value). A person, a domain or a company on it is never shown, exported,
enriched or synced.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suppression",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind", sa.Enum("email", "domain", "siren", name="suppressionkind"), nullable=False
        ),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "value", name="uq_suppression_kind_value"),
    )
    op.create_index("ix_suppression_value", "suppression", ["value"])


def downgrade() -> None:
    op.drop_index("ix_suppression_value", table_name="suppression")
    op.drop_table("suppression")
    sa.Enum(name="suppressionkind").drop(op.get_bind(), checkfirst=True)
