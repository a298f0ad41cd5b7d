"""`find_signals` as the graph runs it: the signals of companies given by SIREN, of a lead
list or of every match of a search, highest intent first with what weighs most; outside
sources asked about real companies only (never the demo's) and their notices written once; a
source that cannot answer leaves the store's signals shown and says so; mistakes come back as
messages the model can act on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest
from filon_processes import valid_siren as siren
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from tool_runner import Call, ok, refused, tool_runner

from agent.http import ApiUnavailable
from agent.leads.lists import create_list
from agent.settings import Settings
from agent.signals.ports import FoundSignal, SourceBatch
from store.db import session_scope
from store.models import Company, Signal, SignalKind

TODAY = date(2026, 12, 1)
HOT, WARM, BROKE, REAL, DEMO = (siren(49_000_000 + n) for n in range(1, 6))


class FakeBodacc:
    """A signal source answering from memory, recording what it was asked."""

    name = "bodacc"

    def __init__(self, signals: Sequence[FoundSignal] = (), *, down: bool = False) -> None:
        self.signals = list(signals)
        self.down = down
        self.asked: list[list[str]] = []

    async def for_companies(self, sirens: Sequence[str], *, since: date | None) -> SourceBatch:
        self.asked.append(list(sirens))
        if self.down:
            raise ApiUnavailable("bodacc", "offline", "connection refused")
        return SourceBatch(signals=[s for s in self.signals if s.siren in sirens])

    async def for_department(
        self, department: str, *, since: date, until: date | None = None
    ) -> SourceBatch:
        raise AssertionError("not asked here")


@pytest.fixture
def store(sqlite_engine: Engine) -> Engine:
    with session_scope(sqlite_engine) as session:
        for number, name, source in (
            (HOT, "Hot Conseil", "sirene"), (WARM, "Warm Conseil", "sirene"),
            (BROKE, "Broke Conseil", "sirene"), (REAL, "Real Conseil", "sirene"),
            (DEMO, "Demo Conseil", "demo"),
        ):  # fmt: skip
            session.add(Company(siren=number, name=name, naf_code="62.02A", department="69",
                                city="LYON", source=source))  # fmt: skip
        session.add_all([
            Signal(company_siren=HOT, kind=SignalKind.hiring, title="Recrute 5 devs",
                   occurred_on=date(2026, 11, 20), strength=0.9, url="https://jobs.example/5"),
            Signal(company_siren=HOT, kind=SignalKind.fundraising, title="Levée de 3 M€",
                   occurred_on=date(2026, 10, 1), strength=0.9),
            Signal(company_siren=WARM, kind=SignalKind.hiring, title="Recrute 1 stagiaire",
                   occurred_on=date(2026, 5, 1), strength=0.4),
            Signal(company_siren=BROKE, kind=SignalKind.insolvency, title="Redressement",
                   occurred_on=date(2026, 11, 2), strength=0.9, negative=True, source="bodacc"),
        ])  # fmt: skip
    create_list(sqlite_engine, name="ESN Lyon", owner="alice.martin",
                sirens=[HOT, BROKE])  # fmt: skip
    return sqlite_engine


def runner(store: Engine, settings: Settings, *sources: object) -> Call:
    return tool_runner(store, settings, TODAY, signal_sources=sources)


async def test_companies_by_siren_hottest_first_with_why(store: Engine, settings: Settings) -> None:
    artifact = ok(
        await runner(store, settings)("find_signals", {"sirens": [WARM, BROKE, HOT, REAL]})
    )

    assert (artifact["asked"], artifact["with_signals"], artifact["total_signals"]) == (4, 3, 4)
    companies = artifact["companies"]
    assert [c["name"] for c in companies] == ["Hot Conseil", "Warm Conseil", "Broke Conseil"]
    hot = companies[0]
    assert hot["intent"]["score"] > companies[1]["intent"]["score"] > 0
    assert [r["kind"] for r in hot["intent"]["reasons"]] == ["hiring", "fundraising"]
    assert [s["title"] for s in hot["signals"]] == ["Recrute 5 devs", "Levée de 3 M€"]
    assert companies[2]["intent"]["score"] < 0 and companies[2]["signals"][0]["negative"]


async def test_kinds_and_since_narrow_the_signals(store: Engine, settings: Settings) -> None:
    call = runner(store, settings)
    hiring = ok(await call("find_signals", {"sirens": [HOT, WARM], "kinds": ["hiring"],
                                            "since": "2026-06-01"}))  # fmt: skip
    assert [(c["name"], len(c["signals"])) for c in hiring["companies"]] == [("Hot Conseil", 1)]
    legal = ok(await call("find_signals", {"sirens": [HOT, BROKE], "kinds": ["legal"]}))
    assert [c["name"] for c in legal["companies"]] == ["Broke Conseil"]
    refused(await call("find_signals", {"sirens": [HOT], "kinds": ["hirring"]}), "unknown kind")


async def test_a_lead_list_or_every_match_of_a_search(store: Engine, settings: Settings) -> None:
    call = runner(store, settings)
    listed = ok(await call("find_signals", {"list_name": "esn lyon", "kinds": ["insolvency"]}))
    assert (listed["scope"], listed["list_name"], listed["asked"]) == ("list", "ESN Lyon", 2)
    assert [c["name"] for c in listed["companies"]] == ["Broke Conseil"]
    refused(await call("find_signals", {"list_name": "Nope"}), "ESN Lyon")

    searched = ok(await call("find_signals", {"query": {"cities": ["LYON"], "limit": 1}}))
    assert searched["scope"] == "search" and searched["asked"] == 5  # every match, not a page


async def test_one_target_exactly(store: Engine, settings: Settings) -> None:
    call = runner(store, settings)
    refused(await call("find_signals", {}), "exactly one of sirens, list_name or query")
    refused(await call("find_signals", {"sirens": [HOT], "list_name": "ESN Lyon"}), "exactly one")
    refused(await call("find_signals", {"sirens": ["123"]}), "123")


async def test_an_outside_source_is_asked_about_real_companies_only(
    store: Engine, settings: Settings
) -> None:
    notice = FoundSignal(
        siren=REAL, kind=SignalKind.sale, occurred_on=date(2026, 11, 28), title="Vente du fonds",
        source="bodacc", external_id="A202611281", url="https://www.bodacc.fr/annonce/1",
        strength=0.7,
    )  # fmt: skip
    bodacc = FakeBodacc([notice])
    call = runner(store, settings, bodacc)

    first = ok(await call("find_signals", {"sirens": [REAL, DEMO]}))
    assert bodacc.asked == [[REAL]]  # the demo's invented company is never asked about
    assert first["synced"] == ["bodacc"] and first["unreachable"] == []
    assert [s["title"] for s in first["companies"][0]["signals"]] == ["Vente du fonds"]
    await call("find_signals", {"sirens": [REAL]})
    with Session(store) as session:
        assert len(session.exec(select(Signal).where(Signal.company_siren == REAL)).all()) == 1


async def test_a_source_that_cannot_answer_leaves_the_known_signals(
    store: Engine, settings: Settings
) -> None:
    message = await runner(store, settings, FakeBodacc(down=True))(
        "find_signals", {"sirens": [BROKE]}
    )
    artifact = ok(message)
    assert artifact["unreachable"] == ["bodacc"] and artifact["synced"] == []
    assert [c["name"] for c in artifact["companies"]] == ["Broke Conseil"]
    assert "bodacc could not be reached" in str(message.content)


async def test_one_company_without_signal_is_named(store: Engine, settings: Settings) -> None:
    artifact = ok(await runner(store, settings)("find_signals", {"sirens": [REAL]}))
    assert artifact["with_signals"] == 0
    assert [(c["name"], c["signals"]) for c in artifact["companies"]] == [("Real Conseil", [])]
