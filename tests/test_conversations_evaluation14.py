"""Whole conversations from the fourteenth outside evaluation, on the real graph, offline model
and tools: a question never moves a lead nor confirms a change, named companies and lists are
used, BANT facts are recorded outside an interview Filon started, follow-ups narrow what is
on screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home
from sqlalchemy import text

from store.db import open_store


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation14"))


def rows(home: Path, sql: str, **values: object) -> list[tuple[object, ...]]:
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    with engine.connect() as connection:
        found = [tuple(row) for row in connection.execute(text(sql), values).all()]
    engine.dispose()
    return found


def new_lead_without_bant(home: Path, owner: str) -> tuple[str, str]:
    """A lead of `owner`'s at stage new, in one list only, without BANT: (SIREN, name)."""
    ((siren, name), *_) = rows(
        home,
        "SELECT c.siren, c.name FROM lead l JOIN company c ON c.siren = l.company_siren "
        "WHERE l.owner = :owner AND l.stage = 'new' AND NOT EXISTS (SELECT 1 FROM bantanswer b "
        "WHERE b.lead_id = l.id) AND (SELECT count(*) FROM lead o WHERE o.company_siren = "
        "c.siren) = 1 ORDER BY c.siren",
        owner=owner,
    )
    return str(siren), str(name)


def stage_of(home: Path, siren: str) -> str:
    ((stage,),) = rows(home, "SELECT stage FROM lead WHERE company_siren = :s", s=siren)
    return str(stage)


async def test_a_question_after_a_refused_move_to_sql_moves_nothing(home: Path) -> None:
    siren, _ = new_lead_without_bant(home, "david.roux")
    async with conversation(home, user="david.roux", thread_id="missing") as thread:
        refused = await thread.say(f"passe {siren} en SQL")
        assert "ne peut pas encore passer en SQL" in refused.answer
        card = await thread.say("ok qu'est ce qui manque ?")
        assert [tool for tool, _ in thread.calls] == ["qualify_lead"]
        assert "budget, décideur, besoin, échéance" in card.answer
        assert stage_of(home, siren) == "new"
        said = await thread.say("pas de budget cette année, ils repoussent à 2028")
        ((tool, args),) = thread.calls
        assert (tool, args["siren"], args["asked"]) == ("qualify_lead", siren, "budget")
        assert "budget" in said.artifacts[-1]["recorded"] and stage_of(home, siren) == "new"


async def test_an_acknowledgement_is_not_the_reason_to_force_a_move(home: Path) -> None:
    siren, _ = new_lead_without_bant(home, "chloe.bernard")
    async with conversation(home, user="chloe.bernard", thread_id="ack") as thread:
        await thread.say(f"passe {siren} en SQL")
        await thread.say("ok")
        assert "set_lead_stage" not in [tool for tool, _ in thread.calls]
        assert stage_of(home, siren) == "new"


async def test_a_question_when_asked_why_is_not_the_reason(home: Path) -> None:
    siren, _ = new_lead_without_bant(home, "bruno.petit")
    async with conversation(home, user="bruno.petit", thread_id="why") as thread:
        asked = await thread.say(f"passe {siren} en perdu")
        assert "raison" in asked.answer
        await thread.say("pourquoi tu demandes ?")
        assert "set_lead_stage" not in [tool for tool, _ in thread.calls]
        assert stage_of(home, siren) == "new"


async def test_a_stage_asked_about_after_a_list_filters_the_list(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="won") as thread:
        await thread.say("montre la liste ESN Lyon")
        await thread.say("lesquels sont en SQL ?")
        await thread.say("combien il y en a ?")
        await thread.say("et en gagné ?")
        assert thread.calls == [("list_leads", {"list_name": "ESN Lyon", "stage": "won"})]


async def test_a_question_starting_with_ok_does_not_confirm_a_deletion(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="delete") as thread:
        asked = await thread.say("supprime la liste ESN Lyon")
        assert "Répondez « oui » pour confirmer" in asked.answer
        await thread.say("ok ça supprime quoi exactement ?")
        assert ("delete_lead_list", {"list_name": "ESN Lyon", "confirm": True}) not in thread.calls
        assert rows(home, "SELECT id FROM leadlist WHERE name = 'ESN Lyon'")


