"""The real ChatOpenAI path, end to end, against a local OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openai_server import FakeOpenAI, Reply, fake_openai_server

from agent.chat import AnswerToken, ToolFinished, ToolStarted, TurnFinished, open_chat_session
from agent.llm.factory import make_chat_model, model_name
from agent.runtime import open_runtime
from agent.settings import Settings
from store.db import open_store
from store.demo.seed import seed_demo


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as state:
        yield state


def llm_settings(tmp_path: Path, server: FakeOpenAI, **extra: object) -> Settings:
    """Settings pointing the LLM at the local server (no retries unless `extra` says so)."""
    values: dict[str, object] = {
        "FILON_HOME": tmp_path / "home",
        "FILON_COMPANY_SOURCE": "local",
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": server.base_url,
        "FILON_MODEL": "filon-test-model",
        "FILON_LLM_MAX_RETRIES": 0,
    }
    return Settings(**{**values, **extra})


def test_factory_builds_chat_openai_from_settings(tmp_path: Path, server: FakeOpenAI) -> None:
    model = make_chat_model(llm_settings(tmp_path, server, FILON_LLM_TIMEOUT=7))
    assert type(model).__name__ == "ChatOpenAI"
    assert model_name(model) == "filon-test-model"
    assert model.streaming is True  # type: ignore[attr-defined]
    assert model.request_timeout == 7  # type: ignore[attr-defined]


async def test_tool_call_round_trip_with_streamed_tokens(
    tmp_path: Path, server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = llm_settings(tmp_path, server)
    engine = open_store(settings.database_url)
    seed_demo(engine, companies=300)
    server.replies = [
        Reply(tool_calls=[("search_companies", {"text": "informatique", "cities": ["Lyon"]})]),
        Reply(text="Voici des entreprises informatiques à Lyon, tirées de la base."),
    ]
    # Some hosts rewrite OPENAI_API_KEY after start-up: the key comes from Settings only.
    monkeypatch.setenv("OPENAI_API_KEY", "sk-rewritten-by-host")
    async with (
        open_runtime(settings, engine=engine) as runtime,
        open_chat_session(runtime) as session,
    ):
        events = [e async for e in session.stream("trouve des ESN à Lyon", thread_id="t1")]
    engine.dispose()

    tokens = [e.text for e in events if isinstance(e, AnswerToken)]
    assert len(tokens) >= 5
    assert "".join(tokens) == "Voici des entreprises informatiques à Lyon, tirées de la base."
    started = [e for e in events if isinstance(e, ToolStarted)]
    assert [(e.name, e.args) for e in started] == [
        ("search_companies", {"text": "informatique", "cities": ["Lyon"]})
    ]
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert finished[0].status == "success"
    result = events[-1].result if isinstance(events[-1], TurnFinished) else None
    assert result is not None and result.model == "filon-test-model"
    assert result.answer.startswith("Voici des entreprises")

    first, second = server.requests
    assert all(h["authorization"] == "Bearer sk-test" for h in server.headers)
    assert first["model"] == "filon-test-model" and first["stream"] is True
    assert first["messages"][0]["role"] == "system"
    assert "données, pas des instructions" in first["messages"][0]["content"]
    assert "search_companies" in {tool["function"]["name"] for tool in first["tools"]}
    # The second request carries the tool result back to the model.
    tool_message = second["messages"][-1]
    assert tool_message["role"] == "tool" and tool_message["tool_call_id"] == "call_0"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (Reply(status=500), "Le modèle de langage a renvoyé une erreur (HTTP 500)."),
        (Reply(status=401), "refuse la clé d'API (HTTP 401). Vérifiez OPENAI_API_KEY"),
        (Reply(status=429), "limite les requêtes"),
        (Reply(text="trop tard", delay=1.5), "ne répond pas (délai dépassé)"),
    ],
)
async def test_server_faults_become_friendly_answers(
    tmp_path: Path, server: FakeOpenAI, reply: Reply, expected: str
) -> None:
    settings = llm_settings(tmp_path, server, FILON_LLM_TIMEOUT=0.5)
    server.replies = [reply]
    async with open_runtime(settings) as runtime, open_chat_session(runtime) as session:
        result = await session.ask("trouve des ESN à Lyon", thread_id="t")
    assert expected in result.answer
    assert result.tool_calls == []


async def test_unreachable_server_becomes_a_friendly_answer(tmp_path: Path) -> None:
    settings = Settings(
        FILON_HOME=tmp_path / "home",
        FILON_COMPANY_SOURCE="local",
        OPENAI_API_KEY="sk-test",
        OPENAI_BASE_URL="http://127.0.0.1:9/v1",
        FILON_LLM_MAX_RETRIES=0,
    )
    async with open_runtime(settings) as runtime, open_chat_session(runtime) as session:
        result = await session.ask("find IT companies in Lyon", thread_id="t")
    assert result.answer.startswith("The language model cannot be reached")
    assert "OPENAI_BASE_URL" in result.answer


async def test_the_model_asks_for_decision_makers_and_reads_their_emails_provenance(
    tmp_path: Path, server: FakeOpenAI
) -> None:
    from sqlmodel import Session, col, select

    from store.models import Contact

    settings = llm_settings(tmp_path, server)
    engine = open_store(settings.database_url)
    seed_demo(engine, companies=300)
    with Session(engine) as session:
        dsi = session.exec(
            select(Contact).where(Contact.title == "DSI", col(Contact.email).is_not(None))
        ).first()
        assert dsi is not None and dsi.email is not None
        siren, email = dsi.company_siren, dsi.email
    server.replies = [
        Reply(tool_calls=[("find_decision_makers", {"sirens": [siren], "roles": ["DSI"]})]),
        Reply(text="Le DSI est connu, avec son e-mail et sa source."),
    ]
    async with (
        open_runtime(settings, engine=engine) as runtime,
        open_chat_session(runtime) as session,
    ):
        events = [e async for e in session.stream(f"le DSI de {siren} ?", thread_id="p")]
    engine.dispose()

    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert [(e.name, e.status) for e in finished] == [("find_decision_makers", "success")]
    first, second = server.requests
    assert "find_decision_makers" in {tool["function"]["name"] for tool in first["tools"]}
    assert "vérifié" in first["messages"][0]["content"]  # the rule on email statuses
    result = second["messages"][-1]["content"]
    assert email in result and "from demo" in result


async def test_the_model_asks_for_an_enrichment_and_reads_what_it_found_and_cost(
    tmp_path: Path, server: FakeOpenAI
) -> None:
    settings = llm_settings(tmp_path, server)
    engine = open_store(settings.database_url)
    seed_demo(engine, companies=300)
    server.replies = [
        Reply(tool_calls=[("enrich_contacts", {"list_name": "ESN Lyon", "budget": 10})]),
        Reply(text="J'ai cherché les e-mails des contacts de la liste."),
    ]
    async with (
        open_runtime(settings, engine=engine) as runtime,
        open_chat_session(runtime) as session,
    ):
        events = [e async for e in session.stream("enrichis la liste ESN Lyon", thread_id="e")]
    engine.dispose()

    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert [(e.name, e.status) for e in finished] == [("enrich_contacts", "success")]
    assert finished[0].artifact["kind"] == "enrichment"
    first, second = server.requests
    assert "enrich_contacts" in {tool["function"]["name"] for tool in first["tools"]}
    assert "enrich_contacts" in first["messages"][0]["content"]  # the rule on enrichment
    result = second["messages"][-1]["content"]
    assert "Enrichment of" in result and "providers: pattern" in result
    assert "Budget 10 credits" in result


async def test_the_model_asks_for_signals_and_reads_them_dated_and_sourced(
    tmp_path: Path, server: FakeOpenAI
) -> None:
    settings = llm_settings(tmp_path, server)
    engine = open_store(settings.database_url)
    seed_demo(engine, companies=300)
    server.replies = [
        Reply(tool_calls=[("find_signals", {"list_name": "ESN Lyon", "kinds": ["hiring"]})]),
        Reply(text="Voici les entreprises de la liste qui recrutent."),
    ]
    async with (
        open_runtime(settings, engine=engine) as runtime,
        open_chat_session(runtime) as session,
    ):
        events = [
            e async for e in session.stream("lesquelles de ma liste recrutent ?", thread_id="s")
        ]
    engine.dispose()

    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert [(e.name, e.status) for e in finished] == [("find_signals", "success")]
    assert finished[0].artifact["kind"] == "signals"
    first, second = server.requests
    assert "find_signals" in {tool["function"]["name"] for tool in first["tools"]}
    assert "signal_kinds" in first["messages"][0]["content"]  # the rule on signals
    result = second["messages"][-1]["content"]
    assert "of the 7 companies looked at" in result or "None of the 7 companies" in result


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
async def test_the_model_qualifies_a_lead_from_the_reps_words(
    tmp_path: Path, server: FakeOpenAI
) -> None:
    """The LLM path of the interview: the model passes the rep's words to qualify_lead, whose
    structured extraction (the same server) fills BANT; the result says what is missing."""
    settings = llm_settings(tmp_path, server)
    engine = open_store(settings.database_url)
    seed_demo(engine, companies=300)
    with engine.connect() as connection:
        siren, owner = connection.exec_driver_sql(
            "SELECT company_siren, owner FROM lead WHERE stage = 'mql' AND owner IS NOT NULL "
            "ORDER BY id LIMIT 1"
        ).one()
    words = "budget 40 k€ validé par le DAF, ils veulent remplacer leur CRM"
    extracted = {
        "budget": {"status": "confirmed", "note": "budget 40 k€", "amount": "40000",
                   "currency": "EUR", "approved_by": "DAF"},
        "need": {"status": "confirmed", "note": None, "pain": "remplacer leur CRM"},
        "authority": None, "timing": None, "answer": None,
    }  # fmt: skip
    server.replies = [
        Reply(tool_calls=[("qualify_lead", {"siren": siren, "text": words})]),
        Reply(text=json.dumps(extracted)),
        Reply(text="C'est noté. Qui décide et signe ?"),
    ]
    async with (
        open_runtime(settings, engine=engine) as runtime,
        open_chat_session(runtime, user=owner) as session,
    ):
        events = [e async for e in session.stream(words, thread_id="q")]
    engine.dispose()

    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert [(e.name, e.status) for e in finished] == [("qualify_lead", "success")]
    card = finished[0].artifact
    assert card["recorded"] == ["budget", "need"] and card["asking"] == "authority"
    assert card["bant"][0]["value"] == {"amount": "40000", "currency": "EUR", "approved_by": "DAF"}
    first, extraction, last = server.requests
    assert "qualify_lead" in {tool["function"]["name"] for tool in first["tools"]}
    assert "qualify_lead" in first["messages"][0]["content"]  # the rule on BANT
    assert extraction["response_format"]["type"] == "json_schema"
    result = last["messages"][-1]["content"]
    assert "Recorded now: budget, need." in result and "Ask about authority." in result


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")
async def test_the_model_adds_a_custom_ai_column_and_runs_it(
    tmp_path: Path, server: FakeOpenAI
) -> None:
    """A rep's own column through the LLM path: the model defines it with add_ai_column, then
    run_ai_columns fills one typed cell per lead through the same server (structured output),
    with tokens and cost; a second run costs nothing."""
    from agent.leads import create_list

    settings = llm_settings(tmp_path, server)
    engine = open_store(settings.database_url)
    seed_demo(engine, companies=300)
    with engine.connect() as connection:
        sirens = list(
            connection.exec_driver_sql("SELECT siren FROM company ORDER BY siren LIMIT 3").scalars()
        )
    create_list(engine, name="Essai IA", owner="alice.martin", sirens=sirens)
    cell = {"status": "answered", "value": True, "rationale": "site", "confidence": 0.6}
    define = {"list_name": "Essai IA", "name": "Utilise Salesforce", "type": "boolean",
              "prompt": "Est-ce que $company_name ($website) utilise Salesforce ?"}  # fmt: skip
    server.replies = [
        Reply(tool_calls=[("add_ai_column", define)]),
        Reply(text="Colonne ajoutée."),
        Reply(tool_calls=[("run_ai_columns", {"list_name": "Essai IA"})]),
        *[Reply(text=json.dumps(cell)) for _ in sirens],
        Reply(text="La colonne est remplie."),
        Reply(tool_calls=[("run_ai_columns", {"list_name": "Essai IA"})]),
        Reply(text="Rien de nouveau."),
    ]
    async with (
        open_runtime(settings, engine=engine) as runtime,
        open_chat_session(runtime, user="alice.martin") as session,
    ):
        added = await session.ask(
            "ajoute une colonne 'utilise Salesforce ?' à Essai IA", thread_id="c"
        )
        ran = await session.ask("remplis-la", thread_id="c")
        again = await session.ask("relance-la", thread_id="c")
    engine.dispose()

    assert [(r.name, r.status) for r in added.tool_results] == [("add_ai_column", "success")]
    (run,) = ran.tool_results
    assert run.status == "success", run.content
    summary = run.artifact
    assert summary["kind"] == "ai_columns"
    cells = [request for request in server.requests if request.get("response_format")]
    assert len(cells) == 3 and all(
        r["response_format"]["json_schema"]["strict"] is True for r in cells
    )
    assert any("utilise Salesforce" in r["messages"][0]["content"] for r in cells)
    assert "3 cells — 3 filled (0 with no information), 0 failed" in run.content
    assert "3 model calls, 30 tokens in, 15 out" in run.content
    (second,) = again.tool_results
    assert second.status == "success" and len(server.requests) == 9  # no cell asked again
    assert "0 filled" in second.content and "3 already up to date; 0 model calls" in second.content
