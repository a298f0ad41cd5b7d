"""`pipeline_summary`: counts by stage, conversion, and the period's activity with its trend."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any, Literal

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import (
    ConversionItem,
    PipelineArtifact,
    TrendItem,
)
from agent.artifacts.pipeline import PeriodInfo
from agent.context import FilonContext
from agent.leads import LeadRequestError
from agent.pipeline import pipeline_summary as summarize
from agent.tools.failures import refusal
from agent.tools.lines import data

PeriodName = Literal[
    "week", "month", "quarter", "year", "last_week", "last_month", "last_quarter", "last_year"
]


class PipelineSummaryArgs(BaseModel):
    """The period to report on and, optionally, one owner."""

    period: PeriodName = Field(
        "week",
        description="week, month, quarter, year: the current one, to date (this month = from "
        "the 1st to today), compared with the same days of the previous one; last_week, "
        "last_month, last_quarter, last_year: the whole previous one ('le mois dernier')",
    )
    owner: str | None = Field(None, description="Only this rep's leads, e.g. alice.martin")
    start: date | None = Field(None, description="First day (YYYY-MM-DD); overrides period")
    end: date | None = Field(None, description="Last day (YYYY-MM-DD); overrides period")
    since: date | None = Field(
        None, description="From this day to today ('depuis le 1er octobre'); overrides period"
    )
    mine: bool = Field(False, description="Only the user's own leads ('mon pipeline')")


@tool("pipeline_summary", args_schema=PipelineSummaryArgs, response_format="content_and_artifact")
async def pipeline_summary(
    runtime: ToolRuntime[FilonContext],
    period: PeriodName = "week",
    owner: str | None = None,
    start: date | None = None,
    end: date | None = None,
    since: date | None = None,
    mine: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Summarise the sales pipeline: leads per stage now (all time), conversion rates
    (new→MQL, MQL→SQL, SQL→won), and the new leads, new SQLs, wins, losses and
    disqualifications *within* the period (this week to date by default) compared with the
    previous period, in total and per owner (rep). "Leads gagnés ce trimestre" is the period's
    won count, not the won stage; "perdus ce trimestre" the period's lost count.
    The result states the exact dates of both periods: repeat them to the user.
    """
    context = runtime.context
    try:
        summary = await asyncio.to_thread(
            summarize,
            context.engine,
            today=context.today,
            period=period,
            owner=context.user if mine else owner,
            start=start,
            end=end,
            since=since,
            user=context.user,
        )
    except (ValueError, LeadRequestError) as error:
        raise refusal(error) from error
    return _content(summary), summary.model_dump(mode="json")


pipeline_summary.handle_tool_error = True


def _trend(item: TrendItem) -> str:
    change = f", {item.change_pct:+.0f}%" if item.change_pct is not None else ""
    return f"{item.current} (previous period {item.previous}{change})"


def _rate(item: ConversionItem) -> str:
    return f"{item.rate:.0%}" if item.rate is not None else "n/a"


def _span(period: PeriodInfo) -> str:
    return f"{period.start.isoformat()} to {period.end.isoformat()}"


_PERIODS = {
    "week": "this week to date",
    "month": "this month to date",
    "quarter": "this quarter to date",
    "year": "this year to date",
    "last_week": "last week",
    "last_month": "last month",
    "last_quarter": "last quarter",
    "last_year": "last year",
    "custom": "the period",
}


def _content(artifact: PipelineArtifact) -> str:
    period = artifact.period
    who = f" for {data(artifact.owner)}" if artifact.owner else ""
    stages = ", ".join(f"{stage} {n}" for stage, n in artifact.stages.items())
    conversion = ", ".join(
        f"{name.replace('_to_', '→')} {_rate(item)}" for name, item in artifact.conversion.items()
    )
    lines = [
        f"Pipeline{who}: {_PERIODS.get(period.label, period.label)}, {_span(period)}, "
        f"compared with {_span(artifact.previous)}.",
        f"Now (all time, whatever the period): {artifact.total} leads: {stages}.",
        f"Conversion (all time): {conversion}.",
        f"Within {_span(period)}: new leads {_trend(artifact.new_leads)}; new SQLs "
        f"{_trend(artifact.new_sqls)}; won {_trend(artifact.won)} (leads closed as won "
        f"within the period); lost {_trend(artifact.lost)}; disqualified "
        f"{_trend(artifact.disqualified)} (closed so within the period).",
    ]
    if len(artifact.owners) > 1 or (artifact.owners and not artifact.owner):
        lines.append("By owner:")
        for item in artifact.owners[:10]:
            open_leads = sum(item.stages[s] for s in ("new", "mql", "sql"))
            lines.append(
                f"- {data(item.owner) or '(none)'}: {open_leads} open, {item.stages['sql']} SQL now; "
                f"within the period: {item.new_leads} new, {item.new_sqls} SQL, {item.won} won, "
                f"{item.lost} lost, {item.disqualified} disqualified"
            )
    return "\n".join(lines)
