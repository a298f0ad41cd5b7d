"""Scoring leads in the store, on SQLite and PostgreSQL: parts and reasons stored in the shape
readers expect, a new lead promoted to MQL by "filon" with its scores as the reason, no lead
ever moved back or from another stage, and recording events or signals scoring again the
leads of those companies only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from filon_processes import valid_siren as siren
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.leads import UnknownList, create_list
from agent.qualification.engagements import NewEngagement, record_engagements
from agent.qualification.scoring import score_leads
from agent.settings import Settings
from agent.signals.ports import FoundSignal
from agent.signals.record import record_signals
from agent.signals.weights import load_weights
from store.db import session_scope
from store.models import Company, Engagement, EngagementKind, Lead, LeadStageChange, SignalKind

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
FIT, OFF, OTHER = siren(48_000_001), siren(48_000_002), siren(48_000_003)


@pytest.fixture
def store(engine: Engine) -> Engine:
    """Three companies: an ESN of 50–99 people in Lyon (fits), a public body (does not), and
    another ESN; two lists."""
    esn = {"naf_code": "62.02A", "headcount_band": "21", "department": "69", "region": "84",
           "category": "PME", "created_on": date(2015, 1, 1)}  # fmt: skip
    with session_scope(engine) as session:
        session.add_all([
            Company(siren=FIT, name="Synora", city="LYON", **esn),
            Company(siren=OFF, name="Mairie", naf_code="84.11Z", department="33", region="75"),
            Company(siren=OTHER, name="Verilia", city="LYON", **esn),
        ])  # fmt: skip
    create_list(engine, name="ESN Lyon", owner="alice", sirens=[FIT, OFF])
    create_list(engine, name="Autres", owner="bruno", sirens=[OTHER, FIT])
    return engine


@pytest.fixture
def scoring(tmp_path: Path) -> Settings:
    return Settings(FILON_HOME=tmp_path / "home", FILON_LANGUAGE="fr")


def _events(*specs: tuple[str, EngagementKind, str | None, int]) -> list[NewEngagement]:
    return [
        NewEngagement(company, kind, detail, NOW - timedelta(days=days), source="test")
        for company, kind, detail, days in specs
    ]


def _leads(engine: Engine) -> dict[tuple[str, str], Lead]:
    with Session(engine) as session:
        rows = session.exec(select(Lead)).all()
        owners = {1: "alice", 2: "bruno"}
        return {(owners.get(r.list_id, "?"), r.company_siren): r for r in rows}


def _changes(engine: Engine) -> list[LeadStageChange]:
    with Session(engine) as session:
        return list(session.exec(select(LeadStageChange)).all())


def test_scores_are_stored_with_their_parts_and_reasons(store: Engine, scoring: Settings) -> None:
    run = score_leads(store, today=TODAY, settings=scoring, now=NOW)
    assert (run.scored, run.changed, run.promoted) == (4, 4, 0)
    leads = _leads(store)
    fit = leads[("alice", FIT)]
    assert fit.scores["fit"]["score"] == 100 and fit.scores["engagement"] == {
        "score": 0, "reasons": []
    }  # fmt: skip
    assert fit.scores["fit"]["reasons"][0] == {"code": "sector", "value": "62.02A", "points": 35.0}
    assert fit.scores["computed_at"] == "2026-12-01T10:00:00+00:00"
    assert fit.score == 50  # 0.5 × 100 + 0.3 × 0 + 0.2 × 0
    assert leads[("bruno", FIT)].scores == fit.scores  # a company's leads share its scores
    assert leads[("alice", OFF)].score == 0
    again = score_leads(store, today=TODAY, settings=scoring, now=NOW)
    assert (again.scored, again.changed) == (4, 0)


def test_a_list_is_scored_alone_and_an_unknown_one_is_refused(
    store: Engine, scoring: Settings
) -> None:
    run = score_leads(store, list_name="esn lyon", today=TODAY, settings=scoring, user="alice")
    assert run.list_name == "ESN Lyon" and run.scored == 2
    assert _leads(store)[("bruno", OTHER)].score is None
    with pytest.raises(UnknownList):
        score_leads(store, list_name="Nulle part", today=TODAY, settings=scoring)


def test_a_new_lead_that_qualifies_is_promoted_by_filon_and_never_moved_back(
    store: Engine, scoring: Settings
) -> None:
    events = _events(
        (FIT, EngagementKind.demo_request, "formulaire", 1),
        (FIT, EngagementKind.page_view, "/tarifs", 2),
        (OFF, EngagementKind.demo_request, None, 1),  # interested, but no fit
    )
    recorded = record_engagements(store, events, settings=scoring, today=TODAY)
    assert recorded.written == 3 and recorded.run.promoted == 2  # FIT in both lists
    leads = _leads(store)
    assert leads[("alice", FIT)].stage == "mql" and leads[("alice", FIT)].mql_at is not None
    assert leads[("alice", OFF)].stage == "new"
    changes = _changes(store)
    assert {(c.from_stage, c.to_stage, c.changed_by) for c in changes} == {("new", "mql", "filon")}
    assert changes[0].reason is not None and changes[0].reason.startswith(
        "scores : adéquation 100 (seuil 60), engagement "
    )
    # the events age, the engagement falls under the threshold: the lead stays an MQL
    later = score_leads(store, today=TODAY + timedelta(days=365), settings=scoring)
    assert later.promoted == 0 and _leads(store)[("alice", FIT)].stage == "mql"
    assert len(_changes(store)) == 2


def test_only_new_leads_are_promoted(store: Engine, scoring: Settings) -> None:
    with session_scope(store) as session:
        for lead in session.exec(select(Lead).where(Lead.company_siren == FIT)):
            lead.stage = "disqualified"  # type: ignore[assignment]
    record_engagements(
        store, _events((FIT, EngagementKind.demo_request, None, 0)), settings=scoring, today=TODAY
    )
    assert {lead.stage for lead in _leads(store).values() if lead.company_siren == FIT} == {
        "disqualified"
    }
    assert _changes(store) == []
    quiet = score_leads(store, today=TODAY, settings=scoring, promote=False)
    assert quiet.promoted == 0


def test_new_events_and_signals_score_again_only_their_companies(
    store: Engine, scoring: Settings
) -> None:
    score_leads(store, today=TODAY, settings=scoring, now=NOW)
    before = {key: lead.scores["computed_at"] for key, lead in _leads(store).items()}
    recorded = record_engagements(
        store,
        _events(
            (OTHER, EngagementKind.webinar, "Webinar BANT", 3), ("999999999", "download", None, 1)
        ),
        settings=scoring,
        today=TODAY,
    )
    assert (recorded.written, recorded.unknown_companies, recorded.run.scored) == (1, 1, 1)
    after = _leads(store)
    touched = {key for key, lead in after.items() if lead.scores["computed_at"] != before[key]}
    assert touched == {("bruno", OTHER)}
    assert after[("bruno", OTHER)].scores["engagement"]["reasons"][0]["code"] == "webinar"
    with Session(store) as session:
        assert len(session.exec(select(Engagement)).all()) == 1

    hiring = FoundSignal(
        siren=OFF, kind=SignalKind.hiring, occurred_on=TODAY - timedelta(days=2),
        title="Recrute 4 agents", source="test", external_id="h1", strength=0.8,
    )  # fmt: skip
    recorded_signals = record_signals(
        store, [hiring], load_weights(), today=TODAY, settings=scoring
    )
    assert recorded_signals.leads_scored == 1
    leads = _leads(store)
    assert leads[("alice", OFF)].scores["intent"]["score"] > 0
    assert leads[("alice", OFF)].scores["intent"]["reasons"][0]["value"] == "Recrute 4 agents"
    assert leads[("alice", FIT)].scores["computed_at"] == before[("alice", FIT)]
    # without the settings (as before scores existed) only the intent is written
    assert record_signals(store, [hiring], load_weights(), today=TODAY).leads_scored == 0


def test_ai_column_cells_the_profile_names_add_to_a_leads_fit(
    store: Engine, scoring: Settings
) -> None:
    """'Maturité d'achat' 8/10 on alice's lead adds 8 of the profile's 10 points to that lead's
    fit (with its reason); the same company in bruno's list, without the cell, keeps its own;
    a 'false' and a 'no information' cell add nothing."""
    from agent.columns.builtins import BUILTIN_BY_KEY
    from agent.columns.define import add_builtin
    from store.models import AICell

    mid = siren(48_000_004)
    with session_scope(store) as session:
        session.add(Company(siren=mid, name="Cabinet Moyen", naf_code="69.20Z",
                            headcount_band="21", department="35", region="53"))  # fmt: skip
    create_list(store, name="Cabinets", owner="alice", sirens=[mid])
    create_list(store, name="Cabinets bis", owner="bruno", sirens=[mid])
    maturity = add_builtin(store, list_name="Cabinets", builtin=BUILTIN_BY_KEY["buying_maturity"],
                           user="alice", language="fr")  # fmt: skip
    maker = add_builtin(store, list_name="Cabinets", builtin=BUILTIN_BY_KEY["decision_maker"],
                        user="alice", language="fr")  # fmt: skip
    with Session(store) as session:  # alice's lead, in the list the columns belong to
        lead_id = session.exec(
            select(Lead.id).where(
                Lead.company_siren == mid, Lead.list_id == maturity.column.list_id
            )
        ).one()
    assert lead_id is not None
    with session_scope(store) as session:
        session.add_all([
            AICell(column_id=maturity.column.id, lead_id=lead_id, status="filled", value=8,
                   model="rules", input_hash="a"),
            AICell(column_id=maker.column.id, lead_id=lead_id, status="filled", value=False,
                   model="rules", input_hash="b"),
        ])  # fmt: skip

    score_leads(store, today=TODAY, settings=scoring, now=NOW)

    with Session(store) as session:
        rows = {
            lead.id: lead for lead in session.exec(select(Lead).where(Lead.company_siren == mid))
        }
    mine, theirs = rows[lead_id], next(r for i, r in rows.items() if i != lead_id)
    assert mine.scores["fit"]["score"] == theirs.scores["fit"]["score"] + 8
    reasons = [r for r in mine.scores["fit"]["reasons"] if r["code"] == "ai_column"]
    assert reasons == [{"code": "ai_column", "value": "Maturité d'achat 8/10", "points": 8.0}]
    assert not [r for r in theirs.scores["fit"]["reasons"] if r["code"] == "ai_column"]
    assert mine.score is not None and theirs.score is not None and mine.score > theirs.score
