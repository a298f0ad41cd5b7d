"""What an outside evaluation of real reps' requests (French and English, typed as people type:
no accents, slang, short forms) found missed, each phrasing with the exact query it must give:
the reps' own sector words, cities without a preposition, business parks, foreign places,
creation dates, counts before sort phrases, and French typed without accents."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest

from agent.search.parse import detect_signal_words, parse_company_query
from agent.search.vocabulary.business_parks import BUSINESS_PARKS, park_city, park_named
from agent.search.vocabulary.places import CITIES, CITY_DEMONYMS
from agent.search.vocabulary.sectors import sectors
from store.reference.communes import commune_key, commune_names
from store.reference.geo import department_of
from store.search.query import CompanyQuery

TODAY = date(2026, 6, 15)
IT = ["62"]
TECH = ["58.29", "62", "63.1"]


def check(request_text: str, fields: dict[str, Any]) -> None:
    parsed = parse_company_query(request_text, today=TODAY).model_dump()
    assert parsed == CompanyQuery(**fields).model_dump(), request_text


# 1. The reps' words (agent/search/vocabulary/rep_words.toml and sectors.toml): the NAF codes a
# rep means by each, alone, so nothing is left for the free text.
REP_WORDS: list[tuple[str, list[str]]] = [
    ("restos", ["56.1"]), ("resto", ["56.1"]), ("restau", ["56.1"]),
    ("food trucks", ["56.10C"]), ("traiteurs", ["56.21Z", "56.29A"]), ("hôtels", ["55"]),
    ("boîtes tech", TECH), ("tech", TECH), ("SSII", IT), ("ESN", IT),
    ("boîtes de dev", ["62.01Z"]), ("agences immo", ["68.31Z"]), ("immo", ["68"]),
    ("promoteurs immo", ["41.10"]), ("gestion locative", ["68.32A"]),
    ("cabinets d'archi", ["71.11Z"]), ("archis", ["71.11Z"]), ("BET", ["71.12B"]),
    ("bureaux d'études", ["71.12B"]), ("bureaux de contrôle", ["71.20B"]),
    ("diagnostiqueurs", ["71.20B"]), ("boulangeries-pâtisseries", ["10.71"]),
    ("boucheries", ["47.22Z"]), ("cavistes", ["47.25Z"]), ("pressings", ["96.01B"]),
    ("garages", ["45.20"]), ("concessions auto", ["45.11Z"]),
    ("loueurs de voitures", ["77.11"]), ("intérim", ["78.20Z"]), ("ETT", ["78.20Z"]),
    ("sociétés de portage", ["78.30Z"]), ("cabinets RH", ["70.22Z", "78.10Z"]),
    ("nettoyage", ["81.2"]), ("sécurité privée", ["80"]), ("transporteurs", ["49.41"]),
    ("e-commerce", ["47.91"]), ("e-commerçants", ["47.91"]), ("GMS", ["47.11"]),
    ("TP", ["42"]), ("IAA", ["10", "11"]), ("agences de comm", ["70.21Z", "73.11Z"]),
    ("agences de traduction", ["74.30Z"]), ("courtiers", ["66.22Z", "66.19B"]),
    ("vétos", ["75.00Z"]), ("kinés", ["86.90E"]), ("ascensoristes", ["43.29B"]),
    ("frigoristes", ["43.22B"]), ("magasins de bricolage", ["47.52"]), ("compta", ["69.20Z"]),
]  # fmt: skip

# "devs" after a hiring verb is the signal's job, not a sector nor free text.
H = ["hiring"]
HIRING: list[tuple[str, dict[str, Any]]] = [
    ("qui recrutent des devs", {"signal_kinds": H}),
    ("ESN lyonnaises qui recrutent des devs", {"naf_codes": IT, "cities": ["LYON"], "signal_kinds": H}),
    ("boîtes tech qui recrutent des commerciaux et des devs", {"naf_codes": TECH, "signal_kinds": H}),
    ("SaaS companies hiring sales reps in Paris",
     {"naf_codes": ["58.29", "62.01Z"], "cities": ["PARIS"], "signal_kinds": H}),
    ("ESN qui recrutent des consultants", {"naf_codes": IT, "signal_kinds": H}),  # a job, not a sector
]  # fmt: skip

# 2. Cities without a preposition, demonyms and broad areas.
PLACES: list[tuple[str, dict[str, Any]]] = [
    ("restos paris 11e", {"naf_codes": ["56.1"], "cities": ["PARIS"], "postcodes": ["75011"]}),
    ("agences immobilières Nice 10-50 salariés",
     {"naf_codes": ["68.31Z"], "cities": ["NICE"], "headcount_min": 10, "headcount_max": 50}),
    ("agences immo a nice", {"naf_codes": ["68.31Z"], "cities": ["NICE"]}),  # French "à"
    ("ESN Lyon 50-200", {"naf_codes": IT, "cities": ["LYON"], "headcount_min": 50,
                         "headcount_max": 200}),
    ("cabinets comptables Bordeaux", {"naf_codes": ["69.20Z"], "cities": ["BORDEAUX"]}),
    ("ESN Tours", {"naf_codes": IT, "cities": ["TOURS"]}),
    ("top 30 des ESN lyonnaises", {"naf_codes": IT, "cities": ["LYON"], "limit": 30}),
    ("boîtes tech bordelaises", {"naf_codes": TECH, "cities": ["BORDEAUX"]}),
    ("BTP sud ouest", {"naf_codes": ["41", "42", "43"], "regions": ["75", "76"]}),
    ("PME du Sud-Est", {"categories": ["PME"], "regions": ["93", "84"]}),
    ("ESN du Grand Ouest", {"naf_codes": IT, "regions": ["53", "52", "28"]}),
    # what must stay as it was
    ("a nice company in Lyon", {"text": "nice", "cities": ["LYON"]}),  # English "a nice"
    ("Nice ESN", {"text": "Nice", "name": "Nice ESN", "naf_codes": IT}),  # first word
    ("agences web Orange",  # a brand: a preposition needed
     {"text": "Orange", "name": "agences web Orange", "naf_codes": ["62.01Z", "73.11Z"]}),
    ("agences Sens Digital",  # a capitalised word after it: a name, not the city
     {"text": "agences Sens Digital"}),
    ("Crédit Lyonnais", {"text": "Lyonnais", "name": "Crédit Lyonnais", "naf_codes": ["64.9"]}),
    ("ESN en Vienne", {"naf_codes": IT, "departments": ["86"]}),  # "en": the department
    ("ESN Vienne", {"naf_codes": IT, "departments": ["86"]}),  # a capital: still the department
]  # fmt: skip

# Business parks: one city in the query; the search makes it their communes (and says so).
PARKS: list[tuple[str, dict[str, Any]]] = [
    ("ESN à Sophia Antipolis", {"naf_codes": IT, "cities": ["SOPHIA ANTIPOLIS"]}),
    ("ESN sophia antipolis", {"naf_codes": IT, "cities": ["SOPHIA ANTIPOLIS"]}),
    ("cabinets de conseil à La Défense", {"naf_codes": ["70.22Z"], "cities": ["LA DEFENSE"]}),
    ("ESN La Défense", {"naf_codes": IT, "cities": ["LA DEFENSE"]}),
    ("ESN a la defense", {"naf_codes": IT, "cities": ["LA DEFENSE"]}),
    ("startups Saclay", {"cities": ["PARIS-SACLAY"], "created_after": date(2021, 6, 15)}),
    ("ESN à Marne-la-Vallée", {"naf_codes": IT, "cities": ["MARNE-LA-VALLEE"]}),
    ("startups à Euralille", {"cities": ["EURALILLE"], "created_after": date(2021, 6, 15)}),
    ("ESN SQY", {"naf_codes": IT, "cities": ["SAINT-QUENTIN-EN-YVELINES"]}),
    ("industrie de la défense",  # a lower-case "défense" after "de" is no place
     {"sections": ["C"], "text": "défense", "name": "industrie défense"}),
]  # fmt: skip

# Foreign places stay in the text as typed, for the search to set aside with a notice.
FOREIGN: list[tuple[str, dict[str, Any]]] = [
    ("ESN en Belgique", {"naf_codes": IT, "text": "en Belgique"}),
    ("IT companies in Germany", {"naf_codes": ["62", "63.1"], "text": "in Germany"}),
    ("banques au Luxembourg", {"naf_codes": ["64.1"], "text": "au Luxembourg"}),
    ("ESN en Suisse de plus de 50 salariés",
     {"naf_codes": IT, "headcount_min": 51, "text": "en Suisse"}),
    ("agences web basées à Bruxelles", {"naf_codes": ["62.01Z", "73.11Z"],
                                        "text": "basées à Bruxelles"}),
    ("startups in the UK", {"created_after": date(2021, 6, 15), "text": "in the UK"}),
    ("ESN cybersécurité en Suisse",
     {"naf_codes": IT, "text": "cybersécurité en Suisse", "name": "ESN cybersécurité"}),
    ("Crédit Suisse", {"naf_codes": ["64.9"], "text": "Suisse", "name": "Crédit Suisse"}),
]  # fmt: skip

# 3. Creation dates.
DATES: list[tuple[str, dict[str, Any]]] = [
    ("SAS créées depuis janvier 2025 dans le 92",
     {"legal_forms": ["57"], "departments": ["92"], "created_after": date(2025, 1, 1)}),
    ("créées cette année", {"created_after": date(2026, 1, 1)}),
    ("created this year", {"created_after": date(2026, 1, 1)}),
    ("created last year", {"created_after": date(2025, 1, 1), "created_before": date(2025, 12, 31)}),
    ("ESN créées l'an dernier",
     {"naf_codes": IT, "created_after": date(2025, 1, 1), "created_before": date(2025, 12, 31)}),
    ("de moins de 2 ans", {"created_after": date(2024, 6, 15)}),
    ("fondées en 2019", {"created_after": date(2019, 1, 1), "created_before": date(2019, 12, 31)}),
    ("créées entre 2015 et 2020",
     {"created_after": date(2015, 1, 1), "created_before": date(2020, 12, 31)}),
    ("ESN créées 2015-2020",
     {"naf_codes": IT, "created_after": date(2015, 1, 1), "created_before": date(2020, 12, 31)}),
    ("since 2021", {"created_after": date(2021, 1, 1)}),
    ("depuis 3 ans", {"created_after": date(2023, 6, 15)}),
    ("ESN créées depuis 3 ans", {"naf_codes": IT, "created_after": date(2023, 6, 15)}),
    ("ESN qui existent depuis 10 ans", {"naf_codes": IT, "created_before": date(2016, 6, 15)}),
    ("créées depuis plus de 10 ans", {"created_before": date(2016, 6, 15)}),
    ("créées après mars 2024", {"created_after": date(2024, 4, 1)}),
    ("créées avant mars 2024", {"created_before": date(2024, 2, 29)}),
    ("créées en mars 2023", {"created_after": date(2023, 3, 1), "created_before": date(2023, 3, 31)}),
    ("créées entre mars 2020 et juin 2021",
     {"created_after": date(2020, 3, 1), "created_before": date(2021, 6, 30)}),
    ("depuis le 15/03/2024", {"created_after": date(2024, 3, 15)}),
    ("depuis le 1er janvier 2025", {"created_after": date(2025, 1, 1)}),
    ("since January 2025", {"created_after": date(2025, 1, 1)}),
    ("created in May 2021", {"created_after": date(2021, 5, 1), "created_before": date(2021, 5, 31)}),
    ("créées récemment", {"created_after": date(2025, 6, 15)}),
    ("recently founded", {"created_after": date(2025, 6, 15)}),
    ("ESN qui recrutent cette année",  # no creation word: "cette année" is the signals' period
     {"naf_codes": IT, "signal_kinds": ["hiring"], "signal_since": date(TODAY.year, 1, 1)}),
]  # fmt: skip

# 4. A count before a sort phrase is the number of results.
COUNTS: list[tuple[str, dict[str, Any]]] = [
    ("les 10 plus grosses boîtes de Bordeaux",
     {"cities": ["BORDEAUX"], "sort": "size_desc", "limit": 10}),
    ("top 20 des ESN lyonnaises par effectif",
     {"naf_codes": IT, "cities": ["LYON"], "sort": "size_desc", "limit": 20}),
    ("top 30 des ESN lyonnaises par effectif",
     {"naf_codes": IT, "cities": ["LYON"], "sort": "size_desc", "limit": 30}),
    ("the 5 biggest law firms in Paris",
     {"naf_codes": ["69.10Z"], "cities": ["PARIS"], "sort": "size_desc", "limit": 5}),
    ("les plus récentes", {"sort": "newest"}),
    ("les 5 plus récentes ESN à Lyon",
     {"naf_codes": IT, "cities": ["LYON"], "sort": "newest", "limit": 5}),
    ("the 10 newest SaaS companies in Lyon",
     {"naf_codes": ["58.29", "62.01Z"], "cities": ["LYON"], "sort": "newest", "limit": 10}),
    ("les 3 plus petites ESN de Lyon",
     {"naf_codes": IT, "cities": ["LYON"], "sort": "size_asc", "limit": 3}),
]  # fmt: skip

TABLE: list[tuple[str, dict[str, Any]]] = [
    *((text, {"naf_codes": naf}) for text, naf in REP_WORDS),
    *HIRING, *PLACES, *PARKS, *FOREIGN, *DATES, *COUNTS,
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "fields"), TABLE, ids=[text for text, _ in TABLE])
def test_what_the_evaluation_found_gives_this_query(
    request_text: str, fields: dict[str, Any]
) -> None:
    check(request_text, fields)


def test_the_reps_words_are_about_forty() -> None:
    assert len(REP_WORDS) >= 40


def test_hiring_jobs_are_the_hiring_signal() -> None:
    assert detect_signal_words("ESN lyonnaises qui recrutent des devs") == ["hiring"]
    assert detect_signal_words("companies hiring data engineers") == ["hiring"]


# 5. French typed without accents (and in lower case) reads like accented French.
UNACCENTED: list[tuple[str, str]] = [
    ("cree apres 2020", "créé après 2020"),
    ("creees depuis janvier 2025", "créées depuis janvier 2025"),
    ("societes de nettoyage a toulouse", "sociétés de nettoyage à Toulouse"),
    ("ESN region lyonnaise", "ESN région lyonnaise"),
    ("PME ile de france", "PME Île-de-France"),
    ("BTP sud ouest", "BTP Sud-Ouest"),
    ("hotels a nice", "hôtels à Nice"),
    ("securite privee a marseille", "sécurité privée à Marseille"),
    ("interim a lille", "intérim à Lille"),
    ("boulangeries patisseries a caen", "boulangeries-pâtisseries à Caen"),
    ("entreprises creees cette annee", "entreprises créées cette année"),
    ("fondees l'annee derniere", "fondées l'année dernière"),
    ("cabinets d'expertise comptable a bordeaux", "cabinets d'expertise comptable à Bordeaux"),
    ("les 10 plus grosses boites de bordeaux", "les 10 plus grosses boîtes de Bordeaux"),
    ("ESN a sophia antipolis", "ESN à Sophia Antipolis"),
    ("ESN a la defense", "ESN à La Défense"),
    ("ESN a marne la vallee", "ESN à Marne-la-Vallée"),
    ("ESN basees en belgique", "ESN basées en Belgique"),
    ("creees entre 2015 et 2020", "créées entre 2015 et 2020"),
    ("de moins de 2 ans", "de moins de 2 ans"),
    ("eti du sud est", "ETI du Sud-Est"),
    ("vetos a montpellier", "vétos à Montpellier"),
    ("ESN montpellieraines", "ESN montpelliéraines"),
    ("agences immobilieres a nice de 10 a 50 salaries",
     "agences immobilières à Nice de 10 à 50 salariés"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "accented"), UNACCENTED, ids=[typed for typed, _ in UNACCENTED])
def test_french_without_accents_reads_like_french(typed: str, accented: str) -> None:
    plain = parse_company_query(typed, today=TODAY)
    proper = parse_company_query(accented, today=TODAY)
    assert plain.model_dump(exclude={"text"}) == proper.model_dump(exclude={"text"})
    assert plain.has_filters
    assert (plain.text is None) == (proper.text is None)


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@pytest.mark.parametrize(("request_text", "fields"), TABLE, ids=[text for text, _ in TABLE])
def test_every_phrasing_reads_the_same_without_accents(
    request_text: str, fields: dict[str, Any]
) -> None:
    proper = parse_company_query(request_text, today=TODAY)
    plain = parse_company_query(_plain(request_text), today=TODAY)
    assert plain.model_dump(exclude={"text", "name"}) == proper.model_dump(exclude={"text", "name"})


# --- the vocabularies behind them ---------------------------------------------------------


def test_every_park_commune_exists_in_its_departments() -> None:
    departments: dict[str, set[str | None]] = {}
    for code, name in commune_names().items():
        departments.setdefault(commune_key(name), set()).add(department_of(commune_code=code))
    for park in BUSINESS_PARKS:
        for commune in park.communes:
            assert departments.get(commune_key(commune), set()) & set(park.departments), (
                park.name,
                commune,
            )


def test_every_park_is_found_back_from_the_city_the_parser_gives() -> None:
    for park in BUSINESS_PARKS:
        assert park_named(park_city(park)) is park
    assert park_named("SACLAY") is None  # the commune itself, as a model may send it


def test_every_demonym_is_a_known_city() -> None:
    assert set(CITY_DEMONYMS) <= set(CITIES)


def test_reps_words_name_known_sectors() -> None:
    phrases = {phrase for sector in sectors() for phrase in sector.phrases}
    assert {"resto", "agence immo", "transporteur"} <= phrases
