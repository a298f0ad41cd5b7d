"""Shared fixtures: a migrated store on SQLite (always) and PostgreSQL (when reachable),
isolated settings, and a guard that fails any test reaching beyond this machine."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from agent.settings import Settings
from store.db import make_engine, open_store
from store.users import remember_names

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
_KEYS = (
    "FILON_",
    "OPENAI_",
    "HUBSPOT_",
    "PIPEDRIVE_",
    "SALESFORCE_",
    "HUNTER_",
    "DROPCONTACT_",
    "SLACK_",
)
_LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost", "0.0.0.0"}


def _check_local(sock: socket.socket, address) -> None:  # type: ignore[no-untyped-def]
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        if host not in _LOCAL_HOSTS and not str(host).startswith("127."):
            raise RuntimeError(f"test tried to reach {address!r}: tests never touch the internet")


def _guarded_connect(original):  # type: ignore[no-untyped-def]
    def connect(self: socket.socket, address):  # type: ignore[no-untyped-def]
        _check_local(self, address)
        return original(self, address)

    return connect


def _guarded_sendto(original):  # type: ignore[no-untyped-def]
    def sendto(self: socket.socket, data, *rest):  # type: ignore[no-untyped-def]
        _check_local(self, rest[-1])  # sendto(data, address) or sendto(data, flags, address)
        return original(self, data, *rest)

    return sendto


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect(socket.socket.connect))
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect(socket.socket.connect_ex))
    monkeypatch.setattr(socket.socket, "sendto", _guarded_sendto(socket.socket.sendto))


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test sees an empty FILON_HOME and no keys from the developer's shell."""
    for name in list(os.environ):
        if name.startswith(_KEYS):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FILON_HOME", str(tmp_path / "home"))
    # The pattern provider's MX lookups go to a local port where nobody answers: "unknown" at
    # once, never the machine's resolver (a test that needs DNS starts its own server).
    monkeypatch.setenv("FILON_DNS_NAMESERVERS", "127.0.0.1:9")
    monkeypatch.setenv("FILON_DNS_TIMEOUT", "0.5")
    # BODACC likewise: a refused connection, at once (a test that needs it starts a fake).
    monkeypatch.setenv("FILON_BODACC_BASE_URL", "http://127.0.0.1:9/api/explore/v2.1")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at a temporary home and SQLite store, local company source."""
    return Settings(FILON_HOME=tmp_path / "home", FILON_COMPANY_SOURCE="local")


def postgres_url() -> str | None:
    """The test PostgreSQL URL when a server answers, else None."""
    url = os.environ.get("FILON_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    try:
        engine = make_engine(url + "?connect_timeout=2")
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception:
        return None
    return url


_POSTGRES = postgres_url()
# CI names its server explicitly: then a missing server is a failure, not a skip.
_POSTGRES_REQUIRED = "FILON_TEST_POSTGRES_URL" in os.environ


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated store: a SQLite file, or a fresh schema on the test PostgreSQL server."""
    if request.param == "sqlite":
        engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
        yield engine
        engine.dispose()
        return
    if _POSTGRES is None:
        if _POSTGRES_REQUIRED:
            pytest.fail("FILON_TEST_POSTGRES_URL is set but the server does not answer")
        pytest.skip("no PostgreSQL reachable (set FILON_TEST_POSTGRES_URL)")
    yield from postgres_engine(_POSTGRES)


def postgres_engine(base_url: str) -> Iterator[Engine]:
    """A migrated store in a throw-away schema of the test server."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = open_store(f"{base_url}?options=-csearch_path%3D{schema},public")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite store, for tests that need only one database."""
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _no_remembered_names() -> Iterator[None]:
    """Display names read from one test's users table are not shown in the next test."""
    yield
    remember_names({})
