"""Reading and writing lead lists and leads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store.models import Company, Lead, LeadList, LeadStage
from store.models._time import utcnow
from store.models.tables import table_of

LEAD_TABLE = table_of(Lead)


@dataclass(frozen=True, slots=True)
class LeadRow:
    """A lead with its company and the name of its list."""

    lead: Lead
    company: Company
    list_name: str


def lists_named(session: Session, *, name: str) -> list[LeadList]:
    """Lead lists whose name is `name`, ignoring case, oldest first."""
    statement = (
        select(LeadList)
        .where(func.lower(col(LeadList.name)) == name.strip().lower())
        .order_by(col(LeadList.id))
    )
    return list(session.exec(statement).all())


def all_lists(session: Session, *, owner: str | None = None) -> list[LeadList]:
    """Every lead list (of one owner, or all), by name."""
    statement = select(LeadList).order_by(col(LeadList.name), col(LeadList.id))
    if owner is not None:
        statement = statement.where(col(LeadList.owner) == owner)
    return list(session.exec(statement).all())


def insert_list(
    session: Session, *, name: str, owner: str | None, description: str | None, source: str
) -> LeadList:
    """A new lead list, flushed so that it has an id."""
    lead_list = LeadList(name=name, owner=owner, description=description, source=source)
    session.add(lead_list)
    session.flush()
    return lead_list


def sirens_in_list(session: Session, *, list_id: int, sirens: Sequence[str]) -> set[str]:
    """Which of these SIRENs the list already holds."""
    if not sirens:
        return set()
    statement = select(Lead.company_siren).where(
        col(Lead.list_id) == list_id, col(Lead.company_siren).in_(sirens)
    )
    return set(session.exec(statement).all())


def insert_leads(
    session: Session, *, list_id: int, sirens: Sequence[str], owner: str | None, source: str
) -> None:
    """Add companies to a list as new leads; a company already in the list is left as it is."""
    if not sirens:
        return
    now = utcnow()
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
        for siren in sirens
    ]
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else pg_insert
    statement = insert(LEAD_TABLE).values(rows)
    session.execute(statement.on_conflict_do_nothing(index_elements=["list_id", "company_siren"]))


def find_leads(
    session: Session,
    *,
    list_id: int | None = None,
    stage: LeadStage | None = None,
    owner: str | None = None,
    sirens: Sequence[str] | None = None,
    limit: int | None = None,
) -> tuple[int, list[LeadRow]]:
    """Leads matching every given filter, best score first, with how many match in all."""
    conditions = []
    if list_id is not None:
        conditions.append(col(Lead.list_id) == list_id)
    if stage is not None:
        conditions.append(col(Lead.stage) == stage)
    if owner is not None:
        conditions.append(func.lower(col(Lead.owner)) == owner.strip().lower())
    if sirens is not None:
        conditions.append(col(Lead.company_siren).in_(sirens))
    total = session.exec(select(func.count()).select_from(Lead).where(*conditions)).one()
    statement = (
        select(Lead, Company, LeadList.name)
        .join(Company, col(Company.siren) == col(Lead.company_siren))
        .join(LeadList, col(LeadList.id) == col(Lead.list_id))
        .where(*conditions)
        .order_by(col(Lead.score).is_(None), col(Lead.score).desc(), col(Lead.id))
    )
    if limit is not None:
        statement = statement.limit(limit)
    rows = [
        LeadRow(lead=lead, company=company, list_name=name)
        for lead, company, name in session.exec(statement).all()
    ]
    return int(total), rows
