"""What a streamed turn reports: answer tokens, tool calls starting and finishing, the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class AnswerToken:
    """A piece of the model's text, as it arrives."""

    text: str


@dataclass(frozen=True)
class ToolStarted:
    """The model asked for a tool call; it is about to run."""

    call_id: str
    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class ToolFinished:
    """A tool call returned: what the model read, the structured artifact for UIs, timing."""

    call_id: str
    name: str
    status: Literal["success", "error"]
    duration_ms: float | None
    content: str
    artifact: Any = None


@dataclass(frozen=True)
class ToolProgress:
    """A long tool call says how far it got (an enrichment run: people settled of all)."""

    call_id: str
    name: str
    done: int
    total: int


@dataclass(frozen=True)
class TurnResult:
    """One finished turn: the answer, the tool calls made, and their artifacts."""

    answer: str
    thread_id: str
    model: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    tool_results: list[ToolFinished] = field(default_factory=list)

    @property
    def artifacts(self) -> list[Any]:
        """The structured results of the turn's tools, in call order (None ones left out)."""
        return [result.artifact for result in self.tool_results if result.artifact is not None]

    def as_json(self) -> dict[str, Any]:
        """The `filon ask --json` document."""
        return {
            "answer": self.answer,
            "tool_calls": self.tool_calls,
            "thread_id": self.thread_id,
            "model": self.model,
        }


@dataclass(frozen=True)
class TurnFinished:
    """The last event of a streamed turn."""

    result: TurnResult


ChatEvent = AnswerToken | ToolStarted | ToolProgress | ToolFinished | TurnFinished
