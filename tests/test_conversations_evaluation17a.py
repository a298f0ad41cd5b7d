"""Conversations from the held-out evaluation 17 (helper fix17a's rows): a search said into
the list just made adds its matches, a new search is not the decision-makers of the company
before, a signal question on a list's leads filters by that signal, "trouve leurs e-mails"
stays on the people shown, an objection follows up with a domain, "il ne veut plus être
contacté" with no one shown asks who, a new CEO is a signal searched and "any of them" narrows
it, and "les signaux de <Nom>" is that company's, whose stage then moves."""

from __future__ import annotations

from pathlib import Path

import pytest
from conversation_fixtures import conversation, seeded_home


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_home(tmp_path_factory.mktemp("conversations-evaluation17a"))


@pytest.mark.parametrize(
    "add",
    [
        "ajoute les ESN de Lyon de plus de 20 salariés dedans",
        "mets les ESN de Lyon de plus de 20 salariés dans cette liste",
        "add IT companies in Lyon with more than 20 employees to it",
    ],
)
async def test_a_search_into_the_list_just_made_adds_its_matches(home: Path, add: str) -> None:
    async with conversation(home, user="chloe.bernard", thread_id=f"into-{add}") as thread:
        await thread.say("crée une liste 'Relance salon Lyon'")
        answer = await thread.say(add)
        [(search, query), (added, args)] = thread.calls
        assert search == "search_companies" and "62" in query["naf_codes"]
        assert query["cities"] == ["LYON"] and query["headcount_min"] == 21
        assert added == "add_to_list" and args["list_name"] == "Relance salon Lyon"
        found = thread.turns[-1].artifacts[0]
        if found["total"] <= len(found["companies"]):
            assert args["sirens"] == [company["siren"] for company in found["companies"]]
        else:
            assert args["query"]["cities"] == ["LYON"]
        assert "ajouté" in answer.answer or "added" in answer.answer
        shown = await thread.say("montre cette liste")
        assert shown.artifacts[0]["total"] == found["total"]


async def test_a_search_into_a_list_above_the_threshold_asks_first(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="into-many") as thread:
        await thread.say("crée une liste 'Salon IDF'")
        answer = await thread.say("ajoute les entreprises d'Île-de-France dedans")
        assert [tool for tool, _ in thread.calls] == ["search_companies"]
        assert "Répondez « oui »" in answer.answer.replace("\u202f", " ")
        await thread.say("non")
        assert thread.calls == []


async def test_into_it_with_no_list_worked_with_asks_which(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="into-none") as thread:
        answer = await thread.say("ajoute les ESN de Lyon dedans")
        assert thread.calls == []
        assert "liste" in answer.answer


async def test_a_new_search_after_decision_makers_is_a_search(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="new-search") as thread:
        await thread.say("cabinets comptables en Gironde")
        await thread.say("qui sont les décideurs de la première ?")
        await thread.say("trouve des cabinets comptables à Bordeaux")
        [(tool, args)] = thread.calls
        assert tool == "search_companies" and args["cities"] == ["BORDEAUX"]
        await thread.say("et le DAF ?")  # a role alone after people is still about people
        assert thread.calls[0][0] == "find_decision_makers"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("quels leads de SaaS Île-de-France sont en procédure collective ?", "insolvency"),
        ("lesquels des leads de SaaS Île-de-France recrutent ?", "hiring"),
        ("which leads of SaaS Île-de-France raised funds?", "fundraising"),
    ],
)
async def test_a_signal_question_on_a_lists_leads_filters_by_it(
    home: Path, question: str, kind: str
) -> None:
    async with conversation(home, user="chloe.bernard", thread_id=f"leads-{kind}") as thread:
        await thread.say("signaux d'achat sur ma liste SaaS Île-de-France")
        answer = await thread.say(question)
        assert thread.calls == [
            ("find_signals", {"list_name": "SaaS Île-de-France", "kinds": [kind]})
        ]
        signals = thread.turns[-1].artifacts[0]
        if not signals["companies"]:
            assert "Aucun signal" in answer.answer or "No such signal" in answer.answer


