"""`push_leads` and `sync_status` on both databases, with an in-memory CRM: which leads a push
takes (the user's SQLs, the team's for a manager, a list's, a period's, the companies named),
what it refuses (nothing to push, a lead not qualified, a teammate's lead, a CRM without keys),
and what it reports (created, updated, refused with the CRM's words, skipped); the status a
rep and a manager read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.contacts.optout import add
from agent.crm.errors import CrmNotSet, NothingToPush, NotQualified, NotYourLead
from agent.crm.push import push_leads
from agent.crm.records import CrmIds, CrmName, CrmRecord, Written
from agent.crm.status import lead_crm_statuses, sync_status
from agent.http import ApiRejected
from agent.i18n import md
from agent.leads.errors import NoLeadNamed, SeveralLeadsNamed
from agent.settings import Settings
from store.demo.seed import seed_demo
from store.models import Company, Lead, LeadStage
from store.models.tables import table_of
from store.repositories.leads import find_leads

REFUSAL = "Property values were not valid: the deal stage 'sql' does not exist"


class MemoryCrm:
    """A CRM holding one deal per lead key; refuses the companies in `refused` as HubSpot
    would (a 400 with its words)."""

    def __init__(self, name: CrmName, deals: dict[str, dict[str, str]], refused: set[str]):
        self.name = name
        self.deals = deals
        self.refused = refused

    async def upsert_company(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        if record.company.siren in self.refused:
            raise ApiRejected(self.name, status_code=400, message=REFUSAL)
        return Written(f"company-{record.company.siren}", ids.company is None)

    async def upsert_contact(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        return None

    async def upsert_deal(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        created = record.deal.key not in self.deals
        self.deals[record.deal.key] = {"title": record.deal.title}
        return Written(record.deal.key, created)

    async def add_note(self, record: CrmRecord, ids: CrmIds) -> Written | None:
        return None

    async def aclose(self) -> None:
        return None


class Crms:
    """The CRMs of one test: what each holds, and the companies each refuses."""

    def __init__(self) -> None:
        self.deals: dict[str, dict[str, dict[str, str]]] = {}
        self.refused: set[str] = set()

    def __call__(self, name: CrmName) -> MemoryCrm:
        return MemoryCrm(name, self.deals.setdefault(name, {}), self.refused)


@pytest.fixture
def store(engine: Engine) -> Iterator[Engine]:
    seed_demo(engine, companies=300, seed=7, reference=date(2026, 11, 18))
    yield engine


def keyed(settings: Settings) -> Settings:
    return Settings(FILON_HOME=settings.home, HUBSPOT_TOKEN="pat-test", FILON_CRM="hubspot")


def sql_leads(engine: Engine, owner: str | None = None) -> list[Lead]:
    with Session(engine) as session:
        _total, rows = find_leads(session, stage=LeadStage.sql, owner=owner)
    return [row.lead for row in rows]


async def push(engine: Engine, settings: Settings, crms: Crms, **asked: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"user": "alice.martin", "role": "rep", "crm": None, **asked}
    return await push_leads(engine, settings, clients=crms, **values)  # type: ignore[arg-type]


async def test_my_sqls_are_created_then_updated_never_doubled(
    store: Engine, settings: Settings
) -> None:
    crms = Crms()
    mine = sql_leads(store, "alice.martin")
    assert mine
    first = await push(store, keyed(settings), crms)
    assert first.crms == ["hubspot"] and first.queued == len(mine)
    assert (first.sent, first.updated, first.dead, first.pending) == (len(mine), 0, 0, 0)
    assert {lead.owner for lead in first.leads} == {"alice.martin"}
    again = await push(store, keyed(settings), crms)
    assert (again.sent, again.updated) == (0, len(mine))
    assert len(crms.deals["hubspot"]) == len(mine)
    statuses = lead_crm_statuses(store, [lead.id for lead in mine if lead.id])
    assert {status["hubspot"].state for status in statuses.values()} == {"sent"}


async def test_a_manager_pushes_the_team_and_a_list(store: Engine, settings: Settings) -> None:
    crms = Crms()
    team = await push(store, settings, crms, user="sophie.manager", role="manager", crm="csv")
    assert team.queued == len(sql_leads(store)) and team.crms == ["csv"]
    assert len({lead.owner for lead in team.leads}) > 1
    listed = await push(store, settings, crms, list_name="ESN Lyon", crm="csv")
    assert listed.list_name == "ESN Lyon"
    assert {lead.list_name for lead in listed.leads} == {"ESN Lyon"}


async def test_a_period_keeps_the_leads_that_became_sql_then(
    store: Engine, settings: Settings
) -> None:
    mine = sql_leads(store, "alice.martin")
    recent = mine[0]
    table = table_of(Lead)
    with store.begin() as connection:
        connection.execute(
            update(table)
            .where(table.c.owner == "alice.martin", table.c.stage == "sql")
            .values(sql_at=datetime(2026, 1, 5, tzinfo=UTC))
        )
        connection.execute(
            update(table)
            .where(table.c.id == recent.id)
            .values(sql_at=datetime(2026, 11, 17, 15, tzinfo=UTC))
        )
    week = await push(
        store, settings, Crms(), crm="csv", since=date(2026, 11, 16), until=date(2026, 11, 18)
    )
    assert [lead.lead_id for lead in week.leads] == [recent.id]
    with pytest.raises(NothingToPush) as nothing:
        await push(store, settings, Crms(), crm="csv", since=date(2026, 11, 19))
    assert (
        nothing.value.code == "nothing_in_period" and nothing.value.values["since"] == "2026-11-19"
    )


async def test_what_is_refused(store: Engine, settings: Settings) -> None:
    crms = Crms()
    with pytest.raises(CrmNotSet) as no_keys:
        await push(store, settings, crms, crm="hubspot")
    assert no_keys.value.values == {"crm": "HubSpot", "keys": "HUBSPOT_TOKEN"}
    with pytest.raises(CrmNotSet, match="SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET"):
        await push(store, settings, crms, crm="salesforce")
    theirs = sql_leads(store, "bruno.petit")[0]
    with pytest.raises(NotYourLead) as teammate:
        await push(store, settings, crms, crm="csv", sirens=[theirs.company_siren])
    assert teammate.value.values["owner"] == "Bruno Petit"
    with Session(store) as session:
        _total, rows = find_leads(session, stage=LeadStage.new, owner="alice.martin")
    with pytest.raises(NotQualified) as unqualified:
        await push(store, settings, crms, crm="csv", sirens=[rows[0].company.siren])
    assert "qualify_lead" in str(unqualified.value) and unqualified.value.values["count"] == 1
    with pytest.raises(NothingToPush) as nothing:
        await push(store, settings, crms, crm="csv", user="nobody.here")
    assert nothing.value.code == "nothing_to_push"
    assert crms.deals == {}  # nothing was sent by a refused push


async def test_a_refusal_is_a_dead_letter_with_the_crms_words(
    store: Engine, settings: Settings
) -> None:
    crms = Crms()
    rep = max(("alice.martin", "bruno.petit", "chloe.bernard", "david.roux"),
              key=lambda login: len(sql_leads(store, login)))  # fmt: skip
    mine = sql_leads(store, rep)
    assert len(mine) >= 3
    refused = mine[0].company_siren
    crms.refused.add(refused)
    add(store, mine[1].company_siren, user=rep, reason="RGPD")
    pushed = await push(store, keyed(settings), crms, user=rep)
    assert (pushed.dead, pushed.skipped, pushed.sent) == (1, 1, len(mine) - 2)
    dead = pushed.leads[0]
    assert (dead.siren, dead.outcome) == (refused, "dead") and REFUSAL in (dead.error or "")
    assert pushed.leads[1].outcome == "skipped" and "opposition" in (pushed.leads[1].error or "")

    mine_status = sync_status(store, keyed(settings), user=rep, role="rep")
    (hubspot,) = mine_status.crms
    assert (hubspot.crm, hubspot.sent, hubspot.dead, hubspot.skipped) == (
        "hubspot", len(mine) - 2, 1, 1,
    )  # fmt: skip
    assert hubspot.missing_keys == []
    assert [send.siren for send in mine_status.troubles] == [refused]
    assert mine_status.troubles_total == 1
    other = sync_status(store, settings, user="nobody.here", role="rep")
    assert other.troubles == [] and [crm.crm for crm in other.crms] == ["csv"]
    keyless = sync_status(store, settings, user=rep, role="rep", crm="hubspot")
    assert keyless.crms[0].missing_keys == ["HUBSPOT_TOKEN"]  # no key in these settings
    team = sync_status(store, settings, user="sophie.manager", role="manager", crm="hubspot")
    assert team.team and team.troubles_total == 1

    crms.refused.clear()  # the mapping was fixed: pushing again sends it
    fixed = await push(store, keyed(settings), crms, user=rep, sirens=[refused])
    assert (fixed.sent, fixed.dead) == (1, 0)
    assert sync_status(store, keyed(settings), user=rep, role="rep").troubles == []


def test_a_lead_never_queued_has_no_status(store: Engine) -> None:
    assert lead_crm_statuses(store, []) == {}
    lead = sql_leads(store)[0]
    assert lead_crm_statuses(store, [lead.id or 0]) == {}


def unique_lead(engine: Engine, stage: LeadStage, owner: str) -> Company:
    """A company of `owner`'s leads at `stage` that no other company of the store is named
    like."""
    with Session(engine) as session:
        _total, rows = find_leads(session, stage=stage, owner=owner)
        names = [company.name for company in session.exec(select(Company)).all()]
    return next(row.company for row in rows if names.count(row.company.name) == 1)


async def test_a_company_named_sends_its_lead_or_nothing(store: Engine, settings: Settings) -> None:
    crms = Crms()
    qualified = unique_lead(store, LeadStage.sql, "alice.martin")
    pushed = await push(store, settings, crms, crm="csv", company=qualified.name.upper())
    assert pushed.queued == 1 and [lead.siren for lead in pushed.leads] == [qualified.siren]
    closed = unique_lead(store, LeadStage.lost, "alice.martin")
    with pytest.raises(NotQualified) as refused:  # said before the CRM's missing keys
        await push(store, settings, crms, crm="pipedrive", company=closed.name)
    error = refused.value
    assert error.code == "not_qualified_closed" and error.values["stage"] == "lost"
    assert "stage lost" in str(error) and "move it back to mql" in str(error)
    said = md("crm_chat.error.not_qualified_closed", "fr", **error.values)
    assert said.startswith(f"**{closed.name}** est Perdu : rien n'a été envoyé.")
    fresh = unique_lead(store, LeadStage.new, "alice.martin")
    with pytest.raises(NotQualified) as new:
        await push(store, settings, crms, crm="csv", company=fresh.name)
    assert new.value.code == "not_qualified_stage"
    assert "est au stade Nouveau" in md("crm_chat.error.not_qualified_stage", "fr",
                                        **new.value.values)  # fmt: skip
    with pytest.raises(NoLeadNamed) as nobody:
        await push(store, settings, crms, crm="csv", company="Zyxwv Introuvable")
    assert nobody.value.code == "no_lead_named"
    with Session(store) as session:
        leads = {lead.company_siren for lead in session.exec(select(Lead)).all()}
        companies = session.exec(select(Company)).all()
    outsider = next(
        c for c in companies
        if c.active and c.siren not in leads and [o.name for o in companies].count(c.name) == 1
    )  # fmt: skip
    with pytest.raises(NoLeadNamed) as not_a_lead:
        await push(store, settings, crms, crm="csv", company=outsider.name)
    assert not_a_lead.value.code == "company_not_a_lead"
    assert pushed.sent == 1  # the one lead named, never the user's other SQLs


async def test_several_leads_of_one_name_are_asked_about(store: Engine, settings: Settings) -> None:
    first = unique_lead(store, LeadStage.sql, "alice.martin")
    second = unique_lead(store, LeadStage.sql, "bruno.petit")
    with store.begin() as connection:
        table = table_of(Company)
        connection.execute(
            update(table).where(table.c.siren == second.siren).values(name=first.name)
        )
    with pytest.raises(SeveralLeadsNamed) as several:
        await push(store, settings, Crms(), crm="csv", user="sophie.manager", role="manager",
                   company=first.name)  # fmt: skip
    assert several.value.values["count"] == 2
    assert first.siren in several.value.values["choices"]
    mine = await push(store, settings, Crms(), crm="csv", company=first.name)
    assert [lead.siren for lead in mine.leads] == [first.siren]  # a rep's own lead first
