"""Whole conversations through the real chat graph, offline model and tools, on a small demo
store that a module shares (seeded once): `Thread.say(text)` runs one turn and returns it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from agent.chat import ChatSession, TurnResult, open_chat_session
from agent.context import Role
from agent.qualification.demo import score_demo
from agent.runtime import open_runtime
from agent.settings import Settings
from store.db import open_store
from store.demo import seed_demo

REFERENCE = date(2026, 11, 18)
COMPANIES = 6000


def seeded_home(folder: Path) -> Path:
    """A FILON_HOME whose store holds the demo data (6,000 companies, seed 42)."""
    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    engine = open_store(f"sqlite:///{home / 'filon.db'}")
    seed_demo(engine, companies=COMPANIES, seed=42, reference=REFERENCE)
    score_demo(engine, Settings(FILON_HOME=home), today=REFERENCE)
    engine.dispose()
    return home


@dataclass
class Thread:
    """One conversation: the turns said so far and their results."""

    session: ChatSession
    thread_id: str
    turns: list[TurnResult] = field(default_factory=list)

    async def say(self, text: str) -> TurnResult:
        """One turn; its result is also kept in `turns`."""
        result = await self.session.ask(text, thread_id=self.thread_id)
        self.turns.append(result)
        return result

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """The tool calls of the last turn, as (name, args)."""
        return [(call["name"], call["args"]) for call in self.turns[-1].tool_calls]


@asynccontextmanager
async def conversation(
    home: Path, *, user: str = "alice.martin", role: Role = "rep", thread_id: str = "t"
) -> AsyncIterator[Thread]:
    """A thread on the seeded store, as `user` with `role`."""
    settings = Settings(FILON_HOME=home, FILON_COMPANY_SOURCE="local")
    async with (
        open_runtime(settings) as runtime,
        open_chat_session(runtime, user=user, role=role) as chat,
    ):
        yield Thread(chat, thread_id)
