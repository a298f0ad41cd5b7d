"""Where the company source is chosen: one `match` on `FILON_COMPANY_SOURCE`."""

from __future__ import annotations

import httpx
from sqlalchemy.engine import Engine

from agent.search.ports import CompanySource
from agent.settings import Settings


def build_company_source(
    settings: Settings, engine: Engine, client: httpx.AsyncClient
) -> CompanySource:
    """The configured source: `local` store, public `api`, or `auto` (local, then the API)."""
    match settings.company_source:
        case "local":
            from agent.search.local import LocalSource

            return LocalSource(engine)
        case "api":
            return _api_source(settings, client)
        case "auto":
            from agent.search.auto import AutoSource
            from agent.search.local import LocalSource

            return AutoSource(LocalSource(engine), _api_source(settings, client), engine)


def _api_source(settings: Settings, client: httpx.AsyncClient) -> CompanySource:
    from agent.http import OutsideApi, RetryPolicy, SharedWindowLimiter
    from agent.search.recherche import RATE_LIMIT, VENDOR, RechercheEntreprisesSource

    api = OutsideApi(
        VENDOR,
        client,
        limiter=SharedWindowLimiter.for_vendor(settings.home, VENDOR, rate=RATE_LIMIT),
        policy=RetryPolicy.for_timeout(settings.http_timeout),
    )
    return RechercheEntreprisesSource(api, base_url=settings.recherche_base_url)
