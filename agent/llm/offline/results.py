"""Tool results as the offline model reads them: the typed artifact, else the text content."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage

from agent.artifacts import Artifact, read_artifact


@dataclass(frozen=True)
class ToolResult:
    """One tool's answer: which tool, its structured artifact if any, its text, and errors."""

    tool: str
    artifact: Artifact | None
    content: str
    is_error: bool


def _from_json(text: str) -> Artifact | None:
    """An artifact sent as JSON text (a tool without `content_and_artifact`), if it is one."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError:
        return None
    return read_artifact(parsed) if isinstance(parsed, dict) else None


def read_result(message: ToolMessage, tool_names: dict[str, str]) -> ToolResult:
    """A ToolMessage as a `ToolResult`; the tool name comes from the message or its call."""
    content = message.text if isinstance(message.content, list) else str(message.content)
    artifact = read_artifact(message.artifact)
    if artifact is None and message.status != "error":
        artifact = _from_json(content)
    tool = message.name or tool_names.get(message.tool_call_id, "")
    return ToolResult(tool, artifact, content, message.status == "error")


def latest_results(messages: Sequence[BaseMessage]) -> list[ToolResult]:
    """The results at the end of the conversation (the ToolMessages after the last AIMessage)."""
    trailing: list[ToolMessage] = []
    for message in reversed(messages):
        if not isinstance(message, ToolMessage):
            break
        trailing.append(message)
    names: dict[str, str] = {
        call["id"]: call["name"]
        for message in messages
        if isinstance(message, AIMessage)
        for call in message.tool_calls
        if call["id"]
    }
    return [read_result(message, names) for message in reversed(trailing)]
