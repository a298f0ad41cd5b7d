"""Giving a lead list away, on SQLite and PostgreSQL: by default only its previous owner's
leads move and teammates' leads stay theirs (counted by owner); every lead moves only once
confirmed; giving it back returns exactly the leads that moved, each to whoever held it; the
per-rep won and lost figures stay with whoever owned a lead when it closed; the records go
with the list when it is deleted."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from filon_processes import valid_siren as siren
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, func, select

from agent.leads import AssignNotConfirmed, assign_list, delete_list, set_stage
from agent.leads.wording import assignment_notes
from agent.pipeline import pipeline_summary
from store.db import session_scope
from store.models import (
    Company,
    Lead,
    LeadList,
    LeadListAssignment,
    LeadOwnerChange,
    LeadStage,
)

TODAY = date(2026, 11, 18)
WON_AT = datetime(2026, 11, 10, 9, tzinfo=UTC)
# (owner, stage) of the leads of Bruno's list "Gironde"
LEADS = [
    ("bruno.petit", LeadStage.new),
    ("bruno.petit", LeadStage.sql),
    ("bruno.petit", LeadStage.won),
    ("alice.martin", LeadStage.won),
    ("alice.martin", LeadStage.new),
    ("david.roux", LeadStage.lost),
    ("chloe.bernard", LeadStage.mql),
]
SIRENS = [siren(61_000_000 + index) for index in range(len(LEADS))]


@pytest.fixture
def store(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        session.add_all(Company(siren=value, name=f"Cabinet {i}") for i, value in enumerate(SIRENS))
        gironde = LeadList(name="Gironde", owner="bruno.petit")
        session.add(gironde)
        session.flush()
        for value, (owner, stage) in zip(SIRENS, LEADS, strict=True):
            closed = stage in (LeadStage.won, LeadStage.lost)
            session.add(
                Lead(
                    list_id=gironde.id,
                    company_siren=value,
                    owner=owner,
                    stage=stage,
                    created_at=WON_AT,
                    sql_at=WON_AT if stage in (LeadStage.sql, LeadStage.won) else None,
                    closed_at=WON_AT if closed else None,
                )
            )
    return engine


def owners(engine: Engine) -> list[str | None]:
    with Session(engine) as session:
        found = dict(session.exec(select(Lead.company_siren, Lead.owner)).all())
    return [found[value] for value in SIRENS]


def results(engine: Engine) -> dict[str | None, tuple[int, int, int]]:
    """Per rep: won this month, won now and lost now, as the pipeline summary says."""
    summary = pipeline_summary(engine, today=TODAY, period="month")
    return {
        item.owner: (item.won, item.stages["won"], item.stages["lost"]) for item in summary.owners
    }


def test_by_default_only_the_previous_owners_leads_move(store: Engine) -> None:
    before = results(store)
    given = assign_list(store, name="Gironde", owner="Chloé", user="maya.roux", role="manager")
    assert (given.previous_owner, given.lead_list.owner, given.leads) == (
        "bruno.petit", "chloe.bernard", 3,
    )  # fmt: skip
    assert [(t.from_owner, t.to_owner, t.leads) for t in given.transfers] == [
        ("bruno.petit", "chloe.bernard", 3)
    ]
    assert given.kept == {"alice.martin": 2, "david.roux": 1}  # Chloé's own is hers already
    assert owners(store) == ["chloe.bernard"] * 3 + [
        "alice.martin", "alice.martin", "david.roux", "chloe.bernard",
    ]  # fmt: skip
    # Bruno's win stays his in the per-rep figures, whoever owns the lead now
    assert results(store)["bruno.petit"] == before["bruno.petit"] == (1, 1, 0)
    assert results(store)["alice.martin"] == before["alice.martin"]
    notes = assignment_notes(
        [("bruno.petit", "chloe.bernard", 3)], given.kept, owner="chloe.bernard",
        previous_owner="bruno.petit", given_back=False, language="fr",
    )  # fmt: skip
    assert notes == [
        "3 leads de la liste restent à leurs responsables (Alice Martin 2, David Roux 1). Pour "
        "les confier aussi, demandez « donne-la à Chloe Bernard avec tous ses leads »."
    ]


def test_giving_it_back_returns_exactly_what_moved(store: Engine) -> None:
    assign_list(store, name="Gironde", owner="chloe.bernard", user="maya.roux", role="manager")
    back = assign_list(store, name="Gironde", owner="Bruno", user="maya.roux", role="manager")
    assert back.given_back and back.lead_list.owner == "bruno.petit"
    assert [(t.from_owner, t.to_owner, t.leads) for t in back.transfers] == [
        ("chloe.bernard", "bruno.petit", 3)
    ]
    assert owners(store) == [owner for owner, _stage in LEADS]  # Chloé keeps her own lead
    assert back.kept == {"alice.martin": 2, "david.roux": 1, "chloe.bernard": 1}


def test_every_lead_moves_only_once_confirmed_and_goes_back_to_each(store: Engine) -> None:
    before = results(store)
    with pytest.raises(AssignNotConfirmed) as asked:
        assign_list(store, name="Gironde", owner="chloe.bernard", user="maya.roux",
                    role="manager", every_lead=True)  # fmt: skip
    assert asked.value.values["others"] == "Alice Martin 2, David Roux 1"
    assert owners(store) == [owner for owner, _stage in LEADS]  # nothing moved
    given = assign_list(store, name="Gironde", owner="chloe.bernard", user="maya.roux",
                        role="manager", every_lead=True, confirm=True)  # fmt: skip
    assert given.leads == 6 and given.kept == {} and given.every_lead
    assert set(owners(store)) == {"chloe.bernard"}
    after = results(store)  # the won and lost leads still count for who closed them
    for rep in ("bruno.petit", "alice.martin", "david.roux"):
        assert after[rep][0] == before[rep][0] and after[rep][1:] == before[rep][1:]
    back = assign_list(store, name="Gironde", owner="bruno.petit", user="maya.roux",
                       role="manager")  # fmt: skip
    assert back.given_back and owners(store) == [owner for owner, _stage in LEADS]
    assert {(t.to_owner, t.leads) for t in back.transfers} == {
        ("bruno.petit", 3), ("alice.martin", 2), ("david.roux", 1),
    }  # fmt: skip


def test_a_win_after_the_move_is_the_new_owners(store: Engine) -> None:
    assign_list(store, name="Gironde", owner="chloe.bernard", user="maya.roux", role="manager")
    set_stage(store, siren=SIRENS[1], stage="won", user="chloe.bernard")
    assert results(store)["chloe.bernard"][1] == 1
    set_stage(store, siren=SIRENS[2], stage="lost", user="chloe.bernard", reason="rachetés")
    assert results(store)["chloe.bernard"][2] == 1  # Bruno's win reopened and lost by Chloé
    assert results(store).get("bruno.petit", (0, 0, 0))[1] == 0


def test_the_records_go_with_the_list(store: Engine) -> None:
    assign_list(store, name="Gironde", owner="chloe.bernard", user="maya.roux", role="manager")
    assign_list(store, name="Gironde", owner="bruno.petit", user="maya.roux", role="manager")
    with Session(store) as session:
        assert session.exec(select(func.count()).select_from(LeadOwnerChange)).one() == 6
        assert session.exec(select(func.count()).select_from(LeadListAssignment)).one() == 2
    delete_list(store, name="Gironde", user="maya.roux", role="manager", confirm=True)
    with Session(store) as session:
        assert session.exec(select(func.count()).select_from(LeadOwnerChange)).one() == 0
        assert session.exec(select(func.count()).select_from(LeadListAssignment)).one() == 0


def test_migration_0017_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [
            diff
            for diff in compare_metadata(context, SQLModel.metadata)
            if any(
                name in repr(diff)
                for name in ("leadlistassignment", "leadownerchange", "closed_owner")
            )
        ]
    assert differences == []
