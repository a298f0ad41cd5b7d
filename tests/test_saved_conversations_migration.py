"""Migration 0016: saved conversations get their tables and the thread its name, on SQLite and
PostgreSQL; the schema matches the models; threads recorded before it keep their owner, have no
name (nothing of them to show again) and are not listed; it goes down cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from filon_processes import fresh_store
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers the tables)
from agent.chat.saved import list_saved, thread_owner
from store.db import make_engine
from store.migrate import alembic_config, migrate

TABLES = ("chatstep", "chatelement")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_at_0015(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = make_engine(fresh.url)
        migrate(engine, "0015")
        yield engine
        engine.dispose()


def test_the_tables_and_columns_come(store_at_0015: Engine) -> None:
    assert not set(TABLES) & set(inspect(store_at_0015).get_table_names())
    migrate(store_at_0015)
    inspector = inspect(store_at_0015)
    assert set(TABLES) <= set(inspector.get_table_names())
    columns = {column["name"] for column in inspector.get_columns("chatthread")}
    assert {"name", "name_key", "chat_settings"} <= columns
    indexes = {tuple(i["column_names"]) for i in inspector.get_indexes("chatstep")}
    assert ("thread_id", "created_at") in indexes
    keys = inspector.get_foreign_keys("chatelement")
    assert [(k["referred_table"], k["referred_columns"]) for k in keys] == [
        ("chatthread", ["thread_id"])
    ]


def test_a_thread_recorded_before_keeps_its_owner_and_is_not_listed(store_at_0015: Engine) -> None:
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with store_at_0015.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO chatthread (thread_id, owner, started_at, last_turn_at) "
                "VALUES ('cli-1', 'rep', :now, :now)"
            ),
            {"now": now},
        )
    migrate(store_at_0015)
    assert thread_owner(store_at_0015, thread_id="cli-1") == "rep"
    assert list_saved(store_at_0015, user="rep").threads == []


def test_the_migrated_schema_matches_the_models(store_at_0015: Engine) -> None:
    migrate(store_at_0015)
    with store_at_0015.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            diff
            for diff in compare_metadata(context, SQLModel.metadata)
            if any(name in repr(diff) for name in (*TABLES, "chatthread"))
        ]
    assert differences == []


def test_the_migration_goes_down_cleanly(store_at_0015: Engine) -> None:
    migrate(store_at_0015)
    config = alembic_config()
    with store_at_0015.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0015")
    inspector = inspect(store_at_0015)
    assert not set(TABLES) & set(inspector.get_table_names())
    assert "name" not in {column["name"] for column in inspector.get_columns("chatthread")}
