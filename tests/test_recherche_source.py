"""The API Recherche d'entreprises adapter against its documented contract (httpx MockTransport,
and once a real HTTP server on 127.0.0.1), with faults injected."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from recherche_fakes import (
    FakeClock,
    Recorder,
    fixture_page,
    make_source,
    ok,
    search,
    synthetic_pages,
)

from agent.http import USER_AGENT
from agent.search.errors import QueryTooVague
from agent.search.recherche_results import MASKED_NAME, REGISTRY_LABEL
from store.demo.sirens import siren_at
from store.search.query import CompanyQuery


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- results -> Company / Contact -------------------------------------------------------------


async def test_results_become_companies_with_head_office_and_latest_revenue() -> None:
    page, _ = await search(CompanyQuery(text="ondilab"))

    assert page.source == "api"
    assert page.total == 3
    ondilab, _, alpes = page.companies
    assert (ondilab.siren, ondilab.name, ondilab.acronym) == ("355512575", "ONDILAB", "ODL")
    assert (ondilab.naf_code, ondilab.naf_section) == ("62.01Z", "J")
    assert (ondilab.headcount_band, ondilab.category, ondilab.legal_form) == ("22", "PME", "5710")
    assert ondilab.created_on == date(2011, 3, 14)
    assert ondilab.active and ondilab.diffusible and not ondilab.natural_person
    assert ondilab.head_office_siret == "35551257500018"
    assert (ondilab.postcode, ondilab.city, ondilab.commune_code) == ("69003", "LYON 3EME", "69383")
    assert (ondilab.department, ondilab.region) == ("69", "84")
    assert ondilab.revenue == 11_250_000  # 2023, the latest year
    assert ondilab.source == "api"
    # nom_raison_sociale missing: the full name; latest year without turnover is skipped
    assert alpes.name == "ALPES SYSTEMES INDUSTRIELS"
    assert alpes.revenue == 84_000_000
    assert alpes.category == "ETI"


async def test_non_diffusible_values_are_never_stored() -> None:
    page, _ = await search(CompanyQuery(text="ondilab"))

    hidden = page.companies[1]
    assert hidden.diffusible is False
    assert hidden.natural_person is True
    assert hidden.name == MASKED_NAME
    assert "NON-DIFFUSIBLE" not in json.dumps(hidden.model_dump(mode="json"))
    # the commune stays public for a partially diffusible unit
    assert (hidden.city, hidden.department) == ("VILLEURBANNE", "69")
    assert page.officers[hidden.siren] == []


async def test_officers_keep_both_kinds_with_their_provenance() -> None:
    page, _ = await search(CompanyQuery(text="ondilab"))

    officers = page.officers["355512575"]
    assert [(o.first_name, o.last_name, o.title) for o in officers] == [
        ("Claire", "Martin-Duval", "Présidente"),
        ("Luc", "Bernard", "Directeur général"),
        (None, "AUDIT RHONE CONSEIL", "Commissaire aux comptes titulaire"),
    ]
    assert {o.source for o in officers} == {"registre"}
    assert {o.company_siren for o in officers} == {"355512575"}
    claire = officers[0]
    assert set(claire.field_sources) == {"first_name", "last_name", "title"}
    assert claire.field_sources["last_name"]["source"] == REGISTRY_LABEL
    assert date.fromisoformat(claire.field_sources["title"]["at"])
    assert set(officers[2].field_sources) == {"last_name", "title"}
    assert page.officers["114139017"] == []


# --- CompanyQuery -> parameters ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"text": "ondilab"}, {"q": "ondilab"}),
        ({"naf_codes": ["62.01Z", "7022Z"]}, {"activite_principale": "62.01Z,70.22Z"}),
        (
            {"naf_codes": ["62"]},
            {"activite_principale": "62.01Z,62.02A,62.02B,62.03Z,62.09Z"},
        ),
        ({"naf_codes": ["46"]}, {"section_activite_principale": "G", "per_page": "25"}),
        ({"sections": ["j", "M"]}, {"section_activite_principale": "J,M"}),
        ({"headcount_min": 50, "headcount_max": 199}, {"tranche_effectif_salarie": "21,22"}),
        ({"headcount_min": 5000}, {"tranche_effectif_salarie": "52,53"}),
        ({"departments": ["69", "2a"]}, {"departement": "69,2A"}),
        ({"regions": ["84"]}, {"region": "84"}),
        ({"postcodes": ["69003", "69007"]}, {"code_postal": "69003,69007"}),
        ({"postcodes": ["690"]}, {"departement": "69", "per_page": "25"}),
        ({"cities": ["Lyon"]}, {"code_commune": ",".join(f"6938{n}" for n in range(1, 10))}),
        ({"cities": ["Grenoble", "Saint-Étienne"]}, {"code_commune": "38185,42218"}),
        ({"cities": ["Vienne"]}, {"q": "Vienne", "per_page": "25"}),
        ({"categories": ["pme", "ETI"]}, {"categorie_entreprise": "PME,ETI"}),
        ({"legal_forms": ["5710"]}, {"nature_juridique": "5710"}),
        ({"legal_forms": ["SAS"]}, {"nature_juridique": "5710,5720,5785"}),
    ],
)
async def test_each_filter_maps_to_its_parameter(
    fields: dict[str, Any], expected: dict[str, str]
) -> None:
    _, recorder = await search(CompanyQuery(**fields, limit=10))

    # a filter checked on the results (not sent as such) fetches full pages
    expected = {"page": "1", "per_page": "10", "etat_administratif": "A", **expected}
    assert recorder.params == expected
    request = recorder.requests[-1]
    assert request.url.path == "/search"
    assert request.headers["User-Agent"] == USER_AGENT


async def test_include_closed_drops_the_state_filter_and_text_is_combined() -> None:
    _, recorder = await search(
        CompanyQuery(text="conseil", departments=["38"], include_closed=True, limit=5)
    )

    assert recorder.params == {"q": "conseil", "departement": "38", "page": "1", "per_page": "5"}


async def test_siren_is_a_direct_lookup_sent_alone() -> None:
    body = fixture_page()
    body["results"] = body["results"][:1]
    body["total_results"] = 1
    page, recorder = await search(CompanyQuery(text="355 512 575", departments=["75"]), ok(body))

    assert recorder.params == {"q": "355512575", "page": "1", "per_page": "20"}
    assert [c.siren for c in page.companies] == ["355512575"]


async def test_siret_is_a_direct_lookup_too() -> None:
    _, recorder = await search(CompanyQuery(text="35551257500018"))

    assert recorder.params["q"] == "35551257500018"
    assert "etat_administratif" not in recorder.params


async def test_offset_selects_the_page() -> None:
    _, recorder = await search(CompanyQuery(text="ondilab", limit=10, offset=20))

    assert (recorder.params["page"], recorder.params["per_page"]) == ("3", "10")


@pytest.mark.parametrize("fields", [{"text": "ab"}, {}, {"created_after": date(2020, 1, 1)}])
async def test_too_vague_for_the_api_is_a_typed_error_before_any_request(
    fields: dict[str, Any],
) -> None:
    recorder = Recorder(ok())
    source = make_source(recorder, FakeClock())

    with pytest.raises(QueryTooVague, match="at least 3 letters"):
        await source.search(CompanyQuery(**fields))
    assert recorder.requests == []


async def test_short_text_is_fine_with_a_filter() -> None:
    _, recorder = await search(CompanyQuery(text="ab", departments=["69"]))

    assert recorder.params["q"] == "ab"


async def test_contradicting_filters_answer_empty_without_a_request() -> None:
    recorder = Recorder(ok())
    page = await make_source(recorder, FakeClock()).search(
        CompanyQuery(naf_codes=["46"], sections=["J"])
    )

    assert (page.total, page.companies, recorder.requests) == (0, [], [])


# --- filters checked on the fetched results ---------------------------------------------------


async def test_unknown_city_is_checked_on_the_head_office() -> None:
    page, recorder = await search(CompanyQuery(text="systemes", cities=["Grenoble-Alpes"]))
    assert page.companies == []

    page, recorder = await search(CompanyQuery(text="conseil", cities=["villeurbanne", "Vienne"]))
    assert [c.city for c in page.companies] == ["VILLEURBANNE"]
    assert page.total == 1 and page.total_is_estimate is False
    assert recorder.params["q"] == "conseil"  # two cities: only checked, not searched


async def test_creation_dates_are_checked() -> None:
    page, recorder = await search(
        CompanyQuery(naf_codes=["62.02"], created_before=date(2000, 1, 1))
    )

    assert recorder.params["activite_principale"] == "62.02A,62.02B"
    assert [c.siren for c in page.companies] == ["114139017"]


async def test_wide_naf_prefix_is_its_section_checked_on_the_results() -> None:
    page, recorder = await search(CompanyQuery(naf_codes=["46", "62.01Z"]))

    assert recorder.params["section_activite_principale"] == "G,J"
    assert "activite_principale" not in recorder.params
    assert [c.siren for c in page.companies] == ["355512575"]
    assert (page.total, page.total_is_estimate) == (1, False)


# --- pagination -------------------------------------------------------------------------------


async def test_limit_above_25_fetches_pages_in_turn(clock: FakeClock) -> None:
    page, recorder = await search(
        CompanyQuery(naf_codes=["62.01Z"], limit=60), synthetic_pages(80), clock=clock
    )

    assert [(r.url.params["page"], r.url.params["per_page"]) for r in recorder.requests] == [
        ("1", "25"),
        ("2", "25"),
        ("3", "25"),
    ]
    assert len(page.companies) == 60
    assert page.companies[0].siren == siren_at(0, seed=1)
    assert page.companies[-1].siren == siren_at(59, seed=1)
    assert page.total == 80
    assert clock.sleeps == []  # three requests fit in one rate-limit window


async def test_pagination_stops_at_the_last_page() -> None:
    page, recorder = await search(CompanyQuery(naf_codes=["62.01Z"], limit=60), synthetic_pages(30))

    assert len(recorder.requests) == 2
    assert len(page.companies) == 30


async def test_pagination_stays_inside_the_api_window() -> None:
    page, recorder = await search(
        CompanyQuery(naf_codes=["62.01Z"], limit=50, offset=9_990), synthetic_pages(20_000)
    )

    assert [r.url.params["page"] for r in recorder.requests] == ["400"]
    assert len(page.companies) == 10
