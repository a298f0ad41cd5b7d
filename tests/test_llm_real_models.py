"""What real models do, against the local OpenAI-compatible server: malformed tool-call
arguments, unknown tool names, several calls in one message, a stream cut off midway, a 429
that passes on retry. Each turn ends with an answer; none ends in a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openai_server import FakeOpenAI, Reply, fake_openai_server
from test_llm_openai import llm_settings

from agent.chat import open_chat_session
from agent.runtime import open_runtime
from agent.settings import Settings
from store.db import open_store
from store.demo.seed import seed_demo


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as state:
        yield state


@pytest.fixture
def settings(tmp_path: Path, server: FakeOpenAI) -> Settings:
    settings = llm_settings(tmp_path, server, FILON_LLM_TIMEOUT=5)
    settings.ensure_home()
    engine = open_store(settings.database_url)
    seed_demo(engine, companies=300)
    engine.dispose()
    return settings


async def _ask(settings: Settings, text: str):  # type: ignore[no-untyped-def]
    async with open_runtime(settings) as runtime, open_chat_session(runtime) as session:
        return await session.ask(text, thread_id="t")


def _tool_messages(request: dict[str, object]) -> list[dict[str, object]]:
    return [m for m in request["messages"] if m["role"] == "tool"]  # type: ignore[index,union-attr]


async def test_malformed_arguments_go_back_to_the_model_which_fixes_them(
    settings: Settings, server: FakeOpenAI
) -> None:
    server.replies = [
        Reply(tool_calls=[("search_companies", '{"cities": [LYON], "naf_codes": ["62"]}')]),
        Reply(tool_calls=[("search_companies", {"cities": ["LYON"], "naf_codes": ["62"]})]),
        Reply(text="Voici les ESN lyonnaises."),
    ]
    result = await _ask(settings, "ESN à Lyon")
    assert result.answer == "Voici les ESN lyonnaises."
    (repair,) = _tool_messages(server.requests[1])
    assert "not valid JSON" in str(repair["content"])
    assert [call["name"] for call in result.tool_calls] == ["search_companies"]


async def test_an_unknown_tool_is_an_error_the_model_reads(
    settings: Settings, server: FakeOpenAI
) -> None:
    server.replies = [
        Reply(tool_calls=[("send_fax", {"to": "ACME"})]),
        Reply(text="Je ne peux pas envoyer de fax."),
    ]
    result = await _ask(settings, "faxe ACME")
    assert result.answer == "Je ne peux pas envoyer de fax."
    (error,) = _tool_messages(server.requests[1])
    assert "send_fax" in str(error["content"]) and "search_companies" in str(error["content"])


async def test_several_tool_calls_in_one_message_all_run(
    settings: Settings, server: FakeOpenAI
) -> None:
    server.replies = [
        Reply(
            tool_calls=[
                ("search_companies", {"cities": ["LYON"], "limit": 3}),
                ("pipeline_summary", {"period": "month"}),
            ]
        ),
        Reply(text="Les deux résultats sont là."),
    ]
    result = await _ask(settings, "ESN à Lyon et le pipeline du mois")
    assert [result.name for result in result.tool_results] == [
        "search_companies",
        "pipeline_summary",
    ]
    assert all(tool.status == "success" for tool in result.tool_results)
    assert len(_tool_messages(server.requests[1])) == 2


async def test_a_stream_cut_off_midway_becomes_a_plain_answer(
    settings: Settings, server: FakeOpenAI
) -> None:
    server.replies = [Reply(text="Voici une réponse qui ne finira jamais " * 5, cut_after=4)]
    result = await _ask(settings, "bonjour")
    assert result.answer.startswith("Le modèle de langage")
    assert "OPENAI_BASE_URL" in result.answer


async def test_a_rate_limit_passes_on_retry(tmp_path: Path, server: FakeOpenAI) -> None:
    settings = llm_settings(tmp_path, server, FILON_LLM_MAX_RETRIES=2)
    server.replies = [Reply(status=429, retry_after="0"), Reply(text="Bonjour !")]
    result = await _ask(settings, "bonjour")
    assert result.answer == "Bonjour !"
    assert len(server.requests) == 2


async def test_a_follow_up_reaches_the_model_with_the_last_query_and_page(
    settings: Settings, server: FakeOpenAI
) -> None:
    server.replies = [
        Reply(tool_calls=[("search_companies", {"naf_codes": ["62"], "cities": ["LYON"]})]),
        Reply(text="Voici les ESN lyonnaises."),
        Reply(tool_calls=[("search_companies", {"naf_codes": ["62"], "cities": ["NANTES"]})]),
        Reply(text="Et voici celles de Nantes."),
    ]
    async with open_runtime(settings) as runtime, open_chat_session(runtime) as session:
        await session.ask("ESN à Lyon", thread_id="refine")
        second = await session.ask("et à Nantes ?", thread_id="refine")
    assert second.answer == "Et voici celles de Nantes."
    follow_up = server.requests[2]
    system = follow_up["messages"][0]["content"]
    assert "modifie la dernière recherche" in system
    (earlier,) = _tool_messages(follow_up)
    assert 'Query: {"naf_codes": ["62"], "cities": ["LYON"], "limit": 10}' in str(
        earlier["content"]
    )
    assert follow_up["messages"][-1] == {"role": "user", "content": "et à Nantes ?"}