def unique_lead_with_titles(home: Path, *titles: str, owner: str = "%") -> tuple[str, str]:
    """A lead's company (of `owner`'s, a LIKE pattern) whose name no other company bears, in
    one list only, with a contact for each title (LIKE patterns): (SIREN, name)."""
    having = " AND ".join(
        f"EXISTS (SELECT 1 FROM contact p WHERE p.company_siren = c.siren AND p.title LIKE :t{i})"
        for i in range(len(titles))
    )
    ((siren, name), *_) = rows(
        home,
        "SELECT c.siren, c.name FROM company c JOIN lead l ON l.company_siren = c.siren WHERE "
        f"{having} AND (SELECT count(*) FROM company o WHERE o.name = c.name) = 1 AND l.owner "
        "LIKE :owner AND (SELECT count(*) FROM lead o WHERE o.company_siren = c.siren) = 1 "
        "ORDER BY c.siren",
        owner=owner,
        **{f"t{i}": title for i, title in enumerate(titles)},
    )
    return str(siren), str(name)


async def test_a_company_named_after_d_apostrophe_then_its_people_and_their_emails(
    home: Path,
) -> None:
    siren, name = unique_lead_with_titles(home, "DSI", "Présid%")
    async with conversation(home, user="alice.martin", thread_id="named-people") as thread:
        await thread.say(f"le DSI d'{name} c'est qui ?")
        assert thread.calls == [("find_decision_makers", {"company": name, "roles": ["it"]})]
        await thread.say("et la présidente ?")
        assert thread.calls == [("find_decision_makers", {"sirens": [siren], "roles": ["ceo"]})]
        await thread.say("son mail ?")  # the one person just shown: her again
        assert thread.calls == [("find_decision_makers", {"sirens": [siren], "roles": ["ceo"]})]
        await thread.say("trouve leurs emails")
        ((tool, args),) = thread.calls
        assert (tool, args["sirens"]) == ("enrich_contacts", [siren])


async def test_a_lead_named_in_why_its_score_is_explained(home: Path) -> None:
    siren, name = unique_lead_with_titles(home, "%")
    async with conversation(home, user="david.roux", thread_id="why-score") as thread:
        await thread.say(f"why is {name} scored like that?")
        assert thread.calls[-1] == ("score_leads", {"sirens": [siren]})
        await thread.say("mes leads")
        await thread.say(f"et {name}, son score vient d'où ?")
        assert thread.calls[-1] == ("score_leads", {"sirens": [siren]})


async def test_columns_of_a_list_named_after_de_and_added_then_run(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="columns") as thread:
        await thread.say("ajoute la colonne maturité d'achat à ma liste ESN Lyon")
        await thread.say("ajoute aussi les autres colonnes intégrées")
        assert thread.calls == [("add_ai_column", {"list_name": "ESN Lyon", "builtins": True})]
        await thread.say("remplis les colonnes IA de ESN Lyon")
        assert thread.calls == [("run_ai_columns", {"list_name": "ESN Lyon"})]
    async with conversation(home, user="chloe.bernard", thread_id="columns-en") as thread:
        await thread.say(
            "add an AI column 'uses HubSpot?' as boolean to my SaaS Île-de-France list"
        )
        ran = await thread.say("ok then add the built-in columns to it and run them")
        assert thread.calls == [
            ("add_ai_column", {"list_name": "SaaS Île-de-France", "builtins": True}),
            ("run_ai_columns", {"list_name": "SaaS Île-de-France"}),
        ]
        assert "AI columns of the list SaaS Île-de-France" in ran.answer


async def test_a_list_named_before_a_question_about_it(home: Path) -> None:
    async with conversation(home, user="nadia.leroy", role="manager", thread_id="count") as thread:
        await thread.say("quelles listes a David ?")
        await thread.say("et la liste ESN Lyon elle a combien de leads ?")
        assert thread.calls == [("list_leads", {"list_name": "ESN Lyon"})]


def recorded(home: Path, siren: str) -> set[str]:
    """The BANT criteria recorded on the lead of that company."""
    found = rows(
        home,
        "SELECT b.criterion FROM bantanswer b JOIN lead l ON l.id = b.lead_id "
        "WHERE l.company_siren = :s",
        s=siren,
    )
    return {str(criterion) for (criterion,) in found}


