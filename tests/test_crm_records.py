"""What a CRM receives of a lead: the mapping (shipped files, the team's file over them, one-line
refusals), the fields that never leave (suppressed people, non-diffusible registry fields), the
note (BANT, scores, AI columns, signals, the reason of the move), and the CSV target (one row
per lead, rewritten in place, formulas guarded, private)."""

from __future__ import annotations

import asyncio
import stat
from datetime import date
from pathlib import Path

import pytest
from filon_processes import valid_siren as siren
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.contacts.optout import add
from agent.crm.adapters.csv_file import CsvCrm
from agent.crm.mapping import MappingUnusable, load_mapping
from agent.crm.records import CrmIds
from agent.crm.source import Skip, build_record, read_facts
from agent.leads import create_list, set_stage
from agent.settings import Settings
from store.db import session_scope
from store.models import BantAnswer, Company, Contact, EmailStatus, Lead, Signal, SignalKind

A, B = siren(72_000_000), siren(72_000_001)
HOSTILE = '=HYPERLINK("http://x.test","clic") <script>alert(1)</script>\n"; DROP'


@pytest.fixture
def store(sqlite_engine: Engine) -> Engine:
    engine = sqlite_engine
    with session_scope(engine) as session:
        session.add(
            Company(
                siren=A,
                name="Ondilab",
                city="LYON 03",
                postcode="69003",
                naf_code="62.01Z",
                headcount_band="21",
                domain="ondilab.fr",
            )
        )
        session.add(
            Company(siren=B, name=HOSTILE, city="PARIS", naf_code="62.02A", diffusible=False)
        )
        for value in (A, B):
            session.add(
                Contact(
                    company_siren=value,
                    first_name="Claire",
                    last_name="Martin",
                    title="DSI",
                    email=f"Claire.Martin@{value}.fr",
                    email_status=EmailStatus.verified,
                )
            )
        session.add(
            Signal(
                company_siren=A,
                kind=SignalKind.hiring,
                title="Recrute 3 développeurs",
                occurred_on=date(2026, 11, 20),
            )
        )
    create_list(engine, name="ESN Lyon", owner="alice.martin", sirens=[A, B])
    with session_scope(engine) as session:
        lead = session.exec(select(Lead).where(Lead.company_siren == A)).one()
        session.add(
            BantAnswer(
                lead_id=lead.id,  # type: ignore[arg-type]
                criterion="budget",
                status="confirmed",
                value={"amount": "40000", "currency": "EUR"},
                said_by="alice.martin",
            )
        )
        session.add(
            BantAnswer(
                lead_id=lead.id,  # type: ignore[arg-type]
                criterion="timing",
                status="confirmed",
                value={"label": "avant juin", "end": "2027-05-31"},
                said_by="alice.martin",
            )
        )
    set_stage(engine, siren=A, stage="sql", user="alice.martin", reason="go du DAF")
    return engine


