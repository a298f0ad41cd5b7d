"""Saved conversations, read back: the threads a person may reopen or read, and one thread with
what the web UI showed of it (its steps and elements, `agent.chat.saving` writes them).

Who reads what is decided here, as for every other service (`agent.users.access_of`): a rep
their own threads, a manager or an admin the team's, anyone everything in single-user mode.
Only threads the web UI saved are listed (they have a name); a thread only the CLI ran has
nothing to show again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.users.access import access_of
from agent.users.errors import NotThreadReader
from store.models import ChatElement, ChatStep, ChatThread
from store.repositories.chat_steps import element_by_id, elements_of, steps_of
from store.repositories.threads import ThreadKey, named_threads, thread_by_id

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class SavedStep:
    """A step the web UI showed: a message, an answer, a tool step, or the run holding them."""

    id: str
    type: str
    name: str = ""
    parent_id: str | None = None
    input: str = ""
    output: str = ""
    show_input: str | None = None
    is_error: bool = False
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    start: str | None = None
    end: str | None = None
    created_at: datetime | None = None  # None: now
    feedback: int | None = None  # 1 up, 0 down
    feedback_comment: str | None = None


@dataclass(frozen=True, slots=True)
class SavedElement:
    """A table, chart or file shown with a step (`for_id`): props, or bytes (`content`)."""

    id: str
    type: str
    name: str = ""
    display: str = "inline"
    for_id: str | None = None
    size: str | None = None
    mime: str | None = None
    language: str | None = None
    page: int | None = None
    props: dict[str, Any] | None = None
    content: bytes | None = None


@dataclass(frozen=True, slots=True)
class ThreadSummary:
    """A saved thread as a list shows it."""

    thread_id: str
    owner: str
    name: str
    started_at: datetime
    last_turn_at: datetime


@dataclass(frozen=True, slots=True)
class ThreadPage:
    """A page of saved threads, latest first; `next` continues after it (None: the last page)."""

    threads: list[ThreadSummary]
    next: str | None


@dataclass(frozen=True, slots=True)
class SavedThread:
    """A saved thread: whose, its name and settings, what it showed."""

    thread_id: str
    owner: str
    name: str | None
    started_at: datetime
    last_turn_at: datetime
    chat_settings: dict[str, Any]
    steps: list[SavedStep]
    elements: list[SavedElement]


def thread_owner(engine: Engine, *, thread_id: str) -> str | None:
    """Who started the thread; None when no turn of it was recorded."""
    with Session(engine) as session:
        thread = thread_by_id(session, thread_id=thread_id)
    return None if thread is None else thread.owner


def list_saved(
    engine: Engine,
    *,
    user: str,
    first: int = PAGE_SIZE,
    cursor: str | None = None,
    search: str | None = None,
    feedback: int | None = None,
) -> ThreadPage:
    """The saved threads `user` may read, latest turn first, `first` at a time after `cursor`
    (a page's `next`), whose name holds `search`, with an answer rated `feedback`."""
    size = max(1, min(first, MAX_PAGE_SIZE))
    with Session(engine) as session:
        access = access_of(session, user)
        found = named_threads(
            session,
            owner=access.readable_by,
            limit=size + 1,
            after=_read_cursor(cursor),
            search=(search or "").strip() or None,
            feedback=feedback,
        )
    shown = [_summary(thread) for thread in found[:size]]
    more = len(found) > size and shown
    return ThreadPage(shown, _cursor(shown[-1]) if more else None)


def read_saved(engine: Engine, *, thread_id: str, user: str) -> SavedThread | None:
    """The thread with what it showed, for `user`; None when there is no such thread. Raises
    `NotThreadReader` when it is another rep's (and the refusals of `access_of`)."""
    with Session(engine) as session:
        access = access_of(session, user)
        thread = thread_by_id(session, thread_id=thread_id)
        if thread is None:
            return None
        if not (access.reads_everything or thread.owner == user):
            raise NotThreadReader(thread_id, thread.owner)
        steps = [saved_step(row) for row in steps_of(session, thread_id=thread_id)]
        elements = [saved_element(row) for row in elements_of(session, thread_id=thread_id)]
    return SavedThread(
        thread_id=thread.thread_id,
        owner=thread.owner,
        name=thread.name,
        started_at=thread.started_at,
        last_turn_at=thread.last_turn_at,
        chat_settings=dict(thread.chat_settings or {}),
        steps=steps,
        elements=elements,
    )


def read_element(
    engine: Engine, *, thread_id: str, element_id: str, user: str
) -> SavedElement | None:
    """One element of the thread, for `user` (as `read_saved`); None when there is none."""
    with Session(engine) as session:
        access = access_of(session, user)
        thread = thread_by_id(session, thread_id=thread_id)
        element = element_by_id(session, element_id=element_id)
        if thread is None or element is None or element.thread_id != thread_id:
            return None
        if not (access.reads_everything or thread.owner == user):
            raise NotThreadReader(thread_id, thread.owner)
        return saved_element(element)


def saved_step(row: ChatStep) -> SavedStep:
    """A `chatstep` row as the service hands it out."""
    return SavedStep(
        id=row.id,
        type=row.type,
        name=row.name,
        parent_id=row.parent_id,
        input=row.input,
        output=row.output,
        show_input=row.show_input,
        is_error=row.is_error,
        language=row.language,
        metadata=dict(row.step_metadata or {}),
        start=row.start,
        end=row.end,
        created_at=row.created_at,
        feedback=row.feedback_value,
        feedback_comment=row.feedback_comment,
    )


def saved_element(row: ChatElement) -> SavedElement:
    """A `chatelement` row as the service hands it out."""
    return SavedElement(
        id=row.id,
        type=row.type,
        name=row.name,
        display=row.display,
        for_id=row.for_id,
        size=row.size,
        mime=row.mime,
        language=row.language,
        page=row.page,
        props=row.props,
        content=row.content,
    )


def _summary(thread: ChatThread) -> ThreadSummary:
    return ThreadSummary(
        thread.thread_id, thread.owner, thread.name or "", thread.started_at, thread.last_turn_at
    )


def _cursor(thread: ThreadSummary) -> str:
    return f"{thread.last_turn_at.isoformat()}|{thread.thread_id}"


def _read_cursor(cursor: str | None) -> ThreadKey | None:
    """A page's `next` read back; None (the first page) for anything else."""
    when, _, thread_id = (cursor or "").partition("|")
    try:
        return ThreadKey(datetime.fromisoformat(when), thread_id) if thread_id else None
    except ValueError:
        return None
