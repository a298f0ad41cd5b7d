"""The enrichment ledger: `provider_call` (run, provider, operation, subject, contact, cost,
outcome, answer, user, when), also read as the waterfall's cache by (provider, subject, at).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "provider_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("operation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("user", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_provider_call_run_id", "provider_call", ["run_id"])
    op.create_index("ix_provider_call_at", "provider_call", ["at"])
    op.create_index("ix_provider_call_cache", "provider_call", ["provider", "subject", "at"])


def downgrade() -> None:
    op.drop_index("ix_provider_call_cache", table_name="provider_call")
    op.drop_index("ix_provider_call_at", table_name="provider_call")
    op.drop_index("ix_provider_call_run_id", table_name="provider_call")
    op.drop_table("provider_call")
