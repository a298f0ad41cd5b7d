"""`filon search "TEXT"`: natural-language company search, as a table or as JSON."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine

from agent.cli.common import fail, load_settings, say, store_engine, validation_message
from agent.http import OutsideApiError
from agent.runtime import open_runtime
from agent.search.parse import parse_company_query
from agent.search.ports import SourcePage
from agent.settings import Settings
from store.models import CompanyPublic
from store.search import CompanyQuery


def search(
    text: Annotated[
        str, typer.Argument(help='What to look for, e.g. "ESN de 50 à 200 salariés à Lyon"')
    ],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many companies to show")] = 20,
    source: Annotated[
        str | None, typer.Option(help="local, api or auto (default: FILON_COMPANY_SOURCE)")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Search companies in plain French or English, or by SIREN/SIRET."""
    if not text.strip():
        say("cli.search.empty")
    settings = load_settings()
    if source is not None:
        if source not in ("local", "api", "auto"):
            say("cli.search.unknown_source", source=source)
        settings = settings.model_copy(update={"company_source": source})
    try:
        parsed = parse_company_query(text)
        query = CompanyQuery.model_validate({**parsed.model_dump(), "limit": limit})
    except ValidationError as error:
        fail(validation_message(error))
    with store_engine(settings) as engine:
        try:
            page = asyncio.run(_search(settings, engine, query))
        except OutsideApiError as error:
            fail(error.user_message(settings.language))
    if json_output:
        document = {
            "total": page.total,
            "query": query.model_dump(mode="json"),
            "results": [
                CompanyPublic.of(company).model_dump(mode="json") for company in page.companies
            ],
            "source": page.source,
            "note": page.note,
        }
        typer.echo(json.dumps(document, ensure_ascii=False))
        return
    _print_table(page, query)


async def _search(settings: Settings, engine: Engine, query: CompanyQuery) -> SourcePage:
    async with open_runtime(settings, engine=engine) as runtime:
        return await runtime.companies.search(query)


def _print_table(page: SourcePage, query: CompanyQuery) -> None:
    console = Console()
    understood = query.model_dump(exclude_defaults=True, exclude={"limit", "offset"})
    console.print(f"[dim]Compris : {understood}[/dim]")
    if page.note:
        console.print(f"[yellow]{page.note}[/yellow]")
    if not page.companies:
        console.print("Aucune entreprise ne correspond. Élargissez les critères.")
        return
    table = Table(title=f"{page.total} entreprise(s) — {len(page.companies)} affichée(s)")
    for column in ("SIREN", "Nom", "Activité", "Ville", "Effectif", "Cat.", "Création"):
        table.add_column(column)
    for company in page.companies:
        shown = CompanyPublic.of(company)
        table.add_row(
            shown.siren,
            shown.name,
            shown.naf_label or shown.naf_code or "",
            f"{shown.city or ''} ({shown.department or '?'})",
            shown.headcount_label or "",
            shown.category or "",
            shown.created_on.isoformat() if shown.created_on else "",
        )
    console.print(table)
