"""Writing a lead's stage change: the lead's stage and stage timestamps, and the change's record.
A change also clears `closed_owner`: from then on the lead's owner is whose it is.

The UPDATE names the stage the lead was read at, so of two changes made at once from the same
stage only the first applies; the other changes nothing (the caller hears None) and records
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import Session, col

from store.models import Lead, LeadStage, LeadStageChange
from store.models.tables import table_of

LEAD_TABLE = table_of(Lead)
STAMPS = ("mql_at", "sql_at", "closed_at")


def change_stage(
    session: Session,
    *,
    lead_id: int,
    from_stage: LeadStage,
    to_stage: LeadStage,
    stamps: Mapping[str, datetime | None],
    changed_by: str,
    reason: str | None,
    at: datetime,
) -> LeadStageChange | None:
    """Move the lead from `from_stage` to `to_stage` with these stage timestamps and record
    the change; None (and nothing written) when the lead is no longer at `from_stage`."""
    unknown = set(stamps) - set(STAMPS)
    if unknown:
        raise ValueError(f"not stage timestamps: {sorted(unknown)}")
    moved = session.execute(
        update(LEAD_TABLE)
        .where(LEAD_TABLE.c.id == lead_id, LEAD_TABLE.c.stage == from_stage)
        .values(stage=to_stage, updated_at=at, closed_owner=None, **stamps)
    ).rowcount  # type: ignore[attr-defined]
    if moved != 1:
        return None
    change = LeadStageChange(
        lead_id=lead_id,
        from_stage=from_stage,
        to_stage=to_stage,
        changed_by=changed_by,
        reason=reason,
        changed_at=at,
    )
    session.add(change)
    session.flush()
    return change


def stage_history(session: Session, *, lead_id: int) -> list[LeadStageChange]:
    """The lead's recorded stage changes, oldest first."""
    statement = (
        select(LeadStageChange)
        .where(col(LeadStageChange.lead_id) == lead_id)
        .order_by(col(LeadStageChange.changed_at), col(LeadStageChange.id))
    )
    return list(session.execute(statement).scalars().all())
