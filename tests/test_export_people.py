"""CSV exports of people: `filon export contacts` and `export_csv(people=true)` write one row
per person shown by the decision-makers (roles, most senior first), with their email's status
and source; opted-out and suppressed people are never written; hostile names stay data."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.contacts import optout
from agent.leads.lists import create_list
from agent.settings import Settings
from store.db import open_store, session_scope
from store.models import Company, Contact, EmailStatus

ACME, BETA = "552100554", "732829320"


@pytest.fixture
def store(settings: Settings) -> Iterator[Any]:
    home = Settings()
    home.ensure_home()
    engine = open_store(home.database_url)
    with session_scope(engine) as session:
        session.add_all([Company(siren=ACME, name="Acme", domain="acme.fr"),
                         Company(siren=BETA, name="Beta", domain="beta.fr")])  # fmt: skip
        session.add_all(
            [
                Contact(company_siren=ACME, first_name='=HYPERLINK("x")', last_name="Dupont",
                        title="DSI", email="jean.dupont@acme.fr", email_status=EmailStatus.verified,
                        field_sources={"email": {"source": "hunter", "at": "2026-11-20"}}),
                Contact(company_siren=ACME, first_name="Anne", last_name="Martin", title="DAF",
                        email="anne@acme.fr", email_status=EmailStatus.guessed),
                Contact(company_siren=ACME, first_name="Zoé", last_name="Non", title="CEO",
                        opted_out=True, email="zoe@acme.fr"),
                Contact(company_siren=BETA, first_name="Marc", last_name="Leroy", title="PDG",
                        email="marc@beta.fr"),
            ]
        )  # fmt: skip
    create_list(engine, name="Cibles", owner="rep", sirens=[ACME, BETA])
    yield engine
    engine.dispose()


def filon(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"FILON_LANGUAGE": "fr", "COLUMNS": "200"})


def rows(path: str) -> list[list[str]]:
    text = Path(path).read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_lists_people_one_row_each_with_their_emails_status_and_source(store: Any) -> None:
    result = filon("export", "contacts", "--list", "Cibles", "--json")
    assert result.exit_code == 0, result.output
    artifact = json.loads(result.stdout)
    assert artifact["what"] == "people" and artifact["rows"] == 3
    header, *people = rows(artifact["path"])
    assert header[:4] == ["SIREN", "Entreprise", "Contact", "Fonction"]
    by_name = {row[2]: row for row in people}
    assert set(by_name) == {'\'=HYPERLINK("x") Dupont', "Anne Martin", "Marc Leroy"}
    dupont = by_name['\'=HYPERLINK("x") Dupont']  # a formula is written as text
    assert dupont[4:10] == ["informatique", "directeur", "jean.dupont@acme.fr", "vérifié",
                            "hunter", "20/11/2026"]  # fmt: skip
    assert "zoe@acme.fr" not in Path(artifact["path"]).read_text(encoding="utf-8-sig")


def test_roles_and_the_suppression_list_narrow_the_rows(store: Any) -> None:
    optout.add(store, BETA, user="rep")
    result = filon("export", "contacts", "--list", "Cibles", "--roles", "dsi,pdg")
    assert result.exit_code == 0, result.output
    assert "1 personne exportée dans" in result.stdout
    path = result.stdout.split(" dans ")[-1].strip()
    assert [row[2] for row in rows(path)[1:]] == ['\'=HYPERLINK("x") Dupont']


def test_mistakes_are_one_line(store: Any) -> None:
    for args, message in (([], "--siren"), (["--list", "Nope"], "Nope"),
                          (["--siren", ACME, "--roles", "astronaute"], "astronaute")):  # fmt: skip
        result = filon("export", "contacts", *args)
        assert result.exit_code != 0 and message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
