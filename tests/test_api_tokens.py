"""Personal access tokens on SQLite and PostgreSQL (migration 0015): made by their user or an
admin, shown once and stored only as a digest, a name unique per user even when two processes
make it at once, and who a token is at each request — nobody once revoked, expired, or its
user disabled; then `filon users token`, `tokens`, `revoke-token`, each refusal one line."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel
from typer.testing import CliRunner

from agent.cli import app
from agent.i18n import quote
from agent.users import (
    BadTokenDays,
    BadTokenName,
    NotYourToken,
    TokenExists,
    UnknownToken,
    UnknownUser,
    UserDisabled,
    add_user,
    create_token,
    disable_user,
    enable_user,
    list_tokens,
    revoke_token,
    token_user,
)
from store.models._time import utcnow


@pytest.fixture
def team(engine: Engine) -> Engine:
    """An admin (maya.roux) and two reps."""
    add_user(engine, login="maya.roux", by="rep", display_name="Maya Roux")
    add_user(engine, login="alice.martin", by="maya.roux")
    add_user(engine, login="bruno.petit", by="maya.roux")
    return engine


def test_migration_0015_matches_the_models(engine: Engine) -> None:
    assert "apitoken" in inspect(engine).get_table_names()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            diff
            for diff in compare_metadata(context, SQLModel.metadata)
            if "apitoken" in repr(diff)
        ]
    assert differences == []


def test_a_token_is_shown_once_and_stored_as_a_digest(team: Engine) -> None:
    made = create_token(team, login="alice.martin", by="alice.martin", name="Laptop")

    assert made.secret.startswith("filon_") and len(made.secret) == 49
    assert made.secret not in repr(made)
    assert (made.info.login, made.info.name, made.info.created_by) == (
        "alice.martin",
        "laptop",
        "alice.martin",
    )
    assert made.info.prefix == made.secret[:12]
    assert made.info.expires_at is not None
    assert timedelta(days=89) < made.info.expires_at - made.info.created_at <= timedelta(days=90)
    with team.connect() as connection:
        row = connection.execute(text("SELECT * FROM apitoken")).mappings().one()
    assert all(made.secret not in str(value) for value in row.values())
    assert len(row["token_hash"]) == 64

    holder = token_user(team, made.secret)
    assert holder is not None
    assert (holder.user.login, holder.user.role, holder.token.name) == (
        "alice.martin",
        "rep",
        "laptop",
    )


def test_who_may_make_list_and_revoke_tokens(team: Engine) -> None:
    create_token(team, login="alice.martin", by="alice.martin", name="laptop")
    create_token(team, login="bruno.petit", by="maya.roux", name="ci", days=0)

    with pytest.raises(NotYourToken):
        create_token(team, login="bruno.petit", by="alice.martin", name="mine-now")
    with pytest.raises(NotYourToken):
        list_tokens(team, by="alice.martin", login="bruno.petit")
    with pytest.raises(NotYourToken):
        revoke_token(team, login="bruno.petit", name="ci", by="alice.martin")
    with pytest.raises(UnknownUser):
        create_token(team, login="ghost", by="maya.roux", name="x")

    assert [t.name for t in list_tokens(team, by="alice.martin")] == ["laptop"]
    everyone = list_tokens(team, by="maya.roux")
    assert [(t.login, t.name, t.expires_at) for t in everyone] == [
        ("alice.martin", "laptop", everyone[0].expires_at),
        ("bruno.petit", "ci", None),
    ]
    assert revoke_token(team, login="bruno.petit", name="ci", by="maya.roux").name == "ci"
    with pytest.raises(UnknownToken):
        revoke_token(team, login="bruno.petit", name="ci", by="maya.roux")


@pytest.mark.parametrize("name", ["", "  ", "two words", "x" * 41, "-dash-first", "é"])
def test_bad_token_names_are_refused(team: Engine, name: str) -> None:
    with pytest.raises(BadTokenName):
        create_token(team, login="alice.martin", by="alice.martin", name=name)


@pytest.mark.parametrize("days", [-1, 3651])
def test_lifetimes_out_of_range_are_refused(team: Engine, days: int) -> None:
    with pytest.raises(BadTokenDays):
        create_token(team, login="alice.martin", by="alice.martin", name="x", days=days)


def test_a_name_is_one_token_per_user_even_made_at_once(team: Engine) -> None:
    start = Barrier(4)

    def make(_: int) -> str:
        start.wait()
        try:
            return create_token(team, login="alice.martin", by="alice.martin", name="ide").secret
        except TokenExists:
            return "taken"

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(make, range(4)))
    assert results.count("taken") == 3
    assert len(list_tokens(team, by="alice.martin")) == 1
    # another user may use the same name
    create_token(team, login="bruno.petit", by="bruno.petit", name="ide")


def test_a_token_is_nobody_once_revoked_expired_or_its_user_disabled(team: Engine) -> None:
    made = create_token(team, login="alice.martin", by="alice.martin", name="laptop", days=1)
    assert token_user(team, made.secret) is not None
    assert token_user(team, made.secret, now=utcnow() + timedelta(days=2)) is None

    disable_user(team, login="alice.martin", by="maya.roux")
    assert token_user(team, made.secret) is None
    with pytest.raises(UserDisabled):
        create_token(team, login="alice.martin", by="maya.roux", name="another")
    enable_user(team, login="alice.martin", by="maya.roux")
    assert token_user(team, made.secret) is not None

    revoke_token(team, login="alice.martin", name="laptop", by="alice.martin")
    assert token_user(team, made.secret) is None


@pytest.mark.parametrize("secret", ["", "Bearer x", "filon_short", "x" * 49, "filon_" + "!" * 43])
def test_anything_but_a_token_is_nobody(team: Engine, secret: str) -> None:
    create_token(team, login="alice.martin", by="alice.martin", name="laptop")
    assert token_user(team, secret) is None


def test_the_last_use_is_recorded_without_a_write_per_request(team: Engine) -> None:
    made = create_token(team, login="alice.martin", by="alice.martin", name="laptop")
    assert list_tokens(team, by="alice.martin")[0].last_used_at is None
    first = utcnow()
    token_user(team, made.secret, now=first)
    token_user(team, made.secret, now=first + timedelta(minutes=1))
    assert list_tokens(team, by="alice.martin")[0].last_used_at == first
    later = first + timedelta(minutes=6)
    token_user(team, made.secret, now=later)
    assert list_tokens(team, by="alice.martin")[0].last_used_at == later


# The commands.


def filon(*args: str, language: str = "en") -> Any:
    return CliRunner().invoke(app, list(args), env={"FILON_LANGUAGE": language, "COLUMNS": "200"})


@pytest.fixture
def cli_team(team: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("FILON_DATABASE_URL", team.url.render_as_string(hide_password=False))
    return team


def test_filon_users_token_prints_it_once(cli_team: Engine) -> None:
    made = filon("users", "token", "alice.martin", "--name", "vscode")
    assert made.exit_code == 0, made.output
    head, secret, how = made.stdout.splitlines()
    assert head.startswith("Token “vscode” for Alice Martin (alice.martin), valid until ")
    assert secret.startswith("filon_") and "Authorization: Bearer" in how
    assert token_user(cli_team, secret) is not None

    listed = filon("users", "tokens", "--user", "maya.roux")
    assert listed.exit_code == 0, listed.output
    assert "vscode" in listed.stdout and secret[:12] in listed.stdout
    assert secret not in listed.stdout
    document = json.loads(filon("users", "tokens", "alice.martin", "--json").stdout)
    assert [t["name"] for t in document["tokens"]] == ["vscode"]
    assert document["tokens"][0]["last_used_at"] is not None  # token_user above used it

    french = filon("users", "revoke-token", "alice.martin", "vscode", language="fr")
    said = f"Jeton {quote('vscode', 'fr')} (alice.martin) révoqué : il ne fonctionne plus.\n"
    assert french.stdout == said
    assert token_user(cli_team, secret) is None


def test_filon_users_token_json_for_scripts(cli_team: Engine) -> None:
    made = filon("users", "token", "bruno.petit", "--name", "ci", "--days", "0", "--json")
    document = json.loads(made.stdout)
    assert (document["login"], document["name"], document["expires_at"]) == (
        "bruno.petit",
        "ci",
        None,
    )
    holder = token_user(cli_team, document["token"])
    assert holder is not None and holder.user.login == "bruno.petit"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("users", "token", "bruno.petit", "--user", "alice.martin"), "can manage only their own"),
        (("users", "token", "ghost"), "“ghost” is not a Filon user"),
        (("users", "token", "alice.martin", "--name", "two words"), "is not a token name"),
        (("users", "token", "alice.martin", "--days", "-3"), "a token lasts 1 to 3,650 days"),
        (("users", "revoke-token", "alice.martin", "nothing"), "has no token named “nothing”"),
        (("users", "tokens", "bruno.petit", "--user", "alice.martin"), "can manage only"),
    ],
)
def test_refusals_are_one_line(cli_team: Engine, args: tuple[str, ...], says: str) -> None:
    result = filon(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("filon: ")
    assert says in result.stderr, result.stderr
    assert result.stdout == ""
