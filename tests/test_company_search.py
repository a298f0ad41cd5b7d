"""Company search on the local store: ranking, every filter, identifiers, on both databases."""

from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from store.models import Company
from store.repositories.companies import upsert_companies
from store.search import CompanyQuery, InvalidIdentifier
from store.search.sql import search_companies


def company(siren: str, name: str, **fields: object) -> Company:
    defaults: dict[str, object] = {
        "naf_code": "62.01Z", "naf_section": "J", "headcount_band": "21", "category": "PME",
        "legal_form": "5710", "created_on": date(2012, 3, 1), "city": "LYON 3EME",
        "postcode": "69003", "department": "69", "region": "84", "source": "sirene",
    }  # fmt: skip
    return Company(siren=siren, name=name, **{**defaults, **fields})  # type: ignore[arg-type]


@pytest.fixture
def store(engine: Engine) -> Engine:
    # fmt: off
    upsert_companies(
        engine,
        companies=[
            company("552100554", "Numérique Conseil", description="Intégration de logiciels"),
            company("732829320", "Société Générale d'Études", naf_code="71.12B", naf_section="M",
                    headcount_band="32", category="ETI", city="BORDEAUX", postcode="33000",
                    department="33", region="75", created_on=date(2018, 1, 1)),
            company("443061841", "Expertise Comptable Girondine", naf_code="69.20Z",
                    naf_section="M", headcount_band="11", city="MERIGNAC", postcode="33700",
                    department="33", region="75", legal_form="5499", created_on=date(2016, 6, 1)),
            company("542107651", "Lyon Data Services", acronym="LDS", headcount_band="22",
                    city="LYON 7EME", postcode="69007"),
            company("356000000", "Ancienne ESN fermée", active=False, city="LYONS-LA-FORET",
                    postcode="27480", department="27", region="28"),
        ],
    )
    # fmt: on
    return engine


def sirens(engine: Engine, **query: object) -> list[str]:
    page = search_companies(engine, query=CompanyQuery(**query))  # type: ignore[arg-type]
    return [c.siren for c in page.companies]


def test_text_ignores_accents_and_ranks_names_first(store: Engine) -> None:
    assert sirens(store, text="numerique") == ["552100554"]
    assert sirens(store, text="ÉTUDES générale") == ["732829320"]
    assert sirens(store, text="lds") == ["542107651"]


def test_text_matches_naf_label_city_description_and_prefixes(store: Engine) -> None:
    assert sirens(store, text="activités comptables") == ["443061841"]  # the NAF 69.20Z label
    assert sirens(store, text="logiciels") == ["552100554"]
    assert set(sirens(store, text="merignac")) == {"443061841"}
    assert sirens(store, text="numeri") == ["552100554"]


def test_relaxed_to_any_word_when_no_company_has_them_all(store: Engine) -> None:
    page = search_companies(store, query=CompanyQuery(text="numerique zzzunknown"))
    assert page.relaxed and [c.siren for c in page.companies] == ["552100554"]


def test_filters(store: Engine) -> None:
    assert set(sirens(store, naf_codes=["62"])) == {"552100554", "542107651"}
    assert sirens(store, naf_codes=["69.20Z"]) == ["443061841"]
    assert set(sirens(store, departments=["33"])) == {"732829320", "443061841"}
    assert set(sirens(store, regions=["75"], categories=["ETI"])) == {"732829320"}
    assert set(sirens(store, cities=["Lyon"])) == {"552100554", "542107651"}
    assert sirens(store, postcodes=["69007"]) == ["542107651"]
    assert set(sirens(store, postcodes=["337"])) == {"443061841"}
    assert sirens(store, headcount_min=100, headcount_max=150) == ["542107651"]
    assert set(sirens(store, legal_forms=["SARL"])) == {"443061841"}
    assert set(sirens(store, created_after=date(2016, 1, 1))) == {"732829320", "443061841"}
    assert sirens(store, created_before=date(2012, 12, 31), naf_codes=["62"]) == [
        "542107651", "552100554",
    ]  # bigger first  # fmt: skip


def test_closed_companies_only_on_request(store: Engine) -> None:
    assert "356000000" not in sirens(store, text="esn")
    assert sirens(store, text="esn", include_closed=True) == ["356000000"]


def test_text_and_filters_together_with_total_and_paging(store: Engine) -> None:
    page = search_companies(store, query=CompanyQuery(naf_codes=["62"], limit=1))
    assert page.total == 2 and len(page.companies) == 1
    second = search_companies(store, query=CompanyQuery(naf_codes=["62"], limit=1, offset=1))
    assert second.companies[0].siren != page.companies[0].siren
    # "Lyon" in the name outranks "Lyon" as the city.
    assert sirens(store, text="lyon", departments=["69"]) == ["542107651", "552100554"]


