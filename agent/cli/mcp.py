"""`filon mcp`: Filon's tools for other assistants over MCP (docs/mcp.md).

    filon mcp [--user U] [--role R]                       stdio, for a desktop app or an IDE agent
    filon mcp --http [--host 127.0.0.1] [--port 8001]     streamable HTTP at http://HOST:PORT/mcp

Over stdio the assistant's app starts this command itself, and every call acts as --user,
checked against the users like any command's (`store_engine`) and again at each call. Over
HTTP, as `filon ui` does: once the store has users, every request authenticates with a personal
access token (`filon users token`) and --host may be any address; without users, no token is
asked, calls act as --user, and --host must be this machine. Stdout belongs to the protocol
over stdio: everything else goes to stderr.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

import typer

from agent.cli.common import fail, load_settings, say, store_engine, tell, terminal_language
from agent.cli.lead_errors import RoleOption, acting
from agent.cli.ui import check_port
from agent.i18n import t
from agent.settings import Settings
from agent.users import has_users, identify
from ui.origins import is_loopback

DEFAULT_PORT = 8001


def mcp(
    user: Annotated[
        str | None,
        typer.Option("--user", help="Who the calls act as (stdio; HTTP without users)"),
    ] = None,
    role: RoleOption = None,
    http: Annotated[
        bool, typer.Option("--http", help="Serve streamable HTTP instead of stdio")
    ] = False,
    host: Annotated[str, typer.Option(help="Address to listen on (--http).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (--http).")] = DEFAULT_PORT,
) -> None:
    """Serve Filon's tools to other assistants over MCP (stdio, or --http)."""
    settings = load_settings()
    if http:
        _serve_http(settings, user, role, host.strip(), port)
    else:
        _serve_stdio(settings, user, role)


def _serve_stdio(settings: Settings, user: str | None, role: str | None) -> None:
    login, wanted = acting(user or "rep", role)
    with store_engine(settings) as engine:  # refuses an unknown or disabled --user
        access = identify(engine, login, wanted)
    language = terminal_language()
    role_name = t(f"users.role.{access.role}", language)
    tell(t("mcp.cli.started_stdio", language, login=login, role=role_name))

    async def serve() -> None:
        from agent.mcp_server import Caller, serve_stdio
        from agent.runtime import open_runtime

        async with open_runtime(settings) as runtime:
            await serve_stdio(runtime, Caller(login, wanted))

    _run(serve)


def _serve_http(
    settings: Settings, user: str | None, role: str | None, host: str, port: int
) -> None:
    from agent.mcp_server import MCP_PATH, Caller, http_address, listens_everywhere

    if not 0 < port < 65536:
        say("cli.ui.port", port=port)
    language = terminal_language()
    with store_engine(settings) as engine:
        team = has_users(engine)
    if team and (user is not None or role is not None):
        fail(t("mcp.cli.user_with_tokens", language))
    if not team and not is_loopback(host):
        fail(t("mcp.cli.host_not_local", language, host=host))
    if listens_everywhere(host) and not settings.mcp_allowed_hosts:
        fail(t("mcp.cli.name_the_hosts", language, host=host, port=port))
    caller = None if team else Caller(*acting(user or "rep", role))  # single-user: any login
    check_port(host.removeprefix("[").removesuffix("]"), port)
    address = http_address(host, port) + MCP_PATH
    if caller is None:
        typer.echo(t("mcp.cli.started_tokens", language, address=address))
    else:
        typer.echo(t("mcp.cli.started_local", language, address=address, login=caller.login))

    async def serve() -> None:
        from agent.mcp_server import serve_http
        from agent.runtime import open_runtime

        async with open_runtime(settings) as runtime:
            await serve_http(runtime, host=host, port=port, caller=caller)

    _run(serve)


def _run(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run the server until its client leaves or Ctrl+C. Log lines go to stderr, plain (set
    before the SDK would set its own), Filon's calls and refusals included."""
    logging.basicConfig(
        level=logging.WARNING,
        format="%(asctime)s filon mcp %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("filon.mcp").setLevel(logging.INFO)
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
