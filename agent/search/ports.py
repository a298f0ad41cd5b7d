"""The `CompanySource` port: where company search results come from (store, public API, both)."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, Field

from agent.search.notices import Notice
from store.models import Company, Contact
from store.search.query import CompanyQuery


class SourcePage(BaseModel):
    """One page of companies from a source, with the legal officers it knows of."""

    source: str = Field(description="Which source answered: local, api")
    total: int = Field(description="How many companies match in all")
    companies: list[Company] = Field(default_factory=list)
    officers: dict[str, list[Contact]] = Field(
        default_factory=dict, description="SIREN -> officers from the business register"
    )
    total_is_estimate: bool = Field(
        False, description="Some filters were applied to fetched pages: total is an upper bound"
    )
    total_is_lower_bound: bool = Field(
        False, description="Counting stopped there: at least `total` companies match"
    )
    relaxed: bool = Field(False, description="No company held every word: any word matched")
    note: str | None = Field(
        None, description="A source's own remark, free English text (shown as a source_note)"
    )
    notices: list[Notice] = Field(
        default_factory=list, description="What the rep should know about this page, as data"
    )

    def all_notices(self) -> list[Notice]:
        """The notices, with the free `note` (if any) as a `source_note` at the end."""
        if not self.note:
            return list(self.notices)
        return [*self.notices, Notice(code="source_note", values={"text": self.note})]

    @property
    def total_bound(self) -> Literal["exact", "at_least", "at_most"]:
        """Whether `total` is exact, a lower bound or an upper bound."""
        if self.total_is_lower_bound:
            return "at_least"
        return "at_most" if self.total_is_estimate else "exact"


class CompanySource(Protocol):
    """Anything that answers a `CompanyQuery` with a page of companies."""

    name: str

    async def search(self, query: CompanyQuery) -> SourcePage:
        """Companies matching the query, `query.limit` at most, from `query.offset`."""
        ...
