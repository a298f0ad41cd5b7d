"""The qualification service on SQLite and PostgreSQL: answers recorded with their origin and
never rewritten, the latest per criterion in force, promotion only on a yes and only for open
leads, who may qualify, and reps qualifying one lead from several processes at once."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from filon_processes import fresh_store, run_together
from filon_processes import valid_siren as siren
from sqlalchemy import text
from sqlalchemy.engine import Engine

from agent.context import Role
from agent.i18n import Language
from agent.leads import NotLeadOwner, create_list, set_stage
from agent.qualification.bant import Origin
from agent.qualification.extract import extract_bant
from agent.qualification.facts import Criterion
from agent.qualification.qualify import Qualification, qualify
from store.db import open_store, session_scope
from store.models import Company, LeadStage
from store.repositories.bant import answer_history

A, B = siren(71_000_000), siren(71_000_001)
TODAY = date(2026, 12, 2)
NOW = datetime(2026, 12, 2, 10, tzinfo=UTC)
ALICE = Origin(said_by="alice.martin", source="chat", thread_id="t1", message_id="m1")


@pytest.fixture
def store(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        session.add_all(Company(siren=value, name=f"Société {value}") for value in (A, B))
    create_list(engine, name="ESN Lyon", owner="alice.martin", sirens=[A, B])
    set_stage(engine, siren=A, stage="mql", user="alice.martin", now=NOW - timedelta(hours=1))
    return engine


def said(
    engine: Engine,
    words: str,
    *,
    siren_: str = A,
    origin: Origin = ALICE,
    asked: Criterion | None = None,
    confirm: bool | None = None,
    role: Role = "rep",
    language: Language = "fr",
) -> Qualification:
    """What `origin` said about the lead, as the tool records it (read by the offline parser)."""
    facts = extract_bant(words, today=TODAY, asked=asked)
    return qualify(engine, siren=siren_, facts=facts, text=words, origin=origin, now=NOW,
                   confirm=confirm, role=role, language=language)  # fmt: skip


def test_answers_are_recorded_with_their_origin_and_the_latest_counts(store: Engine) -> None:
    first = said(store, "budget pas encore validé, ils veulent remplacer leur CRM")
    assert [c.value for c in first.recorded] == ["budget", "need"]
    assert [c.value for c in first.bant.missing] == ["budget", "authority", "timing"]
    assert first.asking is not None and first.asking.value == "authority"  # not budget again
    second = said(store, "40 k€ validé par le DAF", asked=Criterion.budget)
    assert second.bant.status(second.recorded[0]) == "confirmed"
    with session_scope(store) as session:
        history = answer_history(session, second.row.lead.id or 0)
        rows = [(a.criterion, a.status, a.said_by, a.source, a.thread_id, a.message_id)
                for a in history]  # fmt: skip
    assert rows == [
        ("budget", "unknown", "alice.martin", "chat", "t1", "m1"),
        ("need", "confirmed", "alice.martin", "chat", "t1", "m1"),
        ("budget", "confirmed", "alice.martin", "chat", "t1", "m1"),
    ]
    assert history[-1].value == {"amount": "40000", "currency": "EUR", "approved_by": "DAF"}


def test_promotion_only_on_yes_and_only_for_open_leads(store: Engine) -> None:
    done = said(
        store, "budget 40k€ validé, le DSI décide, besoin de sécuriser leur réseau, avant juin"
    )
    assert done.proposal == LeadStage.sql and done.change is None
    assert said(store, "", confirm=False).declined
    assert said(store, "").row.lead.stage == LeadStage.mql
    promoted = said(store, "", confirm=True)
    assert promoted.change is not None and promoted.row.lead.stage == LeadStage.sql
    assert promoted.history[-1].reason == "BANT confirmé (budget, décideur, besoin, échéance)"
    assert promoted.history[-1].changed_by == "alice.martin"
    # an SQL is past the interview: nothing is proposed any more
    again = said(store, "budget 50 k€ validé", confirm=True)
    assert again.proposal is None and again.change is None and again.recorded


def test_a_criterion_against_proposes_disqualifying(store: Engine) -> None:
    done = said(store, "aucun budget cette année", siren_=B)
    assert done.proposal == LeadStage.disqualified
    moved = said(store, "", siren_=B, confirm=True, language="en")
    assert moved.row.lead.stage == LeadStage.disqualified
    assert moved.history[-1].reason == "BANT against: budget"


def test_who_may_qualify(store: Engine) -> None:
    bruno = Origin(said_by="bruno.petit")
    with pytest.raises(NotLeadOwner, match=re.escape("belongs to alice.martin")):
        said(store, "budget 10 k€", origin=bruno)
    managed = said(store, "budget 10 k€", origin=Origin(said_by="sophie.manager"), role="manager")
    assert managed.answers[0].said_by == "sophie.manager"


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_reps_qualifying_one_lead_at_once_all_keep_what_they_said(
    kind: str, tmp_path: Path
) -> None:
    for shared in fresh_store(kind, tmp_path):
        engine = open_store(shared.url)
        with session_scope(engine) as session:
            session.add(Company(siren=A, name="Société A"))
        create_list(engine, name="ESN Lyon", owner=None, sirens=[A])
        amounts = [10, 20, 30, 40, 50, 60]
        commands = [
            ("leads", "qualify", A, f"budget {amount} k€ validé", "--user", f"rep{index}", "--json")
            for index, amount in enumerate(amounts)
        ]
        finished = run_together(shared, commands)
        assert [done.returncode for done in finished] == [0] * len(amounts), [
            done.stderr for done in finished
        ]
        cards = [json.loads(done.stdout) for done in finished]
        assert all(card["recorded"] == ["budget"] for card in cards)
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT said_by, value FROM bantanswer ORDER BY id")
            ).all()
        assert sorted(row[0] for row in rows) == [f"rep{index}" for index in range(len(amounts))]
        # the lead's budget is the last one written
        last = rows[-1]
        value = last[1] if isinstance(last[1], dict) else json.loads(last[1])
        index = int(str(last[0]).removeprefix("rep"))
        assert value["amount"] == str(amounts[index] * 1000)
        engine.dispose()
