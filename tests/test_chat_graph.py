"""The chat graph with a scripted model and tiny tools: tool loop, tool errors, step limit,
LLM failures, streaming events, memory within a thread."""

from __future__ import annotations

from typing import Any

import httpx
import openai
import pytest
from chat_fakes import ScriptedChatModel, tool_call
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import ToolException, tool
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel

from agent.chat import AnswerToken, ToolFinished, ToolStarted, TurnFinished
from agent.chat.session import open_chat_session
from agent.context import FilonContext
from agent.graphs.chat import MAX_MODEL_CALLS, build_chat_graph
from agent.i18n import t
from agent.runtime import open_runtime
from agent.search.local import LocalSource


class Found(BaseModel):
    sirens: list[str]


class SearchArgs(BaseModel):
    text: str


@tool(args_schema=SearchArgs, response_format="content_and_artifact")
async def search_companies(runtime: ToolRuntime[FilonContext], text: str) -> tuple[str, Found]:
    """Search companies by free text."""
    assert isinstance(runtime.context, FilonContext)
    if text == "nowhere":
        raise ToolException("unknown place 'nowhere': give a French city or department")
    return f"2 companies for {text}: ACME (552100554), BETA (732829320)", Found(
        sirens=["552100554", "732829320"]
    )


@tool
async def get_company(siren: str) -> str:
    """One company by SIREN."""
    if siren == "boom":
        raise RuntimeError("a bug in the tool")
    return f"company {siren}"


TOOLS = [search_companies, get_company]


@pytest.fixture
def context(settings, sqlite_engine) -> FilonContext:
    return FilonContext(
        settings=settings, engine=sqlite_engine, companies=LocalSource(sqlite_engine)
    )


async def run(graph, context: FilonContext, text: str, thread: str = "t") -> list[Any]:
    state = await graph.ainvoke(
        {"messages": [HumanMessage(text)]},
        {"configurable": {"thread_id": thread}},
        context=context,
    )
    return state["messages"]


async def test_tool_call_then_answer(context: FilonContext) -> None:
    model = ScriptedChatModel(
        script=[
            tool_call("search_companies", {"text": "ESN Lyon"}),
            AIMessage("ACME et BETA correspondent."),
        ]
    )
    graph = build_chat_graph(model, TOOLS, checkpointer=InMemorySaver())
    messages = await run(graph, context, "trouve des ESN à Lyon")

    assert [type(m).__name__ for m in messages] == [
        "HumanMessage", "AIMessage", "ToolMessage", "AIMessage"
    ]  # fmt: skip
    tool_message = messages[2]
    assert tool_message.status == "success"
    assert tool_message.artifact == Found(sirens=["552100554", "732829320"])
    assert tool_message.response_metadata["duration_ms"] >= 0
    assert messages[-1].text == "ACME et BETA correspondent."
    assert model.bound_tools == ["search_companies", "get_company"]
    # The system prompt is rendered for the model but never stored in the conversation.
    system = model.calls[0][0]
    assert isinstance(system, SystemMessage)
    assert "search_companies : Search companies by free text." in system.text
    assert context.today.isoformat() in system.text
    assert not any(isinstance(m, SystemMessage) for m in messages)


async def test_tool_error_goes_back_to_the_model(context: FilonContext) -> None:
    def retry_with_a_city(messages: list[Any]) -> AIMessage:
        error = messages[-1]
        assert isinstance(error, ToolMessage) and error.status == "error"
        assert "unknown place 'nowhere'" in error.text
        return tool_call("search_companies", {"text": "Lyon"}, "call_2")

    model = ScriptedChatModel(
        script=[
            tool_call("search_companies", {"text": "nowhere"}),
            retry_with_a_city,
            AIMessage("Voici les entreprises de Lyon."),
        ]
    )
    graph = build_chat_graph(model, TOOLS, checkpointer=InMemorySaver())
    messages = await run(graph, context, "ESN à nowhere")

    statuses = [m.status for m in messages if isinstance(m, ToolMessage)]
    assert statuses == ["error", "success"]
    assert messages[-1].text == "Voici les entreprises de Lyon."


async def test_bad_arguments_go_back_to_the_model(context: FilonContext) -> None:
    model = ScriptedChatModel(
        script=[
            tool_call("search_companies", {"query": "Lyon"}),
            lambda messages: AIMessage(f"seen: {messages[-1].status}"),
        ]
    )
    graph = build_chat_graph(model, TOOLS, checkpointer=InMemorySaver())
    messages = await run(graph, context, "ESN à Lyon")

    error = messages[2]
    assert error.status == "error" and "text" in error.text
    assert messages[-1].text == "seen: error"


async def test_a_bug_in_a_tool_is_not_hidden_from_the_developer(context: FilonContext) -> None:
    model = ScriptedChatModel(script=[tool_call("get_company", {"siren": "boom"})])
    graph = build_chat_graph(model, TOOLS, checkpointer=InMemorySaver())
    with pytest.raises(RuntimeError, match="a bug in the tool"):
        await run(graph, context, "détail de boom")


async def test_step_limit_ends_the_turn(context: FilonContext) -> None:
    model = ScriptedChatModel(
        script=[tool_call("get_company", {"siren": str(i)}, f"c{i}") for i in range(20)]
    )
    graph = build_chat_graph(model, TOOLS, checkpointer=InMemorySaver())
    messages = await run(graph, context, "détaille tout")

    assert len(model.calls) == MAX_MODEL_CALLS
    assert messages[-1].text == t("offline.too_many_steps", "fr")
    assert not messages[-1].tool_calls

    # The next turn starts with a fresh budget.
    model.script[:] = [AIMessage("D'accord.")]
    messages = await run(graph, context, "merci")
    assert messages[-1].text == "D'accord."


