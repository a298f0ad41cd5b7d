"""Behind a trusted proxy (FILON_UI_AUTH_HEADER), a login lasts only while the proxy names it.

Chainlit reads the proxy's header once, at `/auth/header`, and from then on trusts its own
signed cookie for 15 days. Someone else logging in to the proxy from the same browser (a shared
machine), or the proxy logging its user out, would not have changed who Filon thinks is there.
This ASGI middleware compares every request's login token with the header: when the proxy names
nobody, or someone else, the token is dropped — taken off the request, so Chainlit answers as to
a stranger (the page goes back through `/auth/header`, which logs in whoever the proxy names
now; a socket is refused), and deleted from the browser by the response. Only `/auth/header`
itself, which is where a new login is made, sees the old token.
"""

from __future__ import annotations

import logging
from http.cookies import SimpleCookie

import jwt
from chainlit.auth import cookie as cookie_settings
from chainlit.auth.cookie import get_token_from_cookies
from chainlit.auth.jwt import decode_jwt
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from agent.context import InvalidIdentity, check_user
from agent.i18n import Language, t

log = logging.getLogger("filon.ui")

LOGIN_PATH = "/auth/header"
# The login cookie's name as Chainlit reads it (CHAINLIT_AUTH_COOKIE_NAME, "access_token").
COOKIE_NAME: str = cookie_settings._auth_cookie_name


class HeaderLoginGuard:
    """Drop a login token whose user the proxy's header does not name."""

    def __init__(self, app: ASGIApp, header: str, language: Language) -> None:
        self.app = app
        self.header = header.lower().encode("latin-1")
        self.language = language  # the terminal's, for the log line

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or scope.get("path") == LOGIN_PATH:
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = list(scope.get("headers", []))
        cookies = _cookies(headers)
        token = get_token_from_cookies(cookies) or _bearer(headers)
        if token is None:
            await self.app(scope, receive, send)
            return
        named = _named(headers, self.header)
        holder = _token_login(token)
        if holder is not None and holder == named:
            await self.app(scope, receive, send)
            return
        log.info(
            t(
                "ui_login.header_changed_log",
                self.language,
                login=holder or "-",
                named=named or "-",
            )
        )
        kept = [
            (name, value) for name, value in headers if name not in (b"cookie", b"authorization")
        ]
        others = "; ".join(
            f"{name}={value}" for name, value in cookies.items() if not _is_login(name)
        )
        if others:
            kept.append((b"cookie", others.encode("latin-1")))
        stale = [name for name in cookies if _is_login(name)]
        await self.app({**scope, "headers": kept}, receive, _forgetting(send, stale))


def _cookies(headers: list[tuple[bytes, bytes]]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in headers:
        if name == b"cookie":
            jar.load(value.decode("latin-1"))
    return {name: morsel.value for name, morsel in jar.items()}


def _bearer(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


def _named(headers: list[tuple[bytes, bytes]], header: bytes) -> str | None:
    """The login the proxy names in `header` on this request (lower case), or None."""
    values = [value for name, value in headers if name == header]
    if len(values) != 1:
        return None
    try:
        return check_user(values[0].decode("latin-1"))
    except InvalidIdentity:
        return None


def _token_login(token: str) -> str | None:
    """The login a valid token names; None for a token Chainlit would not accept either."""
    try:
        return decode_jwt(token).identifier.lower()
    except (jwt.PyJWTError, TypeError, ValueError, AssertionError):
        return None


def _is_login(cookie: str) -> bool:
    return cookie == COOKIE_NAME or cookie.startswith(f"{COOKIE_NAME}_")


def _forgetting(send: Send, names: list[str]) -> Send:
    """`send`, adding to the response the deletion of the cookies `names`."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start" and names:
            deletions = [
                (b"set-cookie", f"{name}=; Max-Age=0; Path=/; HttpOnly; SameSite=lax".encode())
                for name in names
            ]
            message = {**message, "headers": [*message.get("headers", []), *deletions]}
        await send(message)

    return wrapped
