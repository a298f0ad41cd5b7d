"""Lead lists shared with teammates, and which lists and leads a rep may read.

What a rep reads, in one SQL condition each (`readable_lists`, `readable_leads`) so counts,
pages and joins filter the same way: their own lists, lists nobody owns, lists shared with
them, and — in any list — the leads they own themselves.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from store.models import Lead, LeadList, LeadListShare
from store.models.tables import table_of

SHARE_TABLE = table_of(LeadListShare)
LIST_TABLE = table_of(LeadList)
LEAD_TABLE = table_of(Lead)


def shared_list_ids(session: Session, *, login: str) -> frozenset[int]:
    """The ids of the lists shared with `login`."""
    statement = select(SHARE_TABLE.c.list_id).where(SHARE_TABLE.c.login == login)
    return frozenset(int(row) for row in session.execute(statement).scalars())


def sharees(session: Session, *, list_id: int) -> list[str]:
    """The logins the list is shared with, sorted."""
    statement = select(SHARE_TABLE.c.login).where(SHARE_TABLE.c.list_id == list_id)
    return sorted(str(row) for row in session.execute(statement).scalars())


def share_list(session: Session, *, list_id: int, login: str, by: str, now: datetime) -> bool:
    """Share the list with `login`; False when it was shared with them already."""
    dialect = session.get_bind().dialect.name
    insert = (sqlite_insert if dialect == "sqlite" else pg_insert)(SHARE_TABLE)
    statement = (
        insert.values(list_id=list_id, login=login, shared_by=by, shared_at=now)
        .on_conflict_do_nothing(index_elements=["list_id", "login"])
        .returning(SHARE_TABLE.c.id)
    )
    return session.execute(statement).scalar_one_or_none() is not None


def unshare_list(session: Session, *, list_id: int, login: str) -> bool:
    """Stop sharing the list with `login`; False when it was not shared with them."""
    statement = delete(SHARE_TABLE).where(
        SHARE_TABLE.c.list_id == list_id, SHARE_TABLE.c.login == login
    )
    return session.execute(statement).rowcount == 1  # type: ignore[attr-defined]


def delete_shares(session: Session, *, list_id: int) -> None:
    """Forget whom the list was shared with (the list is being deleted)."""
    session.execute(delete(SHARE_TABLE).where(SHARE_TABLE.c.list_id == list_id))


def readable_lists(login: str) -> Any:
    """A condition on `leadlist`: the lists `login` may read (own, nobody's, shared)."""
    shared = select(SHARE_TABLE.c.list_id).where(SHARE_TABLE.c.login == login)
    return or_(
        LIST_TABLE.c.owner == login,
        LIST_TABLE.c.owner.is_(None),
        LIST_TABLE.c.id.in_(shared),
    )


def readable_leads(login: str) -> Any:
    """A condition on `lead`: the leads `login` may read (their own, or in a list they read)."""
    lists = select(LIST_TABLE.c.id).where(readable_lists(login))
    return or_(func.lower(LEAD_TABLE.c.owner) == login, LEAD_TABLE.c.list_id.in_(lists))
