"""Where the Slack Web API client is built (the composition root): on the shared HTTP client,
with the machine-wide rate limit and the deadlines of `FILON_HTTP_TIMEOUT`, from the bot token
and the base URL in the settings; `SlackNotConfigured` names what is missing."""

from __future__ import annotations

import httpx

from agent.http import OutsideApi, RetryPolicy, SharedWindowLimiter
from agent.settings import Settings
from agent.slack.api import SlackApi
from agent.slack.errors import VENDOR, SlackNotConfigured

# Requests per second, shared by the machine's processes: under chat.postMessage's one message
# a second per channel with its short bursts, and the tiers of users.info and auth.test.
RATE = 4


def build_slack(settings: Settings, client: httpx.AsyncClient) -> SlackApi:
    """The Web API client, or `SlackNotConfigured` without SLACK_BOT_TOKEN."""
    token = settings.slack_bot_token
    if token is None:
        raise SlackNotConfigured(("SLACK_BOT_TOKEN",))
    api = OutsideApi(
        VENDOR,
        client,
        limiter=SharedWindowLimiter.for_vendor(settings.home, VENDOR, rate=RATE),
        policy=RetryPolicy.for_timeout(settings.http_timeout),
    )
    return SlackApi(api, token=token.get_secret_value(), base_url=settings.slack_api_url)


def events_missing(settings: Settings) -> tuple[str, ...]:
    """What answering Slack's events still needs: the token to answer, the secret to check."""
    pairs = (
        ("SLACK_BOT_TOKEN", settings.slack_bot_token),
        ("SLACK_SIGNING_SECRET", settings.slack_signing_secret),
    )
    return tuple(name for name, value in pairs if value is None)
