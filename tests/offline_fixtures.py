"""Shared by the OfflineChatModel tests: stand-in tools with the real tools' names and
argument names (the real ones live in agent/tools/ and have their own tests), sample
artifacts, and helpers that ask the model."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    ToolMessage,
)
from langchain_core.tools import BaseTool, tool
from pydantic import BaseModel, Field

from agent.artifacts import (
    CompaniesArtifact,
    ConversionItem,
    OwnerItem,
    PeriodInfo,
    PipelineArtifact,
    TrendItem,
)
from agent.llm.offline import OfflineChatModel
from store.models import CompanyPublic

TODAY = date(2025, 3, 14)
SIRENS = [
    "100055433", "100118785", "100174218", "100245489", "100380112", "100443464",
    "100490978", "100578087", "100712710", "100839414", "100886928", "100902766",
]  # fmt: skip


class SearchArgs(BaseModel):
    """A few of CompanyQuery's fields; the limit is capped like the real tool's."""

    text: str | None = None
    naf_codes: list[str] = Field(default_factory=list)
    cities: list[str] = Field(default_factory=list)
    departments: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=list)
    headcount_min: int | None = None
    headcount_max: int | None = None
    sort: str = "relevance"
    limit: int = Field(10, ge=1, le=100)
    offset: int = 0


@tool(args_schema=SearchArgs)
def search_companies(**filters: Any) -> str:
    """Search French companies."""
    return "companies"


@tool
def get_company(siren: str | None = None, name: str | None = None) -> str:
    """One company by SIREN or name."""
    return "company"


@tool
def create_lead_list(
    name: str,
    sirens: list[str] | None = None,
    query: dict[str, Any] | None = None,
    confirm: bool = False,
) -> str:
    """Create a lead list."""
    return "created"


@tool
def add_to_list(
    list_name: str,
    sirens: list[str] | None = None,
    query: dict[str, Any] | None = None,
    confirm: bool = False,
) -> str:
    """Add companies to a list."""
    return "added"


@tool
def list_leads(
    list_name: str | None = None,
    stage: str | None = None,
    stages: list[str] | None = None,
    owner: str | None = None,
    mine: bool = False,
    not_contacted_days: int | None = None,
    sort: str = "score",
    limit: int = 20,
) -> str:
    """List leads."""
    return "leads"


@tool
def lead_lists(mine: bool = False, owner: str | None = None) -> str:
    """Lead lists with their counts."""
    return "lists"


@tool
def rename_lead_list(list_name: str, new_name: str) -> str:
    """Rename a lead list."""
    return "renamed"


@tool
def delete_lead_list(list_name: str, confirm: bool = False) -> str:
    """Delete a lead list."""
    return "deleted"


@tool
def assign_lead_list(
    list_name: str, owner: str, all_leads: bool = False, confirm: bool = False
) -> str:
    """Give a lead list to another rep."""
    return "assigned"


@tool
def set_lead_stage(
    siren: str, stage: str, list_name: str | None = None, reason: str | None = None
) -> str:
    """Move a lead to a stage."""
    return "moved"


@tool
def qualify_lead(
    siren: str,
    text: str = "",
    asked: str | None = None,
    confirm: bool | None = None,
    list_name: str | None = None,
) -> str:
    """Qualify a lead with BANT."""
    return "qualified"


@tool
def export_csv(
    list_name: str | None = None,
    query: dict[str, Any] | None = None,
    stage: str | None = None,
    mine: bool = False,
) -> str:
    """Export as CSV."""
    return "exported"


@tool
def pipeline_summary(
    period: str = "week",
    owner: str | None = None,
    start: str | None = None,
    end: str | None = None,
    since: str | None = None,
    mine: bool = False,
) -> str:
    """Pipeline summary."""
    return "pipeline"


@tool
def find_decision_makers(
    sirens: list[str] | None = None,
    company: str | None = None,
    list_name: str | None = None,
    roles: list[str] | None = None,
) -> str:
    """The people to talk to at companies."""
    return "people"


@tool
def enrich_contacts(
    sirens: list[str] | None = None,
    company: str | None = None,
    list_name: str | None = None,
    roles: list[str] | None = None,
    budget: float | None = None,
) -> str:
    """Find and verify the emails of the people at companies."""
    return "enriched"


@tool
def find_signals(
    sirens: list[str] | None = None,
    list_name: str | None = None,
    query: dict[str, Any] | None = None,
    kinds: list[str] | None = None,
    since: str | None = None,
) -> str:
    """Buying signals of companies."""
    return "signals"


@tool
def add_ai_column(
    list_name: str,
    name: str | None = None,
    prompt: str | None = None,
    type: str = "text",
    options: list[str] | None = None,
    builtins: bool = False,
    replace: bool = False,
) -> str:
    """Add an AI column to a lead list."""
    return "column added"


@tool
def run_ai_columns(
    list_name: str,
    column: str | None = None,
    concurrency: int | None = None,
    show_only: bool = False,
    where_value: str | None = None,
) -> str:
    """Fill a lead list's AI columns."""
    return "columns run"


