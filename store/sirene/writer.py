"""`open_writer`: the writer of the store's database (SQLite or PostgreSQL), on a raw connection.

Writers take the raw DBAPI connection for speed; each batch is one committed transaction (see
`batches`). Imports point one way: this module picks a writer, the writers build on `batches`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from store.sirene.batches import CompanyWriter
from store.sirene.failures import store_problem


@contextmanager
def open_writer(engine: Engine) -> Iterator[CompanyWriter]:
    """A writer on a raw connection of `engine` (SQLite or PostgreSQL), released afterwards.

    A database failure a user can act on (see `failures`) comes out as `SireneStoreError`.
    """
    role = engine.url.username
    try:
        raw = engine.raw_connection()
    except DBAPIError as error:
        problem = store_problem(error, role=role)
        if problem is None:
            raise
        raise problem from error
    role = getattr(getattr(raw.driver_connection, "info", None), "user", None) or role
    try:
        writer: CompanyWriter
        if engine.dialect.name == "sqlite":
            from store.sirene.writer_sqlite import SqliteWriter

            writer = SqliteWriter(raw.driver_connection)
        else:
            from store.sirene.writer_postgres import PostgresWriter

            writer = PostgresWriter(raw.driver_connection)
        try:
            yield writer
        finally:
            writer.close()
    except Exception as error:
        problem = store_problem(error, role=role)
        if problem is None:
            raise
        if problem.code == "connection_lost":
            raw.invalidate()  # else the pool would try to reset it, and log a traceback
        raise problem from error
    finally:
        raw.close()
