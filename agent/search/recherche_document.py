"""The documented shape of a `GET /search` answer of the API Recherche d'entreprises, checked
before anything is read from it: a body that does not fit is `ApiMalformed`, one line.

Only what Filon reads is declared (with the types it reads them as); the rest of a result is
kept as it came (`extra="allow"`) for `recherche_results` to map.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class SearchResult(BaseModel):
    """One company (unité légale) of a search page."""

    model_config = ConfigDict(extra="allow")

    siren: str
    siege: dict[str, Any] | None = None
    dirigeants: list[Any] | None = None
    complements: dict[str, Any] | None = None
    finances: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        """The result as the API sent it (declared fields and the others)."""
        return self.model_dump()


class SearchDocument(BaseModel):
    """One page of search results."""

    results: list[SearchResult]
    total_results: int = Field(ge=0)
    total_pages: int | None = Field(None, ge=0)
