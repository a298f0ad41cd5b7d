"""`CompanySource` over the local store (demo data, imported SIRENE files, cached API results)."""

from __future__ import annotations

import asyncio

from sqlalchemy.engine import Engine

from agent.search.ports import SourcePage
from store.search.query import CompanyQuery
from store.search.sql import search_companies


class LocalSource:
    """Full-text and filter search in the store; the blocking SQL runs in a worker thread."""

    name = "local"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def search(self, query: CompanyQuery) -> SourcePage:
        """Companies of the local store matching the query."""
        page = await asyncio.to_thread(search_companies, self.engine, query=query)
        return SourcePage(
            source=self.name,
            total=page.total,
            companies=page.companies,
            total_is_lower_bound=page.total_is_lower_bound,
            relaxed=page.relaxed,
        )
