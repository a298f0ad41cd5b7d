"""`open_writer`: the writer of the store's database (SQLite or PostgreSQL), on a raw connection.

Writers take the raw DBAPI connection for speed; each batch is one committed transaction (see
`batches`). Imports point one way: this module picks a writer, the writers build on `batches`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine

from store.sirene.batches import CompanyWriter


@contextmanager
def open_writer(engine: Engine) -> Iterator[CompanyWriter]:
    """A writer on a raw connection of `engine` (SQLite or PostgreSQL), released afterwards."""
    raw = engine.raw_connection()
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
    finally:
        raw.close()
