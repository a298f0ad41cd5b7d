"""What `post_pipeline_to_slack` hands to UIs: where the pipeline was posted, and for which
days and whom."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

from agent.artifacts.pipeline import PeriodInfo
from store.users import display_name


class SlackPostArtifact(BaseModel):
    """The pipeline summary posted to a Slack channel."""

    kind: Literal["slack_post"] = "slack_post"
    channel: str = Field(description="The channel as people read it: #ventes (or its id)")
    channel_id: str = Field(description="Slack's id of the channel posted to")
    ts: str = Field(description="Slack's id of the message (its timestamp)")
    period: PeriodInfo
    previous: PeriodInfo
    owner: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def owner_name(self) -> str | None:
        """The rep reported on, as people read it (None: the team)."""
        return display_name(self.owner)
