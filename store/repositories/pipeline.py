"""Pipeline aggregates over leads, grouped by owner, in one SQL query each.

Stage timestamps say when a lead reached a stage: `created_at` (new), `mql_at`, `sql_at`,
`closed_at` (won, lost or disqualified). Everything here is plain SQL that SQLite and
PostgreSQL both run.

Whose a figure is: a lead's owner, except for a closed lead's result (won, lost, disqualified),
which stays with whoever owned it when it closed (`closed_owner`, kept when its list changes
hands) — giving a list away never rewrites a rep's past results.
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
    lost: int = 0
    disqualified: int = 0


def result_holder() -> Any:
    """Whose a lead's result is: who owned it when it closed, else its owner."""
    return func.coalesce(TABLE.c.closed_owner, TABLE.c.owner)


def owner_filter(owner: str | None, column: Any = None) -> list[Any]:
    """The condition keeping one owner's leads (case aside; by `column`, the owner by
    default); none for everyone's."""
    held = TABLE.c.owner if column is None else column
    return [] if owner is None else [func.lower(held) == owner.strip().lower()]


def by_owner(
    session: Session, key: Any, columns: list[Any], owner: str | None
) -> dict[str | None, list[int]]:
    """The `columns` summed per `key` (an owner column), kept to `owner` when given."""
    statement = select(key, *columns).where(*owner_filter(owner, key)).group_by(key)
    return {row[0]: [int(value) for value in row[1:]] for row in session.execute(statement).all()}


def merged(
    first: dict[str | None, list[int]], second: dict[str | None, list[int]], widths: tuple[int, int]
) -> dict[str | None, list[int]]:
    """Two per-owner groupings side by side (zeros where an owner has none)."""
    return {
        key: first.get(key, [0] * widths[0]) + second.get(key, [0] * widths[1])
        for key in sorted({*first, *second}, key=lambda name: (name is None, name or ""))
    }


def count_when(condition: Any) -> Any:
    """How many rows of the group meet `condition` (0, never NULL, for an empty group)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def stage_counts(
    session: Session, *, owner: str | None = None
) -> dict[tuple[str | None, str], int]:
    """Current number of leads per (owner, stage); a closed lead counts for whoever owned it
    when it closed."""
    holder = result_holder()  # the owner, for an open lead
    statement = (
        select(holder, TABLE.c.stage, func.count())
        .where(*owner_filter(owner, holder))
        .group_by(holder, TABLE.c.stage)
    )
    return {
        (row_owner, LeadStage(stage).value): int(count)
        for row_owner, stage, count in session.execute(statement).all()
    }


def funnel_counts(session: Session, *, owner: str | None = None) -> dict[str | None, OwnerFunnel]:
    """Per owner: leads, and how many reached MQL, SQL and won (a win counts for whoever
    owned the lead when it closed).

    Reaching a later stage counts as having passed the earlier ones, so a lead moved
    straight to SQL has reached MQL too.
    """
    reached_sql = or_(
        TABLE.c.sql_at.is_not(None), TABLE.c.stage.in_([LeadStage.sql, LeadStage.won])
    )
    reached_mql = or_(reached_sql, TABLE.c.mql_at.is_not(None), TABLE.c.stage == LeadStage.mql)
    reached = by_owner(
        session,
        TABLE.c.owner,
        [func.count(), count_when(reached_mql), count_when(reached_sql)],
        owner,
    )
    won = by_owner(session, result_holder(), [count_when(TABLE.c.stage == LeadStage.won)], owner)
    return {key: OwnerFunnel(*values) for key, values in merged(reached, won, (3, 1)).items()}


def activity_counts(
    session: Session, *, start: datetime, end: datetime, owner: str | None = None
) -> dict[str | None, OwnerActivity]:
    """Per owner: leads created, leads reaching SQL, and leads won, lost and disqualified in
    [start, end) (a result counts for whoever owned the lead when it closed)."""

    def within(column: Any) -> Any:
        return and_(column >= start, column < end)

    made = by_owner(
        session,
        TABLE.c.owner,
        [count_when(within(TABLE.c.created_at)), count_when(within(TABLE.c.sql_at))],
        owner,
    )
    won = by_owner(
        session,
        result_holder(),
        [
            count_when(and_(TABLE.c.stage == stage, within(TABLE.c.closed_at)))
            for stage in (LeadStage.won, LeadStage.lost, LeadStage.disqualified)
        ],
        owner,
    )
    return {key: OwnerActivity(*values) for key, values in merged(made, won, (2, 3)).items()}
