"""Requests the sixteenth outside evaluation found misread: a correction after a search edits
that search ("non, plutôt à Lyon", "élargis à tout le Var": a department by its name), and a
rank added to a list named without the word "liste" goes to that list."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import ask, assert_one_call, case

from agent.search.parse import parse_company_query

ESN = {"naf_codes": ["62"], "limit": 10}

CALLS = [
    # a correction keeps the sector and changes the place
    case("non, plutôt à Nantes finalement", "search_companies",
         {**ESN, "cities": ["NANTES"]}, previous=True),
    case("non non, plutot a Nantes", "search_companies",
         {**ESN, "cities": ["NANTES"]}, previous=True),
    case("en fait non, à Marseille plutôt", "search_companies",
         {**ESN, "cities": ["MARSEILLE"]}, previous=True),
    case("nan, à Nice", "search_companies", {**ESN, "cities": ["NICE"]}, previous=True),
    case("no, in Bordeaux instead", "search_companies",
         {**ESN, "cities": ["BORDEAUX"]}, previous=True),
    # widening to a department or a region by its name, the article kept for "le Var"
    case("élargis à tout le Var", "search_companies", {**ESN, "departments": ["83"]},
         previous=True),
    case("elargis a tout le var", "search_companies", {**ESN, "departments": ["83"]},
         previous=True),
    case("elargi a tout le nord stp", "search_companies", {**ESN, "departments": ["59"]},
         previous=True),
    case("étends à toute la Bretagne", "search_companies", {**ESN, "regions": ["53"]},
         previous=True),
    case("élargis à toute l'Ille-et-Vilaine", "search_companies",
         {**ESN, "departments": ["35"]}, previous=True),
    case("widen to the whole of Var", "search_companies", {**ESN, "departments": ["83"]},
         previous=True),
    # ranks into a list named without "liste": that list (made if none has the name)
    case("ajoute les 2 premières à SaaS Île-de-France", "create_lead_list",
         {"name": "SaaS Île-de-France", "sirens": ["100055433", "100118785"]}, previous=True),
    case("ajoute les deux premieres a SaaS Ile-de-France", "create_lead_list",
         {"name": "SaaS Ile-de-France", "sirens": ["100055433", "100118785"]}, previous=True),
    case("add the first 3 to Lyon IT", "create_lead_list",
         {"name": "Lyon IT", "sirens": ["100055433", "100118785", "100174218"]}, previous=True),
    case("mets les 2 premiers dans Compta 33", "create_lead_list",
         {"name": "Compta 33", "sirens": ["100055433", "100118785"]}, previous=True),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), CALLS)
def test_request_becomes_the_right_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(
    "text", ["élargis à tout le Var", "widen to the whole Var", "étends dans le 83"]
)
def test_a_widening_verb_is_never_free_text(text: str) -> None:
    """ "élargis" next to a place is not a word to search for: it would empty the results."""
    assert parse_company_query(text).text is None


DECLINED = [
    # a salary: private life, never a decision-maker search
    ("combien gagne le DAF d'Altis Apps ?", "données personnelles"),
    ("combien gagnent les commerciaux de Watora ?", "données personnelles"),
    ("combien touche le DG de Verilia", "données personnelles"),
    ("how much does their CFO earn?", "personal data"),
    ("what does the CEO of Verilia earn", "personal data"),
    # reviews: not held, said plainly with what Filon can do
    ("what do google reviews say about them?", "no online reviews"),
    ("les avis google de Watora ?", "pas les avis en ligne"),
    ("et sur trustpilot ils ont quelle note ?", "pas les avis en ligne"),
    ("any glassdoor reviews for Verilia?", "no online reviews"),
    ("quels sont les avis clients de Synora", "pas les avis en ligne"),
]


@pytest.mark.parametrize(("text", "expected"), DECLINED)
def test_a_question_no_tool_serves_is_declined(text: str, expected: str) -> None:
    message = ask(text, previous=True)
    assert message.tool_calls == [] and expected in message.text


@pytest.mark.parametrize(
    "text", ["combien gagné le mois dernier ?", "combien de leads gagnés ce mois-ci ?"]
)
def test_won_counts_are_not_salaries(text: str) -> None:
    assert ask(text).tool_calls[0]["name"] == "pipeline_summary"
