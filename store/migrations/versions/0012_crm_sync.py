"""The CRM outbox (`crmsync`): one row per lead and CRM, unique, so two asks at once queue one
send; claimed by workers with a lease.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crmsync",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("crm", sqlmodel.AutoString(), nullable=False),
        sa.Column("state", sqlmodel.AutoString(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("lease_owner", sqlmodel.AutoString(), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("in_doubt", sa.Boolean(), nullable=False),
        sa.Column("external_ids", sa.JSON(), nullable=False),
        sa.Column("last_error", sqlmodel.AutoString(), nullable=True),
        sa.Column("requested_by", sqlmodel.AutoString(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("sends", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lead_id", "crm", name="uq_crmsync_lead_crm"),
    )
    op.create_index("ix_crmsync_due", "crmsync", ["crm", "state", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_crmsync_due", table_name="crmsync")
    op.drop_table("crmsync")
