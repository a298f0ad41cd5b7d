"""Reps creating the same lead list at once, from separate processes: one list, each company in
it once, and each rep told exactly what their own request added."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from subprocess import Popen

import pytest
from filon_processes import Store, finish, fresh_store, start, thread_messages, tool_artifacts
from filon_processes import valid_siren as siren
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from store.db import make_engine, open_store, session_scope
from store.models import Company

PROCESSES = 6
SIRENS = [siren(30_000_000 + index) for index in range(3 * PROCESSES + 2)]
# Each rep's request overlaps the next one's, and the list is named with different cases.
REQUESTS = [
    (["Élan", "élan", "ÉLAN", " élan "][index % 4], SIRENS[index * 3 : index * 3 + 5])
    for index in range(PROCESSES)
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = open_store(fresh.url)
        with session_scope(engine) as session:
            session.add_all(Company(siren=value, name=f"Société {value}") for value in SIRENS)
        engine.dispose()
        yield fresh


def test_one_list_and_true_counts_when_reps_create_it_at_once(store: Store) -> None:
    engine = make_engine(store.url)
    try:
        with writes_held_back(engine, store) as release:
            processes = [
                start(
                    store,
                    "ask",
                    f"crée une liste '{name}' avec {' '.join(sirens)}",
                    "--thread",
                    f"rep-{index}",
                )
                for index, (name, sirens) in enumerate(REQUESTS)
            ]
            release(processes)
        finished = [finish(process) for process in processes]
        for process in finished:
            assert process.returncode == 0, process.stderr

        with engine.connect() as connection:
            lists = connection.execute(text("SELECT id, name, owner FROM leadlist")).all()
            assert len(lists) == 1, lists
            stored = connection.execute(
                text("SELECT company_siren FROM lead WHERE list_id = :id"), {"id": lists[0].id}
            ).scalars()
            stored_sirens = sorted(stored)
    finally:
        engine.dispose()
    assert stored_sirens == sorted(SIRENS)

    artifacts = [
        artifact
        for index in range(PROCESSES)
        for artifact in tool_artifacts(
            asyncio.run(thread_messages(store, f"rep-{index}")), "create_lead_list"
        )
    ]
    assert len(artifacts) == PROCESSES
    assert sorted(artifact["created"] for artifact in artifacts) == [False] * (PROCESSES - 1) + [
        True
    ]
    # What each rep was told they added is what the store inserted for them: no lead twice,
    # none missing.
    told = [siren for artifact in artifacts for siren in artifact["added"]]
    assert sorted(told) == stored_sirens
    for artifact, (_name, sirens) in zip(artifacts, REQUESTS, strict=True):
        assert sorted(artifact["added"] + artifact["already_there"]) == sorted(sirens)


@contextmanager
def writes_held_back(engine: Engine, store: Store) -> Iterator[Callable[[list[Popen[str]]], None]]:
    """Hold the store's writes back while the processes start, then let them all go at once:
    every process has read the (empty) lists before any of them writes."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("LOCK TABLE leadlist IN EXCLUSIVE MODE"))  # reads still pass

            def release(processes: list[Popen[str]]) -> None:
                _wait_for(lambda: _postgres_waiters(engine) >= len(processes), seconds=60)
                connection.rollback()

            yield release
        return
    database = make_url(store.url).database
    assert database
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")  # the write lock; WAL readers still read

    def release_sqlite(processes: list[Popen[str]]) -> None:
        # SQLite does not list who waits; a process nears its write once it has opened the
        # conversation memory. The wait stays under SQLite's 10 s busy timeout.
        memory = str(store.home / "memory.db")
        _wait_for(lambda: all(_has_open(process.pid, memory) for process in processes), seconds=7)
        time.sleep(1)
        connection.execute("ROLLBACK")

    try:
        yield release_sqlite
    finally:
        connection.close()


def _postgres_waiters(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT count(*) FROM pg_locks "
                    "WHERE relation = 'leadlist'::regclass AND NOT granted"
                )
            ).scalar_one()
        )


def _has_open(pid: int, path: str) -> bool:
    folder = Path(f"/proc/{pid}/fd")
    if not folder.is_dir():
        return True  # not Linux: the processes just start together
    try:
        return any(os.readlink(entry) == path for entry in folder.iterdir())
    except OSError:
        return False


def _wait_for(condition: Callable[[], bool], *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.05)
