"""Where the signal sources are built: each on the shared HTTP client, with its machine-wide
rate limit and the deadlines of `FILON_HTTP_TIMEOUT`. BODACC today; a job board or a news
feed is one more arm of the `match` and one more name in `SOURCES`."""

from __future__ import annotations

import httpx

from agent.http import OutsideApi, RetryPolicy, SharedWindowLimiter
from agent.settings import Settings
from agent.signals.ports import SignalSource

SOURCES = ("bodacc",)
# Requests per second, shared by every process of the machine. BODACC's portal (DILA on
# Opendatasoft, no key) documents no rate: 5/s is a polite pace of our own choosing, enough
# to page a department's month (a few thousand notices, 100 a page) in seconds.
RATES = {"bodacc": 5}


def build_signal_sources(settings: Settings, client: httpx.AsyncClient) -> list[SignalSource]:
    """Every signal source, in the order to ask them."""
    return [_build(name, settings, client) for name in SOURCES]


def _build(name: str, settings: Settings, client: httpx.AsyncClient) -> SignalSource:
    match name:
        case "bodacc":
            from agent.signals.bodacc import BodaccSource

            return BodaccSource(_api(name, settings, client), base_url=settings.bodacc_base_url)
    raise ValueError(f"unknown signal source {name!r}")


def _api(vendor: str, settings: Settings, client: httpx.AsyncClient) -> OutsideApi:
    return OutsideApi(
        vendor,
        client,
        limiter=SharedWindowLimiter.for_vendor(settings.home, vendor, rate=RATES[vendor]),
        policy=RetryPolicy.for_timeout(settings.http_timeout),
    )
