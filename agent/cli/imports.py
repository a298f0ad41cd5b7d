"""`filon import …`: bring outside data into the store.

What stops a SIRENE import (a file it cannot use, a store failing under it) is told in one line
on stderr, in the user's language, from the `sirene` catalogue; the store's errors carry a code
and values for that.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from agent.cli import import_contacts, import_signals
from agent.cli.common import (
    fail,
    load_settings,
    stdout_is_terminal,
    store_engine,
    terminal_language,
)
from agent.cli.failures import failure_line
from agent.cli.group import FilonGroup
from agent.i18n import Language, format_number, quote, t
from store.failures import StoreUnavailable
from store.sirene import (
    DEFAULT_BATCH_SIZE,
    ImportReport,
    SireneFileError,
    SireneSource,
    import_sirene,
    open_sources,
)
from store.sirene.importer import Progress

app = typer.Typer(cls=FilonGroup, help="Import data into the store.", no_args_is_help=True)
app.command("contacts")(import_contacts.contacts)
app.command("signals")(import_signals.signals)


@app.command("sirene")
def sirene(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="StockUniteLegale and/or StockEtablissement files (CSV, ZIP or Parquet), "
            "in any order."
        ),
    ],
    include_closed: Annotated[
        bool, typer.Option("--include-closed", help="Also import ceased legal units.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON document on stdout.")
    ] = False,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Rows per committed transaction.")
    ] = DEFAULT_BATCH_SIZE,
) -> None:
    """Import the INSEE SIRENE stock files: legal units, then head-office locations."""
    language = terminal_language()
    try:
        open_sources(files)  # every file is checked before the store is touched
    except SireneFileError as error:
        fail(file_message(error, language))
    settings = load_settings()
    try:
        with store_engine(settings) as engine, _progress(enabled=not as_json) as progress:
            report = import_sirene(
                engine,
                files,
                include_closed=include_closed,
                batch_size=batch_size,
                progress=progress,
            )
    except SireneFileError as error:
        fail(file_message(error, language))
    except StoreUnavailable as error:
        fail(store_message(error, language))
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        typer.echo(summary(report, language))


def file_message(error: SireneFileError, language: Language) -> str:
    """Why a file cannot be imported and what to do, in `language`."""
    values = dict(error.values)
    if error.code == "wrong_separator":
        separator = values["separator"]
        values["separator"] = (
            t("sirene.tab", language) if separator == "\t" else quote(separator, language)
        )
    text = t(
        f"sirene.file.{error.code}",
        language,
        file=str(error.path),
        hint=t("sirene.hint", language),
        **values,
    )
    if values.get("stopped"):
        text = f"{text} {t('sirene.stopped', language)}"
    return text


def store_message(error: StoreUnavailable, language: Language) -> str:
    """What went wrong with the database during an import and what to do, in `language`."""
    if error.code == "connection_lost":  # the import's own advice: run it again to finish
        return t("sirene.store.connection_lost", language, reason=error.values.get("reason", ""))
    return failure_line(error, language)


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Progress | None]:
    """A rich progress bar per file when a person watches the terminal, else nothing."""
    if not enabled or not stdout_is_terminal():
        yield None
        return
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

    tasks: dict[str, TaskID] = {}
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn(), transient=True
    ) as bar:

        def update(source: SireneSource, done: int, total: int) -> None:
            key = str(source.path)
            if key not in tasks:
                tasks[key] = bar.add_task(source.path.name, total=total)
            bar.update(tasks[key], completed=done)

        yield update


def summary(report: ImportReport, language: Language = "en") -> str:
    """A few readable lines: what was written, what was skipped and why, how fast."""
    seconds = f"{report.seconds:.1f}"
    rate = round(report.rows_per_second)
    lines = [
        t("cli.import.read", language, read=report.read, seconds=seconds, rate=rate),
        t(
            "cli.import.written",
            language,
            imported=report.imported,
            updated=report.updated,
            unchanged=report.unchanged,
        ),
    ]
    if report.skipped:
        reasons = ", ".join(
            f"{reason} {format_number(n, language)}" for reason, n in sorted(report.skipped.items())
        )
        lines.append(t("cli.import.skipped", language, reasons=reasons))
    for bad in report.bad_rows[:10]:
        lines.append(f"  {bad.file}:{bad.line}: {bad.reason}")
    if len(report.bad_rows) > 10:
        lines.append(t("cli.import.more_bad_rows", language, count=len(report.bad_rows)))
    return "\n".join(lines)
