"""The manager's dashboard in a conversation on the real graph, offline model and tools: the
pipeline by rep with each person's activity, the 12-week trend, the sleeping leads — the
team's for a manager, a rep's own when they say "mes"."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-dashboard"))


async def test_a_manager_reads_the_dashboard_in_chat(home: Path) -> None:
    async with conversation(
        home, user="sophie.manager", role="manager", thread_id="dashboard"
    ) as thread:
        by_rep = await thread.say("résumé du pipeline par commercial")
        assert thread.calls == [("pipeline_summary", {"period": "week"})]
        assert "activity" in by_rep.artifacts[0] and by_rep.artifacts[0]["owners"]

        trend = await thread.say("tendance sur 12 semaines")
        assert thread.calls == [("pipeline_trends", {"weeks": 12})]
        (artifact,) = trend.artifacts
        assert artifact["kind"] == "pipeline_trends" and len(artifact["weeks"]) == 12
        assert "Tendance pour l'équipe sur 12 semaines complètes" in trend.answer
        assert "Semaine en cours, du " in trend.answer

        stale = await thread.say("quels leads dorment ?")
        assert thread.calls == [("stale_leads", {})]
        (sleeping,) = stale.artifacts
        assert sleeping["kind"] == "stale_leads" and sleeping["days"] == 14
        assert "Leads qui dorment pour l'équipe" in stale.answer
        if sleeping["total"]:
            first = sleeping["owners"][0]
            assert first["owner_name"] in stale.answer and f"{first['owner']} :" not in stale.answer

        english = await thread.say("stale leads for 30 days")
        assert thread.calls == [("stale_leads", {"days": 30})]
        assert "Stale leads for the team:" in english.answer


async def test_a_rep_asks_for_their_own_sleeping_leads(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="mine") as thread:
        mine = await thread.say("mes leads qui dorment depuis un mois")
        assert thread.calls == [("stale_leads", {"days": 30, "mine": True})]
        (artifact,) = mine.artifacts
        assert artifact["owner"] == "alice.martin"
        assert {lead["owner"] for lead in artifact["leads"]} <= {"alice.martin"}
        assert mine.answer.startswith("Leads qui dorment pour Alice Martin : ")
