"""`filon mcp`'s refusals before it serves anything, one line each: beyond this machine only
with users (and then with the host names clients use), no --user once requests carry tokens,
an unknown user, a bad port or host setting; and the Host and Origin headers it answers."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from agent.cli import app
from agent.mcp_server.hosts import transport_security
from agent.settings import normalise_host
from agent.users import add_user


def filon(*args: str, **environment: str) -> Any:
    return CliRunner().invoke(app, list(args), env={"FILON_LANGUAGE": "en", **environment})


def one_line(result: Any, says: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("filon: "), result.stderr
    assert says in result.stderr, result.stderr


@pytest.fixture
def store(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("FILON_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return engine


@pytest.fixture
def team(store: Engine) -> Engine:
    add_user(store, login="root", by="root")
    add_user(store, login="alice.martin", by="root")
    return store


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield int(taken.getsockname()[1])


def test_without_users_only_this_machine(store: Engine) -> None:
    one_line(
        filon("mcp", "--http", "--host", "0.0.0.0"),
        "--host 0.0.0.0 refused: Filon has no users yet, so the MCP server asks for no token",
    )
    one_line(filon("mcp", "--http", "--host", "192.168.1.20"), "--host 192.168.1.20 refused")


def test_with_users_requests_name_their_user(team: Engine) -> None:
    one_line(
        filon("mcp", "--http", "--user", "alice.martin"),
        "--user does not apply to filon mcp --http once Filon has users",
    )
    one_line(
        filon("mcp", "--http", "--host", "0.0.0.0"),
        "--host 0.0.0.0 listens on every address: name in FILON_MCP_ALLOWED_HOSTS",
    )


def test_stdio_refuses_who_is_not_a_user(team: Engine) -> None:
    one_line(filon("mcp", "--user", "ghost"), "“ghost” is not a Filon user")
    one_line(filon("mcp"), "“rep” is not a Filon user")  # no --user: nobody in particular


def test_ports_and_settings(store: Engine, busy_port: int) -> None:
    one_line(filon("mcp", "--http", "--port", "0"), "--port must be between 1 and 65535 (got 0)")
    one_line(
        filon("mcp", "--http", "--port", str(busy_port)),
        f"cannot listen on 127.0.0.1:{busy_port}",
    )
    one_line(
        filon("mcp", "--http", FILON_MCP_ALLOWED_HOSTS="https://filon.example.com/mcp"),
        "FILON_MCP_ALLOWED_HOSTS",
    )


@pytest.mark.parametrize(
    ("value", "host"),
    [
        ("Filon.Example.com", "filon.example.com"),
        (" 10.0.0.5:8001 ", "10.0.0.5:8001"),
        ("[::1]:8001", "[::1]:8001"),
    ],
)
def test_allowed_hosts_are_host_names(value: str, host: str) -> None:
    assert normalise_host(value) == host


@pytest.mark.parametrize("value", ["", "*", "http://x", "x/mcp", "x:0", "x:99999", "a b"])
def test_anything_else_is_not_a_host(value: str) -> None:
    with pytest.raises(ValueError, match="is not a host name"):
        normalise_host(value)


def test_the_hosts_and_origins_answered() -> None:
    local = transport_security("127.0.0.1", 8001, ())
    assert local.enable_dns_rebinding_protection
    assert local.allowed_hosts == ["127.0.0.1:*", "localhost:*", "[::1]:*"]
    lan = transport_security("10.0.0.5", 8001, ("filon.example.com", "proxy:443"))
    assert lan.allowed_hosts == [
        "127.0.0.1:*", "localhost:*", "[::1]:*", "10.0.0.5:8001",
        "filon.example.com", "filon.example.com:*", "proxy:443",
    ]  # fmt: skip
    assert "https://filon.example.com" in lan.allowed_origins
    assert "http://10.0.0.5:8001" in lan.allowed_origins
    everywhere = transport_security("0.0.0.0", 8001, ("filon.example.com",))
    assert "0.0.0.0:8001" not in everywhere.allowed_hosts
