"""The API Recherche d'entreprises adapter under faults (429, 5xx, network, 4xx), its
throttle, and the real HTTP client against a local server."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from recherche_fakes import (
    DATA,
    FakeClock,
    Recorder,
    make_source,
    ok,
    search,
    synthetic_pages,
)

from agent.http import USER_AGENT, make_http_client
from agent.search.errors import SourceRateLimited, SourceRejected, SourceUnavailable
from agent.search.recherche import RechercheEntreprisesSource
from agent.search.throttle import Throttle
from agent.settings import Settings
from store.search.query import CompanyQuery


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- faults -----------------------------------------------------------------------------------


async def test_429_waits_for_retry_after_then_retries(clock: FakeClock) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "3"}, json={"erreur": "Trop de requêtes"})
    page, recorder = await search(CompanyQuery(text="ondilab"), limited, ok(), clock=clock)

    assert len(recorder.requests) == 2
    assert clock.sleeps == [3.0]
    assert page.total == 3


async def test_429_that_persists_is_rate_limited(clock: FakeClock) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "2"})
    with pytest.raises(SourceRateLimited) as caught:
        await search(CompanyQuery(text="ondilab"), limited, clock=clock)

    assert caught.value.retry_after == 2.0
    assert clock.sleeps == [2.0, 2.0]  # two bounded retries, then give up


async def test_429_with_a_long_retry_after_gives_up_at_once(clock: FakeClock) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "3600"})
    with pytest.raises(SourceRateLimited, match="wait a minute"):
        await search(CompanyQuery(text="ondilab"), limited, clock=clock)

    assert clock.sleeps == []


async def test_500_then_success_is_retried_with_backoff(clock: FakeClock) -> None:
    failure = httpx.Response(500, json={"erreur": "Erreur interne"})
    page, recorder = await search(CompanyQuery(text="ondilab"), failure, ok(), clock=clock)

    assert len(recorder.requests) == 2
    assert clock.sleeps == [0.5]
    assert page.total == 3


async def test_5xx_that_persists_is_unavailable(clock: FakeClock) -> None:
    failure = httpx.Response(503, text="<html>Service Unavailable</html>")
    with pytest.raises(SourceUnavailable, match="HTTP 503"):
        await search(CompanyQuery(text="ondilab"), failure, clock=clock)

    assert clock.sleeps == [0.5, 1.0]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (httpx.ReadTimeout("read timed out"), "did not answer in time"),
        (httpx.ConnectTimeout("connect timed out"), "did not answer in time"),
        (httpx.ConnectError("[Errno -3] Temporary failure in name resolution"), "no network"),
    ],
)
async def test_network_failures_are_unavailable_with_what_to_do(
    error: Exception, reason: str, clock: FakeClock
) -> None:
    recorder = Recorder(error)
    with pytest.raises(SourceUnavailable) as caught:
        await make_source(recorder, clock).search(CompanyQuery(text="ondilab"))

    message = str(caught.value)
    assert reason in message
    assert "FILON_COMPANY_SOURCE=local" in message
    # A connection that cannot even be opened means offline: no point making the user wait.
    assert len(recorder.requests) == (1 if isinstance(error, httpx.ConnectError) else 3)


@pytest.mark.parametrize("status", [400, 404])
async def test_4xx_is_rejected_with_the_api_message(status: int) -> None:
    body = json.loads((DATA / "error_400.json").read_text(encoding="utf-8"))
    refused = httpx.Response(status, json=body)
    with pytest.raises(SourceRejected, match="au moins un paramètre") as caught:
        await search(CompanyQuery(text="ondilab"), refused)

    assert caught.value.status_code == status


async def test_a_non_json_answer_is_unavailable() -> None:
    portal = httpx.Response(200, text="<html>Wi-Fi login</html>")
    with pytest.raises(SourceUnavailable, match="not JSON"):
        await search(CompanyQuery(text="ondilab"), portal)


# --- throttle ---------------------------------------------------------------------------------


def assert_at_most_per_second(starts: list[float], rate: int) -> None:
    for index in range(len(starts) - rate):
        assert starts[index + rate] - starts[index] >= 1.0 - 1e-9, starts


async def test_throttle_never_exceeds_seven_requests_per_second(clock: FakeClock) -> None:
    throttle = Throttle(clock=clock, sleep=clock.sleep)
    starts: list[float] = []

    async def request() -> None:
        await throttle.acquire()
        starts.append(clock())

    await asyncio.gather(*(request() for _ in range(30)))

    assert len(starts) == 30
    assert_at_most_per_second(starts, 7)
    assert starts[:7] == [0.0] * 7  # a burst that fits goes at once
    assert starts[7] == 1.0
    assert starts[-1] == 4.0  # and no slower than needed


async def test_every_request_of_a_source_goes_through_the_throttle(clock: FakeClock) -> None:
    recorder = Recorder(synthetic_pages(1000))
    source = make_source(recorder, clock)
    starts: list[float] = []
    original = recorder.__call__

    def timed(request: httpx.Request) -> httpx.Response:
        starts.append(clock())
        return original(request)

    source.client = httpx.AsyncClient(transport=httpx.MockTransport(timed))
    await source.search(CompanyQuery(naf_codes=["62.01Z"], limit=250))

    assert len(starts) == 10
    assert_at_most_per_second(starts, 7)
    assert clock.sleeps == [1.0]


# --- a real HTTP server -----------------------------------------------------------------------


@pytest.fixture
def recherche_server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The fixture page served by a real HTTP server on a free loopback port."""
    seen: list[dict[str, Any]] = []
    body = (DATA / "search_page.json").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append({"path": self.path, "user_agent": self.headers.get("User-Agent")})
            status, payload = (200, body) if self.path.startswith("/search?") else (404, b"{}")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


async def test_real_client_against_a_local_server(
    recherche_server: tuple[str, list[dict[str, Any]]],
) -> None:
    base_url, seen = recherche_server
    settings = Settings(FILON_RECHERCHE_BASE_URL=base_url + "/", FILON_HTTP_TIMEOUT=5)
    async with make_http_client(settings) as client:
        source = RechercheEntreprisesSource(
            client, base_url=settings.recherche_base_url, throttle=Throttle()
        )
        page = await source.search(CompanyQuery(text="ondilab", cities=["Lyon"]))

    assert [c.siren for c in page.companies] == ["355512575", "240040410", "114139017"]
    assert len(page.officers["355512575"]) == 3
    assert len(seen) == 1
    path, _, query = seen[0]["path"].partition("?")
    params = dict(parse_qsl(query))
    assert path == "/search"
    assert (params["q"], params["etat_administratif"]) == ("ondilab", "A")
    assert params["code_commune"].split(",")[:2] == ["69381", "69382"]
    assert seen[0]["user_agent"] == USER_AGENT


def test_one_throttle_serves_successive_event_loops() -> None:
    clock = FakeClock()
    throttle = Throttle(rate=1, clock=clock, sleep=clock.sleep)

    async def two_at_once() -> None:
        await asyncio.gather(throttle.acquire(), throttle.acquire())

    asyncio.run(two_at_once())
    asyncio.run(two_at_once())

    assert clock.sleeps == [1.0, 1.0, 1.0]
