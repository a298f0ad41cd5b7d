"""The lead-list, stage and browsing tools through a ToolNode on the demo data: each success and
each refusal the model can act on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from tool_runner import Call, ok, refused, tool_runner

from agent.settings import Settings
from store.demo.seed import seed_demo
from store.models import Contact, Lead, LeadList, LeadStageChange

TODAY = date(2026, 11, 18)


@pytest.fixture
def demo(sqlite_engine: Engine) -> Engine:
    seed_demo(sqlite_engine, companies=400, seed=7, reference=TODAY)
    return sqlite_engine


@pytest.fixture
def run(demo: Engine, settings: Settings) -> Call:
    return tool_runner(demo, settings, TODAY)


def list_size(engine: Engine, name: str) -> int:
    with Session(engine) as session:
        lead_list = session.exec(select(LeadList).where(LeadList.name == name)).one()
        return len(session.exec(select(Lead).where(Lead.list_id == lead_list.id)).all())


async def test_lead_lists_counts_leads_per_list_and_stage(run: Call, demo: Engine) -> None:
    every = ok(await run("lead_lists", {}))
    assert every["kind"] == "lead_lists" and every["owner"] is None
    names = [item["list"]["name"] for item in every["lists"]]
    assert names == sorted(names, key=str.lower) and "ESN Lyon" in names
    esn = next(item for item in every["lists"] if item["list"]["name"] == "ESN Lyon")
    assert esn["leads"] == list_size(demo, "ESN Lyon") == sum(esn["stages"].values())
    assert set(esn["stages"]) == {"new", "mql", "sql", "won", "lost", "disqualified"}
    assert esn["list"]["owner_name"] == "Alice Martin"

    message = await run("lead_lists", {"mine": True}, user="chloe.bernard")
    mine = ok(message)
    assert {item["list"]["name"] for item in mine["lists"]} == {
        "SaaS Île-de-France",
        "Relance webinar",
    }
    assert mine["owner_name"] == "Chloe Bernard"
    assert "2 lead lists of chloe.bernard:" in str(message.content)
    theirs = ok(await run("lead_lists", {"owner": "bruno.petit"}))
    assert [item["list"]["name"] for item in theirs["lists"]] == ["Cabinets comptables Gironde"]
    refused(await run("lead_lists", {"mine": True, "owner": "bruno.petit"}), "drop owner")
    by_first_name = ok(await run("lead_lists", {"owner": "Bruno"}))
    assert by_first_name["owner"] == "bruno.petit"
    assert [item["list"]["name"] for item in by_first_name["lists"]] == [
        "Cabinets comptables Gironde"
    ]
    refused(await run("lead_lists", {"owner": "Zorglub"}), "Zorglub")


async def test_rename_lead_list(run: Call, demo: Engine) -> None:
    message = await run("rename_lead_list", {"list_name": "esn lyon", "new_name": "ESN Rhône"})
    artifact = ok(message)
    assert (artifact["action"], artifact["previous_name"], artifact["list"]["name"]) == (
        "renamed",
        "ESN Lyon",
        "ESN Rhône",
    )
    assert artifact["leads"] == list_size(demo, "ESN Rhône")
    assert "Renamed the lead list “ESN Lyon” to “ESN Rhône”" in str(message.content)

    ok(await run("create_lead_list", {"name": "Cibles"}))
    refused(
        await run("rename_lead_list", {"list_name": "ESN Rhône", "new_name": "cibles"}),
        "alice.martin already has a lead list named 'cibles'",
    )
    refused(
        await run("rename_lead_list", {"list_name": "BTP Bretagne", "new_name": "X"}),
        "belongs to david.roux",
        "only its owner or a manager",
    )
    managed = await run(
        "rename_lead_list", {"list_name": "BTP Bretagne", "new_name": "BTP 35"}, role="manager"
    )
    assert ok(managed)["list"]["owner"] == "david.roux"
    refused(
        await run("rename_lead_list", {"list_name": "Nope", "new_name": "X"}),
        "no lead list is named 'Nope'",
    )


async def test_delete_lead_list_asks_for_confirmation_first(run: Call, demo: Engine) -> None:
    size = list_size(demo, "ESN Lyon")
    text = refused(
        await run("delete_lead_list", {"list_name": "ESN Lyon"}),
        f"its {size} leads",
        "Ask the user to confirm",
        "confirm=true",
    )
    assert text.startswith("not deleted")
    assert list_size(demo, "ESN Lyon") == size

    message = await run("delete_lead_list", {"list_name": "ESN Lyon", "confirm": True})
    artifact = ok(message)
    assert (artifact["action"], artifact["leads"], artifact["list"]["name"]) == (
        "deleted",
        size,
        "ESN Lyon",
    )
    assert f"and its {size} leads" in str(message.content)
    refused(
        await run("delete_lead_list", {"list_name": "ESN Lyon", "confirm": True}),
        "no lead list is named",
    )
    refused(
        await run("delete_lead_list", {"list_name": "BTP Bretagne", "confirm": True}),
        "belongs to david.roux",
    )


async def test_assign_lead_list(run: Call, demo: Engine) -> None:
    with Session(demo) as session:
        held = session.exec(
            select(Lead.owner).join(LeadList).where(LeadList.name == "ESN Lyon")
        ).all()
    message = await run("assign_lead_list", {"list_name": "ESN Lyon", "owner": "bruno.petit"})
    artifact = ok(message)
    assert (artifact["action"], artifact["previous_owner"], artifact["list"]["owner"]) == (
        "assigned",
        "alice.martin",
        "bruno.petit",
    )
    assert artifact["previous_owner_name"] == "Alice Martin"
    assert artifact["leads"] == held.count("alice.martin")  # the previous owner's leads
    assert artifact["transfers"] == [
        {
            "from_owner": "alice.martin",
            "to_owner": "bruno.petit",
            "leads": held.count("alice.martin"),
        }
    ]
    with Session(demo) as session:
        owners = session.exec(
            select(Lead.owner).join(LeadList).where(LeadList.name == "ESN Lyon")
        ).all()
    # a teammate's lead in the list stays theirs
    assert sorted(owners) == sorted("bruno.petit" if o == "alice.martin" else o for o in held)
    others = {o: held.count(o) for o in held if o not in ("alice.martin", "bruno.petit")}
    assert artifact["kept"] == others and others

    refused(
        await run(
            "assign_lead_list", {"list_name": "ESN Lyon", "owner": "a.b c"}, user="bruno.petit"
        ),
        "not a rep's login",
    )
    refused(
        await run("assign_lead_list", {"list_name": "ESN Lyon", "owner": "Zorglub"}),
        "Zorglub",
    )
    back = ok(
        await run(
            "assign_lead_list", {"list_name": "ESN Lyon", "owner": "Alice"}, user="bruno.petit"
        )
    )
    assert back["list"]["owner"] == "alice.martin" and back["given_back"]
    asked = await run(
        "assign_lead_list", {"list_name": "ESN Lyon", "owner": "bruno.petit", "all_leads": True}
    )
    refused(asked, "Ask the user to confirm, saying whose and how many")
    every = ok(
        await run(
            "assign_lead_list",
            {"list_name": "ESN Lyon", "owner": "bruno.petit", "all_leads": True, "confirm": True},
        )
    )
    assert every["every_lead"] and every["kept"] == {}
    ok(await run("create_lead_list", {"name": "ESN Lyon"}, user="chloe.bernard"))
    refused(
        await run(
            "assign_lead_list", {"list_name": "ESN Lyon", "owner": "chloe.bernard"},
            user="bruno.petit",
        ),
        "chloe.bernard already has a lead list named 'ESN Lyon'",
    )  # fmt: skip
    refused(await run("assign_lead_list", {"list_name": "ESN Lyon"}), "owner")


async def test_set_lead_stage(run: Call, demo: Engine) -> None:
    with Session(demo) as session:
        row = session.exec(
            select(Lead, LeadList.name)
            .join(LeadList)
            .where(LeadList.name == "ESN Lyon", Lead.stage == "new")
        ).first()
        assert row is not None
        lead, _name = row
    refused(  # a first move to SQL needs the lead's BANT, or the user's reason
        await run("set_lead_stage", {"siren": lead.company_siren, "stage": "sql"}),
        "BANT is not confirmed for budget, authority, need, timing",
        "Qualify it with qualify_lead",
        "Nothing was changed",
    )
    message = await run(
        "set_lead_stage", {"siren": lead.company_siren, "stage": "sql", "reason": "PO received"}
    )
    artifact = ok(message)
    assert artifact["kind"] == "stage_change"
    assert (artifact["from_stage"], artifact["to_stage"], artifact["lead"]["stage"]) == (
        "new",
        "sql",
        "sql",
    )
    assert (artifact["changed_by"], artifact["changed_by_name"]) == ("alice.martin", "Alice Martin")
    assert "from new to sql" in str(message.content)
    with Session(demo) as session:
        [record] = session.exec(
            select(LeadStageChange).where(LeadStageChange.lead_id == lead.id)
        ).all()
    assert record.to_stage == "sql"

    refused(
        await run("set_lead_stage", {"siren": lead.company_siren, "stage": "lost"}),
        "needs a reason",
        "ask the user why",
    )
    lost = await run(
        "set_lead_stage",
        {"siren": lead.company_siren, "stage": "lost", "reason": "Pas de budget"},
    )
    assert ok(lost)["reason"] == "Pas de budget"
    # the reason stays with the lead: a leads page and the company's card say why it was lost
    page = await run("list_leads", {"list_name": "ESN Lyon", "stage": "lost"})
    shown = [item for item in ok(page)["leads"] if item["siren"] == lead.company_siren]
    assert shown[0]["stage_reason"] == "Pas de budget"
    assert "lost (Pas de budget)" in str(page.content)
    card = ok(await run("get_company", {"siren": lead.company_siren}))
    assert [item["stage_reason"] for item in card["leads"]] == ["Pas de budget"]
    refused(
        await run(
            "set_lead_stage",
            {"siren": lead.company_siren, "stage": "lost", "reason": "encore"},
        ),
        "already at stage lost",
    )
    refused(await run("set_lead_stage", {"siren": "123", "stage": "sql"}), "9 or 14 digits")
    refused(await run("set_lead_stage", {"siren": lead.company_siren, "stage": "hot"}))
    refused(
        await run("set_lead_stage", {"siren": "552100554", "stage": "sql"}),
        "not a lead in any lead list",
        "add_to_list",
    )


async def test_set_lead_stage_asks_which_list(run: Call, demo: Engine) -> None:
    with Session(demo) as session:
        lead = session.exec(select(Lead).join(LeadList).where(LeadList.name == "ESN Lyon")).first()
        assert lead is not None
    ok(await run("create_lead_list", {"name": "Relances", "sirens": [lead.company_siren]}))
    refused(
        await run("set_lead_stage", {"siren": lead.company_siren, "stage": "mql"}),
        "several lists",
        "'ESN Lyon', 'Relances'",
        "list_name",
    )
    change = ok(
        await run(
            "set_lead_stage",
            {"siren": lead.company_siren, "stage": "mql", "list_name": "Relances"},
        )
    )
    assert change["lead"]["list_name"] == "Relances"


async def test_list_leads_mine_cold_and_paged(run: Call, demo: Engine) -> None:
    mine = ok(await run("list_leads", {"mine": True, "limit": 200}, user="bruno.petit"))
    assert mine["owner"] == "bruno.petit" and mine["owner_name"] == "Bruno Petit"
    assert mine["total"] == len(mine["leads"]) > 0
    assert {lead["owner"] for lead in mine["leads"]} == {"bruno.petit"}
    assert all(lead["owner_name"] == "Bruno Petit" for lead in mine["leads"])
    refused(await run("list_leads", {"mine": True, "owner": "alice.martin"}, user="bruno.petit"))

    everything = ok(await run("list_leads", {"limit": 200}))
    cold = ok(await run("list_leads", {"not_contacted_days": 60, "limit": 200}))
    cutoff = TODAY - timedelta(days=60)
    assert 0 < cold["total"] < everything["total"]
    for lead in cold["leads"]:
        assert (
            lead["last_contacted_on"] is None
            or date.fromisoformat(lead["last_contacted_on"]) <= cutoff
        )
    with Session(demo) as session:
        contacted = {
            siren
            for siren, day in session.exec(select(Contact.company_siren, Contact.last_contacted_on))
            if day is not None and day > cutoff
        }
    assert not contacted & {lead["siren"] for lead in cold["leads"]}

    first = await run("list_leads", {"limit": 5})
    second = ok(await run("list_leads", {"limit": 5, "offset": 5}))
    assert "Next page: the same call with offset=5." in str(first.content)
    assert second["offset"] == 5
    assert not {lead["id"] for lead in ok(first)["leads"]} & {
        lead["id"] for lead in second["leads"]
    }
