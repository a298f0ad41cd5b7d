"""Requests the seventeenth outside evaluation found misread (helper fix17a's rows): a leading
"ok"/"bon" is no name word, a new leader is a signal searched for (not a person), "les signaux
de <Nom>" is that company, "quels leads de <liste> sont en <signal>" filters the list by that
signal, a search added to a list searches first, and "les 20 premières" of 11 shows all 11."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import ask, assert_one_call, case

from agent.artifacts import CompaniesArtifact
from agent.llm.offline.intents.search import companies_answer
from agent.llm.offline.results import ToolResult
from agent.search.parse import parse_company_query
from store.models import CompanyPublic

BTP_BZH = {"naf_codes": ["41", "42", "43"], "regions": ["53"], "headcount_min": 50, "limit": 10}
ESN_LYON = {"naf_codes": ["62"], "cities": ["LYON"], "limit": 10}

CALLS = [
    # a leading "ok", "bon", "alors" before the verb: not a word of the companies' names
    case("ok find construction companies in Brittany with 50+ staff", "search_companies", BTP_BZH),
    case("okay find construction companies in Brittany with 50+ staff", "search_companies",
         BTP_BZH),
    case("so find construction companies in Brittany with 50+ staff", "search_companies",
         BTP_BZH),
    case("bon trouve des ESN à Lyon", "search_companies", ESN_LYON),
    case("alors cherche des ESN à Lyon", "search_companies", ESN_LYON),
    case("ok montre les ESN à Lyon", "search_companies", ESN_LYON),
    case("ok, trouve des ESN à Lyon", "search_companies", ESN_LYON),
    # a company named after "les signaux de": found by its name, then its signals
    case("bon, les signaux d'Axane Informatique", "search_companies",
         {"text": "Axane Informatique", "limit": 10}),
    case("les signaux de Axane Informatique", "search_companies",
         {"text": "Axane Informatique", "limit": 10}),
    case("signals of Venys Conseil?", "search_companies", {"text": "Venys Conseil", "limit": 10}),
    case("quels signaux d'achat chez Polami Infogérance ?", "search_companies",
         {"text": "Polami Infogérance", "limit": 10}),
    # the leads of a list named without "liste", with a signal: that list, that signal
    case("quels leads de SaaS Île-de-France sont en procédure collective ?", "find_signals",
         {"list_name": "SaaS Île-de-France", "kinds": ["insolvency"]}),
    case("lesquels des leads de BTP Bretagne sont en liquidation ?", "find_signals",
         {"list_name": "BTP Bretagne", "kinds": ["insolvency"]}),
    case("which leads of Lyon IT are hiring?", "find_signals",
         {"list_name": "Lyon IT", "kinds": ["hiring"]}),
    # a search said with "ajoute … à la liste X": the search first (then every match added)
    case("ajoute les ESN de Lyon à la liste Salon Lyon", "search_companies", ESN_LYON),
    case("add IT companies in Lyon to my Salon Lyon list", "search_companies",
         {**ESN_LYON, "naf_codes": ["62", "63.1"]}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), CALLS)
def test_request_becomes_the_right_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(
    "text",
    [
        "ok find construction companies in Brittany with 50+ staff",
        "bon trouve des ESN à Lyon",
        "alors, cherche des ESN à Lyon",
        "okay show me IT companies in Lyon",
    ],
)
def test_a_leading_interjection_is_no_name_word(text: str) -> None:
    query = parse_company_query(text)
    assert query.text is None and query.name is None


def test_a_name_that_starts_like_an_interjection_is_kept() -> None:
    """ "Bon Marché" is no interjection: no request verb follows it."""
    assert parse_company_query("Bon Marché Lyon").text is not None


@pytest.mark.parametrize(
    "text",
    [
        "companies with a new CEO in Nantes",
        "entreprises avec un nouveau dirigeant à Nantes",
        "ESN à Nantes qui ont un nouveau DG",
        "firms in Nantes with a new managing director",
    ],
)
def test_a_new_leader_is_a_signal_searched_not_people(text: str) -> None:
    message = ask(text)
    assert message.content == ""
    [call] = message.tool_calls
    assert call["name"] == "search_companies"
    assert call["args"]["signal_kinds"] == ["leadership_change"]


@pytest.mark.parametrize(
    "text", ["qui est le nouveau DG de Verilia ?", "who is the new CEO of Verilia?"]
)
def test_who_is_the_new_ceo_of_a_company_is_still_about_people(text: str) -> None:
    """No place nor sector, no "companies": the person, not a search on the signal."""
    [call] = ask(text).tool_calls
    assert call["name"] == "find_decision_makers"
    assert call["args"] == {"company": "Verilia", "roles": ["ceo"]}


def _found(count: int, limit: int) -> ToolResult:
    companies = [
        CompanyPublic(siren=f"{100000000 + i}", name=f"Bureau {i}", city="NANTES")
        for i in range(count)
    ]
    artifact = CompaniesArtifact(
        query={"naf_codes": ["71.12B"], "departments": ["44"], "limit": limit},
        total=count,
        companies=companies,
        source="local",
    )
    return ToolResult(tool="search_companies", artifact=artifact, content="", is_error=False)


def test_the_first_20_of_11_shows_all_11() -> None:
    answer = companies_answer(_found(11, 20), "fr")
    assert all(f"Bureau {i}**" in answer for i in range(11))
    assert "10 premières" not in answer
    assert "11 entreprises" in answer
    assert "les voici toutes (vous en demandiez 20)" in answer


def test_the_first_20_of_40_shows_20_and_says_so() -> None:
    answer = companies_answer(_found(20, 20), "fr").replace("\u202f", " ")
    assert all(f"Bureau {i}**" in answer for i in range(20))


def test_a_default_search_still_shows_10() -> None:
    answer = companies_answer(_found(10, 10), "fr")
    assert "Bureau 9**" in answer
