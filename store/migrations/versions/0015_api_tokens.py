"""Personal access tokens (`apitoken`): how an assistant's MCP client acts as a Filon user
(`filon users token`, `filon mcp --http`).

Stored as SHA-256 digests, unique; a token's name is unique per user.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "apitoken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sqlmodel.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.AutoString(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("prefix", sqlmodel.AutoString(), nullable=False),
        sa.Column("created_by", sqlmodel.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
        sa.UniqueConstraint("login", "name", name="uq_apitoken_login_name"),
    )
    op.create_index("ix_apitoken_login", "apitoken", ["login"])


def downgrade() -> None:
    op.drop_index("ix_apitoken_login", table_name="apitoken")
    op.drop_table("apitoken")
