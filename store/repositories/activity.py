"""Reading a company's buying signals and behavioural engagement."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.models import Engagement, Signal


def signals_of(session: Session, *, company_siren: str, limit: int = 10) -> list[Signal]:
    """The most recent signals in force about a company (not superseded by a correction)."""
    statement = (
        select(Signal)
        .where(col(Signal.company_siren) == company_siren, col(Signal.superseded_by).is_(None))
        .order_by(col(Signal.occurred_on).desc(), col(Signal.id).desc())
        .limit(limit)
    )
    return list(session.exec(statement).all())


def engagement_counts(
    session: Session, *, company_siren: str
) -> tuple[dict[str, int], datetime | None]:
    """How many engagement events of each kind a company has, and when the last one was."""
    statement = (
        select(Engagement.kind, func.count(), func.max(Engagement.occurred_at))
        .where(col(Engagement.company_siren) == company_siren)
        .group_by(Engagement.kind)
    )
    counts: dict[str, int] = {}
    last: datetime | None = None
    for kind, count, latest in session.exec(statement).all():
        counts[str(getattr(kind, "value", kind))] = int(count)
        if latest is not None and (last is None or latest > last):
            last = latest
    return counts, last
