"""Buying signals about a company: hiring, fundraising, job changes, legal notices."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class SignalKind(StrEnum):
    """What kind of event a signal reports."""

    hiring = "hiring"
    fundraising = "fundraising"
    job_change = "job_change"
    legal_notice = "legal_notice"
    growth = "growth"
    news = "news"


class Signal(SQLModel, table=True):
    """The `signal` table."""

    id: int | None = Field(default=None, primary_key=True)
    company_siren: str = Field(foreign_key="company.siren", index=True)
    kind: SignalKind = Field(index=True)
    title: str
    detail: str | None = None
    url: str | None = None
    occurred_on: date | None = Field(default=None, index=True)
    strength: float = Field(default=0.5, ge=0, le=1)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source: str = Field(default="manual", index=True)
    detected_at: datetime = Field(default_factory=utcnow)
