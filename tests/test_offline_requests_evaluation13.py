"""Requests the thirteenth outside evaluation found misread (new reps and managers): each now
becomes the right call, or a plain and honest answer."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import SIRENS, ask, assert_one_call, case

LYON_ESN = {"naf_codes": ["62"], "cities": ["LYON"]}

CALLS = [
    # a list's name holds words that are roles or places: they are the list's, not a request
    case("can you delete my Nantes IT list?", "delete_lead_list", {"list_name": "Nantes IT"}),
    case("delete my Cabinets comptables Gironde list", "delete_lead_list",
         {"list_name": "Cabinets comptables Gironde"}),
    # a list given (back) to a rep named by first name, full name, with a possessive
    case("rends la liste ESN Lyon à alice", "assign_lead_list",
         {"list_name": "ESN Lyon", "owner": "alice"}),
    case("ok alors transfère la liste ESN Lyon à Alice Martin", "assign_lead_list",
         {"list_name": "ESN Lyon", "owner": "Alice Martin"}),
    case("give Bruno's Compta 44 list to Chloe", "assign_lead_list",
         {"list_name": "Compta 44", "owner": "Chloe"}),
    case("donne la liste ESN Lyon à bruno stp", "assign_lead_list",
         {"list_name": "ESN Lyon", "owner": "bruno"}),
    # companies added by name: found first (then added, see test_conversations_lists.py)
    case("ajoute venys à ma liste Cabinets comptables Gironde", "search_companies",
         {"text": "venys", "limit": 10}),
    case("add Giraud et Cie to my BTP Bretagne list", "search_companies",
         {"text": "Giraud et Cie", "limit": 10}),
    # the results on screen into a list named without the word "liste"
    case("ajoute les à BTP Bretagne", "create_lead_list",
         {"name": "BTP Bretagne", "query": LYON_ESN}, previous=True),
    case("add them to Nouvelle cible", "create_lead_list",
         {"name": "Nouvelle cible", "query": LYON_ESN}, previous=True),
    # filler words ("mais", "seulement", "total", "maintenant") are never search text or names
    case("ok reviens sur lyon mais plus de 100 salariés seulement", "search_companies",
         {**LYON_ESN, "headcount_min": 101, "limit": 10}, previous=True),
    case("ok, how many in total in Toulouse?", "search_companies",
         {"naf_codes": ["62"], "cities": ["TOULOUSE"], "limit": 10}, previous=True),
    case("ESN à Lyon uniquement en ce moment", "search_companies",
         {**LYON_ESN, "limit": 10}),
    case("qui sont les contacts chez Venys maintenant ?", "find_decision_makers",
         {"company": "Venys"}),
    # a list named without the word "liste" after "leads de/dans", or first with a colon
    case("montre les leads de BTP Bretagne", "list_leads", {"list_name": "BTP Bretagne"}),
    case("et combien de leads dans SaaS Île-de-France ?", "list_leads",
         {"list_name": "SaaS Île-de-France"}),
    case("combien de leads dans Compta 44 ?", "list_leads", {"list_name": "Compta 44"}),
    case("liste Relance webinar : combien de leads j'ai en MQL ?", "list_leads",
         {"list_name": "Relance webinar", "stage": "mql"}),
    case("les leads de Bruno en MQL", "list_leads", {"stage": "mql", "owner": "Bruno"}),
    # counts of one's own lists and leads, of a rep's leads now (not a period's pipeline)
    case("j'ai combien de listes ?", "lead_lists", {"mine": True}),
    case("combien il m'en reste en SQL du coup ?", "list_leads", {"stage": "sql", "mine": True}),
    case("how many leads does Chloe have now?", "list_leads", {"owner": "Chloe"}),
    case("et combien de leads a Bruno maintenant ?", "list_leads", {"owner": "Bruno"}),
    # managers: the last reps on a figure, the reasons of lost leads
    case("qui a signé le moins le mois dernier ?", "pipeline_summary", {"period": "last_month"}),
    case("who's behind this week?", "pipeline_summary", {"period": "week"}),
    case("combien de leads on a perdu ce mois-ci et pourquoi ?", "list_leads",
         {"stage": "lost", "limit": 200}),
    case("why did Bruno lose deals?", "list_leads",
         {"stage": "lost", "limit": 200, "owner": "Bruno"}),
    # places a follow-up names: a commune the vocabulary lacks, the region around the city
    case("et à rezé", "search_companies",
         {"naf_codes": ["62"], "cities": ["REZE"], "limit": 10}, previous=True),
    case("élargis à toute la région", "search_companies",
         {"naf_codes": ["62"], "regions": ["84"], "limit": 10}, previous=True),
    case("widen it to the whole department", "search_companies",
         {"naf_codes": ["62"], "departments": ["69"], "limit": 10}, previous=True),
    # ordinary questions about what is on screen, and one's own leads at every stage
    case("la 2e elle a un site web ?", "get_company", {"siren": SIRENS[1]}, previous=True),
    case("combien j'en ai en tout, toutes étapes confondues ?", "list_leads", {"mine": True}),
    # a company named in "is X in any of my lists?": its card (the lists said yes or no)
    case("is Synora in any of my lists?", "get_company", {"name": "Synora"}),
    case("est-ce que Verilia est dans mes listes ?", "get_company", {"name": "Verilia"}),
    case("sans filtre de date mais plus de 10 salariés", "search_companies",
         {**LYON_ESN, "headcount_min": 11, "limit": 10}, previous=True),
    # a month after "d'": that month, not this week (the fixtures' today is 14 March 2025)
    case("récap pipeline d'octobre", "pipeline_summary",
         {"start": "2024-10-01", "end": "2024-10-31"}),
    case("pipeline d'avril 2024", "pipeline_summary", {"start": "2024-04-01", "end": "2024-04-30"}),
    case("Quels commerciaux ont des leads non contactés depuis plus de 60 jours ?", "list_leads",
         {"limit": 200, "not_contacted_days": 60}),
    # results pointed at are not names
    case("ajoute les 3 premières à la liste BTP Bretagne", "add_to_list",
         {"list_name": "BTP Bretagne", "sirens": SIRENS[:3]}, previous=True),
]  # fmt: skip

OPT_OUT_REMOVALS = [
    ("enlève karim.perrin@verilia.fr de la liste d'opposition, c'était une erreur",
     "`filon optout remove karim.perrin@verilia.fr`"),
    ("remove acme.fr from the suppression list", "`filon optout remove acme.fr`"),
]  # fmt: skip

# with the real tools bound (the stand-ins have no opt_out)
REAL_TOOL_CALLS = [
    # a company named after "la société": by name, not the company on screen
    case("la société Venys ne veut plus qu'on les démarche", "opt_out", {"company": "Venys"}),
    case("l'entreprise Orance ne veut plus être démarchée", "opt_out", {"company": "Orance"}),
]

ANSWERS = [
    ("remove Informatique Rezé from my Nantes IT list", False, "removing leads from a list"),
    ("retire Orance de ma liste Cabinets comptables Gironde", False,
     "le retrait de leads d'une liste"),
    # honest scope: notes, taking someone off the suppression list
    ("tu peux noter que Orance rappelle en janvier ?", False, "les notes sur les leads"),
    ("can you note that Verilia calls back in January?", False, "notes on leads"),
    # the headcounts of the companies on screen: from the results, no call
    ("combien de salariés ils ont deja", True, "Effectifs des 12 entreprises à l'écran"),
    ("how many employees do they have?", True, "Headcounts of the 12 companies on screen"),
    # nothing was pending: said so, nothing done
    ("no wait, keep it", False, "Nothing was under way"),
    ("non attends, garde-la", False, "Rien n'était en cours"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), CALLS)
def test_request_becomes_the_right_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), REAL_TOOL_CALLS)
def test_request_becomes_the_right_call_of_a_real_tool(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    from agent.tools import TOOLS

    message = ask(text, previous=previous, tools=TOOLS)
    assert [(c["name"], c["args"]) for c in message.tool_calls] == [(tool_name, args)]


@pytest.mark.parametrize(("text", "previous", "expected"), ANSWERS)
def test_request_gets_a_plain_answer(text: str, previous: bool, expected: str) -> None:
    message = ask(text, previous=previous)
    assert message.tool_calls == [] and expected in message.text


def test_two_companies_named_are_each_found() -> None:
    message = ask("ajoute Giraud Sanitaire et Lineris Démolition à la liste BTP Bretagne")
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [
        ("search_companies", {"text": "Giraud Sanitaire", "limit": 10}),
        ("search_companies", {"text": "Lineris Démolition", "limit": 10}),
    ]


@pytest.mark.parametrize(("text", "expected"), OPT_OUT_REMOVALS)
def test_taking_someone_off_the_suppression_list_is_said_to_be_done_outside(
    text: str, expected: str
) -> None:
    from agent.tools import TOOLS

    message = ask(text, tools=TOOLS)
    assert message.tool_calls == [] and expected in message.text
