"""What the web UI showed of a conversation, to show it again when the thread is reopened.

A step is one of Chainlit's: a rep's message, Filon's answer (sanitized Markdown, as it was
shown), a tool step folded under the answer, or the run that holds them (`parent_id` links
them). The ids are Chainlit's. `created_at` is when it was shown (the browser's clock for a
rep's message, the server's for the rest), `recorded_at` when this row was first written: two
steps shown at once replay in the order they were written. A step's feedback (thumbs up or
down, and a comment) is kept on it: one per step.

An element is a table, a chart or a file shown with a step (`for_id`): a table as its props
(plain text cells), a chart or a file as its bytes (`content`, None when too large to keep).
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Text
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class ChatStep(SQLModel, table=True):
    """The `chatstep` table."""

    __table_args__ = (Index("ix_chatstep_thread", "thread_id", "created_at"),)

    id: str = Field(primary_key=True)
    thread_id: str = Field(foreign_key="chatthread.thread_id")
    parent_id: str | None = None
    type: str
    name: str = ""
    input: str = Field(default="", sa_column=Column(Text, nullable=False))
    output: str = Field(default="", sa_column=Column(Text, nullable=False))
    show_input: str | None = None
    is_error: bool = False
    language: str | None = None
    step_metadata: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    start: str | None = None
    end: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    recorded_at: datetime = Field(default_factory=utcnow)
    feedback_value: int | None = None
    feedback_comment: str | None = None


class ChatElement(SQLModel, table=True):
    """The `chatelement` table."""

    __table_args__ = (Index("ix_chatelement_thread", "thread_id"),)

    id: str = Field(primary_key=True)
    thread_id: str = Field(foreign_key="chatthread.thread_id")
    for_id: str | None = None
    type: str
    name: str = ""
    display: str = "inline"
    size: str | None = None
    mime: str | None = None
    language: str | None = None
    page: int | None = None
    props: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    content: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    recorded_at: datetime = Field(default_factory=utcnow)
