"""Syncing signals from BODACC: the service against a fake Opendatasoft on SQLite and
PostgreSQL (notices written once, corrections, companies the store does not hold, paging, all
or nothing when BODACC fails), and `filon signals sync | show | score` end to end through a
real local server speaking the same contract — also three processes syncing at once."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from bodacc_fake import BASE_URL, FakeBodacc, notice, previous
from enrich_servers import LocalServer, local_server, mock_api
from filon_processes import Store, finish, fresh_store, start
from recherche_fakes import FakeClock
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from agent.cli import app
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
from agent.signals.ports import FoundSignal
from agent.signals.record import record_signals
from agent.signals.sync import (
    BadDepartment,
    BadPeriod,
    FutureDay,
    SyncReport,
    sync_companies,
    sync_department,
    sync_list,
)
from agent.signals.weights import DEFAULT_FILE, load_weights
from store.db import open_store, session_scope
from store.demo.sirens import siren_at
from store.models import Company, CompanyIntent, Signal, SignalKind

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


# --- the command, through a real local server -----------------------------------------------

TODAY_REAL = date.today()  # the command's today


def ago(days: int) -> str:
    return (TODAY_REAL - timedelta(days=days)).isoformat()


@pytest.fixture
def cli_store(sqlite_engine: Engine) -> Engine:
    add_companies(sqlite_engine, ONDILAB, BETA)
    return sqlite_engine


@pytest.fixture
def fake() -> FakeBodacc:
    return FakeBodacc(
        [
            notice(ONDILAB, ago(12), 1),
            notice(ONDILAB, ago(40), 2, "vente"),
            notice(BETA, ago(3), 3, "creation"),
            notice(STRANGER, ago(5), 4),
        ]
    )


@pytest.fixture
def server(fake: FakeBodacc) -> Iterator[LocalServer]:
    with local_server(fake) as running:
        yield running


def environment(engine: Engine, base_url: str, language: str = "fr") -> dict[str, str]:
    return {
        "FILON_DATABASE_URL": str(engine.url),
        "FILON_BODACC_BASE_URL": base_url + RECORDS,
        "FILON_LANGUAGE": language,
        "COLUMNS": "250",  # rich tables on one line each
    }


def filon(env: dict[str, str], *args: str) -> Any:
    return CliRunner().invoke(app, ["signals", *args], env=env)


def plain(text: str) -> str:
    return text.replace("\u202f", " ")


def test_sync_by_siren_prints_a_summary_and_json(
    cli_store: Engine, server: LocalServer, fake: FakeBodacc
) -> None:
    env = environment(cli_store, server.base_url)
    result = filon(env, "sync", "--siren", ONDILAB, "--siren", "833 310 592")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "BODACC, 1 entreprise : 2 avis lus.",
        "Signaux ajoutés 2, déjà connus 0, rectifiés ou annulés 0 ; "
        "scores d'intention recalculés 1.",
    ]
    assert all(r.headers["User-Agent"].startswith("Filon") for r in fake.requests)

    again = filon(env, "sync", "--siren", ONDILAB, "--since", ago(20), "--json")
    assert again.exit_code == 0, again.output
    [report] = json.loads(again.stdout)["reports"]
    assert report | {"since": None} == {
        "source": "bodacc", "target": "companies", "companies": 1, "notices": 1, "new": 0,
        "updated": 1, "superseded": 0, "skipped": 0, "unknown_companies": 0,
        "truncated": False, "scored": 1, "list_name": None, "department": None,
        "since": None, "until": None,
    }  # fmt: skip
    assert report["since"] == ago(20)
    assert len(stored(cli_store)) == 2


def test_a_company_the_store_does_not_hold_is_not_asked_about(
    cli_store: Engine, server: LocalServer, fake: FakeBodacc
) -> None:
    result = filon(environment(cli_store, server.base_url), "sync", "--siren", STRANGER)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "BODACC, 0 entreprise : 0 avis lu.",
        "Signaux ajoutés 0, déjà connus 0, rectifiés ou annulés 0 ; "
        "scores d'intention recalculés 0.",
        "1 entreprise absente de la base laissée de côté : importez SIRENE "
        "(filon import sirene) ou cherchez-la (filon search) pour suivre ses avis.",
    ]
    assert fake.requests == []


def test_sync_a_list_in_english_and_an_unknown_list(cli_store: Engine, server: LocalServer) -> None:
    create_list(cli_store, name="ESN Lyon", owner="alice.martin", sirens=[ONDILAB, BETA])
    env = environment(cli_store, server.base_url, "en")
    result = filon(env, "sync", "--list", "esn lyon", "--user", "alice.martin")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "BODACC, list “ESN Lyon”, 2 companies: 3 notices read."

    missing = filon(environment(cli_store, server.base_url), "sync", "--list", "Nope")
    assert missing.exit_code == 1 and missing.stdout == ""
    assert plain(missing.stderr) == (
        "filon: aucune liste de leads ne s'appelle « Nope » (listes existantes : ESN Lyon) : "
        "voir filon lists.\n"
    )


def test_sync_a_department_between_two_days(cli_store: Engine, fake: FakeBodacc) -> None:
    fake.records += [notice(BETA, ago(10), 100 + n, "dpc") for n in range(120)]
    with local_server(fake) as running:
        since, until = TODAY_REAL - timedelta(days=30), TODAY_REAL - timedelta(days=1)
        result = filon(
            environment(cli_store, running.base_url), "sync", "--department", "69",
            "--since", since.strftime("%d/%m/%Y"), "--until", until.isoformat(),
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert plain(result.stdout).splitlines() == [
        f"BODACC, Rhône (69) du {since:%d/%m/%Y} au {until:%d/%m/%Y} : 123 avis lus.",
        "Signaux ajoutés 122, déjà connus 0, rectifiés ou annulés 0 ; "
        "scores d'intention recalculés 2.",
        "1 entreprise absente de la base laissée de côté : importez SIRENE "
        "(filon import sirene) ou cherchez-la (filon search) pour suivre ses avis.",
    ]
    assert fake.pages == [(0, 100), (100, 100)]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "Donnez une seule cible"),
        (["--siren", ONDILAB, "--list", "ESN Lyon"], "Donnez une seule cible"),
        (["--siren", ONDILAB, "--department", "69", "--since", "2026-10-01"], "une seule cible"),
        (["--department", "69"], "--department demande --since DATE"),
        (["--department", "69", "--since", "31/02/2026"], "« 31/02/2026 » n'est pas une date"),
        (["--department", "69", "--since", "hier"], "« hier » n'est pas une date"),
        (["--department", "99", "--since", "2026-10-01"], "« 99 » n'est pas un département"),
        (["--department", "69", "--since", "2026-10-01", "--until", "2026-09-01"],
         "La période finit le 01/09/2026, avant de commencer le 01/10/2026"),
        (["--siren", ONDILAB, "--since", "2999-01-01"], "--since 01/01/2999 est une date à venir"),
        (["--siren", ONDILAB, "--until", "2026-10-01"], "--until ne va qu'avec --department"),
        (["--siren", "123 456"], "« 123 456 » n'est pas un SIREN valide"),
        (["--siren", ONDILAB, "--user", "Alice Martin!"], "Alice Martin!"),
    ],
)  # fmt: skip
def test_bad_arguments_get_one_line_and_nothing_is_asked(
    cli_store: Engine, server: LocalServer, fake: FakeBodacc, args: list[str], says: str
) -> None:
    result = filon(environment(cli_store, server.base_url), "sync", *args)
    assert result.exit_code == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("filon: ")
    assert says in plain(result.stderr)
    assert fake.requests == [] and stored(cli_store) == []


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_bodacc_down_is_one_line_and_nothing_is_written(cli_store: Engine) -> None:
    env = environment(cli_store, f"http://127.0.0.1:{_closed_port()}")
    result = filon(env, "sync", "--siren", ONDILAB)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "filon: BODACC injoignable : pas de réseau ? Vérifiez la connexion puis réessayez. "
        "Rien n'a été écrit : relancez la synchronisation plus tard.\n"
    )
    assert stored(cli_store) == [] and intents(cli_store) == {}


def test_bodacc_failing_is_worded_in_english(cli_store: Engine) -> None:
    with local_server(lambda request: httpx.Response(200, json={"oops": 1})) as running:
        result = filon(environment(cli_store, running.base_url, "en"), "sync", "--siren", BETA)
    assert result.exit_code == 1
    assert result.stderr == (
        "filon: Unexpected answer (BODACC): the field total_count is missing or invalid. "
        "Try again later; if it lasts, report it. Nothing was written: run the sync again "
        "later.\n"
    )


def test_show_prints_the_signals_and_the_intent_with_its_reasons(
    cli_store: Engine, server: LocalServer, fake: FakeBodacc
) -> None:
    env = environment(cli_store, server.base_url)
    assert filon(env, "sync", "--siren", ONDILAB).exit_code == 0
    hiring = FoundSignal(
        siren=ONDILAB, kind=SignalKind.hiring, occurred_on=TODAY_REAL - timedelta(days=12),
        title="Recrute 3 commerciaux", source="import:veille.csv", external_id="job-1",
        strength=0.7,
    )  # fmt: skip
    record_signals(cli_store, [hiring], WEIGHTS, today=TODAY_REAL)

    result = filon(env, "show", "833 310 592")
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in plain(result.stdout).splitlines()]
    assert lines[0] == f"Signaux de Société {ONDILAB} ({ONDILAB})"
    assert lines[2] == "┃ Date ┃ Type ┃ Signal ┃ Source ┃ Lien ┃"
    day, earlier = (TODAY_REAL - timedelta(days=d) for d in (12, 40))
    judged, sold = (record["url_complete"] for record in fake.records[:2])
    assert lines[4:7] == [
        f"│ {day:%d/%m/%Y} │ recrutement │ Recrute 3 commerciaux │ import de veille.csv │ │",
        f"│ {day:%d/%m/%Y} │ procédure collective │ Jugement d'ouverture d'une procédure de "
        f"redressement judiciaire │ BODACC │ {judged} │",
        f"│ {earlier:%d/%m/%Y} │ vente ou cession │ Vente / cession du fonds │ BODACC │ {sold} │",
    ]
    assert lines[8:] == [
        "Score d'intention : -37 (de -100 à 100), d'après 3 signaux en cours.",
        "Ce qui pèse le plus :",
        "- Jugement d'ouverture d'une procédure de redressement judiciaire (il y a 12 jours) "
        ": -70,4 points",
        "- Recrute 3 commerciaux (il y a 12 jours) : +23,3 points",
        "- Vente / cession du fonds (il y a 40 jours) : +10,3 points",
    ]

    as_json = filon(environment(cli_store, server.base_url, "en"), "show", ONDILAB, "--json")
    shown = json.loads(as_json.stdout)
    assert (shown["siren"], shown["intent"]["score"], shown["intent"]["signal_count"]) == (
        ONDILAB,
        -37,
        3,
    )
    assert [(s["occurred_on"], s["kind"], s["source"]) for s in shown["signals"]] == [
        (ago(12), "hiring", "import:veille.csv"),
        (ago(12), "insolvency", "bodacc"),
        (ago(40), "sale", "bodacc"),
    ]
    assert shown["signals"][1]["url"] == judged and shown["signals"][1]["negative"] is True


def test_show_reasons_in_english(cli_store: Engine) -> None:
    hiring = FoundSignal(
        siren=BETA, kind=SignalKind.hiring, occurred_on=TODAY_REAL - timedelta(days=1),
        title="Hires 3 sales reps", source="Welcome", external_id="job-2", strength=0.7,
    )  # fmt: skip
    record_signals(cli_store, [hiring], WEIGHTS, today=TODAY_REAL)
    result = filon(environment(cli_store, "http://127.0.0.1:9"), "show", BETA)
    assert result.exit_code == 0
    assert "- Hires 3 sales reps (hier) : +" in plain(result.stdout)
    english = filon(environment(cli_store, "http://127.0.0.1:9", "en"), "show", BETA)
    assert "Hires 3 sales reps (yesterday): +" in english.stdout
    assert "Intent score: " in english.stdout and "from 1 signal in force." in english.stdout


@pytest.mark.parametrize(
    ("siren", "says"),
    [
        (STRANGER, f"filon: L'entreprise {STRANGER} n'est pas dans la base : cherchez-la"),
        ("12", "filon: « 12 » n'est pas un SIREN valide"),
    ],
)
def test_show_an_unknown_or_invalid_siren_is_one_line(
    cli_store: Engine, siren: str, says: str
) -> None:
    result = filon(environment(cli_store, "http://127.0.0.1:9"), "show", siren)
    assert result.exit_code == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and plain(result.stderr).startswith(says)


def test_show_a_company_without_signals(cli_store: Engine) -> None:
    result = filon(environment(cli_store, "http://127.0.0.1:9"), "show", BETA)
    assert result.exit_code == 0
    assert result.stdout == (
        f"Aucun signal en cours pour Société {BETA} ({BETA}) : "
        f"lancez filon signals sync --siren {BETA}.\n"
    )


def test_score_recomputes_every_score_with_the_edited_weights(
    cli_store: Engine, server: LocalServer, tmp_path: Path
) -> None:
    env = environment(cli_store, server.base_url)
    assert filon(env, "sync", "--siren", ONDILAB, "--siren", BETA).exit_code == 0
    before = {siren: intent.score for siren, intent in intents(cli_store).items()}

    weights = tmp_path / "weights.toml"
    weights.write_text(
        DEFAULT_FILE.read_text(encoding="utf-8").replace("creation = 15", "creation = 60"),
        encoding="utf-8",
    )
    result = filon(env | {"FILON_INTENT_WEIGHTS": str(weights)}, "score")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"2 scores d'intention recalculés avec les poids de {weights}.\n"
    after = intents(cli_store)
    assert after[BETA].score > before[BETA] and after[ONDILAB].score == before[ONDILAB]
    assert after[BETA].weights == load_weights(weights).fingerprint

    as_json = filon(env, "score", "--json")
    assert json.loads(as_json.stdout) == {"scored": 2}


# --- several processes at once ----------------------------------------------------------------


@pytest.fixture
def shared_postgres(tmp_path: Path) -> Iterator[Store]:
    for fresh in fresh_store("postgres", tmp_path):
        engine = open_store(fresh.url)
        add_companies(engine, ONDILAB)
        engine.dispose()
        yield fresh


@pytest.mark.postgres
def test_three_processes_syncing_a_company_at_once_write_each_notice_once(
    shared_postgres: Store,
) -> None:
    records = [notice(ONDILAB, ago(1 + n % 300), 1000 + n, "dpc") for n in range(150)]
    records.append(
        notice(ONDILAB, ago(1), 5000, typeavis="rectificatif",
               parutionavisprecedent=previous("A", records[0]["parution"], "1000"))
    )  # fmt: skip
    fake = FakeBodacc(records)
    with local_server(fake) as running:
        url = running.base_url + RECORDS
        processes = [
            start(shared_postgres, "signals", "sync", "--siren", ONDILAB, "--json",
                  FILON_BODACC_BASE_URL=url)
            for _ in range(3)
        ]  # fmt: skip
        finished = [finish(process) for process in processes]
    assert all(f.returncode == 0 for f in finished), [f.stderr for f in finished]
    reports = [json.loads(f.stdout)["reports"][0] for f in finished]
    assert all(r["new"] + r["updated"] == 151 for r in reports)
    assert sum(r["new"] for r in reports) == 151
    engine = open_store(shared_postgres.url)
    try:
        signals = stored(engine)
        assert len(signals) == 151 and len({s.external_id for s in signals}) == 151
        assert len(in_force(engine)) == 150
        assert list(intents(engine)) == [ONDILAB]
    finally:
        engine.dispose()
