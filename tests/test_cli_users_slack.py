"""`filon users link/unlink` and `add --slack-id`, on SQLite and PostgreSQL: an admin links a
user to their Slack account, the list shows it (and its JSON), and every refusal — another
user's account, not a member id, not an admin — is one line, nothing half-written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from agent.cli import app


@pytest.fixture
def store(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("FILON_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return engine


def filon(*args: str, language: str = "en") -> Any:
    return CliRunner().invoke(app, list(args), env={"FILON_LANGUAGE": language, "COLUMNS": "200"})


def test_an_admin_links_users_to_their_slack_accounts(store: Engine) -> None:
    added = filon("users", "add", "nadia.leroy", "--no-password", "--slack-id", "u0nadia01")
    assert added.exit_code == 0, added.output
    assert added.stdout.splitlines()[-1] == (
        "Nadia Leroy (nadia.leroy) is linked to the Slack account U0NADIA01: their messages to "
        "Filon in Slack run as them."
    )
    assert (
        filon("users", "add", "alice.martin", "--no-password", "--user", "nadia.leroy").exit_code
        == 0
    )
    linked = filon(
        "users",
        "link",
        "alice.martin",
        "--slack-id",
        "U0ALICE01",
        "--user",
        "nadia.leroy",
        language="fr",
    )
    assert linked.stdout == (
        "Alice Martin (alice.martin) est lié·e au compte Slack U0ALICE01 : ses messages à Filon "
        "dans Slack s'exécutent sous son identifiant.\n"
    )
    listed = json.loads(filon("users", "list", "--json", "--user", "nadia.leroy").stdout)
    assert {user["login"]: user["slack_id"] for user in listed["users"]} == {
        "alice.martin": "U0ALICE01",
        "nadia.leroy": "U0NADIA01",
    }
    table = filon("users", "list", "--user", "nadia.leroy").stdout
    assert "Slack" in table and "U0ALICE01" in table
    unlinked = filon("users", "unlink", "alice.martin", "--user", "nadia.leroy")
    assert (
        unlinked.stdout == "Alice Martin (alice.martin) is no longer linked to a Slack account.\n"
    )


def test_refusals_are_one_line_and_write_nothing(store: Engine) -> None:
    filon("users", "add", "nadia.leroy", "--no-password", "--slack-id", "U0NADIA01")
    taken = filon(
        "users",
        "add",
        "bruno.petit",
        "--no-password",
        "--slack-id",
        "U0NADIA01",
        "--user",
        "nadia.leroy",
    )
    assert taken.exit_code == 1 and taken.stderr == (
        "filon: the Slack account U0NADIA01 is linked to “nadia.leroy” already: unlink it first "
        "(filon users unlink nadia.leroy).\n"
    )
    with store.connect() as connection:
        assert connection.execute(text('SELECT count(*) FROM "user"')).scalar_one() == 1
    bad = filon("users", "link", "nadia.leroy", "--slack-id", "#ventes", "--user", "nadia.leroy")
    assert bad.exit_code == 1 and bad.stderr.startswith(
        "filon: “#ventes” is not a Slack member id:"
    )
    filon("users", "add", "alice.martin", "--no-password", "--user", "nadia.leroy")
    not_admin = filon(
        "users", "link", "alice.martin", "--slack-id", "U0ALICE01", "--user", "alice.martin"
    )
    assert not_admin.exit_code == 1 and "only an admin can manage users" in not_admin.stderr
    assert filon("users", "unlink", "nobody", "--user", "nadia.leroy").exit_code == 1
