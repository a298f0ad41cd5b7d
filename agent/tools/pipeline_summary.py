"""`pipeline_summary`: counts by stage, conversion, and the period's activity with its trend."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any, Literal

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.context import FilonContext
from agent.pipeline import PipelineSummary
from agent.pipeline import pipeline_summary as summarize
from agent.tools.artifacts import (
    ConversionItem,
    OwnerItem,
    PeriodInfo,
    PipelineArtifact,
    TrendItem,
)

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
    artifact = _artifact(summary)
    return _content(artifact), artifact.model_dump(mode="json")


pipeline_summary.handle_tool_error = True


def _artifact(summary: PipelineSummary) -> PipelineArtifact:
    trends = {"new_leads": summary.new_leads, "new_sqls": summary.new_sqls, "won": summary.won}
    return PipelineArtifact(
        period=PeriodInfo(
            label=summary.period.label, start=summary.period.start, end=summary.period.end
        ),
        previous=PeriodInfo(
            label=summary.previous.label, start=summary.previous.start, end=summary.previous.end
        ),
        owner=summary.owner,
        total=summary.total,
        stages=summary.stages,
        conversion={name: item.rate for name, item in summary.conversion.items()},
        conversion_counts={
            name: ConversionItem(reached=item.reached, converted=item.converted, rate=item.rate)
            for name, item in summary.conversion.items()
        },
        new_leads=summary.new_leads.current,
        new_sqls=summary.new_sqls.current,
        won=summary.won.current,
        trend={
            name: TrendItem(current=t.current, previous=t.previous, change_pct=t.change_pct)
            for name, t in trends.items()
        },
        owners=[
            OwnerItem(
                owner=item.owner,
                stages=item.stages,
                new_leads=item.new_leads,
                new_sqls=item.new_sqls,
                won=item.won,
            )
            for item in summary.owners
        ],
    )


def _trend(item: TrendItem) -> str:
    change = f", {item.change_pct:+.0f}%" if item.change_pct is not None else ""
    return f"{item.current} (previous {item.previous}{change})"


def _rate(rate: float | None) -> str:
    return f"{rate:.0%}" if rate is not None else "n/a"


def _content(artifact: PipelineArtifact) -> str:
    period = artifact.period
    who = f" for {artifact.owner}" if artifact.owner else ""
    stages = ", ".join(f"{stage} {n}" for stage, n in artifact.stages.items())
    conversion = ", ".join(
        f"{name.replace('_to_', '→')} {_rate(item)}" for name, item in artifact.conversion.items()
    )
    lines = [
        f"Pipeline{who}, {period.label} {period.start}–{period.end} "
        f"(previous {artifact.previous.start}–{artifact.previous.end}).",
        f"{artifact.total} leads now: {stages}.",
        f"Conversion: {conversion}.",
        f"New leads {_trend(artifact.trend['new_leads'])}; new SQLs "
        f"{_trend(artifact.trend['new_sqls'])}; won {_trend(artifact.trend['won'])}.",
    ]
    if len(artifact.owners) > 1 or (artifact.owners and not artifact.owner):
        lines.append("By owner:")
        for item in artifact.owners[:10]:
            open_leads = sum(item.stages[s] for s in ("new", "mql", "sql"))
            lines.append(
                f"- {item.owner or '(none)'}: {open_leads} open, {item.stages['sql']} SQL; "
                f"period: {item.new_leads} new, {item.new_sqls} SQL, {item.won} won"
            )
    return "\n".join(lines)
