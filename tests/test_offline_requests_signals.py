"""OfflineChatModel: requests about buying signals → one exact tool call. New companies with a
signal are a search (`signal_kinds`, `signal_since`); narrowing the search on screen is that
search again with the signal; the signals of companies already found (ranks, "ces boîtes", a
SIREN, a list) are `find_signals`; a sort by intent reorders the search."""

from __future__ import annotations

from typing import Any

import pytest
from offline_fixtures import SIRENS, ask, assert_one_call, case

LYON_ESN = {"naf_codes": ["62"], "cities": ["LYON"]}
LEGAL = ["creation", "sale", "modification", "accounts_filed", "insolvency", "deregistration"]

SIGNAL_CASES = [
    # --- new companies with a signal: a search ---------------------------------------------------
    case("ESN à Lyon qui recrutent", "search_companies",
         {**LYON_ESN, "signal_kinds": ["hiring"], "limit": 10}),
    case("PME du 69 qui ont levé des fonds depuis juin", "search_companies",
         {"departments": ["69"], "categories": ["PME"], "signal_kinds": ["fundraising"],
          "signal_since": "2024-06-01", "limit": 10}),
    case("boîtes en procédure collective dans le 33", "search_companies",
         {"departments": ["33"], "signal_kinds": ["insolvency"], "limit": 10}),
    case("companies with a new CEO in Nantes", "search_companies",
         {"cities": ["NANTES"], "signal_kinds": ["leadership_change"], "limit": 10}),
    case("ESN lyonnaises en procédure collective", "search_companies",
         {**LYON_ESN, "signal_kinds": ["insolvency"], "limit": 10}),
    case("annonces légales des ESN de Lyon", "find_signals", {"query": LYON_ESN, "kinds": LEGAL}),
    case("ESN à Lyon, les plus chaudes d'abord", "search_companies",
         {**LYON_ESN, "sort": "intent", "limit": 10}),
    # --- the search on screen, narrowed or reordered ---------------------------------------------
    case("lesquelles ont levé des fonds ?", "search_companies",
         {**LYON_ESN, "signal_kinds": ["fundraising"], "limit": 10}, previous=True),
    case("which ones are hiring?", "search_companies",
         {**LYON_ESN, "signal_kinds": ["hiring"], "limit": 10}, previous=True),
    case("et celles qui recrutent ces 3 derniers mois ?", "search_companies",
         {**LYON_ESN, "signal_kinds": ["hiring"], "signal_since": "2024-12-14", "limit": 10},
         previous=True),
    case("trie-les par intention", "search_companies",
         {**LYON_ESN, "limit": 10, "sort": "intent"}, previous=True),
    case("hottest first", "search_companies",
         {**LYON_ESN, "limit": 10, "sort": "intent"}, previous=True),
    # --- the signals of companies already found ---------------------------------------------------
    case("quels signaux d'achat sur ces boîtes ?", "find_signals", {"query": LYON_ESN},
         previous=True),
    case("any buying signals on these?", "find_signals", {"query": LYON_ESN}, previous=True),
    case("est-ce que la première recrute ?", "find_signals",
         {"sirens": [SIRENS[0]], "kinds": ["hiring"]}, previous=True),
    case("signaux de la deuxième", "find_signals", {"sirens": [SIRENS[1]]}, previous=True),
    case("score d'intention des 3 premières", "find_signals", {"sirens": SIRENS[:3]},
         previous=True),
    case("annonces BODACC de la 2e", "find_signals", {"sirens": [SIRENS[1]], "kinds": LEGAL},
         previous=True),
    case("signaux de 552100554", "find_signals", {"sirens": ["552100554"]}),
    case("signaux de la liste ESN Lyon", "find_signals", {"list_name": "ESN Lyon"}),
    case("lesquelles de ma liste ESN Lyon sont en procédure collective ?", "find_signals",
         {"list_name": "ESN Lyon", "kinds": ["insolvency"]}),
    case("which companies on my list SaaS IDF raised funds?", "find_signals",
         {"list_name": "SaaS IDF", "kinds": ["fundraising"]}),
    case("quels signaux pour les ESN de Lyon ?", "find_signals", {"query": LYON_ESN}),
    case("lesquelles de ma liste recrutent ?", "lead_lists", {"mine": True}),  # then its signals
]  # fmt: skip

QUESTIONS = [
    ("quels signaux d'achat ?", "De quelles entreprises voulez-vous les signaux ?"),
]


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), SIGNAL_CASES)
def test_request_becomes_one_tool_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    assert_one_call(text, previous, tool_name, args)


@pytest.mark.parametrize(("text", "expected"), QUESTIONS)
def test_no_company_asks_which(text: str, expected: str) -> None:
    message = ask(text)
    assert message.tool_calls == []
    assert expected in message.text
