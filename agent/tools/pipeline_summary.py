"""`pipeline_summary`: counts by stage, conversion, and the period's activity with its trend."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any, Literal

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import (
    ConversionItem,
    PipelineArtifact,
    TrendItem,
)
from agent.context import FilonContext
from agent.pipeline import pipeline_summary as summarize
from agent.tools.lines import data

PeriodName = Literal["week", "month", "quarter", "year"]


class PipelineSummaryArgs(BaseModel):
    """The period to report on and, optionally, one owner."""

    period: PeriodName = Field("week", description="Calendar period containing today")
    owner: str | None = Field(None, description="Only this rep's leads, e.g. alice.martin")
    start: date | None = Field(None, description="First day (YYYY-MM-DD); overrides period")
    end: date | None = Field(None, description="Last day (YYYY-MM-DD); overrides period")


@tool("pipeline_summary", args_schema=PipelineSummaryArgs, response_format="content_and_artifact")
async def pipeline_summary(
    runtime: ToolRuntime[FilonContext],
    period: PeriodName = "week",
    owner: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> tuple[str, dict[str, Any]]:
    """Summarise the sales pipeline: leads per stage now, conversion rates (new→MQL,
    MQL→SQL, SQL→won), and new leads, new SQLs and wins over the period (this week by
    default) compared with the previous period, in total and per owner (rep).
    """
    context = runtime.context
    try:
        summary = await asyncio.to_thread(
            summarize,
            context.engine,
            today=context.today,
            period=period,
            owner=owner,
            start=start,
            end=end,
        )
    except ValueError as error:
        raise ToolException(str(error)) from error
    return _content(summary), summary.model_dump(mode="json")


pipeline_summary.handle_tool_error = True


def _trend(item: TrendItem) -> str:
    change = f", {item.change_pct:+.0f}%" if item.change_pct is not None else ""
    return f"{item.current} (previous {item.previous}{change})"


def _rate(item: ConversionItem) -> str:
    return f"{item.rate:.0%}" if item.rate is not None else "n/a"


def _content(artifact: PipelineArtifact) -> str:
    period = artifact.period
    who = f" for {data(artifact.owner)}" if artifact.owner else ""
    stages = ", ".join(f"{stage} {n}" for stage, n in artifact.stages.items())
    conversion = ", ".join(
        f"{name.replace('_to_', '→')} {_rate(item)}" for name, item in artifact.conversion.items()
    )
    lines = [
        f"Pipeline{who}, {period.label} {period.start}–{period.end} "
        f"(previous {artifact.previous.start}–{artifact.previous.end}).",
        f"{artifact.total} leads now: {stages}.",
        f"Conversion: {conversion}.",
        f"New leads {_trend(artifact.new_leads)}; new SQLs {_trend(artifact.new_sqls)}; "
        f"won {_trend(artifact.won)}.",
    ]
    if len(artifact.owners) > 1 or (artifact.owners and not artifact.owner):
        lines.append("By owner:")
        for item in artifact.owners[:10]:
            open_leads = sum(item.stages[s] for s in ("new", "mql", "sql"))
            lines.append(
                f"- {data(item.owner) or '(none)'}: {open_leads} open, {item.stages['sql']} SQL; "
                f"period: {item.new_leads} new, {item.new_sqls} SQL, {item.won} won"
            )
    return "\n".join(lines)
