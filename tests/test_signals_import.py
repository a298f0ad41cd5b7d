"""`filon import signals FILE`: headers in French or English, kinds by name or label, bad rows
left out and reported by line, the same row imported twice is one signal — also when several
processes import the same file at once on SQLite and PostgreSQL — and the intent of the
companies concerned is scored."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from filon_processes import Store, fresh_store, run_together
from filon_processes import valid_siren as siren
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from agent.cli import app
from agent.csv_files import CsvFileError
from agent.signals.imports import import_signals
from agent.signals.weights import load_weights
from store.db import open_store, session_scope
from store.models import Company, CompanyIntent, Signal

ACME, BETA, NOWHERE = siren(45_000_001), siren(45_000_002), siren(45_000_003)
TODAY = date(2026, 12, 1)
FILE = f"""SIREN;Type;Date;Détail;Lien;Source
{ACME[:3]} {ACME[3:6]} {ACME[6:]};recrutement;2026-11-20;Recrute 3 commerciaux terrain;https://jobs.example/1;Welcome
{ACME};Levée de fonds;15/10/2026;Levée de 2 M€ (série A);;
{BETA};procédure collective;2026-11-02;Redressement judiciaire;;
123;hiring;2026-11-01;x;;
{ACME};foo;2026-11-01;x;;
{ACME};hiring;2027-01-01;x;;
{ACME};hiring;le 3 novembre;x;;
{ACME};hiring;2026-11-01;x;javascript:alert(1);
{NOWHERE};hiring;2026-11-01;x;;
;hiring;2026-11-01;x;;
"""


@pytest.fixture
def store(sqlite_engine: Engine) -> Engine:
    with session_scope(sqlite_engine) as session:
        session.add_all([Company(siren=ACME, name="Acme"), Company(siren=BETA, name="Beta")])
    return sqlite_engine


def _write(tmp_path: Path, text: str, name: str = "veille.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _signals(engine: Engine) -> list[Signal]:
    with Session(engine) as session:
        return list(session.exec(select(Signal).order_by(Signal.id)).all())  # type: ignore[arg-type]


def test_good_rows_are_written_and_bad_ones_reported_by_line(store: Engine, tmp_path: Path) -> None:
    report = import_signals(store, _write(tmp_path, FILE), load_weights(), today=TODAY)

    assert (report.rows, report.inserted, report.updated) == (10, 3, 0)
    assert [(p.line, p.code) for p in report.problems] == [
        (5, "bad_siren"), (6, "bad_kind"), (7, "future_date"), (8, "bad_date"), (9, "bad_url"),
        (10, "unknown_company"), (11, "no_siren"),
    ]  # fmt: skip
    signals = _signals(store)
    assert [(s.company_siren, s.kind, s.occurred_on, s.negative) for s in signals] == [
        (ACME, "hiring", date(2026, 11, 20), False),
        (ACME, "fundraising", date(2026, 10, 15), False),
        (BETA, "insolvency", date(2026, 11, 2), True),
    ]
    assert signals[0].source == "Welcome" and signals[0].url == "https://jobs.example/1"
    assert (
        signals[1].source == "import:veille.csv" and signals[1].title == "Levée de 2 M€ (série A)"
    )
    with Session(store) as session:
        intents = {i.company_siren: i for i in session.exec(select(CompanyIntent)).all()}
    assert intents[ACME].score > 0 and intents[BETA].score < 0
    assert [r["kind"] for r in intents[ACME].reasons] == ["fundraising", "hiring"]


def test_a_row_imported_twice_is_one_signal(store: Engine, tmp_path: Path) -> None:
    path = _write(tmp_path, FILE)
    import_signals(store, path, load_weights(), today=TODAY)
    again = import_signals(store, path, load_weights(), today=TODAY)
    assert (again.inserted, again.updated) == (0, 3)
    assert len(_signals(store)) == 3


def test_a_row_without_detail_is_titled_by_its_kind(store: Engine, tmp_path: Path) -> None:
    import_signals(store, _write(tmp_path, f"siren,kind,date\n{ACME},new_site,2026-11-03\n"),
                   load_weights(), today=TODAY)  # fmt: skip
    assert _signals(store)[0].title == "Nouveau site"


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "empty"), ("SIREN;Détail\n1;x\n", "missing_columns")],
)
def test_a_file_that_cannot_be_used_says_why(
    store: Engine, tmp_path: Path, text: str, code: str
) -> None:
    with pytest.raises(CsvFileError) as raised:
        import_signals(store, _write(tmp_path, text), load_weights(), today=TODAY)
    assert raised.value.code == code


def test_the_command_reports_in_words_and_in_json(store: Engine, tmp_path: Path) -> None:
    path = _write(tmp_path, FILE)
    env = {"FILON_DATABASE_URL": str(store.url), "FILON_LANGUAGE": "fr"}
    result = CliRunner().invoke(app, ["import", "signals", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "veille.csv : lignes lues 10 ; signaux ajoutés 3, déjà connus 0 ; lignes écartées 7."
    )
    assert "ligne 9 : lien invalide « javascript:alert(1) »" in result.stdout.replace("\u202f", " ")
    as_json = CliRunner().invoke(app, ["import", "signals", str(path), "--json"], env=env)
    assert json.loads(as_json.stdout)["updated"] == 3

    missing = CliRunner().invoke(app, ["import", "signals", str(tmp_path / "nope.csv")], env=env)
    assert missing.exit_code == 1 and missing.stderr.startswith("filon: Fichier introuvable")
    columns = CliRunner().invoke(
        app, ["import", "signals", str(_write(tmp_path, "a;b\n1;2\n", "x.csv"))], env=env
    )
    assert columns.exit_code == 1
    assert "Colonnes manquantes : siren, kind, date" in columns.stderr


def test_weights_that_cannot_be_used_are_named(store: Engine, tmp_path: Path) -> None:
    weights = _write(tmp_path, "[weights]\nhirring = 40\n", "weights.toml")
    env = {"FILON_DATABASE_URL": str(store.url), "FILON_LANGUAGE": "en",
           "FILON_INTENT_WEIGHTS": str(weights)}  # fmt: skip
    result = CliRunner().invoke(app, ["import", "signals", str(_write(tmp_path, FILE))], env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith("filon: invalid environment variable FILON_INTENT_WEIGHTS")
    assert "weights.hirring" in result.stderr and len(result.stderr.splitlines()) == 1
    assert _signals(store) == []


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    for fresh in fresh_store(request.param, tmp_path):
        engine = open_store(fresh.url)
        with session_scope(engine) as session:
            session.add_all([Company(siren=ACME, name="Acme"), Company(siren=BETA, name="Beta")])
        engine.dispose()
        yield fresh


def test_processes_importing_the_same_file_at_once_write_each_signal_once(
    shared: Store, tmp_path: Path
) -> None:
    rows = "\n".join(f"{ACME};hiring;2026-11-{1 + i % 28:02d};Offre {i}" for i in range(300))
    path = _write(tmp_path, "siren;kind;date;detail\n" + rows + "\n")
    finished = run_together(shared, [["import", "signals", str(path), "--json"]] * 4)
    assert all(f.returncode == 0 for f in finished), [f.stderr for f in finished]
    reports = [json.loads(f.stdout) for f in finished]
    assert all(r["inserted"] + r["updated"] == 300 for r in reports)
    assert sum(r["inserted"] for r in reports) == 300  # each counts only what it inserted
    engine = open_store(shared.url)
    try:
        assert len(_signals(engine)) == 300
        with Session(engine) as session:
            assert len(session.exec(select(CompanyIntent)).all()) == 1
    finally:
        engine.dispose()
