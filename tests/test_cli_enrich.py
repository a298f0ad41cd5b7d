"""`filon enrich` end to end: the pattern provider (no DNS: honestly unverified) then the real
Hunter adapter against a local server speaking Hunter's contract; a list's people written back
with their status and source; JSON for scripts; a budget; a second run that pays for nothing;
a provider without its key said so; one-line errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from enrich_servers import HUNTER_KEY, FakeHunter, LocalServer, local_server
from sqlmodel import Session, select
from typer.testing import CliRunner

from agent.cli import app
from agent.contacts import optout
from agent.leads.lists import create_list
from agent.settings import Settings
from store.db import open_store, session_scope
from store.models import Company, Contact, EmailStatus, ProviderCall

ACME, BETA = "552100554", "732829320"


@pytest.fixture
def store(settings: Settings) -> Iterator[Any]:
    """Two companies with four people, in the list "Cibles"."""
    home = Settings()
    home.ensure_home()
    engine = open_store(home.database_url)
    with session_scope(engine) as session:
        session.add_all([Company(siren=ACME, name="Acme", domain="acme.fr"),
                         Company(siren=BETA, name="Beta <b>", domain="beta.fr")])  # fmt: skip
        session.add_all(
            [
                Contact(company_siren=ACME, first_name="Jean", last_name="Dupont", title="DSI"),
                Contact(company_siren=ACME, first_name="Anne", last_name="Martin", title="DAF",
                        email="anne.martin@acme.fr", email_status=EmailStatus.verified),
                Contact(company_siren=BETA, first_name="Marc", last_name="Leroy", title="PDG"),
                Contact(company_siren=BETA, first_name="Léa", last_name="Nguyen", title="DRH"),
            ]
        )  # fmt: skip
    create_list(engine, name="Cibles", owner="rep", sirens=[ACME, BETA])
    yield engine
    engine.dispose()


@pytest.fixture
def hunter() -> Iterator[tuple[FakeHunter, LocalServer]]:
    fake = FakeHunter(
        people={("Jean", "Dupont"): "jean.dupont@acme.fr", ("Marc", "Leroy"): "m.leroy@beta.fr"},
        statuses={"m.leroy@beta.fr": "accept_all"},
    )
    with local_server(fake) as server:
        yield fake, server


def filon(*args: str, env: dict[str, str] | None = None) -> Any:
    base = {"FILON_LANGUAGE": "fr", "COLUMNS": "250"}
    return CliRunner().invoke(app, list(args), env={**base, **(env or {})})


def _with_hunter(server: LocalServer) -> dict[str, str]:
    return {
        "FILON_ENRICH_PROVIDERS": "pattern,hunter",
        "HUNTER_API_KEY": HUNTER_KEY,
        "FILON_HUNTER_BASE_URL": server.base_url,
    }


def test_a_lists_people_found_through_pattern_then_hunter(
    store: Any, hunter: tuple[FakeHunter, LocalServer]
) -> None:
    fake, server = hunter
    result = filon("enrich", "--list", "Cibles", "--json", env=_with_hunter(server))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    people = {c["name"]: c for c in document["contacts"]}
    assert set(people) == {"Jean Dupont", "Anne Martin", "Marc Leroy", "Léa Nguyen"}
    assert {k: people["Jean Dupont"][k] for k in ("siren", "email", "email_status", "source")} == {
        "siren": ACME, "email": "jean.dupont@acme.fr", "email_status": "verified",
        "source": "hunter",
    }  # fmt: skip
    assert people["Anne Martin"]["outcome"] == "already"
    assert people["Marc Leroy"]["email_status"] == "catch_all"
    # Nobody at Hunter for Léa: the pattern's guess stays, honestly unverified (no DNS here)
    assert people["Léa Nguyen"]["email"] == "lea.nguyen@beta.fr"
    assert people["Léa Nguyen"]["email_status"] == "unknown"
    assert people["Léa Nguyen"]["source"] == "pattern"
    trail = [step["provider"] for step in people["Jean Dupont"]["trail"]]
    assert trail == ["pattern", "hunter"]
    summary = document["summary"]
    assert summary["calls"] == {"pattern": 3, "hunter": 3}
    assert summary["total_cost"] == 2.0 and summary["found"] == 3
    assert summary["providers"] == ["pattern", "hunter"]
    assert len(fake.requests) == 3  # Anne was verified already: never asked about
    with Session(store) as session:
        dupont = session.exec(select(Contact).where(Contact.last_name == "Dupont")).one()
        assert dupont.email_status == EmailStatus.verified
        assert dupont.field_sources["email"]["source"] == "hunter"
        calls = session.exec(select(ProviderCall).where(ProviderCall.provider == "hunter")).all()
        assert len(calls) == 3 and sum(call.cost for call in calls) == 2.0

    again = filon("enrich", "--list", "Cibles", "--json", env=_with_hunter(server))
    assert again.exit_code == 0, again.output
    second = json.loads(again.stdout)["summary"]
    assert second["calls"].get("hunter", 0) == 0 and second["total_cost"] == 0
    assert len(fake.requests) == 3  # the second run made no paid call


def test_the_table_and_the_summary_in_french(
    store: Any, hunter: tuple[FakeHunter, LocalServer]
) -> None:
    _, server = hunter
    result = filon("enrich", "--siren", ACME, "--roles", "dsi", env=_with_hunter(server))
    assert result.exit_code == 0, result.output
    assert "jean.dupont@acme.fr" in result.stdout and "vérifié" in result.stdout
    assert "Hunter" in result.stdout and "trouvé" in result.stdout
    assert "Appels : pattern 1, hunter 1 ; coût : 1 crédits." in result.stdout
    assert "Anne" not in result.stdout  # the DAF was not asked for


def test_a_budget_stops_the_run_and_says_how_far_it_got(
    store: Any, hunter: tuple[FakeHunter, LocalServer]
) -> None:
    _, server = hunter
    env = {**_with_hunter(server), "FILON_ENRICH_CONCURRENCY": "1"}
    result = filon("enrich", "--list", "Cibles", "--budget", "1", env=env)
    assert result.exit_code == 0, result.output
    assert "Budget de 1 crédits atteint" in result.stdout


def test_a_paid_provider_without_its_key_is_said_and_skipped(store: Any) -> None:
    result = filon("enrich", "--siren", BETA, "--providers", "pattern,dropcontact", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)["summary"]
    assert summary["missing_key"] == ["dropcontact"] and summary["providers"] == ["pattern"]
    table = filon("enrich", "--siren", BETA, "--providers", "dropcontact")
    assert table.exit_code == 1
    assert "Aucun fournisseur d'enrichissement n'est utilisable" in table.stderr


def test_suppressed_companies_are_never_enriched(
    store: Any, hunter: tuple[FakeHunter, LocalServer]
) -> None:
    fake, server = hunter
    optout.add(store, BETA, user="rep")
    result = filon("enrich", "--list", "Cibles", "--json", env=_with_hunter(server))
    names = {c["name"] for c in json.loads(result.stdout)["contacts"]}
    assert names == {"Jean Dupont", "Anne Martin"}
    asked = [request.url.params.get("last_name") for request in fake.requests]
    assert "Leroy" not in asked and "Nguyen" not in asked


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--list", "Cibles", "--budget", "beaucoup"], "Budget illisible"),
        (["--list", "Cibles", "--budget", "-3"], "Budget illisible"),
        (["--list", "Cibles", "--providers", "clearbit"], "Fournisseur inconnu"),
        (["--list", "Inconnue"], "Inconnue"),
        ([], "--siren"),
        (["--list", "Cibles", "--roles", "astronaute"], "astronaute"),
    ],
)
def test_mistakes_are_one_line(store: Any, args: list[str], message: str) -> None:
    result = filon("enrich", *args)
    assert result.exit_code != 0
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
