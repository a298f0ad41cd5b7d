"""What outside testers (new reps, French and English) typed and missed: each phrasing and the
query it must give — identifiers, headcount shorthand, bare department numbers, sort phrases,
the reps' sector words and the name reading."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agent.search.parse import parse_company_query
from store.search.query import CompanyQuery

TODAY = date(2026, 6, 15)
IT = ["62"]
IT_BROAD = ["62", "63.1"]
SOFTWARE = ["58.29", "62.01Z"]


def check(request_text: str, fields: dict[str, Any]) -> None:
    parsed = parse_company_query(request_text, today=TODAY).model_dump()
    assert parsed == CompanyQuery(**fields).model_dump(), request_text


IDENTIFIERS = [
    ("SIREN 583692991", {"text": "583692991"}),
    ("siren : 583 692 991", {"text": "583692991"}),
    ("SIRET 58369299100016", {"text": "58369299100016"}),
    ("583 692 991", {"text": "583692991"}),
    ("583.692.991", {"text": "583692991"}),
    ("552 100 554", {"text": "552100554"}),
    ("552 100 554 00013", {"text": "55210055400013"}),
    ("SIREN 583692990", {"text": "583692990"}),  # a wrong check digit: the search says so
]

HEADCOUNTS = [
    ("ESN +50 salariés", {"naf_codes": IT, "headcount_min": 50}),
    ("ESN + de 50 salariés", {"naf_codes": IT, "headcount_min": 51}),
    ("ESN +50", {"naf_codes": IT, "headcount_min": 50}),
    ("ESN 50-200", {"naf_codes": IT, "headcount_min": 50, "headcount_max": 200}),
    ("ESN 50 à 200", {"naf_codes": IT, "headcount_min": 50, "headcount_max": 200}),
    ("ESN 50 200 salariés", {"naf_codes": IT, "headcount_min": 50, "headcount_max": 200}),
    ("ESN de 50 à 200 salariés", {"naf_codes": IT, "headcount_min": 50, "headcount_max": 200}),
    ("ESN entre 50 et 200", {"naf_codes": IT, "headcount_min": 50, "headcount_max": 200}),
    ("ESN de plus de 50", {"naf_codes": IT, "headcount_min": 51}),
    ("ESN de moins de 20", {"naf_codes": IT, "headcount_max": 19}),
    ("ESN d'au moins 50 personnes", {"naf_codes": IT, "headcount_min": 50}),
    ("ESN jusqu'à 200 salariés", {"naf_codes": IT, "headcount_max": 200}),
    ("ESN jusqu'à 200", {"naf_codes": IT, "headcount_max": 200}),
    ("IT companies with more than 100 employees", {"naf_codes": IT_BROAD, "headcount_min": 101}),
    ("IT companies with less than 50 staff", {"naf_codes": IT_BROAD, "headcount_max": 49}),
    ("IT companies with at least 20 people", {"naf_codes": IT_BROAD, "headcount_min": 20}),
    ("IT companies over 100", {"naf_codes": IT_BROAD, "headcount_min": 101}),
    ("IT companies under 20", {"naf_codes": IT_BROAD, "headcount_max": 19}),
    ("IT companies 100+", {"naf_codes": IT_BROAD, "headcount_min": 100}),
    ("1 000 salariés et plus", {"headcount_min": 1000}),
    ("plus de 10 000 salariés", {"headcount_min": 10001}),
    # years, ages and amounts keep their own readers
    ("ESN créées entre 2010 et 2015",
     {"naf_codes": IT, "created_after": date(2010, 1, 1), "created_before": date(2015, 12, 31)}),
    ("ESN de plus de 10 ans", {"naf_codes": IT, "created_before": date(2016, 6, 15)}),
    ("ESN de moins de 5 ans", {"naf_codes": IT, "created_after": date(2021, 6, 15)}),
    ("top 50 ESN", {"naf_codes": IT, "limit": 50}),
]  # fmt: skip

DEPARTMENTS = [
    ("ESN 92", {"naf_codes": IT, "departments": ["92"]}),
    ("ESN dans le 92", {"naf_codes": IT, "departments": ["92"]}),
    ("ESN (92)", {"naf_codes": IT, "departments": ["92"]}),
    ("ESN 92 et 93", {"naf_codes": IT, "departments": ["92", "93"]}),
    ("ESN 2A", {"naf_codes": IT, "departments": ["2A"]}),
    ("ESN 974", {"naf_codes": IT, "departments": ["974"]}),
    ("ESN 69 de plus de 50 salariés", {"naf_codes": IT, "departments": ["69"], "headcount_min": 51}),
    ("ESN 92 de 50 à 200 salariés",
     {"naf_codes": IT, "departments": ["92"], "headcount_min": 50, "headcount_max": 200}),
    ("ESN 50 salariés", {"naf_codes": IT, "headcount_min": 50, "headcount_max": 50}),
    ("92", {"text": "92"}),  # no sector before it: not read as a department
    ("hôtels 10 chambres",  # a number followed by its own word is not a department
     {"naf_codes": ["55"], "text": "10 chambres", "name": "hôtels 10 chambres"}),
]  # fmt: skip

SORTS = [
    ("ESN à Lyon, les plus grosses d'abord", {"naf_codes": IT, "cities": ["LYON"], "sort": "size_desc"}),
    ("trie-les par effectif", {"sort": "size_desc"}),
    ("par effectif décroissant", {"sort": "size_desc"}),
    ("ESN par effectif croissant", {"naf_codes": IT, "sort": "size_asc"}),
    ("les plus petites d'abord", {"sort": "size_asc"}),
    ("biggest first", {"sort": "size_desc"}),
    ("smallest first", {"sort": "size_asc"}),
    ("les plus récentes d'abord", {"sort": "newest"}),
    ("newest first", {"sort": "newest"}),
    ("les plus anciennes", {"sort": "oldest"}),
    ("oldest first", {"sort": "oldest"}),
    ("par ordre alphabétique", {"sort": "name"}),
    ("sorted by name", {"sort": "name"}),
    ("les plus grandes entreprises de Lyon", {"cities": ["LYON"], "sort": "size_desc"}),
]  # fmt: skip

SECTORS = [
    # software: most French software houses are filed under 62.01Z, not only 58.29
    ("éditeurs SaaS à Grenoble", {"naf_codes": SOFTWARE, "cities": ["GRENOBLE"]}),
    ("éditeurs SaaS en IDF de plus de 100 salariés",
     {"naf_codes": SOFTWARE, "regions": ["11"], "headcount_min": 101}),
    ("SaaS publishers in IDF with more than 100 employees",
     {"naf_codes": SOFTWARE, "regions": ["11"], "headcount_min": 101}),
    ("éditeurs de logiciels à Nantes", {"naf_codes": SOFTWARE, "cities": ["NANTES"]}),
    ("logiciels à Lyon", {"naf_codes": SOFTWARE, "cities": ["LYON"]}),
    ("software companies in Lille", {"naf_codes": SOFTWARE, "cities": ["LILLE"]}),
    # IT, informatique, numérique
    ("IT companies in Lyon", {"naf_codes": IT_BROAD, "cities": ["LYON"]}),
    ("sociétés informatiques à Rennes", {"naf_codes": IT_BROAD, "cities": ["RENNES"]}),
    ("entreprises d'informatique en Bretagne", {"naf_codes": IT_BROAD, "regions": ["53"]}),
    ("numérique à Nantes", {"naf_codes": ["58.29", "62", "63.1"], "cities": ["NANTES"]}),
    ("ESN à Paris", {"naf_codes": IT, "cities": ["PARIS"]}),
    ("SSII à Toulouse", {"naf_codes": IT, "cities": ["TOULOUSE"]}),
    ("IT services in Bordeaux", {"naf_codes": IT, "cities": ["BORDEAUX"]}),
    # agencies, consulting
    ("agences web à Lille", {"naf_codes": ["62.01Z", "73.11Z"], "cities": ["LILLE"]}),
    ("agence marketing à Paris", {"naf_codes": ["73.11Z", "70.21Z"], "cities": ["PARIS"]}),
    ("agences de marketing digital", {"naf_codes": ["73.11Z", "70.21Z"]}),
    ("agences digitales à Lyon", {"naf_codes": ["62.01Z", "73.11Z"], "cities": ["LYON"]}),
    ("communication à Marseille", {"naf_codes": ["70.21Z", "73.11Z"], "cities": ["MARSEILLE"]}),
    ("cabinets de conseil en management", {"naf_codes": ["70.22Z"]}),
    ("conseil IT à Paris", {"naf_codes": IT, "cities": ["PARIS"]}),
    ("conseil en systèmes d'information", {"naf_codes": ["62.02A"]}),
    # construction trades
    ("BTP en Bretagne", {"naf_codes": ["41", "42", "43"], "regions": ["53"]}),
    ("maçonnerie en Gironde", {"naf_codes": ["43.99C"], "departments": ["33"]}),
    ("plombiers à Lyon", {"naf_codes": ["43.22"], "cities": ["LYON"]}),
    ("entreprises d'électricité à Lille", {"naf_codes": ["43.21"], "cities": ["LILLE"]}),
    ("menuiseries à Nantes", {"naf_codes": ["43.32A", "16.23Z"], "cities": ["NANTES"]}),
    ("couvreurs dans le 44", {"naf_codes": ["43.91"], "departments": ["44"]}),
    ("peintres à Rennes", {"naf_codes": ["43.34Z"], "cities": ["RENNES"]}),
    ("plaquistes dans le 33", {"naf_codes": ["43.31Z"], "departments": ["33"]}),
    ("carreleurs à Nice", {"naf_codes": ["43.33Z"], "cities": ["NICE"]}),
    ("terrassement en Vendée", {"naf_codes": ["43.12"], "departments": ["85"]}),
    # health
    ("santé en Occitanie", {"naf_codes": ["86"], "regions": ["76"]}),
    ("cliniques à Lyon", {"naf_codes": ["86.10Z"], "cities": ["LYON"]}),
    ("laboratoires à Lyon", {"naf_codes": ["86.90B", "21"], "cities": ["LYON"]}),
    ("laboratoires d'analyses médicales", {"naf_codes": ["86.90B"]}),
    ("pharmacies à Lille", {"naf_codes": ["47.73Z"], "cities": ["LILLE"]}),
    ("infirmiers à Nantes", {"naf_codes": ["86.90D"], "cities": ["NANTES"]}),
    # industry
    ("industrie en Alsace", {"sections": ["C"], "departments": ["67", "68"]}),
    ("ESN en Lorraine", {"naf_codes": ["62"], "departments": ["54", "55", "57", "88"]}),
    ("ESN dans le Grand Est", {"naf_codes": ["62"], "regions": ["44"]}),
    ("métallurgie dans le Nord", {"naf_codes": ["24", "25"], "departments": ["59"]}),
    ("plasturgie dans l'Ain", {"naf_codes": ["22.2"], "departments": ["01"]}),
    ("agroalimentaire en Bretagne", {"naf_codes": ["10", "11"], "regions": ["53"]}),
    ("mécanique en Alsace", {"naf_codes": ["25", "28"], "departments": ["67", "68"]}),
    # transport, commerce, real estate, professional services
    ("transport et logistique à Lyon",
     {"naf_codes": ["49", "50", "51", "52", "52.10", "52.24", "52.29"], "cities": ["LYON"]}),
    ("commerce de gros à Rungis",
     {"naf_codes": ["46"], "text": "Rungis", "name": "commerce gros Rungis"}),
    ("commerce de détail à Lille", {"naf_codes": ["47"], "cities": ["LILLE"]}),
    ("immobilier à Bordeaux", {"naf_codes": ["68"], "cities": ["BORDEAUX"]}),
    ("cabinets juridiques à Paris", {"naf_codes": ["69.10Z"], "cities": ["PARIS"]}),
    ("experts-comptables à Lyon", {"naf_codes": ["69.20Z"], "cities": ["LYON"]}),
    ("organismes de formation à Lille", {"naf_codes": ["85.59A"], "cities": ["LILLE"]}),
    ("restauration à Lyon", {"naf_codes": ["56.1"], "cities": ["LYON"]}),
    ("hôtellerie à Nice", {"naf_codes": ["55"], "cities": ["NICE"]}),
    ("énergie en PACA", {"naf_codes": ["35"], "regions": ["93"]}),
    ("banques à Paris", {"naf_codes": ["64.1"], "cities": ["PARIS"]}),
    ("assurances à Niort", {"naf_codes": ["65"], "cities": ["NIORT"]}),
]  # fmt: skip

NAMES = [
    ("Bénard Infogérance", {"text": "Bénard", "name": "Bénard Infogérance", "naf_codes": ["62.03Z"]}),
    ("Transports Dupont", {"text": "Dupont", "name": "Transports Dupont",
                           "naf_codes": ["49", "50", "51", "52"]}),
    ("Crédit Agricole", {"name": "Crédit Agricole", "naf_codes": ["64.9", "01"]}),
    ("banques et assurances", {"naf_codes": ["64.1", "65"]}),  # not typed like a name
    ("ESN à Lyon", {"naf_codes": IT, "cities": ["LYON"]}),  # one sector word, nothing else
]  # fmt: skip

TABLE = IDENTIFIERS + HEADCOUNTS + DEPARTMENTS + SORTS + SECTORS + NAMES


@pytest.mark.parametrize(("request_text", "fields"), TABLE, ids=[text for text, _ in TABLE])
def test_what_reps_typed_gives_this_query(request_text: str, fields: dict[str, Any]) -> None:
    check(request_text, fields)
