"""`open_writer`: the writer of the store's database (SQLite or PostgreSQL), on a raw connection.

Writers take the raw DBAPI connection for speed; each batch is one committed transaction (see
`batches`). Imports point one way: this module picks a writer, the writers build on `batches`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from store.failures import StoreUnavailable, store_failure
from store.sirene.batches import CompanyWriter


@contextmanager
def open_writer(engine: Engine) -> Iterator[CompanyWriter]:
    """A writer on a raw connection of `engine` (SQLite or PostgreSQL), released afterwards.

    A database failure a user can act on comes out as `StoreUnavailable` (`store.failures`
    sorts the drivers' errors); a connection that drops mid-import is `connection_lost`:
    every batch is its own transaction, so what was committed is whole and a re-run finishes.
    """
    try:
        raw = engine.raw_connection()
    except DBAPIError as error:
        problem = store_failure(error, engine.url)
        if problem is None:
            raise
        raise problem from error
    try:
        writer: CompanyWriter
        if engine.dialect.name == "sqlite":
            from store.sirene.writer_sqlite import SqliteWriter

            writer = SqliteWriter(raw.driver_connection)
        else:
            from store.sirene.writer_postgres import PostgresWriter

            writer = PostgresWriter(raw.driver_connection, partial(_another, engine))
        try:
            yield writer
        finally:
            writer.close()
    except Exception as error:
        problem = store_failure(error, engine.url)
        if problem is None:
            raise
        if problem.code in ("unreachable", "unavailable"):
            problem = StoreUnavailable(
                str(problem), code="connection_lost", **{**problem.values, "where": _where(engine)}
            )
            raw.invalidate()  # else the pool would try to reset it, and log a traceback
        raise problem from error
    finally:
        raw.close()


@contextmanager
def _another(engine: Engine) -> Iterator[Any]:
    """Another psycopg connection to the store, for the duration of the block."""
    raw = engine.raw_connection()
    try:
        yield raw.driver_connection
    finally:
        raw.close()


def _where(engine: Engine) -> str:
    from store.failures import location

    return location(engine.url)
