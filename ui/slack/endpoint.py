"""`POST /slack/events` on the web UI's server: Slack's Events API.

Every request is checked before anything else reads it: Slack's signature over the exact body
with SLACK_SIGNING_SECRET, and a timestamp within five minutes (`agent.slack.signature`). An
unsigned, badly signed or stale request gets 401 and nothing runs. Then:

- `url_verification` (Slack checking the URL when the app is set up): its challenge, echoed;
- `event_callback`: recorded by its `event_id` (`agent.slack.deliveries`) and acknowledged at
  once with 200 — Slack wants an answer within 3 seconds, and sends the event again otherwise
  (`X-Slack-Retry-Num`); the first delivery hands its question to `ui.slack.turns`, a retry
  runs nothing;
- anything else: 200, nothing done.

Without SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET the endpoint answers 503 saying what to set.
Chainlit's own Slack handler (which needs slack_bolt, and maps Slack users its own way) is never
mounted: `filon ui` hands the Slack settings to the Chainlit process under Filon's names.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from agent.i18n import t
from agent.settings import Settings
from agent.slack import events_missing
from agent.slack.deliveries import first_delivery
from agent.slack.signature import BadSignature, verify
from ui.failures import is_store_failure
from ui.runtime import shared_runtime
from ui.slack.incoming import question_in
from ui.slack.turns import SlackTurns

log = logging.getLogger("filon.ui")

PATH = "/slack/events"
MAX_BODY = 256 * 1024  # Slack's events are a few kilobytes


class SlackEvents:
    """The endpoint, with the questions it started."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.turns = SlackTurns(settings)
        self._reported: set[str] = set()

    async def open(self) -> None:
        """Open the store and the HTTP client now, when Slack is set up: the first event must
        be acknowledged within 3 seconds too, migrations or not."""
        if events_missing(self.settings):
            return
        try:
            await shared_runtime(self.settings)
        except Exception as error:
            if not is_store_failure(error):
                raise
            log.warning("Slack: the store could not be opened yet: %s", error)  # at 1st event

    def mount(self, app: ASGIApp) -> None:
        """Serve `POST /slack/events` on `app` (a Starlette or FastAPI app), before any other
        route (Chainlit's catch-all included)."""
        routes = app.router.routes  # type: ignore[attr-defined]
        routes.insert(0, Route(PATH, self.handle, methods=["POST"]))

    async def handle(self, request: Request) -> Response:
        """One request from Slack (see the module docstring)."""
        language = self.settings.language
        missing = events_missing(self.settings)
        if missing:
            text = t("slack.error.not_configured", language, missing=" and ".join(missing))
            return PlainTextResponse(text + "\n", status_code=503)
        body = await _body(request)
        if body is None:
            return PlainTextResponse(t("slack.events.too_large", language) + "\n", 413)
        secret = self.settings.slack_signing_secret
        assert secret is not None, "events_missing said it is set"
        try:
            verify(
                secret.get_secret_value(),
                timestamp=request.headers.get("x-slack-request-timestamp"),
                signed=request.headers.get("x-slack-signature"),
                body=body,
                now=time.time(),
            )
        except BadSignature as refused:
            self._report(refused)
            text = t(f"slack.events.refused.{refused.problem}", language)
            return PlainTextResponse(text + "\n", status_code=401)
        try:
            payload = json.loads(body)
        except ValueError:
            return PlainTextResponse(t("slack.events.not_json", language) + "\n", 400)
        if not isinstance(payload, dict):
            return PlainTextResponse(t("slack.events.not_json", language) + "\n", 400)
        match payload.get("type"):
            case "url_verification":
                return JSONResponse({"challenge": str(payload.get("challenge") or "")})
            case "event_callback":
                return await self._event(payload)
        return Response(status_code=200)

    async def _event(self, payload: dict[str, Any]) -> Response:
        event_id = payload.get("event_id")
        if not isinstance(event_id, str) or not event_id:
            return PlainTextResponse(t("slack.events.no_event_id", self.settings.language), 400)
        try:
            runtime = await shared_runtime(self.settings)
            first = await asyncio.to_thread(first_delivery, runtime.engine, event_id)
        except Exception as error:
            if not is_store_failure(error):
                raise
            log.warning("Slack: event %s not taken in, the store failed: %s", event_id, error)
            return Response(status_code=503)  # Slack delivers it again later
        if first:
            question = question_in(payload, bot_user=_bot_user(payload))
            if question is not None:
                self.turns.start(question)
        return Response(status_code=200)

    def _report(self, refused: BadSignature) -> None:
        """A refused request in the log, once per kind (a scanner keeps trying)."""
        if refused.problem not in self._reported:
            self._reported.add(refused.problem)
            log.warning(t(f"slack.events.refused_log.{refused.problem}", self.settings.language))


async def _body(request: Request) -> bytes | None:
    """The request's body, or None past `MAX_BODY` (read no further: it is not Slack's)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _bot_user(payload: dict[str, Any]) -> str | None:
    """Filon's own member id in the workspace, as the event's authorizations say it."""
    for authorization in payload.get("authorizations") or []:
        if isinstance(authorization, dict) and authorization.get("is_bot"):
            user = authorization.get("user_id")
            return user if isinstance(user, str) else None
    return None
