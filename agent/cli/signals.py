"""`filon signals`: buying signals from the sources (BODACC today), a company's signals and
intent, and every intent score recomputed.

    filon signals sync --siren S [--siren S …] [--since DATE] [--json]
    filon signals sync --list NAME [--user U] [--since DATE] [--json]
    filon signals sync --department D --since DATE [--until DATE] [--json]
    filon signals show SIREN [--json]
    filon signals score [--json]

`sync` asks the source first and writes what it found in one go: when the source cannot be
reached, nothing is written and one line says so. Dates are 2026-10-31 or 31/10/2026.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.engine import Engine

from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.contacts import ListOption, SirenOption
from agent.cli.group import FilonGroup
from agent.cli.lead_errors import UserOption, acting, fail_on
from agent.http import OutsideApiError
from agent.http.errors import vendor_name
from agent.i18n import Language, format_date, format_number, t
from agent.i18n.labels import enum_label, source_label
from agent.leads import LeadRequestError
from agent.leads.sirens import to_siren, to_sirens
from agent.runtime import open_runtime
from agent.settings import Settings
from agent.signals.company import CompanySignals, UnknownCompany, company_signals
from agent.signals.intent import rescore_all
from agent.signals.sync import (
    SyncReport,
    SyncRequestError,
    check_period,
    department_code,
    sync_companies,
    sync_department,
    sync_list,
)
from agent.signals.weights import DEFAULT_FILE, IntentWeights, WeightsUnusable, load_weights
from store.reference.geo import department_name

app = typer.Typer(
    cls=FilonGroup,
    help="Buying signals: sync them from BODACC, show a company's, recompute the scores.",
    no_args_is_help=True,
)
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document")]
DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class _Target:
    """What to sync: companies by SIREN, a list's, or a department's notices."""

    sirens: list[str]
    list_name: str | None
    department: str | None
    since: date | None
    until: date | None


@app.command("sync")
def sync(
    siren: SirenOption = None,
    list_name: ListOption = None,
    department: Annotated[
        str | None, typer.Option("--department", help="A department's notices (69, 2A, 974)")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Notices published since this day")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="… and until this day (--department only)")
    ] = None,
    user: UserOption = "rep",
    json_output: JsonOption = False,
) -> None:
    """Fetch new legal notices and write them as signals of the companies in the store."""
    language = terminal_language()
    login, _role = acting(user)
    target = _target(siren or [], list_name, department, since, until, language)
    settings = load_settings()
    weights = _weights(settings, language)
    with store_engine(settings) as engine:
        try:
            reports = asyncio.run(_sync(settings, engine, target, weights, login))
        except LeadRequestError as error:
            fail_on(error)
        except OutsideApiError as error:
            fail(t("signals_cli.sync.failed", language, reason=error.user_message(language)))
    if json_output:
        typer.echo(json.dumps({"reports": [_report_json(r) for r in reports]}, ensure_ascii=False))
        return
    for report in reports:
        typer.echo("\n".join(summary(report, language)))


@app.command("show")
def show(
    siren: Annotated[str, typer.Argument(help="The company's SIREN or SIRET")],
    json_output: JsonOption = False,
) -> None:
    """Show a company's signals in force and its intent score, with what weighs most."""
    language = terminal_language()
    try:
        wanted = to_siren(siren)
    except LeadRequestError as error:
        fail_on(error)
    settings = load_settings()
    weights = _weights(settings, language)
    today = date.today()
    with store_engine(settings) as engine:
        try:
            found = company_signals(engine, wanted, weights, today=today)
        except UnknownCompany as error:
            fail(t(f"signals_cli.show.{error.code}", language, **error.values))
    if json_output:
        typer.echo(json.dumps(_company_json(found), ensure_ascii=False))
        return
    _print_company(found, language, today)


@app.command("score")
def score(json_output: JsonOption = False) -> None:
    """Recompute every intent score now, after the weights file (FILON_INTENT_WEIGHTS) changed."""
    language = terminal_language()
    settings = load_settings()
    weights = _weights(settings, language)
    with store_engine(settings) as engine:
        count = rescore_all(engine, weights, today=date.today())
    if json_output:
        typer.echo(json.dumps({"scored": count}))
        return
    file = settings.intent_weights or DEFAULT_FILE
    typer.echo(t("signals_cli.score.done", language, count=count, file=str(file)))


# --- sync ---------------------------------------------------------------------------------------


def _target(
    sirens: list[str],
    list_name: str | None,
    department: str | None,
    since: str | None,
    until: str | None,
    language: Language,
) -> _Target:
    """The target the options name, checked before anything is opened."""
    if [bool(sirens), list_name is not None, department is not None].count(True) != 1:
        fail(t("signals_cli.sync.one_target", language))
    first, last = _day(since, language), _day(until, language)
    if department is not None and first is None:
        fail(t("signals_cli.sync.since_required", language))
    if department is None and last is not None:
        fail(t("signals_cli.sync.until_department_only", language))
    try:
        code = department_code(department) if department is not None else None
        check_period(first, last, today=date.today())
        checked = to_sirens(sirens)
    except SyncRequestError as error:
        _fail_on_request(error, language)
    except LeadRequestError as error:
        fail_on(error)
    return _Target(checked, list_name, code, first, last)


def _day(value: str | None, language: Language) -> date | None:
    if value is None:
        return None
    for pattern in DAY_FORMATS:
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    fail(t("signals_cli.sync.bad_date", language, value=value))


def _fail_on_request(error: SyncRequestError, language: Language) -> NoReturn:
    fail(t(f"signals_cli.error.{error.code}", language, **error.values))


