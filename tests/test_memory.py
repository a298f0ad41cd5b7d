"""Conversation memory survives a restart: two `filon ask` processes share a thread."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _POSTGRES, _POSTGRES_REQUIRED, postgres_engine
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from sqlalchemy.engine import Engine

from agent.memory import libpq_conninfo, open_checkpointer
from agent.settings import Settings
from store.db import open_store
from store.demo.seed import seed_demo

FILON = Path(sys.executable).with_name("filon")
FIRST = "trouve des entreprises informatiques à Lyon"
SECOND = "détaille la deuxième"


def filon_ask(home: Path, database_url: str, *args: str) -> dict[str, object]:
    environment = {
        **os.environ,
        "FILON_HOME": str(home),
        "FILON_DATABASE_URL": database_url,
        "FILON_COMPANY_SOURCE": "local",
    }
    done = subprocess.run(
        [str(FILON), "ask", *args, "--json"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def conversation_resumes(home: Path, database_url: str) -> None:
    first = filon_ask(home, database_url, FIRST, "--thread", "t-42")
    assert [call["name"] for call in first["tool_calls"]] == ["search_companies"]
    second = filon_ask(home, database_url, SECOND, "--thread", "t-42")
    # "la deuxième" resolves against the first process's results: the model fetches that
    # company's SIREN, which it could only know from the remembered conversation.
    searched = first["answer"]
    calls = second["tool_calls"]
    assert [call["name"] for call in calls] == ["get_company"], second
    assert str(calls[0]["args"]["siren"]) in searched
    assert second["thread_id"] == "t-42"

    fresh = filon_ask(home, database_url, SECOND, "--thread", "another")
    assert fresh["tool_calls"] == []


@pytest.fixture
def seeded_sqlite(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = open_store(url)
    seed_demo(engine, companies=2000)
    engine.dispose()
    yield url


def test_conversation_resumes_in_a_new_process_sqlite(tmp_path: Path, seeded_sqlite: str) -> None:
    conversation_resumes(tmp_path / "home", seeded_sqlite)
    assert (tmp_path / "home" / "memory.db").exists()


@pytest.fixture
def postgres_store() -> Iterator[Engine]:
    if _POSTGRES is None:
        if _POSTGRES_REQUIRED:
            pytest.fail("FILON_TEST_POSTGRES_URL is set but the server does not answer")
        pytest.skip("no PostgreSQL reachable (set FILON_TEST_POSTGRES_URL)")
    yield from postgres_engine(_POSTGRES)


@pytest.mark.postgres
def test_conversation_resumes_in_a_new_process_postgres(
    tmp_path: Path, postgres_store: Engine
) -> None:
    seed_demo(postgres_store, companies=2000)
    url = postgres_store.url.render_as_string(hide_password=False)
    conversation_resumes(tmp_path / "home", url)
    assert not (tmp_path / "home" / "memory.db").exists()
    with postgres_store.connect() as connection:
        threads = connection.exec_driver_sql(
            "SELECT DISTINCT thread_id FROM checkpoints ORDER BY thread_id"
        ).scalars()
        assert list(threads) == ["another", "t-42"]


def test_libpq_conninfo_keeps_the_search_path() -> None:
    url = "postgresql+psycopg://filon:s%40cret@db.example:5433/crm?options=-csearch_path%3Dteam,public"
    assert libpq_conninfo(url) == (
        "postgresql://filon:s%40cret@db.example:5433/crm?options=-csearch_path%3Dteam%2Cpublic"
    )


async def test_sqlite_checkpointer_lives_in_filon_home(settings: Settings) -> None:
    async with open_checkpointer(settings) as saver:
        assert isinstance(saver, AsyncSqliteSaver)
    assert (settings.home / "memory.db").exists()
