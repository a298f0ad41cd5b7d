"""Writing what a source found: once per source id (found again, refreshed), rectifications and
cancellations applied to the notice they correct whatever the order they arrive in, signals
about companies the store does not hold left out, and the company card reading only the
signals in force."""

from __future__ import annotations

from datetime import date

from filon_processes import valid_siren as siren
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.signals.ports import FoundSignal
from agent.signals.record import record_signals
from agent.signals.weights import load_weights
from store.db import session_scope
from store.models import Company, CompanyIntent, Signal, SignalKind
from store.repositories.activity import signals_of

A, B, NOWHERE = siren(47_000_001), siren(47_000_002), siren(47_000_003)
TODAY = date(2026, 12, 1)


def notice(
    external_id: str,
    kind: SignalKind = SignalKind.modification,
    *,
    company: str = A,
    corrects: str | None = None,
    cancels: bool = False,
    title: str = "Modification",
    day: date = date(2026, 11, 10),
) -> FoundSignal:
    return FoundSignal(
        siren=company, kind=kind, occurred_on=day, title=title, source="bodacc",
        external_id=external_id, corrects=corrects, cancels=cancels, strength=0.8,
    )  # fmt: skip


def _companies(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add_all([Company(siren=A, name="A"), Company(siren=B, name="B")])


def _in_force(engine: Engine, company: str = A) -> list[str]:
    with Session(engine) as session:
        return [s.external_id or "" for s in signals_of(session, company_siren=company)]


def test_a_notice_found_again_is_refreshed_not_duplicated(engine: Engine) -> None:
    _companies(engine)
    first = record_signals(engine, [notice("A1"), notice("A2")], load_weights(), today=TODAY)
    assert (first.new, first.updated) == (2, 0)
    again = record_signals(
        engine, [notice("A1", title="Modification du capital")], load_weights(), today=TODAY
    )
    assert (again.new, again.updated) == (0, 1)
    with Session(engine) as session:
        titles = sorted(s.title for s in session.exec(select(Signal)))
    assert titles == ["Modification", "Modification du capital"]


def test_a_rectification_replaces_the_notice_in_either_order(engine: Engine) -> None:
    _companies(engine)
    weights = load_weights()
    fixed = notice("A9", SignalKind.insolvency, corrects="A1", title="Sauvegarde (rectificatif)")
    # the correction first, then the notice it corrects: the notice is still superseded
    record_signals(engine, [fixed], weights, today=TODAY)
    recorded = record_signals(engine, [notice("A1", SignalKind.insolvency)], weights, today=TODAY)
    assert recorded.superseded == 1
    assert _in_force(engine) == ["A9"]
    # found again later, in one batch: nothing changes
    record_signals(engine, [notice("A1", SignalKind.insolvency), fixed], weights, today=TODAY)
    assert _in_force(engine) == ["A9"]


def test_a_cancellation_leaves_no_signal_and_the_score_follows(engine: Engine) -> None:
    _companies(engine)
    weights = load_weights()
    record_signals(engine, [notice("B1", SignalKind.insolvency, company=B)], weights, today=TODAY)
    with Session(engine) as session:
        assert session.get(CompanyIntent, B).score < 0  # type: ignore[union-attr]
    cancel = notice("B2", SignalKind.insolvency, company=B, corrects="B1", cancels=True)
    recorded = record_signals(engine, [cancel], weights, today=TODAY)
    assert recorded.superseded == 1
    assert _in_force(engine, B) == []
    with Session(engine) as session:
        assert session.get(CompanyIntent, B) is None


def test_signals_about_companies_the_store_does_not_hold_are_left_out(engine: Engine) -> None:
    _companies(engine)
    recorded = record_signals(
        engine, [notice("A1"), notice("N1", company=NOWHERE)], load_weights(), today=TODAY
    )
    assert (recorded.new, recorded.unknown_companies) == (1, 1)
