"""The real ChatOpenAI path for CRM sync, against the local OpenAI-compatible server: the model
asks for `push_to_crm`, the rep's SQLs land in the CSV target, and the model reads back what was
created; a push the tool refuses comes back to the model as an error it can explain."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openai_server import FakeOpenAI, Reply, fake_openai_server
from test_llm_openai import llm_settings

from agent.chat import ToolFinished, open_chat_session
from agent.runtime import open_runtime
from store.db import open_store
from store.demo.seed import seed_demo


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as state:
        yield state


def csv_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


async def test_the_model_pushes_the_reps_sqls_to_the_csv_target(
    tmp_path: Path, server: FakeOpenAI
) -> None:
    settings = llm_settings(tmp_path, server)
    engine = open_store(settings.database_url)
    seed_demo(engine, companies=300)
    with engine.connect() as connection:
        owner, count = connection.exec_driver_sql(
            "SELECT owner, count(*) FROM lead WHERE stage = 'sql' AND owner IS NOT NULL "
            "GROUP BY owner ORDER BY count(*) DESC, owner LIMIT 1"
        ).one()
    server.replies = [
        Reply(tool_calls=[("push_to_crm", {})]),
        Reply(text="C'est envoyé dans le fichier CSV."),
        Reply(tool_calls=[("push_to_crm", {"crm": "hubspot"})]),
        Reply(text="HubSpot n'est pas configuré : il faut HUBSPOT_TOKEN."),
    ]
    async with (
        open_runtime(settings, engine=engine) as runtime,
        open_chat_session(runtime, user=owner) as session,
    ):
        events = [e async for e in session.stream("pousse mes SQL dans le CRM", thread_id="c")]
        refused = [e async for e in session.stream("et dans HubSpot ?", thread_id="c")]
    engine.dispose()

    (finished,) = [e for e in events if isinstance(e, ToolFinished)]
    assert (finished.name, finished.status) == ("push_to_crm", "success")
    assert finished.artifact["kind"] == "crm_push"
    assert finished.artifact["queued"] == count and finished.artifact["sent"] == count
    rows = csv_rows(settings.crm_csv_path)
    assert len(rows) == count and len({row["Clé Filon"] for row in rows}) == count

    first, second, _third, fourth = server.requests
    assert "push_to_crm" in {tool["function"]["name"] for tool in first["tools"]}
    assert "crm_sync_status" in {tool["function"]["name"] for tool in first["tools"]}
    result = second["messages"][-1]["content"]
    assert f"Queued {count} leads (sql leads) for csv" in result
    assert f"created {count}, updated 0" in result
    (no_keys,) = [e for e in refused if isinstance(e, ToolFinished)]
    assert no_keys.status == "error"
    error = fourth["messages"][-1]["content"]
    assert "hubspot is not configured" not in error  # the vendor as people name it
    assert "HubSpot is not configured: its keys are missing (HUBSPOT_TOKEN)" in error


async def test_a_company_named_to_the_model_is_pushed_alone_or_refused_with_its_stage(
    tmp_path: Path, server: FakeOpenAI
) -> None:
    settings = llm_settings(tmp_path, server)
    engine = open_store(settings.database_url)
    seed_demo(engine, companies=300)
    with engine.connect() as connection:
        owner, name = connection.exec_driver_sql(
            "SELECT l.owner, c.name FROM lead l JOIN company c ON c.siren = l.company_siren "
            "WHERE l.stage = 'lost' AND l.owner IS NOT NULL AND (SELECT count(*) FROM company o "
            "WHERE o.name = c.name) = 1 ORDER BY c.siren LIMIT 1"
        ).one()
    server.replies = [
        Reply(tool_calls=[("push_to_crm", {"company": name, "crm": "pipedrive"})]),
        Reply(text="Ce lead est perdu : rien n'a été envoyé."),
    ]
    async with (
        open_runtime(settings, engine=engine) as runtime,
        open_chat_session(runtime, user=owner) as session,
    ):
        events = [e async for e in session.stream(f"envoie {name} dans Pipedrive", thread_id="n")]
    with engine.connect() as connection:
        (queued,) = connection.exec_driver_sql("SELECT count(*) FROM crmsync").one()
    engine.dispose()

    first, second = server.requests
    (tool,) = [t["function"] for t in first["tools"] if t["function"]["name"] == "push_to_crm"]
    assert "Tecide Cloud" in tool["parameters"]["properties"]["company"]["description"]
    assert "leaving both out sends every SQL of the user" in " ".join(tool["description"].split())
    (refused,) = [e for e in events if isinstance(e, ToolFinished)]
    assert refused.status == "error" and queued == 0
    error = second["messages"][-1]["content"]
    assert f"not qualified: '{name} (" in error and "stage lost" in error
    assert "Pipedrive is not configured" not in error  # the lead is said first
