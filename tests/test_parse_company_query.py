"""The offline request parser: a table of French and English requests and the exact query each
gives, vocabulary integrity, ambiguous words, accents and robustness."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest

from agent.search.parse import detect_signal_words, parse_company_query
from agent.search.vocabulary.lexicon import lexicon
from agent.search.vocabulary.places import REGION_ALIASES, department_names
from agent.search.vocabulary.sectors import SECTORS
from store.reference.geo import DEPARTMENTS, REGIONS
from store.reference.naf import is_known_prefix, normalize_naf
from store.search.query import CompanyQuery

TODAY = date(2026, 6, 15)
IT = ["62"]
BTP = ["41", "42", "43"]

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
     {"naf_codes": IT, "cities": ["LYON"], "text": "cybersécurité"}),
    ("trouve des ESN de 50 à 200 salariés à Lyon qui recrutent",
     {"naf_codes": IT, "headcount_min": 50, "headcount_max": 200, "cities": ["LYON"]}),
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
     {"naf_codes": ["58.29"], "cities": ["TOULOUSE"], "created_after": date(2019, 1, 1)}),
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
    ("éditeurs de logiciels à Montpellier", {"naf_codes": ["58.29"], "cities": ["MONTPELLIER"]}),
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
    ("552 100 554", {"text": "552 100 554"}),
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
