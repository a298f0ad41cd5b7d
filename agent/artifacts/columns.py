"""What `add_ai_column` and `run_ai_columns` hand to UIs: a list's AI columns, and its leads
with one cell per column (a typed value, "no information", or a failure with its reason);
after a run, what it did: counts, model calls, tokens and cost."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class ColumnItem(BaseModel):
    """One AI column of the list: its name, output type, options (enum) and built-in key."""

    name: str
    type: str
    options: list[str] = Field(default_factory=list)
    builtin: str | None = None
    prompt: str = ""


class CellItem(BaseModel):
    """One cell: `filled` (a value), `no_info` (the facts do not say) or `failed` (why)."""

    status: Literal["filled", "no_info", "failed"]
    value: Any = None
    rationale: str | None = None


class ColumnRow(BaseModel):
    """One lead of the list: its company, and its cells by column name (none: not run yet)."""

    siren: str
    company: str
    cells: dict[str, CellItem] = Field(default_factory=dict)


class ColumnsRunSummary(BaseModel):
    """What one run did (see `agent.columns.runner.RunReport`); cost in dollars."""

    model: str
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
    not_run: list[str] = Field(
        default_factory=list, description="custom columns left out: no language model"
    )
    added_builtins: bool = False
    errors: list[str] = Field(default_factory=list, description="a few failures, with why")


class AIColumnsArtifact(BaseModel):
    """A list's AI columns after columns were added (`added`), a run (`run`) or as they are
    (`shown`), with its first leads and their cells."""

    kind: Literal["ai_columns"] = "ai_columns"
    action: Literal["added", "run", "shown"]
    list_name: str
    columns: list[ColumnItem] = Field(default_factory=list)
    created: list[str] = Field(default_factory=list, description="columns this call added")
    replaced: list[str] = Field(default_factory=list, description="columns given a new prompt")
    existing: list[str] = Field(default_factory=list, description="asked for, already there")
    rows: list[ColumnRow] = Field(default_factory=list)
    total: int = Field(0, description="how many leads the list holds (rows: the first ones)")
    run: ColumnsRunSummary | None = None