@pytest.mark.parametrize("emails", ["trouve leurs e-mails", "find their emails", "enrichis-les"])
async def test_their_emails_after_exporting_the_people_shown_are_theirs(
    home: Path, emails: str
) -> None:
    async with conversation(home, user="alice.martin", thread_id=f"emails-{emails}") as thread:
        await thread.say("les DSI des ESN à Lyon")
        people = thread.calls[-1]
        await thread.say("exporte-les")
        await thread.say(emails)
        [(tool, args)] = thread.calls
        assert tool == "enrich_contacts"
        assert args["roles"] == ["it"] and args["sirens"] == people[1]["sirens"]


@pytest.mark.parametrize(
    ("more", "value"),
    [
        ("et ajoute tout le domaine polami.fr aussi", "polami.fr"),
        ("ajoute aussi le domaine polami.fr", "polami.fr"),
        ("and the whole domain polami.fr too", "polami.fr"),
        ("pareil pour paul@venys.fr", "paul@venys.fr"),
    ],
)
async def test_an_objection_is_followed_by_another_value(home: Path, more: str, value: str) -> None:
    async with conversation(home, user="bruno.petit", thread_id=f"optout-{more}") as thread:
        await thread.say("ne plus contacter agnes.barbier@polami.fr")
        await thread.say(more)
        assert thread.calls == [("opt_out", {"value": value})]


@pytest.mark.parametrize(
    "objection",
    ["il ne veut plus être contacté", "elle ne veut plus être démarchée", "he opted out"],
)
async def test_a_person_objecting_with_no_one_shown_is_asked_for(
    home: Path, objection: str
) -> None:
    async with conversation(home, user="bruno.petit", thread_id=f"who-{objection}") as thread:
        await thread.say("ESN à Lyon")
        await thread.say("la 2e")
        answer = await thread.say(objection)
        assert thread.calls == []
        assert "Qui " in answer.answer or "Who " in answer.answer or "De qui" in answer.answer
        listed = await thread.say("montre la liste d'opposition")
        assert "entreprise entière" not in listed.answer


async def test_the_company_named_still_goes_on_the_list(home: Path) -> None:
    async with conversation(home, user="bruno.petit", thread_id="company-out") as thread:
        await thread.say("ESN à Lyon")
        card = await thread.say("la 2e")
        siren = card.artifacts[0]["company"]["siren"]
        await thread.say("cette boîte ne veut plus être démarchée")
        assert thread.calls == [("opt_out", {"value": siren})]


async def test_a_new_ceo_is_a_signal_and_any_of_them_narrows(home: Path) -> None:
    async with conversation(home, user="chloe.bernard", thread_id="new-ceo") as thread:
        await thread.say("companies with a new CEO in Île-de-France")
        [(tool, args)] = thread.calls
        assert tool == "search_companies" and args["signal_kinds"] == ["leadership_change"]
        found = thread.turns[-1].artifacts[0]
        if not found["companies"]:
            pytest.skip("no leadership change in this seeded region")
        await thread.say("any of them hiring?")
        [(tool, args)] = thread.calls
        assert tool == "find_signals" and args["kinds"] == ["hiring"]
        assert args["query"]["signal_kinds"] == ["leadership_change"]
        assert args["query"]["regions"] == ["11"]


@pytest.mark.parametrize(
    ("rank", "ask"),
    [(0, "bon, les signaux de {name}"), (1, "les signaux d'achat de {name}"),
     (2, "signals of {name}?")],
)  # fmt: skip
async def test_a_companys_signals_by_name_are_that_companys(
    home: Path, rank: int, ask: str
) -> None:
    async with conversation(home, user="alice.martin", thread_id=f"named-{ask}") as thread:
        shown = await thread.say("montre la liste ESN Lyon")
        open_leads = [
            lead
            for lead in shown.artifacts[0]["leads"]
            if lead["owner"] == "alice.martin" and lead["stage"] not in ("lost", "won")
        ]
        lead = open_leads[rank]
        name = lead["name"]
        await thread.say(ask.format(name=name))
        tools = [tool for tool, _ in thread.calls]
        # searched by its name, or read off the row on screen that bears it
        assert tools[0] == "find_signals" or thread.calls[0][1]["text"] == name
        if tools[-1] != "find_signals":
            pytest.skip(f"{name} has homonyms in the seeded store")
        assert thread.calls[-1][1]["sirens"] == [lead["siren"]]
        await thread.say("passe-la en perdu")
        assert thread.calls[0][0] == "set_lead_stage"
        assert thread.calls[0][1]["siren"] == lead["siren"]
        await thread.say("trop cher pour eux")
        assert thread.calls[0][1]["reason"] == "trop cher pour eux"
