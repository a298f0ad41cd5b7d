"""Conversation memory: the LangGraph checkpointer next to the store.

SQLite store → `$FILON_HOME/memory.db` (AsyncSqliteSaver). PostgreSQL store → the same
database (AsyncPostgresSaver, tables created on first use, `search_path` kept). A thread id
resumes its conversation after a restart.

The saver's tables are created under a lock that spans processes (a `memory.db.lock` file next
to the SQLite file; a PostgreSQL advisory lock on the saver's own connection): processes
starting together on a fresh database would otherwise all create them, and all but one crash.

Failures become `MemoryUnavailable`, a `StoreUnavailable` of the memory with the same codes
(locked, corrupt…), so whoever words store failures words these too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy.engine import make_url

from agent.settings import Settings
from store.db import BUSY_TIMEOUT_MS
from store.failures import StoreUnavailable, store_failure
from store.locks import MEMORY_SETUP_LOCK, async_advisory_lock, async_file_lock
from store.private import private_sqlite_file

if TYPE_CHECKING:
    from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

MEMORY_FILE = "memory.db"

# How long a memory write waits for another writer: the store's own wait. Conversation writes
# are brief, but reps sharing a home on a loaded 2-core machine queued past 2 s (six processes
# writing their turns at once), and a rep told "locked" loses the turn.
SQLITE_BUSY_SECONDS = BUSY_TIMEOUT_MS / 1000


class MemoryUnavailable(StoreUnavailable):
    """The conversation memory cannot be opened or written."""

    @classmethod
    def from_failure(cls, failure: StoreUnavailable) -> MemoryUnavailable:
        """The store failure `failure`, met on the memory's database."""
        return cls(str(failure), code=failure.code, **failure.values)


@asynccontextmanager
async def open_checkpointer(settings: Settings) -> AsyncIterator[BaseCheckpointSaver[str]]:
    """The checkpointer for `settings`' store, open for the duration of the block."""
    url = make_url(settings.database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        import aiosqlite
        from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

        path = settings.ensure_home() / MEMORY_FILE
        try:
            private_sqlite_file(path)
        except OSError as error:
            reason = error.strerror or str(error)
            raise MemoryUnavailable(
                f"cannot create {path}: {reason}",
                code="cannot_open",
                where=str(path),
                reason=reason,
            ) from error
        lock = path.with_name(path.name + ".lock")

        class SqliteSaver(AsyncSqliteSaver):
            """Creates its tables at first use, as the library does, under the lock file."""

            async def setup(self) -> None:
                if not self.is_setup:
                    async with async_file_lock(lock):
                        await super().setup()

            async def ready_to_write(self) -> None:
                """Wait (as long as the store would) until the memory takes writes.

                A turn's checkpoints are written one after the other in the background: on a
                memory another program holds, each would wait its own busy timeout, and the
                rep would hear "locked" after all of them (a minute for six checkpoints).
                """
                await self.setup()
                async with self.lock:
                    await self.conn.execute("BEGIN IMMEDIATE")
                    await self.conn.rollback()

        try:
            async with aiosqlite.connect(str(path), timeout=SQLITE_BUSY_SECONDS) as connection:
                yield SqliteSaver(connection)
        except sqlite3.Error as error:
            # The store's errors reach here wrapped by SQLAlchemy, so a bare sqlite3 error, even
            # from the conversation run inside this block, is the memory's (aiosqlite's).
            failure = _memory_failure(error, path)
            if failure is None:
                raise
            raise failure from error
        return
    if backend == "postgresql":
        import psycopg
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

        async with AsyncExitStack() as stack:
            try:
                postgres_saver = await stack.enter_async_context(
                    AsyncPostgresSaver.from_conn_string(libpq_conninfo(settings.database_url))
                )
                await _set_up_postgres(postgres_saver)
            except psycopg.Error as error:
                postgres_failure = store_failure(error, settings.database_url)
                if postgres_failure is None:
                    raise
                raise MemoryUnavailable.from_failure(postgres_failure) from error
            yield postgres_saver
        return
    raise MemoryUnavailable(
        f"no conversation memory for a {backend!r} database", code="unsupported", backend=backend
    )


async def ready_to_write(saver: BaseCheckpointSaver[str]) -> None:
    """Raise now, not after the turn's answer, when `saver` cannot take writes (locked)."""
    probe = getattr(saver, "ready_to_write", None)
    if probe is not None:
        await probe()


def _memory_failure(error: BaseException, path: Path) -> MemoryUnavailable | None:
    """`error` on the memory file as a `MemoryUnavailable`; None when it is a bug."""
    failure = store_failure(error, f"sqlite:///{path}")
    return None if failure is None else MemoryUnavailable.from_failure(failure)


def libpq_conninfo(database_url: str) -> str:
    """A SQLAlchemy `postgresql+psycopg://` URL as a libpq URI, query options (search_path) kept."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


async def _set_up_postgres(saver: AsyncPostgresSaver) -> None:
    """Create the saver's tables, one process at a time (the lock is the connection's own)."""
    from psycopg import AsyncConnection

    connection = saver.conn
    if not isinstance(connection, AsyncConnection):
        raise TypeError(f"expected the saver's own connection, got {type(connection).__name__}")
    async with async_advisory_lock(connection, MEMORY_SETUP_LOCK):
        await saver.setup()
