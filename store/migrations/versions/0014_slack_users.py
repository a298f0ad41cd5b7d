"""Slack: the Slack account each user talks to Filon from (`user.slack_id`, one user per Slack
account), and the Slack events already taken in (`slackevent`), so that Slack's retries of an
event are not run twice.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("user", sa.Column("slack_id", sqlmodel.AutoString(), nullable=True))
    op.create_index("ux_user_slack_id", "user", ["slack_id"], unique=True)
    op.create_table(
        "slackevent",
        sa.Column("event_id", sqlmodel.AutoString(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_slackevent_received_at", "slackevent", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_slackevent_received_at", table_name="slackevent")
    op.drop_table("slackevent")
    op.drop_index("ux_user_slack_id", table_name="user")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("slack_id")
