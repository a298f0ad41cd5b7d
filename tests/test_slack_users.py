"""A Filon user per Slack account, on SQLite and PostgreSQL: linking (an admin's job), the
account unique in the database — two links racing for it write one —, the migration that adds
it, and who a Slack member is (`agent.slack.people`). Slack events are taken in once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from filon_processes import fresh_store
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from agent.slack.api import Member, Profile
from agent.slack.deliveries import first_delivery
from agent.slack.people import person_of
from agent.users import (
    AdminOnly,
    BadSlackId,
    SlackIdTaken,
    UnknownUser,
    add_user,
    disable_user,
    link_slack,
    unlink_slack,
    user_for_slack,
)
from store.db import make_engine
from store.migrate import alembic_config, migrate

ADMIN, ALICE, BRUNO = "maya.roux", "alice.martin", "bruno.petit"


@pytest.fixture
def team(engine: Engine) -> Engine:
    add_user(engine, login=ADMIN, by=ADMIN, role="admin")
    add_user(engine, login=ALICE, by=ADMIN)
    add_user(engine, login=BRUNO, by=ADMIN)
    return engine


def test_an_admin_links_a_user_to_one_slack_account(team: Engine) -> None:
    linked = link_slack(team, login=ALICE, slack_id=" u0alice01 ", by=ADMIN)
    assert linked.slack_id == "U0ALICE01"
    found = user_for_slack(team, "U0ALICE01")
    assert found is not None and found.login == ALICE
    moved = link_slack(team, login=ALICE, slack_id="W0ALICEGRID", by=ADMIN)  # replaces the link
    assert moved.slack_id == "W0ALICEGRID" and user_for_slack(team, "U0ALICE01") is None
    with pytest.raises(SlackIdTaken) as taken:
        link_slack(team, login=BRUNO, slack_id="W0ALICEGRID", by=ADMIN)
    assert taken.value.values == {"slack_id": "W0ALICEGRID", "holder": ALICE}
    assert unlink_slack(team, login=ALICE, by=ADMIN).slack_id is None
    assert link_slack(team, login=BRUNO, slack_id="W0ALICEGRID", by=ADMIN).slack_id == "W0ALICEGRID"


def test_only_an_admin_links_and_only_slack_ids_are_taken(team: Engine) -> None:
    with pytest.raises(AdminOnly):
        link_slack(team, login=ALICE, slack_id="U0ALICE01", by=ALICE)
    with pytest.raises(UnknownUser):
        link_slack(team, login="nobody", slack_id="U0ALICE01", by=ADMIN)
    for bad in ("", "C0VENTES01", "alice", "U0 ALICE", "U0ALICE01<!channel>"):
        with pytest.raises(BadSlackId):
            link_slack(team, login=ALICE, slack_id=bad, by=ADMIN)
    assert user_for_slack(team, "U0ALICE01") is None


def test_adding_a_user_with_a_slack_account_taken_adds_nothing(team: Engine) -> None:
    add_user(team, login="chloe.bernard", by=ADMIN, slack_id="U0CHLOE01")
    with pytest.raises(SlackIdTaken):
        add_user(team, login="david.roux", by=ADMIN, slack_id="u0chloe01")
    with team.connect() as connection:
        logins = connection.execute(text('SELECT login FROM "user" ORDER BY login')).scalars()
        assert "david.roux" not in list(logins)


def test_two_links_racing_for_one_account_write_one(team: Engine) -> None:
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def link(login: str) -> None:
        barrier.wait()
        try:
            link_slack(team, login=login, slack_id="U0RACE001", by=ADMIN)
            outcomes[login] = "linked"
        except SlackIdTaken:
            outcomes[login] = "taken"

    threads = [threading.Thread(target=link, args=(login,)) for login in (ALICE, BRUNO)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["linked", "taken"]
    winner = next(login for login, outcome in outcomes.items() if outcome == "linked")
    found = user_for_slack(team, "U0RACE001")
    assert found is not None and found.login == winner


def _member(member_id: str, email: str | None = None, **options: object) -> Member:
    return Member(id=member_id, profile=Profile(email=email), **options)  # type: ignore[arg-type]


def test_a_slack_member_is_their_linked_user_or_the_user_their_email_is(team: Engine) -> None:
    link_slack(team, login=ALICE, slack_id="U0ALICE01", by=ADMIN)
    add_user(team, login="nadia.leroy@acme.fr", by=ADMIN)
    add_user(team, login="sophie@acme.fr", by=ADMIN, slack_id="U0SOPHIE1")

    def who(member: Member) -> tuple[str | None, bool, str | None]:
        person = person_of(team, member, single_user="rep")
        return person.login, person.active, person.language

    assert who(_member("U0ALICE01", locale="en-US")) == (ALICE, True, "en")
    assert who(_member("U0NADIA01", "Nadia.Leroy@ACME.fr", locale="fr-FR")) == (
        "nadia.leroy@acme.fr",
        True,
        "fr",
    )
    assert who(_member("U0OTHER01", "nadia.leroy@acme.fr.evil")) == (None, False, None)
    assert who(_member("U0OTHER02", "alice.martin")) == (None, False, None)  # not an email
    assert who(_member("U0IMPOST1", "sophie@acme.fr")) == (None, False, None)  # linked elsewhere
    assert who(_member("U0ALICE01", deleted=True)) == (None, False, None)
    disable_user(team, login=ALICE, by=ADMIN)
    assert who(_member("U0ALICE01", locale="de-DE")) == (ALICE, False, None)


def test_without_users_every_member_is_the_single_user(engine: Engine) -> None:
    person = person_of(engine, _member("U0ANYONE1"), single_user="rep")
    assert (person.login, person.active) == ("rep", True)


def test_an_event_is_taken_in_once_even_by_two_processes_at_once(engine: Engine) -> None:
    assert first_delivery(engine, "Ev0ONE") is True
    assert first_delivery(engine, "Ev0ONE") is False
    barrier = threading.Barrier(4)
    firsts: list[bool] = []

    def deliver() -> None:
        barrier.wait()
        firsts.append(first_delivery(engine, "Ev0RACE"))

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(firsts) == [False, False, False, True]


def test_events_older_than_a_day_are_forgotten(engine: Engine) -> None:
    first_delivery(engine, "Ev0OLD")
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE slackevent SET received_at = received_at - INTERVAL '2 days'")
            if engine.dialect.name == "postgresql"
            else text("UPDATE slackevent SET received_at = datetime(received_at, '-2 days')")
        )
    first_delivery(engine, "Ev0NEW")
    with engine.connect() as connection:
        ids = set(connection.execute(text("SELECT event_id FROM slackevent")).scalars())
    assert ids == {"Ev0NEW"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_at_0013(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for fresh in fresh_store(request.param, tmp_path):
        engine = make_engine(fresh.url)
        migrate(engine, "0013")
        yield engine
        engine.dispose()


def test_migration_0014_adds_the_slack_account_and_the_events(store_at_0013: Engine) -> None:
    with store_at_0013.begin() as connection:
        connection.execute(
            text(
                'INSERT INTO "user" (login, role, active, created_at, updated_at) '
                "VALUES ('alice.martin', 'rep', true, '2026-11-01', '2026-11-01')"
            )
        )
    migrate(store_at_0013)
    inspector = inspect(store_at_0013)
    assert "slack_id" in {column["name"] for column in inspector.get_columns("user")}
    indexes = {index["name"]: index for index in inspector.get_indexes("user")}
    assert indexes["ux_user_slack_id"]["unique"]
    assert "slackevent" in inspector.get_table_names()
    with store_at_0013.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            diff
            for diff in compare_metadata(context, SQLModel.metadata)
            if any(name in repr(diff) for name in ("'user'", "slackevent", "slack_id"))
        ]
        row = connection.execute(text('SELECT login, slack_id FROM "user"')).one()
    assert differences == []
    assert tuple(row) == ("alice.martin", None)


def test_migration_0014_goes_down_cleanly(store_at_0013: Engine) -> None:
    migrate(store_at_0013)
    config = alembic_config()
    with store_at_0013.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
    inspector = inspect(store_at_0013)
    assert "slackevent" not in inspector.get_table_names()
    assert "slack_id" not in {column["name"] for column in inspector.get_columns("user")}
