"""Locks that several processes sharing one store take: a lock file (SQLite, and anything kept in
FILON_HOME) or a PostgreSQL advisory lock.

Both are released by the operating system or the server when the holder dies, even by
`kill -9`: a lock file through `flock` (never by the file's existence), an advisory lock when its
connection closes. So a crashed process never leaves a lock behind to clean up by hand.

PostgreSQL advisory locks live in one space per database, keyed by two 32-bit integers: the first
says which kind of lock (the `*_LOCK` constants, "FL" then a number, out of the way of other
applications), the second which one of that kind. Async code waits for one by polling
`pg_try_advisory_lock` rather than blocking in `pg_advisory_lock`: a session blocked there sits
in an open transaction, and a lock holder running `CREATE INDEX CONCURRENTLY` (as LangGraph's
checkpointer set-up does) waits for every open transaction to end — a deadlock.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from psycopg import AsyncConnection

MIGRATIONS_LOCK = 0x464C_0001
MEMORY_SETUP_LOCK = 0x464C_0002
CONVERSATION_LOCK = 0x464C_0003
USERS_LOCK = 0x464C_0004
IMPORT_LOCK = 0x464C_0005

POLL_SECONDS = 0.05


class LockTimeout(TimeoutError):
    """A bounded wait for a lock ran out: another process still holds it."""


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` (created if missing) for the block, waiting as long as it takes.

    The file stays: deleting a lock file that others may have opened would let two processes
    hold "the" lock on two different files.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@asynccontextmanager
async def async_file_lock(path: Path, *, wait_seconds: float | None = None) -> AsyncIterator[None]:
    """Hold an exclusive lock on `path` for the block; `LockTimeout` after `wait_seconds` waiting
    (None: as long as it takes). The event loop keeps running while it waits.

    Fit for one lock file per key (a conversation, say), which must not pile up: the holder
    deletes the file before letting go, and a waiter that wins the lock on a file that was
    deleted meanwhile starts again on the new one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = None if wait_seconds is None else time.monotonic() + wait_seconds
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            if deadline is not None and time.monotonic() >= deadline:
                raise LockTimeout(f"{path} is still locked after {wait_seconds:g} s") from None
            await asyncio.sleep(POLL_SECONDS)
            continue
        if _same_file(descriptor, path):
            break
        os.close(descriptor)  # locked a file its holder had just deleted: try the new one
    try:
        yield
    finally:
        _forget(path)
        os.close(descriptor)


def _forget(path: Path) -> None:
    """Delete a lock file its holder is about to release (gone already is fine)."""
    path.unlink(missing_ok=True)


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


@contextmanager
def advisory_lock(connection: Connection, kind: int, key: int = 0) -> Iterator[None]:
    """Hold a session-level PostgreSQL advisory lock on `connection` for the block, waiting as
    long as it takes; the statements inside run on the same connection."""
    values = {"kind": kind, "key": key}
    connection.execute(text("SELECT pg_advisory_lock(:kind, :key)"), values)
    connection.commit()
    try:
        yield
    finally:
        try:
            connection.execute(text("SELECT pg_advisory_unlock(:kind, :key)"), values)
            connection.commit()
        except SQLAlchemyError:
            # A connection that cannot unlock must not go back to the pool holding the lock:
            # dropping it ends its session, and the server releases the lock with it.
            connection.invalidate()


@asynccontextmanager
async def async_advisory_lock(
    connection: AsyncConnection[Any], kind: int, key: int = 0, *, wait_seconds: float | None = None
) -> AsyncIterator[None]:
    """Hold a session-level PostgreSQL advisory lock on `connection` (in autocommit mode) for the
    block; `LockTimeout` after `wait_seconds` waiting (None: as long as it takes)."""
    if not connection.autocommit:
        raise ValueError("advisory locks are polled on a connection in autocommit mode")
    deadline = None if wait_seconds is None else time.monotonic() + wait_seconds
    while True:
        cursor = await connection.execute("SELECT pg_try_advisory_lock(%s, %s)", (kind, key))
        row = await cursor.fetchone()
        if row is not None and _first(row) is True:
            break
        if deadline is not None and time.monotonic() >= deadline:
            raise LockTimeout(f"advisory lock ({kind}, {key}) still held after {wait_seconds:g} s")
        await asyncio.sleep(POLL_SECONDS)
    try:
        yield
    finally:
        if not connection.closed:
            await connection.execute("SELECT pg_advisory_unlock(%s, %s)", (kind, key))


def _first(row: Any) -> Any:
    """The first column of a row, whichever row factory the connection uses (tuple or dict)."""
    return next(iter(row.values())) if isinstance(row, dict) else row[0]