TOOLS: list[BaseTool] = [
    search_companies, get_company, find_decision_makers, enrich_contacts, find_signals, create_lead_list, add_to_list, list_leads, pipeline_summary,
    lead_lists, rename_lead_list, delete_lead_list, assign_lead_list, set_lead_stage, qualify_lead, export_csv,
    add_ai_column, run_ai_columns,
]  # fmt: skip


def companies_artifact(count: int = 12) -> dict[str, Any]:
    """A "companies" artifact like search_companies returns."""
    cities = ["LYON 3EME", "VILLEURBANNE", "LYON 7EME", "BRON"]
    companies = [
        CompanyPublic(
            siren=siren,
            name=f"SOCIETE {index + 1}",
            city=cities[index % len(cities)],
            department="69",
            naf_label="Programmation informatique",
            headcount_label="50 à 99 salariés",
            category="PME",
        )
        for index, siren in enumerate(SIRENS[:count])
    ]
    artifact = CompaniesArtifact(
        total=57,
        query={"naf_codes": ["62"], "cities": ["LYON"], "limit": 10},
        companies=companies,
        source="local",
    )
    return artifact.model_dump(mode="json")


def earlier_search() -> list[BaseMessage]:
    """A finished search turn: request, tool call, companies result, answer."""
    return [
        HumanMessage("trouve des ESN à Lyon"),
        AIMessage("", tool_calls=[{"name": "search_companies", "args": {}, "id": "call_1"}]),
        ToolMessage(
            "57 companies",
            tool_call_id="call_1",
            name="search_companies",
            artifact=companies_artifact(),
        ),
        AIMessage("57 entreprises correspondent à votre recherche."),
    ]


def model() -> OfflineChatModel:
    return OfflineChatModel(today=TODAY)


def ask(text: str, *, previous: bool = False, tools: list[BaseTool] | None = None) -> AIMessage:
    messages = [*earlier_search(), HumanMessage(text)] if previous else [HumanMessage(text)]
    result = model().bind_tools(TOOLS if tools is None else tools).invoke(messages)
    assert isinstance(result, AIMessage)
    return result


def assert_one_call(text: str, previous: bool, tool_name: str, args: dict[str, Any]) -> None:
    """The request, asked (after an earlier search when `previous`), makes exactly this call."""
    message = ask(text, previous=previous)
    assert message.content == ""
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [(tool_name, args)]


def case(text: str, tool_name: str, args: dict[str, Any], *, previous: bool = False) -> Any:
    return pytest.param(text, previous, tool_name, args, id=("+" if previous else "") + text)


PIPELINE = PipelineArtifact(
    period=PeriodInfo(label="week", start=date(2025, 3, 10), end=date(2025, 3, 16)),
    previous=PeriodInfo(label="week", start=date(2025, 3, 3), end=date(2025, 3, 9)),
    total=42,
    stages={"new": 20, "mql": 12, "sql": 6, "won": 3, "lost": 1, "disqualified": 0},
    conversion={
        "new_to_mql": ConversionItem(reached=42, converted=21),
        "mql_to_sql": ConversionItem(reached=9, converted=6),
        "sql_to_won": ConversionItem(reached=0, converted=0),
    },
    new_leads=TrendItem(current=14, previous=10),
    new_sqls=TrendItem(current=4, previous=5),
    won=TrendItem(current=2, previous=0),
    owners=[
        OwnerItem(owner="alice.martin", stages={"sql": 4}, new_leads=9, new_sqls=3, won=2),
        OwnerItem(owner="bruno.petit", stages={"sql": 2}, new_leads=5, new_sqls=1, won=0),
    ],
).model_dump(mode="json")
