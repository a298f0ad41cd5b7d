"""Reading and writing lead lists and leads.

Writes that several processes may make at once are single statements the database arbitrates
(`INSERT … ON CONFLICT DO NOTHING … RETURNING`): a list name or a lead already taken by another
process is found taken, never written twice, and callers learn exactly what they inserted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store.models import (
    Company,
    CompanyIntent,
    Contact,
    Lead,
    LeadList,
    LeadStage,
    LeadStageChange,
)
from store.models._time import utcnow
from store.models.lead import list_name_key
from store.models.tables import table_of
from store.repositories.shares import readable_leads
from store.text import fold

CLOSED_STAGES = (LeadStage.won.value, LeadStage.lost.value, LeadStage.disqualified.value)

LEAD_TABLE = table_of(Lead)
LIST_TABLE = table_of(LeadList)
# Rows per INSERT: a whole search result (10,000 companies) in one statement would pass the
# databases' limits on bound parameters (8 per row).
INSERT_CHUNK = 1_000
LeadOrder = Literal["score", "intent"]


@dataclass(frozen=True, slots=True)
class LeadRow:
    """A lead with its company, the name of its list and when the company was last contacted."""

    lead: Lead
    company: Company
    list_name: str
    last_contacted_on: date | None = None
    stage_reason: str | None = None
    intent: int | None = None  # the company's intent score from its signals (None: never scored)


def last_contact() -> Any:
    """When the lead's company was last contacted: the latest `last_contacted_on` of its
    contacts (None when none of them ever was). A correlated subquery on `lead`."""
    return (
        select(func.max(Contact.last_contacted_on))
        .where(col(Contact.company_siren) == col(Lead.company_siren))
        .correlate(Lead)
        .scalar_subquery()
    )


def stage_reason() -> Any:
    """Why the lead is at its stage: the reason of the latest change that brought it there
    ("trop cher" for a lost lead), None when none was given. A correlated subquery on `lead`."""
    return (
        select(LeadStageChange.reason)
        .where(
            col(LeadStageChange.lead_id) == col(Lead.id),
            col(LeadStageChange.to_stage) == col(Lead.stage),
        )
        .order_by(col(LeadStageChange.changed_at).desc(), col(LeadStageChange.id).desc())
        .limit(1)
        .correlate(Lead)
        .scalar_subquery()
    )


def lists_named(session: Session, *, name: str) -> list[LeadList]:
    """Lead lists called `name` (case and spacing aside), one per owner at most, oldest first;
    when none is, the lists whose name matches with accents aside too ("compta bordeaux
    recents" finds "Compta Bordeaux récents")."""
    key = list_name_key(name)
    statement = select(LeadList).where(col(LeadList.name_key) == key).order_by(col(LeadList.id))
    exact = list(session.exec(statement).all())
    if exact:
        return exact
    loose = fold(key)
    everything = session.exec(select(LeadList).order_by(col(LeadList.id))).all()
    return [item for item in everything if fold(item.name_key) == loose]


def all_lists(session: Session, *, owner: str | None = None) -> list[LeadList]:
    """Every lead list (of one owner, or all), by name."""
    statement = select(LeadList).order_by(col(LeadList.name), col(LeadList.id))
    if owner is not None:
        statement = statement.where(col(LeadList.owner) == owner)
    return list(session.exec(statement).all())


def insert_list(
    session: Session, *, name: str, owner: str, description: str | None, source: str
) -> tuple[LeadList, bool]:
    """The owner's list called `name`: inserted now (True), or theirs already (False).

    Another process creating the same list at the same moment is arbitrated by the unique index:
    one inserts, the other waits for it and then finds its list.
    """
    key = list_name_key(name)
    row = {
        "name": name,
        "name_key": key,
        "owner": owner,
        "description": description,
        "source": source,
        "created_at": utcnow(),
    }
    statement = _insert(session, LIST_TABLE).values(row).on_conflict_do_nothing()
    inserted = session.execute(statement.returning(LIST_TABLE.c.id)).scalar_one_or_none()
    if inserted is not None:
        return session.get_one(LeadList, inserted), True
    existing = select(LeadList).where(col(LeadList.owner) == owner, col(LeadList.name_key) == key)
    return session.exec(existing).one(), False


def insert_leads(
    session: Session, *, list_id: int, sirens: Sequence[str], owner: str | None, source: str
) -> set[str]:
    """Add companies to a list as new leads; returns the SIRENs actually inserted.

    A company already in the list (even one another process adds at this very moment) is left as
    it is and not returned. Rows go in SIREN order, so that two processes adding overlapping
    companies lock them in the same order and cannot deadlock.
    """
    now = utcnow()
    ordered = sorted(set(sirens))
    inserted: set[str] = set()
    for start in range(0, len(ordered), INSERT_CHUNK):
        rows: list[dict[str, Any]] = [
            {
                "list_id": list_id,
                "company_siren": siren,
                "owner": owner,
                "stage": LeadStage.new,
                "scores": {},
                "source": source,
                "created_at": now,
                "updated_at": now,
            }
            for siren in ordered[start : start + INSERT_CHUNK]
        ]
        statement = (
            _insert(session, LEAD_TABLE)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["list_id", "company_siren"])
            .returning(LEAD_TABLE.c.company_siren)
        )
        inserted.update(session.execute(statement).scalars().all())
    return inserted


