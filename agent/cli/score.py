"""`filon score [--list NAME] [--user U] [--json]`: compute the lead scores again — a list's
leads, or every lead — and promote the new leads that qualify to MQL. Prints the counts."""

from __future__ import annotations

import json
from datetime import date

import typer

from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.contacts import ListOption
from agent.cli.lead_errors import UserOption, acting, fail_on
from agent.cli.signals_show import JsonOption
from agent.i18n import t
from agent.leads import LeadRequestError
from agent.qualification.icp import IcpUnusable
from agent.qualification.scoring import score_leads


def score(
    list_name: ListOption = None, user: UserOption = "rep", json_output: JsonOption = False
) -> None:
    """Score the leads again (fit, engagement, intent) and move the new ones that qualify to MQL."""
    language = terminal_language()
    login, _role = acting(user)
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            run = score_leads(
                engine, list_name=list_name, today=date.today(), settings=settings, user=login
            )
        except LeadRequestError as error:
            fail_on(error)
        except IcpUnusable as error:  # the file changed since the settings were read
            fail(t("scores.icp_unusable", language, reason=str(error)))
    counts = {"scored": run.scored, "changed": run.changed, "promoted": run.promoted}
    if json_output:
        document = {"list": run.list_name, **counts, "seconds": run.seconds}
        typer.echo(json.dumps(document, ensure_ascii=False))
        return
    where = t("scores.cli.in_list", language, name=run.list_name) if run.list_name else ""
    typer.echo(t("scores.cli.done", language, list=where, seconds=f"{run.seconds:.1f}", **counts))
