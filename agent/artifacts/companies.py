"""What search and company tools hand to UIs: a page of companies, one company in full."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.artifacts.company import SignalItem
from agent.search.notices import Notice
from store.models import CompanyPublic

TotalBound = Literal["exact", "at_least", "at_most"]


class CompaniesArtifact(BaseModel):
    """A page of companies from `search_companies`."""

    kind: Literal["companies"] = "companies"
    total: int
    total_bound: TotalBound = Field(
        "exact",
        description="at_least: counting stopped at `total`; at_most: some filters were checked "
        "on fetched pages only, so `total` is an upper bound",
    )
    relaxed: bool = Field(False, description="No company held every word: any word matched")
    query: dict[str, Any] = Field(description="The CompanyQuery that ran, as JSON")
    companies: list[CompanyPublic]
    source: str
    suppressed: list[str] = Field(
        default_factory=list,
        description="SIRENs of the companies shown that are on the suppression list: never contact",
    )
    leads: list[str] = Field(
        default_factory=list, description="SIRENs of the companies shown that are leads already"
    )
    own_leads: list[str] = Field(
        default_factory=list,
        description="SIRENs of the companies shown that are leads of the user asking",
    )
    intent: dict[str, int] = Field(
        default_factory=dict,
        description="SIREN -> buying-intent score (-100..100) of the companies shown with signals",
    )
    highlights: dict[str, SignalItem] = Field(
        default_factory=dict,
        description="SIREN -> the latest signal of the kinds the search asked for (or the one "
        "that weighs most in its intent)",
    )
    notices: list[Notice] = Field(
        default_factory=list,
        description="What the rep should know about this page (codes and values; worded by "
        "agent.search.notices in the reader's language)",
    )
