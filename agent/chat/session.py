"""A chat session: the conversation memory and the graph, on a runtime's clients.

async with open_runtime(settings) as runtime, open_chat_session(runtime) as session:
    result = await session.ask("trouve des ESN à Lyon", thread_id="t1")
    async for event in session.stream("la deuxième ?", thread_id="t1"):
        ...
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date
from typing import Any, cast

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool
from langgraph.graph.state import CompiledStateGraph

from agent.chat.events import (
    AnswerToken,
    ChatEvent,
    ToolFinished,
    ToolProgress,
    ToolStarted,
    TurnFinished,
    TurnResult,
)
from agent.chat.threads import admit_turn
from agent.chat.turn_lock import one_turn_at_a_time
from agent.context import FilonContext, Role
from agent.graphs.chat import build_chat_graph
from agent.llm.factory import make_chat_model, model_name
from agent.memory import open_checkpointer, ready_to_write
from agent.runtime import Runtime
from agent.users.access import identify


def new_thread_id() -> str:
    """A fresh conversation id."""
    return uuid.uuid4().hex


class ChatSession:
    """Turns on a compiled chat graph, with the run context built at the edge."""

    def __init__(
        self, graph: CompiledStateGraph[Any, Any, Any, Any], context: FilonContext, model: str
    ):
        self.graph = graph
        self.context = context
        self.model = model

    async def ask(self, message: str, *, thread_id: str | None = None) -> TurnResult:
        """Run one turn to the end and return its result."""
        async for event in self.stream(message, thread_id=thread_id):
            if isinstance(event, TurnFinished):
                return event.result
        raise RuntimeError("the chat graph ended without finishing the turn")

    async def stream(
        self, message: str, *, thread_id: str | None = None
    ) -> AsyncIterator[ChatEvent]:
        """Run one turn, yielding answer tokens and tool events as they happen, then the result.

        Raises `ThreadBusy` when another turn of the thread keeps running (see `turn_lock`), and
        `NotThreadOwner` (or another `UserRequestError`) when the user may not run it (see
        `threads.admit_turn`): both before anything is recorded.
        """
        thread = thread_id or new_thread_id()
        await asyncio.to_thread(
            admit_turn,
            self.context.engine,
            thread_id=thread,
            user=self.context.user,
            role=self.context.role,
        )
        answer = ""
        tool_calls: list[dict[str, Any]] = []
        started: dict[str, ToolStarted] = {}
        finished: list[ToolFinished] = []
        run = self.graph.astream(
            {"messages": [HumanMessage(message)]},
            {"configurable": {"thread_id": thread}},
            context=replace(self.context, today=date.today()),
            stream_mode=["messages", "updates", "custom"],
        )
        async for part in one_turn_at_a_time(self.context.settings, thread, self._written(run)):
            mode, payload = cast(tuple[str, Any], part)
            if mode == "custom":
                progress = _progress(payload)
                if progress is not None:
                    yield progress
                continue
            if mode == "messages":
                chunk, metadata = payload
                if (
                    metadata.get("langgraph_node") == "call_model"
                    and isinstance(chunk, AIMessageChunk | AIMessage)
                    and chunk.text
                ):
                    yield AnswerToken(chunk.text)
                continue
            for node, update in payload.items():
                for item in (update or {}).get("messages", []):
                    if node == "call_model" and isinstance(item, AIMessage):
                        if not item.tool_calls:
                            answer = item.text
                        for call in item.tool_calls:
                            event = ToolStarted(call["id"] or "", call["name"], call["args"])
                            started[event.call_id] = event
                            tool_calls.append({"name": call["name"], "args": call["args"]})
                            yield event
                    elif node == "run_tools" and isinstance(item, ToolMessage):
                        done = _finished(item)
                        finished.append(done)
                        yield done
        yield TurnFinished(
            TurnResult(
                answer=answer,
                thread_id=thread,
                model=self.model,
                tool_calls=tool_calls,
                tool_results=finished,
            )
        )

    async def _written(self, run: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """`run`, once the memory takes writes: a locked memory is said before the turn runs."""
        if self.graph.checkpointer is not None and not isinstance(self.graph.checkpointer, bool):
            await ready_to_write(self.graph.checkpointer)
        async for part in run:
            yield part


def _progress(payload: Any) -> ToolProgress | None:
    """A tool's progress, as it writes it to the stream (`agent.tools.progress`)."""
    value = payload.get("tool_progress") if isinstance(payload, dict) else None
    if not isinstance(value, dict):
        return None
    return ToolProgress(
        call_id=str(value.get("call_id") or ""),
        name=str(value.get("name") or ""),
        done=int(value.get("done") or 0),
        total=int(value.get("total") or 0),
    )


def _finished(message: ToolMessage) -> ToolFinished:
    return ToolFinished(
        call_id=message.tool_call_id,
        name=message.name or "",
        status=message.status,
        duration_ms=message.response_metadata.get("duration_ms"),
        content=message.text,
        artifact=message.artifact,
    )


def default_tools() -> list[BaseTool]:
    """Filon's agent tools."""
    from agent.tools import TOOLS

    return list(TOOLS)


@asynccontextmanager
async def open_chat_session(
    runtime: Runtime,
    *,
    user: str = "rep",
    role: Role | None = None,
    model: BaseChatModel | None = None,
    tools: Sequence[BaseTool] | None = None,
) -> AsyncIterator[ChatSession]:
    """A conversation on `runtime`'s clients: memory opened here, closed on exit.

    `user` acts in `role` (None: their own, from the users table; a rep in single-user mode);
    an unknown or disabled user, or a role above their own, is refused here (`UserRequestError`).
    `model` and `tools` default to the configured ones (tests pass their own).
    """
    settings = runtime.settings
    access = await asyncio.to_thread(identify, runtime.engine, user, role)
    async with open_checkpointer(settings) as memory:
        chat_model = model if model is not None else make_chat_model(settings)
        graph = build_chat_graph(
            chat_model, default_tools() if tools is None else tools, checkpointer=memory
        )
        context = runtime.context(user=user, role=access.role)
        yield ChatSession(graph, context, model_name(chat_model))
