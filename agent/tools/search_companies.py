"""`search_companies`: companies matching free text and structured filters."""

from __future__ import annotations

import asyncio
import json
from functools import cache
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field, ValidationError, create_model

from agent.artifacts import CompaniesArtifact
from agent.contacts.optout import suppressed
from agent.context import FilonContext
from agent.http import OutsideApiError
from agent.leads.browse import lead_owners_among
from agent.search.notices import notice_text
from agent.search.readings import find_companies
from agent.signals.scores import intents, latest_signals, ready_to_rank, weights_in_force
from agent.tools.failures import refusal
from agent.tools.lines import company_line, data, numbered
from agent.tools.signal_items import signal_item
from store.models import CompanyPublic
from store.search.query import CompanyQuery, InvalidQuery

DEFAULT_LIMIT = 10

# The model sees CompanyQuery's own fields and descriptions; validation happens when the
# query is built, so that a bad filter comes back as a message saying what to change.
# `exclude_sirens` is the search service's own bookkeeping (agent.search.readings).
_FIELDS: dict[str, Any] = {
    name: (info.annotation, info)
    for name, info in CompanyQuery.model_fields.items()
    if name != "exclude_sirens"
}
_FIELDS["limit"] = (
    int,
    Field(DEFAULT_LIMIT, ge=1, le=100, description="How many companies to return"),
)
SearchCompaniesArgs: type[BaseModel] = create_model(
    "SearchCompaniesArgs",
    __doc__="Free text and filters; every filter given must match.",
    **_FIELDS,
)


@tool(
    "search_companies",
    args_schema=SearchCompaniesArgs,
    response_format="content_and_artifact",
)
async def search_companies(
    runtime: ToolRuntime[FilonContext], **filters: Any
) -> tuple[str, dict[str, Any]]:
    """Search French companies (SIRENE) by free text and filters.

    Use `text` for a name, acronym, activity or SIREN; use the filters for what must match
    exactly: NAF codes or prefixes (62.01Z, 62), NAF sections, department codes (69, 2A),
    INSEE region codes (84), city names, postcodes, headcount range in employees, category
    (PME, ETI, GE), legal forms (5710, SAS), creation dates, and buying signals
    (`signal_kinds`: hiring, fundraising, leadership_change, insolvency…; `signal_since`).
    When the rep's words may be
    a company's name as well as a sector ("Bénard Infogérance"), put them in `name` too:
    companies so named come first. `sort` orders the results (size, creation date, name, or
    intent: the buying-intent score from signals, highest first).
    Closed companies are left out unless include_closed is true. Returns the best matches,
    how many match in all and notices to pass on to the rep; use offset to page.
    """
    try:
        query = CompanyQuery(**filters)
    except ValidationError as error:
        raise ToolException(_reasons(error)) from error
    if query.is_empty:
        raise ToolException("the search is empty: give some text or at least one filter")
    context = runtime.context
    weights = weights_in_force(context.settings)
    if query.sort == "intent":
        await asyncio.to_thread(ready_to_rank, context.engine, weights, today=context.today)
    try:
        page = await find_companies(context.companies, query)
    except InvalidQuery as error:
        raise refusal(error) from error
    except OutsideApiError as error:
        raise ToolException(f"the company source could not answer: {error}") from error
    companies = [CompanyPublic.of(company) for company in page.companies]
    sirens = [company.siren for company in companies]
    # Three lookups about the page's companies, at once (on PostgreSQL, three connections).
    barred, known, scored = await asyncio.gather(
        asyncio.to_thread(suppressed, context.engine, sirens=sirens),
        asyncio.to_thread(lead_owners_among, context.engine, sirens),
        asyncio.to_thread(intents, context.engine, sirens, weights, today=context.today),
    )
    highlights = {}
    if query.uses_signals:
        latest = await asyncio.to_thread(
            latest_signals, context.engine, sirens, kinds=query.signal_kinds,
            since=query.signal_since, per_company=1,
        )  # fmt: skip
        highlights = {siren: signal_item(rows[0]) for siren, rows in latest.items()}
    artifact = CompaniesArtifact(
        total=page.total,
        total_bound=page.total_bound,
        relaxed=page.relaxed,
        query=query.model_dump(mode="json"),
        companies=companies,
        source=page.source,
        notices=page.all_notices(),
        suppressed=[siren for siren in sirens if barred.company(siren)],
        leads=[siren for siren in sirens if siren in known],
        own_leads=[
            siren for siren in sirens if context.user and context.user in known.get(siren, ())
        ],
        intent={siren: intent.score for siren, intent in scored.items()},
        highlights=highlights,
    )
    return _content(artifact), artifact.model_dump(mode="json")


search_companies.handle_tool_error = True


_BOUND = {"exact": "", "at_least": "at least ", "at_most": "at most "}


def _content(artifact: CompaniesArtifact) -> str:
    total, companies, barred = artifact.total, artifact.companies, set(artifact.suppressed)
    if not companies:
        head = f"No company matches (offset past the {total} matches)." if total else ""
        text = head or "No company matches: drop a filter or use broader text."
    else:
        head = f"{_BOUND[artifact.total_bound]}{total} companies match".capitalize()
        head += f" (showing {min(len(companies), 10)}):"
        if artifact.relaxed:
            head = "No company holds every word; companies holding any of them. " + head
        lines = [_line(artifact, c, barred) for c in companies]
        text = head + "\n" + numbered(lines, total)
    text += "\n" + _paging(artifact)
    notes = [f"Note: {data(notice_text(notice, 'en'))}" for notice in artifact.notices]
    return "\n".join([text, *notes])


def _line(artifact: CompaniesArtifact, company: CompanyPublic, barred: set[str]) -> str:
    parts = [company_line(company)]
    if company.siren in artifact.intent:
        parts.append(f"intent {artifact.intent[company.siren]}")
    signal = artifact.highlights.get(company.siren)
    if signal is not None:
        parts.append(f"signal: {data(signal.title)} ({signal.occurred_on or 'undated'})")
    if company.siren in barred:
        parts.append("suppression list: never contact")
    return " — ".join(parts)


def _paging(artifact: CompaniesArtifact) -> str:
    """The query that ran and where this page sits, so a follow-up can change one thing."""
    defaults = _query_defaults()
    query = {
        key: value
        for key, value in artifact.query.items()
        if key == "limit" or (key in defaults and value != defaults[key])
    }
    offset, shown = int(query.get("offset") or 0), len(artifact.companies)
    lines = [f"Query: {json.dumps(query, ensure_ascii=False)}"]
    if shown:
        lines.append(f"This page: results {offset + 1}–{offset + shown} of {artifact.total}.")
    if artifact.total > offset + shown:
        lines.append(f"Next page: the same query with offset={offset + shown}.")
    return "\n".join(lines)


@cache
def _query_defaults() -> dict[str, Any]:
    """A query's default values, as an artifact records a query (JSON); asking pydantic for
    them on every search cost a millisecond and more."""
    return CompanyQuery().model_dump(mode="json")


def _reasons(error: ValidationError) -> str:
    reasons = []
    for item in error.errors():
        message = str(item["msg"]).removeprefix("Value error, ")
        where = ".".join(str(part) for part in item["loc"])
        reasons.append(f"{where}: {message}" if where else message)
    return "; ".join(reasons)
