"""A process killed (kill -9) in the middle of creating a lead list leaves the store as it was,
and the next run on the same conversation works."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filon_processes import Store, finish, fresh_store, start, thread_messages, tool_artifacts
from filon_processes import valid_siren as siren
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from store.db import make_engine, open_store, session_scope
from store.models import Company

SIRENS = [siren(40_000_000 + index) for index in range(5)]
REQUEST = f"crée une liste 'Relance' avec {' '.join(SIRENS)}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = open_store(fresh.url)
        with session_scope(engine) as session:
            session.add_all(Company(siren=value, name=f"Société {value}") for value in SIRENS)
        engine.dispose()
        yield fresh


def test_a_list_creation_killed_mid_write_leaves_no_trace(store: Store) -> None:
    engine = make_engine(store.url)
    try:
        in_write, resume = _pause_lead_inserts(engine, store)
        process = start(store, "ask", REQUEST, "--thread", "crash")
        try:
            _wait_for(lambda: in_write() or process.poll() is not None, seconds=60)
            assert process.poll() is None, "the process ended before writing"
        finally:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        resume()

        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM leadlist")).scalar_one() == 0
            assert connection.execute(text("SELECT count(*) FROM lead")).scalar_one() == 0
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"

        again = finish(start(store, "ask", REQUEST, "--thread", "crash"))
        assert again.returncode == 0, again.stderr
        with engine.connect() as connection:
            assert connection.execute(text("SELECT name FROM leadlist")).scalars().all() == [
                "Relance"
            ]
            leads = connection.execute(text("SELECT company_siren FROM lead")).scalars().all()
        assert sorted(leads) == SIRENS
    finally:
        engine.dispose()
    artifact = tool_artifacts(asyncio.run(thread_messages(store, "crash")), "create_lead_list")[-1]
    assert artifact["created"] is True and sorted(artifact["added"]) == SIRENS


def _pause_lead_inserts(
    engine: Engine, store: Store
) -> tuple[Callable[[], bool], Callable[[], None]]:
    """Make inserting leads slow (a trigger), so that a process can be caught mid-transaction;
    returns (whether a process is inside that transaction, remove the trigger)."""
    if engine.dialect.name == "postgresql":
        marker = f"filon-crash-{uuid.uuid4().hex[:8]}"
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE FUNCTION pause_lead_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"PERFORM set_config('application_name', '{marker}', false); "
                "PERFORM pg_sleep(2); RETURN NULL; END $$"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER pause_lead_insert AFTER INSERT ON lead "
                "FOR EACH STATEMENT EXECUTE FUNCTION pause_lead_insert()"
            )

        def in_write_postgres() -> bool:
            with engine.connect() as connection:
                query = text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :m")
                return bool(connection.execute(query, {"m": marker}).scalar_one())

        def resume_postgres() -> None:
            # Waits for the killed process's server session, still sleeping, to roll back.
            with engine.begin() as connection:
                connection.exec_driver_sql("DROP TRIGGER pause_lead_insert ON lead")

        return in_write_postgres, resume_postgres

    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE slow_rows (n INTEGER)")
        connection.execute(
            text("INSERT INTO slow_rows VALUES (:n)"), [{"n": n} for n in range(400)]
        )
        connection.exec_driver_sql(
            "CREATE TRIGGER pause_lead_insert AFTER INSERT ON lead BEGIN "
            "SELECT count(*) FROM slow_rows a, slow_rows b, slow_rows c; END"
        )
    database = make_url(store.url).database
    assert database

    def in_write_sqlite() -> bool:
        probe = sqlite3.connect(database, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:  # a writer holds the database
            assert "locked" in str(error)
            return True
        finally:
            probe.close()

    def resume_sqlite() -> None:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TRIGGER pause_lead_insert")

    return in_write_sqlite, resume_sqlite


def _wait_for(condition: Callable[[], bool], *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)
