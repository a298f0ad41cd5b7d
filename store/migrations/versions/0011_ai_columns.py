"""AI columns: their definitions per list (`aicolumn`), one typed cell per (column, lead)
(`aicell`, unique, so concurrent runs write each cell once), and the runs (`aicolumnrun`).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aicolumn",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.AutoString(), nullable=False),
        sa.Column("name_key", sqlmodel.AutoString(), nullable=False),
        sa.Column("prompt", sqlmodel.AutoString(), nullable=False),
        sa.Column("type", sqlmodel.AutoString(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("prompt_hash", sqlmodel.AutoString(), nullable=False),
        sa.Column("builtin", sqlmodel.AutoString(), nullable=True),
        sa.Column("created_by", sqlmodel.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["list_id"], ["leadlist.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("list_id", "name_key", name="uq_aicolumn_list_name"),
    )
    op.create_index("ix_aicolumn_list_id", "aicolumn", ["list_id"])
    op.create_table(
        "aicell",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("column_id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.AutoString(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("rationale", sqlmodel.AutoString(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("model", sqlmodel.AutoString(), nullable=False),
        sa.Column("tokens_in", sa.Integer(), nullable=False),
        sa.Column("tokens_out", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("input_hash", sqlmodel.AutoString(), nullable=False),
        sa.Column("error", sqlmodel.AutoString(), nullable=True),
        sa.Column("filled_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["column_id"], ["aicolumn.id"]),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("column_id", "lead_id", name="uq_aicell_column_lead"),
    )
    op.create_index("ix_aicell_lead", "aicell", ["lead_id"])
    op.create_table(
        "aicolumnrun",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("model", sqlmodel.AutoString(), nullable=False),
        sa.Column("started_by", sqlmodel.AutoString(), nullable=False),
        sa.Column("cells", sa.Integer(), nullable=False),
        sa.Column("filled", sa.Integer(), nullable=False),
        sa.Column("no_info", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("cached", sa.Integer(), nullable=False),
        sa.Column("model_calls", sa.Integer(), nullable=False),
        sa.Column("tokens_in", sa.Integer(), nullable=False),
        sa.Column("tokens_out", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["list_id"], ["leadlist.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_aicolumnrun_list_id", "aicolumnrun", ["list_id"])


def downgrade() -> None:
    op.drop_index("ix_aicolumnrun_list_id", table_name="aicolumnrun")
    op.drop_table("aicolumnrun")
    op.drop_index("ix_aicell_lead", table_name="aicell")
    op.drop_table("aicell")
    op.drop_index("ix_aicolumn_list_id", table_name="aicolumn")
    op.drop_table("aicolumn")
