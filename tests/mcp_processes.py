"""Real `filon mcp` processes for the stdio and HTTP tests: a fresh FILON_HOME seeded by
`filon demo`, with a team of users and their tokens; the SDK's client on stdio or on a
streamable HTTP server listening on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from sqlalchemy.engine import Engine

from agent.users import add_user, create_token
from store.db import open_store

FILON = Path(sys.executable).with_name("filon")
STARTUP_SECONDS = 120
_KEYS = ("FILON_", "OPENAI_", "HUBSPOT_", "PIPEDRIVE_", "SALESFORCE_", "HUNTER_", "DROPCONTACT_")


@dataclass(frozen=True)
class DemoHome:
    """A FILON_HOME that `filon demo` seeded; `tokens` by login once the team is added."""

    home: Path
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"sqlite:///{self.home / 'filon.db'}"

    def environment(self, **extra: str) -> dict[str, str]:
        """A `filon` process's environment on this home: offline, local companies, English,
        no outside source reachable (BODACC, DNS: a closed local port)."""
        kept = {k: v for k, v in os.environ.items() if not k.startswith(_KEYS)}
        return {
            **kept,
            "FILON_HOME": str(self.home),
            "FILON_COMPANY_SOURCE": "local",
            "FILON_LANGUAGE": "en",
            "FILON_BODACC_BASE_URL": "http://127.0.0.1:9/api/explore/v2.1",
            "FILON_DNS_NAMESERVERS": "127.0.0.1:9",
            "FILON_DNS_TIMEOUT": "0.5",
            **extra,
        }

    @contextmanager
    def engine(self) -> Iterator[Engine]:
        engine = open_store(self.url)
        try:
            yield engine
        finally:
            engine.dispose()


def seed_home(root: Path, *, team: bool = True) -> DemoHome:
    """`filon demo` into a new FILON_HOME; with `team`, users (root an admin, maya.roux a
    manager, alice.martin and bruno.petit reps) and a token for each of the last three."""
    home = DemoHome(root / "home")
    subprocess.run(
        [str(FILON), "demo", "--companies", "300"],
        env=home.environment(),
        check=True,
        capture_output=True,
        timeout=STARTUP_SECONDS,
    )
    if not team:
        return home
    with home.engine() as engine:
        add_user(engine, login="root", by="root")
        add_user(engine, login="maya.roux", by="root", role="manager")
        for login in ("alice.martin", "bruno.petit", "chloe.bernard", "david.roux"):
            add_user(engine, login=login, by="root")
        for login in ("maya.roux", "alice.martin", "bruno.petit"):
            home.tokens[login] = create_token(engine, login=login, by=login, name="tests").secret
    return home


@asynccontextmanager
async def stdio_session(home: DemoHome, *args: str) -> AsyncIterator[ClientSession]:
    """The SDK's client on `filon mcp ARGS…` started by it over stdio."""
    server = StdioServerParameters(command=str(FILON), args=["mcp", *args], env=home.environment())
    async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class HttpServer:
    """A `filon mcp --http` process and where it answers."""

    process: subprocess.Popen[str]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/mcp"


@contextmanager
def http_server(home: DemoHome, *args: str, **environment: str) -> Iterator[HttpServer]:
    """`filon mcp --http` on a free loopback port, until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [str(FILON), "mcp", "--http", "--port", str(port), *args],
        env=home.environment(**environment),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        _wait_for(port, process)
        yield HttpServer(process, port)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"filon mcp --http ended with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError("filon mcp --http did not start listening")


@asynccontextmanager
async def http_session(url: str, token: str | None) -> AsyncIterator[ClientSession]:
    """The SDK's client on the streamable HTTP server at `url`, sending `token`."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        httpx.AsyncClient(headers=headers, timeout=60) as client,
        streamable_http_client(url, http_client=client) as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session
