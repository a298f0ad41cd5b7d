"""What the list-management and stage tools hand to UIs: a rep's lists with their counts,
what a rename / delete / reassignment did, and a lead's recorded stage change."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from agent.artifacts.leads import LeadItem, ListInfo
from store.users import display_name


class ListSummary(BaseModel):
    """One lead list with how many leads it holds, in all and per stage."""

    list: ListInfo
    leads: int
    stages: dict[str, int] = Field(default_factory=dict)
    last_activity_at: datetime | None = None


class LeadListsArtifact(BaseModel):
    """Lead lists from `lead_lists` (one owner's, or every list)."""

    kind: Literal["lead_lists"] = "lead_lists"
    owner: str | None = None
    lists: list[ListSummary] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner whose lists these are, as a person reads it."""
        return display_name(self.owner)


class LeadTransfer(BaseModel):
    """Leads a reassignment moved from one holder to another."""

    from_owner: str | None = None
    to_owner: str | None = None
    leads: int


# Named outside the class, whose field `list` hides the builtin there
Transfers = list[LeadTransfer]


class ListChangeArtifact(BaseModel):
    """What `rename_lead_list`, `delete_lead_list` or `assign_lead_list` did."""

    kind: Literal["list_change"] = "list_change"
    action: Literal["renamed", "deleted", "assigned"]
    list: ListInfo = Field(description="The list as it is now (as it was, once deleted)")
    previous_name: str | None = None
    previous_owner: str | None = None
    leads: int = Field(0, description="Leads concerned (deleted with the list, or reassigned)")
    transfers: Transfers = Field(
        default_factory=Transfers, description="A reassignment's leads moved, from whom to whom"
    )
    kept: dict[str, int] = Field(
        default_factory=dict,
        description="A reassignment's leads left with others than the new owner, by owner "
        "login ('' for nobody)",
    )
    every_lead: bool = False
    given_back: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def previous_owner_name(self) -> str | None:
        """The previous owner as a person reads it."""
        return display_name(self.previous_owner)


class StageChangeArtifact(BaseModel):
    """A lead moved from one stage to another, recorded with who, when and why."""

    kind: Literal["stage_change"] = "stage_change"
    lead: LeadItem
    from_stage: str
    to_stage: str
    reason: str | None = None
    changed_by: str
    changed_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def changed_by_name(self) -> str | None:
        """Who changed the stage, as a person reads it."""
        return display_name(self.changed_by)
