"""Users and roles (`user`), lead lists shared with a teammate (`leadlistshare`), and who
started each conversation thread (`chatthread`).

A store with no user rows stays single-user, as before this revision: nothing to fill in.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(), nullable=False),
        sa.Column("display_name", sqlmodel.AutoString(), nullable=True),
        sa.Column("role", sqlmodel.AutoString(), nullable=False),
        sa.Column("password_hash", sqlmodel.AutoString(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("role IN ('rep', 'manager', 'admin')", name="ck_user_role"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("login"),
    )
    op.create_table(
        "leadlistshare",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("login", sqlmodel.AutoString(), nullable=False),
        sa.Column("shared_by", sqlmodel.AutoString(), nullable=False),
        sa.Column("shared_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["list_id"], ["leadlist.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("list_id", "login", name="uq_leadlistshare_list_login"),
    )
    op.create_index("ix_leadlistshare_login", "leadlistshare", ["login"])
    op.create_table(
        "chatthread",
        sa.Column("thread_id", sqlmodel.AutoString(), nullable=False),
        sa.Column("owner", sqlmodel.AutoString(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_turn_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("thread_id"),
    )
    op.create_index("ix_chatthread_owner", "chatthread", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_chatthread_owner", table_name="chatthread")
    op.drop_table("chatthread")
    op.drop_index("ix_leadlistshare_login", table_name="leadlistshare")
    op.drop_table("leadlistshare")
    op.drop_table("user")
