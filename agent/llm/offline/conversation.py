"""What the offline model knows of a conversation: the request, its language, earlier results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from agent.artifacts import CompaniesArtifact, read_artifact
from agent.llm.language import Language, detect_language
from store.models import CompanyPublic


@dataclass
class Conversation:
    """The messages so far, the tools bound to the model (name → JSON schema) and today."""

    messages: Sequence[BaseMessage]
    tools: dict[str, dict[str, Any]] = field(default_factory=dict)
    today: date | None = None

    @cached_property
    def last_human(self) -> str:
        """The text of the last human message ("" when there is none)."""
        for message in reversed(self.messages):
            if isinstance(message, HumanMessage):
                return message.text
        return ""

    @cached_property
    def language(self) -> Language:
        """The language of the last human message; French by default."""
        return detect_language(self.last_human) if self.last_human else "fr"

    @cached_property
    def previous_companies(self) -> list[CompanyPublic]:
        """The companies of the most recent "companies" result, in order (empty if none)."""
        for message in reversed(self.messages):
            if not isinstance(message, ToolMessage) or message.status == "error":
                continue
            artifact = read_artifact(message.artifact)
            if isinstance(artifact, CompaniesArtifact):
                return list(artifact.companies)
        return []

    def has_tool(self, name: str) -> bool:
        """Whether a tool of this name is bound to the model."""
        return name in self.tools

    def call_ids(self, count: int) -> list[str]:
        """Fresh tool-call ids, numbered after every call made so far: call_1, call_2, …"""
        made = sum(len(m.tool_calls) for m in self.messages if isinstance(m, AIMessage))
        return [f"call_{made + index + 1}" for index in range(count)]
