"""What filling one cell gave: a typed value, "no information", or a failure with its reason,
and what it took (model calls, tokens)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from agent.columns.types import CellStatus


@dataclass(frozen=True, slots=True)
class Fill:
    """One cell's answer, before it is stored."""

    status: CellStatus
    value: Any = None
    rationale: str | None = None
    confidence: float | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    calls: int = 0
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """What a run needs of a column: its id, name, prompt, type, options, hash, built-in key."""

    id: int
    name: str
    prompt: str
    type: str
    options: list[str]
    prompt_hash: str
    builtin: str | None


class Filler(Protocol):
    """What fills cells with a model (`llm.ModelFiller`; a scripted one in tests)."""

    name: str

    async def fill(self, column: ColumnSpec, question: str) -> Fill:
        """The cell's answer to `question`, the column's prompt with one lead's facts in."""
        ...