async def test_bant_facts_after_a_qualification_card_are_recorded_on_that_lead(
    home: Path,
) -> None:
    siren, _ = new_lead_without_bant(home, "alice.martin")
    async with conversation(home, user="alice.martin", thread_id="facts") as thread:
        await thread.say(f"qualifie {siren} selon BANT")
        await thread.say("mes listes")  # the interview waits; the card is asked for again
        await thread.say(f"montre le BANT de {siren}")
        for said in (
            "c'est le DG Paul Martin qui signe",
            "ils veulent remplacer leur outil de prospection actuel, trop cher",
            "décision avant fin mars",
        ):
            await thread.say(said)
            ((tool, args),) = thread.calls
            assert (tool, args["siren"], args["text"]) == ("qualify_lead", siren, said)
        assert {"authority", "need", "timing"} <= recorded(home, siren)
        await thread.say("les DAF des ESN à Lyon")  # people asked for, not about this lead
        assert "qualify_lead" not in [tool for tool, _ in thread.calls]


async def test_a_debrief_after_a_call_shows_the_bant_then_records_and_pauses(home: Path) -> None:
    siren, name = unique_lead_with_titles(home, "%", owner="bruno.petit")
    async with conversation(home, user="bruno.petit", thread_id="debrief") as thread:
        card = await thread.say(f"je sors d'un call avec {name}, on fait le point BANT")
        assert thread.calls[-1][0] == "qualify_lead" and thread.calls[-1][1]["siren"] == siren
        assert "qualification" in [artifact["kind"] for artifact in card.artifacts]
        await thread.say("ils ont 15 000 euros max")
        ((tool, args),) = thread.calls
        assert (tool, args["siren"], args["text"]) == (
            "qualify_lead",
            siren,
            "ils ont 15 000 euros max",
        )
        paused = await thread.say("on arrête là, je reprends demain")
        assert thread.calls == [] and "reprenons la qualification" in paused.answer


async def test_a_place_abroad_then_a_french_city_keeps_the_sector(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="abroad") as thread:
        await thread.say("ESN à Bruxelles")
        await thread.say("et en Suisse, à Genève ?")
        await thread.say("ok et à Lille alors")
        assert thread.calls == [
            ("search_companies", {"naf_codes": ["62"], "cities": ["LILLE"], "limit": 10})
        ]


async def test_which_of_them_narrows_the_companies_found_with_a_signal(home: Path) -> None:
    async with conversation(home, user="david.roux", thread_id="narrow") as thread:
        await thread.say("companies in Lyon that are hiring")
        ((_, search),) = thread.calls
        assert search["signal_kinds"] == ["hiring"]
        await thread.say("which of them raised money?")
        ((tool, args),) = thread.calls
        assert tool == "find_signals" and args["kinds"] == ["fundraising"]
        assert args["query"]["signal_kinds"] == ["hiring"]  # among those hiring only
        await thread.say("sort by intent")  # the companies on screen, hottest first
        assert thread.calls == [("find_signals", args)]
    async with conversation(home, user="alice.martin", thread_id="narrow-fr") as thread:
        await thread.say("entreprises du Rhône qui recrutent")
        await thread.say("quels signaux sur ces boites ?")
        ((tool, args),) = thread.calls
        assert tool == "find_signals" and args["query"]["signal_kinds"] == ["hiring"]
        await thread.say("et lesquelles ont levé des fonds ?")
        ((tool, args),) = thread.calls
        assert args["query"]["signal_kinds"] == ["hiring"] and args["kinds"] == ["fundraising"]


async def test_the_same_leads_of_another_rep_keep_the_staleness_filter(home: Path) -> None:
    async with conversation(home, user="nadia.leroy", role="manager", thread_id="stale") as thread:
        await thread.say("leads de bruno pas contactés depuis 30 jours")
        await thread.say("et ceux de Chloé ?")
        assert thread.calls == [("list_leads", {"owner": "Chloé", "not_contacted_days": 30})]


async def test_companies_exported_last_are_the_ones_added_to_a_list(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="export-list") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("exporte ces résultats")
        await thread.say("refais la même chose à Villeurbanne")
        ((_, exported),) = thread.calls
        await thread.say("ajoute-les à une liste ESN Villeurbanne")
        assert thread.calls == [
            ("create_lead_list", {"name": "ESN Villeurbanne", "query": exported["query"]})
        ]


