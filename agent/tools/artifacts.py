"""The structured results tools hand to UIs next to their text for the model.

Every artifact has a `kind`; `ArtifactAdapter` validates any of them from JSON, so a UI
can re-read a ToolMessage's artifact without knowing which tool made it.
"""

from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter

CompanyRecord = dict[str, Any]  # agent.search.present.company_record


class CompaniesArtifact(BaseModel):
    """A page of companies from `search_companies`."""

    kind: Literal["companies"] = "companies"
    total: int
    query: dict[str, Any] = Field(description="The CompanyQuery that ran, as JSON")
    companies: list[CompanyRecord]
    source: str
    note: str | None = None


class ContactItem(BaseModel):
    """A person at a company; an opted-out contact's email and phone are never shown."""

    id: int | None
    name: str
    title: str | None = None
    function: str | None = None
    seniority: str | None = None
    email: str | None = None
    email_status: str | None = None
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


class LeadItem(BaseModel):
    """A lead: a company in a list, with its stage and owner."""

    id: int | None
    list_id: int | None = None
    list_name: str
    siren: str
    name: str
    city: str | None = None
    naf_label: str | None = None
    headcount_label: str | None = None
    stage: str
    owner: str | None = None
    score: int | None = None
    created_at: datetime


class EngagementSummary(BaseModel):
    """How many engagement events a company has, by kind."""

    total: int = 0
    by_kind: dict[str, int] = Field(default_factory=dict)
    last_at: datetime | None = None


class CompanyArtifact(BaseModel):
    """One company in full, from `get_company`."""

    kind: Literal["company"] = "company"
    company: CompanyRecord
    contacts: list[ContactItem] = Field(default_factory=list)
    signals: list[SignalItem] = Field(default_factory=list)
    leads: list[LeadItem] = Field(default_factory=list)
    engagement: EngagementSummary = Field(default_factory=EngagementSummary)
    source: str = "local"


class ListInfo(BaseModel):
    """A lead list's identity."""

    id: int
    name: str
    owner: str | None = None
    description: str | None = None
    created_at: datetime


# A field named `list` hides the builtin inside its class body: these aliases stand in.
Sirens = list[str]
LeadItems = list[LeadItem]


class LeadListArtifact(BaseModel):
    """What `create_lead_list` or `add_to_list` did to a list."""

    kind: Literal["lead_list"] = "lead_list"
    list: ListInfo
    created: bool
    added: Sirens = Field(default_factory=builtins.list)
    already_there: Sirens = Field(default_factory=builtins.list)
    skipped: Sirens = Field(default_factory=builtins.list, description="SIRENs not in the store")
    leads: LeadItems = Field(default_factory=builtins.list)


class LeadsArtifact(BaseModel):
    """Leads from `list_leads`."""

    kind: Literal["leads"] = "leads"
    list: ListInfo | None = None  # the list asked for; None for every list
    stage: str | None = None
    owner: str | None = None
    total: int
    leads: LeadItems = Field(default_factory=builtins.list)


class PeriodInfo(BaseModel):
    """A range of days, both ends included."""

    label: str = Field(description="week, month, quarter, year or custom")
    start: date
    end: date


class ConversionItem(BaseModel):
    """Of `reached` leads at one stage, `converted` reached the next; rate in 0–1."""

    reached: int
    converted: int
    rate: float | None


class TrendItem(BaseModel):
    """A count in this period and the previous one."""

    current: int
    previous: int
    change_pct: float | None


class OwnerItem(BaseModel):
    """One owner's leads: stages now, activity in the period."""

    owner: str | None
    stages: dict[str, int]
    new_leads: int
    new_sqls: int
    won: int


class PipelineArtifact(BaseModel):
    """The pipeline summary from `pipeline_summary`."""

    kind: Literal["pipeline"] = "pipeline"
    period: PeriodInfo
    previous: PeriodInfo
    owner: str | None = None
    total: int
    stages: dict[str, int]
    conversion: dict[str, float | None] = Field(
        description="new_to_mql, mql_to_sql, sql_to_won rates in 0–1; null when nothing to convert"
    )
    conversion_counts: dict[str, ConversionItem]
    new_leads: int
    new_sqls: int
    won: int
    trend: dict[str, TrendItem]
    owners: list[OwnerItem] = Field(default_factory=list)


Artifact = Annotated[
    CompaniesArtifact | CompanyArtifact | LeadListArtifact | LeadsArtifact | PipelineArtifact,
    Field(discriminator="kind"),
]
ArtifactAdapter: TypeAdapter[Artifact] = TypeAdapter(Artifact)
