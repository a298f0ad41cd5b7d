"""`filon leads show` and `filon leads qualify`: a list's leads with scores and BANT, and the
BANT interview from the terminal.

    filon leads show LIST [--stage S] [--user U] [--json]   (with a CRM column once sent)
    filon leads qualify SIREN ["what you learnt"] [--asked CRITERION] [--yes | --no]
                        [--list X] [--user U] [--role R] [--json]

The same services as the `qualify_lead` tool; without an LLM key the offline parser reads the
text, with one the model's structured output.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.engine import Engine

from agent.artifacts import BantItem, LeadItem, QualificationArtifact
from agent.cli.common import fail, load_settings, store_engine, terminal_language
from agent.cli.lead_errors import RoleOption, UserOption, acting, checked_stage, fail_on
from agent.context import Role
from agent.crm.wording import errors_text, statuses_text
from agent.i18n import Language, t
from agent.leads import LeadRequestError
from agent.qualification.bant import Origin
from agent.qualification.card import lead_card, read_facts
from agent.qualification.facts import Criterion
from agent.qualification.list_view import QualifiedList, qualified_list
from agent.qualification.qualify import qualify as record
from agent.qualification.wording import (
    STATUS_MARKS,
    describe_value,
    origin_text,
    status_text,
)
from agent.settings import Settings

CRITERIA = tuple(criterion.value for criterion in Criterion)


def show(
    list_name: Annotated[str, typer.Argument(help="The lead list")],
    stage: Annotated[
        str | None, typer.Option("--stage", help="new, mql, sql, won, lost or disqualified")
    ] = None,
    user: UserOption = "rep",
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Show a list's leads with their scores, BANT (B/A/N/T: ✓ confirmed, ? to confirm,
    ✗ against, · not known) and, once sent, where they stand in the CRM (✓ sent, ↻ pending or
    to retry, ✗ refused, with the CRM's words)."""
    login, _role = acting(user)
    wanted = checked_stage(stage)
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            found = qualified_list(
                engine, list_name=list_name, stage=wanted, user=login, today=date.today()
            )
        except LeadRequestError as error:
            fail_on(error)
    if json_output:
        document = {
            "list": found.lead_list,
            "stage": found.stage,
            "total": found.total,
            "leads": [lead.as_json() for lead in found.leads],
        }
        typer.echo(json.dumps(document, ensure_ascii=False))
        return
    _print_list(found, terminal_language())


