"""The steps and elements the web UI saved of a conversation, and their feedback.

Chainlit writes a step when it is shown and again each time it changes, and may write the two
at once: a write is an upsert on the step's id that never moves a step to another thread, and
keeps the step's first `recorded_at` and its feedback.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from store.models import ChatElement, ChatStep
from store.models.tables import table_of

STEP_TABLE = table_of(ChatStep)
ELEMENT_TABLE = table_of(ChatElement)
_KEPT = frozenset({"id", "thread_id", "recorded_at", "feedback_value", "feedback_comment"})


def _upsert(session: Session, table: Any, values: dict[str, Any]) -> bool:
    """Insert the row, or update the one with its id in the same thread; False when that id is
    another thread's."""
    dialect = session.get_bind().dialect.name
    insert = (sqlite_insert if dialect == "sqlite" else pg_insert)(table)
    statement = insert.values(**values)
    changed = {name: statement.excluded[name] for name in values if name not in _KEPT}
    upsert = statement.on_conflict_do_update(
        index_elements=["id"],
        set_=changed,
        where=table.c.thread_id == statement.excluded.thread_id,
    ).returning(table.c.id)
    return session.execute(upsert).scalar_one_or_none() is not None


def save_step(session: Session, values: dict[str, Any]) -> bool:
    """Write a step (the `chatstep` columns); False when its id is another thread's."""
    return _upsert(session, STEP_TABLE, values)


def steps_of(session: Session, *, thread_id: str) -> list[ChatStep]:
    """The thread's steps, in the order they were shown, then written."""
    statement = (
        select(ChatStep)
        .where(col(ChatStep.thread_id) == thread_id)
        .order_by(col(ChatStep.created_at), col(ChatStep.recorded_at), col(ChatStep.id))
    )
    return list(session.exec(statement).all())


def step_thread(session: Session, *, step_id: str) -> str | None:
    """The thread a step belongs to, or None when there is no such step."""
    found = session.execute(select(STEP_TABLE.c.thread_id).where(STEP_TABLE.c.id == step_id))
    thread_id = found.scalar_one_or_none()
    return None if thread_id is None else str(thread_id)


def delete_step(session: Session, *, step_id: str) -> None:
    """Delete a step and the elements shown with it."""
    session.execute(delete(ELEMENT_TABLE).where(ELEMENT_TABLE.c.for_id == step_id))
    session.execute(delete(STEP_TABLE).where(STEP_TABLE.c.id == step_id))


def set_feedback(session: Session, *, step_id: str, value: int | None, comment: str | None) -> bool:
    """Rate a step (None: take the rating back); False when there is no such step."""
    done = session.execute(
        update(STEP_TABLE)
        .where(STEP_TABLE.c.id == step_id)
        .values(feedback_value=value, feedback_comment=comment)
        .returning(STEP_TABLE.c.id)
    )
    return done.scalar_one_or_none() is not None


def save_element(session: Session, values: dict[str, Any]) -> bool:
    """Write an element (the `chatelement` columns); False when its id is another thread's."""
    return _upsert(session, ELEMENT_TABLE, values)


def elements_of(session: Session, *, thread_id: str) -> list[ChatElement]:
    """The thread's elements, in the order they were written."""
    statement = (
        select(ChatElement)
        .where(col(ChatElement.thread_id) == thread_id)
        .order_by(col(ChatElement.recorded_at), col(ChatElement.id))
    )
    return list(session.exec(statement).all())


def element_by_id(session: Session, *, element_id: str) -> ChatElement | None:
    """An element, or None."""
    return session.get(ChatElement, element_id)


def delete_element(session: Session, *, element_id: str) -> None:
    """Delete an element."""
    session.execute(delete(ELEMENT_TABLE).where(ELEMENT_TABLE.c.id == element_id))
