"""Signals in a search request: the words of each kind (French and English) become
`signal_kinds`, and a period said with them ("depuis juin", "ces 3 derniers mois",
"récemment", "since March") becomes `signal_since` — only with a signal word, so that creation
dates and other periods read as before."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agent.search.describe import describe_query
from agent.search.parse import parse_company_query
from store.models import LEGAL_KINDS
from store.search.query import CompanyQuery

TODAY = date(2026, 12, 1)
IT = ["62"]
LEGAL = [kind.value for kind in LEGAL_KINDS]

CASES: list[tuple[str, dict[str, Any]]] = [
    ("ESN à Lyon qui recrutent", {"naf_codes": IT, "cities": ["LYON"], "signal_kinds": ["hiring"]}),
    ("IT companies in Lyon that are hiring developers",
     {"naf_codes": ["62", "63.1"], "cities": ["LYON"], "signal_kinds": ["hiring"]}),
    ("boîtes qui embauchent dans le 44", {"departments": ["44"], "signal_kinds": ["hiring"]}),
    ("PME du 69 qui ont levé des fonds depuis juin",
     {"departments": ["69"], "categories": ["PME"], "signal_kinds": ["fundraising"],
      "signal_since": date(2026, 6, 1)}),
    ("startups that raised funds since March 2026",
     {"created_after": date(2021, 12, 1), "signal_kinds": ["fundraising"],
      "signal_since": date(2026, 3, 1)}),
    ("ESN qui recrutent ces 3 derniers mois",
     {"naf_codes": IT, "signal_kinds": ["hiring"], "signal_since": date(2026, 9, 2)}),
    ("ESN hiring in the last 2 weeks",
     {"naf_codes": IT, "signal_kinds": ["hiring"], "signal_since": date(2026, 11, 17)}),
    ("boîtes qui ont levé des fonds récemment",
     {"signal_kinds": ["fundraising"], "signal_since": date(2026, 9, 2)}),
    ("entreprises qui recrutent en ce moment dans le 69",
     {"departments": ["69"], "signal_kinds": ["hiring"], "signal_since": date(2026, 9, 2)}),
    ("levées de fonds récentes dans le Rhône",
     {"departments": ["69"], "signal_kinds": ["fundraising"], "signal_since": date(2026, 9, 2)}),
    ("ESN qui recrutent depuis le 15/10/2026",
     {"naf_codes": IT, "signal_kinds": ["hiring"], "signal_since": date(2026, 10, 15)}),
    ("ESN qui recrutent depuis décembre",  # this month, begun today
     {"naf_codes": IT, "signal_kinds": ["hiring"], "signal_since": date(2026, 12, 1)}),
    ("ESN qui recrutent ce mois-ci",
     {"naf_codes": IT, "signal_kinds": ["hiring"], "signal_since": date(2026, 12, 1)}),
    ("entreprises avec un nouveau dirigeant à Nantes",
     {"cities": ["NANTES"], "signal_kinds": ["leadership_change"]}),
    ("companies with a new CEO in Bordeaux",
     {"cities": ["BORDEAUX"], "signal_kinds": ["leadership_change"]}),
    ("boîtes en procédure collective dans le 69",
     {"departments": ["69"], "signal_kinds": ["insolvency"]}),
    ("entreprises en redressement judiciaire à Lille",
     {"cities": ["LILLE"], "signal_kinds": ["insolvency"]}),
    ("insolvent companies in Gironde", {"departments": ["33"], "signal_kinds": ["insolvency"]}),
    ("annonces légales des ESN de Lyon",
     {"naf_codes": IT, "cities": ["LYON"], "signal_kinds": LEGAL}),
    ("ESN qui ont ouvert une agence à Rennes",
     {"naf_codes": IT, "cities": ["RENNES"], "signal_kinds": ["new_site"]}),
    ("ESN à Lyon, les plus chaudes d'abord",
     {"naf_codes": IT, "cities": ["LYON"], "sort": "intent"}),
    ("SaaS companies in Paris by intent",
     {"naf_codes": ["58.29", "62.01Z"], "cities": ["PARIS"], "sort": "intent"}),
    # No signal word: the period is a creation date, or not read
    ("ESN créées depuis janvier 2020", {"naf_codes": IT, "created_after": date(2020, 1, 1)}),
    ("ESN créées récemment", {"naf_codes": IT, "created_after": date(2025, 12, 1)}),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "fields"), CASES)
def test_signal_words_and_periods_give_this_query(
    request_text: str, fields: dict[str, Any]
) -> None:
    parsed = parse_company_query(request_text, today=TODAY).model_dump()
    assert parsed == CompanyQuery(**fields).model_dump(), request_text


def test_the_understood_line_says_the_signals_and_the_period() -> None:
    query = parse_company_query("PME du 69 qui ont levé des fonds depuis juin", today=TODAY)
    assert describe_query(query, "fr") == (
        "Rhône (69) · PME · signaux : levée de fonds · signal depuis le 01/06/2026"
    )
    legal = parse_company_query("annonces légales des ESN de Lyon", today=TODAY)
    assert describe_query(legal, "en").endswith("Lyon · signals: legal notices")


def test_an_unknown_kind_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown signal kind 'hirring': use one of"):
        CompanyQuery(signal_kinds=["hirring"])
    assert CompanyQuery(signal_kinds=["legal", "hiring"]).signal_kinds == [*LEGAL, "hiring"]
