"""Saved conversations for the web UI: each thread's name (and its search key) and UI settings
(`chatthread`), the steps it showed (`chatstep`: messages, answers, tool steps, their feedback)
and their tables, charts and files (`chatelement`), keyed to the thread and so to its one owner.

Threads the CLI ran before this revision keep no name and nothing to replay: the sidebar lists
the threads the web UI saved.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("chatthread") as batch:
        batch.add_column(sa.Column("name", sqlmodel.AutoString(), nullable=True))
        batch.add_column(sa.Column("name_key", sqlmodel.AutoString(), nullable=True))
        batch.add_column(sa.Column("chat_settings", sa.JSON(), nullable=True))
    op.create_table(
        "chatstep",
        sa.Column("id", sqlmodel.AutoString(), nullable=False),
        sa.Column("thread_id", sqlmodel.AutoString(), nullable=False),
        sa.Column("parent_id", sqlmodel.AutoString(), nullable=True),
        sa.Column("type", sqlmodel.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.AutoString(), nullable=False),
        sa.Column("input", sa.Text(), nullable=False),
        sa.Column("output", sa.Text(), nullable=False),
        sa.Column("show_input", sqlmodel.AutoString(), nullable=True),
        sa.Column("is_error", sa.Boolean(), nullable=False),
        sa.Column("language", sqlmodel.AutoString(), nullable=True),
        sa.Column("step_metadata", sa.JSON(), nullable=False),
        sa.Column("start", sqlmodel.AutoString(), nullable=True),
        sa.Column("end", sqlmodel.AutoString(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("feedback_value", sa.Integer(), nullable=True),
        sa.Column("feedback_comment", sqlmodel.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["thread_id"], ["chatthread.thread_id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_chatstep_thread", "chatstep", ["thread_id", "created_at"])
    op.create_table(
        "chatelement",
        sa.Column("id", sqlmodel.AutoString(), nullable=False),
        sa.Column("thread_id", sqlmodel.AutoString(), nullable=False),
        sa.Column("for_id", sqlmodel.AutoString(), nullable=True),
        sa.Column("type", sqlmodel.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.AutoString(), nullable=False),
        sa.Column("display", sqlmodel.AutoString(), nullable=False),
        sa.Column("size", sqlmodel.AutoString(), nullable=True),
        sa.Column("mime", sqlmodel.AutoString(), nullable=True),
        sa.Column("language", sqlmodel.AutoString(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("props", sa.JSON(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["chatthread.thread_id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_chatelement_thread", "chatelement", ["thread_id"])


def downgrade() -> None:
    op.drop_index("ix_chatelement_thread", table_name="chatelement")
    op.drop_table("chatelement")
    op.drop_index("ix_chatstep_thread", table_name="chatstep")
    op.drop_table("chatstep")
    with op.batch_alter_table("chatthread") as batch:
        batch.drop_column("chat_settings")
        batch.drop_column("name_key")
        batch.drop_column("name")
