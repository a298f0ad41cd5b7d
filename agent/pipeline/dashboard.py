"""The manager's dashboard in one call: the pipeline over a period (stages and activity by rep,
conversion, against the period before), the weekly trends with this week to date, and the idle
leads — as `user` may see them (a rep their own, a manager or an admin the team's).

One typed result (`DashboardArtifact`) that every entry point formats its own way: the CLI's
tables and JSON, the weekly digest's HTML, a Slack message's blocks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine

from agent.artifacts import DashboardArtifact
from agent.pipeline.periods import PeriodName
from agent.pipeline.stale import DEFAULT_DAYS, stale_leads
from agent.pipeline.summary import pipeline_summary
from agent.pipeline.trends import DEFAULT_WEEKS, pipeline_trends


def build_dashboard(
    engine: Engine,
    *,
    now: datetime,
    period: PeriodName = "week",
    since: date | None = None,
    owner: str | None = None,
    weeks: int = DEFAULT_WEEKS,
    stale_days: int = DEFAULT_DAYS,
    user: str | None = None,
) -> DashboardArtifact:
    """Everything the dashboard shows at `now` (an aware datetime)."""
    now = now.astimezone(UTC)
    return DashboardArtifact(
        generated_at=now,
        user=user,
        summary=pipeline_summary(
            engine, today=now.date(), period=period, since=since, owner=owner, user=user
        ),
        trends=pipeline_trends(engine, now=now, weeks=weeks, owner=owner, user=user),
        stale=stale_leads(engine, now=now, days=stale_days, owner=owner, user=user),
    )
