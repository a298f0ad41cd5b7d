"""Lead lists as wholes: their counts per stage, and renaming or deleting one (reassigning one:
`store.repositories.assignments`).

Several processes may change the same list at once. Every change names the list it read (its
id and name key, and for a reassignment its owner) in the statement's WHERE clause, so the
database decides: the first change goes through, and a later one finds nothing to change (0
rows) and says so, instead of renaming a list someone else just renamed or deleting leads twice.
On PostgreSQL a deletion also locks the list's row first, so no lead can be added to a list
while it goes. A name another list of the owner has is refused by the unique index of 0004
(`IntegrityError`), however close together the two changes come.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from store.models import Lead, LeadList, LeadStageChange
from store.models.lead import list_name_key
from store.models.tables import table_of
from store.repositories.ai_columns import delete_list_columns
from store.repositories.assignments import delete_assignments
from store.repositories.bant import delete_answers
from store.repositories.crm_sync import delete_rows
from store.repositories.shares import delete_shares, readable_lists

LEAD_TABLE = table_of(Lead)
LIST_TABLE = table_of(LeadList)
CHANGE_TABLE = table_of(LeadStageChange)


@dataclass(frozen=True, slots=True)
class ListCounts:
    """A lead list, how many leads it holds per stage, and its latest lead activity."""

    lead_list: LeadList
    stages: dict[str, int] = field(default_factory=dict)
    last_activity_at: datetime | None = None

    @property
    def leads(self) -> int:
        """Leads in the list, every stage together."""
        return sum(self.stages.values())


def list_counts(
    session: Session, *, owner: str | None = None, readable_by: str | None = None
) -> list[ListCounts]:
    """Every lead list (of one owner, or all; those `readable_by` may read, or all), by name,
    with its counts per stage."""
    lists = select(LeadList).order_by(func.lower(col(LeadList.name)), col(LeadList.id))
    if owner is not None:
        lists = lists.where(func.lower(col(LeadList.owner)) == owner.strip().lower())
    if readable_by is not None:
        lists = lists.where(readable_lists(readable_by))
    found = list(session.exec(lists).all())
    if not found:
        return []
    counts = select(
        LEAD_TABLE.c.list_id, LEAD_TABLE.c.stage, func.count(), func.max(LEAD_TABLE.c.updated_at)
    ).group_by(LEAD_TABLE.c.list_id, LEAD_TABLE.c.stage)
    if owner is not None or readable_by is not None:
        counts = counts.where(LEAD_TABLE.c.list_id.in_([item.id for item in found]))
    stages: dict[int, dict[str, int]] = {}
    latest: dict[int, datetime] = {}
    for list_id, stage, count, updated in session.execute(counts).all():
        stages.setdefault(list_id, {})[str(getattr(stage, "value", stage))] = int(count)
        if updated is not None and (list_id not in latest or updated > latest[list_id]):
            latest[list_id] = updated
    return [
        ListCounts(
            lead_list=item,
            stages=stages.get(item.id or 0, {}),
            last_activity_at=latest.get(item.id or 0),
        )
        for item in found
    ]


def count_leads(session: Session, *, list_id: int) -> int:
    """How many leads the list holds."""
    statement = select(func.count()).select_from(LEAD_TABLE).where(LEAD_TABLE.c.list_id == list_id)
    return int(session.execute(statement).scalar_one())


def list_sirens(session: Session, *, list_id: int) -> list[str]:
    """The SIRENs of a list's companies, each once, in order."""
    statement = select(Lead.company_siren).where(col(Lead.list_id) == list_id).distinct()
    return sorted(session.exec(statement).all())


def name_taken(session: Session, *, owner: str | None, name: str, other_than: int) -> bool:
    """Whether `owner` has another list (than `other_than`) called `name`, case aside."""
    statement = select(func.count()).where(
        func.coalesce(LIST_TABLE.c.owner, "") == (owner or ""),
        LIST_TABLE.c.name_key == list_name_key(name),
        LIST_TABLE.c.id != other_than,
    )
    return bool(session.execute(statement).scalar_one())


def rename_list(session: Session, *, list_id: int, name_key: str, new_name: str) -> bool:
    """Rename the list if it still has the name it was found by; False when it has not (renamed
    or deleted meanwhile). Raises `IntegrityError` when the owner has a list so named."""
    statement = (
        update(LIST_TABLE)
        .where(LIST_TABLE.c.id == list_id, LIST_TABLE.c.name_key == name_key)
        .values(name=new_name, name_key=list_name_key(new_name))
    )
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def delete_list(session: Session, *, list_id: int, name_key: str) -> int | None:
    """Delete the list, its leads, their stage history, BANT answers, CRM outbox rows (what
    the CRM holds stays there), shares and assignments; the number of leads deleted, or None
    when the list is gone or renamed since it was found (then nothing is deleted)."""
    locked = (
        select(LIST_TABLE.c.id)
        .where(LIST_TABLE.c.id == list_id, LIST_TABLE.c.name_key == name_key)
        .with_for_update()
    )
    if session.execute(locked).scalar_one_or_none() is None:
        return None
    leads = select(LEAD_TABLE.c.id).where(LEAD_TABLE.c.list_id == list_id)
    session.execute(delete(CHANGE_TABLE).where(CHANGE_TABLE.c.lead_id.in_(leads)))
    delete_answers(session, leads)
    delete_rows(session, leads)
    delete_list_columns(session, list_id=list_id)
    delete_shares(session, list_id=list_id)
    delete_assignments(session, list_id=list_id)
    deleted = session.execute(delete(LEAD_TABLE).where(LEAD_TABLE.c.list_id == list_id)).rowcount  # type: ignore[attr-defined]
    gone = session.execute(
        delete(LIST_TABLE).where(LIST_TABLE.c.id == list_id, LIST_TABLE.c.name_key == name_key)
    ).rowcount  # type: ignore[attr-defined]
    # On SQLite the lock above is only a read: the last check is this DELETE's own count, and
    # the caller rolls back what came before when it is 0.
    return int(deleted) if gone == 1 else None
