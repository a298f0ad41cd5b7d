"""The agent's tools as the graph runs them: a ToolNode in a StateGraph with a FilonContext.

Each call goes through ToolNode exactly as a model's tool call would, so runtime injection,
argument validation and ToolException → error ToolMessage are all exercised.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from langchain_core.messages import AIMessage, ToolMessage
from langgraph.graph import END, START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from agent.artifacts import ArtifactAdapter
from agent.context import FilonContext
from agent.http import ApiMalformed
from agent.search.local import LocalSource
from agent.settings import Settings
from agent.tools import TOOLS, tools_by_name
from store.demo.seed import seed_demo
from store.models import Contact, Lead, LeadList

TODAY = date(2026, 11, 18)
NAMES = [
    "search_companies", "get_company", "find_decision_makers", "enrich_contacts", "find_signals",
    "create_lead_list", "add_to_list", "list_leads",
    "pipeline_summary", "pipeline_trends", "stale_leads", "post_pipeline_to_slack", "lead_lists", "rename_lead_list", "delete_lead_list", "assign_lead_list",
    "set_lead_stage", "qualify_lead", "export_csv", "opt_out", "add_ai_column", "run_ai_columns", "score_leads",
    "push_to_crm", "crm_sync_status",
]  # fmt: skip


@pytest.fixture
def demo(sqlite_engine: Engine) -> Engine:
    seed_demo(sqlite_engine, companies=400, seed=7, reference=TODAY)
    return sqlite_engine


@pytest.fixture
def run(demo: Engine, settings: Settings):  # type: ignore[no-untyped-def]
    graph = StateGraph(MessagesState, context_schema=FilonContext)
    graph.add_node("tools", ToolNode(TOOLS))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    app = graph.compile()

    async def call(name: str, args: dict[str, Any], user: str = "alice.martin") -> ToolMessage:
        context = FilonContext(
            settings=settings, engine=demo, companies=LocalSource(demo), user=user, today=TODAY
        )
        request = AIMessage("", tool_calls=[{"name": name, "args": args, "id": "call-1"}])
        result = await app.ainvoke({"messages": [request]}, context=context)
        message = result["messages"][-1]
        assert isinstance(message, ToolMessage)
        return message

    return call


def ok(message: ToolMessage) -> dict[str, Any]:
    """The artifact of a successful call, re-validated as a UI would."""
    assert message.status == "success", message.content
    ArtifactAdapter.validate_python(message.artifact)
    return message.artifact  # type: ignore[no-any-return]


def test_registry_names_and_hidden_runtime() -> None:
    assert [tool.name for tool in TOOLS] == NAMES
    assert list(tools_by_name()) == NAMES
    for tool in TOOLS:
        schema = tool.tool_call_schema.model_json_schema()  # type: ignore[union-attr]
        assert "runtime" not in schema.get("properties", {}), tool.name
        assert tool.response_format == "content_and_artifact"
        assert tool.description


def test_search_tool_schema_has_the_flat_query_fields() -> None:
    schema = tools_by_name()["search_companies"].tool_call_schema.model_json_schema()  # type: ignore[union-attr]
    assert {"text", "naf_codes", "departments", "headcount_min", "limit", "offset"} <= set(
        schema["properties"]
    )
    assert schema["properties"]["limit"]["default"] == 10


async def test_search_companies(run) -> None:  # type: ignore[no-untyped-def]
    message = await run("search_companies", {"sections": ["J"], "limit": 30})
    artifact = ok(message)

    assert artifact["kind"] == "companies"
    assert artifact["source"] == "local"
    assert artifact["query"]["sections"] == ["J"]
    assert len(artifact["companies"]) == min(30, artifact["total"])
    assert artifact["total"] > 10
    lines = str(message.content).splitlines()
    assert lines[0].startswith(f"{artifact['total']} companies match (showing 10)")
    first = artifact["companies"][0]
    assert lines[1].startswith(f"1. {first['name']} ({first['siren']}) — ")
    assert lines[11] == f"… {artifact['total']} in all"
    assert lines[12] == 'Query: {"sections": ["J"], "limit": 30}'
    assert lines[13] == f"This page: results 1–30 of {artifact['total']}."
    assert lines[14] == "Next page: the same query with offset=30."


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        ({}, "give some text or at least one filter"),
        ({"headcount_min": 200, "headcount_max": 10}, "swap them"),
        ({"departments": ["999"]}, "use a code like 69"),
        ({"text": "552 100 555"}, "check digit"),
    ],
)
async def test_search_mistakes_come_back_as_error_messages(run, args, hint) -> None:  # type: ignore[no-untyped-def]
    message = await run("search_companies", args)
    assert message.status == "error"
    assert hint in str(message.content)


async def test_get_company_hides_opted_out_contacts(run, demo: Engine) -> None:  # type: ignore[no-untyped-def]
    with Session(demo) as session:
        contact = session.exec(select(Contact).where(Contact.email.is_not(None))).first()  # type: ignore[union-attr]
        assert contact is not None
        contact.opted_out, contact.phone = True, "+33 1 23 45 67 89"
        session.add(contact)
        session.commit()
        siren, contact_id = contact.company_siren, contact.id

    artifact = ok(await run("get_company", {"siren": f"{siren[:3]} {siren[3:6]} {siren[6:]}"}))

    assert artifact["kind"] == "company"
    assert artifact["company"]["siren"] == siren
    hidden = next(item for item in artifact["contacts"] if item["id"] == contact_id)
    assert hidden["opted_out"] is True
    assert hidden["email"] is None and hidden["phone"] is None
    assert set(artifact["engagement"]) == {"total", "by_kind", "last_at"}


async def test_get_company_by_name_and_with_leads(run, demo: Engine) -> None:  # type: ignore[no-untyped-def]
    with Session(demo) as session:
        lead = session.exec(select(Lead)).first()
        assert lead is not None
        name = session.exec(select(LeadList.name).where(LeadList.id == lead.list_id)).one()
        siren = lead.company_siren
    message = await run("get_company", {"siren": siren})
    by_siren = ok(message)
    revenue = by_siren["company"]["revenue"]
    assert (f"Revenue: {revenue} EUR" if revenue else "Revenue: not published") in str(
        message.content
    )
    assert any(item["list_name"] == name for item in by_siren["leads"])

    by_name = ok(await run("get_company", {"name": by_siren["company"]["name"]}))
    assert by_name["company"]["name"] == by_siren["company"]["name"]


@pytest.mark.parametrize(
    ("args", "hint"),
    [({}, "siren"), ({"siren": "12345"}, "9 or 14 digits"), ({"name": "zzzqqqxxx"}, "no company")],
)
async def test_get_company_mistakes(run, args, hint) -> None:  # type: ignore[no-untyped-def]
    message = await run("get_company", args)
    assert message.status == "error"
    assert hint in str(message.content)


async def test_company_not_found_is_worded_for_people(run) -> None:  # type: ignore[no-untyped-def]
    from agent.llm.offline.generic import explain_error
    from agent.llm.offline.results import ToolResult

    message = await run("get_company", {"name": "zzzqqqxxx"})
    assert "⟦companies.error.company_not_found" in str(message.content)
    result = ToolResult("get_company", None, str(message.content), is_error=True)
    assert explain_error(result, "fr").startswith("Je ne trouve aucune entreprise pour «")


async def test_create_then_add_then_list(run) -> None:  # type: ignore[no-untyped-def]
    found = ok(await run("search_companies", {"sections": ["J"], "limit": 3}))
    sirens = [company["siren"] for company in found["companies"]]
    unknown = "552100554"

    created = await run(
        "create_lead_list", {"name": "Prospects J", "sirens": [*sirens[:2], unknown]}
    )
    artifact = ok(created)
    assert artifact["kind"] == "lead_list"
    assert artifact["created"] is True
    assert artifact["list"]["owner"] == "alice.martin"
    assert artifact["added"] == sirens[:2]
    assert artifact["skipped"] == [unknown]
    assert "Skipped 1" in str(created.content)

    again = await run("create_lead_list", {"name": "prospects j", "sirens": sirens})
    assert "already exists" in str(again.content)
    assert ok(again)["list"]["id"] == artifact["list"]["id"]

    added = ok(await run("add_to_list", {"list_name": "Prospects J", "sirens": sirens}))
    assert added["added"] == [] and added["already_there"] == sirens

    listed = await run("list_leads", {"list_name": "Prospects J"})
    leads = ok(listed)
    assert leads["kind"] == "leads"
    assert leads["list"]["name"] == "Prospects J"
    assert leads["total"] == 3
    assert {lead["siren"] for lead in leads["leads"]} == set(sirens)
    assert {lead["stage"] for lead in leads["leads"]} == {"new"}


async def test_lead_list_mistakes(run) -> None:  # type: ignore[no-untyped-def]
    unknown = await run("add_to_list", {"list_name": "Nope", "sirens": ["552100554"]})
    assert unknown.status == "error"
    assert "'ESN Lyon'" in str(unknown.content)  # the existing lists are named

    bad = await run("add_to_list", {"list_name": "ESN Lyon", "sirens": ["12"]})
    assert bad.status == "error" and "9 or 14 digits" in str(bad.content)

    stage = await run("list_leads", {"stage": "hot"})
    assert stage.status == "error"

    no_list = await run("list_leads", {"list_name": "Nope"})
    assert no_list.status == "error" and "create_lead_list" in str(no_list.content)


async def test_list_leads_by_stage_and_owner(run) -> None:  # type: ignore[no-untyped-def]
    message = await run("list_leads", {"stage": "sql", "owner": "bruno.petit", "limit": 2})
    artifact = ok(message)

    assert artifact["list"] is None
    assert artifact["stage"] == "sql"
    assert all(
        lead["stage"] == "sql" and lead["owner"] == "bruno.petit" for lead in artifact["leads"]
    )
    assert len(artifact["leads"]) == min(2, artifact["total"])


async def test_pipeline_summary(run) -> None:  # type: ignore[no-untyped-def]
    message = await run("pipeline_summary", {"period": "month"})
    artifact = ok(message)

    assert artifact["kind"] == "pipeline"
    assert artifact["period"] == {"label": "month", "start": "2026-11-01", "end": "2026-11-18"}
    assert artifact["previous"] == {"label": "month", "start": "2026-10-01", "end": "2026-10-18"}
    assert set(artifact["stages"]) == {"new", "mql", "sql", "won", "lost", "disqualified"}
    assert sum(artifact["stages"].values()) == artifact["total"] > 0
    assert set(artifact["conversion"]) == {"new_to_mql", "mql_to_sql", "sql_to_won"}
    counts = artifact["conversion"]["mql_to_sql"]
    assert counts["rate"] == round(counts["converted"] / counts["reached"], 4)
    assert artifact["new_leads"]["current"] >= 0 and "previous" in artifact["new_leads"]
    assert {item["owner"] for item in artifact["owners"]} >= {"alice.martin", "bruno.petit"}
    assert (
        "this month to date, 2026-11-01 to 2026-11-18, compared with 2026-10-01 to 2026-10-18"
        in (str(message.content))
    )
    assert "Conversion (all time):" in str(message.content)

    alone = ok(await run("pipeline_summary", {"owner": "chloe.bernard"}))
    assert [item["owner"] for item in alone["owners"]] == ["chloe.bernard"]
    assert alone["period"]["start"] == "2026-11-16"

    reversed_dates = await run("pipeline_summary", {"start": "2026-11-20", "end": "2026-11-01"})
    assert reversed_dates.status == "error" and "swap" in str(reversed_dates.content)


class FailingSource:
    """A company source whose outside API answered garbage."""

    name = "api"

    async def search(self, query: Any) -> Any:
        raise ApiMalformed("recherche", "total_results: Input should be a valid integer")


async def test_an_outside_api_failure_is_an_error_message_for_the_model(
    demo: Engine, settings: Settings
) -> None:
    graph = StateGraph(MessagesState, context_schema=FilonContext)
    graph.add_node("tools", ToolNode(TOOLS))
    graph.add_edge(START, "tools")
    graph.add_edge("tools", END)
    context = FilonContext(
        settings=settings, engine=demo, companies=FailingSource(), user="alice", today=TODAY
    )
    call = {"name": "search_companies", "args": {"text": "ondilab"}, "id": "call-1"}

    result = await graph.compile().ainvoke(
        {"messages": [AIMessage("", tool_calls=[call])]}, context=context
    )

    message = result["messages"][-1]
    assert message.status == "error"
    assert "could not answer" in str(message.content)
    assert "total_results" in str(message.content)
