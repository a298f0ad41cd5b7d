"""Lead-list names unique per owner, ignoring case and spacing: a `name_key` column and a unique
index on (owner, name_key), so that two processes creating "Race" at once make one list.

Stores may already hold duplicates (that race made them): each set of same-named lists of one
owner is merged into its oldest list first. No lead is lost: leads move to the oldest list, and
a company that was in two of them is kept once, as the lead furthest along the funnel (the most
recently updated one between equals), so that no qualification work disappears.

Revision ID: 0004
Revises: 0003
"""

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

# The key is computed in Python (SQLite's lower() is ASCII-only); the model's function is the
# one definition of it, so that the keys written here match the ones written afterwards.
from store.models.lead import list_name_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEX = "uq_leadlist_owner_name_key"
# How far along the funnel a lead is: closed (won, lost, disqualified) beats sql beats mql beats new.
STAGE_RANK = {"new": 0, "mql": 1, "sql": 2, "won": 3, "lost": 3, "disqualified": 3}


def upgrade() -> None:
    bind = op.get_bind()
    # SQLite adds a NOT NULL column only with a default; the default is dropped on PostgreSQL
    # below (on SQLite dropping it means rebuilding `leadlist`, which `lead` points at).
    op.add_column(
        "leadlist", sa.Column("name_key", sa.String(), nullable=False, server_default="")
    )
    lists = bind.execute(
        sa.text("SELECT id, name, owner FROM leadlist ORDER BY created_at, id")
    ).all()
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for list_id, name, owner in lists:
        key = list_name_key(name)
        bind.execute(
            sa.text("UPDATE leadlist SET name_key = :key WHERE id = :id"),
            {"key": key, "id": list_id},
        )
        groups[(owner or "", key)].append(list_id)
    for kept, *duplicates in groups.values():
        for duplicate in duplicates:
            _merge(bind, kept=kept, duplicate=duplicate)
    if bind.dialect.name != "sqlite":
        op.alter_column("leadlist", "name_key", server_default=None)
    op.create_index(INDEX, "leadlist", [sa.text("coalesce(owner, '')"), "name_key"], unique=True)


def _merge(bind: Any, *, kept: int, duplicate: int) -> None:
    """Move the leads of list `duplicate` into list `kept`, then delete `duplicate`."""
    rows = bind.execute(
        sa.text(
            "SELECT id, list_id, company_siren, stage, updated_at FROM lead "
            "WHERE list_id IN (:kept, :duplicate) ORDER BY id"
        ),
        {"kept": kept, "duplicate": duplicate},
    ).all()
    by_company: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_company[row.company_siren].append(row)
    for leads in by_company.values():
        best = max(leads, key=lambda lead: (_rank(lead.stage), lead.updated_at, -lead.id))
        for lead in leads:
            if lead is not best:
                bind.execute(sa.text("DELETE FROM lead WHERE id = :id"), {"id": lead.id})
        if best.list_id != kept:
            bind.execute(
                sa.text("UPDATE lead SET list_id = :kept WHERE id = :id"),
                {"kept": kept, "id": best.id},
            )
    bind.execute(
        sa.text(
            "UPDATE leadlist SET description = "
            "(SELECT description FROM leadlist WHERE id = :duplicate) "
            "WHERE id = :kept AND description IS NULL"
        ),
        {"kept": kept, "duplicate": duplicate},
    )
    bind.execute(sa.text("DELETE FROM leadlist WHERE id = :id"), {"id": duplicate})


def _rank(stage: Any) -> int:
    return STAGE_RANK.get(str(getattr(stage, "value", stage)), 0)


def downgrade() -> None:
    # Lists merged by the upgrade stay merged.
    op.drop_index(INDEX, table_name="leadlist")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE leadlist DROP COLUMN name_key")  # SQLite ≥ 3.35, no rebuild
    else:
        op.drop_column("leadlist", "name_key")
