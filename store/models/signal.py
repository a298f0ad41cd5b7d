"""Buying signals about a company: hiring, fundraising, leadership changes, legal notices.

A signal found by a source (BODACC, an imported file, a feed) carries the source's own id
(`external_id`): the same notice found twice is one row. A BODACC rectification or
cancellation names the notice it corrects (`corrects`); the corrected row is then marked
`superseded_by` and no longer read as a signal."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import AutoString, Field, SQLModel

from store.models._time import utcnow


class SignalKind(StrEnum):
    """What kind of event a signal reports."""

    hiring = "hiring"
    fundraising = "fundraising"
    leadership_change = "leadership_change"
    job_change = "job_change"
    new_site = "new_site"
    growth = "growth"
    news = "news"
    # Legal notices (BODACC families)
    creation = "creation"
    sale = "sale"
    modification = "modification"
    accounts_filed = "accounts_filed"
    insolvency = "insolvency"
    deregistration = "deregistration"


LEGAL_KINDS: tuple[SignalKind, ...] = (
    SignalKind.creation,
    SignalKind.sale,
    SignalKind.modification,
    SignalKind.accounts_filed,
    SignalKind.insolvency,
    SignalKind.deregistration,
)
# Signals that make a company a worse prospect (a score subtracts them).
NEGATIVE_KINDS: frozenset[SignalKind] = frozenset(
    {SignalKind.insolvency, SignalKind.deregistration}
)


class Signal(SQLModel, table=True):
    """The `signal` table. `kind` is stored as text: a new source may bring a new kind
    without a schema change."""

    __table_args__ = (Index("ux_signal_source_external_id", "source", "external_id", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    company_siren: str = Field(foreign_key="company.siren", index=True)
    kind: SignalKind = Field(sa_type=AutoString, index=True)
    title: str
    detail: str | None = None
    url: str | None = None
    occurred_on: date | None = Field(default=None, index=True)
    strength: float = Field(default=0.5, ge=0, le=1)
    negative: bool = False
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source: str = Field(default="manual", index=True)
    external_id: str | None = Field(default=None, description="the source's id of the event")
    corrects: str | None = Field(
        default=None, description="external id of the notice this one rectifies or cancels"
    )
    superseded_by: str | None = Field(
        default=None, description="external id of the notice that rectified or cancelled this"
    )
    detected_at: datetime = Field(default_factory=utcnow)


class CompanyIntent(SQLModel, table=True):
    """The `company_intent` table: a company's intent score from its signals, with why.

    `reasons` holds the signals that weigh most, as {kind, title, occurred_on, points};
    the score is as of `computed_on` (signals age), recomputed when signals arrive."""

    __tablename__ = "company_intent"

    company_siren: str = Field(foreign_key="company.siren", primary_key=True)
    score: int = Field(index=True, description="-100 (avoid) to 100 (moving)")
    reasons: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    signal_count: int = 0
    last_signal_on: date | None = None
    computed_on: date
    weights: str = Field(default="", description="fingerprint of the weights it was computed with")
