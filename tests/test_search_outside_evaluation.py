"""The outside evaluation's requests on the small seeded store, through the parser and
`find_companies`: which companies come back, and what the rep is told (business parks searched
as their communes, foreign places set aside, leftover words that never widen a search)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conversation_fixtures import conversation
from search_store import ROWS, seed
from sqlalchemy.engine import Engine

from agent.search.local import LocalSource
from agent.search.notices import notice_text
from agent.search.parse import parse_company_query
from agent.search.ports import SourcePage
from agent.search.readings import find_companies
from store.db import open_store
from store.search.query import CompanyQuery

TODAY = date(2026, 6, 15)
LYON_ESN = ["Bénard Infogérance", "Infra Services Lyon", "Pichon et Associés"]
CONSULTING = ["Bastide Conseil", "Défense Conseil", "Puteaux Stratégie", "Restos Conseil"]
IN_92 = ["Boulogne Nouvelle", "Défense Conseil", "Janvier Immobilier", "Nanterre Conseil",
         "Puteaux Stratégie"]  # fmt: skip


@pytest.fixture
def source(engine: Engine) -> LocalSource:
    return LocalSource(seed(engine))


async def run(source: LocalSource, request: str) -> SourcePage:
    return await find_companies(source, parse_company_query(request, today=TODAY))


def names(page: SourcePage) -> list[str]:
    return sorted(company.name for company in page.companies)


# request → the companies expected (any order) and the notice codes
CASES: list[tuple[str, list[str], list[str]]] = [
    # the 8 restaurants of the 11e, not the consulting firm named "Restos" nor the 10e
    ("restos paris 11e", ["Chez Léon Roquette", "Le Bistrot Oberkampf"], []),
    ("restos Paris 11e", ["Chez Léon Roquette", "Le Bistrot Oberkampf"], []),
    ("agences immobilières Nice 10-50 salariés", ["Azur Immobilier"], ["band_straddles"]),
    ("agences immo a nice", ["Azur Immobilier", "Promenade Immo"], []),
    # hiring is a filter on signals: no company of this store has one, so none (not every ESN)
    ("ESN lyonnaises qui recrutent des devs", [], []),
    ("ESN Lyon", LYON_ESN, []),
    # business parks: their communes, not the department (Riviera IT is in Nice)
    ("ESN à Sophia Antipolis", ["Antipolis Data", "Biot Software"], ["business_park"]),
    ("cabinets de conseil à La Défense", ["Défense Conseil", "Puteaux Stratégie"],
     ["business_park"]),
    # dates: only the two companies of the 92 created in 2025
    ("SAS créées depuis janvier 2025 dans le 92", ["Boulogne Nouvelle", "Janvier Immobilier"], []),
    ("entreprises du 92 créées l'an dernier", ["Boulogne Nouvelle", "Janvier Immobilier"], []),
    ("entreprises du 92 créées cette année", [], []),  # 2026: none yet
    # foreign places: set aside, the search covers France, and said
    ("cabinets de conseil en Belgique", CONSULTING, ["foreign_place"]),
    ("consulting firms in Germany", CONSULTING, ["foreign_place"]),
    ("entreprises en Suisse", [], ["foreign_place"]),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "expected", "codes"), CASES,
                         ids=[case[0] for case in CASES])  # fmt: skip
async def test_what_the_evaluation_typed_finds_these_companies(
    source: LocalSource, request_text: str, expected: list[str], codes: list[str]
) -> None:
    page = await run(source, request_text)
    assert names(page) == sorted(expected)
    assert page.total == len(expected)
    assert [notice.code for notice in page.notices] == codes


async def test_the_biggest_first_and_only_as_many_as_asked(source: LocalSource) -> None:
    page = await run(source, "les 2 plus grosses boîtes de Bordeaux")
    assert [company.name for company in page.companies] == ["Garonne Logistique", "Chartrons Vins"]
    assert page.total == 3
    everything = await run(source, "les 10 plus grosses boîtes de Bordeaux")
    assert [company.name for company in everything.companies] == [
        "Garonne Logistique", "Chartrons Vins", "Bastide Conseil"
    ]  # fmt: skip


async def test_a_business_park_notice_names_its_communes(source: LocalSource) -> None:
    page = await run(source, "ESN à Sophia Antipolis")
    notice = page.notices[0]
    assert notice.values == {
        "place": "Sophia Antipolis",
        "communes": ["Valbonne", "Biot", "Antibes", "Mougins", "Vallauris"],
    }
    assert notice_text(notice, "fr") == (
        "Sophia Antipolis n'est pas une commune : la recherche porte sur celles où ce pôle "
        "s'étend, Valbonne, Biot, Antibes, Mougins et Vallauris."
    )


async def test_a_park_sent_by_a_model_is_searched_the_same(source: LocalSource) -> None:
    query = CompanyQuery(cities=["La Défense"], naf_codes=["70.22Z"])
    page = await find_companies(source, query)
    assert names(page) == ["Défense Conseil", "Puteaux Stratégie"]
    commune = await find_companies(source, CompanyQuery(cities=["Courbevoie", "La Défense"]))
    assert names(commune) == ["Défense Conseil", "Puteaux Stratégie"]  # no department added


async def test_a_foreign_place_is_quoted_as_typed(source: LocalSource) -> None:
    page = await run(source, "cabinets de conseil en Belgique")
    assert page.notices[0].values == {"places": ["en Belgique"]}
    assert notice_text(page.notices[0], "en") == (
        "The registry covers French companies only: “en Belgique” was left out and the search "
        "covers France."
    )


# 6. Leftover words next to filters: what a model or an older parse may still send. A word
# that is a name narrows the search and stays; words that are not never widen it: the
# filters alone answer, and a `dropped_words` notice names them.
LEFTOVERS: list[tuple[dict[str, object], list[str], list[str]]] = [
    # no company holds them with the filters: the filters' whole set, said
    ({"text": "restos", "naf_codes": ["56.1"], "postcodes": ["75011"]},
     ["Chez Léon Roquette", "Le Bistrot Oberkampf"], ["restos"]),
    ({"text": "devs", "naf_codes": ["62"], "cities": ["LYON"]}, LYON_ESN, ["devs"]),
    ({"text": "tech", "naf_codes": ["70.22Z"], "cities": ["BORDEAUX"]},
     ["Bastide Conseil"], ["tech"]),
    # some company holds one of the words (the store would relax to any word): the filters
    # alone, not "Janvier Immobilier" for holding "janvier"
    ({"text": "depuis janvier 2025", "legal_forms": ["57"], "departments": ["92"]},
     IN_92, ["depuis", "janvier", "2025"]),
    ({"text": "janvier nouveautés", "departments": ["92"]}, IN_92, ["janvier", "nouveautés"]),
    # a name the filters hold narrows the search and is kept
    ({"text": "Bénard", "naf_codes": ["43.22"]}, ["Bénard Plomberie"], []),
    ({"text": "Restos", "cities": ["PARIS"]}, ["Restos Conseil"], []),
    # next to a place alone, a word nobody holds is what is wanted: nothing matches, rather
    # than every company of the place
    ({"text": "cybersecurity", "cities": ["PARIS"]}, [], []),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "expected", "dropped"), LEFTOVERS,
                         ids=[str(case[0]["text"]) for case in LEFTOVERS])  # fmt: skip
async def test_leftover_words_never_widen_a_filtered_search(
    source: LocalSource, fields: dict[str, object], expected: list[str], dropped: list[str]
) -> None:
    page = await find_companies(source, CompanyQuery.model_validate(fields))
    assert names(page) == sorted(expected)
    assert not page.relaxed
    notices = [notice for notice in page.notices if notice.code == "dropped_words"]
    assert [notice.values["words"] for notice in notices] == ([dropped] if dropped else [])


async def test_without_filters_any_word_still_finds_a_name(source: LocalSource) -> None:
    page = await find_companies(source, CompanyQuery(text="Janvier inconnu"))
    assert names(page) == ["Janvier Immobilier"] and page.relaxed


async def test_the_rep_hears_the_notices_in_an_offline_conversation(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'filon.db'}")
    seed(engine)
    engine.dispose()
    async with conversation(tmp_path, thread_id="evaluation") as thread:
        park = (await thread.say("ESN à Sophia Antipolis")).answer
        assert "Antipolis Data" in park and "Riviera IT" not in park
        assert "Sophia Antipolis n'est pas une commune" in park
        abroad = (await thread.say("cabinets de conseil en Belgique")).answer
        assert "immatriculées en France (le registre SIRENE)" in abroad
        biggest = (await thread.say("les 2 plus grosses boîtes de Bordeaux")).answer
        assert "Garonne Logistique" in biggest and "Bastide Conseil" not in biggest


async def test_a_search_without_filters_still_lists_companies(source: LocalSource) -> None:
    page = await run(source, "les plus grosses")  # a sort alone: no place to set aside
    assert (page.total, page.notices) == (len(ROWS), [])
    assert page.companies[0].name == "Atelier Bénard Infogérance"  # 5,000 to 9,999 people
