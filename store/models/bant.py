"""What was learnt about a lead's Budget, Authority, Need and Timing, and from whom.

Each row is one answer as it was recorded: the criterion, its status (confirmed, unknown,
negative), its value (an amount and currency; a person and role; a pain; a date or window) and
where it came from (who said it, in which conversation and message, when, through what). Rows
are never rewritten: a lead's BANT is the latest row of each criterion, and the older ones are
its history. Deleting a lead deletes its answers.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class BantAnswer(SQLModel, table=True):
    """The `bantanswer` table."""

    __table_args__ = (Index("ix_bantanswer_lead_criterion", "lead_id", "criterion", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id")
    criterion: str  # budget, authority, need, timing
    status: str  # confirmed, unknown, negative
    value: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    note: str | None = None  # the rep's words
    said_by: str
    source: str = "chat"  # chat, cli, demo, legacy (a store's former free-text BANT)
    thread_id: str | None = None
    message_id: str | None = None
    recorded_at: datetime = Field(default_factory=utcnow)
