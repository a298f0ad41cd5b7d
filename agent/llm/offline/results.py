"""Tool results as the offline model reads them: the artifact dict, else the text content."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage


@dataclass(frozen=True)
class ToolResult:
    """One tool's answer: which tool, its structured artifact if any, its text, and errors."""

    tool: str
    artifact: dict[str, Any] | None
    content: str
    is_error: bool

    @property
    def kind(self) -> str | None:
        """The artifact's `kind` ("companies", "company", "lead_list", "leads", "pipeline")."""
        return self.artifact.get("kind") if self.artifact else None


def as_dict(value: Any) -> dict[str, Any] | None:
    """An artifact as a JSON dict: dicts as they are, pydantic models dumped, JSON text parsed."""
    if isinstance(value, dict):
        return value
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        dumped = dump(mode="json")
        return dumped if isinstance(dumped, dict) else None
    if isinstance(value, str) and value.lstrip().startswith("{"):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return None
        return parsed if isinstance(parsed, dict) else None
    return None


def read_result(message: ToolMessage, tool_names: dict[str, str]) -> ToolResult:
    """A ToolMessage as a `ToolResult`; the tool name comes from the message or its call."""
    content = message.text if isinstance(message.content, list) else str(message.content)
    artifact = as_dict(message.artifact)
    if artifact is None and message.status != "error":
        parsed = as_dict(content)
        artifact = parsed if parsed and "kind" in parsed else None
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
