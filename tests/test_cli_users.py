"""`filon users` and who acts on the command line, on SQLite and PostgreSQL: the first user, a
prompted password (hidden, twice, never printed), the list as a table and as JSON, an admin's
commands refused to others, unknown and disabled users refused, no role above one's own, a
shared list, another rep's thread refused — each refusal one line, in the user's language."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from agent.cli import app
from agent.leads import create_list
from store.identifiers import luhn_ok
from store.models import Company

SECRET = "correct horse battery"


def siren(prefix: int) -> str:
    base = f"{prefix:08d}"
    return next(base + str(digit) for digit in range(10) if luhn_ok(base + str(digit)))


LEAD = siren(30_000_000)


@pytest.fixture
def store(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The test's store, which the commands open (FILON_DATABASE_URL), with two lists."""
    monkeypatch.setenv("FILON_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("FILON_COMPANY_SOURCE", "local")
    with Session(engine) as session:
        session.add(Company(siren=LEAD, name="Verilia", city="LYON"))
        session.commit()
    create_list(engine, name="Alice ESN", owner="alice.martin", sirens=[LEAD])
    create_list(engine, name="Bruno ESN", owner="bruno.petit")
    return engine


def filon(*args: str, language: str = "en", input: str | None = None) -> Any:
    return CliRunner().invoke(
        app, list(args), input=input, env={"FILON_LANGUAGE": language, "COLUMNS": "200"}
    )


def one_line_error(result: Any, *says: str) -> str:
    assert result.exit_code != 0, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("filon: "), result.stderr
    for words in says:
        assert words in result.stderr, result.stderr
    return str(result.stderr)


def ok(result: Any) -> str:
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def team(store: Engine) -> None:
    """root (the first user: an admin), maya.roux (manager), alice.martin and bruno.petit."""
    ok(filon("users", "add", "root", "--no-password"))
    ok(filon("users", "add", "maya.roux", "--role", "manager", "--no-password", "--user", "root"))
    for login in ("alice.martin", "bruno.petit"):
        ok(filon("users", "add", login, "--password", SECRET, "--user", "root"))


def test_the_first_user_is_an_admin_and_says_what_changes(store: Engine) -> None:
    said = ok(filon("users", "list"))
    assert "single-user mode" in said

    said = ok(
        filon(
            "users",
            "add",
            "alice.martin",
            "--display-name",
            "Alice Martin-Dubois",
            input=f"{SECRET}\n{SECRET}\n",
        )
    )
    assert "Alice Martin-Dubois (alice.martin) added as admin." in said
    assert "First user, admin" in said and SECRET not in said

    said = ok(filon("users", "add", "bruno.petit", "--user", "alice.martin", "--no-password"))
    assert "Bruno Petit (bruno.petit) added as rep." in said
    assert "First user" not in said


def test_a_prompted_password_is_checked_twice_and_never_printed(store: Engine) -> None:
    one_line_error(filon("users", "add", "alice.martin", input="short\n"), "8 to 256 characters")
    one_line_error(filon("users", "add", "alice.martin", input=f"{SECRET}\n{SECRET}?\n"), "differ")
    one_line_error(
        filon("users", "add", "alice.martin", "--password", "", language="fr"), "8 et 256"
    )
    one_line_error(
        filon("users", "add", "alice.martin", "--password", SECRET, "--no-password"),
        "--no-password",
    )
    assert "alice.martin" not in ok(filon("users", "list", "--json"))

    result = filon("users", "add", "alice.martin", input=f"{SECRET}\n{SECRET}\n")
    assert SECRET not in result.output
    with store.connect() as connection:
        stored = connection.execute(text('SELECT password_hash FROM "user"')).scalar_one()
    assert stored.startswith("$argon2id$") and SECRET not in stored


def test_the_list_as_a_table_and_as_json(store: Engine) -> None:
    team(store)
    document = json.loads(ok(filon("users", "list", "--json", "--user", "maya.roux")))
    users = {item["login"]: item for item in document["users"]}
    assert list(users) == ["alice.martin", "bruno.petit", "maya.roux", "root"]
    assert (users["root"]["role"], users["root"]["has_password"]) == ("admin", False)
    assert (users["alice.martin"]["role"], users["alice.martin"]["has_password"]) == ("rep", True)
    assert all("password_hash" not in item and SECRET not in str(item) for item in users.values())

    table = ok(filon("users", "list", "--user", "root", language="fr"))
    assert "4 utilisateurs" in table and "administrateur" in table and "commercial" in table


def test_only_an_admin_manages_users(store: Engine) -> None:
    team(store)
    one_line_error(
        filon("users", "add", "eve", "--no-password", "--user", "maya.roux"), "only an admin"
    )
    one_line_error(filon("users", "disable", "root", "--user", "alice.martin"), "only an admin")
    one_line_error(filon("users", "disable", "root", "--user", "root"), "last active admin")
    one_line_error(
        filon("users", "passwd", "bruno.petit", "--password", SECRET, "--user", "alice.martin"),
        "only their own password",
    )
    ok(
        filon(
            "users", "passwd", "alice.martin", "--user", "alice.martin", input="new secret!\n" * 2
        )
    )
    one_line_error(filon("users", "add", "root", "--no-password", "--user", "root"), "exists")


def test_unknown_and_disabled_users_are_refused(store: Engine) -> None:
    team(store)
    one_line_error(filon("lists", "--user", "ghost"), "“ghost” is not a Filon user")
    one_line_error(filon("leads", "--user", "ghost", language="fr"), "n'est pas un utilisateur")
    one_line_error(filon("ask", "bonjour", "--user", "ghost"), "not a Filon user")

    said = ok(filon("users", "disable", "bruno.petit", "--user", "root"))
    assert "Bruno Petit (bruno.petit) is disabled" in said
    one_line_error(filon("lists", "--user", "bruno.petit"), "disabled")
    one_line_error(filon("ask", "bonjour", "--user", "bruno.petit"), "disabled")
    ok(filon("users", "enable", "bruno.petit", "--user", "root"))
    ok(filon("lists", "--user", "bruno.petit"))


def test_no_role_above_ones_own(store: Engine) -> None:
    team(store)
    one_line_error(
        filon(
            "lists", "rename", "Bruno ESN", "Mine", "--user", "alice.martin", "--role", "manager"
        ),
        "is a rep: they cannot act as a manager",
    )
    one_line_error(
        filon("ask", "bonjour", "--user", "alice.martin", "--role", "admin"), "cannot act as"
    )
    one_line_error(
        filon("lists", "rename", "Bruno ESN", "Mine", "--user", "alice.martin"), "not shared"
    )
    # a manager's role comes from the table: no --role needed
    said = ok(filon("lists", "rename", "Bruno ESN", "Team", "--user", "maya.roux"))
    assert "renamed “Team”" in said


def test_a_rep_sees_their_lists_and_what_is_shared_with_them(store: Engine) -> None:
    team(store)

    def names(user: str) -> set[str]:
        document = json.loads(ok(filon("lists", "--json", "--user", user)))
        return {item["list"]["name"] for item in document["lists"]}

    assert names("bruno.petit") == {"Bruno ESN"}
    assert names("maya.roux") == {"Alice ESN", "Bruno ESN"}
    one_line_error(filon("leads", "--list", "Alice ESN", "--user", "bruno.petit"), "not shared")
    one_line_error(
        filon("leads", "stage", LEAD, "--to", "mql", "--user", "bruno.petit"), "not shared"
    )

    said = ok(
        filon("lists", "share", "Alice ESN", "--with", "bruno.petit", "--user", "alice.martin")
    )
    assert "shared with bruno.petit" in said
    assert names("bruno.petit") == {"Alice ESN", "Bruno ESN"}
    ok(filon("leads", "stage", LEAD, "--to", "mql", "--user", "bruno.petit"))
    said = ok(
        filon(
            "lists", "share", "Alice ESN", "--with", "bruno.petit", "--stop", "--user", "maya.roux"
        )
    )
    assert "no longer shared" in said
    assert names("bruno.petit") == {"Bruno ESN"}


def test_another_reps_thread_is_refused(store: Engine) -> None:
    team(store)
    ok(filon("ask", "bonjour", "--thread", "alice-1", "--user", "alice.martin"))
    ok(filon("ask", "merci", "--thread", "alice-1", "--user", "alice.martin"))
    one_line_error(
        filon("ask", "bonjour", "--thread", "alice-1", "--user", "bruno.petit"),
        "“alice-1” is alice.martin's: only they can continue it",
    )


def test_single_user_mode_takes_any_login_as_before(store: Engine) -> None:
    ok(filon("ask", "bonjour", "--thread", "t-1", "--user", "alice.martin"))
    ok(filon("ask", "bonjour", "--thread", "t-1", "--user", "bruno.petit"))
    document = json.loads(ok(filon("lists", "--json", "--user", "whoever")))
    assert {item["list"]["name"] for item in document["lists"]} == {"Alice ESN", "Bruno ESN"}
    ok(filon("lists", "rename", "Bruno ESN", "Team", "--user", "alice.martin", "--role", "manager"))


def test_an_admin_changes_a_role_and_the_last_admin_keeps_theirs(store: Engine) -> None:
    team(store)
    said = ok(filon("users", "role", "alice.martin", "manager", "--user", "root", language="fr"))
    assert "Alice Martin (alice.martin) a désormais le rôle manager." in said

    one_line_error(filon("users", "role", "root", "rep", "--user", "root"), "last active admin")
    one_line_error(filon("users", "role", "root", "rep", "--user", "alice.martin"), "only an admin")
    one_line_error(filon("users", "role", "alice.martin", "boss", "--user", "root"))
    one_line_error(filon("users", "role", "nobody", "rep", "--user", "root"), "nobody")

    ok(filon("users", "role", "bruno.petit", "admin", "--user", "root"))
    ok(filon("users", "role", "root", "rep", "--user", "bruno.petit"))
    users = json.loads(ok(filon("users", "list", "--json", "--user", "root")))["users"]
    roles = {user["login"]: user["role"] for user in users}
    assert roles == {
        "alice.martin": "manager",
        "bruno.petit": "admin",
        "maya.roux": "manager",
        "root": "rep",
    }
