"""Searching on signals, on SQLite and PostgreSQL: companies with a signal of the kinds asked
(in force: a corrected notice no longer counts), since a day, with text and filters, and
sorted by intent (highest first, ties biggest first)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from filon_processes import valid_siren as siren
from sqlalchemy import delete, event
from sqlalchemy.engine import Engine
from sqlmodel import col

from agent.signals.intent import refresh
from agent.signals.scores import intents
from agent.signals.weights import load_weights
from store.db import session_scope
from store.models import Company, Signal, SignalKind
from store.search.query import CompanyQuery
from store.search.sql import search_companies

TODAY = date(2026, 12, 1)
HIRING, RAISED, BROKE, QUIET, FIXED = (siren(48_000_000 + n) for n in range(1, 6))


@pytest.fixture
def store(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        for number, name in ((HIRING, "Alpha Conseil"), (RAISED, "Beta Conseil"),
                             (BROKE, "Gamma Conseil"), (QUIET, "Delta Conseil"),
                             (FIXED, "Epsilon Conseil")):  # fmt: skip
            session.add(Company(siren=number, name=name, naf_code="62.02A", naf_section="J",
                                department="69", city="LYON", headcount_band="12"))  # fmt: skip
        session.add_all([
            Signal(company_siren=HIRING, kind=SignalKind.hiring, title="Recrute 5 devs",
                   occurred_on=date(2026, 11, 20), strength=0.9),
            Signal(company_siren=RAISED, kind=SignalKind.fundraising, title="Levée de 3 M€",
                   occurred_on=date(2026, 7, 1), strength=0.9),
            Signal(company_siren=RAISED, kind=SignalKind.hiring, title="Recrute 2 sales",
                   occurred_on=date(2026, 3, 1), strength=0.5),
            Signal(company_siren=BROKE, kind=SignalKind.insolvency, title="Redressement",
                   occurred_on=date(2026, 11, 2), strength=0.9, negative=True),
            # a hiring notice a later one superseded: no longer a signal
            Signal(company_siren=FIXED, kind=SignalKind.hiring, title="Recrute (erroné)",
                   occurred_on=date(2026, 11, 25), source="bodacc", external_id="A1",
                   superseded_by="A2"),
        ])  # fmt: skip
    return engine


def names(engine: Engine, **filters: object) -> list[str]:
    page = search_companies(engine, query=CompanyQuery(**filters))  # type: ignore[arg-type]
    return [company.name for company in page.companies]


def test_companies_with_a_signal_of_the_kinds_asked(store: Engine) -> None:
    assert names(store, signal_kinds=["hiring"], sort="name") == ["Alpha Conseil", "Beta Conseil"]
    assert names(store, signal_kinds=["insolvency"]) == ["Gamma Conseil"]
    assert names(store, signal_kinds=["legal"]) == ["Gamma Conseil"]
    assert names(store, text="alpha", signal_kinds=["hiring"]) == ["Alpha Conseil"]
    assert names(store, departments=["69"], signal_kinds=["fundraising"]) == ["Beta Conseil"]


def test_since_a_day(store: Engine) -> None:
    assert names(store, signal_kinds=["hiring"], signal_since=date(2026, 6, 1)) == ["Alpha Conseil"]
    assert names(store, signal_since=date(2026, 11, 1), sort="name") == [
        "Alpha Conseil", "Gamma Conseil",
    ]  # fmt: skip
    page = search_companies(store, query=CompanyQuery(signal_since=date(2026, 11, 1)))
    assert page.total == 2


def test_sorted_by_intent_highest_first(store: Engine) -> None:
    refresh(store, load_weights(), today=TODAY)
    ranked = names(store, cities=["LYON"], sort="intent")
    assert ranked[:2] == ["Alpha Conseil", "Beta Conseil"]
    assert ranked[-1] == "Gamma Conseil"  # insolvency: below the companies with no signal
    assert names(store, text="conseil", sort="intent", limit=1) == ["Alpha Conseil"]


def writes_during(engine: Engine, work: Callable[[], object]) -> list[str]:
    """The writing statements `work` sends."""
    sent: list[str] = []

    def record(_c: object, _cu: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return sent


def test_the_intent_of_a_page_writes_only_what_changed(store: Engine) -> None:
    """A page of companies without signals (most of them) writes nothing; scores are written
    once a day, and a stored score whose signals are gone is dropped."""
    weights = load_weights()
    assert writes_during(store, lambda: intents(store, [QUIET], weights, today=TODAY)) == []
    assert intents(store, [QUIET], weights, today=TODAY) == {}
    page = [HIRING, QUIET, BROKE]
    assert len(writes_during(store, lambda: intents(store, page, weights, today=TODAY))) == 1
    scored = intents(store, page, weights, today=TODAY)
    assert set(scored) == {HIRING, BROKE} and scored[HIRING].score > 0 > scored[BROKE].score
    assert writes_during(store, lambda: intents(store, page, weights, today=TODAY)) == []
    with session_scope(store) as session:  # the hiring notice withdrawn
        session.execute(delete(Signal).where(col(Signal.company_siren) == HIRING))
    later = date(2026, 12, 2)
    assert set(intents(store, page, weights, today=later)) == {BROKE}
