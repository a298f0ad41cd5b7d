"""Processes starting together on a fresh database all start: one migrates the store and sets
up the conversation memory, the others wait for it and find everything in place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from filon_processes import Store, fresh_store, run_together
from sqlalchemy import inspect, text

from store.db import make_engine

PROCESSES = 8


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(request.param, tmp_path)


def test_processes_starting_together_on_a_fresh_store_all_succeed(fresh: Store) -> None:
    finished = run_together(
        fresh, [["ask", "bonjour", "--thread", f"start-{index}"] for index in range(PROCESSES)]
    )

    for process in finished:
        assert process.returncode == 0, process.stderr
        assert process.stdout.strip()
    engine = make_engine(fresh.url)
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        assert len(versions) == 1
        tables = set(inspect(engine).get_table_names())
        assert {"company", "leadlist", "lead"} <= tables
        if engine.dialect.name == "postgresql":  # the memory lives in the store's schema
            assert {"checkpoints", "checkpoint_migrations"} <= tables
    finally:
        engine.dispose()