def _request() -> httpx.Request:
    return httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")


def _status_error(cls: type[openai.APIStatusError], status: int) -> openai.APIStatusError:
    response = httpx.Response(status, request=_request(), json={"error": {"message": "no"}})
    return cls("no", response=response, body=None)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (openai.APIConnectionError(request=_request()), "injoignable"),
        (openai.APITimeoutError(request=_request()), "ne répond pas (délai dépassé)"),
        (_status_error(openai.AuthenticationError, 401), "refuse la clé d'API (HTTP 401)"),
        (_status_error(openai.PermissionDeniedError, 403), "refuse la clé d'API (HTTP 403)"),
        (_status_error(openai.RateLimitError, 429), "limite les requêtes"),
        (_status_error(openai.InternalServerError, 500), "renvoyé une erreur (HTTP 500)"),
        (_status_error(openai.NotFoundError, 404), "FILON_MODEL"),
        (httpx.ConnectError("refused", request=_request()), "injoignable"),
        (httpx.ReadTimeout("slow", request=_request()), "délai dépassé"),
    ],
)
async def test_llm_failure_becomes_an_answer(
    context: FilonContext, error: Exception, expected: str
) -> None:
    graph = build_chat_graph(ScriptedChatModel(script=[error]), TOOLS)
    messages = await run(graph, context, "trouve des ESN à Lyon")
    assert expected in messages[-1].text
    assert isinstance(messages[-1], AIMessage) and not messages[-1].tool_calls


async def test_llm_failure_answers_in_english_to_english(context: FilonContext) -> None:
    error = openai.APIConnectionError(request=_request())
    graph = build_chat_graph(ScriptedChatModel(script=[error]), TOOLS)
    messages = await run(graph, context, "find IT services companies in Lyon")
    assert messages[-1].text.startswith("The language model cannot be reached")
    assert "OPENAI_BASE_URL" in messages[-1].text


async def test_other_model_errors_propagate(context: FilonContext) -> None:
    graph = build_chat_graph(ScriptedChatModel(script=[ValueError("bug")]), TOOLS)
    with pytest.raises(ValueError, match="bug"):
        await run(graph, context, "bonjour")


async def test_session_streams_tokens_and_tool_events(settings) -> None:
    model = ScriptedChatModel(
        script=[
            tool_call("search_companies", {"text": "ESN Lyon"}),
            AIMessage("ACME et BETA correspondent à votre recherche."),
            lambda messages: AIMessage(f"{len(messages)} messages vus"),
        ]
    )
    async with (
        open_runtime(settings) as runtime,
        open_chat_session(runtime, model=model, tools=TOOLS) as session,
    ):
        events = [e async for e in session.stream("trouve des ESN à Lyon", thread_id="t1")]
        second = await session.ask("et la deuxième ?", thread_id="t1")

    tokens = [e.text for e in events if isinstance(e, AnswerToken)]
    assert len(tokens) > 3 and "".join(tokens) == "ACME et BETA correspondent à votre recherche."
    kinds = [type(e).__name__ for e in events if not isinstance(e, AnswerToken)]
    assert kinds == ["ToolStarted", "ToolFinished", "TurnFinished"]
    started = next(e for e in events if isinstance(e, ToolStarted))
    assert (started.name, started.args) == ("search_companies", {"text": "ESN Lyon"})
    done = next(e for e in events if isinstance(e, ToolFinished))
    assert done.status == "success" and done.duration_ms is not None
    assert done.artifact == Found(sirens=["552100554", "732829320"])
    result = events[-1].result
    assert isinstance(events[-1], TurnFinished)
    assert result.answer == "ACME et BETA correspondent à votre recherche."
    assert result.tool_calls == [{"name": "search_companies", "args": {"text": "ESN Lyon"}}]
    assert result.artifacts == [done.artifact]
    assert result.as_json()["model"] == "scripted"
    # Same thread: the second turn sees the first (system + 4 earlier messages + the new one).
    assert second.answer == "6 messages vus"
    assert second.tool_calls == []


async def test_a_turn_cut_short_does_not_break_the_thread(context: FilonContext) -> None:
    model = ScriptedChatModel(
        script=[
            tool_call("get_company", {"siren": "boom"}, "c-boom"),
            lambda messages: AIMessage(f"{messages[-2].status}: {messages[-2].text}"),
        ]
    )
    graph = build_chat_graph(model, TOOLS, checkpointer=InMemorySaver())
    with pytest.raises(RuntimeError):
        await run(graph, context, "détail de boom")

    messages = await run(graph, context, "et maintenant ?")
    assert messages[-1].text == "error: Error: this tool call did not complete."
    # The saved conversation itself is left as it was.
    assert not any(isinstance(m, ToolMessage) for m in messages)


def test_the_model_sees_a_bounded_history_cut_at_a_turn() -> None:
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

    from agent.graphs.chat import recent_history

    thread = []
    for turn in range(30):
        thread += [
            HumanMessage(f"question {turn}"),
            AIMessage("", tool_calls=[{"name": "t", "args": {}, "id": f"c{turn}"}]),
            ToolMessage("result", tool_call_id=f"c{turn}"),
            AIMessage(f"answer {turn}"),
        ]
    history = recent_history(thread, limit=10)
    assert isinstance(history[0], HumanMessage) and len(history) <= 10
    assert history[-1].text == "answer 29"
    assert recent_history(thread[:8], limit=10) == thread[:8]
    one_long_turn = [HumanMessage("q"), *[AIMessage(str(i)) for i in range(20)]]
    assert recent_history(one_long_turn, limit=5) == one_long_turn
