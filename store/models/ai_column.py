"""AI columns: a prompt a rep runs over every lead of a list, and the typed cell it fills per lead.

A column belongs to one list; its name is unique in that list whatever its case or spacing
(`name_key`, the database's unique index decides between two reps adding it at once). A cell is
one (column, lead) pair — unique in the database, so two runs at once never write it twice —
holding the typed value, why, how sure, the facts it read, what it cost, and `input_hash`:
the digest of the prompt, the facts and the model, which makes the cell its own cache.
A run is one pass of `filon columns run` (or the tool): its counts, tokens, cost and time.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models._time import utcnow


class AIColumn(SQLModel, table=True):
    """The `aicolumn` table. `type`: text, number, boolean, enum (with `options`), score."""

    __table_args__ = (UniqueConstraint("list_id", "name_key", name="uq_aicolumn_list_name"),)

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="leadlist.id", index=True)
    name: str
    name_key: str
    prompt: str
    type: str
    options: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    prompt_hash: str
    builtin: str | None = Field(default=None, description="the built-in column's key, if one")
    created_by: str
    created_at: datetime = Field(default_factory=utcnow)


class AICell(SQLModel, table=True):
    """The `aicell` table. `status`: filled, no_info (a typed "not enough information"), failed."""

    __table_args__ = (
        UniqueConstraint("column_id", "lead_id", name="uq_aicell_column_lead"),
        Index("ix_aicell_lead", "lead_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    column_id: int = Field(foreign_key="aicolumn.id")
    lead_id: int = Field(foreign_key="lead.id")
    status: str
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    rationale: str | None = None
    confidence: float | None = None
    facts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    input_hash: str
    error: str | None = None
    filled_at: datetime = Field(default_factory=utcnow)


class AIColumnRun(SQLModel, table=True):
    """The `aicolumnrun` table: one run over a list, written at its start and at its end."""

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="leadlist.id", index=True)
    columns: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    model: str
    started_by: str
    cells: int = 0
    filled: int = 0
    no_info: int = 0
    failed: int = 0
    cached: int = 0
    model_calls: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    seconds: float = 0.0
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
