"""The pipeline's weekly trends: new leads, new MQLs, new SQLs, won and lost per complete ISO
week, in total and per owner, and this week to date against the same span of last week, to the
minute (`agent.pipeline.weeks`). Whose: `agent.pipeline.scope`.

A lead counts in the week its stage timestamp falls in: created (new), `mql_at`, `sql_at`,
`closed_at` for a lead now won or lost.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.artifacts import (
    METRICS,
    OwnerSeries,
    TrendItem,
    TrendsArtifact,
    WeekItem,
    WeekToDateItem,
)
from agent.pipeline.scope import pipeline_owner
from agent.pipeline.weeks import week_to_date, weeks_before
from store.repositories.dashboard import window_counts

DEFAULT_WEEKS = 12
MAX_WEEKS = 104


def pipeline_trends(
    engine: Engine,
    *,
    now: datetime,
    weeks: int = DEFAULT_WEEKS,
    owner: str | None = None,
    user: str | None = None,
) -> TrendsArtifact:
    """The `weeks` complete ISO weeks before `now`'s and this week to date, of every owner (or
    one) as `user` may see them (None: everyone's)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks counts complete weeks: 1 to {MAX_WEEKS}, not {weeks}")
    owner = pipeline_owner(engine, owner=owner, user=user)
    span = week_to_date(now)
    history = weeks_before(span.start.date(), weeks)
    with Session(engine) as session:
        weekly = window_counts(session, windows=[week.bounds for week in history], owner=owner)
        to_date = window_counts(
            session, windows=[(span.start, span.end), span.previous], owner=owner
        )
    owners = sorted(weekly, key=lambda name: (name is None, name or ""))
    current = {
        metric: TrendItem(
            current=sum(series[metric][0] for series in to_date.values()),
            previous=sum(series[metric][1] for series in to_date.values()),
        )
        for metric in METRICS
    }
    return TrendsArtifact(
        owner=owner,
        weeks=[WeekItem(label=w.label, start=w.monday, end=w.sunday) for w in history],
        totals={metric: _sum(weekly, metric, len(history)) for metric in METRICS},
        owners=[OwnerSeries(owner=name, series=weekly[name]) for name in owners],
        week_to_date=WeekToDateItem(
            start=span.start,
            end=span.end,
            previous_start=span.previous[0],
            previous_end=span.previous[1],
            totals=current,
            owners=[OwnerSeries(owner=name, series=to_date[name]) for name in owners],
        ),
    )


def _sum(counts: dict[str | None, dict[str, list[int]]], metric: str, length: int) -> list[int]:
    """The metric's weekly counts added up over owners."""
    return [sum(series[metric][index] for series in counts.values()) for index in range(length)]
