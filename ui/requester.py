"""Who is asking, for the code Chainlit calls without saying so: its data layer.

Chainlit checks the login cookie of every request and socket, but calls its data layer
(`ui.data_layer`) with a thread id only — "get this thread", "delete it" — never with the person
asking. This ASGI middleware reads the same token Chainlit does (the signed cookie, else a
bearer header), and keeps its login and the browser's language in a context variable for the
request, which the socket's event handlers inherit; the data layer asks `requester()`. A
missing or invalid token is nobody: the services then refuse, and Chainlit has refused already.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import jwt
from chainlit.auth import decode_jwt, get_token_from_cookies
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from agent.i18n import Language
from ui.texts import ui_language


@dataclass(frozen=True, slots=True)
class Requester:
    """The logged-in person behind a request, and their browser's language."""

    login: str
    language: Language


_requester: ContextVar[Requester | None] = ContextVar("filon_requester", default=None)


def requester() -> Requester | None:
    """Who made the request being served; None for nobody logged in."""
    return _requester.get()


@contextmanager
def acting_as(login: str, language: Language = "fr") -> Iterator[None]:
    """Serve what runs in the block as a request from `login` (what the middleware does)."""
    token = _requester.set(Requester(login, language))
    try:
        yield
    finally:
        _requester.reset(token)


class RequesterMiddleware:
    """Keep the request's person (`requester()`) while the request is served."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        token = _requester.set(_from_token(HTTPConnection(scope)))
        try:
            await self.app(scope, receive, send)
        finally:
            _requester.reset(token)


def _from_token(connection: HTTPConnection) -> Requester | None:
    """The person the request's token names, as Chainlit reads it; None without a valid one."""
    token = get_token_from_cookies(dict(connection.cookies))
    if not token:
        scheme, _, value = connection.headers.get("authorization", "").partition(" ")
        token = value.strip() if scheme.lower() == "bearer" else None
    if not token:
        return None
    try:
        user = decode_jwt(token)
    except (jwt.PyJWTError, AssertionError, TypeError, ValueError):  # nobody, as for Chainlit
        return None
    language = ui_language(connection.headers.get("accept-language"))
    return Requester(user.identifier, language)
