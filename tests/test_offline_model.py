"""OfflineChatModel as a LangChain chat model: bound tools, call ids, language, streaming,
and a LangGraph tool loop."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.tools import tool
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode
from offline_fixtures import (
    PIPELINE,
    SIRENS,
    TOOLS,
    ask,
    companies_artifact,
    earlier_search,
    model,
    search_companies,
)

from agent.llm.language import detect_language


def test_only_bound_tools_are_called() -> None:
    message = ask("montre les leads de la liste ESN Lyon", tools=[search_companies])
    assert message.tool_calls == []
    assert "l'outil `list_leads` n'est pas activé" in message.text
    unbound = model().invoke([HumanMessage("pipeline summary for this quarter")])
    assert unbound.tool_calls == [] and "not available" in unbound.text


def test_call_ids_are_unique_in_a_conversation() -> None:
    first = ask("la deuxième", previous=True)
    assert first.tool_calls[0]["id"] == "call_2"  # call_1 is the earlier search
    assert ask("trouve des ESN à Lyon").tool_calls[0]["id"] == "call_1"


def test_model_is_deterministic_and_named() -> None:
    messages = [*earlier_search(), HumanMessage("save these to a list called Lyon IT")]
    bound = model().bind_tools(TOOLS)
    assert bound.invoke(messages).tool_calls == bound.invoke(messages).tool_calls
    assert model()._llm_type == "filon-offline"
    assert model().model_name == "filon-offline"
    assert bound.invoke(messages).response_metadata["model_name"] == "filon-offline"


def test_system_messages_and_an_empty_conversation_are_harmless() -> None:
    message = (
        model()
        .bind_tools(TOOLS)
        .invoke([SystemMessage("You are Filon."), HumanMessage("pipeline")])
    )
    assert message.tool_calls[0]["name"] == "pipeline_summary"
    assert "Filon" in model().invoke([SystemMessage("You are Filon.")]).text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("trouve des ESN à Lyon", "fr"),
        ("SaaS companies in Île-de-France with more than 100 employees", "en"),
        ("show the won deals", "en"),
        ("la deuxième", "fr"),
        ("Capgemini", "fr"),
        ("details on the second one", "en"),
        ("résumé du pipeline", "fr"),
        # names do not count, whatever language they look like
        ("qualifie Ets Hamon IT Consulting selon BANT", "fr"),
        ("envoie Tech Partners Nantes dans le CRM", "fr"),
        ("qualify Société Générale Conseil with BANT", "en"),
        ('montre la liste "Big Data Lyon"', "fr"),
        ("IT services companies in Lyon", "en"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


def merged(items: list[Any]) -> AIMessageChunk:
    chunks = [item for item in items if isinstance(item, AIMessageChunk)]
    assert len(chunks) == len(items), "every streamed item is an AIMessageChunk"
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    return total


async def test_astream_chunks_merge_into_the_same_tool_calls() -> None:
    messages = [*earlier_search(), HumanMessage("ajoute les 3 premières à une liste 'ESN Lyon'")]
    bound = model().bind_tools(TOOLS)
    chunks: list[Any] = [chunk async for chunk in bound.astream(messages)]
    assert len(chunks) > 2
    assert any(chunk.tool_call_chunks for chunk in chunks)
    streamed = merged(chunks)
    expected = bound.invoke(messages).tool_calls
    assert streamed.tool_calls == expected
    assert expected == [{"name": "create_lead_list", "args": {"name": "ESN Lyon", "sirens": SIRENS[:3]},
                         "id": "call_2", "type": "tool_call"}]  # fmt: skip


def test_stream_answer_comes_in_word_chunks_that_add_up() -> None:
    messages = [
        HumanMessage("résumé du pipeline"),
        AIMessage("", tool_calls=[{"name": "pipeline_summary", "args": {}, "id": "call_1"}]),
        ToolMessage("", tool_call_id="call_1", artifact=PIPELINE),
    ]
    bound = model().bind_tools(TOOLS)
    chunks: list[Any] = list(bound.stream(messages))
    assert sum(1 for chunk in chunks if chunk.text) > 20
    streamed = merged(chunks)
    assert streamed.text == bound.invoke(messages).text
    assert streamed.tool_calls == []


async def test_ainvoke_matches_invoke() -> None:
    messages = [HumanMessage("trouve des ESN de 50 à 200 salariés à Lyon")]
    bound = model().bind_tools(TOOLS)
    assert (await bound.ainvoke(messages)).tool_calls == bound.invoke(messages).tool_calls


# --- in a LangGraph loop ------------------------------------------------------------------


def test_drives_a_langgraph_tool_loop_to_a_final_answer() -> None:
    @tool("search_companies", response_format="content_and_artifact")
    def search(
        naf_codes: list[str], cities: list[str], limit: int = 10
    ) -> tuple[str, dict[str, Any]]:
        """Search French companies."""
        return "57 companies", companies_artifact(limit)

    bound = model().bind_tools([search])

    def call_model(state: MessagesState) -> dict[str, Any]:
        return {"messages": [bound.invoke(state["messages"])]}

    def route(state: MessagesState) -> str:
        last = state["messages"][-1]
        return "tools" if isinstance(last, AIMessage) and last.tool_calls else END

    graph = StateGraph(MessagesState)
    graph.add_node("model", call_model)
    graph.add_node("tools", ToolNode([search]))
    graph.add_edge(START, "model")
    graph.add_conditional_edges("model", route, ["tools", END])
    graph.add_edge("tools", "model")
    state = graph.compile().invoke({"messages": [HumanMessage("ESN à Lyon")]})
    final = state["messages"][-1]
    assert [type(m).__name__ for m in state["messages"]] == [
        "HumanMessage", "AIMessage", "ToolMessage", "AIMessage",
    ]  # fmt: skip
    assert "57 entreprises correspondent" in final.text and "SOCIETE 1" in final.text


def test_a_message_of_names_only_keeps_the_threads_language() -> None:
    from agent.llm.language import reply_language

    thread = [HumanMessage("show me my leads"), HumanMessage("Data Services Paris")]
    assert reply_language(thread) == "en"
    french = [HumanMessage("montre mes leads"), HumanMessage("Big Data IT Consulting")]
    assert reply_language(french) == "fr"
