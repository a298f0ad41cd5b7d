"""OfflineChatModel: the manager's dashboard in chat → one exact call — the pipeline by rep
stays `pipeline_summary`, a trend over weeks is `pipeline_trends`, sleeping leads are
`stale_leads`; without the tools bound, they are said to be unavailable."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import BaseTool, tool
from offline_fixtures import TOOLS, case, model

from agent.artifacts import (
    StaleLeadItem,
    StaleLeadsArtifact,
    StaleOwnerItem,
    TrendItem,
    TrendsArtifact,
    WeekItem,
    WeekToDateItem,
)


@tool
def pipeline_trends(weeks: int = 12, owner: str | None = None, mine: bool = False) -> str:
    """Weekly trends."""
    return "trends"


@tool
def stale_leads(days: int = 14, owner: str | None = None, mine: bool = False) -> str:
    """Stale leads."""
    return "stale"


WITH_DASHBOARD: list[BaseTool] = [*TOOLS, pipeline_trends, stale_leads]

DASHBOARD_CASES = [
    case("résumé du pipeline par commercial", "pipeline_summary", {"period": "week"}),
    case("pipeline by rep this week", "pipeline_summary", {"period": "week"}),
    case("tendance sur 12 semaines", "pipeline_trends", {"weeks": 12}),
    case("tendance de Chloé sur 8 semaines", "pipeline_trends", {"weeks": 8, "owner": "Chloé"}),
    case("évolution du pipeline semaine par semaine", "pipeline_trends", {}),
    case("weekly trend for Bruno", "pipeline_trends", {"owner": "Bruno"}),
    case("week over week trend", "pipeline_trends", {}),
    case("show me the trend over the last 6 weeks", "pipeline_trends", {"weeks": 6}),
    case("quels leads dorment ?", "stale_leads", {}),
    case("stale leads", "stale_leads", {}),
    case("my stale leads", "stale_leads", {"mine": True}),
    case("mes leads qui dorment depuis un mois", "stale_leads", {"days": 30, "mine": True}),
    case("leads qui n'ont pas bougé depuis 3 semaines", "stale_leads", {"days": 21}),
    case("quels deals n'avancent plus ?", "stale_leads", {}),
    case("leads oubliés de Bruno", "stale_leads", {"owner": "Bruno"}),
    case("stale leads of bruno.petit for 30 days", "stale_leads",
         {"days": 30, "owner": "bruno.petit"}),
    case("which leads haven't moved in 10 days?", "stale_leads", {"days": 10}),
]  # fmt: skip


def _ask(messages: list[Any], tools: list[BaseTool] = WITH_DASHBOARD) -> AIMessage:
    result = model().bind_tools(tools).invoke(messages)
    assert isinstance(result, AIMessage)
    return result


@pytest.mark.parametrize(("text", "previous", "tool_name", "args"), DASHBOARD_CASES)
def test_request_becomes_one_tool_call(
    text: str, previous: bool, tool_name: str, args: dict[str, Any]
) -> None:
    message = _ask([HumanMessage(text)])
    assert message.content == ""
    assert [(call["name"], call["args"]) for call in message.tool_calls] == [(tool_name, args)]


@pytest.mark.parametrize("text", ["quels leads dorment ?", "tendance sur 12 semaines"])
def test_without_the_tools_they_are_said_unavailable(text: str) -> None:
    message = _ask([HumanMessage(text)], tools=TOOLS)
    assert message.tool_calls == [] and message.content


def _answer(text: str, tool_name: str, artifact: dict[str, Any]) -> str:
    asked = _ask([HumanMessage(text)])
    (call,) = asked.tool_calls
    result = ToolMessage("…", tool_call_id=call["id"], name=tool_name, artifact=artifact)
    final = _ask([HumanMessage(text), asked, result])
    return str(final.content)


def test_the_stale_answer_names_reps_and_the_oldest_leads() -> None:
    artifact = StaleLeadsArtifact(
        days=14,
        today=date(2026, 11, 18),
        total=3,
        owners=[
            StaleOwnerItem(owner="bruno.petit", count=2, oldest_idle_days=48),
            StaleOwnerItem(owner="alice.martin", count=1, oldest_idle_days=14),
        ],
        leads=[
            StaleLeadItem(
                siren="000000006", name="Ker*Bat", list_name="L", owner="bruno.petit",
                stage="new", last_moved=date(2026, 10, 1), last_contacted_on=None, idle_days=48,
            ),
        ],
    )  # fmt: skip
    answer = _answer("quels leads dorment ?", "stale_leads", artifact.model_dump(mode="json"))
    assert "3 leads ouverts sans changement d'étape ni contact depuis 14 jours" in answer
    assert "Bruno Petit : 2 leads, le plus ancien depuis 48 jours" in answer
    assert "Ker\\*Bat (Nouveau, Bruno Petit) : 48 jours sans activité" in answer
    assert "bruno.petit" not in answer


def test_the_trend_answer_says_the_weeks_and_the_moments() -> None:
    now = datetime(2026, 11, 18, 15, 20, tzinfo=UTC)
    weeks = [
        WeekItem(label=f"2026-W{n}", start=date(2026, 11, 2) + timedelta(days=7 * (n - 45)),
                 end=date(2026, 11, 8) + timedelta(days=7 * (n - 45)))
        for n in (45, 46)
    ]  # fmt: skip
    zero = {m: [0, 0] for m in ("new_leads", "new_mqls", "new_sqls", "won", "lost")}
    artifact = TrendsArtifact(
        weeks=weeks,
        totals={**zero, "new_leads": [3, 5]},
        week_to_date=WeekToDateItem(
            start=datetime(2026, 11, 16, tzinfo=UTC),
            end=now,
            previous_start=datetime(2026, 11, 9, tzinfo=UTC),
            previous_end=now - timedelta(days=7),
            totals={m: TrendItem(current=1, previous=2) for m in zero},
        ),
    )
    answer = _answer("trend over 2 weeks", "pipeline_trends", artifact.model_dump(mode="json"))
    assert "Trend for the team over 2 complete weeks, 2026-W45 (Monday 2 Nov 2026)" in answer
    assert "New leads: 3 · 5 (total 8)" in answer
    assert "Week to date, 16 Nov 2026 00:00 to 18 Nov 2026 15:20 UTC" in answer
    assert "last week 9 Nov 2026 00:00 to 11 Nov 2026 15:20 UTC" in answer
