"""`run_ai_columns`: fill a lead list's AI columns — only the cells missing, stale or failed —
with progress on the tool's step; or show the cells as they are (`show_only`)."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import AIColumnsArtifact
from agent.columns import ColumnRequestError
from agent.columns.define import list_columns
from agent.columns.runner import run_columns
from agent.columns.view import show_columns
from agent.context import FilonContext
from agent.leads import LeadRequestError
from agent.llm.columns import column_filler, run_options
from agent.tools.column_items import columns_artifact, rows_lines, run_summary
from agent.tools.failures import refusal
from agent.tools.lines import data
from agent.tools.progress import progress_writer
from agent.tools.state import thread_language

SHOWN_LEADS = 50


class RunAIColumnsArgs(BaseModel):
    """The list, one of its columns (all when none), model calls at once."""

    list_name: str = Field(description="The lead list's name")
    column: str | None = Field(None, description="Only this column (all of the list's if none)")
    concurrency: int | None = Field(
        None, ge=1, le=256, description="Model calls at once (the configured default if none)"
    )
    show_only: bool = Field(
        False, description="Only show the columns and their cells as stored, run nothing"
    )
    where_value: str | None = Field(
        None,
        description="Only the leads whose cell in `column` holds this value (oui/non, an "
        "option, a number): a filter on stored cells, nothing is run",
    )


@tool("run_ai_columns", args_schema=RunAIColumnsArgs, response_format="content_and_artifact")
async def run_ai_columns(
    runtime: ToolRuntime[FilonContext],
    list_name: str,
    column: str | None = None,
    concurrency: int | None = None,
    show_only: bool = False,
    where_value: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """Fill the AI columns of a lead list ("remplis les colonnes IA de la liste X"): every
    cell missing, stale (its prompt or the lead's facts changed) or failed is asked again;
    the others cost nothing. A list without columns gets the four built-in ones first. Without
    a language model (offline) the built-in columns run on rules and custom ones are named as
    not run. Returns the counts, the cost and the list's first leads with their cells;
    show_only=true shows the cells without running anything ("montre les colonnes");
    column + where_value shows only the leads whose cell holds that value ("leads où
    'Utilise Salesforce' = oui").
    """
    context = runtime.context
    language = thread_language(runtime.state)
    summary = None
    try:
        where = (column, where_value) if column and where_value is not None else None
        if where is not None:
            show_only = True
        if not show_only:
            report = await run_columns(
                context.engine,
                list_name=list_name,
                user=context.user,
                filler=column_filler(context.settings, language),
                language=language,
                names=[column] if column else [],
                options=run_options(context.settings, concurrency),
                progress=progress_writer(runtime, "run_ai_columns"),
            )
            summary = run_summary(report)
            list_name = report.list_name
        view = await asyncio.to_thread(
            show_columns, context.engine, list_name=list_name, user=context.user,
            limit=SHOWN_LEADS, where=where,
        )  # fmt: skip
        _, columns = await asyncio.to_thread(
            list_columns, context.engine, list_name=view.list_name, user=context.user
        )
    except (LeadRequestError, ColumnRequestError) as error:
        raise refusal(error) from error
    artifact = columns_artifact(view, columns, action="shown" if show_only else "run", run=summary)
    return content(artifact), artifact.model_dump(mode="json")


run_ai_columns.handle_tool_error = True


def content(artifact: AIColumnsArtifact) -> str:
    """The run (or the columns) for the model: counts and cost, then the first leads."""
    names = ", ".join(f"{data(c.name)} ({c.type})" for c in artifact.columns)
    lines = [f"AI columns of the list {data(artifact.list_name)}: {names or 'none yet'}."]
    run = artifact.run
    if run is not None:
        if run.added_builtins:
            lines.append("The list had no column: the four built-in ones were added.")
        lines.append(
            f"Run ({run.model}): {run.cells} cells — {run.filled} filled ({run.no_info} with no "
            f"information), {run.failed} failed, {run.cached} already up to date; "
            f"{run.model_calls} model calls, {run.tokens_in} tokens in, {run.tokens_out} out, "
            f"cost ${run.cost:.4f}, {run.seconds:.1f} s."
        )
        if run.not_run:
            lines.append(
                "Not run (no language model configured, offline): "
                + ", ".join(data(name) for name in run.not_run)
            )
        lines += [f"Failure: {data(error)}" for error in run.errors]
    return "\n".join([*lines, *rows_lines(artifact)])
