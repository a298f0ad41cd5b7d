"""Conversation threads and who started them.

The conversation itself lives in the LangGraph checkpointer (`agent/memory.py`); this row says
whose it is, so another rep cannot resume it, and lets a user's threads be listed. It is written
by the thread's first turn (`INSERT … ON CONFLICT DO NOTHING`: two first turns at once make one
owner) and touched by each later one.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class ChatThread(SQLModel, table=True):
    """The `chatthread` table: one conversation thread, its owner, its first and latest turns."""

    thread_id: str = Field(primary_key=True)
    owner: str = Field(index=True)
    started_at: datetime = Field(default_factory=utcnow)
    last_turn_at: datetime = Field(default_factory=utcnow)