def test_siren_or_siret_returns_that_company(store: Engine) -> None:
    assert sirens(store, text="552 100 554") == ["552100554"]
    assert sirens(store, text="55210055400013", departments=["33"]) == ["552100554"]
    # The query builds (a parsed request must), the search says what is wrong.
    with pytest.raises(InvalidIdentifier, match="not a valid SIREN") as error:
        search_companies(store, query=CompanyQuery(text="552 100 555"))
    assert (error.value.kind, error.value.value) == ("SIREN", "552 100 555")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"headcount_min": 200, "headcount_max": 50}, "above headcount_max"),
        ({"naf_codes": ["99.99Z"]}, "unknown NAF code"),
        ({"departments": ["100"]}, "unknown department"),
        ({"categories": ["XXL"]}, "unknown category"),
        ({"postcodes": ["LYON"]}, "bad postcode"),
    ],
)
def test_impossible_filters_are_rejected_with_a_hint(
    fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        CompanyQuery(**fields)  # type: ignore[arg-type]


def test_filters_only_list_biggest_companies_first(store: Engine) -> None:
    assert sirens(store, naf_codes=["62"]) == ["542107651", "552100554"]
    assert sirens(store, sections=["M"]) == ["732829320", "443061841"]


def test_department_and_region_together_must_both_hold(store: Engine) -> None:
    assert sirens(store, departments=["69"], regions=["75"]) == []
    assert set(sirens(store, departments=["33", "69"], regions=["75"])) == {
        "732829320",
        "443061841",
    }


def test_broad_text_lists_name_matches_first_biggest_first(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.search.sqlite as sqlite_search

    monkeypatch.setattr(sqlite_search, "RANK_LIMIT", 1)  # every text query counts as broad
    page = search_companies(store, query=CompanyQuery(text="lyon", limit=1, offset=1))
    assert page.total == 2
    # Page 2 of "lyon": the name match (542107651) came first, then the city-only match.
    assert [c.siren for c in page.companies] == ["552100554"]
    assert sirens(store, text="lyon") == ["542107651", "552100554"]


def test_counting_stops_at_the_limit_and_says_so(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.search.sqlite as sqlite_search

    monkeypatch.setattr(sqlite_search, "COUNT_LIMIT", 1)
    page = search_companies(store, query=CompanyQuery(naf_codes=["62"]))
    if store.dialect.name == "sqlite":
        assert (page.total, page.total_is_lower_bound) == (1, True)
        assert len(page.companies) == 2  # the page itself is not cut
    else:
        assert (page.total, page.total_is_lower_bound) == (2, False)


def test_headcount_range_and_closed_companies_together(store: Engine) -> None:
    assert sirens(store, headcount_min=50, headcount_max=99, include_closed=True) == [
        "552100554",
        "356000000",
    ]
    assert sirens(store, headcount_min=10000) == []


# --- sorting, names, exclusions -------------------------------------------------------------

SORTED: list[tuple[str, dict[str, object], list[str]]] = [
    # biggest first: bands 32 > 22 > 21 > 11 (SIREN breaks the tie between two 21s)
    ("size_desc", {}, ["732829320", "542107651", "552100554", "443061841"]),
    ("size_asc", {}, ["443061841", "552100554", "542107651", "732829320"]),
    ("newest", {}, ["732829320", "443061841", "552100554", "542107651"]),
    ("oldest", {}, ["542107651", "552100554", "443061841", "732829320"]),
    ("name", {}, ["443061841", "542107651", "552100554", "732829320"]),
    # the same sorts through the index (a facet filter) and through the join (a postcode)
    ("size_asc", {"naf_codes": ["62"]}, ["552100554", "542107651"]),
    ("newest", {"naf_codes": ["62"]}, ["552100554", "542107651"]),
    ("name", {"postcodes": ["69"]}, ["542107651", "552100554"]),
    ("size_asc", {"postcodes": ["69"]}, ["552100554", "542107651"]),
    ("oldest", {"text": "lyon"}, ["542107651", "552100554"]),
]


@pytest.mark.parametrize(("sort", "fields", "expected"), SORTED)
def test_every_sort_orders_the_matches(
    store: Engine, sort: str, fields: dict[str, object], expected: list[str]
) -> None:
    store_dates(store)
    assert sirens(store, sort=sort, **fields) == expected


def store_dates(engine: Engine) -> None:
    """Distinct creation dates, so date sorts have one answer."""
    upsert_companies(
        engine,
        companies=[
            company("552100554", "Numérique Conseil", description="Intégration de logiciels",
                    created_on=date(2012, 3, 1)),
            company("542107651", "Lyon Data Services", acronym="LDS", headcount_band="22",
                    city="LYON 7EME", postcode="69007", created_on=date(2001, 5, 2)),
        ],
    )  # fmt: skip


@pytest.mark.parametrize("sort", ["relevance", "size_desc", "size_asc", "newest", "oldest", "name"])
def test_pages_never_overlap_and_cover_every_match(store: Engine, sort: str) -> None:
    everyone = sirens(store, sort=sort, include_closed=True, limit=50)
    paged = [
        siren
        for offset in range(0, len(everyone))
        for siren in sirens(store, sort=sort, include_closed=True, limit=1, offset=offset)
    ]
    assert paged == everyone and len(set(everyone)) == 5


def test_size_asc_puts_unknown_bands_last(store: Engine) -> None:
    upsert_companies(store, companies=[company("404833048", "Sans Effectif", headcount_band="NN")])
    assert sirens(store, sort="size_asc", naf_codes=["62"])[-1] == "404833048"
    assert sirens(store, sort="size_asc", postcodes=["69"])[-1] == "404833048"


def test_name_filter_holds_every_word_of_the_name_only(store: Engine) -> None:
    assert sirens(store, name="numerique conseil") == ["552100554"]
    assert sirens(store, name="Numérique Cons") == ["552100554"]  # the last word cut short
    assert sirens(store, name="logiciels") == []  # in the description, not the name
    assert sirens(store, name="lds") == ["542107651"]  # the acronym
    assert sirens(store, name="lyon", naf_codes=["62"]) == ["542107651"]


def test_excluded_companies_are_left_out_everywhere(store: Engine) -> None:
    assert sirens(store, naf_codes=["62"], exclude_sirens=["542107651"]) == ["552100554"]
    assert sirens(store, text="lyon", exclude_sirens=["542107651"]) == ["552100554"]
    assert sirens(store, postcodes=["69"], exclude_sirens=["552100554"]) == ["542107651"]
    page = search_companies(
        store, query=CompanyQuery(exclude_sirens=["552100554"], cities=["Lyon"])
    )
    assert page.total == 1
