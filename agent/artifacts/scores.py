"""What `score_leads` hands to UIs: the leads scored, their fit, engagement and intent, and why."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ScoreReason(BaseModel):
    """One thing that counted: a code (sector, headcount, pricing_page, signal…), what it is
    about, and the points it gave (worded by `agent.qualification.reasons`)."""

    code: str
    value: str = ""
    points: float = 0


class ScorePart(BaseModel):
    """A part of the score, 0 to 100, and its reasons, the weightiest first."""

    score: int = 0
    reasons: list[ScoreReason] = Field(default_factory=list)


class ScoredLeadItem(BaseModel):
    """One lead as scored."""

    siren: str
    name: str
    city: str | None = None
    list_name: str
    owner: str | None = None
    stage: str
    score: int
    previous: int | None = Field(None, description="the score before this run")
    promoted: bool = Field(False, description="moved from new to mql by this run")
    fit: ScorePart = Field(default_factory=ScorePart)
    engagement: ScorePart = Field(default_factory=ScorePart)
    intent: ScorePart = Field(default_factory=ScorePart)


class ScoresArtifact(BaseModel):
    """A scoring run: its counts and the leads it scored (the highest first, `leads` at most)."""

    kind: Literal["scores"] = "scores"
    scope: Literal["all", "list", "companies"] = "all"
    list_name: str | None = None
    owner: str | None = Field(None, description="whose leads were scored (None: all asked)")
    sirens: list[str] = Field(
        default_factory=list, description="the companies asked (scope companies)"
    )
    scored: int = 0
    changed: int = 0
    promoted: int = 0
    leads: list[ScoredLeadItem] = Field(default_factory=list)
