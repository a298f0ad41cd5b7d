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
from sqlalchemy.engine import Engine

from agent.cli import signals_show
from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.contacts import ListOption, SirenOption
from agent.cli.group import FilonGroup
from agent.cli.lead_errors import UserOption, acting, fail_on
from agent.cli.signals_show import JsonOption, checked_weights
from agent.http import OutsideApiError
from agent.http.errors import vendor_name
from agent.i18n import Language, t
from agent.leads import LeadRequestError
from agent.leads.sirens import to_sirens
from agent.runtime import open_runtime
from agent.settings import Settings
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
from agent.signals.weights import DEFAULT_FILE, IntentWeights
from store.reference.geo import department_name

app = typer.Typer(
    cls=FilonGroup,
    help="Buying signals: sync them from BODACC, show a company's, recompute the scores.",
    no_args_is_help=True,
)
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
    weights = checked_weights(settings, language)
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


app.command("show")(signals_show.show)


@app.command("score")
def score(json_output: JsonOption = False) -> None:
    """Recompute every intent score now, after the weights file (FILON_INTENT_WEIGHTS) changed."""
    language = terminal_language()
    settings = load_settings()
    weights = checked_weights(settings, language)
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
                    since=target.since, until=target.until, today=today, settings=settings,
                )  # fmt: skip
            elif target.list_name is not None:
                report = await sync_list(
                    engine, source, target.list_name, weights,
                    user=user, since=target.since, today=today, settings=settings,
                )  # fmt: skip
            else:
                report = await sync_companies(
                    engine, source, target.sirens, weights,
                    since=target.since, today=today, settings=settings,
                )  # fmt: skip
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
