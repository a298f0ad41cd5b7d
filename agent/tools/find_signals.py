"""`find_signals`: the buying signals (hiring, fundraising, new leaders, legal notices…) of
some companies — given by SIREN, a lead list's, or every match of a search — with each
company's intent score and why."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field, field_validator

from agent.artifacts import (
    CompanySignals,
    SignalsArtifact,
)
from agent.context import FilonContext
from agent.leads import (
    InvalidSiren,
    LeadRequestError,
    ManyNotConfirmed,
    TooManyMatches,
    all_matches,
    read_query,
)
from agent.leads.sirens import to_sirens
from agent.signals.lookup import SignalsFound, list_companies
from agent.signals.lookup import find_signals as lookup
from agent.signals.scores import weights_in_force
from agent.tools.failures import refusal
from agent.tools.lines import data, numbered
from agent.tools.signal_items import intent_item, signal_item
from store.models import SignalKind
from store.search.query import SIGNAL_GROUPS, InvalidQuery

MAX_COMPANIES = 1_000  # a search's matches looked at, at most
SIGNALS_PER_COMPANY = 5


class FindSignalsArgs(BaseModel):
    """Whose signals: sirens, a lead list or a search's query (one of them)."""

    sirens: list[str] = Field(
        default_factory=list, description="SIRENs (or SIRETs) of the companies to look at"
    )
    list_name: str | None = Field(None, description="A lead list: every company on it")
    query: dict[str, Any] | None = Field(
        None,
        description="A search_companies query, as the search returned it: every company "
        f"matching it (the first {MAX_COMPANIES:,})",
    )
    kinds: list[str] = Field(
        default_factory=list,
        description="Only these kinds (all when empty): hiring, fundraising, leadership_change, "
        "job_change, new_site, growth, news, creation, sale, modification, accounts_filed, "
        "insolvency, deregistration; 'legal' for every legal notice",
    )
    since: date | None = Field(None, description="Only signals on or after this date")
    limit: int = Field(20, ge=1, le=100, description="How many companies to show")

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, values: list[str]) -> list[str]:
        known = {kind.value for kind in SignalKind}
        kinds: list[str] = []
        for value in values:
            for kind in SIGNAL_GROUPS.get(value.strip().lower(), (value.strip().lower(),)):
                if kind not in known:
                    raise ValueError(f"unknown kind {value!r}: use {', '.join(sorted(known))}")
                kinds.append(kind)
        return list(dict.fromkeys(kinds))


@tool("find_signals", args_schema=FindSignalsArgs, response_format="content_and_artifact")
async def find_signals(
    runtime: ToolRuntime[FilonContext],
    sirens: list[str] | None = None,
    list_name: str | None = None,
    query: dict[str, Any] | None = None,
    kinds: list[str] | None = None,
    since: date | None = None,
    limit: int = 20,
) -> tuple[str, dict[str, Any]]:
    """Buying signals of companies: hiring, fundraising, leadership changes, job changes, new
    sites, and legal notices (BODACC: creation, sale, modification, accounts filed, insolvency
    proceedings, deregistration), each dated and sourced, with every company's intent score
    (-100..100: recent hiring or funding raise it, insolvency lowers it) and what weighs most.

    Give the companies by `sirens`, a lead list (`list_name`) or a search (`query`, every
    match). Use it for "which of these are hiring?", "lesquelles de ma liste sont en procédure
    collective ?", "quels signaux sur ces boîtes ?". To find new companies with a signal, use
    search_companies with `signal_kinds` instead.
    """
    context = runtime.context
    given = [bool(sirens), bool(list_name), query is not None]
    if sum(given) != 1:
        raise ToolException("give exactly one of sirens, list_name or query")
    scope, name, asked = await _companies(context, sirens or [], list_name, query)
    weights = weights_in_force(context.settings)
    found = await lookup(
        context.engine,
        asked,
        kinds=kinds or [],
        since=since,
        weights=weights,
        today=context.today,
        sources=context.signal_sources,
        settings=context.settings,
    )
    artifact = _artifact(found, scope=scope, list_name=name, kinds=kinds or [], since=since,
                         limit=limit, as_of=context.today)  # fmt: skip
    if scope == "companies":
        artifact.sirens = found.asked[:MAX_COMPANIES]
    elif scope == "search":
        artifact.query = query
    return _content(artifact, found), artifact.model_dump(mode="json")


find_signals.handle_tool_error = True


async def _companies(
    context: FilonContext,
    sirens: list[str],
    list_name: str | None,
    query: dict[str, Any] | None,
) -> tuple[str, str | None, list[str]]:
    if list_name:
        try:
            name, found = await asyncio.to_thread(
                list_companies, context.engine, name=list_name, user=context.user
            )
        except LeadRequestError as error:  # unknown, or not shared with the user
            raise refusal(error) from error
        return "list", name, found
    if query is not None:
        try:
            matches = await all_matches(
                context.engine, read_query(query), ask_confirmation=False,
                limit=MAX_COMPANIES, refuse_above_limit=False,
            )  # fmt: skip
        except (InvalidQuery, ManyNotConfirmed, TooManyMatches) as error:
            raise refusal(error) from error
        return "search", None, matches.sirens
    try:
        return "companies", None, to_sirens(sirens)
    except InvalidSiren as error:
        raise refusal(error) from error


def _artifact(
    found: SignalsFound,
    *,
    scope: str,
    list_name: str | None,
    kinds: list[str],
    since: date | None,
    limit: int,
    as_of: date,
) -> SignalsArtifact:
    companies = [
        CompanySignals(
            siren=siren,
            name=found.names.get(siren, (siren, None))[0],
            city=found.names.get(siren, ("", None))[1],
            intent=intent_item(found.intents.get(siren), as_of),
            signals=[signal_item(row) for row in rows[:SIGNALS_PER_COMPANY]],
        )
        for siren, rows in found.signals.items()
    ]
    companies.sort(key=lambda c: (-(c.intent.score if c.intent else 0), c.name.lower()))
    if not companies and len(found.asked) == 1 and found.asked[0] in found.names:
        siren = found.asked[0]  # one company asked about: named even without a signal
        name, city = found.names[siren]
        companies = [CompanySignals(siren=siren, name=name, city=city)]
    return SignalsArtifact(
        scope=scope,
        list_name=list_name,
        kinds=kinds,
        since=since,
        asked=len(found.asked),
        companies=companies[:limit],
        with_signals=sum(1 for company in companies if company.signals),
        total_signals=sum(len(rows) for rows in found.signals.values()),
        synced=found.synced,
        unreachable=found.unreachable,
    )


def _content(artifact: SignalsArtifact, found: SignalsFound) -> str:
    head = (
        f"{artifact.with_signals} of the {artifact.asked} companies looked at have signals"
        f" ({artifact.total_signals} in all); highest intent first:"
    )
    lines = []
    for company in artifact.companies:
        intent = f"intent {company.intent.score}" if company.intent else "no intent score"
        signals = "; ".join(
            f"{signal.occurred_on or 'undated'} {signal.kind}"
            f"{' (negative)' if signal.negative else ''}: {data(signal.title)} [{data(signal.source)}]"
            for signal in company.signals
        )
        lines.append(f"{data(company.name)} ({company.siren}) — {intent} — {signals}")
    text = (
        head + "\n" + numbered(lines, artifact.with_signals)
        if lines
        else (f"None of the {artifact.asked} companies looked at has such a signal.")
    )
    if found.unreachable:
        text += (
            f"\nNote: {', '.join(found.unreachable)} could not be reached: these are the "
            "signals the store already held."
        )
    return text
