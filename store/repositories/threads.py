"""Conversation threads' owners: claimed by a thread's first turn, read by the later ones."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store.models import ChatThread
from store.models.tables import table_of

THREAD_TABLE = table_of(ChatThread)


def claim_thread(session: Session, *, thread_id: str, owner: str, now: datetime) -> str:
    """The thread's owner: `owner` when this is its first turn (or theirs already), else the
    one who started it. Two first turns at once: the database keeps one of them."""
    dialect = session.get_bind().dialect.name
    insert = (sqlite_insert if dialect == "sqlite" else pg_insert)(THREAD_TABLE)
    session.execute(
        insert.values(
            thread_id=thread_id, owner=owner, started_at=now, last_turn_at=now
        ).on_conflict_do_nothing(index_elements=["thread_id"])
    )
    found = session.execute(
        select(THREAD_TABLE.c.owner).where(THREAD_TABLE.c.thread_id == thread_id)
    ).scalar_one()
    return str(found)


def touch_thread(session: Session, *, thread_id: str, now: datetime) -> None:
    """Record a turn of the thread."""
    session.execute(
        update(THREAD_TABLE).where(THREAD_TABLE.c.thread_id == thread_id).values(last_turn_at=now)
    )


def thread_by_id(session: Session, *, thread_id: str) -> ChatThread | None:
    """The thread, or None when no turn of it was recorded."""
    return session.get(ChatThread, thread_id)


def threads_of(session: Session, *, owner: str | None, limit: int) -> list[ChatThread]:
    """Threads (of one owner, or everyone's), latest turn first."""
    statement = select(ChatThread).order_by(col(ChatThread.last_turn_at).desc()).limit(limit)
    if owner is not None:
        statement = statement.where(col(ChatThread.owner) == owner)
    return list(session.exec(statement).all())
