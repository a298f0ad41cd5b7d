"""The pipeline summary a manager asks for: where leads stand, how they convert, and what
happened over a period compared with the period before, overall and per owner.

Stage counts are a snapshot of now, whatever the period. Conversion counts every lead in scope:
of those that reached a stage, how many reached the next. New leads, new SQLs and wins are
counted within the period from the stage timestamps (UTC days): "won this quarter" is the
leads closed as won between the period's first and last day, not every won lead; so are the
leads lost and disqualified ("combien de perdus ce trimestre ?"). The period
and the one it is compared with are in `agent.pipeline.periods`.

Activity is what each person did within the period (`agent.pipeline.activity`). Whose:
`agent.pipeline.scope` — a rep's own leads, the team's for a manager or an admin.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.artifacts import (
    ConversionItem,
    OwnerItem,
    PeriodInfo,
    PipelineArtifact,
    TrendItem,
)
from agent.pipeline.activity import people_activity
from agent.pipeline.periods import Period, PeriodName, resolve_period
from agent.pipeline.scope import pipeline_owner
from store.models import LeadStage
from store.repositories.pipeline import (
    OwnerActivity,
    OwnerFunnel,
    activity_counts,
    funnel_counts,
    stage_counts,
)

STAGES = tuple(stage.value for stage in LeadStage)


def pipeline_summary(
    engine: Engine,
    *,
    today: date,
    period: PeriodName = "week",
    owner: str | None = None,
    start: date | None = None,
    end: date | None = None,
    since: date | None = None,
    user: str | None = None,
) -> PipelineArtifact:
    """The pipeline of every owner (or one) for the period around `today` or from start
    (or since) to end, as `user` may see it (None: everyone's)."""
    current, previous = resolve_period(
        period=period, today=today, start=start, end=end, since=since
    )
    owner = pipeline_owner(engine, owner=owner, user=user)
    with Session(engine) as session:
        snapshot = stage_counts(session, owner=owner)
        funnels = funnel_counts(session, owner=owner)
        now = activity_counts(session, start=current.bounds[0], end=current.bounds[1], owner=owner)
        before = activity_counts(
            session, start=previous.bounds[0], end=previous.bounds[1], owner=owner
        )
        activity = people_activity(
            session, start=current.bounds[0], end=current.bounds[1], person=owner
        )
    owners = sorted({key[0] for key in snapshot}, key=lambda name: (name is None, name or ""))
    empty = OwnerActivity(0, 0, 0)
    per_owner = [
        OwnerItem(
            owner=name,
            stages={stage: snapshot.get((name, stage), 0) for stage in STAGES},
            new_leads=now.get(name, empty).new_leads,
            new_sqls=now.get(name, empty).new_sqls,
            won=now.get(name, empty).won,
            lost=now.get(name, empty).lost,
            disqualified=now.get(name, empty).disqualified,
        )
        for name in owners
    ]
    funnel = _sum_funnels(list(funnels.values()))
    stages = {stage: sum(item.stages[stage] for item in per_owner) for stage in STAGES}
    return PipelineArtifact(
        period=_info(current),
        previous=_info(previous),
        owner=owner,
        total=sum(stages.values()),
        stages=stages,
        conversion={
            "new_to_mql": ConversionItem(reached=funnel.leads, converted=funnel.reached_mql),
            "mql_to_sql": ConversionItem(reached=funnel.reached_mql, converted=funnel.reached_sql),
            "sql_to_won": ConversionItem(reached=funnel.reached_sql, converted=funnel.won),
        },
        new_leads=_trend(now, before, "new_leads"),
        new_sqls=_trend(now, before, "new_sqls"),
        won=_trend(now, before, "won"),
        lost=_trend(now, before, "lost"),
        disqualified=_trend(now, before, "disqualified"),
        owners=per_owner,
        activity=activity,
    )


def _info(period: Period) -> PeriodInfo:
    return PeriodInfo(label=period.label, start=period.start, end=period.end)


def _trend(
    now: dict[str | None, OwnerActivity], before: dict[str | None, OwnerActivity], name: str
) -> TrendItem:
    return TrendItem(current=_total(now, name), previous=_total(before, name))


def _sum_funnels(funnels: list[OwnerFunnel]) -> OwnerFunnel:
    return OwnerFunnel(
        leads=sum(item.leads for item in funnels),
        reached_mql=sum(item.reached_mql for item in funnels),
        reached_sql=sum(item.reached_sql for item in funnels),
        won=sum(item.won for item in funnels),
    )


def _total(activity: dict[str | None, OwnerActivity], name: str) -> int:
    return sum(getattr(item, name) for item in activity.values())
