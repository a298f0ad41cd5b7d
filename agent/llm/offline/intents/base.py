"""The shape every intent shares: recognise a request, then answer from the tool results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.results import ToolResult


@dataclass(frozen=True)
class ToolCallPlan:
    """Tool calls to emit, in order: (tool name, arguments)."""

    calls: tuple[tuple[str, dict[str, Any]], ...]
    memo: dict[str, Any] | None = None  # what to do with the results (see `Conversation.memo`)

    @classmethod
    def one(
        cls, tool: str, args: dict[str, Any], memo: dict[str, Any] | None = None
    ) -> ToolCallPlan:
        """A plan calling a single tool."""
        return cls(calls=((tool, args),), memo=memo)


@dataclass(frozen=True)
class TextReply:
    """A direct answer, no tool call (help, a question back, an action not available)."""

    text: str
    memo: dict[str, Any] | None = None  # a pending request the rep's next message completes


Plan = ToolCallPlan | TextReply


class Intent(Protocol):
    """One kind of request. `match` returns None when the request is not of this kind."""

    @property
    def name(self) -> str:
        """A short name for logs and tests: "search", "pipeline"."""
        ...

    @property
    def tools(self) -> tuple[str, ...]:
        """The tools whose results this intent's `answer` writes up."""
        ...

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """The tool calls (or direct answer) for this request, or None if not this intent."""
        ...

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The final answer once the results of this intent's tool calls are in."""
        ...


def unavailable(tool: str, language: Language) -> TextReply:
    """The answer when the action needs a tool that is not bound to the model."""
    return TextReply(t("offline.unavailable", language, tool=tool))


def plan_or_unavailable(
    conversation: Conversation,
    tool: str,
    args: dict[str, Any],
    memo: dict[str, Any] | None = None,
) -> Plan:
    """A call to `tool` when it is bound, else a text saying the action is not available."""
    if not conversation.has_tool(tool):
        return unavailable(tool, conversation.language)
    return ToolCallPlan.one(tool, args, memo)
