"""Posting the pipeline to a Slack channel: from the chat (`post_pipeline_to_slack`) and from
`filon digest --slack`.

The figures are the pipeline service's, as the person asking may see them: a rep's own leads,
the team's for a manager or an admin (`agent.pipeline`, which refuses a rep asking for a
teammate's). The message is posted once with chat.postMessage; any failure comes back as a
`SlackFailure` saying what to do (a channel the bot is not in, a token Slack refuses…).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine

from agent.artifacts import DashboardArtifact, PipelineArtifact
from agent.http import OutsideApiError
from agent.i18n import Language
from agent.pipeline import PeriodName, pipeline_summary
from agent.slack.api import SlackApi
from agent.slack.channels import parse_channel
from agent.slack.errors import slack_failure
from agent.slack.messages import SlackMessage, digest_message, pipeline_message


@dataclass(frozen=True)
class SlackPost:
    """A message posted: the channel as people read it, its id, the message's ts."""

    channel: str
    channel_id: str
    ts: str


@dataclass(frozen=True)
class PipelinePost:
    """The pipeline posted, and the figures it showed."""

    post: SlackPost
    summary: PipelineArtifact


async def post_pipeline(
    engine: Engine,
    slack: SlackApi,
    *,
    channel: str,
    user: str,
    today: date,
    language: Language,
    period: PeriodName = "week",
    owner: str | None = None,
    start: date | None = None,
    end: date | None = None,
    since: date | None = None,
) -> PipelinePost:
    """The pipeline summary `user` may see, posted to `channel`."""
    parse_channel(channel)  # a channel that cannot be one is said before anything is read
    summary = await asyncio.to_thread(
        pipeline_summary,
        engine,
        today=today,
        period=period,
        owner=owner,
        start=start,
        end=end,
        since=since,
        user=user,
    )
    post = await send(slack, channel, pipeline_message(summary, language, sent_by=user))
    return PipelinePost(post, summary)


async def post_digest(
    slack: SlackApi,
    dashboard: DashboardArtifact,
    *,
    channel: str,
    language: Language,
    sent_by: str | None = None,
) -> SlackPost:
    """The weekly digest posted to `channel`."""
    return await send(slack, channel, digest_message(dashboard, language, sent_by=sent_by))


async def send(slack: SlackApi, channel: str, message: SlackMessage) -> SlackPost:
    """`message` posted to `channel` (a name or an id), or a `SlackFailure`."""
    target = parse_channel(channel)
    try:
        posted = await slack.post_message(target.target, text=message.text, blocks=message.blocks)
    except OutsideApiError as error:
        raise slack_failure(error, channel=target.shown) from error
    return SlackPost(target.shown, posted.channel, posted.ts)
