"""Saving what the web UI shows of a conversation, as it shows it: the thread's name (its first
request, shortened, until its owner renames it), its steps, their tables, charts and files, the
feedback on its answers, and its UI settings.

Only the thread's owner writes (`NotThreadOwner` otherwise, once the store has users), and the
first write of a new thread claims it for them, the way its first turn does
(`agent.chat.threads.admit_turn`): whichever comes first, there is one owner. A manager who
reads a rep's thread never adds to it. Each write is one transaction: a process killed
between two leaves every step it wrote whole, in its thread.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.chat.saved import SavedElement, SavedStep
from agent.i18n.markdown import one_line
from agent.users.access import Access, access_of
from agent.users.errors import NotThreadOwner
from store.db import session_scope
from store.models._time import utcnow
from store.repositories import chat_steps
from store.repositories.threads import claim_thread, keep_chat_settings, name_thread, thread_by_id

NAME_LENGTH = 60
MAX_ELEMENT_BYTES = 1_000_000  # a chart is a few kB; an export of thousands of rows is not kept


def thread_name(request: str, limit: int = NAME_LENGTH) -> str:
    """A thread's name from a request: one line, at most `limit` characters, cut between
    words ("Trouve des ESN de 50 à 200 salariés à Lyon qui…")."""
    text = one_line(request)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def name_saved(engine: Engine, *, thread_id: str, user: str, name: str) -> str | None:
    """Name the thread (its first request, or its owner's new name), shortened; returns the name
    kept, None when `name` is blank (the thread keeps its name)."""
    wanted = thread_name(name)
    if not wanted:
        return None
    with session_scope(engine) as session:
        _claim(session, thread_id, user)
        name_thread(session, thread_id=thread_id, name=wanted)
    return wanted


def save_step(engine: Engine, *, thread_id: str, user: str, step: SavedStep) -> None:
    """Write a step of the thread (again when it changed)."""
    now = utcnow()
    values = {
        "id": step.id,
        "thread_id": thread_id,
        "parent_id": step.parent_id,
        "type": step.type,
        "name": step.name,
        "input": step.input,
        "output": step.output,
        "show_input": step.show_input,
        "is_error": step.is_error,
        "language": step.language,
        "step_metadata": step.metadata,
        "start": step.start,
        "end": step.end,
        "created_at": step.created_at or now,
        "recorded_at": now,
    }
    with session_scope(engine) as session:
        _claim(session, thread_id, user)
        if not chat_steps.save_step(session, values):
            raise ValueError(f"step {step.id!r} belongs to another thread than {thread_id!r}")


def save_element(engine: Engine, *, thread_id: str, user: str, element: SavedElement) -> bool:
    """Write an element shown with a step; its bytes are kept up to `MAX_ELEMENT_BYTES` (returns
    False when they were not)."""
    values: dict[str, Any] = asdict(element)
    kept = element.content is None or len(element.content) <= MAX_ELEMENT_BYTES
    if not kept:
        values["content"] = None
    values.update(thread_id=thread_id, recorded_at=utcnow())
    with session_scope(engine) as session:
        _claim(session, thread_id, user)
        if not chat_steps.save_element(session, values):
            raise ValueError(f"element {element.id!r} belongs to another thread than {thread_id!r}")
    return kept


def remove_step(engine: Engine, *, step_id: str, user: str) -> None:
    """Delete a step and its elements (nothing when there is no such step)."""
    with session_scope(engine) as session:
        thread_id = chat_steps.step_thread(session, step_id=step_id)
        if thread_id is not None:
            _owned(session, thread_id, user)
            chat_steps.delete_step(session, step_id=step_id)


def remove_element(engine: Engine, *, element_id: str, user: str) -> None:
    """Delete an element (nothing when there is no such element)."""
    with session_scope(engine) as session:
        element = chat_steps.element_by_id(session, element_id=element_id)
        if element is not None:
            _owned(session, element.thread_id, user)
            chat_steps.delete_element(session, element_id=element_id)


def rate_step(
    engine: Engine, *, step_id: str, user: str, value: int | None, comment: str | None = None
) -> bool:
    """Record the owner's feedback on a step (1 up, 0 down; None takes it back); False when there
    is no such step."""
    with session_scope(engine) as session:
        thread_id = chat_steps.step_thread(session, step_id=step_id)
        if thread_id is None:
            return False
        _owned(session, thread_id, user)
        text = one_line(comment)[:1000] if comment and value is not None else None
        return chat_steps.set_feedback(session, step_id=step_id, value=value, comment=text or None)


def keep_settings(engine: Engine, *, thread_id: str, user: str, settings: dict[str, Any]) -> None:
    """Keep the UI settings of a thread the owner already saved (nothing for another thread)."""
    with session_scope(engine) as session:
        if thread_by_id(session, thread_id=thread_id) is not None:
            _owned(session, thread_id, user)
            keep_chat_settings(session, thread_id=thread_id, chat_settings=settings)


def _claim(session: Session, thread_id: str, user: str) -> Access:
    """Check `user`, claim the thread for them when it is new; refuse another's thread."""
    access = access_of(session, user)
    owner = claim_thread(session, thread_id=thread_id, owner=user, now=utcnow())
    if access.team and owner != user:
        raise NotThreadOwner(thread_id, owner)
    return access


def _owned(session: Session, thread_id: str, user: str) -> Access:
    """Check `user` and that the (existing) thread is theirs."""
    access = access_of(session, user)
    thread = thread_by_id(session, thread_id=thread_id)
    if thread is not None and access.team and thread.owner != user:
        raise NotThreadOwner(thread_id, thread.owner)
    return access
