"""The long-lived HTTP client Filon's adapters share, built at the edge from Settings."""

from __future__ import annotations

import httpx

from agent.settings import Settings

USER_AGENT = "Filon/0.1 (+https://github.com/filon-crm/filon)"


def make_http_client(settings: Settings) -> httpx.AsyncClient:
    """One client for the whole run: a descriptive User-Agent, per-operation timeouts.

    httpx's timeouts bound each connect and each read, not a whole request (a server that
    drips a byte per second never trips them): `OutsideApi` adds the whole-request deadline.
    """
    return httpx.AsyncClient(
        timeout=httpx.Timeout(settings.http_timeout),
        headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        follow_redirects=True,
    )
