"""Leads of a list, a stage or a rep: "montre les leads de la liste ESN Lyon", "mes SQL"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.artifacts import LeadItem, LeadsArtifact
from agent.i18n import Language, Markdown, md, t
from agent.i18n.labels import stage_label
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.lists import named_focus_list, points_at_a_list, this_list
from agent.llm.offline.intents.owners import owner_in, person_in
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import SHOWN, bullets, city_name, plain

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
    r"(?<![\w])(?:de|dans|of|in|from)\s+(?:la|ma|notre|the|my|our|cette|this|that)\s+(?:liste|list)"
    r"(?![\w])"
)
# "ses leads", "his deals": the rep the last result was about
_THEIR = re.compile(r"(?<![\w])(?:ses|his|her|their)\s+(?:leads?|deals?|sqls?|mqls?)(?![\w])")
# "top 5 leads", "mes 3 meilleurs leads", "the 20 best deals": that many, best score first
_TOP = re.compile(
    r"(?<![\w])(?:top|les|mes|nos|the|my|our)\s+(?P<n>\d{1,3})\s+(?:(?:premiers?|meilleurs?|best"
    r"|first|top)\s+)?(?:leads?|deals?)|(?<![\w])(?:top|meilleurs?|best)\s+(?P<m>\d{1,3})(?![\w])"
)
MAX_LEADS = 200  # the tool's own cap


_SHOW_LIST = re.compile(
    r"(?<![\w])(?:montre|affiche|show|voir|vois|open|ouvre|display)\w*(?:[- ]moi)?\s+"
    r"(?:cette|this|that|la|ma|the|my)\s+(?:liste|list)(?![\w])"
)
_MINE = re.compile(r"(?<![\w])(?:mes|my|mine|moi|j'ai|ai-je|i\s+have|have\s+i|perso)(?![\w])")
_NOT_CONTACTED = re.compile(
    r"(?:(?<![\w])(?:pas|non|jamais|not|never|sans)|n't)\s+(?:\w+\s+){0,2}?"
    r"(?:contacte\w*|relance\w*|contacted|touched|appele\w*|called|reached)"
    r"(?:\s+(?:depuis|for|in|since)\s+(?:plus\s+de\s+|over\s+|more\s+than\s+)?"
    r"(?P<n>\d{1,4}|une?|a|an)\s*(?P<unit>jours?|j|days?|semaines?|weeks?|mois|months?))?"
)
_UNIT_DAYS = {"jour": 1, "j": 1, "day": 1, "semaine": 7, "week": 7, "mois": 30, "month": 30}
DEFAULT_STALE_DAYS = 30


def _not_contacted(request: Request) -> int | None:
    """Days without contact a request asks about ("non contactés depuis 30 jours"), or None."""
    match = re.search(_NOT_CONTACTED, request.folded)
    if match is None:
        return None
    if not match["n"]:
        return DEFAULT_STALE_DAYS
    unit = match["unit"].rstrip("s") if match["unit"] != "mois" else "mois"
    count = int(match["n"]) if match["n"].isdigit() else 1  # "in a month", "depuis un mois"
    return count * _UNIT_DAYS.get(unit, 1)


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
        showing_a_list = request.has(_SHOW_LIST)
        if not (stage or request.has(_LEADS) or request.has(_OF_LIST) or showing_a_list):
            return None
        args: dict[str, Any] = {}
        name = (
            list_name(request)
            or this_list(request, conversation)
            or named_focus_list(request, conversation)
        )
        if name:
            args["list_name"] = name
        elif points_at_a_list(request):
            return TextReply(t("offline.lists.which", conversation.language))
        if stage:
            args["stage"] = stage
        owner = owner_in(request) or (None if name else person_in(request))
        if owner is None and request.has(_THEIR):
            owner = conversation.focus_owner
        if owner:
            args["owner"] = owner
        elif request.has(_MINE) and not name:
            args["mine"] = True
        days = _not_contacted(request)
        if days is not None:
            args["not_contacted_days"] = days
        top = re.search(_TOP, request.folded)
        if top is not None:
            args["limit"] = max(1, min(int(top["n"] or top["m"]), MAX_LEADS))
        return plan_or_unavailable(conversation, TOOL, args)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """How many leads, the filters, and the first few with stage, owner and score."""
        return "\n\n".join(leads_answer(result, language) for result in results)


def _filters(artifact: LeadsArtifact, language: Language) -> Markdown:
    parts = []
    if artifact.list:
        parts.append(md("offline.leads.filter_list", language, name=artifact.list.name))
    if artifact.stage:
        stage = stage_label(artifact.stage, language)
        parts.append(md("offline.leads.filter_stage", language, stage=stage))
    if artifact.owner:
        parts.append(md("offline.leads.filter_owner", language, owner=artifact.owner))
    return Markdown(f" ({', '.join(parts)})" if parts else "")


def _lead_line(lead: LeadItem, language: Language) -> Markdown:
    details = [city_name(lead.city), stage_label(lead.stage, language)]
    if lead.owner:
        details.append(lead.owner)
    if lead.score is not None:
        details.append(t("offline.leads.score", language, score=lead.score))
    if lead.list_name:
        details.append(t("offline.leads.in_list", language, name=lead.list_name))
    shown = ", ".join(detail for detail in details if detail)
    return Markdown(f"**{plain(lead.name or lead.siren)}** — {plain(shown)}")


def leads_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "leads" result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, LeadsArtifact):
        return plain_answer(result, language)
    filters = _filters(artifact, language)
    if not artifact.leads:
        return md("offline.leads.none", language, filters=filters)
    shown = artifact.leads[:SHOWN]
    head: str = md("offline.leads.found", language, count=artifact.total, filters=filters)
    if artifact.total > len(shown):
        head += md("offline.leads.first", language, shown=len(shown))
    else:
        head += md("offline.leads.all", language)
    return head + "\n\n" + bullets([_lead_line(lead, language) for lead in shown])
