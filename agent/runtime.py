"""The one composition root: everything a run needs that outlives a request, opened together.

    async with open_runtime(settings) as runtime:
        async with open_chat_session(runtime, user="alice.martin") as chat: ...
        page = await runtime.companies.search(query)

The CLI, the chat session, the web UI and background workers all start here, so a client (the
store engine, the shared HTTP client, the company sources, the enrichment providers, the signal
sources and the CRMs) is built in exactly one place and closed when the block ends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy.engine import Engine

from agent.context import FilonContext, Role
from agent.crm.factory import build_crm
from agent.crm.ports import CrmClient
from agent.crm.records import CrmName
from agent.enrichment.factory import build_enricher
from agent.enrichment.runs import Enricher
from agent.http import make_http_client
from agent.search.factory import build_company_source
from agent.search.ports import CompanySource
from agent.settings import CompanySourceName, Settings
from agent.signals.factory import build_signal_sources
from agent.signals.ports import SignalSource
from agent.slack import SlackApi, build_slack
from agent.users.names import load_names
from store.db import open_store


def open_engine(settings: Settings) -> Engine:
    """The store's engine, its schema migrated to the latest revision."""
    settings.ensure_home()
    return open_store(settings.database_url)


@dataclass(frozen=True)
class Runtime:
    """The open clients of one process: settings, store, HTTP client, company source,
    enrichment waterfall, signal sources."""

    settings: Settings
    engine: Engine
    http: httpx.AsyncClient
    companies: CompanySource
    enricher: Enricher
    signal_sources: tuple[SignalSource, ...] = ()

    def company_source(self, name: CompanySourceName) -> CompanySource:
        """Another company source (`local`, `api`, `auto`) on the same store and HTTP client."""
        if name == self.settings.company_source:
            return self.companies
        settings = self.settings.model_copy(update={"company_source": name})
        return build_company_source(settings, self.engine, self.http)

    def context(
        self, *, user: str = "rep", role: Role = "rep", companies: CompanySource | None = None
    ) -> FilonContext:
        """What a graph run of `user` carries: these clients and who is asking."""
        return FilonContext(
            settings=self.settings,
            engine=self.engine,
            companies=companies or self.companies,
            user=user,
            role=role,
            enricher=self.enricher,
            signal_sources=self.signal_sources,
            crm_clients=self.crm_client,
            slack=self.slack,
        )

    def crm_client(self, name: CrmName) -> CrmClient:
        """The adapter of CRM `name` on the shared HTTP client (`CrmNotConfigured` without
        its keys)."""
        return build_crm(name, self.settings, self.http)

    def slack(self) -> SlackApi:
        """Slack's Web API client on the shared HTTP client (`SlackNotConfigured` without
        SLACK_BOT_TOKEN)."""
        return build_slack(self.settings, self.http)

    def enricher_for(self, names: tuple[str, ...]) -> Enricher:
        """The waterfall of these providers, in this order, on the same store and client."""
        return build_enricher(self.settings, self.engine, self.http, names)


@asynccontextmanager
async def open_runtime(
    settings: Settings, *, engine: Engine | None = None
) -> AsyncIterator[Runtime]:
    """Open the store (unless `engine` is given: then the caller closes it) and the HTTP
    client, build the configured company source, read the users' display names, and close what
    was opened here on exit."""
    owned = engine is None
    store = open_engine(settings) if engine is None else engine
    try:
        load_names(store)
        async with make_http_client(settings) as client:
            yield Runtime(
                settings=settings,
                engine=store,
                http=client,
                companies=build_company_source(settings, store, client),
                enricher=build_enricher(settings, store, client),
                signal_sources=tuple(build_signal_sources(settings, client)),
            )
    finally:
        if owned:
            store.dispose()
