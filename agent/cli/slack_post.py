"""Posting to Slack from a command (`filon digest --slack '#ventes'`): the Web API client on
its own HTTP client for the command's run, and every failure — Slack not set up, a channel it
does not know, a token it refuses, its rate limit — told in one line, in the terminal's
language, with a non-zero exit."""

from __future__ import annotations

import asyncio
from typing import NoReturn

from agent.artifacts import DashboardArtifact
from agent.cli.common import fail, load_settings, terminal_language
from agent.http import make_http_client
from agent.i18n import Language, t
from agent.settings import Settings
from agent.slack import (
    SlackFailure,
    SlackNotConfigured,
    SlackPost,
    build_slack,
    not_configured,
    parse_channel,
    post_digest,
)


def post_digest_to(channel: str, dashboard: DashboardArtifact, *, sent_by: str) -> SlackPost:
    """The digest posted to `channel`, or a one-line error."""
    language = terminal_language()
    settings = load_settings()
    try:
        parse_channel(channel)  # a bad channel is said before Slack is asked
        return asyncio.run(_post(settings, channel, dashboard, language, sent_by))
    except SlackNotConfigured as error:
        refuse(not_configured(error), language)
    except SlackFailure as failure:
        refuse(failure, language)


async def _post(
    settings: Settings,
    channel: str,
    dashboard: DashboardArtifact,
    language: Language,
    sent_by: str,
) -> SlackPost:
    async with make_http_client(settings) as client:
        slack = build_slack(settings, client)
        return await post_digest(
            slack, dashboard, channel=channel, language=language, sent_by=sent_by
        )


def refuse(failure: SlackFailure, language: Language) -> NoReturn:
    """Nothing was posted: why, in one line."""
    reason = t(f"slack.error.{failure.code}", language, **failure.values)
    fail(t("slack.cli.refused", language, reason=reason))
