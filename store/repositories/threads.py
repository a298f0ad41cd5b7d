"""Conversation threads' owners: claimed by a thread's first turn, read by the later ones; the
names and settings the web UI keeps for them, and pages of them for its sidebar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store.models import ChatElement, ChatStep, ChatThread
from store.models.tables import table_of
from store.text import fold

THREAD_TABLE = table_of(ChatThread)
STEP_TABLE = table_of(ChatStep)
ELEMENT_TABLE = table_of(ChatElement)


@dataclass(frozen=True, slots=True)
class ThreadKey:
    """Where a page of threads ends: the last one's latest turn and id (latest first)."""

    last_turn_at: datetime
    thread_id: str


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


def named_threads(
    session: Session,
    *,
    owner: str | None,
    limit: int,
    after: ThreadKey | None = None,
    search: str | None = None,
    feedback: int | None = None,
) -> list[ChatThread]:
    """Threads the web UI saved (they have a name and a rep's message: a thread named by a
    process killed before it saved any is not one), of one owner or everyone's, latest turn
    first, after `after`; whose name holds `search` (any case, any accents); with a step rated
    `feedback`."""
    latest, thread_id = col(ChatThread.last_turn_at), col(ChatThread.thread_id)
    asked = exists().where(
        STEP_TABLE.c.thread_id == ChatThread.thread_id, STEP_TABLE.c.type == "user_message"
    )
    statement = (
        select(ChatThread)
        .where(col(ChatThread.name).is_not(None), asked)
        .order_by(latest.desc(), thread_id.desc())
        .limit(limit)
    )
    if owner is not None:
        statement = statement.where(col(ChatThread.owner) == owner)
    if after is not None:
        statement = statement.where(
            or_(
                latest < after.last_turn_at,
                and_(latest == after.last_turn_at, thread_id < after.thread_id),
            )
        )
    if search:
        key = name_key(search)
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        statement = statement.where(col(ChatThread.name_key).like(pattern, escape="\\"))
    if feedback is not None:
        rated = exists().where(
            STEP_TABLE.c.thread_id == ChatThread.thread_id,
            STEP_TABLE.c.feedback_value == feedback,
        )
        statement = statement.where(rated)
    return list(session.exec(statement).all())


def name_key(name: str) -> str:
    """A name as the sidebar's search matches it: no accents, no case ("Études" → "etudes")."""
    return fold(name).casefold()


def name_thread(session: Session, *, thread_id: str, name: str) -> None:
    """Give the thread its name."""
    session.execute(
        update(THREAD_TABLE)
        .where(THREAD_TABLE.c.thread_id == thread_id)
        .values(name=name, name_key=name_key(name))
    )


def keep_chat_settings(session: Session, *, thread_id: str, chat_settings: dict[str, Any]) -> None:
    """Keep the UI settings the thread runs with."""
    session.execute(
        update(THREAD_TABLE)
        .where(THREAD_TABLE.c.thread_id == thread_id)
        .values(chat_settings=chat_settings)
    )


def delete_thread_rows(session: Session, *, thread_id: str) -> bool:
    """Delete the thread, its steps and its elements; False when there was no such thread."""
    session.execute(delete(ELEMENT_TABLE).where(ELEMENT_TABLE.c.thread_id == thread_id))
    session.execute(delete(STEP_TABLE).where(STEP_TABLE.c.thread_id == thread_id))
    deleted = session.execute(
        delete(THREAD_TABLE)
        .where(THREAD_TABLE.c.thread_id == thread_id)
        .returning(THREAD_TABLE.c.thread_id)
    )
    return deleted.scalar_one_or_none() is not None
