"""AI columns as the two column tools show them: the artifact (the list's columns, its first
leads with their cells, a run's counts) and its lines for the model, one lead per line."""

from __future__ import annotations

from typing import Any

from agent.artifacts import (
    AIColumnsArtifact,
    CellItem,
    ColumnItem,
    ColumnRow,
    ColumnsRunSummary,
)
from agent.columns.runner import RunReport
from agent.columns.view import ColumnsView
from agent.tools.lines import data
from store.models import AIColumn

SHOWN = 10  # leads described to the model


def columns_artifact(
    view: ColumnsView, columns: list[AIColumn], **fields: Any
) -> AIColumnsArtifact:
    """The list's columns and its first leads' cells (`fields`: action, created, run…)."""
    return AIColumnsArtifact(
        list_name=view.list_name,
        columns=[
            ColumnItem(
                name=c.name,
                type=c.type,
                options=list(c.options),
                builtin=c.builtin,
                prompt=c.prompt,
            )
            for c in columns
        ],
        rows=[
            ColumnRow(
                siren=row.siren,
                company=row.company,
                cells={
                    name: CellItem(status=cell.status, value=cell.value, rationale=cell.rationale)
                    for name, cell in row.cells.items()
                },
            )
            for row in view.rows
        ],
        total=view.total,
        **fields,
    )


def run_summary(report: RunReport) -> ColumnsRunSummary:
    """A run's counts as the artifact carries them."""
    return ColumnsRunSummary(
        model=report.model,
        cells=report.cells,
        filled=report.filled,
        no_info=report.no_info,
        failed=report.failed,
        cached=report.cached,
        model_calls=report.model_calls,
        tokens_in=report.tokens_in,
        tokens_out=report.tokens_out,
        cost=round(report.cost, 6),
        seconds=round(report.seconds, 3),
        not_run=report.not_run,
        added_builtins=report.added_builtins,
        errors=report.errors,
    )


def cell_text(cell: CellItem | None) -> str:
    """A cell for the model: its value, "no info", "failed (why)", or "not run"."""
    if cell is None:
        return "not run"
    if cell.status == "no_info":
        return "no info"
    if cell.status == "failed":
        return f"failed ({data(cell.rationale) or 'see the run'})"
    if isinstance(cell.value, bool):
        return "yes" if cell.value else "no"
    return data(cell.value)


def rows_lines(artifact: AIColumnsArtifact) -> list[str]:
    """The first leads, one line each: company (SIREN): column = value; …"""
    names = [column.name for column in artifact.columns]
    lines = [
        f"- {data(row.company)} ({row.siren}): "
        + "; ".join(f"{data(name)} = {cell_text(row.cells.get(name))}" for name in names)
        for row in artifact.rows[:SHOWN]
    ]
    if artifact.total > SHOWN:
        lines.append(f"… {artifact.total} leads in all")
    return lines
