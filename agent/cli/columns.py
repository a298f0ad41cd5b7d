"""`filon columns`: AI columns on a lead list — define them, fill them, show them.

    filon columns add LIST --name NAME --prompt TEXT --type TYPE [--options a,b,c] [--replace]
    filon columns add LIST --builtins
    filon columns list LIST [--json]
    filon columns run LIST [--column NAME …] [--concurrency N] [--json]
    filon columns show LIST [--where "NAME=VALUE"] [--json]

`run --json` prints exactly `{"cells", "filled", "failed", "cached", "model_calls", "seconds",
"cells_per_second", "cost"}`; a progress bar goes to stderr otherwise. Interrupted, the same
command fills only what is missing.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.lead_errors import UserOption, acting, fail_on
from agent.columns.define import add_builtins, add_column, list_columns
from agent.columns.errors import ColumnRequestError
from agent.columns.runner import RunReport, run_columns
from agent.columns.view import ColumnsView, show_columns
from agent.i18n import Language, t
from agent.leads import LeadRequestError
from agent.llm.columns import column_filler, run_options

app = typer.Typer(help="AI columns: a prompt run over every lead of a list.", no_args_is_help=True)
ListArgument = Annotated[str, typer.Argument(help="The lead list's name")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document")]


def fail_column(error: ColumnRequestError, language: Language) -> NoReturn:
    """Exit with the column error's one line on stderr."""
    fail(t(f"columns.error.{error.code}", language, **error.values))


@app.command("add")
def add(
    list_name: ListArgument,
    name: Annotated[str | None, typer.Option("--name", help="The column's name")] = None,
    prompt: Annotated[
        str | None, typer.Option("--prompt", help="The question, with $variables")
    ] = None,
    kind: Annotated[
        str, typer.Option("--type", help="text, number, boolean, enum or score")
    ] = "text",
    options: Annotated[
        str | None, typer.Option("--options", help="An enum's options: a,b,c")
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace its prompt")] = False,
    builtins: Annotated[bool, typer.Option("--builtins", help="Add the built-in columns")] = False,
    user: UserOption = "rep",
) -> None:
    """Add an AI column (or the built-in ones) to a lead list."""
    language = terminal_language()
    login, _role = acting(user)
    if not builtins and (name is None or prompt is None):
        fail(t("columns.cli.name_and_prompt", language))
    with store_engine(load_settings()) as engine:
        try:
            if builtins:
                added = add_builtins(engine, list_name=list_name, user=login, language=language)
            else:
                assert name is not None and prompt is not None
                choices = (options or "").split(",") if options else []
                added = [
                    add_column(
                        engine,
                        list_name=list_name,
                        name=name,
                        prompt=prompt,
                        kind=kind,
                        options=choices,
                        user=login,
                        replace=replace,
                    )
                ]
        except LeadRequestError as error:
            fail_on(error)
        except ColumnRequestError as error:
            fail_column(error, language)
    for item in added:
        key = "created" if item.created else "replaced" if item.replaced else "there"
        typer.echo(t(f"columns.cli.{key}", language, name=item.column.name, list=item.list_name))


@app.command("list")
def list_command(
    list_name: ListArgument, user: UserOption = "rep", json_output: JsonOption = False
) -> None:
    """The list's AI columns: name, type, options, prompt."""
    language = terminal_language()
    login, _role = acting(user)
    with store_engine(load_settings()) as engine:
        try:
            lead_list, columns = list_columns(engine, list_name=list_name, user=login)
        except LeadRequestError as error:
            fail_on(error)
    if json_output:
        document = [
            {
                "name": c.name,
                "type": c.type,
                "options": c.options,
                "prompt": c.prompt,
                "builtin": c.builtin,
                "created_by": c.created_by,
            }
            for c in columns
        ]
        typer.echo(json.dumps({"list": lead_list.name, "columns": document}, ensure_ascii=False))
        return
    if not columns:
        typer.echo(t("columns.cli.none", language, list=lead_list.name))
        return
    table = Table(box=None, pad_edge=False)
    for key in ("name", "type", "prompt"):
        table.add_column(t(f"columns.cli.col_{key}", language))
    for c in columns:
        kind = f"{c.type} ({', '.join(c.options)})" if c.options else c.type
        table.add_row(escape(c.name), kind, escape(" ".join(c.prompt.split())[:100]))
    Console().print(table)


@app.command("run")
def run(
    list_name: ListArgument,
    column: Annotated[
        list[str] | None, typer.Option("--column", help="Only this column (repeatable)")
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(
            "--concurrency", min=1, max=256, help="Model calls at once (FILON_LLM_CONCURRENCY)"
        ),
    ] = None,
    user: UserOption = "rep",
    json_output: JsonOption = False,
) -> None:
    """Fill the list's AI columns: only the cells missing, stale or failed."""
    language = terminal_language()
    login, _role = acting(user)
    settings = load_settings()
    filler = column_filler(settings, language)
    options = run_options(settings, concurrency)
    with (
        store_engine(settings) as engine,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=json_output,
        ) as bar,
    ):
        task = bar.add_task(t("columns.progress", language, done=0, total=0), total=None)

        def progress(done: int, total: int) -> None:
            description = t("columns.progress", language, done=done, total=total)
            bar.update(task, completed=done, total=total, description=description)

        try:
            report = asyncio.run(
                run_columns(
                    engine,
                    list_name=list_name,
                    user=login,
                    filler=filler,
                    language=language,
                    names=column or [],
                    options=options,
                    progress=progress,
                )
            )
        except LeadRequestError as error:
            fail_on(error)
        except ColumnRequestError as error:
            fail_column(error, language)
    if json_output:
        typer.echo(json.dumps(report.as_json()))
        return
    for line in summary_lines(report, language):
        typer.echo(line)


