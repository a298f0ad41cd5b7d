"""The manager's dashboard aggregates: counts per owner over several time windows at once
(a week each, for trends), open leads left idle, and what each person did in a window.

Like `store.repositories.pipeline`, plain SQL both SQLite and PostgreSQL run: the windows are
`SUM(CASE …)` columns of one grouped query rather than a dialect's date truncation, so twelve
weeks of five figures are one query, and a window's bounds are exactly the ones asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, literal, or_, select, union_all
from sqlmodel import Session, col

from store.models import BantAnswer, Company, Lead, LeadList, LeadStage, LeadStageChange
from store.models.tables import table_of
from store.repositories.leads import last_contact
from store.repositories.pipeline import (
    TABLE,
    by_owner,
    count_when,
    merged,
    owner_filter,
    result_holder,
)

# What a window counts, in this order: leads created, reaching MQL, reaching SQL, won, lost.
METRICS = ("new_leads", "new_mqls", "new_sqls", "won", "lost")
OPEN_STAGES = (LeadStage.new, LeadStage.mql, LeadStage.sql)
Window = tuple[datetime, datetime]


def window_counts(
    session: Session, *, windows: Sequence[Window], owner: str | None = None
) -> dict[str | None, dict[str, list[int]]]:
    """Per owner and metric, the count in each half-open window [start, end), in order."""

    def within(column: Any, window: Window) -> Any:
        return and_(column >= window[0], column < window[1])

    def closed_as(stage: LeadStage, window: Window) -> Any:
        return and_(TABLE.c.stage == stage, within(TABLE.c.closed_at, window))

    made = [
        count_when(within(column, window))
        for window in windows
        for column in (TABLE.c.created_at, TABLE.c.mql_at, TABLE.c.sql_at)
    ]
    closed = [
        count_when(closed_as(stage, window))
        for window in windows
        for stage in (LeadStage.won, LeadStage.lost)
    ]
    # a won or lost lead counts for whoever owned it when it closed (`result_holder`)
    grouped = merged(
        by_owner(session, TABLE.c.owner, made, owner),
        by_owner(session, result_holder(), closed, owner),
        (len(made), len(closed)),
    )
    found: dict[str | None, dict[str, list[int]]] = {}
    for key, values in grouped.items():
        opened, ended = values[: len(made)], values[len(made) :]
        found[key] = {
            **{metric: opened[index::3] for index, metric in enumerate(METRICS[:3])},
            **{metric: ended[index::2] for index, metric in enumerate(METRICS[3:])},
        }
    return found


@dataclass(frozen=True, slots=True)
class IdleLead:
    """An open lead nobody moved or contacted since `idle_since`."""

    lead_id: int
    siren: str
    company: str
    list_name: str
    owner: str | None
    stage: str
    last_moved: datetime
    last_contacted_on: date | None


def last_move() -> Any:
    """When the lead last changed stage: its latest recorded change, else (leads imported or
    seeded with their stage timestamps) the latest of `sql_at`, `mql_at` and its creation, which
    come in that order. A correlated subquery on `lead`."""
    changed = (
        select(func.max(LeadStageChange.changed_at))
        .where(col(LeadStageChange.lead_id) == col(Lead.id))
        .correlate(Lead)
        .scalar_subquery()
    )
    return func.coalesce(changed, col(Lead.sql_at), col(Lead.mql_at), col(Lead.created_at))


def idle_leads(
    session: Session,
    *,
    moved_before: datetime,
    contacted_before: date,
    owner: str | None = None,
) -> list[IdleLead]:
    """Open leads (new, MQL, SQL) last moved before `moved_before` whose company was last
    contacted before `contacted_before` or never: the longest idle first."""
    moved, contacted = last_move(), last_contact()
    statement = (
        select(
            col(Lead.id),
            col(Lead.company_siren),
            col(Company.name),
            col(LeadList.name),
            col(Lead.owner),
            col(Lead.stage),
            moved,
            contacted,
        )
        .join(Company, col(Company.siren) == col(Lead.company_siren))
        .join(LeadList, col(LeadList.id) == col(Lead.list_id))
        .where(
            col(Lead.stage).in_(OPEN_STAGES),
            moved < moved_before,
            or_(contacted.is_(None), contacted < contacted_before),
            *owner_filter(owner),
        )
        .order_by(moved, col(Lead.id))
    )
    return [
        IdleLead(
            lead_id=int(row[0]),
            siren=str(row[1]),
            company=str(row[2]),
            list_name=str(row[3]),
            owner=row[4],
            stage=LeadStage(row[5]).value,
            last_moved=row[6],
            last_contacted_on=row[7],
        )
        for row in session.execute(statement).all()
    ]


@dataclass(frozen=True, slots=True)
class PersonActivity:
    """What one person did in a window: stage changes made, BANT answers recorded, leads
    added (leads they own that were created in it)."""

    stage_changes: int = 0
    bant_answers: int = 0
    leads_added: int = 0


def person_activity(
    session: Session, *, start: datetime, end: datetime, person: str | None = None
) -> dict[str, PersonActivity]:
    """Per login (lower case), their stage changes, BANT answers and new leads in [start, end);
    only `person`'s when given."""
    changes, answers = table_of(LeadStageChange), table_of(BantAnswer)
    parts = [
        _acts(changes.c.changed_by, changes.c.changed_at, "stage_changes", start, end),
        _acts(answers.c.said_by, answers.c.recorded_at, "bant_answers", start, end),
        _acts(TABLE.c.owner, TABLE.c.created_at, "leads_added", start, end),
    ]
    rows = union_all(*parts).subquery()
    statement = select(rows.c.who, rows.c.kind, func.sum(rows.c.n)).group_by(
        rows.c.who, rows.c.kind
    )
    if person is not None:
        statement = statement.where(rows.c.who == person.strip().lower())
    counts: dict[str, dict[str, int]] = {}
    for who, kind, count in session.execute(statement).all():
        counts.setdefault(str(who), {})[str(kind)] = int(count)
    return {who: PersonActivity(**values) for who, values in counts.items()}


def _acts(who: Any, when: Any, kind: str, start: datetime, end: datetime) -> Any:
    login = func.lower(who)
    return (
        select(login.label("who"), literal(kind).label("kind"), func.count().label("n"))
        .where(who.is_not(None), when >= start, when < end)
        .group_by(login)
    )
