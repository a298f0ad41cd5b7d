"""Stage changes on SQLite and PostgreSQL: which lead a SIREN means, reasons, the recorded
history, the stage timestamps the pipeline reads (forward, back, closing), a change that lost a
race, and migration 0005 on a store that already holds leads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from filon_processes import fresh_store
from filon_processes import valid_siren as siren
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.leads import (
    AmbiguousLead,
    BantIncomplete,
    LeadNotFound,
    NotLeadOwner,
    ReasonRequired,
    SameStage,
    create_list,
    set_stage,
)
from agent.leads.stages import stage_stamps
from agent.pipeline import pipeline_summary
from store.db import make_engine, session_scope
from store.migrate import migrate
from store.models import BantAnswer, Company, Lead, LeadList, LeadStage
from store.repositories.bant import record_answers
from store.repositories.stages import change_stage, stage_history

A, B, C = (siren(70_000_000 + index) for index in range(3))
MONDAY = datetime(2026, 11, 16, 9, tzinfo=UTC)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def store(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        session.add_all(Company(siren=value, name=f"Société {value}") for value in (A, B, C))
    create_list(engine, name="ESN Lyon", owner="alice.martin", sirens=[A, B])
    create_list(engine, name="Relances", owner="alice.martin", sirens=[B])
    create_list(engine, name="BTP", owner="bruno.petit", sirens=[C])
    create_list(engine, name="Webinar", owner="chloe.bernard", sirens=[C])
    return engine


def lead(engine: Engine, siren_: str, list_name: str) -> Lead:
    with Session(engine) as session:
        rows = session.exec(select(Lead).where(Lead.company_siren == siren_)).all()
        names = {item.id: item.name for item in session.exec(select(LeadList))}
        return next(row for row in rows if names[row.list_id] == list_name)


def bant(engine: Engine, siren_: str, list_name: str, statuses: dict[str, str]) -> None:
    """Record BANT answers for the lead, as the interview would."""
    lead_id = lead(engine, siren_, list_name).id
    assert lead_id is not None
    with session_scope(engine) as session:
        record_answers(session, [
            BantAnswer(lead_id=lead_id, criterion=criterion, status=status, value={},
                       said_by="alice.martin", source="chat", recorded_at=at(16))
            for criterion, status in statuses.items()
        ])  # fmt: skip


CONFIRMED = dict.fromkeys(("budget", "authority", "need", "timing"), "confirmed")


def test_sql_needs_bant_confirmed_or_a_reason(store: Engine) -> None:
    with pytest.raises(BantIncomplete, match="budget, authority, need, timing") as refused:
        set_stage(store, siren=A, stage="sql", user="alice.martin")
    assert (
        refused.value.code == "bant_incomplete" and refused.value.values["name"] == f"Société {A}"
    )
    bant(store, A, "ESN Lyon", {**CONFIRMED, "timing": "unknown", "need": "negative"})
    with pytest.raises(BantIncomplete, match=r"for need, timing\."):
        set_stage(store, siren=A, stage="sql", user="alice.martin")
    assert lead(store, A, "ESN Lyon").stage == LeadStage.new  # nothing written
    # the rep's override, with its reason
    change = set_stage(store, siren=A, stage="sql", user="alice.martin", reason="bon de commande")
    assert (change.to_stage, change.reason) == (LeadStage.sql, "bon de commande")
    # an SQL closed then reopened goes back without asking again
    set_stage(store, siren=A, stage="lost", user="alice.martin", reason="concurrent")
    assert set_stage(store, siren=A, stage="sql", user="alice.martin").to_stage == LeadStage.sql
    # the latest answer counts: all four confirmed now
    bant(store, B, "ESN Lyon", {**CONFIRMED, "budget": "unknown"})
    bant(store, B, "ESN Lyon", {"budget": "confirmed"})
    change = set_stage(store, siren=B, stage="sql", user="alice.martin", list_name="ESN Lyon")
    assert change.reason is None and change.to_stage == LeadStage.sql


def test_a_stage_change_is_recorded_and_counted_by_the_pipeline(store: Engine) -> None:
    bant(store, A, "ESN Lyon", CONFIRMED)
    change = set_stage(
        store, siren=f"{A[:3]} {A[3:6]} {A[6:]}", stage="sql", user="alice.martin", now=at(17)
    )

    assert (change.from_stage, change.to_stage) == (LeadStage.new, LeadStage.sql)
    assert change.row.list_name == "ESN Lyon" and change.row.lead.stage == LeadStage.sql
    moved = lead(store, A, "ESN Lyon")
    assert (moved.stage, moved.mql_at, moved.sql_at, moved.closed_at) == (
        LeadStage.sql,
        at(17),
        at(17),
        None,
    )
    with Session(store) as session:
        [record] = stage_history(session, lead_id=moved.id or 0)
    assert (record.from_stage, record.to_stage, record.changed_by, record.reason) == (
        LeadStage.new,
        LeadStage.sql,
        "alice.martin",
        None,
    )
    summary = pipeline_summary(store, today=date(2026, 11, 18), period="week")
    assert summary.new_sqls.current == 1 and summary.stages["sql"] == 1


def test_timestamps_follow_the_stage_forward_back_and_closed() -> None:
    reached = Lead(list_id=1, company_siren=A, mql_at=at(2), sql_at=at(5))
    assert stage_stamps(reached, LeadStage.won, at(9)) == {
        "mql_at": at(2),
        "sql_at": at(5),
        "closed_at": at(9),
    }
    # back to MQL: no longer an SQL
    assert stage_stamps(reached, LeadStage.mql, at(9)) == {
        "mql_at": at(2),
        "sql_at": None,
        "closed_at": None,
    }
    # back to new: nothing reached any more
    assert stage_stamps(reached, LeadStage.new, at(9)) == {
        "mql_at": None,
        "sql_at": None,
        "closed_at": None,
    }
    # lost or disqualified keep what the lead had reached
    fresh = Lead(list_id=1, company_siren=A)
    assert stage_stamps(fresh, LeadStage.disqualified, at(9)) == {"closed_at": at(9)}
    # straight to won: it was an SQL (and an MQL) on the way
    assert stage_stamps(fresh, LeadStage.won, at(9)) == {
        "mql_at": at(9),
        "sql_at": at(9),
        "closed_at": at(9),
    }
    closed = Lead(list_id=1, company_siren=A, sql_at=at(5), closed_at=at(6), stage=LeadStage.lost)
    assert stage_stamps(closed, LeadStage.sql, at(9))["closed_at"] is None


def test_moving_back_takes_the_lead_out_of_the_period_counts(store: Engine) -> None:
    set_stage(store, siren=A, stage="won", user="alice.martin", now=at(17))
    before = pipeline_summary(store, today=date(2026, 11, 18), period="week")
    assert (before.won.current, before.new_sqls.current) == (1, 1)
    set_stage(store, siren=A, stage="mql", user="alice.martin", now=at(18))
    after = pipeline_summary(store, today=date(2026, 11, 18), period="week")
    assert (after.won.current, after.new_sqls.current, after.stages["mql"]) == (0, 0, 1)


def test_lost_and_disqualified_need_a_reason(store: Engine) -> None:
    for stage in ("lost", "disqualified"):
        with pytest.raises(ReasonRequired, match=f"moved to {stage} needs a reason"):
            set_stage(store, siren=A, stage=stage, user="alice.martin", reason="  ")
    change = set_stage(
        store, siren=A, stage="lost", user="alice.martin", reason=" Budget\ngelé  2027 "
    )
    assert change.reason == "Budget gelé 2027"
    with pytest.raises(SameStage, match="already at stage lost"):
        set_stage(store, siren=A, stage="lost", user="alice.martin", reason="again")


def test_which_lead_a_siren_means(store: Engine) -> None:
    with pytest.raises(AmbiguousLead, match=re.escape("'ESN Lyon', 'Relances'")):
        set_stage(store, siren=B, stage="mql", user="alice.martin")
    change = set_stage(store, siren=B, stage="mql", user="alice.martin", list_name="relances")
    assert change.row.list_name == "Relances"
    assert lead(store, B, "ESN Lyon").stage == LeadStage.new

    # bruno's own lead first, although chloe's list holds the company too
    assert set_stage(store, siren=C, stage="mql", user="bruno.petit").row.list_name == "BTP"
    # someone with no lead of it: both teammates' leads are candidates
    with pytest.raises(AmbiguousLead, match=re.escape("'BTP', 'Webinar'")):
        set_stage(store, siren=C, stage="sql", user="david.roux")

    with pytest.raises(
        LeadNotFound, match=re.escape("not a lead in the list 'BTP'. It is in: 'ESN Lyon'")
    ):
        set_stage(store, siren=A, stage="sql", user="alice.martin", list_name="BTP")
    unknown = siren(70_000_099)
    with pytest.raises(LeadNotFound, match="not a lead in any lead list"):
        set_stage(store, siren=unknown, stage="sql", user="alice.martin")


def test_a_change_made_meanwhile_wins_and_the_late_one_writes_nothing(store: Engine) -> None:
    stale = lead(store, A, "ESN Lyon")
    set_stage(store, siren=A, stage="mql", user="bruno.petit", role="manager")
    with session_scope(store) as session:
        late = change_stage(
            session,
            lead_id=stale.id or 0,
            from_stage=LeadStage.new,  # what the late writer read
            to_stage=LeadStage.sql,
            stamps={},
            changed_by="alice.martin",
            reason=None,
            at=at(18),
        )
        assert late is None
        assert len(stage_history(session, lead_id=stale.id or 0)) == 1
    assert lead(store, A, "ESN Lyon").stage == LeadStage.mql


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_at_0004(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = make_engine(fresh.url)
        migrate(engine, "0004")
        yield engine
        engine.dispose()


def test_migration_0005_adds_the_history_to_a_store_with_leads(store_at_0004: Engine) -> None:
    engine = store_at_0004
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO company (siren, name, active, diffusible, "
                                "natural_person, source, updated_at) VALUES (:s, 'ACME', true, "
                                "true, false, 'test', :now)"), {"s": A, "now": MONDAY})  # fmt: skip
        connection.execute(
            text(
                "INSERT INTO leadlist (name, name_key, owner, source, created_at) "
                "VALUES ('Old', 'old', 'alice.martin', 'test', :now)"
            ),
            {"now": MONDAY},
        )
        connection.execute(
            text(
                "INSERT INTO lead (list_id, company_siren, owner, stage, scores, source, "
                "created_at, updated_at, sql_at) SELECT id, :s, 'alice.martin', 'sql', '{}', "
                "'test', :now, :now, :now FROM leadlist"
            ),
            {"s": A, "now": MONDAY},
        )
    assert "leadstagechange" not in inspect(engine).get_table_names()

    migrate(engine)

    assert "leadstagechange" in inspect(engine).get_table_names()
    kept = lead(engine, A, "Old")
    assert (kept.stage, kept.sql_at) == (LeadStage.sql, MONDAY)
    change = set_stage(engine, siren=A, stage="won", user="alice.martin", now=at(18))
    assert (change.from_stage, change.to_stage) == (LeadStage.sql, LeadStage.won)
    won = lead(engine, A, "Old")
    assert (won.sql_at, won.closed_at) == (MONDAY, at(18))


def test_a_rep_moves_only_their_own_leads_and_a_manager_anyone(store: Engine) -> None:
    before = lead(store, A, "ESN Lyon")
    assert before.owner == "alice.martin"
    with pytest.raises(NotLeadOwner, match=re.escape("belongs to alice.martin")):
        set_stage(store, siren=A, stage="sql", user="bruno.petit")
    assert lead(store, A, "ESN Lyon").stage == before.stage  # nothing written
    bant(store, A, "ESN Lyon", CONFIRMED)
    change = set_stage(store, siren=A, stage="sql", user="sophie.manager", role="manager")
    assert (change.to_stage, change.changed_by) == (LeadStage.sql, "sophie.manager")
