"""A PDF, a PowerPoint or a Word file asked for: said plainly not offered, with what is, for
what was asked — a list, a search, people, a company's card: its CSV export (which opens in
Excel); the pipeline, a report, the dashboard: `filon digest`, the HTML digest. What the
request does not name is read from what the rep last saw."""

from __future__ import annotations

import re

from agent.artifacts import (
    CompaniesArtifact,
    CompanyArtifact,
    ContactsArtifact,
    EnrichmentArtifact,
    LeadListArtifact,
    LeadListsArtifact,
    LeadsArtifact,
    ListChangeArtifact,
    PipelineArtifact,
    StaleLeadsArtifact,
    TrendsArtifact,
)
from agent.i18n import md, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.lists import known_list_in, points_at_a_list
from agent.llm.offline.request import Request


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


_FORMATS = (
    ("PDF", _words(r"pdfs?")),
    ("PowerPoint", _words(r"powerpoints?|pptx?|slides?|diapos?|diaporamas?")),
    ("Word", _words(r"docx?|(?:en|in|au\s+format|as\s+a)\s+word|word\s+(?:file|document)")),
)
# "en PDF", "as a pdf", "un PDF de", "au format PowerPoint": taken out before a list's name
# is read ("un PDF de la liste ESN Lyon ?" → "la liste ESN Lyon ?")
_AS_FORMAT = re.compile(
    r"(?i)\s*(?:,\s*)?(?:en|in|au\s+format|as\s+an?|as|to|sous\s+forme\s+de|format)?\s*"
    r"(?:un\s+|une\s+|a\s+)?(?:fichier\s+)?\.?(?:pdf|powerpoint|pptx?|docx?|word)\b"
    r"(?:\s+(?:de|du|des|d'|of|with|avec))?"
)
_PIPELINE = _words(
    r"pipe(?:line)?s?|funnel|rapports?|reports?|recaps?|recapitulatifs?|resumes?|summary|bilans?"
    r"|dashboards?|tableaux?\s+de\s+bord|digest|stats|statistiques|chiffres|kpis?|tendances?"
    r"|trends?|comex|codir|reporting|hebdo\w*|weekly|monthly|mensuel\w*"
)
_PEOPLE = _words(
    r"contacts?|decideurs?|decision[- ]makers?|e-?mails?|interlocuteurs?|people|personnes"
    r"|dirigeants?|telephones?|phones?"
)
_CARD = _words(r"fiches?|profil|profile|card|company\s+record")
_LIST = _words(r"listes?|lists?|leads?|prospects?|sqls?|mqls?")
_SEARCH = _words(
    r"resultats?|results?|recherches?|search|entreprises|societes|boites|companies|ces\s+\w+"
)


def asks_for_a_format(request: Request) -> bool:
    """Whether the request asks for a file Filon does not make (PDF, PowerPoint, Word)."""
    return any(request.has(pattern) for _, pattern in _FORMATS)


def format_answer(request: Request, conversation: Conversation) -> str:
    """That the format is not offered, and what is for what was asked."""
    language = conversation.language
    asked = next((name for name, pattern in _FORMATS if request.has(pattern)), "PDF")
    head = t("offline.formats.not_offered", language, format=asked)
    return f"{head} {_offered(request, conversation)}"


def _offered(request: Request, conversation: Conversation) -> str:
    """What Filon offers instead, for what the request (or, failing that, the screen) is about."""
    language = conversation.language
    named = _list_named(request, conversation)
    if request.has(_PIPELINE):
        return t("offline.formats.pipeline", language)
    if request.has(_PEOPLE):
        return t("offline.formats.people", language)
    if request.has(_CARD):
        return _card(conversation)
    if named is not None:
        return md("offline.formats.list", language, name=named)
    if request.has(_LIST):
        return t("offline.formats.leads", language)
    if request.has(_SEARCH) and conversation.previous_search is not None:
        return t("offline.formats.search", language)
    return _on_screen(conversation)


def _list_named(request: Request, conversation: Conversation) -> str | None:
    """The list the request names ("la liste ESN Lyon en PDF") or points at ("cette liste");
    "it" is whatever is on screen."""
    without = Request(_AS_FORMAT.sub("", request.text))
    pointed = conversation.focus_list if points_at_a_list(without) else None
    return list_name(without) or pointed or known_list_in(without, conversation)


def _card(conversation: Conversation) -> str:
    focus = conversation.focus_company
    if focus is None:
        return t("offline.formats.card_any", conversation.language)
    return md("offline.formats.card", conversation.language, name=focus[1], siren=focus[0])


def _on_screen(conversation: Conversation) -> str:
    """What is offered for the latest result the rep saw ("envoie-moi ça en PDF")."""
    language = conversation.language
    match conversation.latest_artifact:
        case PipelineArtifact() | TrendsArtifact() | StaleLeadsArtifact():
            return t("offline.formats.pipeline", language)
        case LeadsArtifact() | LeadListArtifact() | ListChangeArtifact() | LeadListsArtifact():
            named = conversation.focus_list
            if named is not None:
                return md("offline.formats.list", language, name=named)
            return t("offline.formats.leads", language)
        case CompaniesArtifact():
            return t("offline.formats.search", language)
        case ContactsArtifact() | EnrichmentArtifact():
            return t("offline.formats.people", language)
        case CompanyArtifact():
            return _card(conversation)
    return t("offline.formats.anything", language)
