"""Conversations for issue 8's leftovers found by evaluation 15, on the offline model and the
real tools: a PDF asked after a list, a pipeline or a search gets what Filon offers for it; a
rep named in a count keeps the list and the rep; a manager counts and lists lost and
disqualified together; "trie par intention" after signals or a scored list; a rep scores their
own leads once Filon has users, a manager the team's; a name several companies bear is asked
about with their cities and SIRENs, then picked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home

from agent.users import add_user
from store.db import open_store


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-issue8"))


@pytest.fixture(scope="module")
def team_home(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same demo store, with users: the reps who own its leads and a manager."""
    team = tmp_path_factory.mktemp("conversations-issue8-team") / "home"
    team.mkdir()
    shutil.copy(home / "filon.db", team / "filon.db")
    engine = open_store(f"sqlite:///{team / 'filon.db'}")
    add_user(engine, login="root", by="root", role="admin")
    for login in ("alice.martin", "bruno.petit", "chloe.bernard", "david.roux"):
        add_user(engine, login=login, by="root", role="rep")
    add_user(engine, login="maya.roux", by="root", role="manager")
    engine.dispose()
    return team


async def test_a_pdf_gets_what_is_offered_for_what_is_on_screen(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="pdf") as thread:
        await thread.say("montre la liste ESN Lyon")
        said = await thread.say("envoie-la moi en PDF")
        assert thread.calls == []
        assert said.answer.startswith("Filon ne produit pas de fichier PDF.")
        assert "exporte la liste ESN Lyon en CSV" in said.answer
        exported = await thread.say("exporte la liste ESN Lyon en CSV")
        assert thread.calls == [("export_csv", {"list_name": "ESN Lyon"})]
        assert exported.artifacts[0]["rows"] > 0

        await thread.say("résumé du pipeline du mois")
        said = await thread.say("et en pdf ?")
        assert thread.calls == [] and "`filon digest`" in said.answer

        await thread.say("trouve des ESN à Lyon")
        said = await thread.say("I need it as a PDF")
        assert thread.calls == [] and "export these results as CSV" in said.answer


async def test_a_rep_named_in_a_count_keeps_the_list_and_the_rep(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="owner") as thread:
        await thread.say("montre les leads de la liste ESN Lyon")
        counted = await thread.say("combien de leads David a en SQL ?")
        assert thread.calls == [
            ("list_leads", {"list_name": "ESN Lyon", "stage": "sql", "owner": "David"})
        ]
        (page,) = counted.artifacts
        assert page["owner"] == "david.roux" and page["list"]["name"] == "ESN Lyon"
        assert all(lead["owner"] == "david.roux" for lead in page["leads"])
        await thread.say("combien de leads Chloé Bernard a en MQL ?")
        assert thread.turns[-1].artifacts[0]["owner"] == "chloe.bernard"
        again = await thread.say("et Alice Martin ?")
        assert thread.calls == [
            ("list_leads", {"list_name": "ESN Lyon", "stage": "mql", "owner": "Alice Martin"})
        ]
        assert again.artifacts[0]["owner"] == "alice.martin"


async def test_a_manager_counts_and_lists_lost_and_disqualified_together(home: Path) -> None:
    async with conversation(home, user="maya.roux", role="manager", thread_id="both") as thread:
        counted = await thread.say("combien de leads perdus et disqualifiés ?")
        ((tool, _args),) = thread.calls
        assert tool == "pipeline_summary"
        stages = counted.artifacts[0]["stages"]
        lost, disqualified = stages["lost"], stages["disqualified"]
        assert counted.answer.startswith(
            f"Aux étapes Perdu, Disqualifié, en ce moment (toutes périodes) : "
            f"{lost + disqualified} leads (Perdu {lost}, Disqualifié {disqualified})."
        )
        assert "- David Roux : " in counted.answer  # and per rep
        listed = await thread.say("montre-les")
        assert thread.calls == [("list_leads", {"stages": ["lost", "disqualified"]})]
        (page,) = listed.artifacts
        assert page["total"] == lost + disqualified
        assert page["by_stage"] == {"lost": lost, "disqualified": disqualified}
        assert {lead["stage"] for lead in page["leads"]} == {"lost", "disqualified"}
        assert listed.answer.startswith(
            f"{lost + disqualified} leads (étapes Perdu {lost}, Disqualifié {disqualified})"
        )
        davids = await thread.say("et ceux de David ?")
        assert thread.calls == [
            ("list_leads", {"stages": ["lost", "disqualified"], "owner": "David"})
        ]
        assert davids.artifacts[0]["owner"] == "david.roux"

        await thread.say("combien de perdus et de disqualifiés ce trimestre ?")
        again = await thread.say("et ceux de Bruno ?")  # the same count, his
        assert thread.calls == [("pipeline_summary", {"period": "quarter", "owner": "Bruno"})]
        # the quarter's: the leads closed so within it (evaluation 17), not all time
        brunos = again.artifacts[0]
        total = brunos["lost"]["current"] + brunos["disqualified"]["current"]
        assert again.answer.startswith("Passés aux étapes Perdu, Disqualifié du ")
        assert f": {total} lead" in again.answer


