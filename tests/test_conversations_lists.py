"""Multi-turn conversations on the offline model about lead lists named in full: names that
hold role, sector or place words, companies added by name, lists given to another rep."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-lists"))


async def test_a_role_word_in_a_list_name_is_not_a_role(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="role-words") as thread:
        await thread.say("any accounting firms in Lyon with 10+ employees?")
        await thread.say("who's the boss there and what's their email?")
        await thread.say("add it to my Cabinets comptables Gironde list")
        ((tool, args),) = thread.calls
        assert tool == "add_to_list" and args["list_name"] == "Cabinets comptables Gironde"
        assert len(args["sirens"]) == 1


async def test_companies_named_are_found_then_added(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="named") as thread:
        added = await thread.say(
            "ajoute Giraud Informatique et Lineris Démolition à la liste BTP Bretagne"
        )
        assert [tool for tool, _ in thread.calls] == ["search_companies"] * 2 + ["add_to_list"]
        assert thread.calls[-1][1]["list_name"] == "BTP Bretagne"
        assert len(thread.calls[-1][1]["sirens"]) == 2
        assert "BTP Bretagne" in added.answer
        await thread.say("ajoute venys à ma liste BTP Bretagne")
        assert [tool for tool, _ in thread.calls] == ["search_companies", "add_to_list"]


async def test_results_on_screen_go_to_a_list_named_without_the_word(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="them-into") as thread:
        await thread.say("entreprises du BTP dans le Finistère de plus de 20 salariés")
        shown = [c["siren"] for c in thread.turns[-1].artifacts[0]["companies"]]
        await thread.say("ajoute les à BTP Bretagne")
        assert thread.calls == [("create_lead_list", {"name": "BTP Bretagne", "sirens": shown})]


async def test_a_list_named_without_the_word_keeps_its_follow_ups(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="loose-names") as thread:
        await thread.say("montre les leads de BTP Bretagne")
        assert thread.calls == [("list_leads", {"list_name": "BTP Bretagne"})]
        await thread.say("seulement les nouveaux")
        assert thread.calls == [("list_leads", {"list_name": "BTP Bretagne", "stage": "new"})]
        counted = await thread.say("et combien de leads dans SaaS Île-de-France ?")
        assert thread.calls == [("list_leads", {"list_name": "SaaS Île-de-France"})]
        assert "SaaS Île-de-France" in counted.answer
        await thread.say("lesquels sont gagnés ?")
        assert thread.calls == [("list_leads", {"list_name": "SaaS Île-de-France", "stage": "won"})]


async def test_delete_it_after_showing_a_list_means_that_list(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="delete-la") as thread:
        await thread.say("montre la liste ESN Lyon")
        asked = await thread.say("supprime la")
        assert thread.calls == [("delete_lead_list", {"list_name": "ESN Lyon"})]
        assert "ESN Lyon" in asked.answer
        await thread.say("non")


async def test_the_teams_leads_on_screen_are_exported_with_their_filters(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="export-team") as thread:
        await thread.say("les nouveaux leads pas contactés depuis 30 jours")
        await thread.say("exporte les en csv")
        assert thread.calls == [("export_csv", {"stage": "new", "not_contacted_days": 30})]


async def test_give_me_back_a_list_is_a_hand_back_to_the_asker(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="give-back") as thread:
        await thread.say("oups je me suis trompée, redonne moi ESN Lyon")
        assert thread.calls == [
            ("assign_lead_list", {"list_name": "ESN Lyon", "owner": "alice.martin"})
        ]
        refused = await thread.say("give me back the Relance webinar list")
        assert thread.calls == [
            ("assign_lead_list", {"list_name": "Relance webinar", "owner": "alice.martin"})
        ]
        assert "only its owner or a manager" in refused.answer
