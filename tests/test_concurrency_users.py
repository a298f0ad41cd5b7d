"""Several `filon users add` processes on a store without users, at once: the users' write lock
makes them one after the other, so the first becomes the admin and the others — acting as
themselves, once there is an admin — are refused in one line. Without the lock they all read an
empty table, and every one of them became an admin."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from filon_processes import Store, finish, fresh_store, start
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from store.db import make_engine, open_store
from store.locks import USERS_LOCK

LOGINS = [f"rep{index}" for index in range(4)]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for fresh in fresh_store(request.param, tmp_path):
        open_store(fresh.url).dispose()  # migrated: the processes only read and write users
        yield fresh


def test_the_first_users_added_at_once_make_one_admin(store: Store) -> None:
    engine = make_engine(store.url)
    try:
        with writes_held_back(engine, store) as release:
            processes = [
                start(store, "users", "add", login, "--no-password", "--user", login)
                for login in LOGINS
            ]
            release([process.pid for process in processes])
        finished = [finish(process) for process in processes]
        with engine.connect() as connection:
            rows = connection.execute(text('SELECT login, role FROM "user"')).all()
    finally:
        engine.dispose()

    assert [(login, role) for login, role in rows] == [(rows[0].login, "admin")], rows
    winners = [run for run in finished if run.returncode == 0]
    assert [run.args[3] for run in winners] == [rows[0].login]
    for run in finished:
        if run.returncode != 0:
            assert run.stdout == "" and run.stderr.count("\n") == 1, run.stderr


@contextmanager
def writes_held_back(engine: Engine, store: Store) -> Iterator[Callable[[list[int]], None]]:
    """Hold the store's writes back until every process has started and waits, then let them
    go together: without the users' lock, each has read the empty table by then."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text('LOCK TABLE "user" IN EXCLUSIVE MODE'))  # reads pass

            def release(pids: list[int]) -> None:
                _wait_for(lambda: _postgres_waiters(engine) >= len(pids), seconds=60)
                connection.rollback()

            yield release
        return
    database = make_url(store.url).database
    assert database
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")  # the write lock; WAL readers still read

    def release_sqlite(pids: list[int]) -> None:
        # Each process waits up to the CLI's 3 s for the lock: let them go once all have the
        # store open, and a moment more.
        _wait_for(lambda: all(_has_open(pid, database) for pid in pids), seconds=20)
        time.sleep(0.8)
        connection.execute("ROLLBACK")

    try:
        yield release_sqlite
    finally:
        connection.close()


def _postgres_waiters(engine: Engine) -> int:
    """Processes waiting for the `user` table (no users' lock) or for the users' lock."""
    with engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted AND ("
                    "relation = '\"user\"'::regclass"
                    " OR (locktype = 'advisory' AND classid = :kind))"
                ),
                {"kind": USERS_LOCK},
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
