"""Multi-turn conversations on the offline model: follow-ups on a leads page keep what is on
screen (the list, the stage) and add what they say ("mine", "top 5")."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-followups"))


async def test_top_five_after_a_list_is_that_lists_best(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="top") as thread:
        await thread.say("montre les leads de la liste ESN Lyon")
        await thread.say("top 5 leads")
        assert thread.calls == [("list_leads", {"list_name": "ESN Lyon", "limit": 5})]


async def test_mine_after_the_teams_leads_is_the_askers(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="mine") as thread:
        await thread.say("les nouveaux leads")
        await thread.say("lesquels j'ai jamais contacté ?")
        assert thread.calls == [
            (
                "list_leads",
                {"stage": "new", "owner": "david.roux", "not_contacted_days": 30},
            )
        ]


async def test_a_reps_lead_count_now_after_a_summary(home: Path) -> None:
    async with conversation(
        home, user="sophie.leroy", role="manager", thread_id="count-now"
    ) as thread:
        await thread.say("pipeline du mois")
        counted = await thread.say("how many leads does Chloe have now?")
        assert thread.calls == [("list_leads", {"owner": "Chloe"})]
        assert "owner Chloe Bernard" in counted.answer


async def test_an_ascending_sort_of_leads_is_said_to_be_unavailable(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="ascending") as thread:
        await thread.say("mes leads")
        said = await thread.say("trie par score croissant")
        assert thread.calls == []
        assert "que par score décroissant" in said.answer


async def test_questions_about_the_companies_on_screen(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="on-screen") as thread:
        found = await thread.say("ESN à Nantes")
        companies = found.artifacts[0]["companies"]
        sizes = await thread.say("combien de salariés ils ont deja")
        assert thread.calls == [] and companies[0]["name"] in sizes.answer
        await thread.say("la 2e elle a un site web ?")
        assert thread.calls == [("get_company", {"siren": companies[1]["siren"]})]
        listed = await thread.say("elle est dans mes listes ?")
        assert thread.calls == [("get_company", {"siren": companies[1]["siren"]})]
        assert companies[1]["name"] in listed.answer and "liste" in listed.answer


async def test_the_best_lead_of_that_list_is_its_first(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="best") as thread:
        await thread.say("montre la liste Relance webinar")
        await thread.say("et quel est le meilleur lead de cette liste ?")
        assert thread.calls == [("list_leads", {"list_name": "Relance webinar", "limit": 1})]
