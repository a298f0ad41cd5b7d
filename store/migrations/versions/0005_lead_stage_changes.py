"""The record of lead stage changes: `leadstagechange`, one row per change (lead, from, to, who,
why, when), written by `set_lead_stage` next to the stage timestamps the pipeline reads.

Existing leads keep their stage and timestamps; their history starts with the next change.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

STAGES = ("new", "mql", "sql", "won", "lost", "disqualified")


def _stage() -> sa.types.TypeEngine[str]:
    # The `leadstage` type exists on PostgreSQL since 0001: used, not created again.
    return sa.Enum(*STAGES, name="leadstage").with_variant(
        postgresql.ENUM(*STAGES, name="leadstage", create_type=False), "postgresql"
    )


def upgrade() -> None:
    op.create_table(
        "leadstagechange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("from_stage", _stage(), nullable=False),
        sa.Column("to_stage", _stage(), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_leadstagechange_lead_id", "leadstagechange", ["lead_id"])
    op.create_index("ix_leadstagechange_changed_at", "leadstagechange", ["changed_at"])


def downgrade() -> None:
    op.drop_index("ix_leadstagechange_changed_at", table_name="leadstagechange")
    op.drop_index("ix_leadstagechange_lead_id", table_name="leadstagechange")
    op.drop_table("leadstagechange")
