"""Calling the agent's tools as the graph does: a ToolNode in a StateGraph with a FilonContext,
so runtime injection, argument validation and ToolException → error ToolMessage all run."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, ToolMessage
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode
from sqlalchemy.engine import Engine

from agent.artifacts import ArtifactAdapter
from agent.context import FilonContext, Role
from agent.search.local import LocalSource
from agent.settings import Settings
from agent.tools import TOOLS

Call = Callable[..., Awaitable[ToolMessage]]


def tool_runner(
    engine: Engine, settings: Settings, today: date, signal_sources: Sequence[Any] = ()
) -> Call:
    """`await call(name, args, user=…, role=…, before=[messages])` → the tool's ToolMessage."""
    graph = StateGraph(MessagesState, context_schema=FilonContext)
    graph.add_node("tools", ToolNode(TOOLS))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    app = graph.compile()

    async def call(
        name: str,
        args: dict[str, Any],
        user: str = "alice.martin",
        role: Role = "rep",
        before: Sequence[AnyMessage] = (),
    ) -> ToolMessage:
        context = FilonContext(
            settings=settings,
            engine=engine,
            companies=LocalSource(engine),
            user=user,
            role=role,
            today=today,
            signal_sources=tuple(signal_sources),
        )
        request = AIMessage("", tool_calls=[{"name": name, "args": args, "id": "call-1"}])
        result = await app.ainvoke({"messages": [*before, request]}, context=context)
        message = result["messages"][-1]
        assert isinstance(message, ToolMessage)
        return message

    return call


def ok(message: ToolMessage) -> dict[str, Any]:
    """The artifact of a successful call, re-validated as a UI would."""
    assert message.status == "success", message.content
    ArtifactAdapter.validate_python(message.artifact)
    return message.artifact  # type: ignore[no-any-return]


def refused(message: ToolMessage, *hints: str) -> str:
    """The text of an error ToolMessage, checked to hold every hint."""
    assert message.status == "error", message.content
    text = str(message.content)
    for hint in hints:
        assert hint in text, text
    return text
