"""`score_leads`: fit, engagement and intent computed again for a list's leads, some
companies' leads or every lead, with why; new leads that qualify become MQLs."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.tools import ToolException, tool
from langgraph.prebuilt import ToolRuntime
from pydantic import BaseModel, Field

from agent.artifacts import ScoredLeadItem, ScorePart, ScoreReason, ScoresArtifact
from agent.context import FilonContext
from agent.leads import LeadRequestError
from agent.leads.sirens import to_sirens
from agent.qualification.parts import Part
from agent.qualification.scoring import ScoredLead, ScoreRun
from agent.qualification.scoring import score_leads as score
from agent.tools.failures import refusal
from agent.tools.lines import SHOWN, data

LEADS_KEPT = 50  # leads the artifact carries, the highest scores first


class ScoreLeadsArgs(BaseModel):
    """Which leads: a list's, some companies', or all (neither given); one rep's or the user's."""

    list_name: str | None = Field(None, description="A lead list: its leads only")
    sirens: list[str] = Field(
        default_factory=list,
        description="SIRENs of companies whose leads to score (and explain: 'why this score?')",
    )
    owner: str | None = Field(
        None, description="Only this rep's leads (a login or a name), e.g. alice.martin"
    )
    mine: bool = Field(False, description="Only the current user's own leads ('score mes leads')")


@tool("score_leads", args_schema=ScoreLeadsArgs, response_format="content_and_artifact")
async def score_leads(
    runtime: ToolRuntime[FilonContext],
    list_name: str | None = None,
    sirens: list[str] | None = None,
    owner: str | None = None,
    mine: bool = False,
) -> tuple[str, dict[str, Any]]:
    """Compute the lead scores again ("score mes leads", "recalcule les scores de la liste X",
    "pourquoi ce lead a ce score ?"): fit with the ideal customer profile, engagement from
    recent events, intent from buying signals, mixed into a score from 0 to 100, each part with
    its reasons. New leads that qualify move to MQL (recorded as changed by filon). Give
    list_name for one list, sirens for some companies, nothing for every lead the user may
    score; mine=true for the user's own leads ("mes leads"), owner for one rep's (a manager's
    request: a rep scores their own). To show the best leads without scoring them again
    ("top 5 leads", "mes meilleurs leads"), use list_leads.
    """
    context = runtime.context
    if mine:
        if owner is not None and owner.strip().lower() != context.user:
            raise ToolException(
                f"mine=true means the user's own leads ({context.user}): drop owner, or drop mine"
            )
        owner = context.user
    try:
        wanted = to_sirens(sirens) if sirens else None
        run = await asyncio.to_thread(
            score,
            context.engine,
            list_name=list_name,
            sirens=wanted,
            owner=owner,
            today=context.today,
            settings=context.settings,
            user=context.user,
            role=context.role,
        )
    except LeadRequestError as error:
        raise refusal(error) from error
    scope = "companies" if wanted is not None else ("list" if list_name else "all")
    artifact = scores_artifact(run, scope=scope, sirens=wanted or [])
    return _content(artifact), artifact.model_dump(mode="json")


score_leads.handle_tool_error = True


def scores_artifact(run: ScoreRun, *, scope: str, sirens: list[str]) -> ScoresArtifact:
    """A run as UIs show it: the counts and the highest-scored leads."""
    ranked = sorted(run.leads, key=lambda lead: (-lead.score.score, lead.name, lead.list_name))
    return ScoresArtifact(
        scope=scope,
        list_name=run.list_name,
        owner=run.owner,
        sirens=sirens,
        scored=run.scored,
        changed=run.changed,
        promoted=run.promoted,
        leads=[_item(lead) for lead in ranked[:LEADS_KEPT]],
    )


def _item(lead: ScoredLead) -> ScoredLeadItem:
    return ScoredLeadItem(
        siren=lead.siren,
        name=lead.name,
        city=lead.city,
        list_name=lead.list_name,
        owner=lead.owner,
        stage=lead.stage,
        score=lead.score.score,
        previous=lead.previous,
        promoted=lead.promoted,
        fit=_part(lead.score.fit),
        engagement=_part(lead.score.engagement),
        intent=_part(lead.score.intent),
    )


def _part(part: Part) -> ScorePart:
    reasons = [ScoreReason(code=r.code, value=r.value, points=r.points) for r in part.reasons]
    return ScorePart(score=part.score, reasons=reasons)


def _content(artifact: ScoresArtifact) -> str:
    where = f" in “{data(artifact.list_name)}”" if artifact.list_name else ""
    where += f" owned by {data(artifact.owner)}" if artifact.owner else ""
    lines = [
        f"Scored {artifact.scored} leads{where}: score changed for {artifact.changed}, "
        f"{artifact.promoted} moved from new to mql."
    ]
    for rank, lead in enumerate(artifact.leads[:SHOWN], start=1):
        parts = ", ".join(
            f"{name} {part.score} ("
            + "; ".join(f"{r.code} {data(r.value)} {r.points:+g}" for r in part.reasons[:3])
            + ")"
            for name, part in (("fit", lead.fit), ("engagement", lead.engagement),
                               ("intent", lead.intent))
        )  # fmt: skip
        moved = ", moved to mql" if lead.promoted else ""
        lines.append(
            f"{rank}. {data(lead.name)} ({lead.siren}) — “{data(lead.list_name)}”, "
            f"{lead.stage}{moved}, score {lead.score}: {parts}"
        )
    return "\n".join(lines)
