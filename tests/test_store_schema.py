"""The schema migrates on both databases and the tables round-trip through SQLModel."""

from datetime import date

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import select

from store.db import session_scope
from store.migrate import migrate
from store.models import Company, Contact, Lead, LeadList, LeadStage


def test_migrations_create_every_table_and_are_idempotent(engine: Engine) -> None:
    migrate(engine)  # a second run is a no-op
    tables = set(inspect(engine).get_table_names())
    assert {"company", "contact", "leadlist", "lead", "signal", "engagement", "naf_label"} <= tables


def test_company_contact_and_lead_round_trip(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(
            Company(siren="552100554", name="ACME", naf_code="62.01Z", created_on=date(2010, 5, 1))
        )
        session.flush()
        session.add(
            Contact(
                company_siren="552100554",
                first_name="Jeanne",
                last_name="Durand",
                field_sources={"email": {"source": "hunter", "at": "2026-11-01"}},
            )
        )
        lead_list = LeadList(name="ESN Lyon", owner="alice")
        session.add(lead_list)
        session.flush()
        session.add(Lead(list_id=lead_list.id, company_siren="552100554", owner="alice"))
    with session_scope(engine) as session:
        contact = session.exec(select(Contact)).one()
        assert contact.full_name == "Jeanne Durand"
        assert contact.field_sources["email"]["source"] == "hunter"
        lead = session.exec(select(Lead)).one()
        assert lead.stage is LeadStage.new or lead.stage == "new"
        assert session.get(Company, "552100554").created_on == date(2010, 5, 1)
