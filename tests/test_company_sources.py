"""Local, auto and factory company sources: the store answers first, the API fills its gaps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.http import ApiRateLimited, ApiRejected, OutsideApi, SharedWindowLimiter, WindowLimiter
from agent.search.auto import AutoSource
from agent.search.factory import build_company_source
from agent.search.local import LocalSource
from agent.search.ports import CompanySource, SourcePage
from agent.search.recherche import RechercheEntreprisesSource
from agent.settings import Settings
from store.models import Company
from store.repositories.companies import upsert_companies
from store.repositories.contacts import contacts_of
from store.search.query import CompanyQuery

DATA = Path(__file__).parent / "data" / "recherche"


async def no_wait(_seconds: float) -> None:
    return None


class CountingTransport(httpx.MockTransport):
    """Serves the recorded search page (or raises) and counts the calls."""

    def __init__(self, answer: httpx.Response | Exception | None = None) -> None:
        self.calls = 0
        self.answer = answer
        super().__init__(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        if self.answer is not None:
            return self.answer
        return httpx.Response(200, content=(DATA / "search_page.json").read_bytes())


def api_source(transport: httpx.MockTransport) -> RechercheEntreprisesSource:
    client = httpx.AsyncClient(transport=transport)
    api = OutsideApi("recherche", client, limiter=WindowLimiter(sleep=no_wait), sleep=no_wait)
    return RechercheEntreprisesSource(api, base_url="https://recherche.test")


class FakeRemote:
    """An in-memory source that records what it was asked."""

    name = "fake"

    def __init__(self, error: Exception | None = None) -> None:
        self.queries: list[CompanyQuery] = []
        self.error = error

    async def search(self, query: CompanyQuery) -> SourcePage:
        self.queries.append(query)
        if self.error:
            raise self.error
        return SourcePage(source=self.name, total=0)


def seed(engine: Engine) -> None:
    upsert_companies(
        engine,
        companies=[
            Company(
                siren="558417846",
                name="BRIQUES ET TUILES DU RHONE",
                naf_code="23.32Z",
                naf_section="C",
                city="LYON 7EME",
                postcode="69007",
                department="69",
                region="84",
                source="demo",
            )
        ],
    )


async def test_local_source_answers_from_the_store(sqlite_engine: Engine) -> None:
    seed(sqlite_engine)

    page = await LocalSource(sqlite_engine).search(CompanyQuery(text="briques"))

    assert page.source == "local"
    assert page.total == 1
    assert [c.siren for c in page.companies] == ["558417846"]


async def test_auto_local_hit_does_not_call_the_api(sqlite_engine: Engine) -> None:
    seed(sqlite_engine)
    remote = FakeRemote()
    auto = AutoSource(LocalSource(sqlite_engine), remote, sqlite_engine)

    page = await auto.search(CompanyQuery(text="briques"))

    assert page.source == "local"
    assert page.total == 1
    assert remote.queries == []


async def test_auto_local_miss_asks_the_api_and_caches_the_answer(engine: Engine) -> None:
    transport = CountingTransport()
    auto = AutoSource(LocalSource(engine), api_source(transport), engine)
    query = CompanyQuery(text="ondilab")

    first = await auto.search(query)

    assert first.source == "api"
    assert transport.calls == 1
    assert [c.siren for c in first.companies] == ["355512575", "240040410", "114139017"]

    second = await auto.search(query)

    assert second.source == "local"
    assert transport.calls == 1
    assert [c.siren for c in second.companies] == ["355512575"]
    cached = second.companies[0]
    assert (cached.name, cached.city, cached.source) == ("ONDILAB", "LYON 3EME", "api")
    with Session(engine) as session:
        officers = contacts_of(session, company_siren="355512575")
        hidden = contacts_of(session, company_siren="240040410")
    assert [(o.first_name, o.last_name, o.source) for o in officers] == [
        ("Claire", "Martin-Duval", "registre"),
        ("Luc", "Bernard", "registre"),
        (None, "AUDIT RHONE CONSEIL", "registre"),
    ]
    assert officers[0].field_sources["first_name"]["source"].startswith("registre national")
    assert hidden == []


async def test_auto_offline_returns_the_local_page_with_a_notice(sqlite_engine: Engine) -> None:
    transport = CountingTransport(httpx.ConnectError("[Errno -3] Temporary failure"))
    auto = AutoSource(LocalSource(sqlite_engine), api_source(transport), sqlite_engine)

    page = await auto.search(CompanyQuery(text="ondilab"))

    assert (page.source, page.total, page.companies) == ("local", 0, [])
    assert [notice.code for notice in page.notices] == ["offline"]
    assert transport.calls == 1  # offline is known at once: no retries to wait for


async def test_auto_rate_limited_returns_the_local_page_with_a_notice(
    sqlite_engine: Engine,
) -> None:
    remote = FakeRemote(ApiRateLimited("recherche", retry_after=60))
    auto = AutoSource(LocalSource(sqlite_engine), remote, sqlite_engine)

    page = await auto.search(CompanyQuery(text="ondilab"))

    assert (page.source, [notice.code for notice in page.notices]) == ("local", ["api_busy"])


async def test_auto_query_too_vague_for_the_api_keeps_the_local_answer(
    sqlite_engine: Engine,
) -> None:
    transport = CountingTransport()
    auto = AutoSource(LocalSource(sqlite_engine), api_source(transport), sqlite_engine)

    page = await auto.search(CompanyQuery(text="zq"))

    assert page.source == "local"
    assert [notice.code for notice in page.notices] == ["api_too_vague"]
    assert transport.calls == 0


async def test_auto_lets_a_rejected_request_through(sqlite_engine: Engine) -> None:
    refused = httpx.Response(400, json={"erreur": "Paramètre inconnu"})
    auto = AutoSource(
        LocalSource(sqlite_engine), api_source(CountingTransport(refused)), sqlite_engine
    )

    with pytest.raises(ApiRejected, match="Paramètre inconnu"):
        await auto.search(CompanyQuery(text="ondilab"))


async def test_auto_answered_garbage_returns_the_local_page_with_a_notice(
    sqlite_engine: Engine,
) -> None:
    portal = httpx.Response(200, text="<html>Wi-Fi login</html>")
    auto = AutoSource(
        LocalSource(sqlite_engine), api_source(CountingTransport(portal)), sqlite_engine
    )

    page = await auto.search(CompanyQuery(text="ondilab"))

    assert (page.source, page.total) == ("local", 0)
    assert [notice.code for notice in page.notices] == ["api_malformed"]


@pytest.mark.parametrize(
    ("setting", "kind"),
    [("local", LocalSource), ("api", RechercheEntreprisesSource), ("auto", AutoSource)],
)
async def test_factory_builds_the_configured_source(
    sqlite_engine: Engine, tmp_path: Path, setting: str, kind: type[Any]
) -> None:
    settings = Settings(
        FILON_HOME=tmp_path,
        FILON_COMPANY_SOURCE=setting,
        FILON_RECHERCHE_BASE_URL="https://recherche.test/",
    )
    async with httpx.AsyncClient(transport=CountingTransport()) as client:
        source: CompanySource = build_company_source(settings, sqlite_engine, client)

    assert isinstance(source, kind)
    if isinstance(source, AutoSource):
        assert isinstance(source.local, LocalSource)
        assert isinstance(source.remote, RechercheEntreprisesSource)
    if isinstance(source, RechercheEntreprisesSource):
        assert source.url == "https://recherche.test/search"
        assert source.api.policy.timeout == settings.http_timeout
        assert source.api.policy.budget == 3 * settings.http_timeout
        assert isinstance(source.api.limiter, SharedWindowLimiter)
        assert source.api.limiter.path == tmp_path / "ratelimits" / "recherche"
        assert source.api.limiter.rate == 7


def test_source_page_is_json_ready() -> None:
    page = SourcePage(source="api", total=1, companies=[Company(siren="355512575", name="X")])

    assert json.loads(page.model_dump_json())["companies"][0]["siren"] == "355512575"


async def test_an_invalid_siren_from_the_api_is_dropped_never_cached(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    body = json.loads((DATA / "search_page.json").read_text(encoding="utf-8"))
    body["results"][0]["siren"] = "355512576"  # ONDILAB with a wrong check digit
    settings = Settings(
        FILON_HOME=tmp_path,
        FILON_COMPANY_SOURCE="auto",
        FILON_RECHERCHE_BASE_URL="https://recherche.test/",
    )
    async with httpx.AsyncClient(
        transport=CountingTransport(httpx.Response(200, json=body))
    ) as client:
        auto = build_company_source(settings, sqlite_engine, client)
        page = await auto.search(CompanyQuery(text="ondilab"))

    assert [c.siren for c in page.companies] == ["240040410", "114139017"]
    assert "355512576" not in page.officers
    assert [(n.code, n.values) for n in page.notices] == [("invalid_sirens", {"count": 1})]
    with Session(sqlite_engine) as session:
        stored = session.exec(select(Company.siren)).all()
        officers = contacts_of(session, company_siren="355512576")
    assert sorted(stored) == ["114139017", "240040410"]
    assert officers == []


async def test_a_search_on_signals_never_asks_the_api_which_knows_none(
    sqlite_engine: Engine,
) -> None:
    transport = CountingTransport()
    auto = AutoSource(LocalSource(sqlite_engine), api_source(transport), sqlite_engine)
    for query in (
        CompanyQuery(text="ondilab", signal_kinds=["hiring"]),
        CompanyQuery(text="ondilab", sort="intent"),
    ):
        page = await auto.search(query)
        assert (page.source, page.total) == ("local", 0)
    assert transport.calls == 0  # its companies, unfiltered, would read as hiring ones

    direct = await api_source(transport).search(
        CompanyQuery(text="ondilab", signal_kinds=["hiring"])
    )
    assert direct.total == 0 and [n.code for n in direct.notices] == ["signals_local"]
    assert transport.calls == 0
