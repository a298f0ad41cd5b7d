"""Slack: the Web API client (`api`, built in `factory`), the checking of Slack's request
signatures (`signature`), text and Block Kit within Slack's rules and limits (`mrkdwn`,
`blocks`), the pipeline and the weekly digest as messages (`messages`) posted to a channel
(`channels`, `post`), and what goes wrong, said in one line (`errors`). docs/slack.md says how
a team sets it up; the events Slack sends arrive at the web UI's server (`ui/slack/`).
"""

from agent.slack.api import Member, SlackApi
from agent.slack.channels import Channel, parse_channel
from agent.slack.errors import SlackApiError, SlackFailure, SlackNotConfigured, not_configured
from agent.slack.factory import build_slack, events_missing
from agent.slack.post import PipelinePost, SlackPost, post_digest, post_pipeline

__all__ = [
    "Channel",
    "Member",
    "PipelinePost",
    "SlackApi",
    "SlackApiError",
    "SlackFailure",
    "SlackNotConfigured",
    "SlackPost",
    "build_slack",
    "events_missing",
    "not_configured",
    "parse_channel",
    "post_digest",
    "post_pipeline",
]
