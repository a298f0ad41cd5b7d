"""Search notices worded in French and English (data escaped in Markdown), reaching the rep
through the tool's text (English, for the model) and the offline answers (the user's language);
a query described in words; commune names as INSEE writes them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from offline_fixtures import companies_artifact
from test_offline_answers import answer

from agent.artifacts import CompaniesArtifact
from agent.search.describe import describe_query
from agent.search.notices import Notice, notice_text
from agent.search.parse import parse_company_query
from agent.tools.search_companies import _content
from store.models import Company, CompanyPublic
from store.reference.communes import commune_label, title_case
from store.search.query import CompanyQuery

NAME_MATCH = Notice(
    code="name_match",
    values={"name": "Bénard Infogérance", "siren": "583692991", "named": 1, "others": 12,
            "words": ["infogérance"]},
)  # fmt: skip

WORDED: list[tuple[Notice, str, str]] = [
    (NAME_MATCH,
     "Bénard Infogérance (SIREN 583692991) porte ce nom et vient en premier ; 12 autres "
     "entreprises correspondent à « infogérance » comme activité.",
     "Bénard Infogérance (SIREN 583692991) matches by name and comes first; 12 other "
     "companies do “infogérance”."),
    (Notice(code="dropped_words", values={"words": ["éditeurs"]}),
     "Aucune entreprise ne correspond aussi au mot « éditeurs » : il a été ignoré.",
     "No company also matches the word “éditeurs”: it was left out."),
    (Notice(code="dropped_words", values={"words": ["foo", "bar"]}),
     "aux mots « foo », « bar » : ils ont été ignorés.",
     "the words “foo”, “bar”: they were left out."),
    (Notice(code="band_straddles",
            values={"band_min": 200, "band_max": 249, "asked_min": 50, "asked_max": 200}),
     "la tranche 200 à 249 salariés déborde de « 50 à 200 salariés » et ses entreprises sont "
     "incluses.",
     "the band 200 to 249 employees reaches beyond “50 to 200 employees” and its companies "
     "are included."),
    (Notice(code="business_park",
            values={"place": "La Défense", "communes": ["Courbevoie", "Puteaux"]}),
     "La Défense n'est pas une commune : la recherche porte sur celles où ce pôle s'étend, "
     "Courbevoie et Puteaux.",
     "La Défense is not a commune: the search covers the communes it spreads over, Courbevoie "
     "and Puteaux."),
    (Notice(code="foreign_place", values={"places": ["au Luxembourg"]}),
     "Le registre ne couvre que les entreprises françaises : « au Luxembourg » a été laissé de "
     "côté et la recherche porte sur la France.",
     "The registry covers French companies only: “au Luxembourg” was left out"),
    (Notice(code="foreign_place", values={"places": ["en Belgique", "en Suisse"]}),
     "« en Belgique », « en Suisse » ont été laissés de côté",
     "“en Belgique”, “en Suisse” were left out"),
    (Notice(code="offline"), "Hors ligne : seule la base locale a été consultée.",
     "Offline: only the local store was searched."),
    (Notice(code="api_busy"), "L'API publique des entreprises est saturée",
     "The public company API is busy"),
    (Notice(code="api_too_vague"), "Recherche trop vague pour l'API publique",
     "Too vague for the public API"),
    (Notice(code="source_note", values={"text": "3 pages checked"}),
     "Note de la source : 3 pages checked", "Source note: 3 pages checked"),
]  # fmt: skip


@pytest.mark.parametrize(("notice", "french", "english"), WORDED)
def test_every_notice_is_worded_in_both_languages(
    notice: Notice, french: str, english: str
) -> None:
    assert french in notice_text(notice, "fr").replace("\u202f", " ")
    assert english in notice_text(notice, "en")


def test_data_in_a_notice_is_escaped_in_markdown() -> None:
    hostile = NAME_MATCH.model_copy(
        update={"values": {**NAME_MATCH.values, "name": "![x](https://evil.example/p.png)"}}
    )
    text = notice_text(hostile, "en", markdown=True)
    assert "!\\[x\\](https\\://evil.example/p.png)" in text
    assert "![x](" not in text


def artifact_with(*notices: Notice, count: int = 3) -> dict[str, Any]:
    return {**companies_artifact(count), "notices": [n.model_dump(mode="json") for n in notices]}


def test_offline_answers_say_the_notices_in_the_users_language() -> None:
    french = answer("ESN à Lyon", "search_companies", artifact_with(NAME_MATCH))
    assert "porte ce nom et vient en premier" in french
    english = answer("IT companies in Lyon", "search_companies", artifact_with(NAME_MATCH))
    assert "matches by name and comes first" in english
    assert "porte ce nom" not in english


def test_the_tools_text_for_the_model_has_the_english_notices() -> None:
    artifact = CompaniesArtifact.model_validate(
        artifact_with(NAME_MATCH, Notice(code="dropped_words", values={"words": ["éditeurs"]}))
    )
    lines = _content(artifact).splitlines()
    assert lines[-2].startswith("Note: Bénard Infogérance (SIREN 583692991) matches by name")
    assert lines[-1] == "Note: No company also matches the word “éditeurs”: it was left out."


DESCRIBED = [
    ("ESN de 50 à 200 salariés à Lyon créées après 2015",
     "secteur Programmation, conseil et autres activités informatiques (62) · Lyon · "
     "50 à 200 salariés · créées depuis le 01/01/2016",
     "sector Programmation, conseil et autres activités informatiques (62) · Lyon · "
     "50 to 200 employees · created since 1 Jan 2016"),
    ("Bénard Infogérance",
     "secteur Gestion d'installations informatiques (62.03Z) · texte « Bénard » · "
     "nom « Bénard Infogérance »",
     "sector Gestion d'installations informatiques (62.03Z) · text “Bénard” · "
     "name “Bénard Infogérance”"),
    ("PME industrielles en Alsace, les plus récentes d'abord",
     "section C (Industrie manufacturière) · Bas-Rhin (67) · Haut-Rhin (68) · PME · "
     "les plus récentes d'abord",
     "section C (Industrie manufacturière) · Bas-Rhin (67) · Haut-Rhin (68) · PME · newest first"),
    ("SARL à Saint-Étienne y compris fermées",
     "Saint-Étienne · SARL · fermées comprises", "Saint-Étienne · SARL · closed ones included"),
    ("cabinets comptables dans le 33 avant 2000 de moins de 20 salariés",
     "secteur Activités comptables (69.20Z) · Gironde (33) · au plus 19 salariés · "
     "créées jusqu'au 31/12/1999",
     "sector Activités comptables (69.20Z) · Gironde (33) · at most 19 employees · "
     "created until 31 Dec 1999"),
    ("SIRET 58369299100016", "SIRET 58369299100016", "SIRET 58369299100016"),
    ("ESN à La Défense",
     "secteur Programmation, conseil et autres activités informatiques (62) · La Défense",
     "sector Programmation, conseil et autres activités informatiques (62) · La Défense"),
]  # fmt: skip


@pytest.mark.parametrize(("request_text", "french", "english"), DESCRIBED)
def test_a_query_is_described_in_words(request_text: str, french: str, english: str) -> None:
    query = parse_company_query(request_text, today=date(2026, 6, 15))
    assert describe_query(query, "fr").replace("\u202f", " ") == french
    assert describe_query(query, "en") == english


def test_an_empty_query_is_every_company() -> None:
    assert describe_query(CompanyQuery(), "fr") == "toutes les entreprises"


@pytest.mark.parametrize(
    ("city", "code", "postcode", "label"),
    [
        ("LYON 9EME", None, "69009", "Lyon 9e"),
        ("LYON 1ER", None, None, "Lyon 1er"),
        ("PARIS 15", None, "75015", "Paris 15e"),
        ("MARSEILLE 8", "13208", "13008", "Marseille 8e"),
        ("REZE", None, "44400", "Rezé"),
        ("MERIGNAC", None, "33700", "Mérignac"),
        ("SAINT-ETIENNE", None, "42000", "Saint-Étienne"),
        ("LE HAVRE", None, "76600", "Le Havre"),
        ("L ISLE ADAM", None, "95290", "L'Isle-Adam"),
        ("LYONS-LA-FORET", None, "27480", "Lyons-la-Forêt"),
        ("SAINT-DENIS", None, "97400", "Saint-Denis"),
        ("WHATEVER", "33281", None, "Mérignac"),  # the INSEE code wins
        ("VILLE-INCONNUE-SUR-MER", None, None, "Ville-Inconnue-sur-Mer"),
        ("Déjà Écrit", None, None, "Déjà Écrit"),
        (None, None, None, None),
    ],
)
def test_commune_names_as_insee_writes_them(
    city: str | None, code: str | None, postcode: str | None, label: str | None
) -> None:
    assert commune_label(city, commune_code=code, postcode=postcode) == label


def test_title_case_keeps_french_small_words_low() -> None:
    assert title_case("SAINT-JEAN-DE-LUZ") == "Saint-Jean-de-Luz"
    assert title_case("LA ROCHE-SUR-YON") == "La Roche-sur-Yon"


def test_every_company_shape_carries_the_commune_label() -> None:
    company = Company(siren="583692991", name="Bénard Infogérance", city="REZE", postcode="44400")
    assert CompanyPublic.of(company).city_label == "Rezé"