def summary_lines(report: RunReport, language: Language) -> list[str]:
    """The run in a few lines: cells, answers, cache, calls, tokens, cost, time."""
    lines = []
    if report.added_builtins:
        lines.append(t("columns.builtins_added", language, list=report.list_name))
    lines.append(
        t(
            "columns.summary",
            language,
            cells=report.cells,
            filled=report.filled,
            no_info=report.no_info,
            failed=report.failed,
            cached=report.cached,
        )
    )
    lines.append(
        t(
            "columns.spent",
            language,
            calls=report.model_calls,
            model=report.model,
            tokens_in=report.tokens_in,
            tokens_out=report.tokens_out,
            cost=f"{report.cost:.4f}",
            seconds=f"{report.seconds:.1f}",
        )
    )
    if report.not_run:
        lines.append(t("columns.not_run", language, names=", ".join(report.not_run)))
    lines += [t("columns.failure", language, error=error) for error in report.errors]
    return lines


@app.command("show")
def show(
    list_name: ListArgument,
    where: Annotated[
        str | None,
        typer.Option("--where", help='Only leads whose cell holds a value: "NAME=VALUE"'),
    ] = None,
    user: UserOption = "rep",
    json_output: JsonOption = False,
) -> None:
    """The list's leads with their AI columns' cells."""
    language = terminal_language()
    login, _role = acting(user)
    condition = None
    if where is not None:
        name, equals, value = where.partition("=")
        if not equals or not name.strip():
            fail(t("columns.cli.bad_where", language, where=where))
        condition = (name.strip(), value.strip())
    with store_engine(load_settings()) as engine:
        try:
            view = show_columns(engine, list_name=list_name, user=login, where=condition)
        except LeadRequestError as error:
            fail_on(error)
        except ColumnRequestError as error:
            fail_column(error, language)
    if json_output:
        typer.echo(json.dumps(view_json(view), ensure_ascii=False))
        return
    _print(view, language)


def view_json(view: ColumnsView) -> dict[str, Any]:
    """`{"list", "columns": [{name, type}], "total", "leads": [{siren, company, cells}]}`."""
    return {
        "list": view.list_name,
        "columns": [{"name": name, "type": kind} for name, kind in view.columns],
        "total": view.total,
        "leads": [
            {
                "siren": row.siren,
                "company": row.company,
                "cells": {
                    name: {
                        "status": c.status,
                        "value": c.value,
                        "rationale": c.rationale,
                        "model": c.model,
                    }
                    for name, c in row.cells.items()
                },
            }
            for row in view.rows
        ],
    }


def _print(view: ColumnsView, language: Language) -> None:
    table = Table(box=None, pad_edge=False)
    table.add_column(t("columns.cli.col_company", language))
    for name, _kind in view.columns:
        table.add_column(escape(name))
    for row in view.rows:
        values = [_cell(row.cells.get(name), language) for name, _kind in view.columns]
        table.add_row(escape(row.company), *values)
    Console().print(table)
    typer.echo(t("columns.cli.shown", language, shown=len(view.rows), total=view.total))


def _cell(cell: Any, language: Language) -> str:
    if cell is None:
        return ""
    if cell.status != "filled":
        return t(f"columns.status.{cell.status}", language)
    if isinstance(cell.value, bool):
        return t(f"columns.{'yes' if cell.value else 'no'}", language)
    return escape(str(cell.value))
