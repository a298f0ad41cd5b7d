"""`filon enrich`: find and verify the emails of the people at companies or across a lead list,
through the waterfall of providers, within a budget.

    filon enrich (--list NAME | --siren S … | --company NAME) [--roles dsi,daf] \
        [--providers pattern,hunter] [--budget N] [--user U] [--json]

A progress bar on stderr while it runs, then each person's email, its status and source, and
a summary (people, found, verified, calls per provider, cost). Interrupted, the same command
goes on where it stopped: people already verified are skipped and the ledger answers for the
calls already made. `--json` prints `{"contacts": [...], "summary": {...}}`.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.engine import Engine

from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.contacts import (
    CompanyOption,
    ListOption,
    RolesOption,
    SirenOption,
    parse_roles,
)
from agent.cli.lead_errors import UserOption, acting, fail_on
from agent.companies import CompanyNotFound
from agent.contacts import Role
from agent.enrichment.describe import summary_lines
from agent.enrichment.runs import EnrichReport, enrich
from agent.http import OutsideApiError
from agent.i18n import Language, t
from agent.i18n.labels import enum_label, source_label
from agent.leads import LeadRequestError
from agent.runtime import open_runtime
from agent.settings import ENRICH_PROVIDERS, Settings


def enrich_command(
    siren: SirenOption = None,
    company: CompanyOption = None,
    list_name: ListOption = None,
    roles: RolesOption = None,
    providers: Annotated[
        str | None,
        typer.Option(
            "--providers",
            help=f"Providers in the order to ask them ({', '.join(ENRICH_PROVIDERS)}); "
            "default FILON_ENRICH_PROVIDERS",
        ),
    ] = None,
    budget: Annotated[
        str | None, typer.Option("--budget", help="Credits the run may spend at most")
    ] = None,
    user: UserOption = "rep",
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Find and verify the emails of the people to talk to; print each with its source."""
    language = terminal_language()
    login, _role = acting(user)
    if [bool(siren), company is not None, list_name is not None].count(True) != 1:
        fail(t("people.cli.one_target", language))
    wanted = parse_roles(roles, language)
    names = _providers(providers, language)
    limit = _budget(budget, language)
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            target = _Target(siren or [], company, list_name, wanted)
            report = asyncio.run(
                _run(settings, engine, target, login, names, limit, json_output, language)
            )
        except LeadRequestError as error:
            fail_on(error)
        except CompanyNotFound as error:
            fail(t(f"offline.refusal.{error.code}", language, **error.values))
        except OutsideApiError as error:
            fail(error.user_message(language))
    if json_output:
        typer.echo(json.dumps(as_json(report), ensure_ascii=False))
        return
    _print(report, language)


@dataclass(frozen=True)
class _Target:
    """The people asked for: companies by SIREN, by name, or a list's; and the roles."""

    sirens: list[str]
    company: str | None
    list_name: str | None
    roles: list[Role]


def as_json(report: EnrichReport) -> dict[str, Any]:
    """`{"contacts": [{siren, name, title, email, email_status, source, …}], "summary": …}`."""
    summary = report.summary
    return {
        "contacts": [
            {
                "siren": c.siren,
                "company": c.company,
                "name": c.name,
                "title": c.title,
                "email": c.email,
                "email_status": c.email_status.value if c.email else None,
                "source": c.source,
                "outcome": c.outcome,
                "trail": c.trail,
            }
            for c in report.contacts
        ],
        "summary": {
            "run_id": report.run_id,
            "contacts": summary.contacts,
            "already": summary.already,
            "asked": summary.asked,
            "found": summary.found,
            "verified": summary.verified,
            "catch_all": summary.catch_all,
            "not_asked_over_budget": summary.over_budget,
            "calls": summary.calls,
            "cached": summary.cached,
            "cost": summary.cost,
            "total_cost": summary.total_cost,
            "budget": summary.budget,
            "budget_reached": summary.budget_reached,
            "providers": summary.providers,
            "stopped": summary.stopped,
            "missing_key": summary.missing_key,
        },
    }


async def _run(
    settings: Settings,
    engine: Engine,
    target: _Target,
    user: str,
    names: tuple[str, ...] | None,
    budget: float | None,
    quiet: bool,
    language: Language,
) -> EnrichReport:
    async with open_runtime(settings, engine=engine) as runtime:
        enricher = runtime.enricher_for(names) if names else runtime.enricher
        if not enricher.providers:
            fail(t("enrich.no_provider", language))
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=quiet,
        ) as bar:
            task = bar.add_task(t("enrich.progress", language, done=0, total=0), total=None)

            def progress(done: int, total: int) -> None:
                description = t("enrich.progress", language, done=done, total=total)
                bar.update(task, completed=done, total=total, description=description)

            return await enrich(
                engine,
                runtime.companies,
                enricher,
                sirens=target.sirens,
                company=target.company,
                list_name=target.list_name,
                roles=target.roles,
                user=user,
                budget=budget,
                progress=progress,
            )


def _providers(value: str | None, language: Language) -> tuple[str, ...] | None:
    if value is None:
        return None
    names = tuple(dict.fromkeys(n.strip().lower() for n in value.split(",") if n.strip()))
    for name in names:
        if name not in ENRICH_PROVIDERS:
            fail(t("enrich.bad_provider", language, value=name, known=", ".join(ENRICH_PROVIDERS)))
    if not names:
        fail(t("enrich.bad_provider", language, value=value, known=", ".join(ENRICH_PROVIDERS)))
    return names


def _budget(value: str | None, language: Language) -> float | None:
    if value is None:
        return None
    try:
        amount = float(value.replace(",", ".").strip())
    except ValueError:
        amount = -1.0
    if not amount > 0 or amount == float("inf"):
        fail(t("enrich.bad_budget", language, value=value))
    return amount


def _print(report: EnrichReport, language: Language) -> None:
    console = Console()
    if not report.contacts:
        console.print(t("enrich.nobody", language))
        for company in report.others.companies if report.others else []:
            people = ", ".join(
                f"{found.contact.full_name} ({found.contact.title})"
                if found.contact.title
                else found.contact.full_name
                for found in company.people
            )
            console.print(escape(t("enrich.cli_others", language, company=company.name,
                                   people=people)))  # fmt: skip
    else:
        table = Table(box=None, pad_edge=False)
        for key in ("ui.col_name", "ui_polish.col_person", "ui_polish.col_title",
                    "ui_polish.col_email", "ui_polish.col_email_status",
                    "ui_polish.col_email_source", "enrich.col_outcome"):  # fmt: skip
            table.add_column(t(key, language))
        for c in report.contacts:
            table.add_row(
                escape(c.company),
                escape(c.name),
                escape(c.title or ""),
                escape(c.email or ""),
                enum_label("email_status", c.email_status.value, language) if c.email else "",
                escape(source_label(c.source, language)) if c.email else "",
                enum_label("enrich_outcome", c.outcome, language),
            )
        console.print(table)
    for line in summary_lines(report.summary, language):
        console.print(escape(line))
