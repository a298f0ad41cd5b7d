"""Leads of a list, a stage or a rep: "montre les leads de la liste ESN Lyon", "mes SQL"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.llm.language import Language
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, plan_or_unavailable
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.owners import owner_in
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import SHOWN, bullets, city, number, stage_label

TOOL = "list_leads"
STAGES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (stage, re.compile(rf"(?<![\w]){pattern}(?![\w])"))
    for stage, pattern in (
        ("sql", r"sqls?"),
        ("mql", r"mqls?"),
        ("won", r"won|gagne(?:e|s|es)?|signe(?:e|s|es)?|closed[- ]won"),
        ("lost", r"lost|perdu(?:e|s|es)?|closed[- ]lost"),
        ("disqualified", r"disqualifi\w*"),
        ("new", r"nouveaux\s+leads|new\s+leads|(?:en|stage|etape|au\s+stade)\s+new"),
    )
)
_LEADS = re.compile(r"(?<![\w])(?:leads?|deals?|opportunites?|opportunities)(?![\w])")
_OF_LIST = re.compile(
    r"(?<![\w])(?:de|dans|of|in|from)\s+(?:la|ma|notre|the|my|our)\s+(?:liste|list)(?![\w])"
)


def stage_in(request: Request) -> str | None:
    """The funnel stage a request names, or None."""
    for stage, pattern in STAGES:
        if request.has(pattern):
            return stage
    return None


class LeadsIntent:
    """List leads, filtered by list name, stage and owner (each only when given)."""

    name = "leads"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `list_leads` call with the filters named in the request, or None."""
        request = Request(text)
        stage = stage_in(request)
        if not (stage or request.has(_LEADS) or request.has(_OF_LIST)):
            return None
        args: dict[str, Any] = {}
        name = list_name(request)
        if name:
            args["list_name"] = name
        if stage:
            args["stage"] = stage
        owner = owner_in(request)
        if owner:
            args["owner"] = owner
        return plan_or_unavailable(conversation, TOOL, args)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """How many leads, the filters, and the first few with stage, owner and score."""
        return "\n\n".join(leads_answer(result, language) for result in results)


def _filters(artifact: dict[str, Any], language: Language) -> str:
    lead_list = artifact.get("list")
    name = lead_list.get("name") if isinstance(lead_list, dict) else lead_list
    parts = []
    if name:
        parts.append(f"list “{name}”" if language == "en" else f"liste « {name} »")
    if artifact.get("stage"):
        stage = stage_label(artifact["stage"], language)
        parts.append(f"stage {stage}" if language == "en" else f"étape {stage}")
    if artifact.get("owner"):
        parts.append(
            f"owner {artifact['owner']}" if language == "en" else f"commercial {artifact['owner']}"
        )
    return f" ({', '.join(parts)})" if parts else ""


def _lead_line(lead: dict[str, Any], language: Language) -> str:
    details = [city(lead.get("city")), stage_label(lead.get("stage"), language)]
    if lead.get("owner"):
        details.append(str(lead["owner"]))
    if lead.get("score") is not None:
        details.append(f"score {lead['score']}")
    if lead.get("list_name"):
        details.append(("list " if language == "en" else "liste ") + str(lead["list_name"]))
    line = f"**{lead.get('name') or lead.get('siren')}**"
    return line + " — " + ", ".join(d for d in details if d)


def leads_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "leads" result."""
    if result.is_error:
        return explain_error(result, language)
    if result.artifact is None or result.kind != "leads":
        return plain_answer(result, language)
    artifact = result.artifact
    leads = artifact.get("leads") or []
    total = artifact.get("total")
    total = total if isinstance(total, int) else len(leads)
    filters = _filters(artifact, language)
    if not leads:
        if language == "en":
            return f"No lead found{filters}. Search for companies and save them to a list first."
        return f"Aucun lead trouvé{filters}. Cherchez des entreprises et ajoutez-les d'abord à une liste."
    shown = leads[:SHOWN]
    if language == "en":
        head = f"{number(total, language)} {'lead' if total == 1 else 'leads'}{filters}"
        head += f"; the first {len(shown)}:" if total > len(shown) else ":"
    else:
        head = f"{number(total, language)} {'lead' if total <= 1 else 'leads'}{filters}"
        head += f" ; les {len(shown)} premiers :" if total > len(shown) else " :"
    return head + "\n\n" + bullets([_lead_line(lead, language) for lead in shown])
