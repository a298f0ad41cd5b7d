"""One list per owner and name, whatever the case: the database refuses a second one, the
service reuses the first, and migration 0004 merges the duplicates older versions made."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from filon_processes import fresh_store
from filon_processes import valid_siren as siren
from sqlalchemy import insert, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from agent.leads import create_list, find_list
from store.db import make_engine, session_scope
from store.migrate import migrate
from store.models import Company, Lead, LeadList, LeadStage
from store.models.lead import list_name_key
from store.models.tables import table_of
from store.repositories.leads import insert_leads

A, B, C, D = (siren(50_000_000 + index) for index in range(4))


def test_name_keys_ignore_case_and_spacing_but_not_accents() -> None:
    assert list_name_key(" Élan  Vital ") == list_name_key("élan vital") == "élan vital"
    assert list_name_key("E\u0301LAN") == list_name_key("Élan")  # decomposed accent
    assert list_name_key("Elan") != list_name_key("Élan")
    assert list_name_key("STRASSE") == list_name_key("straße")


def test_the_database_refuses_a_second_list_of_the_same_name(engine: Engine) -> None:
    _add_list(engine, LeadList(name="Élan", owner="alice"))
    _add_list(engine, LeadList(name="Elan", owner="alice"))  # another name: accents count
    _add_list(engine, LeadList(name="élan", owner="bruno"))  # another owner
    _add_list(engine, LeadList(name="Sans titre", owner=None))
    for name, owner in [(" ÉLAN ", "alice"), ("E\u0301lan", "alice"), ("sans TITRE", None)]:
        with pytest.raises(IntegrityError):
            _add_list(engine, LeadList(name=name, owner=owner))


def _add_list(engine: Engine, lead_list: LeadList) -> None:
    with session_scope(engine) as session:
        session.add(lead_list)


@pytest.fixture
def companies(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        session.add_all(Company(siren=value, name=f"Société {value}") for value in (A, B, C, D))
    return engine


def test_creating_an_existing_list_reuses_it_whatever_the_case(companies: Engine) -> None:
    first = create_list(companies, name="Élan", owner="alice", sirens=[A])
    again = create_list(companies, name="ÉLAN", owner="alice", sirens=[A, B])

    assert first.created and not again.created
    assert again.lead_list.id == first.lead_list.id and again.lead_list.name == "Élan"
    assert (again.added, again.already_there) == ([B], [A])
    assert find_list(companies, name="élan", user="alice").id == first.lead_list.id


def test_adding_leads_reports_only_the_rows_inserted(companies: Engine) -> None:
    lead_list = create_list(companies, name="Cibles", owner="alice", sirens=[A]).lead_list
    assert lead_list.id is not None
    with session_scope(companies) as session:
        inserted = insert_leads(
            session, list_id=lead_list.id, sirens=[B, A, C, B], owner="alice", source="test"
        )
    assert inserted == {B, C}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_at_0003(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    for store in fresh_store(request.param, tmp_path):
        engine = make_engine(store.url)
        migrate(engine, "0003")
        yield engine
        engine.dispose()


def test_migration_merges_duplicate_lists_into_the_oldest_losing_no_lead(
    store_at_0003: Engine,
) -> None:
    engine = store_at_0003
    oldest = _old_list(engine, "Élan", "alice", datetime(2026, 1, 1), None)
    duplicate = _old_list(engine, "élan ", "alice", datetime(2026, 2, 1), "Relances T1")
    unaccented = _old_list(engine, "ELAN", "alice", datetime(2026, 3, 1), None)
    bruno = _old_list(engine, "Élan", "bruno", datetime(2026, 4, 1), None)
    nobody = _old_list(engine, "sans titre", None, datetime(2026, 5, 1), None)
    nobody_again = _old_list(engine, "Sans Titre", None, datetime(2026, 6, 1), None)
    with session_scope(engine) as session:
        session.add_all(Company(siren=value, name=f"Société {value}") for value in (A, B, C, D))
        session.flush()
        old_leads = [
            Lead(list_id=oldest, company_siren=A),
            Lead(list_id=oldest, company_siren=B),
            Lead(list_id=duplicate, company_siren=B, stage=LeadStage.sql, score=80),
            Lead(list_id=duplicate, company_siren=C, stage=LeadStage.mql),
            Lead(list_id=unaccented, company_siren=D),
            Lead(list_id=bruno, company_siren=A),
            Lead(list_id=nobody, company_siren=A),
            Lead(list_id=nobody_again, company_siren=D),
        ]
        # written as the columns of revision 0003 (later migrations add columns to `lead`)
        columns = {column["name"] for column in inspect(session.connection()).get_columns("lead")}
        session.execute(
            insert(table_of(Lead)),
            [
                {key: value for key, value in lead.model_dump().items() if key in columns - {"id"}}
                for lead in old_leads
            ],
        )

    migrate(engine)

    with Session(engine) as session:
        lists = {item.id: item for item in session.exec(select(LeadList)).all()}
        assert set(lists) == {oldest, unaccented, bruno, nobody}
        assert lists[oldest].name == "Élan" and lists[oldest].description == "Relances T1"
        leads = {(lead.list_id, lead.company_siren): lead for lead in session.exec(select(Lead))}
    assert set(leads) == {
        (oldest, A), (oldest, B), (oldest, C), (unaccented, D), (bruno, A),
        (nobody, A), (nobody, D),
    }  # fmt: skip
    # B was in both lists: the lead kept is the one further along the funnel.
    assert (leads[(oldest, B)].stage, leads[(oldest, B)].score) == (LeadStage.sql, 80)
    with pytest.raises(IntegrityError):
        _add_list(engine, LeadList(name="ÉLAN", owner="alice"))


def _old_list(
    engine: Engine, name: str, owner: str | None, created: datetime, description: str | None
) -> int:
    """A lead list written as revision 0003 knew them (no name key)."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO leadlist (name, owner, description, source, created_at) "
                "VALUES (:name, :owner, :description, 'manual', :created)"
            ),
            {"name": name, "owner": owner, "description": description, "created": created},
        )
        query = text("SELECT max(id) FROM leadlist")
        return int(connection.execute(query).scalar_one())
