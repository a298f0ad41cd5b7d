"""Lead lists as wholes, on SQLite and PostgreSQL: counts per stage, renaming, deleting (only
once confirmed, with the leads' stage history), reassigning, who may do it; browsing leads by
owner, last contact and page; owners' display names."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from filon_processes import valid_siren as siren
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from agent.leads import (
    AmbiguousList,
    BadOwner,
    DeleteNotConfirmed,
    ListNameTaken,
    NotListOwner,
    UnknownList,
    UnknownOwner,
    assign_list,
    create_list,
    delete_list,
    list_leads,
    list_overview,
    rename_list,
    set_stage,
)
from store.db import session_scope
from store.models import Company, Contact, Lead, LeadList, LeadStage, LeadStageChange
from store.repositories import lead_lists
from store.users import display_name

SIRENS = [siren(60_000_000 + index) for index in range(6)]
TODAY = date(2026, 11, 18)


@pytest.fixture
def store(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        session.add_all(Company(siren=value, name=f"Société {i}") for i, value in enumerate(SIRENS))
    create_list(engine, name="ESN Lyon", owner="alice.martin", sirens=SIRENS[:4])
    create_list(engine, name="BTP", owner="bruno.petit", sirens=SIRENS[3:])
    set_stage(engine, siren=SIRENS[0], stage="sql", user="alice.martin", reason="signé")
    set_stage(engine, siren=SIRENS[1], stage="lost", user="alice.martin", reason="budget gelé")
    return engine


def test_overview_counts_leads_per_stage_for_everyone_or_one_owner(store: Engine) -> None:
    lists = {item.lead_list.name: item for item in list_overview(store)}
    assert list(lists) == ["BTP", "ESN Lyon"]
    assert lists["ESN Lyon"].leads == 4
    assert lists["ESN Lyon"].stages == {"new": 2, "sql": 1, "lost": 1}
    assert lists["BTP"].stages == {"new": 3}
    assert lists["ESN Lyon"].last_activity_at is not None
    mine = list_overview(store, owner="Alice.Martin")
    assert [item.lead_list.name for item in mine] == ["ESN Lyon"]
    assert list_overview(store, owner="nobody") == []


def test_rename_keeps_the_leads_and_refuses_a_name_the_owner_uses(store: Engine) -> None:
    update = rename_list(
        store, name="esn lyon", new_name="  ESN  Rhône ", user="alice.martin", role="rep"
    )
    assert (update.previous_name, update.lead_list.name, update.leads) == (
        "ESN Lyon",
        "ESN Rhône",
        4,
    )
    assert list_leads(store, list_name="ESN Rhône").total == 4
    # only the case changes: the same list
    again = rename_list(
        store, name="ESN Rhône", new_name="esn rhône", user="alice.martin", role="rep"
    )
    assert again.lead_list.name == "esn rhône"

    create_list(store, name="Cibles", owner="alice.martin")
    with pytest.raises(
        ListNameTaken, match=re.escape("alice.martin already has a lead list named 'CIBLES'")
    ):
        rename_list(store, name="esn rhône", new_name="CIBLES", user="alice.martin", role="rep")
    # another owner's list of that name is no obstacle
    rename_list(store, name="BTP", new_name="Cibles", user="bruno.petit", role="rep")
    assert {item.lead_list.name for item in list_overview(store)} == {"esn rhône", "Cibles"}


def test_who_may_change_a_list(store: Engine) -> None:
    with pytest.raises(NotListOwner, match=re.escape("belongs to alice.martin")):
        rename_list(store, name="ESN Lyon", new_name="Mine", user="bruno.petit", role="rep")
    with pytest.raises(NotListOwner):
        delete_list(store, name="ESN Lyon", user="bruno.petit", role="rep", confirm=True)
    with pytest.raises(NotListOwner):
        assign_list(store, name="ESN Lyon", owner="bruno.petit", user="bruno.petit", role="rep")
    update = rename_list(store, name="ESN Lyon", new_name="Revue", user="lea", role="manager")
    assert update.lead_list.owner == "alice.martin"
    with pytest.raises(UnknownList, match=re.escape("'BTP', 'Revue'")):
        rename_list(store, name="Nope", new_name="x", user="lea", role="manager")
    with pytest.raises(ValueError, match="needs a name"):
        rename_list(store, name="Revue", new_name="   ", user="alice.martin", role="rep")


def test_a_name_several_teammates_use_is_ambiguous_unless_one_is_yours(store: Engine) -> None:
    create_list(store, name="Relances", owner="alice.martin")
    create_list(store, name="Relances", owner="bruno.petit")
    with pytest.raises(AmbiguousList, match=re.escape("alice.martin', 'bruno.petit")):
        delete_list(store, name="relances", user="lea", role="manager", confirm=True)
    update = delete_list(store, name="relances", user="bruno.petit", role="rep", confirm=True)
    assert update.lead_list.owner == "bruno.petit"


def test_delete_needs_confirmation_and_takes_leads_and_history(store: Engine) -> None:
    with pytest.raises(DeleteNotConfirmed, match="also deletes its 4 leads") as refused:
        delete_list(store, name="ESN Lyon", user="alice.martin", role="rep")
    assert refused.value.values == {"name": "ESN Lyon", "leads": 4}
    assert list_leads(store, list_name="ESN Lyon").total == 4

    update = delete_list(store, name="ESN Lyon", user="alice.martin", role="rep", confirm=True)

    assert (update.lead_list.name, update.leads) == ("ESN Lyon", 4)
    with Session(store) as session:
        assert session.exec(select(func.count()).select_from(LeadStageChange)).one() == 0
        assert session.exec(select(func.count()).select_from(Lead)).one() == 3
        assert [item.name for item in session.exec(select(LeadList))] == ["BTP"]
    with pytest.raises(UnknownList):
        delete_list(store, name="ESN Lyon", user="alice.martin", role="rep", confirm=True)


def test_assign_moves_the_list_and_every_lead(store: Engine) -> None:
    update = assign_list(
        store, name="ESN Lyon", owner=" Chloe.Bernard ", user="alice.martin", role="rep"
    )
    assert (update.previous_owner, update.lead_list.owner, update.leads) == (
        "alice.martin",
        "chloe.bernard",
        4,
    )
    page = list_leads(store, list_name="ESN Lyon", user="chloe.bernard")
    assert {row.lead.owner for row in page.leads} == {"chloe.bernard"}

    create_list(store, name="ESN Lyon", owner="alice.martin")
    with pytest.raises(ListNameTaken, match=re.escape("alice.martin already has")):
        assign_list(store, name="ESN Lyon", owner="alice.martin", user="chloe.bernard", role="rep")
    with pytest.raises(BadOwner):
        assign_list(store, name="BTP", owner="bruno.petit!", user="bruno.petit", role="rep")
    with pytest.raises(UnknownOwner):
        assign_list(store, name="BTP", owner="Zorglub", user="bruno.petit", role="rep")
    by_name = assign_list(store, name="BTP", owner="Chloé", user="bruno.petit", role="rep")
    assert by_name.lead_list.owner == "chloe.bernard"


def test_browse_by_owner_last_contact_and_pages(store: Engine) -> None:
    with session_scope(store) as session:
        session.add_all(
            [
                Contact(company_siren=SIRENS[0], last_contacted_on=date(2026, 11, 10)),
                Contact(company_siren=SIRENS[0], last_contacted_on=date(2026, 8, 1)),
                Contact(company_siren=SIRENS[1], last_contacted_on=date(2026, 10, 19)),
                Contact(company_siren=SIRENS[2], last_contacted_on=date(2026, 10, 20)),
            ]
        )
    cold = list_leads(store, list_name="ESN Lyon", not_contacted_days=30, today=TODAY)
    # last contact 30 days ago (19 October) or earlier, or never; the latest contact counts
    assert {row.company.siren for row in cold.leads} == {SIRENS[1], SIRENS[3]}
    assert {row.company.siren: row.last_contacted_on for row in cold.leads}[SIRENS[1]] == date(
        2026, 10, 19
    )
    assert list_leads(store, not_contacted_days=0, today=TODAY).total == 7

    first = list_leads(store, owner="bruno.petit", limit=2)
    second = list_leads(store, owner="bruno.petit", limit=2, offset=2)
    assert (first.total, len(first.leads), len(second.leads)) == (3, 2, 1)
    seen = [row.lead.id for row in first.leads + second.leads]
    assert len(set(seen)) == 3
    with pytest.raises(ValueError):
        list_leads(store, not_contacted_days=-1)


def test_display_names_from_logins() -> None:
    assert display_name("alice.martin") == "Alice Martin"
    assert display_name("jean-marc.dupont@acme.fr") == "Jean-Marc Dupont"
    assert display_name("bruno_petit") == "Bruno Petit"
    assert display_name("rep") == "Rep"
    assert display_name(None) is None and display_name(" ") is None


def test_stage_changes_are_timestamped_in_utc(store: Engine) -> None:
    with Session(store) as session:
        change = session.exec(select(LeadStageChange).order_by(LeadStageChange.id)).first()
        assert change is not None
    assert change.changed_by == "alice.martin"
    assert change.changed_at.replace(tzinfo=UTC) <= datetime.now(UTC)
    assert (change.from_stage, change.to_stage) == (LeadStage.new, LeadStage.sql)


def test_a_name_taken_between_check_and_write_is_refused_by_the_database(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_list(store, name="Cibles", owner="alice.martin")
    create_list(store, name="ESN Lyon", owner="chloe.bernard")
    # as if another process made the list just after this one checked the name
    monkeypatch.setattr(lead_lists, "name_taken", lambda *args, **kwargs: False)
    with pytest.raises(ListNameTaken):
        rename_list(store, name="ESN Lyon", new_name="cibles", user="alice.martin", role="rep")
    with pytest.raises(ListNameTaken):
        assign_list(store, name="ESN Lyon", owner="chloe.bernard", user="alice.martin", role="rep")
    names = sorted((item.lead_list.name, item.lead_list.owner) for item in list_overview(store))
    assert names == [
        ("BTP", "bruno.petit"),
        ("Cibles", "alice.martin"),
        ("ESN Lyon", "alice.martin"),
        ("ESN Lyon", "chloe.bernard"),
    ]