async def _sync(
    settings: Settings, engine: Engine, target: _Target, weights: IntentWeights, user: str
) -> list[SyncReport]:
    today = date.today()
    reports = []
    async with open_runtime(settings, engine=engine) as runtime:
        for source in runtime.signal_sources:
            if target.department is not None and target.since is not None:
                report = await sync_department(
                    engine, source, target.department, weights,
                    since=target.since, until=target.until, today=today,
                )  # fmt: skip
            elif target.list_name is not None:
                report = await sync_list(
                    engine, source, target.list_name, weights,
                    user=user, since=target.since, today=today,
                )  # fmt: skip
            else:
                report = await sync_companies(
                    engine, source, target.sirens, weights, since=target.since, today=today
                )
            reports.append(report)
    return reports


def summary(report: SyncReport, language: Language) -> list[str]:
    """The report in words: what was read, what was written, then what was left out."""
    source = vendor_name(report.source, language)
    lines = [
        t("signals_cli.sync.read", language, source=source, scope=_scope(report, language),
          notices=report.notices),
        t("signals_cli.sync.written", language, new=report.new, updated=report.updated,
          superseded=report.superseded, scored=report.scored),
    ]  # fmt: skip
    if report.skipped:
        lines.append(t("signals_cli.sync.skipped", language, skipped=report.skipped))
    if report.unknown_companies:
        lines.append(t("signals_cli.sync.unknown", language, count=report.unknown_companies))
    if report.truncated:
        lines.append(t("signals_cli.sync.truncated", language, source=source))
    return lines


def _scope(report: SyncReport, language: Language) -> str:
    if report.department is not None and report.since is not None:
        key = "department_until" if report.until else "department"
        name = department_name(report.department) or report.department
        return t(f"signals_cli.sync.scope.{key}", language, name=name, code=report.department,
                 since=report.since, until=report.until)  # fmt: skip
    if report.list_name is not None:
        return t("signals_cli.sync.scope.list", language, name=report.list_name,
                 count=report.companies)  # fmt: skip
    return t("signals_cli.sync.scope.companies", language, count=report.companies)


def _report_json(report: SyncReport) -> dict[str, Any]:
    values = asdict(report)
    for name in ("since", "until"):
        values[name] = values[name].isoformat() if values[name] else None
    return values


# --- show ---------------------------------------------------------------------------------------


def _print_company(found: CompanySignals, language: Language, today: date) -> None:
    console = Console()
    if not found.signals:
        console.print(escape(t("signals_cli.show.none", language, name=found.name,
                                 siren=found.siren)))  # fmt: skip
        return
    table = Table(
        title=escape(t("signals_cli.show.title", language, name=found.name, siren=found.siren)),
        title_justify="left",
    )
    for name in ("date", "kind", "title", "source", "link"):
        table.add_column(t(f"signals_cli.show.col_{name}", language))
    for signal in found.signals:
        table.add_row(
            format_date(signal.occurred_on, language) if signal.occurred_on else "",
            enum_label("signal_kind", signal.kind, language),
            escape(signal.title),
            escape(_source(signal.source, language)),
            escape(signal.url or ""),
        )
    console.print(table)
    intent = found.intent
    if intent is None:
        return
    console.print(
        escape(t("signals_cli.show.intent", language, score=intent.score,
                 count=intent.signal_count))
    )  # fmt: skip
    if intent.reasons:
        console.print(escape(t("signals_cli.show.reasons", language)))
    for reason in intent.reasons:
        line = t(
            "signals_cli.show.reason",
            language,
            title=reason["title"],
            age=age(reason.get("occurred_on"), today, language),
            points=_points(float(reason["points"]), language),
        )
        console.print(f"  - {escape(line)}")


def _source(source: str, language: Language) -> str:
    """Where a signal came from, as people know it: BODACC, an imported file, a team's name."""
    if source.startswith("import:"):
        return t("signals_cli.show.source_import", language, file=source.removeprefix("import:"))
    return source_label(source, language)  # demo data, BODACC, a team's own name


def _points(points: float, language: Language) -> str:
    text = format_number(points, language)
    return f"+{text}" if points > 0 else text


def age(day: date | str | None, today: date, language: Language) -> str:
    """How long ago `day` was: "aujourd'hui", "il y a 12 jours", "il y a 3 mois", "il y a 2 ans"."""
    if not day:
        return t("signals_cli.age.unknown", language)
    days = (today - (date.fromisoformat(day) if isinstance(day, str) else day)).days
    if days <= 0:
        return t("signals_cli.age.today", language)
    if days == 1:
        return t("signals_cli.age.yesterday", language)
    if days < 60:
        return t("signals_cli.age.days", language, days=days)
    if days < 730:
        return t("signals_cli.age.months", language, months=days // 30)
    return t("signals_cli.age.years", language, years=days // 365)


def _company_json(found: CompanySignals) -> dict[str, Any]:
    intent = found.intent
    return {
        "siren": found.siren,
        "name": found.name,
        "intent": {
            "score": intent.score,
            "signal_count": intent.signal_count,
            "reasons": intent.reasons,
        }
        if intent
        else None,
        "signals": [
            {
                "occurred_on": s.occurred_on.isoformat() if s.occurred_on else None,
                "kind": str(s.kind),
                "title": s.title,
                "detail": s.detail,
                "source": s.source,
                "url": s.url,
                "negative": s.negative,
                "strength": s.strength,
                "external_id": s.external_id,
            }
            for s in found.signals
        ],
    }


# --- shared -------------------------------------------------------------------------------------


def _weights(settings: Settings, language: Language) -> IntentWeights:
    try:
        return load_weights(settings.intent_weights)
    except WeightsUnusable as error:
        fail(t("signals.weights_unusable", language, reason=str(error)))
