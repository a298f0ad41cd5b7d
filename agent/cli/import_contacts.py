"""`filon import contacts FILE [--map "Poste=title"]… [--json]`: people at companies from a CSV
file. Rows that cannot be used are listed by line; the others are written in one transaction."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.import_report import import_summary
from agent.contacts.imports import ContactFileError, import_contacts
from agent.i18n import Language, t


def contacts(
    file: Annotated[Path, typer.Argument(help="A CSV file: SIREN, Prénom, Nom, Fonction, E-mail…")],
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map", help='A column and the field it holds, e.g. --map "Poste=title" (repeatable)'
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Import contacts (people at companies the store holds) from a CSV file."""
    language = terminal_language()
    chosen = _mapping(mapping or [], language)
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            report = import_contacts(engine, file, mapping=chosen)
        except ContactFileError as error:
            fail(t(f"people.import.error.{error.code}", language, **error.values))
    if as_json:
        typer.echo(json.dumps(asdict(report), ensure_ascii=False))
        return
    typer.echo(import_summary(report, language, area="people"))


def _mapping(values: list[str], language: Language) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for value in values:
        column, sign, target = value.partition("=")
        if not sign or not column.strip() or not target.strip():
            fail(t("people.import.error.bad_map", language))
        chosen[column.strip()] = target.strip()
    return chosen
