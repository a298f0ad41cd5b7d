"""Migration 0012: the CRM outbox gets its table, on SQLite and PostgreSQL, and
the schema it builds matches the models (one row per lead and CRM)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from filon_processes import fresh_store
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers the tables)
from store.db import make_engine
from store.migrate import alembic_config, migrate

TABLES = ("crmsync",)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_at_0011(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = make_engine(fresh.url)
        migrate(engine, "0011")
        yield engine
        engine.dispose()


def test_the_tables_come_with_their_unique_constraints(store_at_0011: Engine) -> None:
    assert not set(TABLES) & set(inspect(store_at_0011).get_table_names())
    migrate(store_at_0011)
    inspector = inspect(store_at_0011)
    assert set(TABLES) <= set(inspector.get_table_names())
    uniques = {tuple(u["column_names"]) for u in inspector.get_unique_constraints("crmsync")}
    assert ("lead_id", "crm") in uniques
    indexes = {tuple(i["column_names"]) for i in inspector.get_indexes("crmsync")}
    assert ("crm", "state", "next_attempt_at") in indexes


def test_the_migrated_schema_matches_the_models(store_at_0011: Engine) -> None:
    migrate(store_at_0011)
    with store_at_0011.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            diff
            for diff in compare_metadata(context, SQLModel.metadata)
            if any(name in repr(diff) for name in TABLES)
        ]
    assert differences == []


def test_the_migration_goes_down_cleanly(store_at_0011: Engine) -> None:
    migrate(store_at_0011)
    config = alembic_config()
    with store_at_0011.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0011")
    assert not set(TABLES) & set(inspect(store_at_0011).get_table_names())
