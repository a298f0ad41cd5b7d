"""SQLite's full-text index answers city, postcode, legal-form and creation-date filters and the
creation-date orders exactly as the plain SQL filters do (migration 0015, store/search/facets.py,
store/search/by_date.py): the same companies, the same totals, the same order, page by page."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.demo.sirens import check_digit
from store.models import Company
from store.reference.naf import section_of
from store.repositories.companies import upsert_companies
from store.search import CompanyQuery
from store.search.sql import search_companies

CITIES = [
    "PARIS", "PARIS 1", "PARIS 15", "PARIS-L'HOPITAL", "LE HAVRE", "LE MANS", "LE", "LYON 3EME",
    "LYON", "LYONS-LA-FORET", "SAINTE-FOY-LES-LYON", "SAINT ETIENNE", "SAINT-ETIENNE",
    "L'ILE-SAINT-DENIS", "EVRY  COURCOURONNES", "ÉVRY", None, "",
]  # fmt: skip
POSTCODES = ["75001", "75015", "69003", "6900", "69", "92100", "2A004", "97411", None, ""]
LEGAL_FORMS = ["5499", "5498", "5410", "54", "5", "5710", "5720", "6540", "9220", "1000", None]
DATES = [
    None, date(1890, 5, 17), date(1945, 1, 1), date(1950, 12, 31), date(1999, 12, 31),
    date(2000, 1, 1), date(2150, 3, 3), date(999, 9, 9),
    *(date(2020 + n % 5, 1 + n % 12, 1 + n % 28) for n in range(40)),
]  # fmt: skip


def _siren(number: int) -> str:
    body = f"{number:08d}"
    return body + check_digit(body)


@pytest.fixture
def store(sqlite_engine: Engine) -> Engine:
    rng = random.Random(15)
    nafs = ["62.01Z", "62.02A", "56.10A", "68.20B", "70.22Z", "74.1G"]  # 74.1G: NAF rév. 1
    companies = [
        Company(
            siren=_siren(10_000_000 + number),
            name=f"Société {number}",
            naf_code=(naf := rng.choice(nafs)),
            naf_section=section_of(naf) if naf != "74.1G" else None,
            headcount_band=rng.choice(["NN", "00", "01", "11", "12", "21", "32", None]),
            category=rng.choice(["PME", "ETI", None]),
            city=rng.choice(CITIES),
            postcode=rng.choice(POSTCODES),
            department=rng.choice(["75", "69", "92", None]),
            legal_form=rng.choice(LEGAL_FORMS),
            created_on=rng.choice(DATES),
            active=rng.random() > 0.2,
            source="sirene",
        )
        for number in range(600)
    ]
    upsert_companies(sqlite_engine, companies=companies)
    return sqlite_engine


def _reference(engine: Engine, query: CompanyQuery) -> tuple[int, list[str]]:
    """Plain SQL over `company` (store.search.filters): what the index must agree with."""
    from store.search.sqlite import _filter_search

    with Session(engine) as session:
        page = _filter_search(session, query)
    return page.total, [company.siren for company in page.companies]


def _indexed(engine: Engine, query: CompanyQuery) -> tuple[int, list[str]]:
    page = search_companies(engine, query=query)
    return page.total, [company.siren for company in page.companies]


FILTERS: list[dict[str, Any]] = [
    {"cities": ["PARIS"]}, {"cities": ["LYON"]}, {"cities": ["LE"]}, {"cities": ["LE HAVRE"]},
    {"cities": ["PARIS-L'HOPITAL"]}, {"cities": ["SAINT"]}, {"cities": ["SAINT ETIENNE"]},
    {"cities": ["EVRY  COURCOURONNES"]}, {"cities": ["Évry"]}, {"cities": ["PARIS", "LE MANS"]},
    {"cities": ["L'ILE-SAINT-DENIS"]}, {"postcodes": ["75"]}, {"postcodes": ["750"]},
    {"postcodes": ["75015"]}, {"postcodes": ["69", "92"]}, {"postcodes": ["6900"]},
    {"legal_forms": ["54"]}, {"legal_forms": ["5499"]}, {"legal_forms": ["5"]},
    {"legal_forms": ["541"]}, {"legal_forms": ["SAS", "SARL"]}, {"legal_forms": ["SA"]},
    {"created_after": date(2020, 1, 1)}, {"created_before": date(1999, 12, 31)},
    {"created_after": date(2021, 3, 1), "created_before": date(2022, 6, 30)},
    {"created_after": date(2021, 3, 15)}, {"created_before": date(2023, 2, 14)},
    {"created_after": date(1800, 1, 1), "created_before": date(1949, 12, 31)},
    {"created_after": date(2100, 1, 1)}, {"created_before": date(1000, 1, 1)},
    {"created_after": date(2022, 5, 1), "created_before": date(2022, 5, 31)},
    {"cities": ["PARIS"], "legal_forms": ["54"], "created_after": date(2021, 1, 1)},
    {"cities": ["LYON"], "postcodes": ["69"], "naf_codes": ["62"]},
    {"sections": ["J"], "cities": ["PARIS"]}, {"naf_codes": ["56.1", "74"]},
]  # fmt: skip


@pytest.mark.parametrize("filters", FILTERS, ids=[str(f) for f in FILTERS])
@pytest.mark.parametrize("include_closed", [False, True])
def test_filters_in_the_index_select_what_sql_selects(
    store: Engine, filters: dict[str, Any], include_closed: bool
) -> None:
    query = CompanyQuery(**filters, include_closed=include_closed, limit=1000)
    assert _indexed(store, query) == _reference(store, query)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("gather", [3, 500])
@pytest.mark.parametrize(
    "filters",
    [{}, {"cities": ["PARIS"]}, {"legal_forms": ["54"]}, {"created_after": date(2021, 1, 1)}],
)
def test_creation_date_orders_page_by_page(
    store: Engine,
    monkeypatch: pytest.MonkeyPatch,
    sort: str,
    gather: int,
    filters: dict[str, Any],
) -> None:
    """With few matches sorted at once (3), the pages walk decades, years and months."""
    import store.search.by_date as by_date

    monkeypatch.setattr(by_date, "GATHER_LIMIT", gather)
    whole = CompanyQuery(**filters, sort=sort, limit=1000)
    total, expected = _reference(store, whole)
    dated = len(expected)
    for limit, offset in [(10, 0), (7, 3), (5, 18), (20, 40), (4, 61), (10, dated - 5)]:
        query = CompanyQuery(**filters, sort=sort, limit=limit, offset=max(offset, 0))
        found_total, page = _indexed(store, query)
        assert found_total == total
        assert page == expected[max(offset, 0) : max(offset, 0) + limit], (limit, offset)


def test_a_city_with_a_control_character_is_still_exact(store: Engine) -> None:
    with Session(store) as session:
        session.add(Company(siren=_siren(99_000_001), name="Tab", city="PARIS\tNORD", source="x"))
        session.commit()
    query = CompanyQuery(cities=["PARIS\tNORD"], limit=100)
    assert _indexed(store, query) == _reference(store, query)
    assert _indexed(store, query)[0] == 1
