"""The pipeline summary a manager asks for: where leads stand, how they convert, and what
happened over a period compared with the period before, overall and per owner.

Stage counts are a snapshot of now. Conversion counts every lead in scope: of those that
reached a stage, how many reached the next. New leads, new SQLs and wins are counted within
the period from the stage timestamps (UTC days).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.pipeline.periods import Period, PeriodName, resolve_period
from store.models import LeadStage
from store.repositories.pipeline import (
    OwnerActivity,
    OwnerFunnel,
    activity_counts,
    funnel_counts,
    stage_counts,
)

STAGES = tuple(stage.value for stage in LeadStage)


@dataclass(frozen=True, slots=True)
class Conversion:
    """Of `reached` leads at one stage, `converted` reached the next."""

    reached: int
    converted: int

    @property
    def rate(self) -> float | None:
        """converted / reached, None when no lead reached the first stage."""
        return round(self.converted / self.reached, 4) if self.reached else None


@dataclass(frozen=True, slots=True)
class Trend:
    """A count in this period and the previous one."""

    current: int
    previous: int

    @property
    def change_pct(self) -> float | None:
        """Change in percent, None when the previous count was zero."""
        if not self.previous:
            return None
        return round(100 * (self.current - self.previous) / self.previous, 1)


@dataclass(frozen=True, slots=True)
class OwnerSummary:
    """One owner's leads: stages now, activity in the period."""

    owner: str | None
    stages: dict[str, int]
    new_leads: int
    new_sqls: int
    won: int


@dataclass(frozen=True, slots=True)
class PipelineSummary:
    """Everything `pipeline_summary` reports."""

    period: Period
    previous: Period
    owner: str | None
    stages: dict[str, int]
    conversion: dict[str, Conversion]
    new_leads: Trend
    new_sqls: Trend
    won: Trend
    owners: list[OwnerSummary] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many leads there are in scope."""
        return sum(self.stages.values())


def pipeline_summary(
    engine: Engine,
    *,
    today: date,
    period: PeriodName = "week",
    owner: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> PipelineSummary:
    """The pipeline of every owner (or one) for the period around `today` or from start to end."""
    current, previous = resolve_period(period=period, today=today, start=start, end=end)
    with Session(engine) as session:
        snapshot = stage_counts(session, owner=owner)
        funnels = funnel_counts(session, owner=owner)
        now = activity_counts(session, start=current.bounds[0], end=current.bounds[1], owner=owner)
        before = activity_counts(
            session, start=previous.bounds[0], end=previous.bounds[1], owner=owner
        )
    owners = sorted({key[0] for key in snapshot}, key=lambda name: (name is None, name or ""))
    empty = OwnerActivity(0, 0, 0)
    per_owner = [
        OwnerSummary(
            owner=name,
            stages={stage: snapshot.get((name, stage), 0) for stage in STAGES},
            new_leads=now.get(name, empty).new_leads,
            new_sqls=now.get(name, empty).new_sqls,
            won=now.get(name, empty).won,
        )
        for name in owners
    ]
    funnel = _sum_funnels(list(funnels.values()))
    return PipelineSummary(
        period=current,
        previous=previous,
        owner=owner,
        stages={stage: sum(item.stages[stage] for item in per_owner) for stage in STAGES},
        conversion={
            "new_to_mql": Conversion(funnel.leads, funnel.reached_mql),
            "mql_to_sql": Conversion(funnel.reached_mql, funnel.reached_sql),
            "sql_to_won": Conversion(funnel.reached_sql, funnel.won),
        },
        new_leads=Trend(_total(now, "new_leads"), _total(before, "new_leads")),
        new_sqls=Trend(_total(now, "new_sqls"), _total(before, "new_sqls")),
        won=Trend(_total(now, "won"), _total(before, "won")),
        owners=per_owner,
    )


def _sum_funnels(funnels: list[OwnerFunnel]) -> OwnerFunnel:
    return OwnerFunnel(
        leads=sum(item.leads for item in funnels),
        reached_mql=sum(item.reached_mql for item in funnels),
        reached_sql=sum(item.reached_sql for item in funnels),
        won=sum(item.won for item in funnels),
    )


def _total(activity: dict[str | None, OwnerActivity], name: str) -> int:
    return sum(getattr(item, name) for item in activity.values())
