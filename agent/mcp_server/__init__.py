"""Filon's tools for other assistants (desktop chat apps, IDE agents) over the Model Context
Protocol, on the official `mcp` SDK (docs/mcp.md).

    await serve_stdio(runtime, Caller("alice.martin"))            # filon mcp --user …
    await serve_http(runtime, host="127.0.0.1", port=8001, caller=None)   # filon mcp --http

An entry point, like the CLI and the web UI: it runs the chat agent's tools (`tools.py`) as
the calling user (`calls.py`), whom the services scope; over HTTP with users, every request
carries a personal access token (`auth.py`) and names this machine or an allowed host
(`hosts.py`).
"""

from __future__ import annotations

from agent.mcp_server.auth import FilonTokens, auth_settings
from agent.mcp_server.calls import Caller
from agent.mcp_server.hosts import listens_everywhere, transport_security
from agent.mcp_server.server import FilonMCP
from agent.mcp_server.tools import MCP_TOOLS
from agent.runtime import Runtime

MCP_PATH = "/mcp"


async def serve_stdio(runtime: Runtime, caller: Caller) -> None:
    """Serve on stdin and stdout as `caller` until the client closes them."""
    await FilonMCP(runtime, caller=caller).run_stdio_async()


def http_server(runtime: Runtime, *, host: str, port: int, caller: Caller | None) -> FilonMCP:
    """The streamable HTTP server on `host:port`: as `caller`, or (None) as each request's
    token says."""
    security = transport_security(host, port, runtime.settings.mcp_allowed_hosts)
    if caller is not None:
        return FilonMCP(
            runtime,
            caller=caller,
            host=host,
            port=port,
            streamable_http_path=MCP_PATH,
            transport_security=security,
        )
    return FilonMCP(
        runtime,
        caller=None,
        host=host,
        port=port,
        streamable_http_path=MCP_PATH,
        transport_security=security,
        token_verifier=FilonTokens(runtime.engine),
        auth=auth_settings(http_address(host, port)),
    )


async def serve_http(runtime: Runtime, *, host: str, port: int, caller: Caller | None) -> None:
    """Serve streamable HTTP on `host:port` until stopped (Ctrl+C, SIGTERM)."""
    await http_server(runtime, host=host, port=port, caller=caller).run_streamable_http_async()


def http_address(host: str, port: int) -> str:
    """The server's URL: http://127.0.0.1:8001 (an IPv6 address in brackets)."""
    bare = host.strip().removeprefix("[").removesuffix("]")
    return f"http://[{bare}]:{port}" if ":" in bare else f"http://{bare}:{port}"


__all__ = [
    "MCP_PATH",
    "MCP_TOOLS",
    "Caller",
    "FilonMCP",
    "http_address",
    "http_server",
    "listens_everywhere",
    "serve_http",
    "serve_stdio",
]