async def test_and_another_company_too_right_after_an_addition(home: Path) -> None:
    siren, name = unique_lead_with_titles(home, "%", owner="alice.martin")
    async with conversation(home, user="alice.martin", thread_id="too") as thread:
        await thread.say(f"ajoute {siren} à ma liste ESN Lyon")
        await thread.say(f"et {name} aussi")
        assert thread.calls[0] == ("search_companies", {"text": name, "limit": 10})
        assert thread.calls[-1] == ("add_to_list", {"list_name": "ESN Lyon", "sirens": [siren]})


async def test_who_else_then_an_email_asked_for_at_the_same_company(home: Path) -> None:
    siren, name = unique_lead_with_titles(home, "%", "%")
    async with conversation(home, user="bruno.petit", thread_id="who-else") as thread:
        await thread.say(f"find the CFO's email at {name}")
        await thread.say("ok who else is there?")
        assert thread.calls == [("find_decision_makers", {"sirens": [siren]})]
        await thread.say("get me the sales director's email")
        ((tool, args),) = thread.calls
        assert (tool, args["sirens"]) == ("enrich_contacts", [siren])


async def test_a_personal_number_asked_for_is_said_to_be_not_held(home: Path) -> None:
    _, name = unique_lead_with_titles(home, "%")
    async with conversation(home, user="bruno.petit", thread_id="perso") as thread:
        said = await thread.say(f"donne moi le 06 perso du dirigeant de {name}")
        assert thread.calls[-1][0] == "find_decision_makers"
        assert "Filon ne garde que des coordonnées professionnelles" in said.answer


async def test_the_stage_history_of_the_lead_just_moved(home: Path) -> None:
    siren, _ = new_lead_without_bant(home, "david.roux")
    async with conversation(home, user="david.roux", thread_id="history") as thread:
        await thread.say(f"passe {siren} en perdu")
        await thread.say("projet annulé par le client")
        said = await thread.say("historique des changements d'étape de ce lead ?")
        ((tool, args),) = thread.calls
        assert (tool, args["siren"]) == ("qualify_lead", siren)
        assert "→ Perdu (projet annulé par le client), par David Roux" in said.answer


async def test_people_narrowed_to_a_verified_email_are_the_ones_exported(home: Path) -> None:
    async with conversation(home, user="alice.martin", thread_id="export-verified") as thread:
        await thread.say("les décideurs de ma liste ESN Lyon")
        await thread.say("juste ceux avec un email vérifié")
        exported = await thread.say("exporte-les")
        ((tool, args),) = thread.calls
        assert (tool, args["email"], args["list_name"]) == ("export_csv", "verified", "ESN Lyon")
    written = await asyncio.to_thread(Path(exported.artifacts[-1]["path"]).read_text)
    assert exported.artifacts[-1]["rows"] > 0
    assert "vérifié" in written and "deviné" not in written  # each email's status


async def test_the_revenue_of_a_company_outside_the_register_is_said_plainly(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="apple") as thread:
        said = await thread.say("c'est quoi le chiffre d'affaires d'Apple en 2025 ?")
        assert thread.calls == [("search_companies", {"text": "Apple", "limit": 10})]
        assert (
            "Aucune entreprise nommée «\u202fApple\u202f»" in said.answer
            and "SIRENE" in said.answer
        )


def homonyms(home: Path) -> tuple[str, list[str]]:
    """A name several companies bear, none of them a lead, and their SIRENs by SIREN."""
    ((name,), *_) = rows(
        home,
        "SELECT c.name FROM company c WHERE NOT EXISTS (SELECT 1 FROM lead l JOIN company o ON "
        "o.siren = l.company_siren WHERE o.name = c.name) GROUP BY c.name HAVING count(*) "
        "BETWEEN 2 AND 5 ORDER BY c.name",
    )
    return str(name), [
        str(s) for (s,) in rows(home, "SELECT siren FROM company WHERE name = :n", n=name)
    ]


async def test_another_company_too_with_homonyms_asks_which_then_adds_it(home: Path) -> None:
    siren, _ = unique_lead_with_titles(home, "%", owner="alice.martin")
    name, sirens = homonyms(home)
    async with conversation(home, user="alice.martin", thread_id="too-homonyms") as thread:
        await thread.say(f"ajoute {siren} à ma liste ESN Lyon")
        asked = await thread.say(f"et {name} aussi")
        assert "laquelle ?" in asked.answer
        await thread.say("la deuxième")
        ((tool, args),) = thread.calls
        assert (tool, args["list_name"]) == ("add_to_list", "ESN Lyon")
        assert len(args["sirens"]) == 1 and args["sirens"][0] in sirens