def qualify(
    siren: Annotated[str, typer.Argument(help="The lead's company (SIREN or SIRET)")],
    text: Annotated[
        str, typer.Argument(help="What you learnt, in your words (empty: show the lead's BANT)")
    ] = "",
    asked: Annotated[
        str | None,
        typer.Option("--asked", help="The criterion the text answers: " + ", ".join(CRITERIA)),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Apply the stage Filon proposes")] = False,
    no: Annotated[bool, typer.Option("--no", help="Decline the stage Filon proposes")] = False,
    list_name: Annotated[
        str | None, typer.Option("--list", help="The lead's list, when it is in several")
    ] = None,
    user: UserOption = "rep",
    role: RoleOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document")] = False,
) -> None:
    """Record what you learnt about a lead's Budget, Authority, Need and Timing; Filon says
    what is still missing, and with --yes applies the SQL promotion it proposes."""
    login, checked_role = acting(user, role)
    language = terminal_language()
    if yes and no:
        fail(t("qualification.cli.yes_and_no", language))
    if asked is not None and asked.strip().lower() not in CRITERIA:
        fail(
            t(
                "qualification.cli.bad_criterion",
                language,
                asked=asked,
                criteria=", ".join(CRITERIA),
            )
        )
    criterion = Criterion(asked.strip().lower()) if asked else None
    settings = load_settings()
    with store_engine(settings) as engine:
        try:
            artifact = asyncio.run(
                _qualify(
                    settings,
                    engine,
                    siren,
                    text,
                    criterion,
                    yes or (False if no else None),
                    list_name,
                    login,
                    checked_role,
                    language,
                )
            )
        except LeadRequestError as error:
            fail_on(error)
    if json_output:
        typer.echo(json.dumps(artifact.model_dump(mode="json"), ensure_ascii=False))
        return
    _print_card(artifact, language)


async def _qualify(
    settings: Settings,
    engine: Engine,
    siren: str,
    text: str,
    asked: Criterion | None,
    confirm: bool | None,
    list_name: str | None,
    user: str,
    role: Role | None,
    language: Language,
) -> QualificationArtifact:
    today = date.today()
    facts = await read_facts(settings, text, asked=asked, today=today)
    done = await asyncio.to_thread(
        record,
        engine,
        siren=siren,
        facts=facts,
        text=text,
        origin=Origin(said_by=user, source="cli"),
        role=role,
        list_name=list_name,
        confirm=confirm,
        language=language,
        sync_to=settings.crm_targets,
    )
    return await lead_card(settings, engine, done, language, today=today)


def _print_list(found: QualifiedList, language: Language) -> None:
    console = Console()
    if not found.leads:
        console.print(t("leads.cli.leads.none", language))
        return
    title = t(
        "qualification.cli.list_title", language, name=found.lead_list["name"], total=found.total
    )
    table = Table(title=escape(title))
    for column in ("siren", "name", "stage", "owner", "score"):
        table.add_column(t(f"leads.cli.leads.column.{column}", language))
    for part in ("fit", "engagement", "intent"):
        table.add_column(t(f"qualification.cli.column.{part}", language), justify="right")
    table.add_column("BANT")
    with_crm = any(lead.lead.crm for lead in found.leads)
    if with_crm:
        table.add_column(t("crm_chat.column", language))
    for lead in found.leads:
        item = lead.lead
        crm = [_crm_cell(item, language)] if with_crm else []
        table.add_row(
            item.siren,
            escape(item.name),
            t(f"stages.{item.stage}", language),
            escape(item.owner_name or ""),
            str(item.score) if item.score is not None else "",
            *(_part(lead.scores, part) for part in ("fit", "engagement", "intent")),
            " ".join(f"{b.criterion[0].upper()}{STATUS_MARKS[b.status]}" for b in lead.bant),
            *crm,
        )
    console.print(table)


def _crm_cell(lead: LeadItem, language: Language) -> str:
    """ "✓ HubSpot 02/12", and the CRM's refusal after it (a terminal has no hover)."""
    refusals = errors_text(lead.crm)
    text = statuses_text(lead.crm, language)
    return escape(f"{text} — {refusals}" if refusals else text)


def _part(scores: dict[str, object], part: str) -> str:
    value = scores.get(part)
    if isinstance(value, dict):
        value = value.get("score")
    return str(value) if isinstance(value, int | float) else ""


def _print_card(artifact: QualificationArtifact, language: Language) -> None:
    console = Console()
    lead = artifact.lead
    console.print(
        escape(
            t(
                "qualification.cli.card_title",
                language,
                name=lead.name,
                siren=lead.siren,
                list=lead.list_name,
                stage=t(f"stages.{lead.stage}", language),
            )
        )
    )
    table = Table()
    for column in ("criterion", "status", "value", "said_by", "source"):
        table.add_column(t(f"qualification.ui.col_{column}", language))
    for item in artifact.bant:
        table.add_row(*_bant_row(item, language))
    console.print(table)
    if artifact.promoted_to:
        line = t(
            "qualification.cli.promoted",
            language,
            stage=t(f"stages.{artifact.promoted_to}", language),
        )
    elif artifact.proposal:
        line = t(
            "qualification.cli.proposal",
            language,
            stage=t(f"stages.{artifact.proposal}", language),
            siren=lead.siren,
        )
    elif artifact.asking:
        line = t(f"qualification.ask.{artifact.asking}", language, company=lead.name)
    else:
        line = ""
    if line:
        console.print(escape(line))
    for question in artifact.call_questions:
        console.print(f"- {escape(question)}")


def _bant_row(item: BantItem, language: Language) -> list[str]:
    return [
        t(f"labels.bant.{item.criterion}", language),
        status_text(item.status, language),
        escape(describe_value(item.criterion, item.value, item.note, language)),
        escape(item.said_by_name or ""),
        origin_text(item.source, item.recorded_at, language),
    ]
