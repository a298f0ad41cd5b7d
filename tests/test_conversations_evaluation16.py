"""Conversations from the held-out evaluation 16: corrections and undos edit the last search
or change, manager follow-ups keep the view and the rep in focus, and ranks and pronouns point
at whatever table was shown last."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation16"))


async def test_a_correction_keeps_the_search_and_changes_the_place(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="correct") as thread:
        await thread.say("ESN entre 50 et 200 salariés à Nantes")
        await thread.say("non, plutôt à Lyon finalement")
        assert thread.calls == [
            ("search_companies", {"naf_codes": ["62"], "cities": ["LYON"], "headcount_min": 50,
                                  "headcount_max": 200, "limit": 10}),
        ]  # fmt: skip
        await thread.say("boulangeries à Toulon")
        answer = await thread.say("élargis à tout le Var")
        assert thread.calls == [
            ("search_companies", {"naf_codes": ["10.71"], "departments": ["83"], "limit": 10})
        ]
        assert "Aucune entreprise" not in answer.answer


async def test_a_rename_is_undone_or_named_back(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="rename-back") as thread:
        await thread.say("renomme BTP Bretagne en BTP Breizh")
        await thread.say("annule")
        assert thread.calls == [
            ("rename_lead_list", {"list_name": "BTP Breizh", "new_name": "BTP Bretagne"})
        ]
        await thread.say("renomme-la en BTP Breizh")
        await thread.say("montre-la")
        await thread.say("combien de leads en SQL dedans ?")
        answer = await thread.say("remets le nom BTP Bretagne stp")
        assert thread.calls == [
            ("rename_lead_list", {"list_name": "BTP Breizh", "new_name": "BTP Bretagne"})
        ]
        assert "désormais «\u202fBTP Bretagne\u202f»" in answer.answer
        await thread.say("renomme-la en Test")
        await thread.say("non, remets l'ancien nom")
        assert thread.calls == [
            ("rename_lead_list", {"list_name": "Test", "new_name": "BTP Bretagne"})
        ]


async def test_annule_with_no_rename_on_screen_renames_nothing(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="nothing-to-undo") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("annule")
        assert thread.calls == []


async def test_ranks_go_to_a_list_named_without_the_word_list(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="into-named") as thread:
        await thread.say("ESN à Lyon")
        answer = await thread.say("ajoute les 2 premières à SaaS Île-de-France")
        [(tool, args)] = thread.calls
        assert tool == "create_lead_list" and args["name"] == "SaaS Île-de-France"
        assert len(args["sirens"]) == 2
        assert "existait déjà" in answer.answer
