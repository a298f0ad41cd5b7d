"""Lead-list services on SQLite and PostgreSQL: create, add, duplicates, unknown companies,
finding lists by name, browsing leads."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.leads import InvalidSiren, UnknownList, add_companies, create_list, find_list, list_leads
from agent.leads.sirens import to_siren
from store.identifiers import luhn_ok
from store.models import Company, Lead, LeadStage


def siren(prefix: int) -> str:
    """A valid SIREN starting with these 8 digits."""
    base = f"{prefix:08d}"
    return next(base + str(digit) for digit in range(10) if luhn_ok(base + str(digit)))


SIRENS = [siren(10_000_000 + index) for index in range(5)]


@pytest.fixture
def store(engine: Engine) -> Engine:
    with Session(engine) as session:
        session.add_all(
            Company(siren=value, name=f"Company {index}", city="LYON")
            for index, value in enumerate(SIRENS)
        )
        session.commit()
    return engine


def test_create_list_with_companies(store: Engine) -> None:
    unknown = siren(99_999_999)
    change = create_list(
        store, name=" ESN Lyon ", owner="alice", sirens=[SIRENS[0], SIRENS[1], unknown]
    )

    assert change.created
    assert change.lead_list.name == "ESN Lyon"
    assert change.lead_list.owner == "alice"
    assert change.added == SIRENS[:2]
    assert change.skipped == [unknown]
    assert [row.company.siren for row in change.leads] == SIRENS[:2]
    assert all(
        row.lead.stage == LeadStage.new and row.lead.owner == "alice" for row in change.leads
    )


def test_same_name_adds_to_the_owners_list(store: Engine) -> None:
    first = create_list(store, name="ESN Lyon", owner="alice", sirens=[SIRENS[0]])
    again = create_list(store, name="esn lyon", owner="alice", sirens=[SIRENS[0], SIRENS[2]])
    other = create_list(store, name="ESN Lyon", owner="bruno")

    assert not again.created
    assert again.lead_list.id == first.lead_list.id
    assert again.added == [SIRENS[2]]
    assert again.already_there == [SIRENS[0]]
    assert other.created and other.lead_list.id != first.lead_list.id


def test_add_never_duplicates_a_company(store: Engine) -> None:
    create_list(store, name="Cibles", owner="alice", sirens=[SIRENS[0]])
    spaced = f"{SIRENS[0][:3]} {SIRENS[0][3:6]} {SIRENS[0][6:]}"
    change = add_companies(
        store, list_name="CIBLES", sirens=[spaced, SIRENS[1], SIRENS[1]], user="bruno"
    )

    assert change.added == [SIRENS[1]]
    assert change.already_there == [SIRENS[0]]
    with Session(store) as session:
        leads = session.exec(select(Lead).where(Lead.list_id == change.lead_list.id)).all()
    assert sorted(lead.company_siren for lead in leads) == SIRENS[:2]
    assert {lead.company_siren: lead.owner for lead in leads}[SIRENS[1]] == "bruno"


def test_unknown_list_names_the_existing_ones(store: Engine) -> None:
    create_list(store, name="Cibles", owner="alice")
    with pytest.raises(UnknownList, match="'Cibles'") as caught:
        add_companies(store, list_name="Nope", sirens=[SIRENS[0]], user="alice")
    assert caught.value.existing == ["Cibles"]


def test_find_list_prefers_the_users_own(store: Engine) -> None:
    create_list(store, name="Cibles", owner="alice")
    own = create_list(store, name="Cibles", owner="bruno")

    assert find_list(store, name="cibles", user="bruno").id == own.lead_list.id
    assert find_list(store, name="cibles", user="chloe").owner == "alice"


def test_bad_sirens_are_refused() -> None:
    siret = next(f"{SIRENS[0]}0001{d}" for d in range(10) if luhn_ok(f"{SIRENS[0]}0001{d}"))
    assert to_siren(siret) == SIRENS[0]
    with pytest.raises(InvalidSiren, match="9 or 14 digits"):
        to_siren("12345")
    with pytest.raises(InvalidSiren, match="check digit"):
        to_siren(SIRENS[0][:8] + str((int(SIRENS[0][8]) + 1) % 10))


def test_list_leads_filters_and_total(store: Engine) -> None:
    created = create_list(store, name="Cibles", owner="alice", sirens=SIRENS)
    with Session(store) as session:
        for lead_row, (stage, score) in zip(
            created.leads,
            [("sql", 80), ("sql", 90), ("new", 10), ("mql", None), ("new", 30)],
            strict=True,
        ):
            lead = session.get(Lead, lead_row.lead.id)
            assert lead is not None
            lead.stage, lead.score = LeadStage(stage), score
            if stage == "sql":
                lead.owner = "bruno"
            session.add(lead)
        session.commit()

    everything = list_leads(store, list_name="cibles", limit=2)
    assert everything.total == 5
    assert [row.lead.score for row in everything.leads] == [90, 80]

    sqls = list_leads(store, stage="sql", owner="BRUNO")
    assert sqls.lead_list is None
    assert sqls.total == 2
    assert {row.lead.owner for row in sqls.leads} == {"bruno"}
    assert list_leads(store, list_name="Cibles", stage="won").total == 0
    with pytest.raises(UnknownList):
        list_leads(store, list_name="Autre")

    # several stages at once, counted per stage too; one given as a list stays one
    both = list_leads(store, stages=["new", "sql"])
    assert both.total == 4 and both.by_stage == {"new": 2, "sql": 2}
    assert {row.lead.stage for row in both.leads} == {LeadStage.new, LeadStage.sql}
    of_alice = list_leads(store, list_name="Cibles", stages=["mql", "sql"], owner="alice")
    assert (of_alice.total, of_alice.by_stage) == (1, {"mql": 1, "sql": 0})
    single = list_leads(store, stages=["new"])
    assert (single.stage, single.stages, single.total) == (LeadStage.new, [], 2)


def test_list_leads_by_intent_puts_the_hottest_companies_first(store: Engine) -> None:
    from datetime import date

    from store.models import CompanyIntent

    created = create_list(store, name="Chaudes", owner="alice", sirens=SIRENS)
    scores = dict(zip(SIRENS, [90, 80, 70, 60, 50], strict=True))
    with Session(store) as session:
        for row in created.leads:
            lead = session.get(Lead, row.lead.id)
            assert lead is not None
            lead.score = scores[row.company.siren]
            session.add(lead)
        # intent: the fourth hottest, then the second; the others were never scored
        session.add(CompanyIntent(company_siren=SIRENS[3], score=40, computed_on=date(2026, 11, 1)))
        session.add(CompanyIntent(company_siren=SIRENS[1], score=12, computed_on=date(2026, 11, 1)))
        session.commit()
    by_score = list_leads(store, list_name="Chaudes")
    assert [row.company.siren for row in by_score.leads] == SIRENS
    by_intent = list_leads(store, list_name="Chaudes", order="intent")
    assert [row.company.siren for row in by_intent.leads] == [
        SIRENS[3],
        SIRENS[1],
        SIRENS[0],
        SIRENS[2],
        SIRENS[4],
    ]
    assert [row.intent for row in by_intent.leads] == [40, 12, None, None, None]
    assert by_intent.order == "intent" and by_intent.total == 5
