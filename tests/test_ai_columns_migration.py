"""Migration 0011: AI columns, cells and runs get their tables, on SQLite and PostgreSQL, and
the schema it builds matches the models (unique column names per list, one cell per lead)."""

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

TABLES = ("aicolumn", "aicell", "aicolumnrun")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_at_0010(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = make_engine(fresh.url)
        migrate(engine, "0010")
        yield engine
        engine.dispose()


def test_the_tables_come_with_their_unique_constraints(store_at_0010: Engine) -> None:
    assert not set(TABLES) & set(inspect(store_at_0010).get_table_names())
    migrate(store_at_0010)
    inspector = inspect(store_at_0010)
    assert set(TABLES) <= set(inspector.get_table_names())
    uniques = {
        table: {tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)}
        for table in ("aicolumn", "aicell")
    }
    assert ("list_id", "name_key") in uniques["aicolumn"]
    assert ("column_id", "lead_id") in uniques["aicell"]


def test_the_migrated_schema_matches_the_models(store_at_0010: Engine) -> None:
    migrate(store_at_0010)
    with store_at_0010.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            diff
            for diff in compare_metadata(context, SQLModel.metadata)
            if any(name in repr(diff) for name in TABLES)
        ]
    assert differences == []


def test_the_migration_goes_down_cleanly(store_at_0010: Engine) -> None:
    migrate(store_at_0010)
    config = alembic_config()
    with store_at_0010.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
    assert not set(TABLES) & set(inspect(store_at_0010).get_table_names())
