"""`filon import contacts FILE`: headers found in French or English (or named with --map), every
field stamped with the file and the day, titles read, phones as E.164; bad rows left out and
reported by line; a person imported twice is updated, never duplicated — also when several
processes import the same file at once, on SQLite and PostgreSQL."""

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
from agent.contacts.imports import ContactFileError, import_contacts, read_rows
from agent.settings import Settings
from store.db import open_store, session_scope
from store.identifiers import luhn_ok
from store.models import Company, Contact

ACME, BETA, NOWHERE = siren(44_000_001), siren(44_000_002), siren(44_000_003)
BETA_SIRET = next(f"{BETA}{n:05d}" for n in range(10, 100) if luhn_ok(f"{BETA}{n:05d}"))
FILE = f"""SIREN;Prénom;Nom;Poste;E-mail;Téléphone;LinkedIn
{ACME[:3]} {ACME[3:6]} {ACME[6:]};Jean-François;de La Tour;Directeur administratif et financier;JF.delatour@acme.fr;06 12 34 56 78;https://www.linkedin.com/in/jfdlt
{ACME};Claire;Martin;DSI;claire.martin@acme.fr;;
{BETA_SIRET};Paul;Roy;CEO;;+33 (0)1 42 68 53 00;
552100555;Zoé;Faux;RH;;;
;Jean;Sans Siren;;;;
{ACME};;;Comptable;;;
{ACME};Zoé;Durand;RH;pas-un-email;;
{ACME};Léa;Petit;Acheteuse;;12;
{NOWHERE};Léa;Petit;Acheteuse;;;
{ACME};Bob;Sleigh;CTO;;;javascript:alert(1)
"""


@pytest.fixture
def store(sqlite_engine: Engine) -> Engine:
    with session_scope(sqlite_engine) as session:
        session.add_all([Company(siren=ACME, name="Acme"), Company(siren=BETA, name="Beta")])
    return sqlite_engine