def _insert(session: Session, table: Any) -> Any:
    """An INSERT on `table` in the session's dialect (both know ON CONFLICT and RETURNING)."""
    dialect = session.get_bind().dialect.name
    return (sqlite_insert if dialect == "sqlite" else pg_insert)(table)


def lead_conditions(
    *,
    list_id: int | None = None,
    stage: LeadStage | None = None,
    stages: Sequence[LeadStage] = (),
    owner: str | None = None,
    sirens: Sequence[str] | None = None,
    contacted_before: date | None = None,
    readable_by: str | None = None,
) -> list[Any]:
    """The WHERE conditions on `lead` for these filters (see `find_leads`)."""
    conditions: list[Any] = []
    if list_id is not None:
        conditions.append(col(Lead.list_id) == list_id)
    if stage is not None:
        conditions.append(col(Lead.stage) == stage)
    if stages:
        conditions.append(col(Lead.stage).in_(list(stages)))
    if owner is not None:
        conditions.append(func.lower(col(Lead.owner)) == owner.strip().lower())
    if sirens is not None:
        conditions.append(col(Lead.company_siren).in_(sirens))
    if contacted_before is not None:
        contacted = last_contact()
        conditions.append(or_(contacted.is_(None), contacted < contacted_before))
    if readable_by is not None:
        conditions.append(readable_leads(readable_by))
    return conditions


def count_by_stage(session: Session, conditions: Sequence[Any]) -> dict[str, int]:
    """How many leads meeting `conditions` (from `lead_conditions`) are at each stage."""
    statement = select(col(Lead.stage), func.count()).where(*conditions).group_by(col(Lead.stage))
    return {LeadStage(stage).value: int(count) for stage, count in session.exec(statement)}


def find_leads(
    session: Session,
    *,
    list_id: int | None = None,
    stage: LeadStage | None = None,
    stages: Sequence[LeadStage] = (),
    owner: str | None = None,
    sirens: Sequence[str] | None = None,
    contacted_before: date | None = None,
    limit: int | None = None,
    offset: int = 0,
    readable_by: str | None = None,
    order: LeadOrder = "score",
) -> tuple[int, list[LeadRow]]:
    """Leads matching every given filter, best score first (or, `order="intent"`, the highest
    intent of their company first, then the best score), with how many match in all. Without a
    stage asked, the open leads come before the closed ones: the best leads are those to work.

    `stages`: at any of these stages ("lost and disqualified").
    `contacted_before`: only leads whose company was last contacted before that day, or never.
    `readable_by`: only the leads that login may read (`store.repositories.shares`).
    """
    contacted = last_contact()
    conditions = lead_conditions(
        list_id=list_id,
        stage=stage,
        stages=stages,
        owner=owner,
        sirens=sirens,
        contacted_before=contacted_before,
        readable_by=readable_by,
    )
    total = session.exec(select(func.count()).select_from(Lead).where(*conditions)).one()
    intent = col(CompanyIntent.score)
    by_score = (col(Lead.score).is_(None), col(Lead.score).desc())
    by_intent = (intent.is_(None), intent.desc()) if order == "intent" else ()
    # Leads still to work before closed ones (won, lost, disqualified), unless stages are asked
    open_first = () if stage is not None or stages else (col(Lead.stage).in_(CLOSED_STAGES),)
    statement = (
        sa_select(Lead, Company, col(LeadList.name), contacted, stage_reason(), intent)
        .join(Company, col(Company.siren) == col(Lead.company_siren))
        .join(LeadList, col(LeadList.id) == col(Lead.list_id))
        .outerjoin(CompanyIntent, col(CompanyIntent.company_siren) == col(Lead.company_siren))
        .where(*conditions)
        .order_by(*open_first, *by_intent, *by_score, col(Lead.id))
        .offset(offset)
    )
    if limit is not None:
        statement = statement.limit(limit)
    rows = [
        LeadRow(
            lead=lead,
            company=company,
            list_name=name,
            last_contacted_on=last,
            stage_reason=why,
            intent=heat,
        )
        for lead, company, name, last, why, heat in session.execute(statement).all()
    ]
    return int(total), rows
