"""Engine and session helpers: SQLite (WAL, busy timeout) by default, PostgreSQL for teams.

Opening the store never fails with a driver's traceback: a URL Filon cannot use, a server
that does not answer, a locked, corrupt or newer database all become `StoreUnavailable`
with a code (see store/failures.py), worded for people by the CLI and the UI.

Imports point one way: this module uses `store.migrate`, which knows nothing of it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlmodel import Session, create_engine

from store.failures import StoreUnavailable, location, store_failure
from store.migrate import migrate, newer_revision
from store.private import private_folder, private_sqlite_file

__all__ = [
    "BUSY_TIMEOUT_MS",
    "StoreUnavailable",
    "is_sqlite",
    "make_engine",
    "normalise_url",
    "open_store",
    "session_scope",
]

BUSY_TIMEOUT_MS = 10_000
# Without it libpq waits for an unanswering host as long as the operating system lets it.
POSTGRES_CONNECT_TIMEOUT_S = 10
# What hosting services hand out; SQLAlchemy wants the driver named.
_POSTGRES_SCHEMES = ("postgres://", "postgresql://")
POSTGRES_SCHEME = "postgresql+psycopg://"


def is_sqlite(engine: Engine) -> bool:
    """Whether the engine talks to SQLite."""
    return engine.dialect.name == "sqlite"


def normalise_url(url: str) -> str:
    """`postgres://…` and `postgresql://…` as `postgresql+psycopg://…` (Filon's driver)."""
    for scheme in _POSTGRES_SCHEMES:
        if url[: len(scheme)].lower() == scheme:
            return POSTGRES_SCHEME + url[len(scheme) :]
    return url


def make_engine(url: str, *, echo: bool = False, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine for `url`, with SQLite tuned for a concurrent single-machine store.

    `busy_timeout_ms`: how long SQLite waits for another process's lock before giving up.
    """
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:" and "uri" not in parsed.query:
            _prepare_sqlite_file(Path(parsed.database).expanduser())
        engine = _create(
            parsed,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
        )
        event.listen(engine, "connect", partial(_tune_sqlite, busy_timeout_ms=busy_timeout_ms))
        return engine
    if backend == "postgresql":
        connect_args = {}
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
        return _create(parsed, echo=echo, connect_args=connect_args, pool_pre_ping=True)
    raise StoreUnavailable(f"unsupported database {backend!r}", code="unsupported", backend=backend)


def _parse(url: str) -> URL:
    try:
        return make_url(normalise_url(url))
    except (ArgumentError, ValueError) as error:
        # The URL is not repeated: it may hold a password, and this message may be shown.
        raise StoreUnavailable("not a database URL", code="bad_url") from error


def _create(url: URL, **options: Any) -> Engine:
    try:
        return create_engine(url, **options)
    except (NoSuchModuleError, ImportError) as error:  # a driver Filon does not ship
        raise StoreUnavailable(
            f"no driver for {url.drivername!r}", code="unsupported", backend=url.drivername
        ) from error


def _prepare_sqlite_file(path: Path) -> None:
    """The database file exists, private, before SQLite opens it (and copies its mode)."""
    try:
        if path.is_dir():
            raise StoreUnavailable(f"{path} is a folder", code="not_a_file", where=str(path))
        private_folder(path.parent)
        private_sqlite_file(path)
    except OSError as error:
        raise StoreUnavailable(
            f"cannot create {path}: {error.strerror}",
            code="cannot_open",
            where=str(path),
            reason=error.strerror or str(error),
        ) from error


def _tune_sqlite(dbapi_connection: Any, _record: Any, *, busy_timeout_ms: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")  # first: WAL may need the lock
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session committed on success and rolled back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def open_store(url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """Create the engine and bring the schema to the latest migration.

    Raises `StoreUnavailable` when the database cannot be opened, reached or migrated.
    """
    from alembic.util.exc import CommandError

    engine = make_engine(url, busy_timeout_ms=busy_timeout_ms)
    try:
        migrate(engine)
    except (SQLAlchemyError, sqlite3.Error, OSError, StoreUnavailable) as error:
        engine.dispose()
        failure = store_failure(error, engine.url)
        if failure is None or failure is error:
            raise
        raise failure from error
    except CommandError as error:  # Alembic's "can't locate revision", among others
        revision = newer_revision(engine)
        engine.dispose()
        if revision is None:
            raise
        raise StoreUnavailable(
            f"the store is at revision {revision!r}, unknown to this Filon",
            code="newer",
            where=location(engine.url),
            revision=revision,
        ) from error
    return engine
