"""The API Recherche d'entreprises adapter under faults (429, 5xx, network, 4xx, malformed
bodies), its rate limit, and the real HTTP client against a local server."""

from __future__ import annotations

import asyncio
import copy
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from recherche_fakes import (
    DATA,
    FakeClock,
    Recorder,
    fixture_page,
    make_source,
    ok,
    search,
    synthetic_pages,
)
from recherche_server import recherche_server

from agent.http import (
    USER_AGENT,
    ApiMalformed,
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
    WindowLimiter,
    make_http_client,
)
from agent.search.factory import build_company_source
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
    with pytest.raises(ApiRateLimited) as caught:
        await search(CompanyQuery(text="ondilab"), limited, clock=clock)

    assert caught.value.retry_after == 2.0
    assert caught.value.user_message("en") == (
        "Recherche d'entreprises API is limiting the number of requests: try again in 2 s."
    )
    assert clock.sleeps == [2.0, 2.0]  # two bounded retries, then give up


async def test_429_with_a_long_retry_after_gives_up_at_once(clock: FakeClock) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "3600"})
    with pytest.raises(ApiRateLimited) as caught:
        await search(CompanyQuery(text="ondilab"), limited, clock=clock)

    assert clock.sleeps == []
    assert caught.value.retry_after == 3600
    assert "réessayez dans 3\u202f600 s" in caught.value.user_message("fr")


async def test_500_then_success_is_retried_with_backoff(clock: FakeClock) -> None:
    failure = httpx.Response(500, json={"erreur": "Erreur interne"})
    page, recorder = await search(CompanyQuery(text="ondilab"), failure, ok(), clock=clock)

    assert len(recorder.requests) == 2
    assert clock.sleeps == [0.5]
    assert page.total == 3


async def test_5xx_that_persists_is_unavailable(clock: FakeClock) -> None:
    failure = httpx.Response(503, text="<html>Service Unavailable</html>")
    with pytest.raises(ApiUnavailable, match="HTTP 503") as caught:
        await search(CompanyQuery(text="ondilab"), failure, clock=clock)

    assert clock.sleeps == [0.5, 1.0]
    assert caught.value.user_message("fr").startswith(
        "API Recherche d'entreprises en panne (erreur HTTP 503) : réessayez dans un moment."
    )


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (httpx.ReadTimeout("read timed out"), "did not answer in time"),
        (httpx.ConnectTimeout("connect timed out"), "did not answer in time"),
        (httpx.ConnectError("[Errno -3] Temporary failure in name resolution"), "no network"),
        (httpx.RemoteProtocolError("peer closed connection"), "network error"),
    ],
)
async def test_network_failures_are_unavailable_with_what_to_do(
    error: Exception, reason: str, clock: FakeClock
) -> None:
    recorder = Recorder(error)
    with pytest.raises(ApiUnavailable) as caught:
        await make_source(recorder, clock).search(CompanyQuery(text="ondilab"))

    message = caught.value.user_message("en")
    assert reason in message
    assert message.endswith("To search the local store only: FILON_COMPANY_SOURCE=local.")
    # A connection that cannot even be opened means offline: no point making the user wait.
    assert len(recorder.requests) == (1 if isinstance(error, httpx.ConnectError) else 3)


@pytest.mark.parametrize("status", [400, 404])
async def test_4xx_is_rejected_with_the_api_message(status: int) -> None:
    body = json.loads((DATA / "error_400.json").read_text(encoding="utf-8"))
    refused = httpx.Response(status, json=body)
    with pytest.raises(ApiRejected, match="au moins un paramètre") as caught:
        await search(CompanyQuery(text="ondilab"), refused)

    assert caught.value.status_code == status
    assert caught.value.message == "Veuillez indiquer au moins un paramètre de recherche."


# --- malformed answers ------------------------------------------------------------------------


