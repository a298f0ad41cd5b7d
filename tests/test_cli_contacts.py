"""`filon contacts` on the demo data: the people holding the roles asked for at a company, by
name or SIREN, or across a lead list; JSON for scripts; one-line errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from agent.cli import app
from agent.settings import Settings
from store.db import open_store
from store.demo.seed import seed_demo
from store.models import Company, Contact


@pytest.fixture
def demo(settings: Settings) -> tuple[str, str]:
    """The demo store; (SIREN, name) of a company with a DSI who has an email."""
    store = Settings()
    store.ensure_home()
    engine = open_store(store.database_url)
    seed_demo(engine, companies=400, seed=7)
    with Session(engine) as session:
        dsi = session.exec(
            select(Contact).where(Contact.title == "DSI", col(Contact.email).is_not(None))
        ).first()
        assert dsi is not None
        name = session.exec(select(Company.name).where(Company.siren == dsi.company_siren)).one()
    engine.dispose()
    return dsi.company_siren, name


def filon(*args: str, language: str = "fr") -> Any:
    return CliRunner().invoke(app, list(args), env={"FILON_LANGUAGE": language, "COLUMNS": "250"})


def test_a_companys_it_people_as_a_table_and_as_json(demo: tuple[str, str]) -> None:
    siren, name = demo
    table = filon("contacts", "--siren", siren, "--roles", "dsi")
    assert table.exit_code == 0, table.output
    assert "Statut de l'e-mail" in table.stdout and "données de démonstration" in table.stdout

    result = filon("contacts", "--company", name, "--roles", "DSI,daf", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["kind"] == "contacts" and document["roles"] == ["it", "finance"]
    (company,) = document["companies"]
    assert company["siren"] == siren
    assert {c["function"] for c in company["contacts"]} <= {"it", "finance"}
    dsi = next(c for c in company["contacts"] if c["title"] == "DSI")
    assert dsi["email"] and dsi["email_status"] and dsi["email_source"] == "demo"


def test_a_lists_decision_makers(demo: tuple[str, str]) -> None:
    result = filon("contacts", "--list", "ESN Lyon", "--roles", "décideurs", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["list_name"] == "ESN Lyon" and document["asked"] >= len(document["companies"])
    levels = {c["seniority"] for company in document["companies"] for c in company["contacts"]}
    assert levels <= {"c_level", "director"}


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "Donnez une seule cible"),
        (["--siren", "552100554", "--list", "X"], "Donnez une seule cible"),
        (
            ["--siren", "552100554", "--roles", "astronaute"],
            "Rôle inconnu «\u202fastronaute\u202f»",
        ),
        (["--list", "Nulle part"], "«\u202fNulle part\u202f»"),
        (["--siren", "552 100 555"], "552 100 555"),
        (["--company", "Zzyzx Introuvable"], "Je ne trouve aucune entreprise"),
    ],
)
def test_mistakes_are_one_line(demo: tuple[str, str], args: list[str], says: str) -> None:
    result = filon("contacts", *args)
    assert result.exit_code != 0 and result.stdout == ""
    assert result.stderr.startswith("filon: ") and result.stderr.count("\n") == 1, result.stderr
    assert says in result.stderr


def test_a_name_several_companies_bear_lists_them_in_one_line(demo: tuple[str, str]) -> None:
    from filon_processes import valid_siren

    engine = open_store(Settings().database_url)
    lyon, brest = valid_siren(92_000_001), valid_siren(92_000_002)
    with Session(engine) as session:
        session.add(Company(siren=lyon, name="Ardoise Conseil", city="LYON"))
        session.add(Company(siren=brest, name="Ardoise Conseil", city="BREST"))
        session.commit()
    engine.dispose()
    result = filon("contacts", "--company", "Ardoise Conseil")
    assert result.exit_code != 0 and result.stdout == "" and result.stderr.count("\n") == 1
    assert result.stderr.startswith("filon: 2 entreprises s'appellent «\u202fArdoise Conseil")
    assert f"{lyon} (Lyon)" in result.stderr and f"{brest} (Brest)" in result.stderr


def test_only_the_people_with_a_verified_email(demo: tuple[str, str]) -> None:
    everyone = filon("contacts", "--list", "ESN Lyon", "--json")
    verified = filon("contacts", "--list", "ESN Lyon", "--email", "verified", "--json")
    assert everyone.exit_code == 0 and verified.exit_code == 0, verified.output
    expected = {
        (company["siren"], person["name"])
        for company in json.loads(everyone.stdout)["companies"]
        for person in company["contacts"]
        if person["email_status"] == "verified"
    }
    document = json.loads(verified.stdout)
    kept = {(c["siren"], p["name"]) for c in document["companies"] for p in c["contacts"]}
    assert expected and kept == expected and document["email"] == "verified"

    wrong = filon("contacts", "--list", "ESN Lyon", "--email", "vérifié")
    assert wrong.exit_code != 0 and "--email" in wrong.output