def _write(tmp_path: Path, text: str, name: str = "salon.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def _people(engine: Engine) -> list[Contact]:
    with Session(engine) as session:
        return list(session.exec(select(Contact).order_by(Contact.id)).all())  # type: ignore[arg-type]


def test_usable_rows_are_written_with_their_provenance(store: Engine, tmp_path: Path) -> None:
    report = import_contacts(store, _write(tmp_path, FILE), today=date(2026, 12, 1))

    assert (report.rows, report.inserted, report.updated) == (10, 3, 0)
    assert [(p.line, p.code) for p in report.problems] == [
        (5, "bad_siren"), (6, "no_siren"), (7, "no_name"), (8, "bad_email"), (9, "bad_phone"),
        (10, "unknown_company"), (11, "bad_linkedin"),
    ]  # fmt: skip
    jf, claire, paul = _people(store)
    assert (jf.first_name, jf.last_name, jf.email) == (
        "Jean-François",
        "de La Tour",
        "jf.delatour@acme.fr",
    )
    assert (jf.function, jf.seniority) == ("finance", "director")
    assert jf.phone == "+33612345678" and jf.linkedin_url == "https://www.linkedin.com/in/jfdlt"
    assert jf.field_sources["email"] == {"source": "import:salon.csv", "at": "2026-12-01"}
    assert set(jf.field_sources) == {
        "first_name",
        "last_name",
        "title",
        "email",
        "phone",
        "linkedin_url",
    }
    assert (claire.function, paul.company_siren, paul.phone) == ("it", BETA, "+33142685300")
    assert paul.person_key == "name:paul roy" and claire.person_key == "email:claire.martin@acme.fr"
    assert {p.source for p in (jf, claire, paul)} == {"import"}


def test_importing_again_updates_and_never_duplicates(store: Engine, tmp_path: Path) -> None:
    import_contacts(store, _write(tmp_path, FILE), today=date(2026, 12, 1))
    newer = (
        f"Nom;Prénom;SIREN;Fonction;Mail\nde La Tour;Jean-François;{ACME};CFO;jf.delatour@acme.fr\n"
    )
    report = import_contacts(store, _write(tmp_path, newer, "crm.csv"), today=date(2026, 12, 2))

    assert (report.inserted, report.updated) == (0, 1)
    people = _people(store)
    assert len(people) == 3
    jf = people[0]
    assert jf.title == "CFO" and jf.phone == "+33612345678"  # what the new file lacks is kept
    assert jf.field_sources["title"] == {"source": "import:crm.csv", "at": "2026-12-02"}
    assert jf.field_sources["phone"] == {"source": "import:salon.csv", "at": "2026-12-01"}


def test_a_person_twice_in_one_file_is_written_once(store: Engine, tmp_path: Path) -> None:
    twice = f"siren,first name,last name,email\n{ACME},Ann,Lee,ann@acme.fr\n{ACME},Ann,Lee,ANN@acme.fr\n"
    report = import_contacts(store, _write(tmp_path, twice))
    assert (report.inserted, len(_people(store))) == (1, 1)


def test_english_headers_commas_and_excels_cp1252(store: Engine, tmp_path: Path) -> None:
    text = f"Company SIREN,Full name,Job title,Email address\n{ACME},Anne-Sophie Müller,Head of Sales,asm@acme.fr\n"
    path = _write(tmp_path, text, encoding="cp1252")
    report = import_contacts(store, path, mapping={"Company SIREN": "siren"})
    assert report.inserted == 1 and not report.problems
    (anne,) = _people(store)
    assert (anne.first_name, anne.last_name, anne.function) == ("Anne-Sophie", "Müller", "sales")


@pytest.mark.parametrize(
    ("text", "mapping", "code"),
    [
        ("", None, "empty"),
        ("Prénom;Nom\nA;B\n", None, "no_siren_column"),
        ("SIREN;Poste\n552100554;DSI\n", None, "no_name_column"),
        ("SIREN;Nom\n", {"Nom": "surname"}, "bad_field"),
    ],
)
def test_a_file_that_cannot_be_used_says_why(text: str, mapping: Any, code: str) -> None:
    with pytest.raises(ContactFileError) as raised:
        read_rows(text, mapping)
    assert raised.value.code == code


def test_the_cli_reports_rows_by_line_and_json(tmp_path: Path, settings: Settings) -> None:
    store = Settings()
    store.ensure_home()
    engine = open_store(store.database_url)
    with session_scope(engine) as session:
        session.add_all([Company(siren=ACME, name="Acme"), Company(siren=BETA, name="Beta")])
    engine.dispose()
    path = _write(tmp_path, FILE)
    env = {"FILON_LANGUAGE": "fr"}

    table = CliRunner().invoke(app, ["import", "contacts", str(path)], env=env)
    assert table.exit_code == 0, table.output
    assert "10 lignes lues, 3 contacts ajoutés, 0 mis à jour, 7 lignes écartées." in table.stdout
    assert "ligne 8 : e-mail invalide «\u202fpas-un-email\u202f»" in table.stdout
    document = json.loads(
        CliRunner().invoke(app, ["import", "contacts", str(path), "--json"], env=env).stdout
    )
    assert (document["inserted"], document["updated"]) == (0, 3)

    missing = CliRunner().invoke(app, ["import", "contacts", str(tmp_path / "nope.csv")], env=env)
    assert missing.exit_code == 1 and missing.stderr.startswith("filon: Fichier introuvable")
    bad_map = CliRunner().invoke(app, ["import", "contacts", str(path), "--map", "Poste"], env=env)
    assert bad_map.exit_code == 1 and "--map attend COLONNE=champ" in bad_map.stderr


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    for fresh in fresh_store(request.param, tmp_path):
        engine = open_store(fresh.url)
        with session_scope(engine) as session:
            session.add_all([Company(siren=ACME, name="Acme"), Company(siren=BETA, name="Beta")])
        engine.dispose()
        yield fresh


def test_processes_importing_the_same_file_at_once_write_each_person_once(
    shared: Store, tmp_path: Path
) -> None:
    people = "\n".join(f"{ACME};Prénom{i};Nom{i};Poste;p{i}@acme.fr" for i in range(200))
    path = _write(tmp_path, "SIREN;Prénom;Nom;Poste;E-mail\n" + people + "\n")
    finished = run_together(shared, [["import", "contacts", str(path), "--json"]] * 4)
    assert all(f.returncode == 0 for f in finished), [f.stderr for f in finished]
    reports = [json.loads(f.stdout) for f in finished]
    assert all(r["inserted"] + r["updated"] == 200 for r in reports)
    engine = open_store(shared.url)
    try:
        assert len(_people(engine)) == 200
    finally:
        engine.dispose()
