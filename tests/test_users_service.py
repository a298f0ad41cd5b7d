"""The users service on SQLite and PostgreSQL: adding users (the first is an admin), who may
manage them, passwords (hashed with Argon2id, never stored in clear), disabling and enabling,
display names from the table, and who a login acts as (`access_of`)."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from agent.users import (
    AdminOnly,
    BadLogin,
    LastAdmin,
    NoPasswordChange,
    RoleAboveOwn,
    UnknownUser,
    UserDisabled,
    UserExists,
    WeakPassword,
    add_user,
    authenticate,
    disable_user,
    display_name,
    enable_user,
    get_user,
    has_users,
    identify,
    list_users,
    load_names,
    set_password,
)
from store.models import User

SECRET = "correct horse battery"


def test_migration_0013_matches_the_models(engine: Engine) -> None:
    assert {"user", "leadlistshare", "chatthread"} <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            diff
            for diff in compare_metadata(context, SQLModel.metadata)
            if any(name in repr(diff) for name in ("'user'", "leadlistshare", "chatthread"))
        ]
    assert differences == []


def test_the_first_user_is_an_admin_and_the_next_ones_reps(engine: Engine) -> None:
    assert not has_users(engine)
    first = add_user(engine, login="Alice.Martin", by="anyone", password=SECRET)
    second = add_user(engine, login="bruno.petit", by="alice.martin", display_name=" Bruno  P. ")

    assert (first.login, first.role, first.active, first.has_password) == (
        "alice.martin",
        "admin",
        True,
        True,
    )
    assert (second.role, second.display_name, second.has_password) == ("rep", "Bruno P.", False)
    assert has_users(engine)
    assert [user.login for user in list_users(engine)] == ["alice.martin", "bruno.petit"]
    with pytest.raises(UserExists):
        add_user(engine, login="ALICE.MARTIN", by="alice.martin")
    with pytest.raises(BadLogin):
        add_user(engine, login="Alice Martin", by="alice.martin")


def test_a_first_user_may_be_given_another_role(engine: Engine) -> None:
    assert add_user(engine, login="maya.roux", by="rep", role="manager").role == "manager"
    # no admin yet: anyone may still manage users, and the next one may be the admin
    assert add_user(engine, login="root", by="nobody", role="admin").role == "admin"
    with pytest.raises(AdminOnly):
        add_user(engine, login="eve", by="maya.roux")


def test_passwords_are_hashed_never_stored_in_clear(engine: Engine) -> None:
    add_user(engine, login="alice.martin", by="rep", password=SECRET)
    with engine.connect() as connection:
        row = connection.execute(text('SELECT * FROM "user"')).mappings().one()
    assert row["password_hash"].startswith("$argon2id$")
    assert all(SECRET not in str(value) for value in row.values())

    assert authenticate(engine, "alice.martin", SECRET) == get_user(engine, "alice.martin")
    assert authenticate(engine, "Alice.Martin", SECRET) is not None
    assert authenticate(engine, "alice.martin", SECRET + "!") is None
    assert authenticate(engine, "nobody", SECRET) is None
    assert authenticate(engine, "not a login", SECRET) is None


@pytest.mark.parametrize("weak", ["", "        ", "short12", "x" * 257])
def test_weak_passwords_are_refused(engine: Engine, weak: str) -> None:
    with pytest.raises(WeakPassword):
        add_user(engine, login="alice.martin", by="rep", password=weak)
    assert not has_users(engine)


def test_only_an_admin_manages_users_once_there_is_one(engine: Engine) -> None:
    add_user(engine, login="root", by="rep")
    add_user(engine, login="alice.martin", by="root", password=SECRET)

    with pytest.raises(AdminOnly):
        add_user(engine, login="eve", by="alice.martin")
    with pytest.raises(UnknownUser):
        add_user(engine, login="eve", by="mallory")
    with pytest.raises(AdminOnly):
        disable_user(engine, login="root", by="alice.martin")
    with pytest.raises(NoPasswordChange):
        set_password(engine, login="root", password=SECRET, by="alice.martin")

    set_password(engine, login="alice.martin", password="another secret", by="alice.martin")
    assert authenticate(engine, "alice.martin", "another secret") is not None
    set_password(engine, login="alice.martin", password=SECRET, by="root")
    assert authenticate(engine, "alice.martin", SECRET) is not None


def test_disabling_and_enabling(engine: Engine) -> None:
    add_user(engine, login="root", by="rep")
    add_user(engine, login="alice.martin", by="root", password=SECRET)

    with pytest.raises(LastAdmin):
        disable_user(engine, login="root", by="root")
    assert not disable_user(engine, login="alice.martin", by="root").active
    assert authenticate(engine, "alice.martin", SECRET) is None
    with pytest.raises(UserDisabled):
        identify(engine, "alice.martin")
    with pytest.raises(UserDisabled):
        add_user(engine, login="eve", by="alice.martin", role="admin")

    assert enable_user(engine, login="alice.martin", by="root").active
    assert authenticate(engine, "alice.martin", SECRET) is not None
    with pytest.raises(UnknownUser):
        enable_user(engine, login="ghost", by="root")

    add_user(engine, login="second.admin", by="root", role="admin")
    assert not disable_user(engine, login="root", by="second.admin").active


def test_who_a_login_acts_as(engine: Engine) -> None:
    # single-user mode: any login, the role asked for (a rep's by default)
    assert (identify(engine, "anyone").role, identify(engine, "anyone").team) == ("rep", False)
    assert identify(engine, "anyone", "manager").role == "manager"

    add_user(engine, login="root", by="rep")
    add_user(engine, login="maya.roux", by="root", role="manager")
    add_user(engine, login="alice.martin", by="root")

    assert identify(engine, "maya.roux").role == "manager"
    assert identify(engine, "maya.roux", "rep").role == "rep"  # a lower role may be asked for
    assert identify(engine, "alice.martin").team
    with pytest.raises(RoleAboveOwn):
        identify(engine, "alice.martin", "manager")
    with pytest.raises(RoleAboveOwn):
        identify(engine, "maya.roux", "admin")
    with pytest.raises(UnknownUser):
        identify(engine, "anyone")


def test_display_names_come_from_the_table_when_a_user_has_one(engine: Engine) -> None:
    add_user(engine, login="alice.martin", by="rep", display_name="Alice Martin-Dubois")
    add_user(engine, login="bruno.petit", by="alice.martin")
    assert display_name("alice.martin") == "Alice Martin"  # not read yet: the login's rule

    load_names(engine)

    assert display_name("alice.martin") == "Alice Martin-Dubois"
    assert display_name("ALICE.MARTIN") == "Alice Martin-Dubois"
    assert display_name("bruno.petit") == "Bruno Petit"  # no display name: the login's rule
    assert display_name("jean-marc.dupont") == "Jean-Marc Dupont"
    assert display_name(None) is None


def test_a_user_row_never_shows_its_hash() -> None:
    row = User(login="alice.martin", password_hash="$argon2id$v=19$secret")
    assert "argon2" not in repr(row) and "argon2" not in str(row)
