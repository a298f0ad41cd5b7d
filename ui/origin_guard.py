"""An ASGI middleware that refuses what `ui.origins` says the UI must not answer.

Chainlit 2.12 does not: its socket.io server is built with `cors_allowed_origins=[]`, which
turns python-engineio's Origin check off, and its CORS middleware only decides which response
headers a browser sees, after the request has run. A socket opened by another site's page
thus got the whole session (companies, contacts, emails). This guard sits in front of
everything the app serves — pages, the HTTP API, socket.io over websocket and long polling —
and answers a foreign Origin or Host with 403 before anything else runs.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agent.i18n import Language, t
from ui.origins import OriginPolicy
from ui.texts import ui_language

log = logging.getLogger("filon.ui")


class OriginGuard:
    """Serve a request only when its Host is the UI's and its Origin, if any, is allowed."""

    def __init__(self, app: ASGIApp, policy: OriginPolicy, language: Language) -> None:
        self.app = app
        self.policy = policy
        self.language = language  # the terminal's, for the log line
        self._reported: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        refused = self._refusal(headers)
        if refused is None:
            await self.app(scope, receive, send)
            return
        if refused not in self._reported:  # once each: a refused page keeps retrying
            self._reported.add(refused)
            log.warning(refused)
        if scope["type"] == "websocket":
            await receive()  # websocket.connect; closing before accepting answers 403
            await send({"type": "websocket.close", "code": 1008})
            return
        language = ui_language(next(iter(headers.get("accept-language", [])), None))
        await _forbidden(send, t("ui_security.origin_refused", language))

    def _refusal(self, headers: dict[str, list[str]]) -> str | None:
        """Why the request is foreign (its Host or Origin), or None when it may run."""
        hosts = headers.get("host", [])
        if len(hosts) != 1 or not self.policy.allows_host(hosts[0]):
            return t("ui_security.host_refused_log", self.language, host=", ".join(hosts) or "-")
        for origin in headers.get("origin", []):
            if not self.policy.allows_origin(origin):
                return t("ui_security.origin_refused_log", self.language, origin=origin)
        return None


def _headers(scope: Scope) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in scope.get("headers", []):
        headers.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
    return headers


async def _forbidden(send: Send, text: str) -> None:
    body = (text + "\n").encode("utf-8")
    start: Message = {
        "type": "http.response.start",
        "status": 403,
        "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode("ascii")),
        ],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
