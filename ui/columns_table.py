"""A list's AI columns as a table: one row per lead, its company then one column per AI
column; a cell is its value as plain text, "—" when the facts do not say, "⚠ échec" when it
failed (its reason after it); the caption gives the counts and, after a run, its cost."""

from __future__ import annotations

from agent.artifacts import AIColumnsArtifact, CellItem
from agent.columns.labels import cell_label
from agent.i18n import Language, t
from ui.data_table import Column, Row, Table, cell, row_keys
from ui.texts import text

FAILED_MARK = "⚠ "


def columns_table(artifact: AIColumnsArtifact, language: Language) -> Table:
    """The leads shown with their cells, one column per AI column."""
    keys = [f"c{index}" for index in range(len(artifact.columns))]
    columns = [Column("company", text("col_name", language))] + [
        Column(key, column.name, numeric=column.type in ("number", "score"))
        for key, column in zip(keys, artifact.columns, strict=True)
    ]
    rows = [
        Row(
            cells={
                "company": cell(row.company),
                **{
                    key: _cell(row.cells.get(column.name), language)
                    for key, column in zip(keys, artifact.columns, strict=True)
                },
            }
        )
        for row in artifact.rows
    ]
    names = [row.company for row in artifact.rows] + [row.siren for row in artifact.rows]
    return Table(columns_caption(artifact, language), columns, rows, row_keys(names))


def columns_caption(artifact: AIColumnsArtifact, language: Language) -> str:
    """ "ESN Lyon — 2 colonnes IA, 25 leads sur 74 · remplies 48 · en échec 2 · coût 0.0000 $"."""
    caption = t("columns.ui.caption", language, list=artifact.list_name,
                columns=len(artifact.columns), shown=len(artifact.rows),
                total=artifact.total)  # fmt: skip
    run = artifact.run
    if run is None:
        return caption
    return caption + t("columns.ui.run", language, filled=run.filled, no_info=run.no_info,
                       failed=run.failed, cached=run.cached, cost=f"{run.cost:.4f}")  # fmt: skip


def _cell(item: CellItem | None, language: Language) -> str:
    if item is None:
        return ""
    label = cell_label(item.status, item.value, language)
    if item.status == "failed":
        reason = f" ({item.rationale})" if item.rationale else ""
        return cell(FAILED_MARK + label + reason)
    return cell(label)
