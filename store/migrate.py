"""Apply the Alembic migrations shipped in `store/migrations` to an engine.

Processes starting together on a fresh database would each try to create the same tables (and
Alembic's `alembic_version`); so migrations run under a lock that spans processes: a PostgreSQL
advisory lock held on the migrating connection, or on SQLite a lock file next to the database.
The first process migrates; the others wait, then find the schema current and do nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from store.failures import StoreUnavailable, location
from store.locks import MIGRATIONS_LOCK, advisory_lock, file_lock

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the database to `revision` (a no-op when it is there already).

    Driver errors propagate: `store.db.open_store` sorts them into `StoreUnavailable` codes.
    """
    config = alembic_config()
    try:
        with _migrating_connection(engine) as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except OSError as error:  # the lock file next to a SQLite database
        reason = error.strerror or str(error)
        raise StoreUnavailable(
            f"cannot lock the database {engine.url!r}: {reason}",
            code="cannot_open",
            where=location(engine.url),
            reason=reason,
        ) from error


def newer_revision(engine: Engine) -> str | None:
    """The store's revision when these migrations do not know it (a newer Filon wrote the
    store), else None; None too when the revision cannot be read."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.exc import SQLAlchemyError

    scripts = ScriptDirectory.from_config(alembic_config())
    known = {script.revision for script in scripts.walk_revisions()}
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_heads()
    except SQLAlchemyError:
        return None
    return next((revision for revision in current if revision not in known), None)


@contextmanager
def _migrating_connection(engine: Engine) -> Iterator[Connection]:
    """A connection of `engine`, with this process alone migrating the database while it is open."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection, advisory_lock(connection, MIGRATIONS_LOCK):
            yield connection
        return
    lock_file = sqlite_lock_file(engine)
    with file_lock(lock_file) if lock_file else nullcontext(), engine.connect() as connection:
        yield connection


def sqlite_lock_file(engine: Engine) -> Path | None:
    """The lock file next to a SQLite database file (None for an in-memory database)."""
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).expanduser()
    return path.with_name(path.name + ".lock")
