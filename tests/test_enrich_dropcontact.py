"""The Dropcontact provider against a fake Dropcontact: a batch submitted then polled with
growing waits until ready or the deadline, records read in order (nominative professional
addresses only, phones in E.164), batches of 250, refusals, faults, and the real HTTP client
through a loopback server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from enrich_servers import (
    DROPCONTACT_KEY,
    FakeDropcontact,
    Handler,
    local_server,
    mock_api,
    not_ready,
    socket_settings,
)
from recherche_fakes import FakeClock, Recorder

from agent.enrichment.ports import Finding, ProviderStopped, Target
from agent.enrichment.providers.dropcontact import DropcontactProvider
from agent.http import (
    ApiMalformed,
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
    OutsideApi,
    RetryPolicy,
    make_http_client,
)
from store.models import EmailStatus

BASE_URL = "https://dropcontact.test/v1"
CLAIRE = Target(1, "355512575", "Claire", "Martin", "Ondilab", domain="ondilab.fr")
PAUL = Target(2, "355512575", "Paul", "Durand", "Ondilab")
CLAIRE_FOUND = {
    "email": [{"email": "claire.martin@ondilab.fr", "qualification": "nominatif@pro"}],
    "mobile_phone": "06 12 34 56 78",
    "phone": "04 72 00 00 00",
    "siren": "355512575",
    "naf5_code": "6201Z",
    "website": "https://ondilab.fr",
    "linkedin": "https://www.linkedin.com/in/claire-martin",
    "job": "Directrice financière",
}


def dropcontact(handler: Handler, clock: FakeClock, **options: Any) -> DropcontactProvider:
    api = mock_api("dropcontact", handler, clock)
    return DropcontactProvider(
        api,
        api_key=DROPCONTACT_KEY,
        base_url=BASE_URL,
        clock=clock,
        sleep=clock.sleep,
        **options,
    )


def submitted(request_id: str = "req-1") -> httpx.Response:
    return httpx.Response(200, json={"request_id": request_id, "success": True, "credits_left": 9})


def done(*records: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "data": list(records)})


async def find_claire(
    *answers: httpx.Response | Exception, clock: FakeClock | None = None
) -> tuple[Finding, Recorder]:
    recorder = Recorder(*answers)
    [finding] = await dropcontact(recorder, clock or FakeClock()).find([CLAIRE])
    return finding, recorder


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- answers ----------------------------------------------------------------------------------


async def test_a_batch_is_submitted_then_polled_until_ready(clock: FakeClock) -> None:
    fake = FakeDropcontact(records={"Martin": CLAIRE_FOUND}, not_ready=2)
    findings = await dropcontact(fake, clock).find([CLAIRE, PAUL])

    assert findings == [
        Finding(
            provider="dropcontact",
            email="claire.martin@ondilab.fr",
            status=EmailStatus.verified,
            phone="+33612345678",  # the mobile rather than the switchboard
            note="dropcontact: nominatif@pro",
            cost=1.0,
            extra={
                "siren": "355512575",
                "naf5_code": "6201Z",
                "website": "https://ondilab.fr",
                "linkedin": "https://www.linkedin.com/in/claire-martin",
                "job": "Directrice financière",
            },
        ),
        Finding(provider="dropcontact", note="dropcontact: no email found", cost=0.0),
    ]
    post, *polls = fake.requests
    assert (post.method, post.url.path) == ("POST", "/v1/enrich/all")
    assert json.loads(post.content) == {
        "data": [
            {
                "first_name": "Claire",
                "last_name": "Martin",
                "company": "Ondilab",
                "website": "ondilab.fr",
                "num_siren": "355512575",
            },
            {
                "first_name": "Paul",
                "last_name": "Durand",
                "company": "Ondilab",
                "num_siren": "355512575",
            },
        ],
        "siren": True,
        "language": "fr",
    }
    assert [(r.method, r.url.path) for r in polls] == [("GET", "/v1/enrich/all/req-0")] * 3
    assert all(r.headers["X-Access-Token"] == DROPCONTACT_KEY for r in fake.requests)
    assert clock.sleeps == [2.0, 4.0, 8.0]


async def test_polling_waits_double_up_to_the_maximum(clock: FakeClock) -> None:
    fake = FakeDropcontact(not_ready=6)
    await dropcontact(fake, clock, poll_every=1.0, poll_max=10.0).find([CLAIRE])

    assert clock.sleeps == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0]


async def test_no_result_by_the_deadline_is_a_timeout(clock: FakeClock) -> None:
    fake = FakeDropcontact(not_ready=1000)
    with pytest.raises(ApiUnavailable) as caught:
        await dropcontact(fake, clock, deadline=50.0).find([CLAIRE])

    assert caught.value.reason == "timeout" and "50 s" in str(caught.value)
    assert clock.sleeps == [2.0, 4.0, 8.0, 16.0, 20.0]  # the last poll at the deadline itself
    assert DROPCONTACT_KEY not in str(caught.value)


async def test_records_come_back_in_the_order_sent(clock: FakeClock) -> None:
    names = ["Martin", "Durand", "Leroy", "Moreau"]
    records = {
        name: {"email": [{"email": f"{name.lower()}@ondilab.fr", "qualification": "nominatif@pro"}]}
        for name in names[1:]
    }
    targets = [Target(i, "355512575", "A", name, "Ondilab") for i, name in enumerate(names)]
    findings = await dropcontact(FakeDropcontact(records=records), clock).find(targets)

    assert [f.email for f in findings] == [
        None,
        "durand@ondilab.fr",
        "leroy@ondilab.fr",
        "moreau@ondilab.fr",
    ]
    assert [f.cost for f in findings] == [0.0, 1.0, 1.0, 1.0]


async def test_more_than_250_people_go_as_two_batches(clock: FakeClock) -> None:
    fake = FakeDropcontact(records={"N259": CLAIRE_FOUND})
    targets = [Target(i, "355512575", "A", f"N{i}", "Ondilab") for i in range(260)]
    findings = await dropcontact(fake, clock).find(targets)

    assert [len(json.loads(post.content)["data"]) for post in fake.posts] == [250, 10]
    assert len(findings) == 260
    assert findings[-1].email == "claire.martin@ondilab.fr"
    assert all(f.email is None for f in findings[:-1])


@pytest.mark.parametrize(
    ("addresses", "email", "status"),
    [
        ([("c@ondilab.fr", "catch-all@pro")], "c@ondilab.fr", EmailStatus.catch_all),
        ([("c@ondilab.fr", "catch_all@pro")], "c@ondilab.fr", EmailStatus.catch_all),
        (
            [("c@ondilab.fr", "catch_all@pro"), ("claire@ondilab.fr", "nominatif@pro")],
            "claire@ondilab.fr",
            EmailStatus.verified,
        ),
        ([("claire.m@gmail.com", "nominatif@perso")], None, EmailStatus.unknown),
        ([("contact@ondilab.fr", "generique@pro")], None, EmailStatus.unknown),
        ([("x@ondilab.fr", "invalid"), ("y@ondilab.fr", None)], None, EmailStatus.unknown),
    ],
    ids=["catch-all", "catch_all", "nominative-first", "personal", "generic", "invalid"],
)
async def test_only_nominative_professional_addresses_are_kept(
    addresses: list[tuple[str, str | None]], email: str | None, status: EmailStatus
) -> None:
    record = {"email": [{"email": e, "qualification": q} for e, q in addresses]}
    finding, _ = await find_claire(submitted(), done(record))

    assert (finding.email, finding.status, finding.cost) == (email, status, 1.0)
    if email is None:
        assert "skipped" in (finding.note or "")


@pytest.mark.parametrize(
    ("mobile", "phone", "expected"),
    [
        ("+33 (0)6 98 76 54 32", "0472000000", "+33698765432"),
        (None, "04 72 00 00 00", "+33472000000"),
        ("not a number", "0033 4 72 00 00 00", "+33472000000"),
        (None, None, None),
    ],
)
async def test_phones_are_in_e164_mobile_first(
    mobile: str | None, phone: str | None, expected: str | None
) -> None:
    finding, _ = await find_claire(submitted(), done({"mobile_phone": mobile, "phone": phone}))

    assert finding.phone == expected


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [401, 403])
async def test_a_refused_key_stops_dropcontact(status: int) -> None:
    answer = httpx.Response(status, json={"error": True, "reason": "Invalid access token"})
    with pytest.raises(ProviderStopped) as caught:
        await find_claire(answer)

    assert (caught.value.provider, caught.value.reason) == ("dropcontact", "auth")
    assert DROPCONTACT_KEY not in str(caught.value)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(402, json={"error": True, "reason": "Payment required"}),
        httpx.Response(
            200, json={"success": False, "error": True, "reason": "You don't have enough credits"}
        ),
        httpx.Response(400, json={"error": True, "reason": "Not enough credits left"}),
    ],
    ids=["402", "200-credits", "400-credits"],
)
async def test_spent_credits_stop_dropcontact(answer: httpx.Response) -> None:
    with pytest.raises(ProviderStopped) as caught:
        await find_claire(answer)

    assert caught.value.reason == "quota"


async def test_a_refused_batch_is_rejected_with_the_reason() -> None:
    refused = httpx.Response(
        200, json={"success": False, "error": True, "reason": "Too many records"}
    )
    with pytest.raises(ApiRejected, match="Too many records"):
        await find_claire(refused)


async def test_the_key_travels_in_its_header_and_never_in_an_error(clock: FakeClock) -> None:
    fake = FakeDropcontact(key="the right key")
    with pytest.raises(ProviderStopped) as caught:
        await dropcontact(fake, clock).find([CLAIRE])

    [request] = fake.requests
    assert request.headers["X-Access-Token"] == DROPCONTACT_KEY
    assert DROPCONTACT_KEY not in str(request.url) + request.content.decode()
    assert DROPCONTACT_KEY not in str(caught.value)


# --- faults -----------------------------------------------------------------------------------


async def test_429_waits_for_retry_after_then_succeeds(clock: FakeClock) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "5"}, json={"reason": "Slow down"})
    finding, recorder = await find_claire(limited, submitted(), done(CLAIRE_FOUND), clock=clock)

    assert finding.email == "claire.martin@ondilab.fr"
    assert clock.sleeps == [5.0, 2.0]  # the Retry-After, then the first poll's wait
    assert [r.method for r in recorder.requests] == ["POST", "POST", "GET"]


async def test_429_that_persists_is_rate_limited(clock: FakeClock) -> None:
    with pytest.raises(ApiRateLimited) as caught:
        await find_claire(httpx.Response(429, headers={"Retry-After": "3"}), clock=clock)

    assert caught.value.retry_after == 3.0 and clock.sleeps == [3.0, 3.0]


async def test_5xx_while_polling_is_retried(clock: FakeClock) -> None:
    answers = (
        submitted(),
        httpx.Response(502),
        httpx.Response(200, json=not_ready()),
        done(CLAIRE_FOUND),
    )
    finding, _ = await find_claire(*answers, clock=clock)

    assert finding.email == "claire.martin@ondilab.fr"
    assert clock.sleeps == [2.0, 0.5, 4.0]


async def test_5xx_that_persists_is_unavailable(clock: FakeClock) -> None:
    with pytest.raises(ApiUnavailable) as caught:
        await find_claire(
            submitted(), httpx.Response(500, text="Internal Server Error"), clock=clock
        )

    assert caught.value.reason == "server" and caught.value.status_code == 500


async def test_an_attempt_timing_out_is_unavailable(clock: FakeClock) -> None:
    with pytest.raises(ApiUnavailable) as caught:
        await find_claire(httpx.ReadTimeout("read timed out"), clock=clock)

    assert caught.value.reason == "timeout"


@pytest.mark.parametrize(
    "answers",
    [
        (httpx.Response(200, text="<html>proxy</html>"),),
        (httpx.Response(200, json={"success": True}),),
        (httpx.Response(200, json={"request_id": 12}),),
        (submitted(), httpx.Response(200, json={"success": True})),
        (submitted(), done()),
        (submitted(), done({"email": "claire@ondilab.fr"})),
    ],
    ids=["html", "no-request-id", "no-success", "no-data", "records-missing", "email-not-a-list"],
)
async def test_a_malformed_answer_is_malformed(answers: tuple[httpx.Response, ...]) -> None:
    with pytest.raises(ApiMalformed) as caught:
        await find_claire(*answers)

    assert DROPCONTACT_KEY not in str(caught.value)


# --- a real socket ----------------------------------------------------------------------------


async def test_real_client_against_a_local_dropcontact(tmp_path: Path) -> None:
    fake = FakeDropcontact(records={"Martin": CLAIRE_FOUND}, not_ready=1)
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    with local_server(fake) as server:
        async with make_http_client(socket_settings(tmp_path)) as client:
            api = OutsideApi("dropcontact", client, policy=RetryPolicy.for_timeout(5))
            provider = DropcontactProvider(
                api, api_key=DROPCONTACT_KEY, base_url=server.base_url + "/v1/", sleep=no_wait
            )
            findings = await provider.find([CLAIRE, PAUL])

    assert [(f.email, f.phone) for f in findings] == [
        ("claire.martin@ondilab.fr", "+33612345678"),
        (None, None),
    ]
    assert waits == [2.0, 4.0]
    assert [r.url.path for r in fake.requests] == ["/v1/enrich/all"] + ["/v1/enrich/all/req-0"] * 2
    assert all(r.headers["x-access-token"] == DROPCONTACT_KEY for r in fake.requests)


async def test_real_client_gives_up_on_a_server_too_slow(tmp_path: Path) -> None:
    with local_server(FakeDropcontact(), delay=2.0) as server:
        async with make_http_client(socket_settings(tmp_path)) as client:
            policy = RetryPolicy(timeout=0.2, budget=0.5, retries=1, backoff=0.05)
            api = OutsideApi("dropcontact", client, policy=policy)
            provider = DropcontactProvider(api, api_key=DROPCONTACT_KEY, base_url=server.base_url)
            with pytest.raises(ApiUnavailable) as caught:
                await provider.find([CLAIRE])

    assert caught.value.reason == "timeout"
    assert DROPCONTACT_KEY not in str(caught.value)
