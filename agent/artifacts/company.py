"""What `get_company` hands to UIs: one company with its contacts, signals, leads, engagement."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from agent.artifacts.leads import LeadItem
from store.models import CompanyPublic


class ContactItem(BaseModel):
    """A person at a company; an opted-out contact's email and phone are never shown."""

    id: int | None
    name: str
    title: str | None = None
    function: str | None = None
    seniority: str | None = None
    email: str | None = None
    email_status: str | None = None
    email_source: str | None = None  # who found the email ("demo", "hunter", "registre"…)
    email_found_on: date | None = None
    phone: str | None = None
    linkedin_url: str | None = None
    opted_out: bool = False
    source: str | None = None


class SignalItem(BaseModel):
    """A buying signal."""

    kind: str
    title: str
    detail: str | None = None
    url: str | None = None
    occurred_on: date | None = None
    strength: float | None = None
    source: str | None = None
    negative: bool = Field(False, description="insolvency, deregistration: a worse prospect")


class IntentReason(BaseModel):
    """One signal's part in an intent score."""

    kind: str
    title: str
    occurred_on: date | None = None
    points: float


class IntentItem(BaseModel):
    """A company's buying-intent score (-100..100) and the signals that weigh most."""

    score: int
    signal_count: int = 0
    reasons: list[IntentReason] = Field(default_factory=list)
    as_of: date | None = Field(None, description="the day the score is for (signals age)")


class EngagementSummary(BaseModel):
    """How many engagement events a company has, by kind."""

    total: int = 0
    by_kind: dict[str, int] = Field(default_factory=dict)
    last_at: datetime | None = None


class CompanyArtifact(BaseModel):
    """One company in full, from `get_company`."""

    kind: Literal["company"] = "company"
    company: CompanyPublic
    contacts: list[ContactItem] = Field(default_factory=list)
    signals: list[SignalItem] = Field(default_factory=list)
    leads: list[LeadItem] = Field(default_factory=list)
    engagement: EngagementSummary = Field(default_factory=EngagementSummary)
    intent: IntentItem | None = Field(None, description="buying intent from its signals, and why")
    source: str = "local"
