"""`filon import signals FILE [--json]`: signals from a CSV file (siren, kind, date, detail,
url, source). Rows that cannot be used are listed by line; the others are written in one
transaction and the intent of their companies scored again."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.import_report import import_summary
from agent.csv_files import CsvFileError
from agent.i18n import t
from agent.signals.imports import import_signals
from agent.signals.weights import WeightsUnusable, load_weights


def signals(
    file: Annotated[
        Path, typer.Argument(help="A CSV file: siren, kind, date, detail, url, source")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Import buying signals (hiring, fundraising, new leaders…) about companies in the store."""
    language = terminal_language()
    settings = load_settings()
    try:
        weights = load_weights(settings.intent_weights)
    except WeightsUnusable as error:
        fail(t("signals.weights_unusable", language, reason=str(error)))
    with store_engine(settings) as engine:
        try:
            report = import_signals(engine, file, weights, settings=settings)
        except CsvFileError as error:
            fail(t(f"signals.import.error.{error.code}", language, **error.values))
    if as_json:
        typer.echo(json.dumps(asdict(report), ensure_ascii=False))
        return
    typer.echo(import_summary(report, language, area="signals"))
