"""Multi-turn conversations on the offline model about lead scores: a list scored again, then
why its best lead scores what it does; every lead scored, new ones that qualify moved to MQL
by filon (and the pipeline counting them), then the rep's own only; the same in English."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home
from sqlmodel import Session, select

from store.db import open_store
from store.models import LeadStageChange


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-scores"))


async def test_a_list_scored_then_why_its_first_lead_scores_so(home: Path) -> None:
    async with conversation(home, thread_id="scores-list") as thread:
        scored = await thread.say("recalcule les scores de la liste ESN Lyon")
        assert thread.calls == [("score_leads", {"list_name": "ESN Lyon"})]
        (run,) = scored.artifacts
        assert run["scope"] == "list" and run["scored"] == len(run["leads"]) > 0
        assert scored.answer.startswith(f"**{run['scored']}** leads notés dans la liste")
        scores = [lead["score"] for lead in run["leads"]]
        assert scores == sorted(scores, reverse=True)

        await thread.say("mes leads")
        first = thread.turns[-1].artifacts[0]["leads"][0]
        why = await thread.say("pourquoi la première a ce score ?")
        assert thread.calls == [("score_leads", {"sirens": [first["siren"]]})]
        lines = why.answer.splitlines()
        assert lines[0].startswith(f"**{first['name']}** a un score de **")
        assert lines[1].startswith("- Adéquation ") and "secteur " in lines[1]
        assert lines[2].startswith("- Engagement ") and lines[3].startswith("- Intention ")


async def test_every_lead_scored_and_the_qualified_new_ones_promoted(home: Path) -> None:
    async with conversation(home, thread_id="scores-all") as thread:
        said = await thread.say("rescore les leads")
        assert thread.calls == [("score_leads", {})]  # a single-user store: every lead
        (run,) = said.artifacts
        assert run["scope"] == "all" and run["scored"] > 40 and run["owner"] is None
        again = await thread.say("score mes leads")  # the rep's own only
        assert thread.calls == [("score_leads", {"mine": True})]
        (mine,) = again.artifacts
        assert mine["owner"] == "alice.martin" and 0 < mine["scored"] < run["scored"]
        assert {lead["owner"] for lead in mine["leads"]} == {"alice.martin"}
        assert mine["promoted"] == 0  # promoted once, never twice
        assert again.answer.startswith(f"**{mine['scored']}** leads notés pour Alice Martin :")
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    with Session(engine) as session:
        changes = session.exec(
            select(LeadStageChange).where(LeadStageChange.changed_by == "filon")
        ).all()
    engine.dispose()
    assert len(changes) == run["promoted"]
    assert all((c.from_stage, c.to_stage) == ("new", "mql") for c in changes)
    assert all(c.reason and c.reason.startswith("scores : adéquation ") for c in changes)


async def test_in_english(home: Path) -> None:
    async with conversation(home, thread_id="scores-en") as thread:
        said = await thread.say("rescore my leads")
        assert thread.calls == [("score_leads", {"mine": True})]
        assert " leads scored for Alice Martin: score changed for " in said.answer
        assert "Highest scores:" in said.answer
        mine = await thread.say("my leads")
        second = mine.artifacts[0]["leads"][1]
        why = await thread.say("why does the second one have this score?")
        assert thread.calls == [("score_leads", {"sirens": [second["siren"]]})]
        lines = why.answer.splitlines()
        assert lines[0].startswith(f"**{second['name']}** scores **")
        assert lines[1].startswith("- Fit ") and "sector " in lines[1]
