"""Two `filon` processes changing the same lead list at once: one change goes through, the other
changes nothing and says so in one line; no lead is lost, moved or counted twice."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from subprocess import Popen

import pytest
from filon_processes import Finished, Store, finish, fresh_store, start
from filon_processes import valid_siren as siren
from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from agent.leads import create_list
from store.db import make_engine, open_store, session_scope
from store.models import Company

SIRENS = [siren(80_000_000 + index) for index in range(5)]
USER = ("--user", "alice.martin")
# Each pair: what two people run at the same moment on the list « Élan » (5 leads).
RACES = {
    "rename_rename": (("lists", "rename", "Élan", "Alpha", *USER),
                      ("lists", "rename", "élan", "Bêta", *USER)),
    "delete_delete": (("lists", "delete", "Élan", "--yes", *USER),
                      ("lists", "delete", "ÉLAN", "--yes", *USER)),
    "rename_delete": (("lists", "rename", "Élan", "Alpha", *USER),
                      ("lists", "delete", "Élan", "--yes", *USER)),
}  # fmt: skip
LOST = ("vient d'être renommée, supprimée ou réattribuée", "aucune liste de leads ne s'appelle")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = open_store(fresh.url)
        with session_scope(engine) as session:
            session.add_all(Company(siren=value, name=f"Société {value}") for value in SIRENS)
        create_list(engine, name="Élan", owner="alice.martin", sirens=SIRENS)
        engine.dispose()
        yield fresh


@pytest.mark.parametrize("race", list(RACES))
def test_one_change_wins_the_other_is_told(store: Store, race: str) -> None:
    engine = make_engine(store.url)
    try:
        with writes_held_back(engine, store) as release:
            processes = [start(store, *command) for command in RACES[race]]
            release(processes)
        first, second = (finish(process) for process in processes)
        with engine.connect() as connection:
            lists = connection.execute(text("SELECT id, name FROM leadlist")).all()
            leads = connection.execute(text("SELECT count(*) FROM lead")).scalar_one()
    finally:
        engine.dispose()

    winner, loser = (first, second) if first.returncode == 0 else (second, first)
    assert winner.returncode == 0, (first.stderr, second.stderr)
    assert loser.returncode == 1, loser.stdout
    assert loser.stdout == "" and loser.stderr.count("\n") == 1
    assert any(words in loser.stderr for words in LOST), loser.stderr
    if "delete" in winner.args:
        assert "supprimée (5 leads supprimés avec elle)" in winner.stdout
        assert (lists, leads) == ([], 0)
    else:
        assert [name for _id, name in lists] == [_new_name(winner)]
        assert leads == 5


def _new_name(done: Finished) -> str:
    command = list(done.args)
    return command[command.index("rename") + 2]


@contextmanager
def writes_held_back(engine: Engine, store: Store) -> Iterator[Callable[[list[Popen[str]]], None]]:
    """Hold the store's writes back until both processes have found the list and wait to change
    it, then let them go together."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("LOCK TABLE leadlist IN EXCLUSIVE MODE"))  # reads pass

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
        # A process reads the list right after opening the store, then waits for the lock (up
        # to the CLI's 3 s): let them go once both have the store open, and a moment more.
        _wait_for(lambda: all(_has_open(p.pid, database) for p in processes), seconds=20)
        time.sleep(0.8)
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
