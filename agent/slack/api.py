"""`SlackApi`: the Slack Web API methods Filon calls, on the shared outside-API layer.

    POST {base}auth.test                                   → {"ok", "team_id", "user_id", "bot_id"}
    GET  {base}users.info?user=U…&include_locale=true      → {"ok", "user": {"id", "deleted",
         "is_bot", "locale", "profile": {"email", "real_name", "display_name"}}}
    POST {base}chat.postMessage {"channel", "text", "blocks", "thread_ts"?}
                                                           → {"ok", "channel", "ts"}
    errors → HTTP 200 {"ok": false, "error": "channel_not_found", "needed"?}; HTTP 429 with
    Retry-After when rate-limited (`ratelimited`)

Every call sends the bot token as `Authorization: Bearer xoxb-…` (JSON bodies for writes, as
the Web API accepts them with that header), to `FILON_SLACK_API_URL` (https://slack.com/api/),
through `OutsideApi`: deadlines, retries of what can be retried, Retry-After honoured, the
machine-wide rate limit. A message is posted once: `chat.postMessage` is not sent again after a
timeout or a 5xx, since Slack may have posted it (a duplicate in a channel is worse than a
missing answer, which the person sees and asks again). `ok: false` raises `SlackApiError`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from agent.http import OutsideApi
from agent.slack.errors import SlackApiError


class _Answer(BaseModel):
    """What every Web API answer has."""

    model_config = ConfigDict(extra="ignore")
    ok: bool
    error: str | None = None
    needed: str | None = None


Answer = TypeVar("Answer", bound=_Answer)


class AuthTest(_Answer):
    """Who the token is: the workspace, the bot user."""

    team_id: str = ""
    user_id: str = ""
    bot_id: str | None = None


class Profile(BaseModel):
    """The part of a member's profile Filon reads (the email needs users:read.email)."""

    model_config = ConfigDict(extra="ignore")
    email: str | None = None
    real_name: str | None = None
    display_name: str | None = None


class Member(BaseModel):
    """A workspace member as users.info describes them."""

    model_config = ConfigDict(extra="ignore")
    id: str
    deleted: bool = False
    is_bot: bool = False
    locale: str | None = None
    profile: Profile = Profile()


class _UserInfo(_Answer):
    user: Member | None = None


class Posted(_Answer):
    """Where a message went: the channel's id and the message's ts."""

    channel: str = ""
    ts: str = ""


class SlackApi:
    """The Web API of one workspace, with its bot token."""

    def __init__(self, api: OutsideApi, *, token: str, base_url: str) -> None:
        self.api = api
        self._base = base_url if base_url.endswith("/") else base_url + "/"
        self._headers = {"Authorization": f"Bearer {token}"}

    async def auth_test(self) -> AuthTest:
        """The workspace and the bot user the token belongs to."""
        return await self._call("auth.test", AuthTest, json={})

    async def user_info(self, user_id: str) -> Member:
        """A member's profile and locale."""
        answer = await self._call(
            "users.info", _UserInfo, params={"user": user_id, "include_locale": "true"}
        )
        if answer.user is None:
            raise SlackApiError("users.info", "user_not_found")
        return answer.user

    async def post_message(
        self,
        channel: str,
        *,
        text: str,
        blocks: list[dict[str, Any]] | None = None,
        thread_ts: str | None = None,
    ) -> Posted:
        """Post a message (`text` is the notification's and the fallback's text) to a channel
        by id or name, in a thread when `thread_ts` is given."""
        body: dict[str, Any] = {
            "channel": channel,
            "text": text,
            "unfurl_links": False,
            "unfurl_media": False,
        }
        if blocks:
            body["blocks"] = blocks
        if thread_ts:
            body["thread_ts"] = thread_ts
        return await self._call("chat.postMessage", Posted, json=body, idempotent=False)

    async def _call(
        self,
        method: str,
        model: type[Answer],
        *,
        params: dict[str, str] | None = None,
        json: dict[str, Any] | None = None,
        idempotent: bool = True,
    ) -> Answer:
        url = self._base + method
        if json is None:
            response = await self.api.request("GET", url, params=params, headers=self._headers)
        else:
            headers = {**self._headers, "Content-Type": "application/json; charset=utf-8"}
            response = await self.api.request(
                "POST", url, json=json, headers=headers, idempotent=idempotent
            )
        answer = self.api.read_json(response, model)
        if not answer.ok:
            raise SlackApiError(method, answer.error or "unknown_error", needed=answer.needed)
        return answer
