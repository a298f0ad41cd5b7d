"""Lead lists given away and given back: `leadlistassignment` (a list, from whom to whom, by
whom, with every lead or its previous owner's only) and `leadownerchange` (each lead moved,
from whom to whom), so giving a list back returns exactly the leads that moved; and
`lead.closed_owner`, whose result a closed lead is once its list changes hands.

Existing leads keep their owners; the history starts with the next reassignment.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leadlistassignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("from_owner", sqlmodel.AutoString(), nullable=True),
        sa.Column("to_owner", sqlmodel.AutoString(), nullable=False),
        sa.Column("every_lead", sa.Boolean(), nullable=False),
        sa.Column("given_back", sa.Boolean(), nullable=False),
        sa.Column("assigned_by", sqlmodel.AutoString(), nullable=False),
        sa.Column("assigned_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["list_id"], ["leadlist.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_leadlistassignment_list_id", "leadlistassignment", ["list_id"])
    op.create_table(
        "leadownerchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("from_owner", sqlmodel.AutoString(), nullable=True),
        sa.Column("to_owner", sqlmodel.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["assignment_id"], ["leadlistassignment.id"]),
        sa.ForeignKeyConstraint(["lead_id"], ["lead.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_leadownerchange_assignment_id", "leadownerchange", ["assignment_id"])
    op.create_index("ix_leadownerchange_lead_id", "leadownerchange", ["lead_id"])
    with op.batch_alter_table("lead") as batch:
        batch.add_column(sa.Column("closed_owner", sqlmodel.AutoString(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lead") as batch:
        batch.drop_column("closed_owner")
    op.drop_index("ix_leadownerchange_lead_id", table_name="leadownerchange")
    op.drop_index("ix_leadownerchange_assignment_id", table_name="leadownerchange")
    op.drop_table("leadownerchange")
    op.drop_index("ix_leadlistassignment_list_id", table_name="leadlistassignment")
    op.drop_table("leadlistassignment")
