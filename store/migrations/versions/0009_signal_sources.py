"""Signals from outside sources: `signal.kind` becomes text (a source may bring a new kind without
a schema change), with `negative`, the source's own id (`external_id`, unique per source: a
notice found twice is one row) and BODACC corrections (`corrects`, `superseded_by`); and the
`company_intent` table (score, reasons, as of when).

Existing rows take the new kinds: a legal notice becomes its BODACC family (accounts filed,
insolvency, modification; a new leader is a leadership change), an office opening a new site.

Revision ID: 0009
Revises: 0008
"""

from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_LEGAL_TYPES = {
    "depot_comptes": "accounts_filed",
    "procedure_collective": "insolvency",
    "modification": "modification",
    "radiation": "deregistration",
    "vente": "sale",
    "creation": "creation",
}
_NEGATIVE = ("insolvency", "deregistration")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE signal ALTER COLUMN kind TYPE VARCHAR USING kind::text")
        op.execute("DROP TYPE IF EXISTS signalkind")
    with op.batch_alter_table("signal") as batch:
        batch.add_column(
            sa.Column("negative", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("external_id", sqlmodel.AutoString(), nullable=True))
        batch.add_column(sa.Column("corrects", sqlmodel.AutoString(), nullable=True))
        batch.add_column(sa.Column("superseded_by", sqlmodel.AutoString(), nullable=True))
    op.create_index(
        "ux_signal_source_external_id", "signal", ["source", "external_id"], unique=True
    )
    op.create_index("ix_signal_source_corrects", "signal", ["source", "corrects"])
    _retype_existing(bind)
    op.create_table(
        "company_intent",
        sa.Column("company_siren", sqlmodel.AutoString(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("signal_count", sa.Integer(), nullable=False),
        sa.Column("last_signal_on", sa.Date(), nullable=True),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.Column("weights", sqlmodel.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["company_siren"], ["company.siren"]),
        sa.PrimaryKeyConstraint("company_siren"),
    )
    op.create_index("ix_company_intent_score", "company_intent", ["score"])


def _retype_existing(bind: sa.engine.Connection) -> None:
    signal = sa.table(
        "signal",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("title", sa.String()),
        sa.column("payload", sa.JSON()),
        sa.column("negative", sa.Boolean()),
    )
    rows = bind.execute(
        sa.select(signal.c.id, signal.c.kind, signal.c.title, signal.c.payload).where(
            signal.c.kind.in_(("legal_notice", "growth"))
        )
    ).all()
    for row in rows:
        kind = _new_kind(row.kind, row.title or "", row.payload or {})
        if kind != row.kind:
            bind.execute(
                signal.update()
                .where(signal.c.id == row.id)
                .values(kind=kind, negative=kind in _NEGATIVE)
            )


def _new_kind(kind: str, title: str, payload: dict[str, Any]) -> str:
    if kind == "growth":
        return "new_site" if payload.get("city") else "growth"
    if "dirigeant" in title.lower():
        return "leadership_change"
    return _LEGAL_TYPES.get(str(payload.get("bodacc_type")), "modification")


def downgrade() -> None:
    op.drop_index("ix_company_intent_score", table_name="company_intent")
    op.drop_table("company_intent")
    op.drop_index("ix_signal_source_corrects", table_name="signal")
    op.drop_index("ux_signal_source_external_id", table_name="signal")
    with op.batch_alter_table("signal") as batch:
        batch.drop_column("superseded_by")
        batch.drop_column("corrects")
        batch.drop_column("external_id")
        batch.drop_column("negative")
