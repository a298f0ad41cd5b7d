"""`filon score [--list NAME] [--mine | --owner U] [--user U] [--json]`: compute the lead scores
again — a list's leads, one rep's, or every lead the user may score (a rep: their own) — and
promote the new leads that qualify to MQL. Prints the counts."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from agent.cli.common import fail, load_settings, say, store_engine, terminal_language
from agent.cli.contacts import ListOption
from agent.cli.lead_errors import UserOption, acting, fail_on
from agent.cli.signals_show import JsonOption
from agent.i18n import t
from agent.leads import LeadRequestError
from agent.qualification.icp import IcpUnusable
from agent.qualification.scoring import score_leads


def score(
    list_name: ListOption = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only your own leads (--user)")] = False,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this rep's leads")] = None,
    user: UserOption = "rep",
    json_output: JsonOption = False,
) -> None:
    """Score the leads again (fit, engagement, intent) and move the new ones that qualify to MQL:
    a rep scores their own leads, a manager the team's."""
    language = terminal_language()
    login, _role = acting(user)
    if mine and owner is not None:
        say("leads.cli.mine_and_owner")
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            run = score_leads(
                engine,
                list_name=list_name,
                owner=login if mine else owner,
                today=date.today(),
                settings=settings,
                user=login,
            )
        except LeadRequestError as error:
            fail_on(error)
        except IcpUnusable as error:  # the file changed since the settings were read
            fail(t("scores.icp_unusable", language, reason=str(error)))
    counts = {"scored": run.scored, "changed": run.changed, "promoted": run.promoted}
    if json_output:
        document = {"list": run.list_name, "owner": run.owner, **counts, "seconds": run.seconds}
        typer.echo(json.dumps(document, ensure_ascii=False))
        return
    where = t("scores.cli.in_list", language, name=run.list_name) if run.list_name else ""
    typer.echo(t("scores.cli.done", language, list=where, seconds=f"{run.seconds:.1f}", **counts))
