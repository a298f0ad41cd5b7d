"""The enrichment ledger: one row per call to a provider, what it cost and what it answered.

It is also the waterfall's cache: a person already asked of a provider (same `subject`) within
the cache age is answered from here, with no new call (so an interrupted run, run again, pays
for nothing twice)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class ProviderCall(SQLModel, table=True):
    """The `provider_call` table. `outcome`: found, not_found, failed, stopped (the provider
    refused the key or had no credits left)."""

    __tablename__ = "provider_call"
    __table_args__ = (Index("ix_provider_call_cache", "provider", "subject", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(index=True)
    provider: str
    operation: str
    subject: str = Field(description="the person and domain asked about (the cache key)")
    contact_id: int | None = None
    cost: float = 0.0
    outcome: str
    answer: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False),
        description="the finding: email, status, phone, score, note",
    )
    user: str = "rep"
    at: datetime = Field(default_factory=utcnow, index=True)
