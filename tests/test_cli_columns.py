"""`filon columns`: add (variables checked), list, run (--json exactly as documented; resumes
after a killed run; two processes at once write each cell once), show (with --where)."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from columns_store import seed_list
from filon_processes import Store, finish, fresh_store, start
from openai_server import FakeOpenAI, Reply, fake_openai_server
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from agent.cli import app
from agent.settings import Settings
from store.db import open_store
from store.models import AICell

ROW = {"status": "answered", "value": True, "rationale": "vu", "confidence": 0.9}


@pytest.fixture
def store(settings: Settings) -> Iterator[Engine]:
    home = Settings()
    home.ensure_home()
    engine = open_store(home.database_url)
    seed_list(engine, 6, owner="rep")
    yield engine
    engine.dispose()


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as state:
        yield state


def filon(*args: str, env: dict[str, str] | None = None) -> Any:
    base = {"FILON_LANGUAGE": "fr", "COLUMNS": "250"}
    return CliRunner().invoke(app, list(args), env={**base, **(env or {})})


def online(server: FakeOpenAI) -> dict[str, str]:
    return {"OPENAI_API_KEY": "test", "OPENAI_BASE_URL": server.base_url}


def count_cells(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(AICell)).scalar_one())


def test_add_checks_the_variables_and_the_type(store: Engine) -> None:
    bad = filon("columns", "add", "ESN Lyon", "--name", "CRM", "--prompt", "CRM de $societe ?")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("filon: Variables inconnues dans le prompt : $societe ; ")
    assert bad.stderr.count("\n") == 1
    enum = filon("columns", "add", "ESN Lyon", "--name", "CRM", "--prompt", "$company_name ?",
                 "--type", "enum")  # fmt: skip
    assert enum.exit_code == 1 and "--options a,b,c" in enum.stderr
    ok = filon("columns", "add", "ESN Lyon", "--name", "CRM", "--prompt", "CRM de $company_name ?",
               "--type", "enum", "--options", "Salesforce,HubSpot,Autre")  # fmt: skip
    assert ok.exit_code == 0, ok.stderr
    assert ok.stdout.strip() == "Colonne « CRM » ajoutée à la liste ESN Lyon."
    listed = json.loads(filon("columns", "list", "ESN Lyon", "--json").stdout)
    assert listed["columns"][0] | {"prompt": ""} == {
        "name": "CRM", "type": "enum", "options": ["Salesforce", "HubSpot", "Autre"],
        "prompt": "", "builtin": None, "created_by": "rep",
    }  # fmt: skip


def test_run_json_prints_exactly_the_summary_and_a_rerun_is_cached(
    store: Engine, server: FakeOpenAI
) -> None:
    filon("columns", "add", "ESN Lyon", "--name", "Salesforce", "--prompt",
          "$company_name utilise Salesforce ?", "--type", "boolean")  # fmt: skip
    server.replies = [Reply(text=json.dumps(ROW)) for _ in range(6)]

    first = filon("columns", "run", "ESN Lyon", "--json", "--concurrency", "3", env=online(server))

    assert first.exit_code == 0, first.stderr
    document = json.loads(first.stdout)
    assert list(document) == ["cells", "filled", "failed", "cached", "model_calls", "seconds",
                              "cells_per_second", "cost"]  # fmt: skip
    assert (document["cells"], document["filled"], document["model_calls"]) == (6, 6, 6)
    again = json.loads(filon("columns", "run", "ESN Lyon", "--json", env=online(server)).stdout)
    assert (again["cached"], again["model_calls"], again["cost"]) == (6, 0, 0)

    shown = json.loads(filon("columns", "show", "ESN Lyon", "--where", "Salesforce=oui",
                             "--json").stdout)  # fmt: skip
    assert shown["total"] == 6 and shown["leads"][0]["cells"]["Salesforce"]["value"] is True
    none = json.loads(filon("columns", "show", "ESN Lyon", "--where", "Salesforce=non",
                            "--json").stdout)  # fmt: skip
    assert none["total"] == 0


def test_offline_a_custom_column_is_refused_in_one_line(store: Engine) -> None:
    filon("columns", "add", "ESN Lyon", "--name", "Salesforce", "--prompt",
          "$company_name utilise Salesforce ?", "--type", "boolean")  # fmt: skip
    refused = filon("columns", "run", "ESN Lyon", "--column", "Salesforce")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("filon: Aucun modèle de langage n'est configuré")
    assert filon("columns", "add", "ESN Lyon", "--builtins").exit_code == 0
    run = filon("columns", "run", "ESN Lyon")
    assert run.exit_code == 0, run.stderr
    assert "non remplies : Salesforce" in run.stdout
    table = filon("columns", "show", "ESN Lyon")
    assert "Maturité d'achat" in table.stdout and "Décideur identifié" in table.stdout


def test_a_killed_run_resumes_with_only_what_is_missing(tmp_path: Path, server: FakeOpenAI) -> None:
    shared = Store(f"sqlite:///{tmp_path / 'store.db'}", tmp_path / "home")
    engine = open_store(shared.url)
    seed_list(engine, 30)
    env = {**online(server), "FILON_LLM_CONCURRENCY": "2"}
    assert finish(start(shared, "columns", "add", "ESN Lyon", "--user", "alice", "--name", "SF",
                        "--prompt", "$company_name ?", "--type", "boolean")).returncode == 0  # fmt: skip
    server.replies = [Reply(text=json.dumps(ROW), delay=0.1) for _ in range(30)]
    process = start(shared, "columns", "run", "ESN Lyon", "--user", "alice", "--json", **env)
    deadline = time.monotonic() + 30
    while len(server.requests) < 14 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    kept = count_cells(engine)
    assert 0 < kept < 30

    server.replies = [Reply(text=json.dumps(ROW)) for _ in range(30)]
    resumed = finish(
        start(shared, "columns", "run", "ESN Lyon", "--user", "alice", "--json", **env)
    )

    document = json.loads(resumed.stdout)
    assert (document["cached"], document["model_calls"]) == (kept, 30 - kept)
    assert count_cells(engine) == 30
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(request.param, tmp_path)


def test_two_runs_at_once_write_each_cell_once(shared: Store, server: FakeOpenAI) -> None:
    engine = open_store(shared.url)
    seed_list(engine, 20)
    env = {**online(server), "FILON_LLM_CONCURRENCY": "4"}
    assert finish(start(shared, "columns", "add", "ESN Lyon", "--user", "alice", "--name", "SF",
                        "--prompt", "$company_name ?", "--type", "boolean")).returncode == 0  # fmt: skip
    server.replies = [Reply(text=json.dumps(ROW), delay=0.05) for _ in range(60)]
    args = ("columns", "run", "ESN Lyon", "--user", "alice", "--json")
    first, second = start(shared, *args, **env), start(shared, *args, **env)
    finished = [finish(p) for p in (first, second)]
    assert [done.returncode for done in finished] == [0, 0], [done.stderr for done in finished]
    documents = [json.loads(done.stdout) for done in finished]

    assert sum(d["filled"] for d in documents) == 20  # each cell written by one run only
    assert all(d["filled"] + d["cached"] == 20 for d in documents)
    assert count_cells(engine) == 20
    engine.dispose()
