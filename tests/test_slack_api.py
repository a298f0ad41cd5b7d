"""The Slack Web API client against a fake Slack on a loopback server: the base URL and the bot
token it sends, what it reads back, and every failure as one line saying what to do —
channel_not_found, not_in_channel, is_archived, invalid_auth, missing_scope, ratelimited with
Retry-After, Slack down — with a message never posted twice."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from slack_fake import TOKEN, Fault, SlackServer, SlackState, rate_limited, serve, slack_error

from agent.http import make_http_client
from agent.i18n import t
from agent.settings import Settings
from agent.slack import SlackApi, SlackFailure, SlackNotConfigured, build_slack
from agent.slack.messages import SlackMessage
from agent.slack.post import send


@pytest.fixture
def slack() -> Iterator[SlackServer]:
    state = SlackState()
    state.add_member("U0ALICE01", "Alice Martin", email="alice.martin@acme.fr", locale="en-GB")
    state.add_channel("C0VENTES01", "ventes")
    state.add_channel("C0DIRECT01", "direction", private=True, filon_in=False)
    state.add_channel("C0GENERAL1", "general", filon_in=False)
    state.add_channel("C0OLD00001", "ancien", archived=True)
    with serve(state) as server:
        yield server


def _settings(tmp_path: Path, server: SlackServer, token: str | None = TOKEN) -> Settings:
    return Settings(
        FILON_HOME=tmp_path / "home",
        SLACK_BOT_TOKEN=token,
        FILON_SLACK_API_URL=server.base_url.rstrip("/"),  # the trailing slash is added
        FILON_HTTP_TIMEOUT=2,
    )


def _run(settings: Settings, work):  # type: ignore[no-untyped-def]
    async def main():  # type: ignore[no-untyped-def]
        async with make_http_client(settings) as client:
            return await work(build_slack(settings, client))

    return asyncio.run(main())


MESSAGE = SlackMessage(
    "Pipeline", [{"type": "section", "text": {"type": "mrkdwn", "text": "*Pipeline*"}}]
)


def _post(settings: Settings, channel: str):  # type: ignore[no-untyped-def]
    return _run(settings, lambda api: send(api, channel, MESSAGE))


def _failure(settings: Settings, channel: str = "#ventes") -> SlackFailure:
    with pytest.raises(SlackFailure) as failed:
        _post(settings, channel)
    return failed.value


def test_the_client_uses_the_base_url_setting_and_the_bot_token(
    tmp_path: Path, slack: SlackServer
) -> None:
    settings = _settings(tmp_path, slack)
    assert settings.slack_api_url == slack.base_url

    async def work(api: SlackApi):  # type: ignore[no-untyped-def]
        return await api.auth_test(), await api.user_info("U0ALICE01")

    who, alice = _run(settings, work)
    assert (who.team_id, who.user_id) == ("T0FILON01", "U0FILONBOT")
    assert (alice.id, alice.locale, alice.profile.email) == (
        "U0ALICE01",
        "en-GB",
        "alice.martin@acme.fr",
    )
    for request in slack.handler.requests:
        assert str(request.url).startswith(slack.base_url)
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
    info = slack.handler.calls("users.info")[0]
    assert info.method == "GET" and info.url.params["include_locale"] == "true"


def test_a_message_is_posted_as_json_by_name_or_by_id(tmp_path: Path, slack: SlackServer) -> None:
    settings = _settings(tmp_path, slack)
    posted = _post(settings, "#ventes")
    assert (posted.channel, posted.channel_id) == ("#ventes", "C0VENTES01")
    by_link = _post(settings, "<#C0VENTES01|ventes>")
    assert (by_link.channel, by_link.channel_id) == ("#ventes", "C0VENTES01")
    call = slack.handler.calls("chat.postMessage")[0]
    assert call.headers["content-type"].startswith("application/json")
    body = json.loads(call.content)
    assert body["channel"] == "#ventes" and body["text"] == "Pipeline"
    assert body["blocks"] == MESSAGE.blocks and body["unfurl_links"] is False
    sent = json.loads(slack.handler.calls("chat.postMessage")[1].content)
    assert sent["channel"] == "C0VENTES01"
    assert [m.channel for m in slack.state.posted] == ["C0VENTES01", "C0VENTES01"]


@pytest.mark.parametrize(
    ("channel", "code", "fr"),
    [
        (
            "#inconnu",
            "channel_not_found",
            "Slack ne trouve pas le canal #inconnu : vérifiez son nom",
        ),
        ("#direction", "channel_not_found", "Slack ne trouve pas le canal #direction"),
        (
            "#general",
            "not_in_channel",
            "Filon n'est pas membre de #general : invitez-le dans le canal (/invite @Filon)",
        ),
        ("#ancien", "is_archived", "Le canal #ancien est archivé : choisissez-en un autre."),
    ],
)
def test_channels_slack_refuses_are_said_with_what_to_do(
    tmp_path: Path, slack: SlackServer, channel: str, code: str, fr: str
) -> None:
    failure = _failure(_settings(tmp_path, slack), channel)
    assert failure.code == code
    assert t(f"slack.error.{code}", "fr", **failure.values).startswith(fr)
    assert not slack.state.posted


def test_a_bad_channel_is_said_before_slack_is_asked(tmp_path: Path, slack: SlackServer) -> None:
    failure = _failure(_settings(tmp_path, slack), "@bruno")
    assert failure.code == "bad_channel"
    assert t("slack.error.bad_channel", "en", **failure.values) == (
        "“@bruno” is not a Slack channel: give its name (#sales) or its id (C0123ABCD)."
    )
    assert not slack.handler.requests


def test_a_token_slack_refuses_and_a_missing_scope(tmp_path: Path, slack: SlackServer) -> None:
    failure = _failure(_settings(tmp_path, slack, token="xoxb-revoked"))
    assert failure.code == "invalid_auth"
    assert "SLACK_BOT_TOKEN" in t("slack.error.invalid_auth", "en")
    slack.state.scopes = frozenset({"users:read"})
    failure = _failure(_settings(tmp_path, slack))
    assert (failure.code, failure.values) == ("missing_scope", {"scope": "chat:write"})
    assert t("slack.error.missing_scope", "en", **failure.values).startswith(
        "Filon's Slack app lacks the chat:write permission: add it under OAuth & Permissions"
    )


def test_without_a_token_slack_is_not_configured(tmp_path: Path, slack: SlackServer) -> None:
    with pytest.raises(SlackNotConfigured) as missing:
        build_slack(_settings(tmp_path, slack, token=None), httpx.AsyncClient())
    assert missing.value.missing == ("SLACK_BOT_TOKEN",)


def test_a_rate_limit_is_waited_out_once_then_said_with_its_wait(
    tmp_path: Path, slack: SlackServer
) -> None:
    settings = _settings(tmp_path, slack)
    slack.handler.faults.append(Fault(rate_limited(1), "chat.postMessage"))
    _post(settings, "#ventes")  # waited 1 s, sent again
    assert len(slack.handler.calls("chat.postMessage")) == 2 and len(slack.state.posted) == 1
    slack.handler.faults.append(Fault(rate_limited(120), "chat.postMessage"))
    failure = _failure(settings)
    assert (failure.code, failure.values) == ("ratelimited", {"seconds": 120})
    assert t("slack.error.ratelimited", "fr", seconds=120) == (
        "Slack limite le nombre de messages : rien n'a été publié ; réessayez dans 120 s."
    )


def test_a_message_is_never_posted_twice_after_slack_failed(
    tmp_path: Path, slack: SlackServer
) -> None:
    settings = _settings(tmp_path, slack)
    slack.handler.faults.append(Fault(httpx.Response(503, text="upstream"), "chat.postMessage"))
    failure = _failure(settings)
    assert failure.code == "unavailable"
    assert len(slack.handler.calls("chat.postMessage")) == 1  # Slack may have posted it
    slack.handler.faults.append(Fault(slack_error("msg_too_long"), "chat.postMessage"))
    failure = _failure(settings)
    assert (failure.code, failure.values) == ("rejected", {"code": "msg_too_long"})
    assert t("slack.error.rejected", "en", **failure.values) == (
        "Slack refused the request (msg_too_long): nothing was posted."
    )
