"""BANT answers: what was learnt about a lead's Budget, Authority, Need and Timing, one row per
answer with its status, value and origin (`bantanswer`).

A lead's former free-text BANT (`lead.bant_*`, written by the demo) becomes one confirmed answer
per criterion, said by the lead's owner when it reached SQL, with source `legacy`; the columns
stay for older readers.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_CRITERIA = ("budget", "authority", "need", "timing")


def upgrade() -> None:
    op.create_table(
        "bantanswer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("criterion", sqlmodel.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.AutoString(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("note", sqlmodel.AutoString(), nullable=True),
        sa.Column("said_by", sqlmodel.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.AutoString(), nullable=False),
        sa.Column("thread_id", sqlmodel.AutoString(), nullable=True),
        sa.Column("message_id", sqlmodel.AutoString(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_bantanswer_lead_criterion", "bantanswer", ["lead_id", "criterion", "id"], unique=False
    )
    for criterion in _CRITERIA:
        op.execute(
            "INSERT INTO bantanswer (lead_id, criterion, status, value, note, said_by, source, "
            "recorded_at) "
            f"SELECT id, '{criterion}', 'confirmed', '{{}}', bant_{criterion}, "
            "coalesce(owner, 'import'), 'legacy', coalesce(sql_at, updated_at) "
            f"FROM lead WHERE bant_{criterion} IS NOT NULL"
        )


def downgrade() -> None:
    op.drop_index("ix_bantanswer_lead_criterion", table_name="bantanswer")
    op.drop_table("bantanswer")
