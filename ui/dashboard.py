"""The manager's dashboard in the web UI: the pipeline's stages by rep as stacked bars and each
person's activity, the 12-week trend lines with this week to date, the stale leads — the same
charts and tables as the weekly digest (`agent.digest.views`), as the UI's images and tables.
Reps are named by their display names; the tables' cells are plain text (`ui.data_table`).
"""

from __future__ import annotations

from agent.artifacts import PipelineArtifact, StaleLeadsArtifact, TrendsArtifact
from agent.digest import views
from agent.digest.views import Grid
from agent.i18n import Language
from ui.data_table import Column, Row, Table, cell, row_keys


def grid_table(grid: Grid, *, keys: frozenset[str] = frozenset()) -> Table:
    """A dashboard section as the UI's table: its title and note as the caption."""
    caption = f"{grid.title} — {grid.note}" if grid.note else grid.title
    numeric = grid.numeric or [False] * len(grid.headers)
    columns = [
        Column(f"c{index}", header, numeric=flag)
        for index, (header, flag) in enumerate(zip(grid.headers, numeric, strict=True))
    ]
    rows = [
        Row(cells={column.key: cell(value) for column, value in zip(columns, row, strict=True)})
        for row in grid.rows
    ]
    return Table(caption, columns, rows, keys)


def pipeline_extras(
    artifact: PipelineArtifact, language: Language
) -> tuple[list[str], list[Table]]:
    """Beside the pipeline chart: stages by rep as stacked bars when there are several reps,
    and each person's activity in the period."""
    charts = [views.stages_chart(artifact, language)] if len(artifact.owners) > 1 else []
    tables = []
    if artifact.activity:
        names = row_keys(item.login for item in artifact.activity)
        tables.append(grid_table(views.activity(artifact, language), keys=names))
    return charts, tables


def trends_tables(artifact: TrendsArtifact, language: Language) -> list[Table]:
    """This week to date against last week's same span, in total and by rep."""
    tables = [grid_table(views.week_to_date(artifact, language))]
    if len(artifact.week_to_date.owners) > 1:
        names = row_keys(item.owner for item in artifact.week_to_date.owners)
        tables.append(grid_table(views.week_to_date_by_rep(artifact, language), keys=names))
    return tables


def stale_tables(artifact: StaleLeadsArtifact, language: Language) -> list[Table]:
    """The stale leads per rep, then the longest idle ones."""
    if not artifact.total:
        return []
    by_rep = grid_table(
        views.stale_by_rep(artifact, language),
        keys=row_keys(item.owner for item in artifact.owners),
    )
    names = [value for lead in artifact.leads for value in (lead.name, lead.siren)]
    leads = grid_table(views.stale(artifact, language), keys=row_keys(names))
    return [by_rep, leads]
