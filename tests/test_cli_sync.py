"""`filon sync` end to end: real processes on a real store send the SQLs to each CRM's fake
(HubSpot, Pipedrive, Salesforce: their documented APIs on loopback servers) and to the CSV
file; sending again sends nothing, a new move updates; several `filon sync` at once on SQLite
and PostgreSQL send each lead once; mistakes are one line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from crm_hubspot_fake import TOKEN as HUBSPOT_TOKEN
from crm_hubspot_fake import HubSpotState, serve
from crm_pipedrive_fake import TOKEN as PIPEDRIVE_TOKEN
from crm_pipedrive_fake import FakePipedrive, PipedriveState
from crm_salesforce_fake import (
    CLIENT_ID,
    CLIENT_SECRET,
    FakeSalesforce,
    SalesforceOrg,
    salesforce_server,
)
from enrich_servers import local_server
from filon_processes import Finished, Store, finish, fresh_store, run_together, start
from filon_processes import valid_siren as siren
from sqlalchemy.engine import Engine

from agent.crm.adapters.csv_file import CsvCrm
from agent.leads import create_list, set_stage
from store.db import open_store, session_scope
from store.models import Company, Contact, EmailStatus

SIRENS = [siren(73_000_000 + index) for index in range(6)]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store(request.param, tmp_path)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    yield from fresh_store("sqlite", tmp_path)


def seed(store: Store, crms: tuple[str, ...], count: int = 3) -> Engine:
    """`count` companies with a contact each, in a list, moved to SQL and queued for `crms`."""
    engine = open_store(store.url)
    with session_scope(engine) as session:
        for value in SIRENS[:count]:
            session.add(Company(siren=value, name=f"Société {value}", city="NANTES"))
            session.add(
                Contact(
                    company_siren=value,
                    first_name="Léa",
                    last_name=f"Durand{value[-3:]}",
                    email=f"lea@s{value}.fr",
                    email_status=EmailStatus.verified,
                )
            )
    create_list(engine, name="Nantes", owner="alice.martin", sirens=SIRENS[:count])
    for value in SIRENS[:count]:
        set_stage(
            engine, siren=value, stage="sql", user="alice.martin", reason="rdv ok", sync_to=crms
        )
    return engine


def sync(store: Store, *args: str, **env: str) -> Finished:
    return finish(start(store, "sync", *args, "--json", **env))


def figures(done: Finished) -> dict[str, object]:
    assert done.returncode == 0, done.stderr
    document: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return document


def test_sqls_reach_hubspot_once_and_a_later_move_updates_them(sqlite_store: Store) -> None:
    engine = seed(sqlite_store, ("hubspot",))
    state = HubSpotState()
    with serve(state) as server:
        env = {"HUBSPOT_TOKEN": HUBSPOT_TOKEN, "FILON_HUBSPOT_BASE_URL": server.base_url}
        first = figures(sync(sqlite_store, "--crm", "hubspot", **env))
        assert {k: first[k] for k in ("sent", "updated", "failed", "dead", "pending")} == {
            "sent": 3, "updated": 0, "failed": 0, "dead": 0, "pending": 0,
        }  # fmt: skip
        assert set(first) >= {"sent", "updated", "failed", "dead", "pending", "attempts", "seconds"}
        assert figures(sync(sqlite_store, "--crm", "hubspot", **env))["attempts"] == 0
        set_stage(engine, siren=SIRENS[0], stage="won", user="alice.martin")
        assert figures(sync(sqlite_store, "--crm", "hubspot", **env))["updated"] == 1
    assert len(state.all("companies")) == len(state.all("deals")) == len(state.all("notes")) == 3
    [deal] = [
        d for d in state.all("deals") if d.properties["dealname"].startswith(f"Société {SIRENS[0]}")
    ]
    assert deal.properties["dealstage"] == "closedwon"
    [contact] = state.find("contacts", "email", f"lea@s{SIRENS[1]}.fr")
    assert contact.properties["lastname"] == f"Durand{SIRENS[1][-3:]}"
    engine.dispose()


def test_sqls_reach_pipedrive(sqlite_store: Store) -> None:
    engine = seed(sqlite_store, ("pipedrive",))
    fake = FakePipedrive(PipedriveState())
    with local_server(fake) as server:
        env = {
            "PIPEDRIVE_API_TOKEN": PIPEDRIVE_TOKEN,
            "FILON_PIPEDRIVE_BASE_URL": f"{server.base_url}/api/v2",
        }
        assert figures(sync(sqlite_store, "--crm", "pipedrive", **env))["sent"] == 3
    assert fake.state.counts() == {"organizations": 3, "persons": 3, "deals": 3, "notes": 3}
    engine.dispose()


def test_sqls_reach_salesforce_as_leads(sqlite_store: Store, tmp_path: Path) -> None:
    engine = seed(sqlite_store, ("salesforce",))
    org = SalesforceOrg(instance_url=None, extra_fields=frozenset({"Filon_SIREN__c"}))
    with salesforce_server(FakeSalesforce(org)) as base_url:
        env = {
            "SALESFORCE_CLIENT_ID": CLIENT_ID,
            "SALESFORCE_CLIENT_SECRET": CLIENT_SECRET,
            "FILON_SALESFORCE_LOGIN_URL": base_url,
        }
        assert figures(sync(sqlite_store, "--crm", "salesforce", **env))["sent"] == 3
    assert len(org.leads) == len(org.notes) == 3
    assert {lead["Status"] for lead in org.leads.values()} == {"Qualified"}
    assert sorted(lead["Filon_SIREN__c"] for lead in org.leads.values()) == SIRENS[:3]
    engine.dispose()


def test_several_syncs_at_once_send_each_lead_once(store: Store) -> None:
    engine = seed(store, ("csv",), count=6)
    csv_file = store.home / "crm" / "sqls.csv"
    done = run_together(store, [["sync", "--json"]] * 3)
    reports = [figures(item) for item in done]
    assert sum(int(report["sent"]) for report in reports) == 6  # type: ignore[call-overload]
    assert sum(int(report["attempts"]) for report in reports) == 6  # type: ignore[call-overload]
    assert sorted(row["SIREN"] for row in CsvCrm(csv_file).rows()) == SIRENS[:6]
    engine.dispose()


def test_mistakes_are_one_line(sqlite_store: Store, tmp_path: Path) -> None:
    seed(sqlite_store, ("hubspot",), count=1).dispose()
    unknown = finish(start(sqlite_store, "sync", "--crm", "zoho"))
    assert unknown.returncode == 2 and "zoho" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    keyless = finish(start(sqlite_store, "sync", "--crm", "hubspot"))
    assert keyless.returncode == 2 and "HUBSPOT_TOKEN" in keyless.stderr
    assert len(keyless.stderr.strip().splitlines()) == 1
    bad = tmp_path / "mapping.toml"
    bad.write_text("[hubspot.deal]\nprice = 'amount'\n", encoding="utf-8")
    refused = finish(start(sqlite_store, "sync", FILON_CRM_MAPPING=str(bad)))
    assert refused.returncode != 0 and "FILON_CRM_MAPPING" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
