"""Stale leads: open leads (new, MQL, SQL) nobody moved or contacted for `days` days, per owner,
the longest idle first — the ones a manager asks about on Monday ("quels leads dorment ?").

A lead is moved when its stage changes (its creation counts as its first move); it is contacted
when one of its company's contacts is (`last_contacted_on`, a day). It is idle since the later
of the two, and stale when that is `days` days ago or more. Whose: `agent.pipeline.scope`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from agent.artifacts import StaleLeadItem, StaleLeadsArtifact, StaleOwnerItem
from agent.pipeline.scope import pipeline_owner
from store.repositories.dashboard import IdleLead, idle_leads

DEFAULT_DAYS = 14
DEFAULT_LIMIT = 50


def stale_leads(
    engine: Engine,
    *,
    now: datetime,
    days: int = DEFAULT_DAYS,
    owner: str | None = None,
    user: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> StaleLeadsArtifact:
    """The open leads idle for `days` days or more at `now`, of every owner (or one) as `user`
    may see them: all counted per owner, the `limit` longest idle listed."""
    if days < 1:
        raise ValueError(f"stale means idle for one day or more, not {days}")
    owner = pipeline_owner(engine, owner=owner, user=user)
    today = now.date()
    with Session(engine) as session:
        found = idle_leads(
            session,
            moved_before=now - timedelta(days=days),
            # contacted `days` days ago or earlier: before the day after that
            contacted_before=today - timedelta(days=days - 1),
            owner=owner,
        )
    items = sorted(
        (_item(lead, today) for lead in found), key=lambda item: (-item.idle_days, item.siren)
    )
    per_owner: dict[str | None, list[StaleLeadItem]] = {}
    for item in items:
        per_owner.setdefault(item.owner, []).append(item)
    return StaleLeadsArtifact(
        days=days,
        today=today,
        owner=owner,
        total=len(items),
        owners=[
            StaleOwnerItem(owner=name, count=len(leads), oldest_idle_days=leads[0].idle_days)
            for name, leads in sorted(
                per_owner.items(), key=lambda pair: (-len(pair[1]), pair[0] or "")
            )
        ],
        leads=items[:limit],
    )


def _item(lead: IdleLead, today: date) -> StaleLeadItem:
    moved = lead.last_moved.date()
    since = max(moved, lead.last_contacted_on) if lead.last_contacted_on else moved
    return StaleLeadItem(
        siren=lead.siren,
        name=lead.company,
        list_name=lead.list_name,
        owner=lead.owner,
        stage=lead.stage,
        last_moved=moved,
        last_contacted_on=lead.last_contacted_on,
        idle_days=(today - since).days,
    )
