"""What a tool reads of the graph run it is called in: the thread's messages and id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AnyMessage, HumanMessage

from agent.i18n import Language
from agent.llm.language import reply_language


def thread_messages(state: Any) -> Sequence[AnyMessage]:
    """The conversation's messages in a tool's injected state (a dict or an object)."""
    messages = (
        state.get("messages") if isinstance(state, dict) else getattr(state, "messages", None)
    )
    return list(messages or [])


def thread_language(state: Any) -> Language:
    """The language to answer in: the user's latest message's."""
    return reply_language(thread_messages(state))


def thread_id(config: Any) -> str | None:
    """The run's thread id (None outside a thread)."""
    configurable = (config or {}).get("configurable") or {}
    thread = configurable.get("thread_id")
    return str(thread) if thread else None


def last_human_id(state: Any) -> str | None:
    """The id of the user's latest message: where an answer came from."""
    for message in reversed(thread_messages(state)):
        if isinstance(message, HumanMessage):
            return message.id
    return None
