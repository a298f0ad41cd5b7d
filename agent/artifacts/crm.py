"""What the CRM tools hand to UIs: where a lead stands in each CRM, what a push did, and the
state of the outbox (counts by CRM and the sends given up, with the vendor's words)."""

from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from store.users import display_name

# A lead's send as a rep reads it: created, updated, to be tried again, given up, not sent
# (the company opted out), or waiting in the queue.
Outcome = Literal["sent", "updated", "failed", "dead", "skipped", "pending"]
SyncState = Literal["pending", "sending", "sent", "dead", "skipped"]


class CrmStatus(BaseModel):
    """Where a lead stands in one CRM: its outbox row's state, when (the last send, else the
    last change of the row) and the last error (the vendor's words, or why it was not sent)."""

    state: SyncState
    at: datetime | None = None
    error: str | None = None


class CrmLeadResult(BaseModel):
    """One lead's send to one CRM, as a push or the outbox's state shows it."""

    lead_id: int
    siren: str
    name: str
    list_name: str
    owner: str | None = None
    crm: str
    outcome: Outcome
    error: str | None = Field(None, description="The vendor's message, or why it was not sent")
    at: datetime | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner as a person reads it: "Alice Martin" for alice.martin."""
        return display_name(self.owner)


Results = list[CrmLeadResult]


class CrmPushArtifact(BaseModel):
    """What `push_to_crm` did: the leads queued, then what one pass of the outbox sent."""

    kind: Literal["crm_push"] = "crm_push"
    crms: list[str]
    list_name: str | None = None
    since: date | None = None
    until: date | None = None
    queued: int = Field(description="Leads queued for each CRM")
    sent: int = 0
    updated: int = 0
    failed: int = Field(0, description="Sends that failed and will be tried again")
    dead: int = Field(0, description="Sends given up (the CRM refused them)")
    skipped: int = Field(0, description="Leads not sent: their company opted out")
    pending: int = Field(0, description="Sends still waiting for the background worker")
    leads: Results = Field(default_factory=builtins.list)
    csv_file: str | None = Field(None, description="The CSV target's file, when it was one")


class CrmStateCounts(BaseModel):
    """One CRM's outbox rows by state, and the keys it still needs when it has any missing."""

    crm: str
    pending: int = 0
    sent: int = 0
    dead: int = 0
    skipped: int = 0
    missing_keys: list[str] = Field(default_factory=builtins.list)


class CrmStatusArtifact(BaseModel):
    """The outbox as `crm_sync_status` reads it, for the user's leads (a manager: the team's):
    counts by CRM, then the sends that failed (given up, or to be tried again)."""

    kind: Literal["crm_status"] = "crm_status"
    team: bool = False
    targets: list[str] = Field(default_factory=builtins.list)
    crms: list[CrmStateCounts] = Field(default_factory=builtins.list)
    troubles_total: int = Field(0, description="Sends that went wrong, of which `troubles`")
    troubles: Results = Field(default_factory=builtins.list)
