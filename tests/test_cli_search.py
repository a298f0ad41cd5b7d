"""`filon search`, the real command in a subprocess on a small seeded store: the JSON document,
the table with what was understood and the notices in the user's language, paging, sorting,
and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from search_store import BENARD, seed

from store.db import open_store, session_scope
from store.models import Signal, SignalKind

FILON = [sys.executable, "-c", "from agent.cli import main; main()"]


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'store.db'}"
    engine = open_store(url)
    seed(engine)
    engine.dispose()
    return url


def filon(
    store_url: str, *args: str, language: str = "fr", home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("FILON_", "OPENAI_", "LANG", "LC_"))
    }
    environment.update(
        FILON_DATABASE_URL=store_url,
        FILON_COMPANY_SOURCE="local",
        FILON_LANGUAGE=language,
        FILON_HOME=str(home or Path(store_url.removeprefix("sqlite:///")).parent / "home"),
        COLUMNS="200",
    )
    return subprocess.run(
        [*FILON, "search", *args], capture_output=True, text=True, env=environment, timeout=120
    )


def document(store_url: str, *args: str, language: str = "fr") -> dict[str, Any]:
    result = filon(store_url, *args, "--json", language=language)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_document_shape(store_url: str) -> None:
    found = document(store_url, "ESN de 50 à 200 salariés à Lyon")
    assert set(found) == {
        "total", "total_bound", "relaxed", "query", "understood", "results", "source", "notices",
    }  # fmt: skip
    assert (found["total"], found["total_bound"], found["source"]) == (3, "exact", "local")
    assert found["query"]["headcount_min"] == 50 and found["query"]["cities"] == ["LYON"]
    assert found["understood"] == (
        "secteur Programmation, conseil et autres activités informatiques (62) · Lyon · "
        "50 à 200 salariés"
    )
    first = found["results"][0]
    assert (first["siren"], first["city"], first["city_label"]) == (BENARD, "LYON 9EME", "Lyon 9e")
    [notice] = found["notices"]
    assert notice["code"] == "band_straddles"
    assert notice["values"] == {"band_min": 200, "band_max": 249, "asked_min": 50, "asked_max": 200}
    assert "la tranche 200 à 249 salariés déborde de « 50 à 200 salariés »" in notice["text"]


def test_json_in_english(store_url: str) -> None:
    found = document(store_url, "Bénard Infogérance", language="en")
    assert [company["name"] for company in found["results"]][:2] == [
        "Bénard Infogérance",
        "Atelier Bénard Infogérance",
    ]
    assert found["notices"][0]["text"].startswith(
        f"2 companies match by name, Bénard Infogérance (SIREN {BENARD}) among them"
    )
    assert "name “Bénard Infogérance”" in found["understood"]


def test_table_says_what_was_understood_in_words(store_url: str) -> None:
    result = filon(store_url, "éditeurs SaaS à Grenoble créées après 2010")
    assert result.returncode == 0, result.stderr
    assert (
        "Compris : secteurs Édition de logiciels (58.29), Programmation informatique (62.01Z) · "
        "Grenoble · créées depuis le 01/01/2011" in result.stdout
    )
    assert "datetime" not in result.stdout
    assert "Altys" in result.stdout and "Publi Livres" not in result.stdout
    assert "1 entreprise — 1 à 1 affichées" in result.stdout


def test_table_in_english_with_commune_names_and_notices(store_url: str) -> None:
    result = filon(store_url, "IT companies in Lyon with cybersecurity", language="en")
    assert result.returncode == 0, result.stderr
    assert "Understood: sectors Programmation" in result.stdout
    assert "No company also matches the word “cybersecurity”: it was left out." in result.stdout
    assert "Lyon 9e (69)" in result.stdout and "LYON 9EME" not in result.stdout
    assert "200 to 249 employees" in result.stdout


def test_paging_and_sorting(store_url: str) -> None:
    everything = document(store_url, "ESN à Lyon", "--sort", "name")
    names = [company["name"] for company in everything["results"]]
    assert names == sorted(names) and len(names) == 3
    second = document(store_url, "ESN à Lyon", "--sort", "name", "--limit", "1", "--page", "2")
    assert [company["name"] for company in second["results"]] == names[1:2]
    third = document(store_url, "ESN à Lyon", "--sort", "name", "--limit", "1", "--offset", "2")
    assert [company["name"] for company in third["results"]] == names[2:3]
    asked = document(store_url, "ESN à Lyon, les plus récentes d'abord")
    assert asked["query"]["sort"] == "newest"


def test_past_the_last_page(store_url: str) -> None:
    result = filon(store_url, "ESN à Lyon", "--page", "9")
    assert result.returncode == 0, result.stderr
    assert "Plus rien après les 3 entreprises" in result.stdout


def test_siren_with_spaces_is_looked_up(store_url: str) -> None:
    found = document(store_url, "SIREN 583 692 991")
    assert [company["siren"] for company in found["results"]] == [BENARD]
    assert found["understood"] == "SIREN 583692991"


@pytest.mark.parametrize(
    ("args", "language", "message"),
    [
        (["SIREN 583692990"], "fr",
         "filon: 583692990 n'est pas un SIREN valide (sa clé de contrôle est fausse)"),
        (["SIRET 58369299100017"], "en",
         "filon: 58369299100017 is not a valid SIRET (its check digit is wrong)"),
        (["  "], "fr", "filon: recherche vide"),
        (["ESN", "--page", "2", "--offset", "3"], "fr", "filon: --page et --offset"),
        (["ESN", "--sort", "biggest"], "en", "filon: --sort 'biggest'"),
        (["ESN", "--source", "nowhere"], "en", "filon: unknown source 'nowhere'"),
    ],
)  # fmt: skip
def test_mistakes_are_one_line_errors(
    store_url: str, args: list[str], language: str, message: str
) -> None:
    result = filon(store_url, *args, language=language)
    assert result.returncode != 0
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


@pytest.fixture(scope="module")
def signals_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli-signals') / 'store.db'}"
    engine = open_store(url)
    seed(engine)
    with session_scope(engine) as session:
        session.add(Signal(company_siren=BENARD, kind=SignalKind.hiring, title="Recrute 4 devs",
                           occurred_on=date.today(), strength=1.0))  # fmt: skip
    engine.dispose()
    return url


def test_a_search_on_signals_shows_each_company_s_intent_and_signal(signals_url: str) -> None:
    found = document(signals_url, "ESN à Lyon qui recrutent")
    assert found["query"]["signal_kinds"] == ["hiring"]
    assert [company["siren"] for company in found["results"]] == [BENARD]
    assert found["intent"] == {BENARD: 40}
    assert found["signals"][BENARD]["title"] == "Recrute 4 devs"
    assert "signaux : recrutement" in found["understood"]

    table = filon(signals_url, "ESN à Lyon", "--sort", "intent")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert "les plus chaudes d'abord" in table.stdout
    assert "Intention" in table.stdout and "Recrute 4 devs" in table.stdout
    first_row = next(line for line in lines if line.startswith("│ "))
    assert BENARD in first_row  # the one company with a signal comes first
