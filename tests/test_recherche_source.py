"""The API Recherche d'entreprises adapter against its documented contract (httpx MockTransport,
and once a real HTTP server on 127.0.0.1), with faults injected."""

from __future__ import annotations

import asyncio
import copy
import json
import threading
from collections.abc import Callable, Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from agent.http import USER_AGENT, make_http_client
from agent.search.errors import QueryTooVague, SourceRateLimited, SourceRejected, SourceUnavailable
from agent.search.ports import SourcePage
from agent.search.recherche import RechercheEntreprisesSource
from agent.search.recherche_results import MASKED_NAME, REGISTRY_LABEL
from agent.search.throttle import Throttle
from agent.settings import Settings
from store.search.query import CompanyQuery

DATA = Path(__file__).parent / "data" / "recherche"
BASE_URL = "https://recherche.test"
Handler = Callable[[httpx.Request], httpx.Response]


def fixture_page() -> dict[str, Any]:
    return json.loads((DATA / "search_page.json").read_text(encoding="utf-8"))


class FakeClock:
    """A monotonic clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class Recorder:
    """A MockTransport handler that records requests and answers from a script or a function."""

    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)

    @property
    def params(self) -> dict[str, str]:
        return dict(self.requests[-1].url.params)


def ok(body: dict[str, Any] | None = None) -> httpx.Response:
    return httpx.Response(200, json=fixture_page() if body is None else body)


def make_source(recorder: Recorder, clock: FakeClock) -> RechercheEntreprisesSource:
    client = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    throttle = Throttle(clock=clock, sleep=clock.sleep)
    return RechercheEntreprisesSource(client, base_url=BASE_URL, throttle=throttle, timeout=5.0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def search(
    query: CompanyQuery, *answers: Any, clock: FakeClock | None = None
) -> tuple[SourcePage, Recorder]:
    recorder = Recorder(*(answers or (ok(),)))
    source = make_source(recorder, clock or FakeClock())
    return await source.search(query), recorder


# --- results -> Company / Contact -------------------------------------------------------------


async def test_results_become_companies_with_head_office_and_latest_revenue() -> None:
    page, _ = await search(CompanyQuery(text="ondilab"))

    assert page.source == "api"
    assert page.total == 3
    ondilab, _, alpes = page.companies
    assert (ondilab.siren, ondilab.name, ondilab.acronym) == ("355512575", "ONDILAB", "ODL")
    assert (ondilab.naf_code, ondilab.naf_section) == ("62.01Z", "J")
    assert (ondilab.headcount_band, ondilab.category, ondilab.legal_form) == ("22", "PME", "5710")
    assert ondilab.created_on == date(2011, 3, 14)
    assert ondilab.active and ondilab.diffusible and not ondilab.natural_person
    assert ondilab.head_office_siret == "35551257500018"
    assert (ondilab.postcode, ondilab.city, ondilab.commune_code) == ("69003", "LYON 3EME", "69383")
    assert (ondilab.department, ondilab.region) == ("69", "84")
    assert ondilab.revenue == 11_250_000  # 2023, the latest year
    assert ondilab.source == "api"
    # nom_raison_sociale missing: the full name; latest year without turnover is skipped
    assert alpes.name == "ALPES SYSTEMES INDUSTRIELS"
    assert alpes.revenue == 84_000_000
    assert alpes.category == "ETI"


async def test_non_diffusible_values_are_never_stored() -> None:
    page, _ = await search(CompanyQuery(text="ondilab"))

    hidden = page.companies[1]
    assert hidden.diffusible is False
    assert hidden.natural_person is True
    assert hidden.name == MASKED_NAME
    assert "NON-DIFFUSIBLE" not in json.dumps(hidden.model_dump(mode="json"))
    # the commune stays public for a partially diffusible unit
    assert (hidden.city, hidden.department) == ("VILLEURBANNE", "69")
    assert page.officers[hidden.siren] == []


async def test_officers_keep_both_kinds_with_their_provenance() -> None:
    page, _ = await search(CompanyQuery(text="ondilab"))

    officers = page.officers["355512575"]
    assert [(o.first_name, o.last_name, o.title) for o in officers] == [
        ("Claire", "Martin-Duval", "Présidente"),
        ("Luc", "Bernard", "Directeur général"),
        (None, "AUDIT RHONE CONSEIL", "Commissaire aux comptes titulaire"),
    ]
    assert {o.source for o in officers} == {"registre"}
    assert {o.company_siren for o in officers} == {"355512575"}
    claire = officers[0]
    assert set(claire.field_sources) == {"first_name", "last_name", "title"}
    assert claire.field_sources["last_name"]["source"] == REGISTRY_LABEL
    assert date.fromisoformat(claire.field_sources["title"]["at"])
    assert set(officers[2].field_sources) == {"last_name", "title"}
    assert page.officers["114139017"] == []


# --- CompanyQuery -> parameters ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"text": "ondilab"}, {"q": "ondilab"}),
        ({"naf_codes": ["62.01Z", "7022Z"]}, {"activite_principale": "62.01Z,70.22Z"}),
        (
            {"naf_codes": ["62"]},
            {"activite_principale": "62.01Z,62.02A,62.02B,62.03Z,62.09Z"},
        ),
        ({"naf_codes": ["46"]}, {"section_activite_principale": "G", "per_page": "25"}),
        ({"sections": ["j", "M"]}, {"section_activite_principale": "J,M"}),
        ({"headcount_min": 50, "headcount_max": 199}, {"tranche_effectif_salarie": "21,22"}),
        ({"headcount_min": 5000}, {"tranche_effectif_salarie": "52,53"}),
        ({"departments": ["69", "2a"]}, {"departement": "69,2A"}),
        ({"regions": ["84"]}, {"region": "84"}),
        ({"postcodes": ["69003", "69007"]}, {"code_postal": "69003,69007"}),
        ({"postcodes": ["690"]}, {"departement": "69", "per_page": "25"}),
        ({"cities": ["Lyon"]}, {"code_commune": ",".join(f"6938{n}" for n in range(1, 10))}),
        ({"cities": ["Grenoble", "Saint-Étienne"]}, {"code_commune": "38185,42218"}),
        ({"cities": ["Vienne"]}, {"q": "Vienne", "per_page": "25"}),
        ({"categories": ["pme", "ETI"]}, {"categorie_entreprise": "PME,ETI"}),
        ({"legal_forms": ["5710"]}, {"nature_juridique": "5710"}),
        ({"legal_forms": ["SAS"]}, {"nature_juridique": "5710,5720,5785"}),
    ],
)
async def test_each_filter_maps_to_its_parameter(
    fields: dict[str, Any], expected: dict[str, str]
) -> None:
    _, recorder = await search(CompanyQuery(**fields, limit=10))

    # a filter checked on the results (not sent as such) fetches full pages
    expected = {"page": "1", "per_page": "10", "etat_administratif": "A", **expected}
    assert recorder.params == expected
    request = recorder.requests[-1]
    assert request.url.path == "/search"
    assert request.headers["User-Agent"] == USER_AGENT


async def test_include_closed_drops_the_state_filter_and_text_is_combined() -> None:
    _, recorder = await search(
        CompanyQuery(text="conseil", departments=["38"], include_closed=True, limit=5)
    )

    assert recorder.params == {"q": "conseil", "departement": "38", "page": "1", "per_page": "5"}


async def test_siren_is_a_direct_lookup_sent_alone() -> None:
    body = fixture_page()
    body["results"] = body["results"][:1]
    body["total_results"] = 1
    page, recorder = await search(CompanyQuery(text="355 512 575", departments=["75"]), ok(body))

    assert recorder.params == {"q": "355512575", "page": "1", "per_page": "20"}
    assert [c.siren for c in page.companies] == ["355512575"]


async def test_siret_is_a_direct_lookup_too() -> None:
    _, recorder = await search(CompanyQuery(text="35551257500018"))

    assert recorder.params["q"] == "35551257500018"
    assert "etat_administratif" not in recorder.params


async def test_offset_selects_the_page() -> None:
    _, recorder = await search(CompanyQuery(text="ondilab", limit=10, offset=20))

    assert (recorder.params["page"], recorder.params["per_page"]) == ("3", "10")


@pytest.mark.parametrize("fields", [{"text": "ab"}, {}, {"created_after": date(2020, 1, 1)}])
async def test_too_vague_for_the_api_is_a_typed_error_before_any_request(
    fields: dict[str, Any],
) -> None:
    recorder = Recorder(ok())
    source = make_source(recorder, FakeClock())

    with pytest.raises(QueryTooVague, match="at least 3 letters"):
        await source.search(CompanyQuery(**fields))
    assert recorder.requests == []


async def test_short_text_is_fine_with_a_filter() -> None:
    _, recorder = await search(CompanyQuery(text="ab", departments=["69"]))

    assert recorder.params["q"] == "ab"


async def test_contradicting_filters_answer_empty_without_a_request() -> None:
    recorder = Recorder(ok())
    page = await make_source(recorder, FakeClock()).search(
        CompanyQuery(naf_codes=["46"], sections=["J"])
    )

    assert (page.total, page.companies, recorder.requests) == (0, [], [])


# --- filters checked on the fetched results ---------------------------------------------------


async def test_unknown_city_is_checked_on_the_head_office() -> None:
    page, recorder = await search(CompanyQuery(text="systemes", cities=["Grenoble-Alpes"]))
    assert page.companies == []

    page, recorder = await search(CompanyQuery(text="conseil", cities=["villeurbanne", "Vienne"]))
    assert [c.city for c in page.companies] == ["VILLEURBANNE"]
    assert page.total == 1 and page.total_is_estimate is False
    assert recorder.params["q"] == "conseil"  # two cities: only checked, not searched


async def test_creation_dates_are_checked() -> None:
    page, recorder = await search(
        CompanyQuery(naf_codes=["62.02"], created_before=date(2000, 1, 1))
    )

    assert recorder.params["activite_principale"] == "62.02A,62.02B"
    assert [c.siren for c in page.companies] == ["114139017"]


async def test_wide_naf_prefix_is_its_section_checked_on_the_results() -> None:
    page, recorder = await search(CompanyQuery(naf_codes=["46", "62.01Z"]))

    assert recorder.params["section_activite_principale"] == "G,J"
    assert "activite_principale" not in recorder.params
    assert [c.siren for c in page.companies] == ["355512575"]
    assert (page.total, page.total_is_estimate) == (1, False)


# --- pagination -------------------------------------------------------------------------------


def synthetic_pages(total: int) -> Handler:
    template = fixture_page()["results"][2]

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        per_page = int(request.url.params["per_page"])
        first = (page - 1) * per_page
        results = []
        for index in range(first, min(first + per_page, total)):
            result = copy.deepcopy(template)
            result["siren"] = f"{100000000 + index}"
            results.append(result)
        pages = -(-total // per_page)
        return httpx.Response(
            200,
            json={
                "results": results,
                "total_results": total,
                "page": page,
                "per_page": per_page,
                "total_pages": pages,
            },
        )

    return handler


async def test_limit_above_25_fetches_pages_in_turn(clock: FakeClock) -> None:
    page, recorder = await search(
        CompanyQuery(naf_codes=["62.01Z"], limit=60), synthetic_pages(80), clock=clock
    )

    assert [(r.url.params["page"], r.url.params["per_page"]) for r in recorder.requests] == [
        ("1", "25"),
        ("2", "25"),
        ("3", "25"),
    ]
    assert len(page.companies) == 60
    assert page.companies[0].siren == "100000000"
    assert page.companies[-1].siren == "100000059"
    assert page.total == 80
    assert clock.sleeps == []  # three requests fit in one throttle window


async def test_pagination_stops_at_the_last_page() -> None:
    page, recorder = await search(CompanyQuery(naf_codes=["62.01Z"], limit=60), synthetic_pages(30))

    assert len(recorder.requests) == 2
    assert len(page.companies) == 30


async def test_pagination_stays_inside_the_api_window() -> None:
    page, recorder = await search(
        CompanyQuery(naf_codes=["62.01Z"], limit=50, offset=9_990), synthetic_pages(20_000)
    )

    assert [r.url.params["page"] for r in recorder.requests] == ["400"]
    assert len(page.companies) == 10


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
