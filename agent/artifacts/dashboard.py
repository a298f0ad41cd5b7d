"""What the manager's dashboard hands to UIs: weekly trends with this week to date, the open
leads left idle, each person's activity, and the whole dashboard the weekly digest is made of.

Every person is a login (`owner`, `login`) with the name to show beside it (`owner_name`,
`name`): UIs show the name, never the login.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from agent.artifacts.pipeline import PipelineArtifact, TrendItem
from store.users import display_name

Metric = Literal["new_leads", "new_mqls", "new_sqls", "won", "lost"]
METRICS: tuple[Metric, ...] = ("new_leads", "new_mqls", "new_sqls", "won", "lost")


class WeekItem(BaseModel):
    """One ISO week: "2026-W47", Monday to Sunday."""

    label: str
    start: date
    end: date


class OwnerSeries(BaseModel):
    """One owner's counts per week (or in the week to date), by metric."""

    owner: str | None
    series: dict[str, list[int]]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner as people read it."""
        return display_name(self.owner)


class WeekToDateItem(BaseModel):
    """This week from Monday 00:00 to `end` against last Monday 00:00 to `previous_end`
    (the same weekday and time), UTC: each metric's two counts, in total and per owner."""

    start: datetime
    end: datetime
    previous_start: datetime
    previous_end: datetime
    totals: dict[str, TrendItem]
    owners: list[OwnerSeries] = Field(
        default_factory=list, description="series: [this week to date, last week's same span]"
    )


class TrendsArtifact(BaseModel):
    """New leads, new MQLs, new SQLs, won and lost per complete ISO week (oldest first), in
    total and per owner, and this week to date against the same span of last week."""

    kind: Literal["pipeline_trends"] = "pipeline_trends"
    owner: str | None = None
    weeks: list[WeekItem]
    totals: dict[str, list[int]]
    owners: list[OwnerSeries] = Field(default_factory=list)
    week_to_date: WeekToDateItem

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner reported on, as people read it."""
        return display_name(self.owner)


class StaleLeadItem(BaseModel):
    """An open lead nobody moved or contacted for `idle_days` days."""

    siren: str
    name: str
    list_name: str
    owner: str | None
    stage: str
    last_moved: date
    last_contacted_on: date | None
    idle_days: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner as people read it."""
        return display_name(self.owner)


class StaleOwnerItem(BaseModel):
    """How many of one owner's open leads are idle, and since when the oldest is."""

    owner: str | None
    count: int
    oldest_idle_days: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner as people read it."""
        return display_name(self.owner)


class StaleLeadsArtifact(BaseModel):
    """Open leads (new, MQL, SQL) neither moved nor contacted for `days` days, longest idle
    first: all of them counted per owner, the first `leads` listed."""

    kind: Literal["stale_leads"] = "stale_leads"
    days: int
    today: date
    owner: str | None = None
    total: int
    owners: list[StaleOwnerItem] = Field(default_factory=list)
    leads: list[StaleLeadItem] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The owner reported on, as people read it."""
        return display_name(self.owner)


class DashboardArtifact(BaseModel):
    """The manager's dashboard as of `generated_at`: the pipeline over a period (stages and
    activity by rep, conversion), the weekly trends with this week to date, the idle leads.
    The weekly digest is this, formatted (HTML today, Slack blocks tomorrow)."""

    kind: Literal["dashboard"] = "dashboard"
    generated_at: datetime
    user: str | None = None
    summary: PipelineArtifact
    trends: TrendsArtifact
    stale: StaleLeadsArtifact
