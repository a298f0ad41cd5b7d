"""What `pipeline_summary` hands to UIs (and what the pipeline service returns)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from store.users import display_name


class PeriodInfo(BaseModel):
    """A range of days, both ends included."""

    label: str = Field(
        description="week, month, quarter, year (to date: `end` is today), last_week, "
        "last_month, last_quarter, last_year (whole), or custom (given dates)"
    )
    start: date
    end: date


class ConversionItem(BaseModel):
    """Of `reached` leads at one stage, `converted` reached the next; rate in 0–1."""

    reached: int
    converted: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def rate(self) -> float | None:
        """converted / reached, None when no lead reached the first stage."""
        return round(self.converted / self.reached, 4) if self.reached else None


class TrendItem(BaseModel):
    """A count in this period and the previous one."""

    current: int
    previous: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def change_pct(self) -> float | None:
        """Change in percent, None when the previous count was zero."""
        if not self.previous:
            return None
        return round(100 * (self.current - self.previous) / self.previous, 1)


class OwnerItem(BaseModel):
    """One owner's leads: stages now, activity in the period."""

    owner: str | None
    stages: dict[str, int]
    new_leads: int
    new_sqls: int
    won: int
    lost: int = Field(0, description="Leads closed as lost within the period")
    disqualified: int = Field(0, description="Leads closed as disqualified within the period")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner as a person reads it: "Alice Martin" for alice.martin."""
        return display_name(self.owner)


class ActivityItem(BaseModel):
    """What one person did in the period: stage changes made, BANT answers recorded, leads
    added (created in the period, theirs)."""

    login: str
    stage_changes: int
    bant_answers: int
    leads_added: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def name(self) -> str | None:
        """The person as people read it: "Alice Martin" for alice.martin."""
        return display_name(self.login)


class PipelineArtifact(BaseModel):
    """The pipeline summary: stages now, conversion, the period's activity against the previous
    period's, overall and per owner."""

    kind: Literal["pipeline"] = "pipeline"
    period: PeriodInfo
    previous: PeriodInfo
    owner: str | None = None
    total: int
    stages: dict[str, int]
    conversion: dict[str, ConversionItem] = Field(
        description="new_to_mql, mql_to_sql, sql_to_won: reached, converted and rate in 0–1"
    )
    new_leads: TrendItem
    new_sqls: TrendItem
    won: TrendItem = Field(description="Leads won within the period (closed as won in it)")
    lost: TrendItem = Field(
        default_factory=lambda: TrendItem(current=0, previous=0),
        description="Leads closed as lost within the period",
    )
    disqualified: TrendItem = Field(
        default_factory=lambda: TrendItem(current=0, previous=0),
        description="Leads closed as disqualified within the period",
    )
    owners: list[OwnerItem] = Field(default_factory=list)
    activity: list[ActivityItem] = Field(
        default_factory=list,
        description="Per person, within the period: stage changes made, BANT answers recorded, "
        "leads added",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner reported on, as a person reads it."""
        return display_name(self.owner)
