"""The chat graph as LangGraph Studio and `langgraph dev` open it (`langgraph.json`).

The LangGraph server builds a graph by calling a factory with no argument and runs it with
whatever context its client sends: JSON, never a store engine or a company source. So the graph
it gets wraps the chat graph in one node, `chat`, that opens Filon's runtime for the run (the
store opened once, here, from the settings; the HTTP client and the sources per run) and runs
the chat graph inside it with the run's `FilonContext`. The model is the configured one: offline
without OPENAI_API_KEY. The person is `configurable.user` (and `configurable.role`) of the run,
"rep" by default, checked against the users table as everywhere.

The server's checkpointer keeps the conversation; the chat graph sees all of it each turn.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from langgraph.graph import START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from agent.context import check_role, check_user
from agent.graphs.chat import ChatInput, ChatOutput, build_chat_graph
from agent.llm.factory import make_chat_model
from agent.settings import Settings


def make_graph() -> CompiledStateGraph[Any, Any, Any, Any]:
    """The chat graph on the configured store and model (offline without a key)."""
    from agent.runtime import open_engine, open_runtime
    from agent.tools import TOOLS
    from agent.users.access import identify

    settings = Settings()
    engine = open_engine(settings)
    chat = build_chat_graph(make_chat_model(settings), list(TOOLS))

    async def run_chat(state: ChatInput, config: RunnableConfig) -> dict[str, Any]:
        wanted = config.get("configurable", {})
        user = check_user(str(wanted.get("user") or "rep"))
        role = check_role(str(wanted["role"])) if wanted.get("role") else None
        access = await asyncio.to_thread(identify, engine, user, role)
        async with open_runtime(settings, engine=engine) as runtime:
            context = runtime.context(user=user, role=access.role)
            result = await chat.ainvoke(state, config, context=context)
        return cast(dict[str, Any], result)

    builder = StateGraph(ChatOutput, input_schema=ChatInput, output_schema=ChatOutput)
    builder.add_node("chat", run_chat)
    builder.add_edge(START, "chat")
    return builder.compile(name="filon")
