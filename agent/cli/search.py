"""`filon search "TEXT"`: natural-language company search, as a table or as JSON.

The request is parsed (`agent.search.parse`), run through the search service
(`agent.search.readings`: name first, leftover words set aside, band notices), and shown with
what was understood and the notices, in the terminal user's language.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.engine import Engine

from agent.cli.common import (
    fail,
    load_settings,
    store_engine,
    terminal_language,
    validation_message,
)
from agent.http import OutsideApiError
from agent.i18n import Language, format_date, t
from agent.runtime import open_runtime
from agent.search.describe import describe_query
from agent.search.notices import notice_text, people_range
from agent.search.parse import parse_company_query
from agent.search.ports import SourcePage
from agent.search.readings import find_companies
from agent.settings import Settings
from agent.signals.scores import intents, latest_signals, ready_to_rank, weights_in_force
from store.models import CompanyPublic
from store.reference.headcount import BAND_BY_CODE
from store.search import SORTS, CompanyQuery, InvalidIdentifier, InvalidQuery


def search(
    text: Annotated[
        str, typer.Argument(help='What to look for, e.g. "ESN de 50 à 200 salariés à Lyon"')
    ],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many companies to show")] = 20,
    offset: Annotated[
        int | None, typer.Option(min=0, help="Skip this many companies (paging)")
    ] = None,
    page: Annotated[
        int | None, typer.Option(min=1, help="Page number, of --limit companies each")
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            help=f"Order: {', '.join(SORTS)} (default: what the text asks, else relevance)"
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="local, api or auto (default: FILON_COMPANY_SOURCE)")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Search companies in plain French or English, or by SIREN/SIRET."""
    language = terminal_language()
    if not text.strip():
        fail(t("search.cli.empty", language))
    if page is not None and offset is not None:
        fail(t("search.cli.page_and_offset", language))
    if sort is not None and sort not in SORTS:
        fail(f"--sort {sort!r}: {', '.join(SORTS)}")
    settings = load_settings()
    if source is not None:
        if source not in ("local", "api", "auto"):
            fail(t("search.cli.unknown_source", language, source=repr(source)))
        settings = settings.model_copy(update={"company_source": source})
    skip = offset if offset is not None else ((page or 1) - 1) * limit
    try:
        parsed = parse_company_query(text)
        chosen: dict[str, Any] = {"limit": limit, "offset": skip}
        if sort is not None:
            chosen["sort"] = sort
        query = CompanyQuery.model_validate({**parsed.model_dump(), **chosen})
    except ValidationError as error:
        fail(validation_message(error))
    with store_engine(settings) as engine:
        try:
            result = asyncio.run(_search(settings, engine, query))
        except InvalidIdentifier as error:
            fail(t("search.cli.bad_identifier", language, value=error.value, kind=error.kind))
        except InvalidQuery as error:
            fail(str(error))
        except OutsideApiError as error:
            fail(error.user_message(language))
    if json_output:
        typer.echo(json.dumps(_document(result, query, language), ensure_ascii=False))
        return
    _print_table(result, query, language)


@dataclass(frozen=True)
class _Found:
    """A page, and for a search on signals the companies' intent and matching signal."""

    page: SourcePage
    intent: dict[str, int] = field(default_factory=dict)
    signals: dict[str, Any] = field(default_factory=dict)


async def _search(settings: Settings, engine: Engine, query: CompanyQuery) -> _Found:
    weights = weights_in_force(settings)
    today = date.today()
    if query.sort == "intent":
        await asyncio.to_thread(ready_to_rank, engine, weights, today=today)
    async with open_runtime(settings, engine=engine) as runtime:
        page = await find_companies(runtime.companies, query)
    if not query.uses_signals:
        return _Found(page)
    sirens = [company.siren for company in page.companies]
    scored = await asyncio.to_thread(intents, engine, sirens, weights, today=today)
    latest = await asyncio.to_thread(
        latest_signals, engine, sirens, kinds=query.signal_kinds, since=query.signal_since,
        per_company=1,
    )  # fmt: skip
    return _Found(
        page,
        intent={siren: intent.score for siren, intent in scored.items()},
        signals={siren: rows[0] for siren, rows in latest.items()},
    )


def _document(result: _Found, query: CompanyQuery, language: Language) -> dict[str, Any]:
    found = result.page
    notices = found.all_notices()
    signals = {
        siren: {"kind": str(row.kind), "title": row.title, "date": _iso(row.occurred_on),
                "source": row.source, "url": row.url}
        for siren, row in result.signals.items()
    }  # fmt: skip
    return {
        "total": found.total,
        "total_bound": found.total_bound,
        "relaxed": found.relaxed,
        "query": query.model_dump(mode="json", exclude={"exclude_sirens"}),
        "understood": describe_query(query, language),
        "results": [
            CompanyPublic.of(company).model_dump(mode="json") for company in found.companies
        ],
        "source": found.source,
        **({"intent": result.intent, "signals": signals} if query.uses_signals else {}),
        "notices": [
            {**notice.model_dump(mode="json"), "text": notice_text(notice, language)}
            for notice in notices
        ],
    }


def _print_table(result: _Found, query: CompanyQuery, language: Language) -> None:
    found = result.page
    console = Console()
    understood = t("search.cli.understood", language, parts=describe_query(query, language))
    console.print(f"[dim]{escape(understood)}[/dim]")
    for notice in found.all_notices():
        console.print(f"[yellow]{escape(notice_text(notice, language))}[/yellow]")
    if not found.companies:
        if found.total and query.offset:
            console.print(t("search.cli.past_the_end", language, total=found.total))
        else:
            console.print(t("search.cli.none", language))
        return
    first, last = query.offset + 1, query.offset + len(found.companies)
    title = t(
        f"search.cli.title.{found.total_bound}", language, total=found.total, first=first, last=last
    )
    table = Table(title=escape(title))
    for column in ("siren", "name", "activity", "city", "headcount", "category", "created"):
        table.add_column(t(f"search.cli.column.{column}", language))
    if query.uses_signals:
        table.add_column(t("signals_ui.col_intent", language), justify="right")
        table.add_column(t("signals_ui.col_signal", language))
    for company in found.companies:
        shown = CompanyPublic.of(company)
        cells = [
            shown.siren,
            escape(shown.name),
            escape(shown.naf_label or shown.naf_code or ""),
            escape(f"{shown.city_label or shown.city or ''} ({shown.department or '?'})"),
            _headcount(shown, language),
            shown.category or "",
            format_date(shown.created_on, language) if shown.created_on else "",
        ]
        if query.uses_signals:
            cells += [
                str(result.intent.get(shown.siren, "")),
                _signal(result, shown.siren, language),
            ]
        table.add_row(*cells)
    console.print(table)


def _signal(result: _Found, siren: str, language: Language) -> str:
    row = result.signals.get(siren)
    if row is None:
        return ""
    day = format_date(row.occurred_on, language) if row.occurred_on else ""
    return escape(f"{row.title} ({day})" if day else row.title)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _headcount(company: CompanyPublic, language: Language) -> str:
    band = BAND_BY_CODE.get(company.headcount_band or "")
    if band is None or band.code == "NN":
        return company.headcount_label or ""
    return people_range(band.minimum, band.maximum, language)
