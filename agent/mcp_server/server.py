"""The MCP server: the SDK's FastMCP, serving Filon's tools (`agent.mcp_server.tools`) as the
user each call comes from.

FastMCP builds a tool's schema from a Python function's signature; Filon's tools already have
theirs (the agent tools' pydantic models and artifacts), so `FilonMCP` answers `tools/list` and
`tools/call` itself — the two handlers FastMCP registers on the SDK's low-level server — and
keeps the rest of FastMCP: the stdio and streamable HTTP transports, the bearer-token check,
the Host and Origin checks.

Who calls: over stdio, and over HTTP without users, the one user the server was started for;
over HTTP with users, the user whose token came with the request carrying the call (checked
by the SDK's bearer middleware against `agent.users.token_user`, see `auth.py`).
"""

from __future__ import annotations

import logging
from typing import Any

from mcp import types
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.fastmcp import FastMCP
from starlette.requests import Request

from agent.i18n import t
from agent.mcp_server.calls import Caller, call_tool, failed, refused
from agent.mcp_server.tools import MCP_TOOLS
from agent.runtime import Runtime

log = logging.getLogger("filon.mcp")


class FilonMCP(FastMCP[Any]):
    """FastMCP with Filon's tools, run on `runtime` as `caller` (None: the request's token)."""

    def __init__(self, runtime: Runtime, *, caller: Caller | None, **options: Any) -> None:
        language = runtime.settings.language
        super().__init__(
            name="filon",
            instructions=t("mcp.instructions", language),
            log_level="WARNING",
            **options,
        )
        self.runtime = runtime
        self.caller = caller

    async def list_tools(self) -> list[types.Tool]:
        """Filon's tools, with their arguments' and results' JSON schemas."""
        language = self.runtime.settings.language
        return [tool.definition(language) for tool in MCP_TOOLS]

    async def call_tool(  # type: ignore[override]  # the SDK's server takes a CallToolResult as is
        self, name: str, arguments: dict[str, Any]
    ) -> types.CallToolResult:
        """Run a tool as the caller: its text and structured content, or one refusal line."""
        language = self.runtime.settings.language
        caller = self.caller or self._token_caller()
        if caller is None:  # the bearer middleware lets no such request through
            return refused(t("mcp.error.no_user", language))
        try:
            return await call_tool(self.runtime, caller, name, arguments)
        except Exception:  # a bug: the SDK would send its message out; it stays in the log
            log.exception("the tool %r failed for %s", name, caller.login)
            return failed(language)

    def _token_caller(self) -> Caller | None:
        """The user of the token that came with the HTTP request carrying this call."""
        request = self.get_context().request_context.request
        if not isinstance(request, Request):
            return None
        user = request.scope.get("user")
        if not isinstance(user, AuthenticatedUser) or user.access_token.subject is None:
            return None
        return Caller(user.access_token.subject)
