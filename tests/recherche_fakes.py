"""Fakes for the API Recherche d'entreprises tests: recorded fixture pages, a scripted
MockTransport, a clock that moves only when slept on."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from agent.http import OutsideApi, WindowLimiter
from agent.search.ports import SourcePage
from agent.search.recherche import VENDOR, RechercheEntreprisesSource
from store.demo.sirens import siren_at
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


def make_api(
    handler: Handler, clock: FakeClock, *, vendor: str = VENDOR, **options: Any
) -> OutsideApi:
    """An `OutsideApi` over a MockTransport, rate-limited and timed by the fake clock."""
    return OutsideApi(
        vendor,
        httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        limiter=WindowLimiter(clock=clock, sleep=clock.sleep),
        clock=clock,
        sleep=clock.sleep,
        **options,
    )


def make_source(recorder: Handler, clock: FakeClock) -> RechercheEntreprisesSource:
    return RechercheEntreprisesSource(make_api(recorder, clock), base_url=BASE_URL)


async def search(
    query: CompanyQuery, *answers: Any, clock: FakeClock | None = None
) -> tuple[SourcePage, Recorder]:
    recorder = Recorder(*(answers or (ok(),)))
    source = make_source(recorder, clock or FakeClock())
    return await source.search(query), recorder


def synthetic_pages(total: int) -> Handler:
    template = fixture_page()["results"][2]

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        per_page = int(request.url.params["per_page"])
        first = (page - 1) * per_page
        results = []
        for index in range(first, min(first + per_page, total)):
            result = copy.deepcopy(template)
            result["siren"] = siren_at(index, seed=1)
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
