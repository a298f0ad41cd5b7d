"""Reading the CRM outbox for people: how many sends stand in each state per CRM, and the
sends that went wrong (given up, or failed and waiting to be tried again) with their leads —
of one owner's leads, or of everyone's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from store.models import Company, CrmSync, CrmSyncState, Lead, LeadList
from store.models.tables import table_of

SYNC_TABLE = table_of(CrmSync)


@dataclass(frozen=True, slots=True)
class TroubledSend:
    """An outbox row that went wrong, with its lead, company name and list name."""

    sync: CrmSync
    lead: Lead
    company_name: str
    list_name: str


def state_counts(
    session: Session, *, owner: str | None = None, crm: str | None = None
) -> dict[str, dict[str, int]]:
    """{CRM: {state: rows}} for the leads of `owner` (case aside), or of everyone; of one CRM,
    or all."""
    row = SYNC_TABLE.c
    statement = select(row.crm, row.state, func.count()).group_by(row.crm, row.state)
    if crm is not None:
        statement = statement.where(row.crm == crm)
    if owner is not None:
        statement = statement.join(Lead, col(Lead.id) == row.lead_id).where(
            func.lower(col(Lead.owner)) == owner.strip().lower()
        )
    counts: dict[str, dict[str, int]] = {}
    for crm, state, count in session.execute(statement).all():
        counts.setdefault(str(crm), {})[str(state)] = int(count)
    return counts


def troubled_sends(
    session: Session, *, owner: str | None = None, crm: str | None = None, limit: int = 50
) -> tuple[int, list[TroubledSend]]:
    """How many sends went wrong (of `owner`'s leads, of one CRM, when given), and the first
    `limit` of them: the dead letters (latest first), then the sends that failed since they
    were last asked and wait for another try."""
    row = SYNC_TABLE.c
    wrong = or_(
        row.state == CrmSyncState.dead,
        and_(row.state == CrmSyncState.pending, row.attempts > 0, row.last_error.is_not(None)),
    )
    conditions = [wrong]
    if crm is not None:
        conditions.append(row.crm == crm)
    if owner is not None:
        conditions.append(func.lower(col(Lead.owner)) == owner.strip().lower())
    joined = (
        select(CrmSync, Lead, col(Company.name), col(LeadList.name))
        .join(Lead, col(Lead.id) == row.lead_id)
        .join(Company, col(Company.siren) == col(Lead.company_siren))
        .join(LeadList, col(LeadList.id) == col(Lead.list_id))
        .where(*conditions)
    )
    total = session.execute(
        select(func.count())
        .select_from(SYNC_TABLE)
        .join(Lead, col(Lead.id) == row.lead_id)
        .where(*conditions)
    ).scalar_one()
    statement = joined.order_by(
        (row.state != CrmSyncState.dead), row.updated_at.desc(), row.id
    ).limit(limit)
    sends = [
        TroubledSend(sync=sync, lead=lead, company_name=name, list_name=list_name)
        for sync, lead, name, list_name in session.execute(statement).all()
    ]
    return int(total), sends
