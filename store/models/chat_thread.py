"""Conversation threads and who started them.

The conversation itself lives in the LangGraph checkpointer (`agent/memory.py`); this row says
whose it is, so another rep cannot resume it, and lets a user's threads be listed. It is written
by the thread's first turn (`INSERT … ON CONFLICT DO NOTHING`: two first turns at once make one
owner) and touched by each later one.

The web UI saves what it showed (`chatstep`, `chatelement`) under the same row, and names the
thread after its first request (`name`, None for a thread only the CLI ran; `name_key` is the
same without accents or case, for the sidebar's search on either database); `chat_settings`
keeps the UI's settings of the conversation (the company source) for when it is reopened.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class ChatThread(SQLModel, table=True):
    """The `chatthread` table: one conversation thread, its owner, its first and latest turns."""

    thread_id: str = Field(primary_key=True)
    owner: str = Field(index=True)
    started_at: datetime = Field(default_factory=utcnow)
    last_turn_at: datetime = Field(default_factory=utcnow)
    name: str | None = None
    name_key: str | None = None
    chat_settings: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
