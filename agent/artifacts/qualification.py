"""What `qualify_lead` hands to UIs: a lead's BANT, what this message added, what is still
missing, the next question, and the stage history."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field

from agent.artifacts.leads import LeadItem
from agent.artifacts.scores import ScorePart
from store.users import display_name


class BantItem(BaseModel):
    """One criterion of a lead's BANT: its latest answer, or `missing` when none was given."""

    criterion: Literal["budget", "authority", "need", "timing"]
    status: Literal["confirmed", "unknown", "negative", "missing"]
    value: dict[str, Any] = Field(
        default_factory=dict,
        description="amount/currency/approved_by, person/role, pain, or start/end/label",
    )
    note: str | None = Field(None, description="the words it was learnt from")
    said_by: str | None = None
    source: str | None = None
    recorded_at: datetime | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def said_by_name(self) -> str | None:
        """Who said it, as a person reads it."""
        return display_name(self.said_by)


class StageHistoryItem(BaseModel):
    """One recorded stage change."""

    from_stage: str
    to_stage: str
    changed_by: str
    reason: str | None = None
    changed_at: datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def changed_by_name(self) -> str | None:
        """Who changed it, as a person reads it."""
        return display_name(self.changed_by)


class QualificationArtifact(BaseModel):
    """A lead's qualification after `qualify_lead`."""

    kind: Literal["qualification"] = "qualification"
    lead: LeadItem
    bant: list[BantItem]
    recorded: list[str] = Field(default_factory=list, description="criteria this message set")
    missing: list[str] = Field(default_factory=list, description="criteria not confirmed yet")
    negative: list[str] = Field(default_factory=list)
    asking: str | None = Field(None, description="the criterion Filon asks about next")
    proposal: Literal["sql", "disqualified"] | None = Field(
        None, description="the stage Filon proposes, applied on the user's yes"
    )
    promoted_to: str | None = Field(None, description="the stage the lead moved to now")
    declined: bool = Field(False, description="the user said no to the proposal")
    history: list[StageHistoryItem] = Field(default_factory=list)
    scores: dict[str, ScorePart] = Field(
        default_factory=dict, description="fit, engagement and intent, each with its reasons"
    )
    call_questions: list[str] = Field(
        default_factory=list, description="questions for the rep's next call with the prospect"
    )
