"""What the lead-list tools hand to UIs: a list's identity, its leads, what a change did."""

from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from agent.artifacts.crm import CrmStatus
from store.users import display_name


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
    intent: int | None = Field(
        None, description="The company's intent score from its buying signals (-100 to 100)"
    )
    created_at: datetime
    last_contacted_on: date | None = Field(
        None, description="When the company was last contacted (its contacts' latest date)"
    )
    stage_reason: str | None = Field(
        None, description="Why the lead is at its stage, as given when it was moved there"
    )
    crm: dict[str, CrmStatus] = Field(
        default_factory=dict, description="Where the lead stands in each CRM it was queued for"
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner as a person reads it: "Alice Martin" for alice.martin."""
        return display_name(self.owner)


class ListInfo(BaseModel):
    """A lead list's identity."""

    id: int
    name: str
    owner: str | None = None
    description: str | None = None
    created_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner as a person reads it: "Alice Martin" for alice.martin."""
        return display_name(self.owner)


# A field named `list` hides the builtin inside its class body: these aliases stand in.
Sirens = list[str]
Stages = list[str]
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
    stages: Stages = Field(
        default_factory=builtins.list, description="Several stages asked at once (lost, …)"
    )
    by_stage: dict[str, int] = Field(
        default_factory=dict, description="How many of the total are at each of `stages`"
    )
    owner: str | None = None
    not_contacted_days: int | None = None
    sort: Literal["score", "intent"] = "score"
    total: int
    offset: int = 0
    leads: LeadItems = Field(default_factory=builtins.list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner filtered on, as a person reads it."""
        return display_name(self.owner)

    def filters(self) -> dict[str, str | int | builtins.list[str]]:
        """The filters these leads were asked with, as `list_leads` arguments."""
        asked: dict[str, str | int | builtins.list[str] | None] = {
            "list_name": self.list.name if self.list is not None else None,
            "stage": self.stage,
            "stages": self.stages or None,
            "owner": self.owner,
            "not_contacted_days": self.not_contacted_days,
            "sort": self.sort if self.sort != "score" else None,
        }
        return {key: value for key, value in asked.items() if value is not None}
