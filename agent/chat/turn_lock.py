"""One turn at a time on a conversation, across processes.

A turn reads the conversation from memory, runs, and writes it back; two turns of one thread
running at once each write a history without the other's messages, and one turn silently
disappears. So a turn first takes its thread's lock: a PostgreSQL advisory lock keyed on the
thread (when the memory lives in PostgreSQL), else a lock file under `$FILON_HOME/locks/` next to
the SQLite memory. Either is released by the OS or the server if the process dies. A turn waits
a few seconds for the lock, then gives up with `ThreadBusy`, which callers tell the user about:
a message is either answered or refused out loud, never dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy.engine import make_url

from agent.memory import MemoryUnavailable, libpq_conninfo
from agent.settings import Settings
from store.locks import CONVERSATION_LOCK, LockTimeout, async_advisory_lock, async_file_lock

# Long enough to ride out the end of a turn sent a moment earlier, short enough that a person
# waiting on a stuck conversation hears why.
TURN_WAIT_SECONDS = 5.0

Event = TypeVar("Event")


class ThreadBusy(RuntimeError):
    """Another turn of this conversation is running, here or in another process."""

    def __init__(self, thread_id: str, waited_seconds: float) -> None:
        super().__init__(
            f"another turn is running on conversation {thread_id!r} "
            f"(waited {waited_seconds:g} s for it)"
        )
        self.thread_id = thread_id
        self.waited_seconds = waited_seconds


async def one_turn_at_a_time(
    settings: Settings,
    thread_id: str,
    turn: AsyncIterator[Event],
    *,
    wait_seconds: float = TURN_WAIT_SECONDS,
) -> AsyncIterator[Event]:
    """The events of `turn`, which starts only once the thread's lock is held (released at its end)."""
    async with turn_lock(settings, thread_id, wait_seconds=wait_seconds):
        async for event in turn:
            yield event


@asynccontextmanager
async def turn_lock(
    settings: Settings, thread_id: str, *, wait_seconds: float = TURN_WAIT_SECONDS
) -> AsyncIterator[None]:
    """Hold the lock of conversation `thread_id` for the block; `ThreadBusy` if still taken
    after `wait_seconds`."""
    async with AsyncExitStack() as stack:
        try:
            await stack.enter_async_context(_lock(settings, thread_id, wait_seconds))
        except LockTimeout as error:
            raise ThreadBusy(thread_id, wait_seconds) from error
        yield


def _lock(
    settings: Settings, thread_id: str, wait_seconds: float
) -> AbstractAsyncContextManager[None]:
    if make_url(settings.database_url).get_backend_name() == "postgresql":
        return _postgres_lock(settings.database_url, thread_id, wait_seconds)
    return async_file_lock(lock_file(settings, thread_id), wait_seconds=wait_seconds)


def lock_file(settings: Settings, thread_id: str) -> Path:
    """The lock file of a conversation (thread ids are anyone's text: the name is a digest)."""
    digest = hashlib.sha256(thread_id.encode()).hexdigest()[:32]
    return settings.ensure_home() / "locks" / f"thread-{digest}.lock"


@asynccontextmanager
async def _postgres_lock(
    database_url: str, thread_id: str, wait_seconds: float
) -> AsyncIterator[None]:
    import psycopg

    # A connection of its own, in autocommit mode, held for the turn: the advisory lock is the
    # session's, so it goes when this connection does, whatever happens to the process.
    try:
        connection = await psycopg.AsyncConnection.connect(
            libpq_conninfo(database_url), autocommit=True
        )
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[0]
        raise MemoryUnavailable(f"cannot open the conversation memory: {reason}") from error
    async with connection:
        # Thread ids are unique within one store (a schema), and advisory locks are per database.
        cursor = await connection.execute("SELECT current_schema()")
        row = await cursor.fetchone()
        schema = row[0] if row else ""
        async with async_advisory_lock(
            connection, CONVERSATION_LOCK, _key(f"{schema}:{thread_id}"), wait_seconds=wait_seconds
        ):
            yield


def _key(text: str) -> int:
    """A signed 32-bit advisory-lock key for `text` (distinct texts may share one: they then
    wait for each other, nothing worse)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), signed=True)
