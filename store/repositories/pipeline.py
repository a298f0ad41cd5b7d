"""Pipeline aggregates over leads, grouped by owner, in one SQL query each.

Stage timestamps say when a lead reached a stage: `created_at` (new), `mql_at`, `sql_at`,
`closed_at` (won, lost or disqualified). Everything here is plain SQL that SQLite and
PostgreSQL both run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from store.models import Lead, LeadStage
from store.models.tables import table_of

TABLE = table_of(Lead)


@dataclass(frozen=True, slots=True)
class OwnerFunnel:
    """How many of one owner's leads reached each stage, whenever they did."""

    leads: int
    reached_mql: int
    reached_sql: int
    won: int


@dataclass(frozen=True, slots=True)
class OwnerActivity:
    """What happened to one owner's leads within a time window."""

    new_leads: int
    new_sqls: int
    won: int


def owner_filter(owner: str | None) -> list[Any]:
    """The condition keeping one owner's leads (case aside); none for everyone's."""
    return [] if owner is None else [func.lower(TABLE.c.owner) == owner.strip().lower()]


def count_when(condition: Any) -> Any:
    """How many rows of the group meet `condition` (0, never NULL, for an empty group)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def stage_counts(
    session: Session, *, owner: str | None = None
) -> dict[tuple[str | None, str], int]:
    """Current number of leads per (owner, stage)."""
    statement = (
        select(TABLE.c.owner, TABLE.c.stage, func.count())
        .where(*owner_filter(owner))
        .group_by(TABLE.c.owner, TABLE.c.stage)
    )
    return {
        (row_owner, LeadStage(stage).value): int(count)
        for row_owner, stage, count in session.execute(statement).all()
    }


def funnel_counts(session: Session, *, owner: str | None = None) -> dict[str | None, OwnerFunnel]:
    """Per owner: leads, and how many reached MQL, SQL and won.

    Reaching a later stage counts as having passed the earlier ones, so a lead moved
    straight to SQL has reached MQL too.
    """
    reached_sql = or_(
        TABLE.c.sql_at.is_not(None), TABLE.c.stage.in_([LeadStage.sql, LeadStage.won])
    )
    reached_mql = or_(reached_sql, TABLE.c.mql_at.is_not(None), TABLE.c.stage == LeadStage.mql)
    statement = (
        select(
            TABLE.c.owner,
            func.count(),
            count_when(reached_mql),
            count_when(reached_sql),
            count_when(TABLE.c.stage == LeadStage.won),
        )
        .where(*owner_filter(owner))
        .group_by(TABLE.c.owner)
    )
    return {
        row[0]: OwnerFunnel(*(int(value) for value in row[1:]))
        for row in session.execute(statement).all()
    }


def activity_counts(
    session: Session, *, start: datetime, end: datetime, owner: str | None = None
) -> dict[str | None, OwnerActivity]:
    """Per owner: leads created, leads reaching SQL and leads won in [start, end)."""

    def within(column: Any) -> Any:
        return and_(column >= start, column < end)

    statement = (
        select(
            TABLE.c.owner,
            count_when(within(TABLE.c.created_at)),
            count_when(within(TABLE.c.sql_at)),
            count_when(and_(TABLE.c.stage == LeadStage.won, within(TABLE.c.closed_at))),
        )
        .where(*owner_filter(owner))
        .group_by(TABLE.c.owner)
    )
    return {
        row[0]: OwnerActivity(*(int(value) for value in row[1:]))
        for row in session.execute(statement).all()
    }
