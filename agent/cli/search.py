"""`filon search "TEXT"`: natural-language company search, as a table or as JSON."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from agent.cli.common import fail, load_settings, store_engine, validation_message
from agent.http import OutsideApiError, make_http_client
from agent.search.factory import build_company_source
from agent.search.parse import parse_company_query
from agent.search.ports import SourcePage
from agent.search.present import company_record
from agent.settings import Settings
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
        fail('empty query: say what you are looking for, e.g. filon search "ESN à Lyon"')
    settings = load_settings()
    if source is not None:
        if source not in ("local", "api", "auto"):
            fail(f"unknown source {source!r}: use local, api or auto")
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
            "results": [company_record(company) for company in page.companies],
            "source": page.source,
            "note": page.note,
        }
        typer.echo(json.dumps(document, ensure_ascii=False))
        return
    _print_table(page, query)


async def _search(settings: Settings, engine: object, query: CompanyQuery) -> SourcePage:
    async with make_http_client(settings) as client:
        company_source = build_company_source(settings, engine, client)  # type: ignore[arg-type]
        return await company_source.search(query)


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
        record = company_record(company)
        table.add_row(
            record["siren"],
            record["name"],
            record["naf_label"] or record["naf_code"] or "",
            f"{record['city'] or ''} ({record['department'] or '?'})",
            record["headcount_label"] or "",
            record["category"] or "",
            record["created_on"] or "",
        )
    console.print(table)
