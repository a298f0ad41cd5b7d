"""What every graph run carries besides its messages: the run's dependencies, built at the edge.

Nodes receive it as `runtime.context` and tools as `runtime.context` through an injected
`ToolRuntime[FilonContext]` argument, so nothing below the entry points builds a client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy.engine import Engine

from agent.search.ports import CompanySource
from agent.settings import Settings

Role = Literal["rep", "manager"]


@dataclass(frozen=True)
class FilonContext:
    """Dependencies and identity for one graph run."""

    settings: Settings
    engine: Engine
    companies: CompanySource
    user: str = "rep"
    role: Role = "rep"
    today: date = field(default_factory=date.today)
