"""Slack events taken in once: the first delivery of an event id claims it, a retry finds it.

`claim_event` is one `INSERT … ON CONFLICT DO NOTHING … RETURNING`: two deliveries of the same
event reaching two processes at once insert it once, and only the one that inserted runs it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from store.models import SlackEvent
from store.models.tables import table_of

EVENT_TABLE = table_of(SlackEvent)
KEPT = timedelta(days=1)  # Slack retries within the hour; a day is plenty


def claim_event(session: Session, *, event_id: str, now: datetime) -> bool:
    """True when this is the event's first delivery (it is recorded now), False for a retry."""
    dialect = session.get_bind().dialect.name
    insert = (sqlite_insert if dialect == "sqlite" else pg_insert)(EVENT_TABLE)
    statement = (
        insert.values(event_id=event_id, received_at=now)
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(EVENT_TABLE.c.event_id)
    )
    return session.execute(statement).scalar_one_or_none() is not None


def forget_old_events(session: Session, *, now: datetime) -> int:
    """Delete the events taken in more than `KEPT` ago; how many went."""
    statement = delete(EVENT_TABLE).where(EVENT_TABLE.c.received_at < now - KEPT)
    return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]
