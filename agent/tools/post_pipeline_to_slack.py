"""`post_pipeline_to_slack`: the pipeline summary posted to a Slack channel, as the person
asking may see it (a rep their own leads, a manager the team's)."""

from __future__ import annotations

from datetime import date
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import SlackPostArtifact
from agent.context import FilonContext
from agent.leads import LeadRequestError
from agent.slack import SlackFailure, SlackNotConfigured, not_configured, post_pipeline
from agent.tools.failures import refusal
from agent.tools.lines import data
from agent.tools.pipeline_summary import PeriodName
from agent.tools.state import thread_language


class PostPipelineArgs(BaseModel):
    """The channel, then the same choice of period and rep as `pipeline_summary`."""

    channel: str = Field(
        description="The Slack channel as the user named it: #ventes, ventes, or an id C0123ABCD"
    )
    period: PeriodName = Field(
        "week", description="As for pipeline_summary: this week to date by default"
    )
    owner: str | None = Field(None, description="Only this rep's leads, e.g. alice.martin")
    start: date | None = Field(None, description="First day (YYYY-MM-DD); overrides period")
    end: date | None = Field(None, description="Last day (YYYY-MM-DD); overrides period")
    since: date | None = Field(None, description="From this day to today; overrides period")
    mine: bool = Field(False, description="Only the user's own leads ('mon pipeline')")


@tool(
    "post_pipeline_to_slack", args_schema=PostPipelineArgs, response_format="content_and_artifact"
)
async def post_pipeline_to_slack(
    runtime: ToolRuntime[FilonContext],
    channel: str,
    period: PeriodName = "week",
    owner: str | None = None,
    start: date | None = None,
    end: date | None = None,
    since: date | None = None,
    mine: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Post the pipeline summary to a Slack channel, for the team to read there ("envoie le
    résumé du pipeline sur #ventes", "post this week's pipeline to #sales"): the period's new
    leads, SQLs and wins against the period before, the stages and activity by rep, the
    conversion. Only when the user asks for it to go to Slack or a channel; to show the
    pipeline here, use pipeline_summary. A rep posts their own figures, a manager the team's.
    Says where it was posted, or what Slack setting or invitation is missing.
    """
    context = runtime.context
    if context.slack is None:
        raise ToolException("Slack is not available in this session: nothing was posted.")
    try:
        done = await post_pipeline(
            context.engine,
            context.slack(),
            channel=channel,
            user=context.user,
            today=context.today,
            language=thread_language(runtime.state),
            period=period,
            owner=context.user if mine else owner,
            start=start,
            end=end,
            since=since,
        )
    except SlackNotConfigured as error:
        raise refusal(not_configured(error)) from error
    except (SlackFailure, LeadRequestError, ValueError) as error:
        raise refusal(error) from error
    summary = done.summary
    artifact = SlackPostArtifact(
        channel=done.post.channel,
        channel_id=done.post.channel_id,
        ts=done.post.ts,
        period=summary.period,
        previous=summary.previous,
        owner=summary.owner,
    )
    return _content(artifact), artifact.model_dump(mode="json")


post_pipeline_to_slack.handle_tool_error = True


def _content(artifact: SlackPostArtifact) -> str:
    who = f"{data(artifact.owner)}'s leads" if artifact.owner else "the team"
    period = artifact.period
    return (
        f"Posted the pipeline summary ({who}, {period.start.isoformat()} to "
        f"{period.end.isoformat()}, compared with {artifact.previous.start.isoformat()} to "
        f"{artifact.previous.end.isoformat()}) to {data(artifact.channel)} in Slack "
        f"(channel {artifact.channel_id}, message {artifact.ts})."
    )