def page_with(change: Any) -> dict[str, Any]:
    body = copy.deepcopy(fixture_page())
    change(body)
    return body


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        (httpx.Response(200, text="<html>Wi-Fi login</html>"), None),
        (httpx.Response(200, json=[1, 2]), None),
        (
            httpx.Response(200, json=page_with(lambda b: b["results"][1].pop("siren"))),
            "results.1.siren",
        ),
        (
            httpx.Response(200, json=page_with(lambda b: b.update(total_results="many"))),
            "total_results",
        ),
        (httpx.Response(200, json=page_with(lambda b: b.pop("results"))), "results"),
        (httpx.Response(200, json=page_with(lambda b: b.update(results={"a": 1}))), "results"),
        (
            httpx.Response(200, json=page_with(lambda b: b["results"][0].update(siege="x"))),
            "results.0.siege",
        ),
        (
            httpx.Response(200, json=page_with(lambda b: b["results"][0].update(siren=355512575))),
            "results.0.siren",
        ),
    ],
    ids=[
        "html",
        "array",
        "siren-missing",
        "total-many",
        "no-results",
        "results-object",
        "siege-text",
        "siren-number",
    ],
)
async def test_a_malformed_answer_is_one_typed_error(
    answer: httpx.Response, field: str | None, clock: FakeClock
) -> None:
    recorder = Recorder(answer)
    with pytest.raises(ApiMalformed) as caught:
        await make_source(recorder, clock).search(CompanyQuery(text="ondilab"))

    assert caught.value.field == field
    assert len(recorder.requests) == 1  # the API answered: asking again would not help
    for language in ("fr", "en"):
        message = caught.value.user_message(language)
        assert "\n" not in message and len(message) < 200, message
        assert field is None or field in message
    assert "\n" not in str(caught.value)


# --- rate limit -------------------------------------------------------------------------------


def assert_at_most_per_second(starts: list[float], rate: int) -> None:
    for index in range(len(starts) - rate):
        assert starts[index + rate] - starts[index] >= 1.0 - 1e-9, starts


async def test_limiter_never_exceeds_seven_requests_per_second(clock: FakeClock) -> None:
    limiter = WindowLimiter(clock=clock, sleep=clock.sleep)
    starts: list[float] = []

    async def request() -> None:
        async with limiter.slot():
            starts.append(clock())

    await asyncio.gather(*(request() for _ in range(30)))

    assert len(starts) == 30
    assert_at_most_per_second(starts, 7)
    assert starts[:7] == [0.0] * 7  # a burst that fits goes at once
    assert starts[7] == 1.0
    assert starts[-1] == 4.0  # and no slower than needed


async def test_every_request_of_a_source_goes_through_the_limiter(clock: FakeClock) -> None:
    recorder = Recorder(synthetic_pages(1000))
    starts: list[float] = []

    def timed(request: httpx.Request) -> httpx.Response:
        starts.append(clock())
        return recorder(request)

    source = make_source(timed, clock)
    await source.search(CompanyQuery(naf_codes=["62.01Z"], limit=250))

    assert len(starts) == 10
    assert_at_most_per_second(starts, 7)
    assert clock.sleeps == [1.0]


# --- a real HTTP server -----------------------------------------------------------------------


async def test_real_client_against_a_local_server(tmp_path: Path) -> None:
    with recherche_server() as server:
        settings = Settings(
            FILON_HOME=tmp_path,
            FILON_COMPANY_SOURCE="api",
            FILON_RECHERCHE_BASE_URL=server.base_url + "/",
            FILON_HTTP_TIMEOUT=5,
        )
        async with make_http_client(settings) as client:
            source = build_company_source(settings, None, client)  # type: ignore[arg-type]
            page = await source.search(CompanyQuery(text="ondilab", cities=["Lyon"]))

    assert [c.siren for c in page.companies] == ["355512575", "240040410", "114139017"]
    assert len(page.officers["355512575"]) == 3
    assert len(server.seen) == 1
    path, _, query = server.seen[0]["path"].partition("?")
    params = dict(parse_qsl(query))
    assert path == "/search"
    assert (params["q"], params["etat_administratif"]) == ("ondilab", "A")
    assert params["code_commune"].split(",")[:2] == ["69381", "69382"]
    assert server.seen[0]["user_agent"] == USER_AGENT
    # the machine-wide window of the API's rate limit lives under FILON_HOME
    assert (tmp_path / "ratelimits" / "recherche").read_text().count("\n") == 1


def test_one_limiter_serves_successive_event_loops() -> None:
    clock = FakeClock()
    limiter = WindowLimiter(rate=1, clock=clock, sleep=clock.sleep)

    async def one() -> None:
        async with limiter.slot():
            pass

    async def two_at_once() -> None:
        await asyncio.gather(one(), one())

    asyncio.run(two_at_once())
    asyncio.run(two_at_once())

    assert clock.sleeps == [1.0, 1.0, 1.0]
