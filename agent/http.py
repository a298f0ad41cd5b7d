"""The long-lived HTTP client Filon's adapters share, built at the edge from Settings."""

from __future__ import annotations

import httpx

from agent.settings import Settings

USER_AGENT = "Filon/0.1 (+https://github.com/filon-crm/filon)"


def make_http_client(settings: Settings) -> httpx.AsyncClient:
    """One client for the whole run: timeouts from `FILON_HTTP_TIMEOUT`, a descriptive User-Agent."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(settings.http_timeout),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        follow_redirects=True,
    )
