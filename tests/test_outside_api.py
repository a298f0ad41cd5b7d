"""The shared outside-API layer (agent/http) for any vendor: deadlines and budget, retries
and Retry-After, the circuit breaker, the machine-wide rate limit, typed errors in both
languages. The clock is fake unless a real server is involved."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
from pydantic import BaseModel
from recherche_fakes import FakeClock, Recorder, make_api
from recherche_server import recherche_server

from agent.http import (
    ApiMalformed,
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
    CircuitBreaker,
    OutsideApi,
    OutsideApiError,
    RetryPolicy,
    SharedWindowLimiter,
    make_http_client,
    retry_after,
)
from agent.settings import Settings

URL = "https://vendor.test/v1/things"


class Thing(BaseModel):
    id: int
    name: str


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def server_error() -> httpx.Response:
    return httpx.Response(502, json={"message": "bad gateway"})


# --- JSON and its model -----------------------------------------------------------------------


async def test_get_json_returns_the_checked_model(clock: FakeClock) -> None:
    recorder = Recorder(httpx.Response(200, json={"id": 7, "name": "Ondilab", "extra": True}))
    api = make_api(recorder, clock, vendor="acme")

    thing = await api.get_json(URL, params={"q": "x"}, model=Thing)

    assert thing == Thing(id=7, name="Ondilab")
    assert recorder.params == {"q": "x"}
    assert recorder.requests[0].headers["User-Agent"].startswith("Filon/")


async def test_a_body_that_does_not_fit_the_model_is_malformed(clock: FakeClock) -> None:
    api = make_api(Recorder(httpx.Response(200, json={"id": "seven", "name": "x"})), clock)

    with pytest.raises(ApiMalformed) as caught:
        await api.get_json(URL, model=Thing)

    assert caught.value.field == "id"
    assert str(caught.value).startswith("recherche: malformed answer: id: Input should be")


# --- retries, Retry-After, deadlines ----------------------------------------------------------


async def test_other_4xx_are_not_retried_and_carry_the_vendor_message(clock: FakeClock) -> None:
    recorder = Recorder(httpx.Response(401, json={"error": {"message": "Invalid API key"}}))
    api = make_api(recorder, clock, vendor="acme")

    with pytest.raises(ApiRejected) as caught:
        await api.get_json(URL)

    assert len(recorder.requests) == 1
    assert (caught.value.status_code, caught.value.message) == (401, "Invalid API key")
    assert caught.value.user_message("en") == "Request refused (acme, HTTP 401): Invalid API key"


async def test_retry_after_as_an_http_date_is_honoured(clock: FakeClock) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=5), usegmt=True)
    limited = httpx.Response(429, headers={"Retry-After": when})
    recorder = Recorder(limited, httpx.Response(200, json={"id": 1, "name": "a"}))

    await make_api(recorder, clock).get_json(URL, model=Thing)

    assert len(recorder.requests) == 2
    assert len(clock.sleeps) == 1 and 3.5 < clock.sleeps[0] <= 5.0


async def test_a_create_is_never_sent_twice_after_an_answer_that_may_hide_a_write(
    clock: FakeClock,
) -> None:
    for fault in (server_error(), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("reset")):
        recorder = Recorder(fault, httpx.Response(201, json={"id": 1, "name": "a"}))
        with pytest.raises(ApiUnavailable):
            await make_api(recorder, clock).request("POST", URL, json={}, idempotent=False)
        assert len(recorder.requests) == 1, fault
    # a 429 was not applied: it is waited out and sent again
    limited = httpx.Response(429, headers={"Retry-After": "2"})
    recorder = Recorder(limited, httpx.Response(201, json={"id": 1, "name": "a"}))
    response = await make_api(recorder, clock).request("POST", URL, json={}, idempotent=False)
    assert response.status_code == 201 and len(recorder.requests) == 2


def test_retry_after_reads_seconds_dates_and_nonsense() -> None:
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

    def after(value: str) -> float | None:
        response = httpx.Response(429, headers={"Retry-After": value} if value else {})
        return retry_after(response, now=now)

    assert after("2") == 2.0
    assert after("Mon, 30 Nov 2026 12:00:30 GMT") == 30.0
    assert after("Mon, 30 Nov 2026 11:00:00 GMT") == 0.0  # already past
    assert after("-3") == 0.0
    assert after("soon") is None
    assert after("") is None


async def test_a_503_retry_after_replaces_the_backoff(clock: FakeClock) -> None:
    busy = httpx.Response(503, headers={"Retry-After": "4"})
    recorder = Recorder(busy, httpx.Response(200, json={"id": 1, "name": "a"}))

    await make_api(recorder, clock).get_json(URL, model=Thing)

    assert clock.sleeps == [4.0]


async def test_a_retry_after_beyond_the_budget_gives_up_at_once(clock: FakeClock) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "20"})
    recorder = Recorder(limited)
    api = make_api(recorder, clock, policy=RetryPolicy(timeout=5, budget=15))

    with pytest.raises(ApiRateLimited) as caught:
        await api.get_json(URL)

    assert caught.value.retry_after == 20.0
    assert clock.sleeps == []
    assert "réessayez dans 20 s" in caught.value.user_message("fr")


async def test_retries_stop_when_the_budget_is_spent(clock: FakeClock) -> None:
    recorder = Recorder(server_error())
    api = make_api(recorder, clock, policy=RetryPolicy(timeout=1, budget=1, retries=5))

    with pytest.raises(ApiUnavailable) as caught:
        await api.get_json(URL)

    # a first wait of 0.5 s fits in the budget, the next one (1 s) would not
    assert clock.sleeps == [0.5]
    assert len(recorder.requests) == 2
    assert caught.value.reason == "server"
    assert caught.value.status_code == 502


async def test_a_drip_fed_body_is_cut_at_the_deadline(tmp_path: Path) -> None:
    settings = Settings(FILON_HOME=tmp_path, FILON_HTTP_TIMEOUT=0.5)
    # A byte every 0.2 s: every read is quicker than httpx's 0.5 s read timeout.
    with recherche_server(drip_every=0.2) as server:
        async with make_http_client(settings) as client:
            api = OutsideApi("recherche", client, policy=RetryPolicy(timeout=0.5, budget=0.6))
            started = time.monotonic()
            with pytest.raises(ApiUnavailable) as caught:
                await api.get_json(server.base_url + "/search?q=x")
            elapsed = time.monotonic() - started

    assert caught.value.reason == "timeout"
    assert elapsed < 1.5, elapsed
    assert len(server.seen) == 1  # no time was left in the budget for another attempt
    assert caught.value.user_message("en").startswith(
        "Recherche d'entreprises API did not answer in time (0.5 s)"
    )


# --- circuit breaker --------------------------------------------------------------------------


def offline() -> httpx.ConnectError:
    return httpx.ConnectError("[Errno 111] Connection refused")


async def test_the_circuit_opens_after_consecutive_failures_then_tries_again(
    clock: FakeClock,
) -> None:
    answers: list[httpx.Response | Exception] = [offline()] * 3
    answers.append(httpx.Response(200, json={"id": 1, "name": "a"}))
    recorder = Recorder(*answers)
    breaker = CircuitBreaker("acme", threshold=3, cool_down=30, clock=clock)
    api = make_api(recorder, clock, vendor="acme", breaker=breaker)

    for _ in range(3):
        with pytest.raises(ApiUnavailable, match="cannot connect"):
            await api.get_json(URL)
    assert len(recorder.requests) == 3

    with pytest.raises(ApiUnavailable) as caught:
        await api.get_json(URL)  # fails fast: the vendor is not asked
    assert len(recorder.requests) == 3
    assert caught.value.reason == "circuit_open"
    assert caught.value.user_message("fr") == (
        "acme en panne : après 3 échecs de suite, Filon attend 30 s avant de réessayer."
    )

    clock.now += 30  # the cool-down has run out: one trial, which succeeds and closes it
    assert await api.get_json(URL, model=Thing) == Thing(id=1, name="a")
    assert not breaker.is_open and breaker.failures == 0


async def test_a_failed_trial_opens_the_circuit_again(clock: FakeClock) -> None:
    recorder = Recorder(offline())
    breaker = CircuitBreaker("acme", threshold=2, cool_down=10, clock=clock)
    api = make_api(recorder, clock, breaker=breaker)
    for _ in range(2):
        with pytest.raises(ApiUnavailable):
            await api.get_json(URL)

    clock.now += 10
    with pytest.raises(ApiUnavailable, match="cannot connect"):
        await api.get_json(URL)  # the trial
    with pytest.raises(ApiUnavailable, match=r"not tried again for 10\.0 s"):
        await api.get_json(URL)
    assert len(recorder.requests) == 3


async def test_answers_that_are_not_outages_keep_the_circuit_closed(clock: FakeClock) -> None:
    recorder = Recorder(httpx.Response(400, json={"message": "bad filter"}))
    breaker = CircuitBreaker("acme", threshold=1, clock=clock)
    api = make_api(recorder, clock, breaker=breaker)

    for _ in range(3):
        with pytest.raises(ApiRejected):
            await api.get_json(URL)

    assert not breaker.is_open
    assert len(recorder.requests) == 3


async def test_a_cancelled_trial_lets_the_next_request_be_the_trial(clock: FakeClock) -> None:
    breaker = CircuitBreaker("acme", threshold=1, cool_down=5, clock=clock)
    breaker.settle(False)
    clock.now += 5
    breaker.allow()  # the trial goes out…
    with pytest.raises(ApiUnavailable):
        breaker.allow()  # …and the others wait for it
    breaker.settle(None)  # …then it is cancelled

    breaker.allow()


# --- machine-wide rate limit ------------------------------------------------------------------


def shared(path: Path, rate: int, clock: FakeClock) -> SharedWindowLimiter:
    """A limiter on `path` with the fake clock standing for wall time, and no margin."""
    return SharedWindowLimiter(path, rate, period=1.0, margin=0.0, clock=clock, sleep=clock.sleep)


async def test_processes_sharing_a_window_file_share_the_limit(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "ratelimits" / "acme"
    first, second = shared(path, 3, clock), shared(path, 3, clock)  # two processes, say
    starts: list[float] = []
    for limiter in (first, second, first, second, first, second):
        async with limiter.slot():
            starts.append(clock())

    assert starts == [0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    assert len(path.read_text().splitlines()) == 3  # old requests are forgotten


async def test_a_request_counts_from_when_it_is_back(tmp_path: Path, clock: FakeClock) -> None:
    # The vendor counts a request when it arrives, which may be long after it left (a new
    # connection, a busy machine): the window runs from its end, so the vendor never sees more.
    limiter = shared(tmp_path / "acme", 2, clock)
    starts: list[float] = []
    for duration in (0.8, 0.0, 0.0, 0.0):
        async with limiter.slot():
            starts.append(clock())
            clock.now += duration

    # the third waits a period after the first came back (0.8 + 1), not after it left (0 + 1)
    assert starts == [0.0, 0.8, 1.8, 1.8]


async def test_requests_out_at_once_never_exceed_the_rate(tmp_path: Path) -> None:
    limiter = SharedWindowLimiter(tmp_path / "acme", 2, period=0.3, margin=0.0)
    out = most = 0

    async def request() -> None:
        nonlocal out, most
        async with limiter.slot():
            out += 1
            most = max(most, out)
            await asyncio.sleep(0.05)
            out -= 1

    await asyncio.gather(*(request() for _ in range(5)))

    assert most == 2


async def test_a_damaged_window_file_or_a_clock_set_back_cannot_block_for_long(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "acme"
    clock.now = 1000.0
    # a torn line, two requests back in the future (the clock was set back), one from a
    # process that died while its request was out (no process has pid 0x7fffffff)
    path.write_text("garbage\n1.0 1000.5 1000.5\n1.1 1000.7 1000.7\n2147483647.0 999.9 -\n")
    limiter = shared(path, 2, clock)

    async with limiter.slot():
        pass

    assert clock.now <= 1001.5 + 1e-6
    assert "2147483647.0" not in path.read_text()


async def test_a_cancelled_request_is_back_for_the_window(tmp_path: Path) -> None:
    limiter = SharedWindowLimiter(tmp_path / "acme", 1, period=0.1, margin=0.0)
    entered = asyncio.Event()

    async def hang() -> None:
        async with limiter.slot():
            entered.set()
            await asyncio.sleep(3600)

    task = asyncio.create_task(hang())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert " - " not in (tmp_path / "acme").read_text() + " "
    started = time.monotonic()
    async with limiter.slot():
        pass
    assert time.monotonic() - started < 1


def test_a_shared_window_under_the_data_folder(tmp_path: Path) -> None:
    limiter = SharedWindowLimiter.for_vendor(tmp_path, "acme", rate=7)

    assert limiter.path == tmp_path / "ratelimits" / "acme"
    assert limiter.window >= 1.0


# --- typed errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        ApiUnavailable("recherche", "offline", "cannot connect"),
        ApiUnavailable("recherche", "timeout", "slow", seconds=10.0),
        ApiUnavailable("recherche", "server", "HTTP 500", status_code=500),
        ApiUnavailable("recherche", "network", "RemoteProtocolError"),
        ApiUnavailable("recherche", "circuit_open", "open", seconds=12.5, failures=5),
        ApiRateLimited("recherche", retry_after=None),
        ApiRateLimited("recherche", retry_after=42),
        ApiRejected("recherche", status_code=400, message="Paramètre inconnu"),
        ApiMalformed("recherche", "not JSON (<html>)", not_json=True),
        ApiMalformed("recherche", "results.0.siren: Field required", field="results.0.siren"),
        ApiMalformed("recherche", "not the expected document: Input should be an object"),
    ],
    ids=lambda error: f"{type(error).__name__}-{error.detail[:12]}",
)
def test_every_error_has_one_line_in_each_language(error: OutsideApiError) -> None:
    assert error.vendor == "recherche"
    assert "\n" not in str(error) and str(error).startswith("recherche: ")
    french, english = error.user_message("fr"), error.user_message("en")
    assert "API Recherche d'entreprises" in french and "\n" not in french
    assert "Recherche d'entreprises API" in english and "\n" not in english
    assert french != english


def test_an_unknown_vendor_is_named_by_its_id() -> None:
    error = ApiUnavailable("newcrm", "offline", "cannot connect")

    assert error.user_message("en") == (
        "newcrm unreachable: no network? Check the connection and try again."
    )


def test_policy_refuses_deadlines_that_are_not_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        RetryPolicy(timeout=0)
    assert RetryPolicy.for_timeout(4).budget == 12


async def test_cancelling_a_request_leaves_no_trial_stuck(clock: FakeClock) -> None:
    started = asyncio.Event()

    async def hang(request: httpx.Request) -> httpx.Response:
        started.set()
        await asyncio.sleep(3600)
        raise AssertionError("never answered")

    breaker = CircuitBreaker("acme", threshold=1, cool_down=1, clock=clock)
    breaker.settle(False)
    clock.now += 1
    api = OutsideApi(
        "acme", httpx.AsyncClient(transport=httpx.MockTransport(hang)), breaker=breaker
    )

    task = asyncio.create_task(api.get_json(URL))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    breaker.allow()  # the next request may be the trial


@pytest.mark.parametrize(
    ("body", "message", "code"),
    [
        (
            [
                {
                    "message": "Required fields are missing: [LastName]",
                    "errorCode": "REQUIRED_FIELD_MISSING",
                },
                {"message": "bad", "errorCode": "INVALID_FIELD"},
            ],
            "REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]; INVALID_FIELD: bad",
            "REQUIRED_FIELD_MISSING",
        ),
        (
            {"error": "invalid_client", "error_description": "invalid client credentials"},
            "invalid_client: invalid client credentials",
            "invalid_client",
        ),
        (
            {
                "status": "error",
                "message": "Contact already exists. Existing ID: 7",
                "category": "CONFLICT",
            },
            "Contact already exists. Existing ID: 7",
            "CONFLICT",
        ),
        ({"success": False, "error": "Deal not found", "errorCode": 404}, "Deal not found", None),
    ],
    ids=["salesforce-array", "oauth", "hubspot", "pipedrive"],
)
def test_a_vendors_words_and_code_are_read_from_its_error_body(
    body: object, message: str, code: str | None
) -> None:
    from agent.http import vendor_code, vendor_message

    response = httpx.Response(400, json=body)
    assert (vendor_message(response), vendor_code(response)) == (message, code)
