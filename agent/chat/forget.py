"""Deleting a conversation, by its owner only: what the web UI saved of it, its row in
`chatthread`, and its history in the conversation memory (the LangGraph checkpointer).

The thread's turn lock is held meanwhile, so a turn running in another tab or process finishes
first (or the delete gives up with `ThreadBusy`): a turn ending after the delete would write its
history back. The memory goes first, then the rows in one transaction: a process killed between
the two leaves the thread listed, with nothing remembered, and deleting it again finishes the
job; never a deleted thread whose words are still kept.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.chat.turn_lock import turn_lock
from agent.memory import open_checkpointer, ready_to_write
from agent.settings import Settings
from agent.users.access import access_of
from agent.users.errors import NotThreadOwner
from store.db import session_scope
from store.repositories.threads import delete_thread_rows, thread_by_id


async def forget_thread(settings: Settings, engine: Engine, *, thread_id: str, user: str) -> bool:
    """Delete the thread and everything kept of it; False when there was no such thread.

    Raises `NotThreadOwner` when it is someone else's (a manager's reading rights do not
    extend to deleting), `ThreadBusy` when a turn of it keeps running.
    """
    if await asyncio.to_thread(_check_owner, engine, thread_id, user) is None:
        return False
    async with turn_lock(settings, thread_id):
        async with open_checkpointer(settings) as memory:
            await ready_to_write(memory)  # its tables exist, and it takes writes
            await memory.adelete_thread(thread_id)
        return await asyncio.to_thread(_delete_rows, engine, thread_id, user)


def _check_owner(engine: Engine, thread_id: str, user: str) -> str | None:
    """The thread's owner when `user` may delete it; None when there is no such thread."""
    with Session(engine) as session:
        access = access_of(session, user)
        thread = thread_by_id(session, thread_id=thread_id)
    if thread is None:
        return None
    if access.team and thread.owner != user:
        raise NotThreadOwner(thread_id, thread.owner)
    return thread.owner


def _delete_rows(engine: Engine, thread_id: str, user: str) -> bool:
    with session_scope(engine) as session:
        access = access_of(session, user)
        thread = thread_by_id(session, thread_id=thread_id)
        if thread is None:
            return False
        if access.team and thread.owner != user:  # checked again: the thread may be new
            raise NotThreadOwner(thread_id, thread.owner)
        return delete_thread_rows(session, thread_id=thread_id)
