"""What `enrich_contacts` hands to UIs: the people after the waterfall, company by company,
each email with its status and source, what the run did for each person (and the providers'
trail), and the run's summary: counts, calls and cost per provider, the budget."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

from agent.artifacts.contacts import CompanyContacts


class TrailStep(BaseModel):
    """One provider's part for one person: asked (found, not found), answered from the cache,
    failed, dropped (refused key, no credits) or not asked (budget reached)."""

    provider: str
    outcome: str
    email: str | None = None
    status: str | None = None
    note: str | None = None


class PersonRun(BaseModel):
    """How the run went for one person (`outcome`: found, improved, already, not_found,
    over_budget, no_name) and the trail of providers asked."""

    contact_id: int
    outcome: str
    trail: list[TrailStep] = Field(default_factory=list)


class EnrichmentSummary(BaseModel):
    """Counts and costs of a run (credits)."""

    contacts: int = 0
    already: int = 0
    asked: int = 0
    found: int = 0
    verified: int = 0
    catch_all: int = 0
    over_budget: int = 0
    calls: dict[str, int] = Field(default_factory=dict)
    cached: dict[str, int] = Field(default_factory=dict)
    cost: dict[str, float] = Field(default_factory=dict)
    budget: float | None = None
    budget_reached: bool = False
    stopped: dict[str, str] = Field(default_factory=dict)
    missing_key: list[str] = Field(default_factory=list)
    providers: list[str] = Field(default_factory=list)
    suppressed_companies: int = 0
    # companies whose people were looked up with no known domain (no website) and got no email
    no_domain: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total_cost(self) -> float:
        """Credits spent in all."""
        return round(sum(self.cost.values()), 2)


class EnrichmentArtifact(BaseModel):
    """The people of a company, of several or of a lead list after enrichment."""

    kind: Literal["enrichment"] = "enrichment"
    run_id: str
    roles: list[str] = Field(default_factory=list)
    list_name: str | None = None
    companies: list[CompanyContacts] = Field(default_factory=list)
    runs: list[PersonRun] = Field(default_factory=list)
    summary: EnrichmentSummary = Field(default_factory=EnrichmentSummary)
    others: list[CompanyContacts] = Field(
        default_factory=list,
        description="Everyone known at the companies where nobody holds the roles asked",
    )

    def run_of(self, contact_id: int | None) -> PersonRun | None:
        """How the run went for this contact (None: not in the run)."""
        return next((run for run in self.runs if run.contact_id == contact_id), None)
