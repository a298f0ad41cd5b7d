"""The offline request parser: a table of French and English requests and the exact query each
gives, vocabulary integrity, ambiguous words, accents and robustness."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agent.search.parse import detect_signal_words, parse_company_query
from agent.search.vocabulary.lexicon import lexicon
from agent.search.vocabulary.places import REGION_ALIASES, department_names
from agent.search.vocabulary.sectors import sectors
from store.reference.geo import DEPARTMENTS, REGIONS
from store.reference.naf import is_known_prefix, normalize_naf
from store.search.query import CompanyQuery

TODAY = date(2026, 6, 15)
IT = ["62"]
BTP = ["41", "42", "43"]
SOFTWARE = ["58.29", "62.01Z"]  # most French software houses are filed under 62.01Z

CASES: list[tuple[str, dict[str, Any]]] = [
    # the examples of the brief
    ("ESN de 50 à 200 salariés à Lyon",
     {"naf_codes": IT, "headcount_min": 50, "headcount_max": 200, "cities": ["LYON"]}),
    ("cabinets d'expertise comptable en Gironde créés après 2015",
     {"naf_codes": ["69.20Z"], "departments": ["33"], "created_after": date(2016, 1, 1)}),
    ("SaaS companies in Île-de-France with more than 100 employees",
     {"naf_codes": ["58.29", "62.01Z"], "regions": ["11"], "headcount_min": 101}),
    ("PME du BTP en Bretagne", {"categories": ["PME"], "naf_codes": BTP, "regions": ["53"]}),
    ("ESN spécialisées en cybersécurité à Lyon",
     {"naf_codes": IT, "cities": ["LYON"], "text": "cybersécurité", "name": "ESN cybersécurité"}),
    ("trouve des ESN de 50 à 200 salariés à Lyon qui recrutent",
     {"naf_codes": IT, "headcount_min": 50, "headcount_max": 200, "cities": ["LYON"],
      "signal_kinds": ["hiring"]}),
    # creation dates
    ("agences web créées depuis 2015", {"naf_codes": ["62.01Z", "73.11Z"],
                                       "created_after": date(2015, 1, 1)}),
    ("entreprises de transport créées avant 2010",
     {"naf_codes": ["49", "50", "51", "52"], "created_before": date(2009, 12, 31)}),
    ("sociétés de conseil créées en 2020",
     {"naf_codes": ["70.22Z"], "created_after": date(2020, 1, 1),
      "created_before": date(2020, 12, 31)}),
    ("ESN de moins de 5 ans", {"naf_codes": IT, "created_after": date(2021, 6, 15)}),
    ("law firms founded between 2010 and 2015",
     {"naf_codes": ["69.10Z"], "created_after": date(2010, 1, 1),
      "created_before": date(2015, 12, 31)}),
    ("restaurants de plus de 10 ans à Bordeaux",
     {"naf_codes": ["56.1"], "cities": ["BORDEAUX"], "created_before": date(2016, 6, 15)}),
    ("software companies founded after 2018 in Toulouse",
     {"naf_codes": SOFTWARE, "cities": ["TOULOUSE"], "created_after": date(2019, 1, 1)}),
    ("imprimeries jusqu'en 2000", {"naf_codes": ["18.1"], "created_before": date(2000, 12, 31)}),
    ("startups à Nantes", {"cities": ["NANTES"], "created_after": date(2021, 6, 15)}),
    ("startup tech à Paris",
     {"naf_codes": ["58.29", "62", "63.1"], "cities": ["PARIS"],
      "created_after": date(2021, 6, 15)}),
    # headcount
    ("entre 10 et 50 employés", {"headcount_min": 10, "headcount_max": 50}),
    ("plus de 100 salariés", {"headcount_min": 101}),
    ("more than 100 employees", {"headcount_min": 101}),
    ("moins de 20 personnes", {"headcount_max": 19}),
    ("under 50 staff", {"headcount_max": 49}),
    ("50-200 employees", {"headcount_min": 50, "headcount_max": 200}),
    ("100+ employees", {"headcount_min": 100}),
    ("1000 salariés et plus", {"headcount_min": 1000}),
    ("au moins 50 salariés", {"headcount_min": 50}),
    ("jusqu'à 250 salariés", {"headcount_max": 250}),
    ("plus de 10 et moins de 50 salariés", {"headcount_min": 11, "headcount_max": 49}),
    ("de 1 000 à 5 000 salariés", {"headcount_min": 1000, "headcount_max": 5000}),
    ("TPE du bâtiment", {"headcount_max": 9, "naf_codes": BTP}),
    ("ETI industrielles en Auvergne-Rhône-Alpes",
     {"categories": ["ETI"], "sections": ["C"], "regions": ["84"]}),
    ("grandes entreprises de l'énergie", {"categories": ["GE"], "naf_codes": ["35"]}),
    ("large companies in the food industry", {"categories": ["GE"], "naf_codes": ["10", "11"]}),
    ("PME et ETI de la logistique",
     {"categories": ["PME", "ETI"], "naf_codes": ["52.10", "52.24", "52.29"]}),
    # sectors
    ("SSII à Rennes", {"naf_codes": IT, "cities": ["RENNES"]}),
    ("éditeurs de logiciels à Montpellier", {"naf_codes": SOFTWARE, "cities": ["MONTPELLIER"]}),
    ("agences de communication à Marseille",
     {"naf_codes": ["70.21Z", "73.11Z"], "cities": ["MARSEILLE"]}),
    ("cabinets de conseil en stratégie", {"naf_codes": ["70.22Z"]}),
    ("trucking companies in Normandy", {"naf_codes": ["49.41"], "regions": ["28"]}),
    ("hôtellerie en Corse", {"naf_codes": ["55"], "regions": ["94"]}),
    ("agences immobilières à Lille", {"naf_codes": ["68.31Z"], "cities": ["LILLE"]}),
    ("e-commerce en Occitanie", {"naf_codes": ["47.91"], "regions": ["76"]}),
    ("cliniques dans les Alpes-Maritimes", {"naf_codes": ["86.10Z"], "departments": ["06"]}),
    ("pharmacies à Strasbourg", {"naf_codes": ["47.73Z"], "cities": ["STRASBOURG"]}),
    ("cabinets d'avocats à Paris", {"naf_codes": ["69.10Z"], "cities": ["PARIS"]}),
    ("organismes de formation en Nouvelle-Aquitaine",
     {"naf_codes": ["85.59A"], "regions": ["75"]}),
    ("banques et assurances", {"naf_codes": ["64.1", "65"]}),
    ("garages automobiles dans le Var", {"naf_codes": ["45.20"], "departments": ["83"]}),
    ("agences d'intérim en PACA", {"naf_codes": ["78.20Z"], "regions": ["93"]}),
    ("entreprises de nettoyage à Saint-Étienne",
     {"naf_codes": ["81.2"], "cities": ["SAINT-ETIENNE"]}),
    ("sociétés de sécurité privée dans le Nord", {"naf_codes": ["80"], "departments": ["59"]}),
    ("opérateurs télécoms", {"naf_codes": ["61"]}),
    ("bureaux d'études en Haute-Garonne", {"naf_codes": ["71.12B"], "departments": ["31"]}),
    ("instituts d'études de marché", {"naf_codes": ["73.20Z"]}),
    ("data centers in Hauts-de-France", {"naf_codes": ["63.11Z"], "regions": ["32"]}),
    ("architectes à Aix-en-Provence", {"naf_codes": ["71.11Z"], "cities": ["AIX-EN-PROVENCE"]}),
    ("agroalimentaire dans le Finistère", {"naf_codes": ["10", "11"], "departments": ["29"]}),
    ("recruitment agencies in Grand Est", {"naf_codes": ["78.10Z"], "regions": ["44"]}),
    # places
    ("ESN dans le 69", {"naf_codes": IT, "departments": ["69"]}),
    ("imprimeries (35)", {"naf_codes": ["18.1"], "departments": ["35"]}),
    ("département 33", {"departments": ["33"]}),
    ("PME en 2A", {"categories": ["PME"], "departments": ["2A"]}),
    ("restaurants 75011", {"naf_codes": ["56.1"], "postcodes": ["75011"]}),
    ("ESN à Lyon 3e", {"naf_codes": IT, "cities": ["LYON"], "postcodes": ["69003"]}),
    ("entreprises en IDF", {"regions": ["11"]}),
    ("PME en région parisienne", {"categories": ["PME"], "regions": ["11"]}),
    ("agences web dans le Rhône", {"naf_codes": ["62.01Z", "73.11Z"], "departments": ["69"]}),
    ("agences web à Orange", {"naf_codes": ["62.01Z", "73.11Z"], "cities": ["ORANGE"]}),
    ("hotels in Nice", {"naf_codes": ["55"], "cities": ["NICE"]}),
    ("garages à Tours", {"naf_codes": ["45.20"], "cities": ["TOURS"]}),
    ("cabinets comptables en Seine-Saint-Denis",
     {"naf_codes": ["69.20Z"], "departments": ["93"]}),
    ("ESN à Lyon, Grenoble ou Annecy",
     {"naf_codes": IT, "cities": ["LYON", "GRENOBLE", "ANNECY"]}),
    # legal forms, limits, closed companies, identifiers
    ("SAS de conseil à Nantes",
     {"legal_forms": ["57"], "naf_codes": ["70.22Z"], "cities": ["NANTES"]}),
    ("SARL du bâtiment dans le Morbihan",
     {"legal_forms": ["54"], "naf_codes": BTP, "departments": ["56"]}),
    ("SCI à Bordeaux", {"legal_forms": ["6540"], "cities": ["BORDEAUX"]}),
    ("associations de formation", {"legal_forms": ["92"], "naf_codes": ["85.59A"]}),
    ("EURL et SASU", {"legal_forms": ["5498", "5720"]}),
    ("top 50 ESN à Paris", {"limit": 50, "naf_codes": IT, "cities": ["PARIS"]}),
    ("les 10 premières agences immobilières", {"limit": 10, "naf_codes": ["68.31Z"]}),
    ("ESN y compris les fermées", {"naf_codes": IT, "include_closed": True}),
    ("law firms in Lyon including closed",
     {"naf_codes": ["69.10Z"], "cities": ["LYON"], "include_closed": True}),
    ("Capgemini", {"text": "Capgemini"}),
    ("552 100 554", {"text": "552100554"}),
    ("Orange", {"text": "Orange"}),
    ("find me Airbus suppliers in Toulouse", {"text": "Airbus suppliers", "cities": ["TOULOUSE"]}),
    ("NAF 62.01Z à Lille", {"naf_codes": ["62.01Z"], "cities": ["LILLE"]}),
    ("code APE 7022Z", {"naf_codes": ["70.22Z"]}),
]  # fmt: skip


def _expected(fields: dict[str, Any]) -> dict[str, Any]:
    return CompanyQuery(**fields).model_dump()


@pytest.mark.parametrize(("request_text", "fields"), CASES, ids=[text for text, _ in CASES])
def test_request_gives_exactly_these_filters(request_text: str, fields: dict[str, Any]) -> None:
    assert parse_company_query(request_text, today=TODAY).model_dump() == _expected(fields)


def test_there_are_at_least_sixty_requests() -> None:
    assert len(CASES) >= 60


# --- vocabulary integrity ------------------------------------------------------------------


def test_every_sector_maps_to_known_naf_prefixes() -> None:
    assert len(sectors()) >= 50
    for sector in sectors():
        assert sector.naf or sector.sections, sector.name
        for prefix in sector.naf:
            assert normalize_naf(prefix) == prefix, (sector.name, prefix)
            assert is_known_prefix(prefix), (sector.name, prefix)


def test_every_place_code_is_valid() -> None:
    assert set(REGION_ALIASES) | {"01", "02", "03", "04", "06"} == set(REGIONS)
    for term_list in lexicon().terms.values():
        for term in term_list:
            if term.kind == "region":  # one region, or the regions of an area ("Sud-Ouest")
                codes = term.value if isinstance(term.value, tuple) else (term.value,)
                assert codes and all(code in REGIONS for code in codes)
            if term.kind == "department":  # one, or a former region's ("Alsace": 67, 68)
                codes = term.value if isinstance(term.value, tuple) else (term.value,)
                assert codes and all(code in DEPARTMENTS for code in codes)


@pytest.mark.parametrize("code", sorted(DEPARTMENTS))
def test_every_department_is_reachable_by_name(code: str) -> None:
    name = department_names()[code][0]
    assert parse_company_query(f"ESN en {name}").departments == [code]
    plain = name.replace("-", " ").replace("é", "e").replace("è", "e").replace("ô", "o")
    assert parse_company_query(f"ESN dans le département {plain.lower()}").departments == [code]


def test_every_region_is_reachable_by_its_official_name() -> None:
    overseas = {"01": "971", "02": "972", "03": "973", "04": "974", "06": "976"}
    for code, name in REGIONS.items():
        query = parse_company_query(f"PME en {name}")
        if code in overseas:  # overseas territories are read as their department
            assert (query.regions, query.departments) == ([], [overseas[code]]), name
        else:
            assert (query.regions, query.departments) == ([code], []), name


def test_the_lexicon_builds_once_for_every_query() -> None:
    # Parsing speed is measured by `make bench`; here, that no query rebuilds the vocabulary.
    parse_company_query("warm up")
    built = lexicon.cache_info().misses
    for text, _ in CASES:
        parse_company_query(text, today=TODAY)
    assert lexicon.cache_info().misses == built
    assert lexicon.cache_info().hits >= len(CASES)


# --- ambiguity ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "cities", "text"),
    [
        ("Orange", [], "Orange"),
        ("les clients d'Orange", [], "Orange"),
        ("agences web à Orange", ["ORANGE"], None),
        ("a nice company in Lyon", ["LYON"], "nice"),
        ("entreprises à Nice", ["NICE"], None),
        ("visites et tours", [], "visites tours"),
        ("ESN à Tours", ["TOURS"], None),
        ("bon sens", [], "bon sens"),
        ("PME à Sens", ["SENS"], None),
        ("PME au Mans", ["LE MANS"], None),
        ("PME au Le Mans", ["LE MANS"], None),
        ("Pau", [], "Pau"),
        ("à Pau", ["PAU"], None),
    ],
)
def test_ambiguous_city_names_need_a_preposition(
    request_text: str, cities: list[str], text: str | None
) -> None:
    query = parse_company_query(request_text)
    assert (query.cities, query.text) == (cities, text)


@pytest.mark.parametrize(
    ("request_text", "departments"),
    [
        ("ESN du Nord", ["59"]),
        ("vente par lot", []),
        ("ESN dans le Var", ["83"]),
        ("garages dans l'Ain", ["01"]),
        ("PME dans la Somme", ["80"]),
        ("la somme due", []),
        ("cher client", []),
        ("PME du Cher", ["18"]),
        ("en Vienne", ["86"]),
        ("ESN Eure", ["27"]),
    ],
)
def test_department_names_that_are_common_words_need_context(
    request_text: str, departments: list[str]
) -> None:
    assert parse_company_query(request_text).departments == departments


def test_vienne_is_a_city_after_a_and_a_department_after_en() -> None:
    assert parse_company_query("ESN à Vienne").cities == ["VIENNE"]
    assert parse_company_query("ESN en Vienne").departments == ["86"]


def test_paris_is_the_city_and_75_the_department() -> None:
    assert parse_company_query("ESN à Paris").cities == ["PARIS"]
    assert parse_company_query("ESN à Paris").departments == []
    assert parse_company_query("ESN dans le 75").departments == ["75"]
    assert parse_company_query("département de Paris").departments == ["75"]


def test_acronyms_that_are_words_count_only_in_capitals() -> None:
    assert parse_company_query("GE à Lyon").categories == ["GE"]
    assert parse_company_query("ge").categories == []
    assert parse_company_query("SA à Lyon").legal_forms == ["55", "56"]
    assert parse_company_query("sa boîte").legal_forms == []


def test_siren_and_siret_become_the_whole_text() -> None:
    assert parse_company_query("552100554").text == "552100554"
    siret = parse_company_query("552 100 554 00013")
    assert (siret.text, siret.postcodes) == ("55210055400013", [])


def test_signal_words_are_reported_and_left_out() -> None:
    assert detect_signal_words("ESN à Lyon qui recrutent") == ["hiring"]
    assert detect_signal_words("SaaS companies hiring that raised funds") == [
        "hiring",
        "fundraising",
    ]
    assert detect_signal_words("cabinets de recrutement") == []
    assert parse_company_query("cabinets de recrutement").naf_codes == ["78.10Z"]
    assert parse_company_query("ESN qui recrutent").text is None


# --- accents and case -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "Cabinets d'expertise comptable en Île-de-France créés après 2015",
        "cabinets d expertise comptable en ile de france crees apres 2015",
        "CABINETS D'EXPERTISE COMPTABLE EN ILE-DE-FRANCE CRÉÉS APRÈS 2015",
        "cabinets d’expertise-comptable en Ile De France créés après 2015",
    ],
)
def test_accents_case_and_punctuation_do_not_matter(variant: str) -> None:
    assert parse_company_query(variant, today=TODAY).model_dump() == _expected(
        {"naf_codes": ["69.20Z"], "regions": ["11"], "created_after": date(2016, 1, 1)}
    )


def test_saint_names_match_with_or_without_abbreviation() -> None:
    for variant in ("à Saint-Étienne", "à saint etienne", "à St-Etienne", "à ST ÉTIENNE"):
        assert parse_company_query(variant).cities == ["SAINT-ETIENNE"], variant


# --- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", " ", "\n\t  "])
def test_blank_request_gives_an_empty_query(blank: str) -> None:
    assert parse_company_query(blank) == CompanyQuery(text=None)


@pytest.mark.parametrize(
    "odd",
    [
        "?!…;:()[]{}«»",
        "🚀🚀 ESN 🔥 à Lyon 🇫🇷",
        "plus de 500 et moins de 10 salariés",
        "créées après 2020 et avant 2010",
        "top 0",
        "top 999999",
        "de moins de 0 ans",
        "dans le 00 (99) 00000",
        "\x00\x1f\u200b",
        "ESN " * 3000,
        "é" * 20_000,
        "Lyon" + "-" * 20_000,
    ],
)
def test_odd_requests_never_raise(odd: str) -> None:
    query = parse_company_query(odd, today=TODAY)
    assert isinstance(query, CompanyQuery)


def test_a_very_long_request_is_parsed() -> None:
    long_text = "ESN à Lyon " + "x" * 20_000
    query = parse_company_query(long_text)
    assert query.cities == ["LYON"]
    assert query.naf_codes == ["62"]


def test_emojis_and_punctuation_are_dropped_from_the_text() -> None:
    query = parse_company_query("🚀 ESN, à Lyon !!! (cybersécurité) 🔥")
    assert (query.naf_codes, query.cities, query.text) == (["62"], ["LYON"], "cybersécurité")


def test_inverted_bounds_are_put_back_in_order() -> None:
    query = parse_company_query("plus de 500 et moins de 10 salariés")
    assert (query.headcount_min, query.headcount_max) == (9, 501)


@pytest.mark.parametrize(
    ("request_text", "text"),
    [
        ("montre-moi des ESN à Lyon", None),
        ("trouve-moi des ESN à Lyon", None),
        ("donne-moi les ESN de Lyon", None),
        ("parmi elles, lesquelles sont des ESN à Lyon", None),
        ("ESN Saint-Exupéry à Lyon", "Saint-Exupéry"),
    ],
)
def test_hyphenated_filler_is_dropped_but_hyphenated_names_stay(
    request_text: str, text: str | None
) -> None:
    query = parse_company_query(request_text)
    assert (query.naf_codes, query.cities, query.text) == (["62"], ["LYON"], text)


@pytest.mark.parametrize(
    ("request_text", "departments", "regions"),
    [
        ("PME industrielles autour de Grenoble", ["38"], []),
        ("any logistics companies around Marseille?", ["13"], []),
        ("ESN près de Lyon", ["69"], []),
        ("boulangeries dans les environs de Nantes", ["44"], []),
        ("ESN autour de Paris", [], ["11"]),
    ],
)
def test_around_a_city_means_its_department(
    request_text: str, departments: list[str], regions: list[str]
) -> None:
    query = parse_company_query(request_text)
    assert (query.cities, query.departments, query.regions) == ([], departments, regions)
