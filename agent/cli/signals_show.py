"""`filon signals show SIREN [--json]`: a company's signals in force as a table (day, kind,
title, source, link), then its intent score as of today with the signals that weigh most, each
with how long ago it happened ("il y a 12 jours"). Also what every `filon signals` command
shares: `--json`, and the weights file checked in one line."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.lead_errors import fail_on
from agent.i18n import Language, format_date, format_number, t
from agent.i18n.labels import age_label, enum_label, source_label
from agent.leads import LeadRequestError
from agent.leads.sirens import to_siren
from agent.settings import Settings
from agent.signals.company import CompanySignals, UnknownCompany, company_signals
from agent.signals.weights import IntentWeights, WeightsUnusable, load_weights

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document")]


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
    weights = checked_weights(settings, language)
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
            age=age_label(reason.get("occurred_on"), today, language),
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


def checked_weights(settings: Settings, language: Language) -> IntentWeights:
    """The intent weights of FILON_INTENT_WEIGHTS (or the default ones), or a one-line error."""
    try:
        return load_weights(settings.intent_weights)
    except WeightsUnusable as error:
        fail(t("signals.weights_unusable", language, reason=str(error)))