def lead_ids(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {lead.company_siren: lead.id for lead in session.exec(select(Lead))}  # type: ignore[misc]


def record_of(engine: Engine, value: str, crm: str = "hubspot"):  # type: ignore[no-untyped-def]
    lead_id = lead_ids(engine)[value]
    facts = read_facts(engine, [lead_id])[lead_id]
    return build_record(facts, load_mapping(crm), "fr")  # type: ignore[arg-type]


def test_a_lead_is_mapped_to_the_crms_properties(store: Engine) -> None:
    record = record_of(store, A)
    assert not isinstance(record, Skip)
    assert record.company.key_property == "filon_siren" and record.company.siren == A
    assert record.company.properties == {
        "name": "Ondilab",
        "domain": "ondilab.fr",
        "city": "Lyon 3e",
        "zip": "69003",
        "description": "Programmation informatique",
        "numberofemployees": 50,
    }
    assert record.contact is not None and record.contact.email == f"claire.martin@{A}.fr"
    assert record.contact.properties["jobtitle"] == "DSI"
    assert record.deal.key == f"filon-lead-{lead_ids(store)[A]}"
    assert record.deal.properties == {
        "dealname": "Ondilab — ESN Lyon",
        "dealstage": "qualifiedtobuy",
        "amount": 40000.0,
        "deal_currency_code": "EUR",
        "closedate": "2027-05-31",
        "pipeline": "default",
    }  # alice.martin is mapped to no HubSpot owner: left out
    note = record.note.body
    assert note.splitlines()[0] == f"Filon · {record.deal.key}"
    assert "go du DAF" in note and "40\u202f000 €" in note and "Recrute 3 développeurs" in note


def test_salesforce_and_pipedrive_get_their_own_names(store: Engine) -> None:
    salesforce = record_of(store, A, "salesforce")
    assert not isinstance(salesforce, Skip)
    assert salesforce.deal.key_property == "Filon_Lead_Key__c"
    assert salesforce.deal.properties == {"Status": "Qualified", "LeadSource": "Filon"}
    assert salesforce.company.properties["Company"] == "Ondilab"
    pipedrive = record_of(store, A, "pipedrive")
    assert not isinstance(pipedrive, Skip)
    assert pipedrive.company.key_property == ""  # matched by exact name
    assert pipedrive.deal.properties["value"] == 40000.0


def test_a_non_diffusible_company_sends_its_siren_and_name_only(store: Engine) -> None:
    record = record_of(store, B)
    assert not isinstance(record, Skip)
    assert record.company.properties == {"name": HOSTILE}
    assert record.company.siren == B


def test_a_suppressed_person_is_never_sent_and_a_suppressed_company_not_at_all(
    store: Engine,
) -> None:
    add(store, f"claire.martin@{A}.fr", user="alice.martin")
    record = record_of(store, A)
    assert not isinstance(record, Skip) and record.contact is None
    with session_scope(store) as session:
        session.add(Contact(company_siren=A, first_name="Paul", last_name="Roux", opted_out=True,
                            email=f"paul@{A}.fr"))  # fmt: skip
    record = record_of(store, A)
    assert not isinstance(record, Skip) and record.contact is None
    add(store, "ondilab.fr", user="alice.martin")
    add(store, A, user="alice.martin")
    assert record_of(store, A) == Skip("crm.skip.company_opted_out")


def test_the_teams_mapping_file_goes_over_the_shipped_one(tmp_path: Path) -> None:
    team = tmp_path / "crm.toml"
    team.write_text(
        '[hubspot.company]\nnaf_label = "industry_naf"\nheadcount = ""\n'
        '[hubspot.deal.stages]\nsql = "appointmentscheduled"\n'
        '[hubspot.owners]\n"Alice.Martin" = "4242"\n',
        encoding="utf-8",
    )
    mapping = load_mapping("hubspot", team)
    assert mapping.company.fields["naf_label"] == "industry_naf"
    assert mapping.company.fields["headcount"] == ""
    assert mapping.company.fields["name"] == "name"  # kept from the shipped file
    assert mapping.deal.stages["sql"] == "appointmentscheduled"
    assert mapping.owner("alice.martin") == "4242"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[hubspot.company]\nturnover = "revenue"\n', "company.fields.turnover"),
        ("[zoho.company]\n", "unknown CRM table [zoho]"),
        ("[hubspot\n", "is not valid TOML"),
    ],
)
def test_a_bad_mapping_file_is_refused_in_one_line(tmp_path: Path, text: str, said: str) -> None:
    team = tmp_path / "crm.toml"
    team.write_text(text, encoding="utf-8")
    with pytest.raises(MappingUnusable) as caught:
        load_mapping("hubspot", team)
    assert said in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(ValidationError):
        Settings(FILON_HOME=tmp_path, FILON_CRM_MAPPING=team)


def test_the_crm_targets_follow_the_keys_set(tmp_path: Path) -> None:
    assert Settings(FILON_HOME=tmp_path).crm_targets == ("csv",)
    with_keys = Settings(FILON_HOME=tmp_path, HUBSPOT_TOKEN="pat", PIPEDRIVE_API_TOKEN="t")
    assert with_keys.crm_targets == ("hubspot", "pipedrive")
    assert Settings(FILON_HOME=tmp_path, FILON_CRM="Salesforce, csv").crm_targets == (
        "salesforce",
        "csv",
    )
    with pytest.raises(ValidationError, match="unknown CRM 'zoho'"):
        Settings(FILON_HOME=tmp_path, FILON_CRM="zoho")


def test_the_csv_target_keeps_one_row_per_lead_guarded_and_private(
    store: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "crm" / "sqls.csv"
    target = CsvCrm(path)
    records = [record_of(store, value, "csv") for value in (A, B)]

    async def push(record) -> None:  # type: ignore[no-untyped-def]
        ids = CrmIds()
        for step in ("upsert_company", "upsert_contact", "upsert_deal", "add_note"):
            await getattr(target, step)(record, ids)

    for record in [*records, records[0]]:
        asyncio.run(push(record))
    rows = target.rows()
    assert [row["SIREN"] for row in rows] == [A, B]
    hostile = next(row for row in rows if row["SIREN"] == B)
    assert hostile["Entreprise"] == "'" + HOSTILE  # never a formula
    assert hostile["Ville"] == ""  # non-diffusible
    assert rows[0]["Note Filon"].startswith("Filon · filon-lead-")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith("\ufeff".encode())
