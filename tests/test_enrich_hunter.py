"""The Hunter provider against a fake Hunter: finder and verifier answers, statuses and
costs, its refusals (key, quota, rate limit), faults (429, 5xx, timeouts, malformed bodies)
and the real HTTP client through a loopback server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from enrich_servers import (
    HUNTER_KEY,
    FakeHunter,
    Handler,
    hunter_error,
    local_server,
    mock_api,
    socket_settings,
)
from recherche_fakes import FakeClock, Recorder

from agent.enrichment.ports import Finding, ProviderStopped, Target
from agent.enrichment.providers.hunter import HunterProvider
from agent.http import (
    ApiMalformed,
    ApiRateLimited,
    ApiUnavailable,
    OutsideApi,
    OutsideApiError,
    RetryPolicy,
    make_http_client,
)
from store.models import EmailStatus

BASE_URL = "https://hunter.test/v2"
CLAIRE = Target(1, "355512575", "Claire", "Martin", "Ondilab", domain="ondilab.fr")


def hunter(handler: Handler, clock: FakeClock) -> HunterProvider:
    api = mock_api("hunter", handler, clock)
    return HunterProvider(api, api_key=HUNTER_KEY, base_url=BASE_URL)


async def find_one(
    target: Target, *answers: httpx.Response | Exception, clock: FakeClock | None = None
) -> tuple[Finding, Recorder]:
    recorder = Recorder(*answers)
    [finding] = await hunter(recorder, clock or FakeClock()).find([target])
    return finding, recorder


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- finder -----------------------------------------------------------------------------------


async def test_a_found_email_is_verified_and_costs_one_credit(clock: FakeClock) -> None:
    fake = FakeHunter(people={("Claire", "Martin"): "claire.martin@ondilab.fr"})
    [finding] = await hunter(fake, clock).find([CLAIRE])

    assert finding == Finding(
        provider="hunter",
        email="claire.martin@ondilab.fr",
        status=EmailStatus.verified,
        score=94,
        note="hunter finder: valid, 1 source(s)",
        cost=1.0,
        extra={"position": "Directeur financier"},
    )
    [request] = fake.requests
    assert request.url.path == "/v2/email-finder"
    assert dict(request.url.params) == {
        "domain": "ondilab.fr",
        "first_name": "Claire",
        "last_name": "Martin",
    }
    assert request.headers["X-API-KEY"] == HUNTER_KEY
    assert HUNTER_KEY not in str(request.url)


async def test_without_a_domain_hunter_is_asked_by_company_name(clock: FakeClock) -> None:
    fake = FakeHunter(people={("Claire", "Martin"): "claire.martin@ondilab.fr"})
    await hunter(fake, clock).find([Target(1, "355512575", "Claire", "Martin", "Ondilab")])

    params = dict(fake.requests[0].url.params)
    assert params["company"] == "Ondilab" and "domain" not in params


@pytest.mark.parametrize(
    ("verification", "status"),
    [
        ({"status": "accept_all", "date": "2026-11-02"}, EmailStatus.catch_all),
        ({"status": "unknown", "date": None}, EmailStatus.unknown),
        ({"status": None, "date": None}, EmailStatus.unknown),
        (None, EmailStatus.unknown),
    ],
)
async def test_finder_verification_maps_to_a_status(
    verification: dict[str, object] | None, status: EmailStatus
) -> None:
    body = {"data": {"email": "c.martin@ondilab.fr", "score": 61, "verification": verification}}
    finding, _ = await find_one(CLAIRE, httpx.Response(200, json=body))

    assert (finding.email, finding.status, finding.cost) == ("c.martin@ondilab.fr", status, 1.0)


async def test_not_found_costs_nothing(clock: FakeClock) -> None:
    [finding] = await hunter(FakeHunter(), clock).find([CLAIRE])

    assert finding == Finding(provider="hunter", note="hunter: no email found", cost=0.0)
    assert not finding.found


async def test_a_finder_404_is_not_found() -> None:
    finding, _ = await find_one(CLAIRE, hunter_error(404, "not_found", "No person found"))

    assert finding.email is None and finding.note == "hunter: no email found"


@pytest.mark.parametrize(
    ("target", "missing"),
    [
        (Target(1, "355512575", "", "Martin", "Ondilab", domain="ondilab.fr"), "first and last"),
        (Target(1, "355512575", "Claire", " ", "Ondilab", domain="ondilab.fr"), "first and last"),
        (Target(1, "355512575", "Claire", "Martin", ""), "domain or company"),
    ],
)
async def test_a_target_hunter_cannot_search_is_not_asked(target: Target, missing: str) -> None:
    finding, recorder = await find_one(target, httpx.Response(500))

    assert finding.email is None and missing in (finding.note or "")
    assert recorder.requests == []


async def test_many_targets_in_order_within_the_concurrency() -> None:
    people = {(f"P{i}", "Martin"): f"p{i}@ondilab.fr" for i in range(0, 12, 2)}
    fake = FakeHunter(people=people)
    in_flight = peak = 0

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return fake(request)

    api = OutsideApi("hunter", httpx.AsyncClient(transport=httpx.MockTransport(slow)))
    provider = HunterProvider(api, api_key=HUNTER_KEY, base_url=BASE_URL, concurrency=3)
    targets = [
        Target(i, "355512575", f"P{i}", "Martin", "Ondilab", "ondilab.fr") for i in range(12)
    ]
    findings = await provider.find(targets)

    assert [f.email for f in findings] == [
        f"p{i}@ondilab.fr" if i % 2 == 0 else None for i in range(12)
    ]
    assert sum(f.cost for f in findings) == 6.0
    assert peak == 3


# --- verifier ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "status"),
    [
        ("valid", EmailStatus.verified),
        ("accept_all", EmailStatus.catch_all),
        ("invalid", EmailStatus.invalid),
        ("webmail", EmailStatus.unknown),
        ("disposable", EmailStatus.unknown),
        ("unknown", EmailStatus.unknown),
    ],
)
async def test_a_known_email_is_verified_for_half_a_credit(
    said: str, status: EmailStatus, clock: FakeClock
) -> None:
    email = "claire@ondilab.fr"
    fake = FakeHunter(statuses={email: said})
    target = Target(1, "355512575", "Claire", "Martin", "Ondilab", "ondilab.fr", email=email)
    [finding] = await hunter(fake, clock).find([target])

    assert (finding.email, finding.status, finding.cost, finding.score) == (email, status, 0.5, 91)
    assert finding.note == f"hunter verifier: {said}"
    [request] = fake.requests
    assert request.url.path == "/v2/email-verifier"
    assert dict(request.url.params) == {"email": email}


# --- refusals ---------------------------------------------------------------------------------


async def test_a_refused_key_stops_hunter(clock: FakeClock) -> None:
    with pytest.raises(ProviderStopped) as caught:
        await hunter(FakeHunter(key="another key"), clock).find([CLAIRE])

    assert (caught.value.provider, caught.value.reason) == ("hunter", "auth")
    assert HUNTER_KEY not in str(caught.value)


@pytest.mark.parametrize(
    "answer",
    [
        hunter_error(402, "payment_required", "Your account has no credits"),
        httpx.Response(402, text="Payment Required"),
        hunter_error(403, "usage_limit", "You have reached your monthly usage limit."),
        hunter_error(403, "plan_limit", "Upgrade your plan to keep searching."),
    ],
    ids=["402", "402-bare", "403-usage", "403-plan"],
)
async def test_a_spent_plan_stops_hunter(answer: httpx.Response) -> None:
    with pytest.raises(ProviderStopped) as caught:
        await find_one(CLAIRE, answer)

    assert caught.value.reason == "quota"


async def test_a_403_rate_limit_is_rate_limited_not_stopped() -> None:
    with pytest.raises(ApiRateLimited):
        await find_one(
            CLAIRE, hunter_error(403, "too_many_requests", "You reached the rate limit.")
        )


async def test_stopping_cancels_the_other_calls_of_the_batch() -> None:
    started: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        started.append(request.url.params["first_name"])
        if request.url.params["first_name"] == "P0":
            return hunter_error(401, "authentication_failed", "Invalid key")
        await asyncio.sleep(0.01)
        return httpx.Response(200, json={"data": {"email": None}})

    api = OutsideApi("hunter", httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    provider = HunterProvider(api, api_key=HUNTER_KEY, base_url=BASE_URL, concurrency=2)
    targets = [Target(i, "355512575", f"P{i}", "Martin", "Ondilab", "ondilab.fr") for i in range(5)]
    with pytest.raises(ProviderStopped):
        await provider.find(targets)
    await asyncio.sleep(0.1)  # time enough for calls left running to reach the server

    assert started[0] == "P0" and len(started) < 5


# --- faults -----------------------------------------------------------------------------------


async def test_429_waits_for_retry_after_then_succeeds(clock: FakeClock) -> None:
    limited = hunter_error(429, "too_many_requests", "Too many requests")
    limited.headers["Retry-After"] = "3"
    found = httpx.Response(200, json=FakeHunter().found("claire.martin@ondilab.fr"))
    finding, recorder = await find_one(CLAIRE, limited, found, clock=clock)

    assert finding.email == "claire.martin@ondilab.fr"
    assert len(recorder.requests) == 2 and clock.sleeps == [3.0]


async def test_429_that_persists_is_rate_limited(clock: FakeClock) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "2"}, json={"errors": []})
    with pytest.raises(ApiRateLimited) as caught:
        await find_one(CLAIRE, limited, clock=clock)

    assert caught.value.retry_after == 2.0 and clock.sleeps == [2.0, 2.0]


async def test_a_429_saying_the_plan_is_spent_stops_hunter(clock: FakeClock) -> None:
    spent = hunter_error(429, "usage_limit", "You have reached your monthly usage limit.")
    spent.headers["Retry-After"] = "1"
    with pytest.raises(ProviderStopped) as caught:
        await find_one(CLAIRE, spent, clock=clock)

    assert caught.value.reason == "quota"


async def test_5xx_is_retried_then_succeeds(clock: FakeClock) -> None:
    found = httpx.Response(200, json=FakeHunter().found("claire.martin@ondilab.fr"))
    finding, recorder = await find_one(CLAIRE, httpx.Response(502), found, clock=clock)

    assert finding.email == "claire.martin@ondilab.fr" and len(recorder.requests) == 2


async def test_5xx_that_persists_is_unavailable(clock: FakeClock) -> None:
    with pytest.raises(ApiUnavailable) as caught:
        await find_one(CLAIRE, httpx.Response(503, text="<html>down</html>"), clock=clock)

    assert caught.value.reason == "server" and clock.sleeps == [0.5, 1.0]


async def test_a_timeout_is_unavailable(clock: FakeClock) -> None:
    with pytest.raises(ApiUnavailable) as caught:
        await find_one(CLAIRE, httpx.ReadTimeout("read timed out"), clock=clock)

    assert caught.value.reason == "timeout"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("<html>Wi-Fi login</html>", None),
        ({"errors": []}, "data"),
        ({"data": {"email": "c@ondilab.fr", "score": 150}}, "data.score"),
        ({"data": {"email": ["c@ondilab.fr"]}}, "data.email"),
    ],
    ids=["html", "no-data", "score-150", "email-list"],
)
async def test_a_malformed_answer_is_malformed(body: object, field: str | None) -> None:
    answer = (
        httpx.Response(200, text=body) if isinstance(body, str) else httpx.Response(200, json=body)
    )
    with pytest.raises(ApiMalformed) as caught:
        await find_one(CLAIRE, answer)

    assert caught.value.field == field


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(401, json={"errors": [{"id": "x", "details": "bad"}]}),
        httpx.Response(500, text="oops"),
        httpx.Response(200, text="not json"),
        httpx.Response(429),
    ],
)
async def test_the_key_is_never_in_an_error(answer: httpx.Response) -> None:
    with pytest.raises((OutsideApiError, ProviderStopped)) as caught:
        await find_one(CLAIRE, answer)

    assert HUNTER_KEY not in str(caught.value)
    assert HUNTER_KEY not in repr(caught.value.args)


# --- a real socket ----------------------------------------------------------------------------


async def test_real_client_against_a_local_hunter(tmp_path: Path) -> None:
    fake = FakeHunter(people={("Claire", "Martin"): "claire.martin@ondilab.fr"})
    known = Target(2, "355512575", "Paul", "Durand", "Ondilab", "ondilab.fr", email="pd@ondilab.fr")
    with local_server(fake) as server:
        async with make_http_client(socket_settings(tmp_path)) as client:
            api = OutsideApi("hunter", client, policy=RetryPolicy.for_timeout(5))
            provider = HunterProvider(api, api_key=HUNTER_KEY, base_url=server.base_url + "/v2/")
            findings = await provider.find([CLAIRE, known])

    assert [(f.email, f.status, f.cost) for f in findings] == [
        ("claire.martin@ondilab.fr", EmailStatus.verified, 1.0),
        ("pd@ondilab.fr", EmailStatus.verified, 0.5),
    ]
    assert sorted(r.url.path for r in fake.requests) == ["/v2/email-finder", "/v2/email-verifier"]
    assert all(r.headers["x-api-key"] == HUNTER_KEY for r in fake.requests)


async def test_real_client_gives_up_on_a_server_too_slow(tmp_path: Path) -> None:
    with local_server(FakeHunter(), delay=2.0) as server:
        async with make_http_client(socket_settings(tmp_path)) as client:
            policy = RetryPolicy(timeout=0.2, budget=0.5, retries=1, backoff=0.05)
            api = OutsideApi("hunter", client, policy=policy)
            provider = HunterProvider(api, api_key=HUNTER_KEY, base_url=server.base_url)
            with pytest.raises(ApiUnavailable) as caught:
                await provider.find([CLAIRE])

    assert caught.value.reason == "timeout"
    assert HUNTER_KEY not in str(caught.value)
