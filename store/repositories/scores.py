"""Reading what lead scores are made of and writing them back, set-based.

A scoring run reads its leads with their companies in one statement (chunks of SIRENs when it
is given SIRENs), the engagement events of those companies in one more, writes the scores as
one UPDATE sent with every row's parameters (`executemany`), and promotes leads with one UPDATE
per chunk (`… WHERE stage = 'new' RETURNING id`: a lead a rep moved meanwhile is left alone)
and one INSERT of the changes it made.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from store.models import (
    AICell,
    AIColumn,
    Company,
    Engagement,
    Lead,
    LeadList,
    LeadStage,
    LeadStageChange,
)
from store.models.tables import table_of
from store.repositories.shares import readable_leads

LEAD = table_of(Lead)
LIST = table_of(LeadList)
COMPANY = table_of(Company)
ENGAGEMENT = table_of(Engagement)
CHANGE = table_of(LeadStageChange)
COLUMN = table_of(AIColumn)
CELL = table_of(AICell)
_CHUNK = 500  # SIRENs or ids per IN (…): well under every database's bound-parameter limit


def _chunks(values: Sequence[Any]) -> Iterator[list[Any]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _whose(owner: str | None, readable_by: str | None) -> list[Any]:
    """Conditions on `lead`: owned by `owner` (a login, any case), readable by `readable_by`."""
    conditions: list[Any] = []
    if owner is not None:
        conditions.append(func.lower(LEAD.c.owner) == owner.strip().lower())
    if readable_by is not None:
        conditions.append(readable_leads(readable_by))
    return conditions


def leads_to_score(
    connection: Connection,
    *,
    list_id: int | None = None,
    sirens: Sequence[str] | None = None,
    owner: str | None = None,
    readable_by: str | None = None,
) -> list[Any]:
    """The leads of a list, of these companies, or all (None, None) — of `owner` only, and
    only those `readable_by` may read, when given — with what fit reads of their company and
    the name of their list; by lead id."""
    statement = (
        select(
            LEAD.c.id,
            LEAD.c.company_siren,
            LEAD.c.stage,
            LEAD.c.score,
            LEAD.c.scores,
            LEAD.c.owner,
            LIST.c.name.label("list_name"),
            COMPANY.c.name,
            COMPANY.c.city,
            COMPANY.c.naf_code,
            COMPANY.c.headcount_band,
            COMPANY.c.department,
            COMPANY.c.region,
            COMPANY.c.category,
            COMPANY.c.created_on,
        )
        .join(LIST, LIST.c.id == LEAD.c.list_id)
        .join(COMPANY, COMPANY.c.siren == LEAD.c.company_siren)
        .where(*_whose(owner, readable_by))
        .order_by(LEAD.c.id)
    )
    if list_id is not None:
        statement = statement.where(LEAD.c.list_id == list_id)
    if sirens is None:
        return list(connection.execute(statement))
    rows: list[Any] = []
    for chunk in _chunks(sirens):
        rows += connection.execute(statement.where(LEAD.c.company_siren.in_(chunk)))
    return sorted(rows, key=lambda row: row.id)


def engagement_of_leads(
    connection: Connection,
    *,
    since: datetime,
    list_id: int | None = None,
    sirens: Sequence[str] | None = None,
    owner: str | None = None,
    readable_by: str | None = None,
) -> list[Any]:
    """The engagement events since `since` of the companies of those leads (as in
    `leads_to_score`): company_siren, kind, detail, occurred_at."""
    statement = select(
        ENGAGEMENT.c.company_siren,
        ENGAGEMENT.c.kind,
        ENGAGEMENT.c.detail,
        ENGAGEMENT.c.occurred_at,
    ).where(ENGAGEMENT.c.occurred_at >= since)
    if sirens is not None:
        rows: list[Any] = []
        for chunk in _chunks(sirens):
            rows += connection.execute(statement.where(ENGAGEMENT.c.company_siren.in_(chunk)))
        return rows
    leads = select(LEAD.c.company_siren).where(*_whose(owner, readable_by))
    if list_id is not None:
        leads = leads.where(LEAD.c.list_id == list_id)
    return list(connection.execute(statement.where(ENGAGEMENT.c.company_siren.in_(leads))))


def save_scores(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Write each lead's `score` and `scores` (rows of lead_id, score, scores): one statement."""
    if not rows:
        return
    statement = (
        update(LEAD)
        .where(LEAD.c.id == bindparam("lead_id"))
        .values(score=bindparam("score"), scores=bindparam("scores"))
    )
    connection.execute(statement, list(rows))


def promote_to_mql(
    connection: Connection, reasons: dict[int, str], *, changed_by: str, at: datetime
) -> list[int]:
    """Move these leads from new to mql, recording each change with its reason; the ids of
    those moved (a lead no longer new is left as it is). The stage timestamps follow
    the rule of `agent.leads.stages.stage_stamps` for reaching mql from new."""
    moved: list[int] = []
    for chunk in _chunks(list(reasons)):
        statement = (
            update(LEAD)
            .where(LEAD.c.id.in_(chunk), LEAD.c.stage == LeadStage.new.value)
            .values(
                stage=LeadStage.mql.value,
                mql_at=func.coalesce(LEAD.c.mql_at, at),
                sql_at=None,
                closed_at=None,
                updated_at=at,
            )
            .returning(LEAD.c.id)
        )
        moved += connection.execute(statement).scalars()
    if moved:
        connection.execute(
            insert(CHANGE),
            [
                {
                    "lead_id": lead_id,
                    "from_stage": LeadStage.new.value,
                    "to_stage": LeadStage.mql.value,
                    "changed_by": changed_by,
                    "reason": reasons[lead_id],
                    "changed_at": at,
                }
                for lead_id in sorted(moved)
            ],
        )
    return sorted(moved)


def insert_engagements(connection: Connection, rows: Sequence[dict[str, Any]]) -> int:
    """Write engagement events (company_siren, kind, detail, occurred_at, contact_id, source)."""
    if rows:
        connection.execute(insert(ENGAGEMENT), list(rows))
    return len(rows)


def ai_cells_of_leads(
    connection: Connection,
    *,
    name_keys: Sequence[str],
    list_id: int | None = None,
    sirens: Sequence[str] | None = None,
    owner: str | None = None,
    readable_by: str | None = None,
) -> list[Any]:
    """The filled cells of the AI columns named (by `name_key`) for the leads of a list, of
    these companies, or all (as in `leads_to_score`): (lead_id, name, name_key, type, value)."""
    if not name_keys:
        return []
    statement = (
        select(CELL.c.lead_id, COLUMN.c.name, COLUMN.c.name_key, COLUMN.c.type, CELL.c.value)
        .join(COLUMN, COLUMN.c.id == CELL.c.column_id)
        .join(LEAD, LEAD.c.id == CELL.c.lead_id)
        .where(CELL.c.status == "filled", COLUMN.c.name_key.in_(list(name_keys)))
        .where(*_whose(owner, readable_by))
        .order_by(CELL.c.lead_id, COLUMN.c.name_key)
    )
    if list_id is not None:
        statement = statement.where(LEAD.c.list_id == list_id)
    if sirens is not None:
        statement = statement.where(LEAD.c.company_siren.in_(list(sirens)))
    return list(connection.execute(statement))
