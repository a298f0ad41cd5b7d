"""Retention (CNIL: three years from collection or last contact): `filon purge` removes the
personal fields of contacts past the age and records what it removed on each; a dry run lists
them and changes nothing; ages are read as people write them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from agent.cli import app
from agent.contacts.retention import BadAge, age_in_days, purge, stale_contacts
from agent.settings import Settings
from store.db import open_store, session_scope
from store.models import Company, Contact

TODAY = date(2026, 12, 1)
SIREN = "552100554"


def _people(engine: Engine) -> None:
    """Three people: collected long ago and never contacted, collected long ago but contacted
    last month, collected last year."""
    old = datetime(2022, 6, 1, tzinfo=UTC)
    with session_scope(engine) as session:
        session.add(Company(siren=SIREN, name="Acme"))
        session.add_all(
            [
                Contact(company_siren=SIREN, first_name="Ann", last_name="Old", title="DAF",
                        function="finance", email="ann@acme.fr", phone="+33612345678",
                        field_sources={"email": {"source": "demo", "at": "2022-06-01"},
                                       "title": {"source": "demo", "at": "2022-06-01"}},
                        person_key="email:ann@acme.fr", created_at=old),
                Contact(company_siren=SIREN, first_name="Bob", last_name="Recent", email="bob@acme.fr",
                        created_at=old, last_contacted_on=date(2026, 11, 2)),
                Contact(company_siren=SIREN, first_name="Cat", last_name="New",
                        created_at=datetime(2025, 12, 1, tzinfo=UTC)),
            ]
        )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "days"), [("3y", 1095), ("36m", 1080), ("1095d", 1095), ("3 ans", 1095), ("90j", 90)]
)
def test_ages_as_people_write_them(text: str, days: int) -> None:
    assert age_in_days(text) == days


@pytest.mark.parametrize("text", ["", "3x", "0y", "trois ans"])
def test_an_age_that_cannot_be_read(text: str) -> None:
    with pytest.raises(BadAge):
        age_in_days(text)


def test_only_people_past_the_age_are_purged_and_it_is_recorded(engine: Engine) -> None:
    sqlite_engine = engine  # SQLite and PostgreSQL
    _people(sqlite_engine)
    listed = purge(sqlite_engine, older_than_days=1095, today=TODAY, user="dpo", dry_run=True)
    assert [item.name for item in listed] == ["Ann Old"]
    with Session(sqlite_engine) as session:  # a dry run changes nothing
        assert session.exec(select(Contact).where(Contact.first_name == "Ann")).one()

    purged = purge(sqlite_engine, older_than_days=1095, today=TODAY, user="dpo")
    assert [item.contact_id for item in purged] == [item.contact_id for item in listed]
    with Session(sqlite_engine) as session:
        ann = session.get(Contact, listed[0].contact_id)
        assert ann is not None
        assert (ann.first_name, ann.last_name, ann.email, ann.phone) == (None, None, None, None)
        assert (ann.title, ann.function, ann.person_key) == ("DAF", "finance", None)
        record = ann.field_sources["purged"]
        assert record["by"] == "dpo" and record["older_than_days"] == 1095
        assert record["fields"] == ["first_name", "last_name", "email", "phone"]
        assert "email" not in ann.field_sources and "title" in ann.field_sources
        names = {c.first_name for c in session.exec(select(Contact)).all()}
        assert names == {None, "Bob", "Cat"}
    assert stale_contacts(sqlite_engine, older_than_days=1095, today=TODAY) == []  # done once
    assert len(purge(sqlite_engine, older_than_days=200, today=TODAY, user="dpo")) == 1  # Cat


def test_the_cli_dry_run_json_and_one_line_errors(settings: Settings) -> None:
    store = Settings()
    store.ensure_home()
    engine = open_store(store.database_url)
    _people(engine)
    engine.dispose()
    env = {"FILON_LANGUAGE": "fr"}
    dry = CliRunner().invoke(app, ["purge", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "serait purgé (essai : rien n'a été supprimé)" in dry.stdout and "Ann Old" in dry.stdout
    done = json.loads(CliRunner().invoke(app, ["purge", "--json", "--user", "dpo"], env=env).stdout)
    assert [c["name"] for c in done["contacts"]] == ["Ann Old"] and done["dry_run"] is False
    nothing = CliRunner().invoke(app, ["purge"], env=env)
    assert "rien à purger" in nothing.stdout
    bad = CliRunner().invoke(app, ["purge", "--older-than", "3x"], env=env)
    assert bad.exit_code == 1 and bad.stderr.startswith("filon: Âge illisible")


def test_purge_blanks_the_ledgers_old_answers_but_keeps_calls_and_costs(engine: Engine) -> None:
    from store.models import ProviderCall

    with session_scope(engine) as session:
        for at, who in ((datetime(2022, 1, 5, tzinfo=UTC), "ann old@acme.fr"),
                        (datetime(2026, 11, 1, tzinfo=UTC), "cat new@acme.fr")):  # fmt: skip
            session.add(ProviderCall(run_id="r", provider="hunter", operation="find", subject=who,
                                     cost=1.0, outcome="found", answer={"email": who}, at=at))  # fmt: skip
    purge(engine, older_than_days=1095, today=TODAY, user="dpo", dry_run=True)
    with Session(engine) as session:
        assert all(call.answer for call in session.exec(select(ProviderCall)).all())
    purge(engine, older_than_days=1095, today=TODAY, user="dpo")
    with Session(engine) as session:
        calls = {call.subject: call for call in session.exec(select(ProviderCall)).all()}
    assert set(calls) == {"", "cat new@acme.fr"}
    assert calls[""].answer == {} and calls[""].cost == 1.0
    assert calls["cat new@acme.fr"].answer == {"email": "cat new@acme.fr"}
