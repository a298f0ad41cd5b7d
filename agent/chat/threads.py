"""Whose conversation a thread is: the person who started it.

Each turn is admitted here before it runs (`admit_turn`): the person is checked again (a user
disabled since the conversation opened is refused at their next turn), the thread is claimed by
its first turn, and a later turn by anyone else is refused once the store has users (single-user
mode keeps any login on any thread, as before). A manager reads the team's threads
(`list_threads`, `may_read_thread`) but continues only their own: a turn runs as the person who
sends it, so it would put their words and their rights into a rep's conversation.
The display names are read again at the same time, so a long-lived UI shows a renamed user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.context import Role
from agent.users.access import Access, access_of
from agent.users.errors import NotThreadOwner
from store.db import session_scope
from store.models._time import utcnow
from store.repositories.threads import claim_thread, thread_by_id, threads_of, touch_thread
from store.repositories.users import display_names
from store.users import remember_names

THREADS_SHOWN = 50


@dataclass(frozen=True, slots=True)
class ThreadInfo:
    """A conversation thread: its id, who started it, when, and its latest turn."""

    thread_id: str
    owner: str
    started_at: datetime
    last_turn_at: datetime


def admit_turn(engine: Engine, *, thread_id: str, user: str, role: Role | None = None) -> Access:
    """Let `user` run a turn of `thread_id` (claiming it if new); raises `NotThreadOwner`, or
    the refusals of `agent.users.access_of`."""
    now = utcnow()
    with session_scope(engine) as session:
        access = access_of(session, user, role)
        owner = claim_thread(session, thread_id=thread_id, owner=user, now=now)
        if access.team and owner != user:
            raise NotThreadOwner(thread_id, owner)
        touch_thread(session, thread_id=thread_id, now=now)
        names = display_names(session)
    remember_names(names)
    return access


def may_read_thread(engine: Engine, *, thread_id: str, user: str) -> bool:
    """Whether `user` may read the thread's history: its owner, a manager or an admin, anyone
    in single-user mode, and anyone for a thread no turn was recorded of."""
    with Session(engine) as session:
        access = access_of(session, user)
        thread = thread_by_id(session, thread_id=thread_id)
    return thread is None or access.reads_everything or thread.owner == user


def list_threads(engine: Engine, *, user: str, limit: int = THREADS_SHOWN) -> list[ThreadInfo]:
    """The threads `user` may read, latest turn first: their own; the team's for a manager."""
    with Session(engine) as session:
        access = access_of(session, user)
        found = threads_of(session, owner=access.readable_by, limit=limit)
    return [
        ThreadInfo(item.thread_id, item.owner, item.started_at, item.last_turn_at) for item in found
    ]
