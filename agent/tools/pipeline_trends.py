"""`pipeline_trends`: the pipeline week by week (12 complete ISO weeks by default) and this week
to date against the same span of last week, to the minute, in total and per rep.

A tool of its own rather than more arguments to `pipeline_summary`: a summary is one period
against the one before, a trend is a series of weeks; the two answer different questions
("résumé du mois" / "tendance sur 12 semaines") and the model picks better between two clear
tools than between the modes of one.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import METRICS, TrendsArtifact
from agent.context import FilonContext
from agent.leads import LeadRequestError
from agent.pipeline import pipeline_trends as trends_of
from agent.pipeline.trends import DEFAULT_WEEKS, MAX_WEEKS
from agent.tools.failures import refusal
from agent.tools.lines import data


class PipelineTrendsArgs(BaseModel):
    """How many weeks, and optionally one rep."""

    weeks: int = Field(DEFAULT_WEEKS, ge=1, le=MAX_WEEKS, description="Complete ISO weeks")
    owner: str | None = Field(None, description="Only this rep's leads, e.g. alice.martin")
    mine: bool = Field(False, description="Only the user's own leads ('ma tendance')")


def now_on(today: date) -> datetime:
    """The run's day at the present time of day, UTC: the moment a week to date ends."""
    return datetime.combine(today, datetime.now(UTC).timetz())


@tool("pipeline_trends", args_schema=PipelineTrendsArgs, response_format="content_and_artifact")
async def pipeline_trends(
    runtime: ToolRuntime[FilonContext],
    weeks: int = DEFAULT_WEEKS,
    owner: str | None = None,
    mine: bool = False,
) -> tuple[str, dict[str, Any]]:
    """The pipeline's trend week by week: new leads, new MQLs, new SQLs, won and lost per
    complete ISO week (the last 12 by default, oldest first), in total and per rep, and this
    week to date (Monday 00:00 to now) against last week's same span (last Monday 00:00 to the
    same weekday and time). Use it for "tendance sur 12 semaines", "weekly trend", "how is this
    week going compared with last week?". The result states the exact dates: repeat them.
    """
    context = runtime.context
    try:
        found = await asyncio.to_thread(
            trends_of,
            context.engine,
            now=now_on(context.today),
            weeks=weeks,
            owner=context.user if mine else owner,
            user=context.user,
        )
    except (ValueError, LeadRequestError) as error:
        raise refusal(error) from error
    return _content(found), found.model_dump(mode="json")


pipeline_trends.handle_tool_error = True


def _content(artifact: TrendsArtifact) -> str:
    who = f" for {data(artifact.owner)}" if artifact.owner else ""
    span = artifact.week_to_date
    lines = [
        f"Pipeline trend{who}: {len(artifact.weeks)} complete ISO weeks, "
        f"{artifact.weeks[0].label} ({artifact.weeks[0].start}) to {artifact.weeks[-1].label} "
        f"(to {artifact.weeks[-1].end}), oldest first.",
    ]
    lines += [f"{metric}: {artifact.totals[metric]}" for metric in METRICS]
    lines.append(
        f"Week to date {span.start:%Y-%m-%d %H:%M} to {span.end:%Y-%m-%d %H:%M} UTC against "
        f"{span.previous_start:%Y-%m-%d %H:%M} to {span.previous_end:%Y-%m-%d %H:%M} UTC: "
        + "; ".join(
            f"{metric} {item.current} (last week {item.previous})"
            for metric, item in span.totals.items()
        )
        + "."
    )
    if len(artifact.owners) > 1:
        lines.append("Per rep, total over the weeks:")
        for item in artifact.owners[:10]:
            totals = ", ".join(f"{m} {sum(item.series[m])}" for m in METRICS)
            lines.append(f"- {data(item.owner) or '(none)'}: {totals}")
    return "\n".join(lines)
