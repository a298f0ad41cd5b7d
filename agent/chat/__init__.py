"""The chat service every entry point uses (CLI, web UI): one turn in, answer and events out."""

from agent.chat.events import (
    AnswerToken,
    ChatEvent,
    ToolFinished,
    ToolProgress,
    ToolStarted,
    TurnFinished,
)
from agent.chat.session import ChatSession, TurnResult, new_thread_id, open_chat_session
from agent.chat.turn_lock import ThreadBusy

__all__ = [
    "AnswerToken",
    "ChatEvent",
    "ChatSession",
    "ThreadBusy",
    "ToolFinished",
    "ToolProgress",
    "ToolStarted",
    "TurnFinished",
    "TurnResult",
    "new_thread_id",
    "open_chat_session",
]
