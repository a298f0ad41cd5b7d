"""Real `filon` processes on one shared store, for the concurrency tests: stores (fresh or
migrated, SQLite or a PostgreSQL schema), processes started together, and what they left in the
conversation memory."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import _POSTGRES, _POSTGRES_REQUIRED
from langchain_core.messages import BaseMessage
from sqlalchemy import text

from agent.memory import open_checkpointer
from agent.settings import Settings
from store.db import make_engine
from store.identifiers import luhn_ok

FILON = Path(sys.executable).with_name("filon")
TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Store:
    """A store the processes share: its URL and the FILON_HOME they run in."""

    url: str
    home: Path

    @property
    def settings(self) -> Settings:
        """The settings a `filon` process sees for this store."""
        return Settings(FILON_HOME=self.home, FILON_DATABASE_URL=self.url)

    def environment(self, **extra: str) -> dict[str, str]:
        """The environment of a `filon` process on this store (offline, local companies)."""
        return {
            **os.environ,
            "FILON_HOME": str(self.home),
            "FILON_DATABASE_URL": self.url,
            "FILON_COMPANY_SOURCE": "local",
            "FILON_LANGUAGE": "fr",
            **extra,
        }


@dataclass(frozen=True)
class Finished:
    """How one process ended."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def fresh_store(kind: str, tmp_path: Path) -> Iterator[Store]:
    """An empty store, never migrated: a new SQLite file, or a new schema on the test server."""
    home = tmp_path / "home"
    if kind == "sqlite":
        yield Store(f"sqlite:///{tmp_path / 'store.db'}", home)
        return
    if _POSTGRES is None:
        if _POSTGRES_REQUIRED:
            pytest.fail("FILON_TEST_POSTGRES_URL is set but the server does not answer")
        pytest.skip("no PostgreSQL reachable (set FILON_TEST_POSTGRES_URL)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(_POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield Store(f"{_POSTGRES}?options=-csearch_path%3D{schema},public", home)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def start(store: Store, *args: str, **environment: str) -> subprocess.Popen[str]:
    """Start `filon ARGS…` on the store, without waiting for it."""
    return subprocess.Popen(
        [str(FILON), *args],
        env=store.environment(**environment),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> Finished:
    """Wait for a process started by `start`."""
    stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    return Finished(tuple(map(str, process.args)), process.returncode, stdout, stderr)  # type: ignore[arg-type]


def run_together(store: Store, commands: Sequence[Sequence[str]]) -> list[Finished]:
    """Start every command at once, then wait for them all."""
    processes = [start(store, *command) for command in commands]
    return [finish(process) for process in processes]


async def thread_messages(store: Store, thread_id: str) -> list[BaseMessage]:
    """The messages the conversation memory holds for `thread_id`."""
    async with open_checkpointer(store.settings) as saver:
        saved = await saver.aget_tuple({"configurable": {"thread_id": thread_id}})
    if saved is None:
        return []
    messages: list[BaseMessage] = saved.checkpoint["channel_values"].get("messages", [])
    return messages


def tool_artifacts(messages: Sequence[BaseMessage], tool: str) -> list[dict[str, Any]]:
    """The artifacts of the calls to `tool` in a conversation."""
    return [
        message.artifact  # type: ignore[attr-defined]
        for message in messages
        if message.type == "tool" and getattr(message, "name", None) == tool
    ]


def valid_siren(prefix: int) -> str:
    """A valid SIREN starting with these 8 digits."""
    base = f"{prefix:08d}"
    return next(base + str(digit) for digit in range(10) if luhn_ok(base + str(digit)))