async def test_sorting_by_intent_after_signals_or_a_scored_list(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="by-intent") as thread:
        signals = await thread.say("signaux des leads de la liste ESN Lyon")
        again = await thread.say("trie par intention")
        assert thread.calls == [("find_signals", {"list_name": "ESN Lyon"})]
        assert again.answer == signals.answer  # they come hottest first already

        await thread.say("recalcule les scores de la liste ESN Lyon")
        sorted_ = await thread.say("par score d'intention")
        assert thread.calls == [("list_leads", {"sort": "intent", "list_name": "ESN Lyon"})]
        (page,) = sorted_.artifacts
        heat = [lead["intent"] or 0 for lead in page["leads"]]
        assert heat == sorted(heat, reverse=True) and heat[0] > 0
        hottest = page["leads"][0]
        assert f"**{hottest['name']}** — " in sorted_.answer
        assert f"intention {hottest['intent']}, score {hottest['score']}" in sorted_.answer

        await thread.say("mes leads")
        await thread.say("by intent")
        assert thread.calls == [("list_leads", {"owner": "alice.martin", "sort": "intent"})]


async def test_a_rep_scores_their_own_leads_a_manager_the_teams(team_home: Path) -> None:
    async with conversation(team_home, user="alice.martin", thread_id="scores") as thread:
        said = await thread.say("score mes leads")
        assert thread.calls == [("score_leads", {"mine": True})]
        (run,) = said.artifacts
        assert run["owner"] == "alice.martin" and run["scored"] > 0
        assert {lead["owner"] for lead in run["leads"]} == {"alice.martin"}
        again = await thread.say("recalcule les scores")  # no "mes": still hers alone
        assert thread.calls == [("score_leads", {})]
        assert again.artifacts[0]["owner"] == "alice.martin"
        assert again.artifacts[0]["scored"] == run["scored"]
        refused = await thread.say("score les leads de Bruno")
        assert thread.calls == [("score_leads", {"owner": "Bruno"})]
        assert refused.answer.startswith(
            "Un commercial ne note que ses propres leads, pas ceux de Bruno Petit."
        )
    async with conversation(
        team_home, user="maya.roux", role="manager", thread_id="scores-team"
    ) as thread:
        team = await thread.say("recalcule les scores")
        assert team.artifacts[0]["owner"] is None
        assert team.artifacts[0]["scored"] > run["scored"]
        brunos = await thread.say("score les leads de Bruno")
        assert brunos.artifacts[0]["owner"] == "bruno.petit"
        assert {lead["owner"] for lead in brunos.artifacts[0]["leads"]} == {"bruno.petit"}


async def test_a_name_several_companies_bear_is_asked_then_picked(home: Path) -> None:
    from test_conversations_evaluation14 import homonyms

    name, sirens = homonyms(home)  # their cities differ in the demo data
    async with conversation(home, user="alice.martin", thread_id="homonyms") as thread:
        asked = await thread.say(f"qui sont les décideurs de {name} ?")
        assert asked.answer.startswith(
            f"{len(sirens)} entreprises s'appellent «\u202f{name}\u202f»"
        )
        listed = [line for line in asked.answer.splitlines() if "(SIREN " in line]
        assert len(listed) == len(sirens) and listed[0].startswith(f"1. **{name}** — ")
        second = listed[1].rsplit("(SIREN ", 1)[1].rstrip(")")
        city = listed[1].split(" — ", 1)[1].split(" (SIREN ")[0]
        people = await thread.say("la 2e")
        assert f"{name} ({city})" in people.answer  # which one, said
        assert thread.calls == [
            ("find_decision_makers", {"roles": ["decision_makers"], "sirens": [second]})
        ]

        await thread.say(f"signaux de {name}")  # the one just picked, on screen
        assert thread.calls == [("find_signals", {"sirens": [second]})]

    async with conversation(home, user="alice.martin", thread_id="homonyms-2") as thread:
        await thread.say(f"signaux de {name}")
        assert thread.calls[0] == ("search_companies", {"text": name, "limit": 10})
        await thread.say(sirens[0])
        assert thread.calls == [("find_signals", {"sirens": [sirens[0]]})]

    async with conversation(home, user="alice.martin", thread_id="homonyms-3") as thread:
        asked = await thread.say(f"fiche de {name}")
        assert thread.calls == [("search_companies", {"text": name, "limit": 10})]
        first = next(line for line in asked.answer.splitlines() if line.startswith("1. "))
        city, siren = first.split(" — ", 1)[1].removesuffix(")").split(" (SIREN ")
        card = await thread.say(f"celle de {city}")
        assert thread.calls == [("get_company", {"siren": siren})]
        assert card.artifacts[0]["company"]["siren"] == siren
        await thread.say("et ses signaux ?")  # the one on screen, not asked again
        assert thread.calls == [("find_signals", {"sirens": [siren]})]
