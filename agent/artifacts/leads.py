"""What the lead-list tools hand to UIs: a list's identity, its leads, what a change did."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class LeadItem(BaseModel):
    """A lead: a company in a list, with its stage and owner."""

    id: int | None
    list_id: int | None = None
    list_name: str
    siren: str
    name: str
    city: str | None = None
    naf_label: str | None = None
    headcount_label: str | None = None
    stage: str
    owner: str | None = None
    score: int | None = None
    created_at: datetime


class ListInfo(BaseModel):
    """A lead list's identity."""

    id: int
    name: str
    owner: str | None = None
    description: str | None = None
    created_at: datetime


# A field named `list` hides the builtin inside its class body: these aliases stand in.
Sirens = list[str]
LeadItems = list[LeadItem]


class LeadListArtifact(BaseModel):
    """What `create_lead_list` or `add_to_list` did to a list."""

    kind: Literal["lead_list"] = "lead_list"
    list: ListInfo
    created: bool
    added: Sirens = Field(default_factory=builtins.list)
    already_there: Sirens = Field(default_factory=builtins.list)
    skipped: Sirens = Field(default_factory=builtins.list, description="SIRENs not in the store")
    leads: LeadItems = Field(default_factory=builtins.list)


class LeadsArtifact(BaseModel):
    """Leads from `list_leads`."""

    kind: Literal["leads"] = "leads"
    list: ListInfo | None = None  # the list asked for; None for every list
    stage: str | None = None
    owner: str | None = None
    total: int
    leads: LeadItems = Field(default_factory=builtins.list)
