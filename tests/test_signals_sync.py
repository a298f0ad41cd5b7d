"""Syncing signals from BODACC: the service against a fake Opendatasoft on SQLite and
PostgreSQL (notices written once, corrections, companies the store does not hold, paging, all
or nothing when BODACC fails)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from bodacc_fake import BASE_URL, FakeBodacc, notice, previous
from enrich_servers import mock_api
from recherche_fakes import FakeClock
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.http import (
    ApiMalformed,
    ApiRateLimited,
    ApiUnavailable,
    OutsideApiError,
    SharedWindowLimiter,
)
from agent.leads import InvalidSiren, UnknownList, create_list
from agent.settings import Settings
from agent.signals.bodacc import BodaccSource
from agent.signals.factory import build_signal_sources
from agent.signals.sync import (
    BadDepartment,
    BadPeriod,
    FutureDay,
    SyncReport,
    sync_companies,
    sync_department,
    sync_list,
)
from agent.signals.weights import load_weights
from store.db import session_scope
from store.demo.sirens import siren_at
from store.models import Company, CompanyIntent, Signal

ONDILAB, BETA = "833310592", siren_at(1, seed=3)
STRANGER = siren_at(2, seed=3)  # a valid SIREN the store does not hold
TODAY = date(2026, 11, 30)
WEIGHTS = load_weights()
RECORDS = "/api/explore/v2.1"  # the path of the fake's base URL


def bodacc(handler: Callable[[httpx.Request], httpx.Response], **options: Any) -> BodaccSource:
    api = mock_api("bodacc", handler, FakeClock())
    return BodaccSource(api, base_url=BASE_URL, today=lambda: TODAY, **options)


def add_companies(engine: Engine, *sirens: str) -> None:
    with session_scope(engine) as session:
        session.add_all([Company(siren=siren, name=f"Société {siren}") for siren in sirens])


def stored(engine: Engine) -> list[Signal]:
    with Session(engine) as session:
        return list(session.exec(select(Signal).order_by(Signal.external_id)).all())


def in_force(engine: Engine) -> list[str]:
    return [s.external_id or "" for s in stored(engine) if s.superseded_by is None]


def intents(engine: Engine) -> dict[str, CompanyIntent]:
    with Session(engine) as session:
        return {i.company_siren: i for i in session.exec(select(CompanyIntent)).all()}


def counts(report: SyncReport) -> tuple[int, ...]:
    """(companies, notices, new, updated, superseded, skipped, unknown, scored)."""
    return (report.companies, report.notices, report.new, report.updated, report.superseded,
            report.skipped, report.unknown_companies, report.scored)  # fmt: skip


@pytest.fixture
def store(engine: Engine) -> Engine:
    add_companies(engine, ONDILAB, BETA)
    return engine


# --- the service ----------------------------------------------------------------------------


async def test_bodacc_is_built_on_the_shared_client_at_a_polite_machine_wide_rate(
    settings: Settings,
) -> None:
    async with httpx.AsyncClient() as client:
        [source] = build_signal_sources(settings, client)
    assert isinstance(source, BodaccSource) and source.name == "bodacc"
    assert source.url.startswith(settings.bodacc_base_url + "/catalog/datasets/")
    assert source.api.client is client and source.api.vendor == "bodacc"
    limiter = source.api.limiter
    assert isinstance(limiter, SharedWindowLimiter)
    assert (limiter.path, limiter.rate) == (settings.home / "ratelimits" / "bodacc", 5)
    assert source.api.policy.timeout == settings.http_timeout


async def test_notices_synced_twice_are_written_once(store: Engine) -> None:
    fake = FakeBodacc(
        [
            notice(ONDILAB, "2026-11-02", 1),
            notice(ONDILAB, "2026-10-12", 2, "vente"),
            notice(ONDILAB, "2026-09-01", 3, "dpc"),
        ]
    )
    first = await sync_companies(store, bodacc(fake), [ONDILAB], WEIGHTS, since=None, today=TODAY)
    assert counts(first) == (1, 3, 3, 0, 0, 0, 0, 1)
    assert (first.source, first.target, first.truncated) == ("bodacc", "companies", False)

    again = await sync_companies(
        store, bodacc(fake), ["833 310 592"], WEIGHTS, since=None, today=TODAY
    )
    assert counts(again) == (1, 3, 0, 3, 0, 0, 0, 1)
    assert len(stored(store)) == 3
    assert intents(store)[ONDILAB].score < 0  # a court judgment weighs most


async def test_since_is_asked_of_bodacc(store: Engine) -> None:
    fake = FakeBodacc([notice(ONDILAB, "2026-11-02", 1), notice(ONDILAB, "2026-09-01", 2)])
    report = await sync_companies(
        store, bodacc(fake), [ONDILAB], WEIGHTS, since=date(2026, 10, 1), today=TODAY
    )
    assert (report.notices, report.new, report.since) == (1, 1, date(2026, 10, 1))
    assert fake.wheres == ["(registre like \"833310592\") AND dateparution>=date'2026-10-01'"]


async def test_corrections_found_later_replace_or_cancel_their_notice(store: Engine) -> None:
    judged = notice(ONDILAB, "2026-10-05", 10)
    sold = notice(ONDILAB, "2026-10-06", 11, "vente")
    fake = FakeBodacc([judged, sold])
    await sync_companies(store, bodacc(fake), [ONDILAB], WEIGHTS, since=None, today=TODAY)
    assert in_force(store) == [judged["id"], sold["id"]]

    rectified = notice(
        ONDILAB, "2026-10-20", 12, typeavis="rectificatif",
        parutionavisprecedent=previous("A", judged["parution"], "10"),
    )  # fmt: skip
    cancelled = notice(
        ONDILAB, "2026-10-21", 13, "vente", typeavis="annulation",
        parutionavisprecedent=previous("A", sold["parution"], "11"),
    )  # fmt: skip
    fake.records += [rectified, cancelled]
    report = await sync_companies(store, bodacc(fake), [ONDILAB], WEIGHTS, since=None, today=TODAY)

    assert (report.new, report.updated, report.superseded) == (2, 2, 2)
    assert in_force(store) == [rectified["id"]]  # the cancellation is no signal itself
    [reason] = intents(store)[ONDILAB].reasons
    assert reason["occurred_on"] == "2026-10-20"


async def test_companies_the_store_does_not_hold_are_left_out_and_counted(store: Engine) -> None:
    fake = FakeBodacc([notice(ONDILAB, "2026-11-02", 1), notice(STRANGER, "2026-11-03", 2)])
    report = await sync_companies(
        store, bodacc(fake), [ONDILAB, STRANGER], WEIGHTS, since=None, today=TODAY
    )
    assert (report.companies, report.new, report.unknown_companies) == (1, 1, 1)
    assert fake.wheres == ['(registre like "833310592")']  # not asked about at all

    in_69 = FakeBodacc(
        [notice(BETA, "2026-11-02", 3), notice(STRANGER, "2026-11-03", 4),
         notice(STRANGER, "2026-11-04", 5), notice(ONDILAB, "2026-11-05", 6, department="75")]
    )  # fmt: skip
    department = await sync_department(
        store, bodacc(in_69), "69", WEIGHTS, since=date(2026, 11, 1), today=TODAY
    )
    assert counts(department) == (2, 3, 1, 0, 0, 0, 1, 1)
    assert {s.company_siren for s in stored(store)} == {ONDILAB, BETA}


async def test_a_department_is_paged_between_two_days(engine: Engine) -> None:
    companies = [siren_at(index, seed=11) for index in range(5)]
    add_companies(engine, *companies)
    first = date(2026, 10, 1)
    records = [
        notice(companies[n % 5], (first + timedelta(days=n % 50)).isoformat(), 100 + n)
        for n in range(250)
    ]
    records += [notice(companies[0], "2026-10-02", 900 + n, department="75") for n in range(7)]
    records.append(notice(companies[1], "2026-11-25", 999))  # after the period
    fake = FakeBodacc(records)
    report = await sync_department(
        engine, bodacc(fake), " 69 ", WEIGHTS, since=first, until=date(2026, 11, 19), today=TODAY
    )

    assert fake.pages == [(0, 100), (100, 100), (200, 100)]
    assert counts(report) == (5, 250, 250, 0, 0, 0, 0, 5)
    assert (report.department, report.since, report.until) == ("69", first, date(2026, 11, 19))
    assert len(stored(engine)) == 250


async def test_a_day_past_the_window_is_said_truncated(store: Engine) -> None:
    records = [notice(BETA, "2026-11-02", n) for n in range(30)]
    fake = FakeBodacc(records, window=20)
    source = bodacc(fake, page_size=10, max_window=20)
    report = await sync_department(store, source, "69", WEIGHTS, since=date(2026, 11, 2),
                                   until=date(2026, 11, 2), today=TODAY)  # fmt: skip
    assert (report.truncated, report.notices, report.new) == (True, 20, 20)


async def test_unreadable_notices_are_skipped_and_counted(store: Engine) -> None:
    fake = FakeBodacc([notice(ONDILAB, "2026-11-02", 1), notice(ONDILAB, "2026-11-03", 2, "xyz")])
    report = await sync_companies(store, bodacc(fake), [ONDILAB], WEIGHTS, since=None, today=TODAY)
    assert (report.notices, report.skipped, report.new) == (2, 1, 1)


async def test_a_list_is_synced_for_its_companies(store: Engine) -> None:
    create_list(store, name="ESN Lyon", owner="alice.martin", sirens=[ONDILAB, BETA])
    fake = FakeBodacc([notice(ONDILAB, "2026-11-02", 1), notice(BETA, "2026-11-03", 2, "vente")])
    report = await sync_list(store, bodacc(fake), "esn lyon", WEIGHTS, user="alice.martin",
                             since=None, today=TODAY)  # fmt: skip
    assert (report.target, report.list_name, report.companies, report.new) == (
        "list",
        "ESN Lyon",
        2,
        2,
    )
    with pytest.raises(UnknownList) as raised:
        await sync_list(store, bodacc(fake), "Nope", WEIGHTS, user="alice.martin", since=None,
                        today=TODAY)  # fmt: skip
    assert raised.value.existing == ["ESN Lyon"]


def _failing_after(fake: FakeBodacc, pages: int, answer: httpx.Response) -> Any:
    """The fake for `pages` requests, then `answer` to every request."""

    def handler(request: httpx.Request) -> httpx.Response:
        return fake(request) if len(fake.requests) < pages else answer

    return handler


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (httpx.Response(503, text="Service Unavailable"), ApiUnavailable),
        (httpx.Response(429, headers={"Retry-After": "1"}), ApiRateLimited),
        (httpx.Response(200, json={"total_count": 3, "results": "oops"}), ApiMalformed),
    ],
)
async def test_bodacc_failing_mid_way_raises_its_error_and_writes_nothing(
    store: Engine, answer: httpx.Response, error: type[OutsideApiError]
) -> None:
    fake = FakeBodacc([notice(BETA, "2026-11-02", n) for n in range(150)])
    source = bodacc(_failing_after(fake, 1, answer))
    with pytest.raises(error):
        await sync_department(store, source, "69", WEIGHTS, since=date(2026, 11, 1), today=TODAY)
    assert stored(store) == [] and intents(store) == {}


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda s, e: sync_department(e, s, "99", WEIGHTS, since=TODAY, today=TODAY), BadDepartment),
        (lambda s, e: sync_department(e, s, "69", WEIGHTS, since=TODAY,
                                      until=TODAY - timedelta(days=1), today=TODAY), BadPeriod),
        (lambda s, e: sync_companies(e, s, [ONDILAB], WEIGHTS, since=TODAY + timedelta(days=1),
                                     today=TODAY), FutureDay),
        (lambda s, e: sync_companies(e, s, ["12"], WEIGHTS, since=None, today=TODAY),
         InvalidSiren),
    ],
)  # fmt: skip
async def test_a_bad_request_is_refused_before_bodacc_is_asked(
    store: Engine, call: Any, error: type[Exception]
) -> None:
    fake = FakeBodacc([notice(ONDILAB, "2026-11-02", 1)])
    with pytest.raises(error):
        await call(bodacc(fake), store)
    assert fake.requests == []
