"""`CompanySource` that searches the local store first and the public API when it has nothing.

What the API returns is cached in the store (companies and their registry officers), so the
same search is answered locally next time; `officers` fetches those of a company imported from
the SIRENE files (which name no one). When the API cannot be used (offline, failing,
rate limited, answering garbage, query too vague for it) the local page comes back with a
notice, never an error; a request the API refuses (`ApiRejected`) is a bug and goes up.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.engine import Engine

from agent.http import ApiMalformed, ApiRateLimited, ApiUnavailable
from agent.search.errors import QueryTooVague
from agent.search.notices import Notice, NoticeCode
from agent.search.ports import CompanySource, SourcePage
from store.models import Contact
from store.repositories.companies import upsert_companies
from store.repositories.contacts import upsert_officers
from store.search.query import CompanyQuery


class AutoSource:
    """Local store first; on a miss, the remote source, whose answer is cached locally."""

    name = "auto"

    def __init__(self, local: CompanySource, remote: CompanySource, engine: Engine) -> None:
        self.local = local
        self.remote = remote
        self.engine = engine

    async def search(self, query: CompanyQuery) -> SourcePage:
        """The local page when it has results (or the query is about signals, which only the
        store holds), else the remote one (cached on the way)."""
        page = await self.local.search(query)
        if page.total > 0:
            return page
        if query.uses_signals:  # the API knows no signal: its companies would not have them
            return page
        try:
            remote = await self.remote.search(query)
        except ApiUnavailable:
            return _noticed(page, "offline")
        except ApiRateLimited:
            return _noticed(page, "api_busy")
        except ApiMalformed:
            return _noticed(page, "api_malformed")
        except QueryTooVague:
            return _noticed(page, "api_too_vague")
        if remote.companies:
            await asyncio.to_thread(self._cache, remote)
        return remote

    async def officers(self, siren: str) -> list[Contact] | None:
        """The legal officers of a company the store holds without them (imported from the
        SIRENE files, which name no one), from the API and cached; None when it cannot say."""
        try:
            page = await self.remote.search(CompanyQuery(text=siren, limit=1))
        except (ApiUnavailable, ApiRateLimited, ApiMalformed, QueryTooVague):
            return None
        if not page.companies or page.companies[0].siren != siren:
            return None
        officers = page.officers.get(siren, [])
        await asyncio.to_thread(
            upsert_officers, self.engine, company_siren=siren, officers=officers
        )
        return officers

    def _cache(self, page: SourcePage) -> None:
        upsert_companies(self.engine, companies=page.companies)
        for siren, officers in page.officers.items():
            upsert_officers(self.engine, company_siren=siren, officers=officers)


def _noticed(page: SourcePage, code: NoticeCode) -> SourcePage:
    return page.model_copy(update={"notices": [*page.notices, Notice(code=code)]})
