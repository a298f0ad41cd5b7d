"""OfflineChatModel: follow-ups a rep types after a search (ESN à Lyon, 57 matches, 12 shown)
→ the same search with one thing changed, or a plain answer."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import assert_one_call, case

LYON_ESN = {"naf_codes": ["62"], "cities": ["LYON"], "limit": 10}

FOLLOW_UPS = [
    case("trie-les par effectif", "search_companies", {**LYON_ESN, "sort": "size_desc"},
         previous=True),
    case("trie par taille croissante", "search_companies", {**LYON_ESN, "sort": "size_asc"},
         previous=True),
    case("les plus récentes d'abord", "search_companies", {**LYON_ESN, "sort": "newest"},
         previous=True),
    case("les plus anciennes en premier", "search_companies", {**LYON_ESN, "sort": "oldest"},
         previous=True),
    case("par ordre alphabétique", "search_companies", {**LYON_ESN, "sort": "name"},
         previous=True),
    case("sort them by size", "search_companies", {**LYON_ESN, "sort": "size_desc"},
         previous=True),
    case("sort by creation date", "search_companies", {**LYON_ESN, "sort": "newest"},
         previous=True),
    case("biggest first", "search_companies", {**LYON_ESN, "sort": "size_desc"}, previous=True),
    case("suivantes", "search_companies", {**LYON_ESN, "offset": 10}, previous=True),
    case("la suite", "search_companies", {**LYON_ESN, "offset": 10}, previous=True),
    case("more", "search_companies", {**LYON_ESN, "offset": 10}, previous=True),
    case("page 2", "search_companies", {**LYON_ESN, "offset": 10}, previous=True),
    case("montre la page 4", "search_companies", {**LYON_ESN, "offset": 30}, previous=True),
    case("les 20 suivantes", "search_companies", {**LYON_ESN, "limit": 20, "offset": 10},
         previous=True),
    case("et à Marseille ?", "search_companies",
         {"naf_codes": ["62"], "cities": ["MARSEILLE"], "limit": 10}, previous=True),
    case("and in Nantes?", "search_companies",
         {"naf_codes": ["62"], "cities": ["NANTES"], "limit": 10}, previous=True),
    case("plutôt en Gironde", "search_companies",
         {"naf_codes": ["62"], "departments": ["33"], "limit": 10}, previous=True),
    case("et dans le 92 ?", "search_companies",
         {"naf_codes": ["62"], "departments": ["92"], "limit": 10}, previous=True),
    case("seulement les PME", "search_companies", {**LYON_ESN, "categories": ["PME"]},
         previous=True),
    case("only the ones with fewer than 20 employees", "search_companies",
         {**LYON_ESN, "headcount_max": 19}, previous=True),
    case("garde celles de moins de 10 salariés", "search_companies",
         {**LYON_ESN, "headcount_max": 9}, previous=True),
    case("et celles créées avant 2010 ?", "search_companies",
         {**LYON_ESN, "created_before": "2009-12-31"}, previous=True),
    case("et les agences web ?", "search_companies",
         {"naf_codes": ["62.01Z", "73.11Z"], "cities": ["LYON"], "limit": 10}, previous=True),
    case("même chose à Toulouse", "search_companies",
         {"naf_codes": ["62"], "cities": ["TOULOUSE"], "limit": 10}, previous=True),
    case("same in Bordeaux", "search_companies",
         {"naf_codes": ["62"], "cities": ["BORDEAUX"], "limit": 10}, previous=True),
    case("la fiche de la 14e", "search_companies", {**LYON_ESN, "limit": 1, "offset": 13},
         previous=True),
    case("précédentes", "search_companies", LYON_ESN, previous=True),
    case("y compris les fermées", "search_companies", {**LYON_ESN, "include_closed": True},
         previous=True),
    # a filter and an order in one message; how many to show with the order; "which ones"
    case("garde celles de plus de 50 salariés et trie par effectif", "search_companies",
         {**LYON_ESN, "headcount_min": 51, "sort": "size_desc"}, previous=True),
    case("only those over 100 employees, biggest first", "search_companies",
         {**LYON_ESN, "headcount_min": 101, "sort": "size_desc"}, previous=True),
    case("montre les 5 plus grosses", "search_companies",
         {**LYON_ESN, "limit": 5, "sort": "size_desc"}, previous=True),
    case("the 3 oldest", "search_companies", {**LYON_ESN, "limit": 3, "sort": "oldest"},
         previous=True),
    case("lesquelles ont plus de 100 salariés ?", "search_companies",
         {**LYON_ESN, "headcount_min": 101}, previous=True),
    case("which ones are in Villeurbanne?", "search_companies",
         {**LYON_ESN, "cities": ["VILLEURBANNE"]}, previous=True),
    case("et parmi elles, lesquelles ont été créées après 2010 ?", "search_companies",
         {**LYON_ESN, "created_after": "2011-01-01"}, previous=True),
    case("trop de résultats, seulement plus de 50 salariés", "search_companies",
         {**LYON_ESN, "headcount_min": 51}, previous=True),
    case("c'est trop, garde celles de plus de 100 salariés", "search_companies",
         {**LYON_ESN, "headcount_min": 101}, previous=True),
    case("any with more than 20 staff?", "search_companies", {**LYON_ESN, "headcount_min": 21},
         previous=True),
    case("les 20 premières", "search_companies", {**LYON_ESN, "limit": 20}, previous=True),
    case("show the first 30", "search_companies", {**LYON_ESN, "limit": 30}, previous=True),
    case("ok et à Villeurbanne alors", "search_companies", {**LYON_ESN, "cities": ["VILLEURBANNE"]},
         previous=True),
    case("elles sont grosses ?", "search_companies", {**LYON_ESN, "sort": "size_desc"},
         previous=True),
    # "which is the biggest": the first company in that order, fetched for its card
    case("ok la plus grosse c'est laquelle", "search_companies",
         {"naf_codes": ["62"], "cities": ["LYON"], "sort": "size_desc", "limit": 1}, previous=True),
    case("la plus ancienne, c'est qui ?", "search_companies",
         {"naf_codes": ["62"], "cities": ["LYON"], "sort": "oldest", "limit": 1}, previous=True),
    case("which is the biggest one?", "search_companies",
         {"naf_codes": ["62"], "cities": ["LYON"], "sort": "size_desc", "limit": 1}, previous=True),
    # a whole new request after a search is a new search, in the order asked
    case("les plus grosses boulangeries de Marseille", "search_companies",
         {"naf_codes": ["10.71"], "cities": ["MARSEILLE"], "sort": "size_desc", "limit": 10},
         previous=True),
]  # fmt: skip


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), FOLLOW_UPS)
def test_follow_up_changes_one_thing(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)
