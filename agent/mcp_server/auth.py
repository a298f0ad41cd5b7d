"""Who an HTTP request is: the SDK's bearer-token check, on Filon's personal access tokens.

Every request to `/mcp` must carry `Authorization: Bearer <token>` (`filon users token`); the
SDK's middleware asks `FilonTokens.verify_token` at each request, which reads the token and its
user in the store then. A missing, unknown, expired or revoked token, or one of a disabled user,
gets the SDK's 401 — the same answer whatever the reason. A session opened with one token is
refused to any other (the SDK binds a session to the token that opened it).
"""

from __future__ import annotations

import asyncio
import logging

from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from sqlalchemy.engine import Engine

from agent.users import token_user

log = logging.getLogger("filon.mcp")


class FilonTokens:
    """The SDK's `TokenVerifier` on the store's personal access tokens."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def verify_token(self, token: str) -> AccessToken | None:
        """The token's access (its user as `subject`), or None: the request gets a 401."""
        holder = await asyncio.to_thread(token_user, self.engine, token)
        if holder is None:
            log.warning("refused a request: no working token")  # never the token itself
            return None
        expires = holder.token.expires_at
        return AccessToken(
            token=token,
            client_id=f"{holder.user.login}/{holder.token.name}",
            scopes=[],
            expires_at=int(expires.timestamp()) if expires is not None else None,
            subject=holder.user.login,
        )


def auth_settings(address: str) -> AuthSettings:
    """Bearer tokens required, nothing more: Filon is no OAuth server, so no metadata route
    is published (`resource_server_url` None) and `issuer_url`, which the SDK requires, is the
    server's own address."""
    return AuthSettings(issuer_url=address, resource_server_url=None, required_scopes=[])
