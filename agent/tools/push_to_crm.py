"""`push_to_crm`: qualified leads queued for the team's CRM (HubSpot, Pipedrive, Salesforce or
the CSV file) and sent at once, with what each send did."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import CrmLeadResult, CrmPushArtifact
from agent.context import FilonContext
from agent.crm.errors import CrmRequestError
from agent.crm.mapping import MappingUnusable
from agent.crm.push import push_leads
from agent.leads import LeadRequestError
from agent.pipeline.periods import PeriodName as PipelinePeriod
from agent.pipeline.periods import resolve_period
from agent.tools.failures import refusal
from agent.tools.lines import SHOWN, data, numbered

Crm = Literal["hubspot", "pipedrive", "salesforce", "csv"]
PeriodName = Literal[
    "today",
    "this_week",
    "last_week",
    "this_month",
    "last_month",
    "this_quarter",
    "last_quarter",
    "this_year",
    "last_year",
]


class PushToCrmArgs(BaseModel):
    """Which leads, to which CRM; leave everything out only for "all my SQLs"."""

    crm: Crm | None = Field(
        None,
        description="The CRM named by the user ('le fichier CSV', 'le csv': csv); omit for "
        "'le CRM' (the team's CRMs)",
    )
    list_name: str | None = Field(None, description="Only this lead list's qualified leads")
    sirens: list[str] = Field(
        default_factory=list,
        description="SIRENs of the companies whose leads to send ('envoie ce lead dans X', "
        "'pousse la première'): the lead in focus or the rows pointed at",
    )
    company: str | None = Field(
        None,
        description="A company's name, when the user names one ('envoie Tecide Cloud dans le "
        "CRM') and its SIREN is not known: only that company's lead is sent",
    )
    period: PeriodName | None = Field(
        None,
        description="Only leads that became SQL in this period ('les SQL de la semaine': "
        "this_week, to date)",
    )
    since: date | None = Field(
        None, description="Only leads that became SQL from this day on (YYYY-MM-DD)"
    )
    stage: Literal["sql", "won"] = Field("sql", description="sql (default) or won leads")


@tool("push_to_crm", args_schema=PushToCrmArgs, response_format="content_and_artifact")
async def push_to_crm(
    runtime: ToolRuntime[FilonContext],
    crm: Crm | None = None,
    list_name: str | None = None,
    sirens: list[str] | None = None,
    company: str | None = None,
    period: PeriodName | None = None,
    since: date | None = None,
    stage: Literal["sql", "won"] = "sql",
) -> tuple[str, dict[str, Any]]:
    """Queue SQLs for sync to HubSpot / Pipedrive / Salesforce / CSV and send them now
    ("pousse les SQL de la semaine dans HubSpot", "envoie ce lead dans Pipedrive",
    "synchronise la liste ESN Lyon avec le CRM"): by default the user's own SQLs (a
    manager's: the team's), or a list's, or the companies named, optionally only those that
    became SQL in a period. When the user names a company or points at a lead ("envoie
    Tecide Cloud dans le CRM", "envoie-le", "la première"), pass it (company or sirens):
    leaving both out sends every SQL of the user. A named lead that is not qualified is
    refused with its stage: tell the user, never push something else instead. After a refusal
    for a CRM's missing keys, "et dans le csv alors" is the same push with crm=csv. Only
    qualified leads (SQL, won) go; a rep sends their own leads only. Says what was created,
    updated, refused by the CRM (its message) or is still queued (sent in the background).
    Pushing a lead again updates it in the CRM, never duplicates it.
    """
    context = runtime.context
    if context.crm_clients is None:
        raise ToolException("CRM sending is not available in this session: nothing was queued.")
    start, end = _days(period, since, context.today)
    try:
        pushed = await push_leads(
            context.engine,
            context.settings,
            clients=context.crm_clients,
            user=context.user,
            role=context.role,
            crm=crm,
            list_name=list_name,
            sirens=sirens or None,
            company=company,
            stage=stage,
            since=start,
            until=end,
            language=context.settings.language,
        )
    except (CrmRequestError, LeadRequestError) as error:
        raise refusal(error) from error
    except MappingUnusable as error:
        raise ToolException(
            f"the team's CRM field mapping cannot be used ({error}): nothing was sent. Tell "
            "the user to fix the file FILON_CRM_MAPPING names."
        ) from error
    artifact = CrmPushArtifact(
        crms=pushed.crms,
        list_name=pushed.list_name,
        since=pushed.since,
        until=pushed.until,
        queued=pushed.queued,
        sent=pushed.sent,
        updated=pushed.updated,
        failed=pushed.failed,
        dead=pushed.dead,
        skipped=pushed.skipped,
        pending=pushed.pending,
        leads=pushed.leads,
        csv_file=str(context.settings.crm_csv_path) if "csv" in pushed.crms else None,
    )
    return _content(artifact, stage), artifact.model_dump(mode="json")


push_to_crm.handle_tool_error = True


# The pipeline's periods these name (agent/pipeline/periods.py): the current ones to date.
_PIPELINE_PERIODS: dict[str, PipelinePeriod] = {
    "this_week": "week",
    "last_week": "last_week",
    "this_month": "month",
    "last_month": "last_month",
    "this_quarter": "quarter",
    "last_quarter": "last_quarter",
    "this_year": "year",
    "last_year": "last_year",
}


def _days(
    period: PeriodName | None, since: date | None, today: date
) -> tuple[date | None, date | None]:
    """The days a period names, or from `since` to today; (None, None) for any time."""
    if since is not None:
        return since, today
    if period is None:
        return None, None
    if period == "today":
        return today, today
    current, _previous = resolve_period(period=_PIPELINE_PERIODS[period], today=today)
    return current.start, current.end


def _content(artifact: CrmPushArtifact, stage: str) -> str:
    scope = [f"{stage} leads"]
    if artifact.list_name:
        scope.append(f"of the list “{data(artifact.list_name)}”")
    if artifact.since:
        scope.append(f"that became SQL from {artifact.since} to {artifact.until}")
    lines = [
        f"Queued {artifact.queued} leads ({' '.join(scope)}) for {', '.join(artifact.crms)}, "
        "then sent them once:",
        f"created {artifact.sent}, updated {artifact.updated}, failed and will be tried again "
        f"{artifact.failed}, refused by the CRM (dead) {artifact.dead}, not sent because the "
        f"company opted out {artifact.skipped}, still queued {artifact.pending}.",
    ]
    if artifact.pending:
        lines.append("The queued ones are sent in the background (filon sync, or the web UI).")
    if artifact.csv_file:
        lines.append(
            f"The CSV target is a file, not a CRM: its rows are in {data(artifact.csv_file)}."
        )
    troubles = [lead for lead in artifact.leads if lead.outcome in ("failed", "dead", "skipped")]
    if troubles:
        lines.append("Sends that went wrong, with the CRM's words:")
        lines.append(numbered([_trouble(lead) for lead in troubles], len(troubles)))
    elif artifact.leads:
        shown = [_sent(lead) for lead in artifact.leads[:SHOWN]]
        lines.append(numbered(shown, len(artifact.leads)))
    return "\n".join(lines)


def _sent(lead: CrmLeadResult) -> str:
    return f"{data(lead.name)} ({lead.siren}) → {lead.crm}: {lead.outcome}"


def _trouble(lead: CrmLeadResult) -> str:
    return f"{data(lead.name)} ({lead.siren}) → {lead.crm}: {lead.outcome}: {data(lead.error)}"
