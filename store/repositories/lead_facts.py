"""What the store knows about a page of leads, in four queries whatever the page's size: the
lead with its company and list, the company's people, its signals in force, its engagement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from store.models import Company, CompanyIntent, Contact, Engagement, Lead, LeadList, Signal
from store.models.tables import table_of

LEAD = table_of(Lead)
COMPANY = table_of(Company)
LIST = table_of(LeadList)
CONTACT = table_of(Contact)
SIGNAL = table_of(Signal)
ENGAGEMENT = table_of(Engagement)
INTENT = table_of(CompanyIntent)


def lead_rows(connection: Connection, lead_ids: Sequence[int]) -> list[Any]:
    """Each lead with its company's fields, its list's name and its intent score, by lead id."""
    statement = (
        select(
            LEAD.c.id.label("lead_id"),
            LEAD.c.stage,
            LEAD.c.contact_id,
            LEAD.c.score,
            LIST.c.name.label("list_name"),
            COMPANY,
            INTENT.c.score.label("intent_score"),
        )
        .join(COMPANY, COMPANY.c.siren == LEAD.c.company_siren)
        .join(LIST, LIST.c.id == LEAD.c.list_id)
        .outerjoin(INTENT, INTENT.c.company_siren == LEAD.c.company_siren)
        .where(LEAD.c.id.in_(lead_ids))
        .order_by(LEAD.c.id)
    )
    return list(connection.execute(statement))


def people_at(connection: Connection, sirens: Sequence[str]) -> list[Any]:
    """The people at these companies who have not opted out, by company then id."""
    statement = (
        select(
            CONTACT.c.id,
            CONTACT.c.company_siren,
            CONTACT.c.first_name,
            CONTACT.c.last_name,
            CONTACT.c.title,
            CONTACT.c.seniority,
            CONTACT.c.function,
        )
        .where(CONTACT.c.company_siren.in_(sirens), CONTACT.c.opted_out.is_(False))
        .order_by(CONTACT.c.company_siren, CONTACT.c.id)
    )
    return list(connection.execute(statement))


def signals_at(connection: Connection, sirens: Sequence[str]) -> list[Any]:
    """The signals in force at these companies, newest first."""
    statement = (
        select(
            SIGNAL.c.company_siren,
            SIGNAL.c.kind,
            SIGNAL.c.title,
            SIGNAL.c.occurred_on,
            SIGNAL.c.negative,
        )
        .where(SIGNAL.c.company_siren.in_(sirens), SIGNAL.c.superseded_by.is_(None))
        .order_by(SIGNAL.c.company_siren, SIGNAL.c.occurred_on.desc(), SIGNAL.c.id.desc())
    )
    return list(connection.execute(statement))


def engagement_at(connection: Connection, sirens: Sequence[str], *, since: datetime) -> list[Any]:
    """(company, kind, count) of the engagement events at these companies since `since`."""
    statement = (
        select(ENGAGEMENT.c.company_siren, ENGAGEMENT.c.kind, func.count())
        .where(ENGAGEMENT.c.company_siren.in_(sirens), ENGAGEMENT.c.occurred_at >= since)
        .group_by(ENGAGEMENT.c.company_siren, ENGAGEMENT.c.kind)
    )
    return list(connection.execute(statement))


def sector_counts(connection: Connection, *, list_id: int) -> list[tuple[str, int]]:
    """(NAF code, leads) of a list's companies, most common first."""
    statement = (
        select(COMPANY.c.naf_code, func.count())
        .join(LEAD, LEAD.c.company_siren == COMPANY.c.siren)
        .where(LEAD.c.list_id == list_id, COMPANY.c.naf_code.is_not(None))
        .group_by(COMPANY.c.naf_code)
        .order_by(func.count().desc())
    )
    return [(str(row[0]), int(row[1])) for row in connection.execute(statement)]
