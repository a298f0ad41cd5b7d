"""The CRM outbox: one row per (lead, CRM), written in the same transaction as the change that
asks for it (a lead reaching SQL, a rep's push), and sent by a worker (`agent/crm/sync.py`).

A row's life: `pending` (due at `next_attempt_at`) → `sending` (claimed by one worker until
`lease_until`) → `sent`, or back to `pending` after a failure that may pass (with the next
attempt's time), or `dead` after one that will not (the vendor's refusal in `last_error`), or
`skipped` when there is nothing the team may send (the company opted out). Asking again puts
a sent, dead or skipped row back to `pending`; `version` counts the asks, so a send that was
already under way when a new ask came leaves the row pending for one more.

`external_ids` keeps the CRM's ids of the lead's company, contact, deal and note, so the next
send updates them; `in_doubt` says an earlier attempt may have written something whose id
never came back (a crash, a timeout, a lost lease): the adapter then looks before creating.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import AutoString, Field, SQLModel

from store.models._time import utcnow


class CrmSyncState(StrEnum):
    """Where an outbox row stands."""

    pending = "pending"
    sending = "sending"
    sent = "sent"
    dead = "dead"
    skipped = "skipped"


class CrmSync(SQLModel, table=True):
    """The `crmsync` table."""

    __table_args__ = (
        UniqueConstraint("lead_id", "crm", name="uq_crmsync_lead_crm"),
        Index("ix_crmsync_due", "crm", "state", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    lead_id: int = Field(foreign_key="lead.id")
    crm: str
    # a plain string column, as the migration makes it (no database enum type to migrate)
    state: CrmSyncState = Field(default=CrmSyncState.pending, sa_type=AutoString)
    version: int = 1
    attempts: int = 0  # attempts since the last ask
    next_attempt_at: datetime = Field(default_factory=utcnow)
    lease_owner: str | None = None
    lease_until: datetime | None = None
    in_doubt: bool = False
    external_ids: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    last_error: str | None = None
    requested_by: str
    requested_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None  # the last successful send
    sends: int = 0  # successful sends: the first creates, the next ones update
    updated_at: datetime = Field(default_factory=utcnow)
