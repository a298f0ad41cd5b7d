"""The main chat graph: the model answers or asks for tools, the tools run, the model reads them.

    START → start_turn → call_model ─┬→ run_tools → call_model …
                                     └→ END

A turn is bounded: at most `max_model_calls` model calls, then a short "too many steps"
answer. The system prompt is rendered on every call from the run's `FilonContext` and is not
stored in the conversation. LLM failures (bad key, server down, timeout) become an ordinary
answer telling the user what to check; tool mistakes go back to the model as error
ToolMessages it can act on.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from time import perf_counter
from typing import Annotated, Any, Literal, TypedDict

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AnyMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.tools import BaseTool, ToolException
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.graph.state import CompiledStateGraph
from langgraph.prebuilt import ToolNode
from langgraph.prebuilt.tool_node import ToolCallRequest, ToolInvocationError
from langgraph.runtime import Runtime
from langgraph.types import Command

from agent.context import FilonContext
from agent.i18n import Language, t
from agent.llm.failures import cut_off_text, describe_llm_failure
from agent.llm.language import reply_language
from prompts import load_prompt

MAX_MODEL_CALLS = 8

LANGUAGE_NAMES: dict[Language, str] = {"fr": "français", "en": "English"}


class ChatInput(TypedDict):
    """What a caller sends: the new message(s) of the turn."""

    messages: Annotated[list[AnyMessage], add_messages]


class ChatOutput(TypedDict):
    """What a caller gets back: the whole conversation."""

    messages: Annotated[list[AnyMessage], add_messages]


class ChatState(ChatInput):
    """The conversation plus the number of model calls made in the current turn."""

    steps: int


def route_after_model(state: ChatState) -> Literal["run_tools", "call_model", "__end__"]:
    """Run the tools the model asked for; back to the model when its calls could not be read
    (it gets the errors and tries again); otherwise the turn is over."""
    last = state["messages"][-1]
    if isinstance(last, AIMessage) and last.tool_calls:
        return "run_tools"
    if isinstance(last, ToolMessage):  # answers to calls whose arguments were not JSON
        return "call_model"
    return "__end__"


def unreadable_calls(reply: AIMessage) -> list[ToolMessage]:
    """Error results for the calls of `reply` whose arguments were not valid JSON, so the model
    reads what went wrong and calls again (chat APIs want every call answered)."""
    if reply.tool_calls:
        return []
    return [
        ToolMessage(
            f"Error: the arguments of {call.get('name') or 'this call'} were not valid JSON "
            f"({call.get('error') or 'could not be parsed'}). Call the tool again with a JSON "
            "object matching its schema.",
            tool_call_id=call.get("id") or "",
            name=call.get("name") or "",
            status="error",
        )
        for call in reply.invalid_tool_calls
    ]


def cut_off(reply: AIMessage) -> bool:
    """Whether a streamed reply ended before its server said it was done (no finish reason):
    a dropped connection. Its text is partial and its tool calls may be truncated."""
    metadata = reply.response_metadata
    return "model_provider" in metadata and not metadata.get("finish_reason")


def tool_lines(tools: Sequence[BaseTool]) -> str:
    """One line per tool for the system prompt: its name and the first line of its purpose."""
    lines = []
    for tool in tools:
        purpose = (tool.description or "").strip().splitlines()
        lines.append(f"- {tool.name} : {purpose[0] if purpose else tool.name}")
    return "\n".join(lines) or "- (aucun outil)"


def system_prompt(context: FilonContext, tools_text: str, language: Language) -> str:
    """Filon's system prompt for this run's user, role, date and language."""
    return load_prompt(
        "system",
        date=context.today.isoformat(),
        user=context.user,
        role=context.role,
        language=LANGUAGE_NAMES[language],
        tools=tools_text,
    )


# The model sees this many messages of the thread at most (the checkpoint keeps them all):
# enough for "la deuxième" to find the last results, bounded for a long-lived thread.
HISTORY_MESSAGES = 60


def recent_history(
    messages: Sequence[AnyMessage], limit: int = HISTORY_MESSAGES
) -> list[AnyMessage]:
    """The last `limit` messages, cut at the start of a turn (a human message) so that no
    tool result is separated from its call; a single longer turn is kept whole."""
    if len(messages) <= limit:
        return list(messages)
    window = list(messages[-limit:])
    for index, message in enumerate(window):
        if isinstance(message, HumanMessage):
            return window[index:]
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            return list(messages[index:])
    return list(messages)


def answered_tool_calls(messages: Sequence[AnyMessage]) -> list[AnyMessage]:
    """`messages` where every tool call has a result, as chat APIs require.

    A turn cut short (a crash, a stopped process) can leave a tool call without its result in
    the saved conversation; the model then gets an error result in its place instead of the
    whole thread being refused by the server.
    """
    answered = {m.tool_call_id for m in messages if isinstance(m, ToolMessage)}
    repaired: list[AnyMessage] = []
    for message in messages:
        repaired.append(message)
        if isinstance(message, AIMessage):
            calls: list[tuple[str | None, str | None]] = [
                (call["id"], call["name"]) for call in message.tool_calls
            ]
            calls += [(call.get("id"), call.get("name")) for call in message.invalid_tool_calls]
            repaired += [
                ToolMessage(
                    "Error: this tool call did not complete.",
                    tool_call_id=call_id,
                    name=name or "",
                    status="error",
                )
                for call_id, name in calls
                if call_id and call_id not in answered
            ]
    return repaired


def tool_error_message(error: Exception) -> str:
    """The error ToolMessage for a mistake the model can fix (bad arguments, refused request).

    Any other exception is a bug and is raised again, so it is never shown to the model as
    if it were the model's mistake.
    """
    if isinstance(error, ToolInvocationError):
        return error.message
    if isinstance(error, ToolException):
        return f"Error: {error}\nFix the arguments or choose another tool, then try again."
    raise error


async def time_tool_call(
    request: ToolCallRequest,
    execute: Callable[[ToolCallRequest], Awaitable[ToolMessage | Command[Any]]],
) -> ToolMessage | Command[Any]:
    """Run one tool call and record its duration on the ToolMessage (for UIs and benchmarks)."""
    start = perf_counter()
    result = await execute(request)
    if isinstance(result, ToolMessage):
        result.response_metadata["duration_ms"] = round((perf_counter() - start) * 1000, 3)
    return result


def build_chat_graph(
    model: BaseChatModel,
    tools: Sequence[BaseTool],
    *,
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    max_model_calls: int = MAX_MODEL_CALLS,
) -> CompiledStateGraph[ChatState, FilonContext, ChatInput, ChatOutput]:
    """The compiled chat graph for `model` driving `tools`, remembering threads in `checkpointer`."""
    bound = model.bind_tools(list(tools)) if tools else model
    tools_text = tool_lines(tools)

    def start_turn(state: ChatState) -> dict[str, Any]:
        return {"steps": 0}

    async def call_model(state: ChatState, runtime: Runtime[FilonContext]) -> dict[str, Any]:
        steps = state.get("steps", 0)
        language = reply_language(state["messages"])
        if steps >= max_model_calls:
            return {"messages": [AIMessage(t("offline.too_many_steps", language))]}
        system = SystemMessage(system_prompt(runtime.context, tools_text, language))
        try:
            history = answered_tool_calls(recent_history(state["messages"]))
            reply = await bound.ainvoke([system, *history])
        except Exception as error:
            text = describe_llm_failure(error, language)
            if text is None:
                raise
            reply = AIMessage(text, response_metadata={"filon_error": type(error).__name__})
        if isinstance(reply, AIMessage) and cut_off(reply):
            reply = AIMessage(cut_off_text(language), response_metadata={"filon_error": "cut_off"})
        repairs = unreadable_calls(reply) if isinstance(reply, AIMessage) else []
        return {"messages": [reply, *repairs], "steps": steps + 1}

    run_tools = ToolNode(
        list(tools), handle_tool_errors=tool_error_message, awrap_tool_call=time_tool_call
    )

    builder = StateGraph(
        ChatState, context_schema=FilonContext, input_schema=ChatInput, output_schema=ChatOutput
    )
    builder.add_node("start_turn", start_turn)
    builder.add_node("call_model", call_model)
    builder.add_node("run_tools", run_tools)
    builder.add_edge(START, "start_turn")
    builder.add_edge("start_turn", "call_model")
    builder.add_conditional_edges("call_model", route_after_model)
    builder.add_edge("run_tools", "call_model")
    return builder.compile(checkpointer=checkpointer, name="filon_chat")
