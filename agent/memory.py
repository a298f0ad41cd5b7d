"""Conversation memory: the LangGraph checkpointer next to the store.

SQLite store → `$FILON_HOME/memory.db` (AsyncSqliteSaver). PostgreSQL store → the same
database (AsyncPostgresSaver, tables created on first use, `search_path` kept). A thread id
resumes its conversation after a restart.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy.engine import make_url

from agent.settings import Settings

# How long a memory write waits for another writer. Short: conversation writes are brief, so a
# longer wait means a stuck lock, and the rep should hear so rather than wait on every step.
SQLITE_BUSY_SECONDS = 2.0


class MemoryUnavailable(RuntimeError):
    """The conversation memory cannot be opened."""


@asynccontextmanager
async def open_checkpointer(settings: Settings) -> AsyncIterator[BaseCheckpointSaver[str]]:
    """The checkpointer for `settings`' store, open for the duration of the block."""
    url = make_url(settings.database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        import aiosqlite
        from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

        path = settings.ensure_home() / "memory.db"
        async with aiosqlite.connect(str(path), timeout=SQLITE_BUSY_SECONDS) as connection:
            yield AsyncSqliteSaver(connection)
        return
    if backend == "postgresql":
        import psycopg
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

        async with AsyncExitStack() as stack:
            try:
                postgres_saver = await stack.enter_async_context(
                    AsyncPostgresSaver.from_conn_string(libpq_conninfo(settings.database_url))
                )
                await postgres_saver.setup()
            except psycopg.OperationalError as error:
                reason = str(error).strip().splitlines()[0]
                raise MemoryUnavailable(f"cannot open the conversation memory: {reason}") from error
            yield postgres_saver
        return
    raise MemoryUnavailable(f"no conversation memory for a {backend!r} database")


def libpq_conninfo(database_url: str) -> str:
    """A SQLAlchemy `postgresql+psycopg://` URL as a libpq URI, query options (search_path) kept."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)
