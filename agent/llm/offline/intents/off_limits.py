"""Requests about things Filon holds no tool for in the chat, recognised by what they ask for
before any intent reads a company or a rep in their words: sharing a list, a user's account or
password, quotas, a quote or an invoice, someone's private life (home address, salary), a PDF
(or PowerPoint, Word) file (`formats.py`: what is offered instead, for what was asked), a report
or the weekly digest by email, a message on Slack other than the pipeline summary (which
`intents/slack.py` posts), another chat app, automatic follow-up emails, Filon in another
assistant (MCP, an access token).

"le digest hebdo de l'équipe" asked here shows its figures in the chat (the summary of the
week, the 12-week trend, the stale leads) and points to `filon digest` for the HTML file.

Each other one gets an honest answer saying what Filon cannot do from the chat and, when it
exists, the command that does it (`filon lists share`, `filon users add`, `filon digest`,
`filon mcp` and `filon users token`) — never a company search on the request's leftover words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan
from agent.llm.offline.intents.formats import asks_for_a_format, format_answer
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.lists import known_list_in
from agent.llm.offline.intents.schedules import SCHEDULE
from agent.llm.offline.intents.scope import unavailable_text
from agent.llm.offline.intents.slack import TOOL as SLACK_TOOL
from agent.llm.offline.intents.slack import asks_to_post, channel_in
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


SHARING_A_LIST = _words(
    r"(?:partage\w*|share\w*)(?:[- ](?:la|le|les))?\s+(?:\S+\s+){0,6}?(?:avec|with)\s+\w+"
    r"|(?:partage\w*|share)\s+(?:la\s+|ma\s+|cette\s+|une\s+|the\s+|my\s+|this\s+|a\s+)?(?:liste|list)"
)
PASSWORDS = _words(
    r"mots?\s+de\s+passe|passwords?|mdp|identifiants(?:\s+de\s+connexion)?|credentials|login\s+details"
)
PRIVATE_LIFE = _words(
    r"adresses?\s+(?:perso\w*|privee?s?|du\s+domicile|personnelles?)|domiciles?|home\s+address\w*"
    r"|personal\s+address\w*|salaires?|salary|remunerations?|vie\s+privee|private\s+life"
    # "combien gagne le DAF d'Altis Apps ?", "how much does their CFO earn?": a salary
    r"|combien\s+(?:gagne|gagnent|touche|touchent)\s+(?!(?:le|la|ce|cette)\s+(?:mois|semaine|trimestre"
    r"|annee|an)\b)(?:le|la|les|l'|un|une|son|sa|ses|leur|leurs|notre|nos|mon|ma|mes)"
    r"|how\s+much\s+(?:does|do|did)\s+(?:\S+\s+){1,6}?(?:earn|make|get\s+paid)"
    r"|what\s+(?:does|do)\s+(?:\S+\s+){1,6}?earn"
)
QUOTE = _words(  # a verb that makes one: "note que le client veut un devis" is a note
    r"(?:fais|fait|faire|prepare\w*|genere\w*|cree\w*|etabli\w*|edite\w*|sors|make|create|prepare"
    r"|generate|draft|issue|send)(?:[- ]moi|[- ]lui|[- ]leur|\s+me|\s+them)?\s+(?:un\s+|une\s+|le\s+|la\s+"
    r"|des\s+|a\s+|an\s+|the\s+)?(?:\w+\s+)?(?:devis|quotes?|quotations?|factures?|invoices?"
    r"|propositions?\s+commerciales?)"
)
QUOTA = _words(r"quotas?|objectifs?\s+(?:commerciaux|de\s+vente|de\s+ca)|sales\s+targets?")
USER_ACCOUNTS = _words(
    r"(?:ajoute\w*|cree\w*|add|create|invite\w*|supprime\w*|delete|remove)"
    r"\s+(?:un\s+|une\s+|a\s+|an\s+|le\s+|l'|the\s+)?(?:nouvel?\s+|new\s+)?"
    r"(?:utilisateurs?|users?|comptes?(?:\s+utilisateur)?|accounts?)"
    # "vire Bruno de l'équipe", "add Lucas to the team", "désactive le compte de Bruno"
    r"|(?:vire\w*|retire\w*|enleve\w*|supprime\w*|desactive\w*|exclu\w*|remove|fire|kick"
    r"|disable|deactivate|ajoute\w*|integre\w*|add|invite\w*)\s+(?:\w+\s+){0,2}?"
    r"(?:de|d'|from|of|a|to|dans|into|in)\s+(?:l'|la\s+|the\s+|mon\s+|ma\s+|my\s+|notre\s+|our\s+)?"
    r"(?:equipe|team)"
    r"|(?:desactive\w*|disable|deactivate|bloque\w*|block)\s+(?:le\s+|the\s+)?(?:compte|account)"
)
REPORT = _words(
    r"digest"
    r"|(?:e-?mail\w*|mail\w*|envoie\w*|send)(?:[- ]moi|\s+me)?\s+(?:\w+\s+){0,3}?"
    r"(?:rapports?|reports?|recaps?|resumes?|summary|bilans?)"
)
# "fais moi le digest hebdo de l'équipe": the digest's figures, shown here (not sent, no file)
DIGEST = _words(r"digest|recap\w*\s+hebdo\w*|weekly\s+(?:digest|recap)")
_SENT_OR_FILED = _words(
    r"pdf|powerpoint|pptx?|docx|e-?mail\w*|mail\w*|envoie\w*|envoy\w*|send|chaque|every|tous\s+les"
    r"|planifi\w*|schedule\w*|automati\w*|fichier|file|html"
)
DASHBOARD_CALLS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("pipeline_summary", {"period": "week"}),
    ("pipeline_trends", {}),
    ("stale_leads", {}),
)
CHAT_APPS = _words(r"slack|teams|whatsapp|telegram")
SLACK = _words(r"slack")
# Filon's tools in another assistant: the protocol, a token for it, or plugging Filon into an
# assistant named as such ("Claude" alone is a first name, "Cursor" a company's).
OTHER_ASSISTANTS = _words(
    r"mcp|model\s+context\s+protocol"
    r"|(?:jetons?|tokens?)\s+(?:d'acces|d'api|api|personnels?|pour\s+(?:l'api|filon))"
    r"|(?:personal\s+)?access\s+tokens?|api\s+tokens?"
    r"|(?:branche\w*|connecte\w*|connect\w*|plug\w*|integre\w*|integrate\w*|ajoute\w*|add)"
    r"\s+filon\s+(?:\w+\s+){0,2}?(?:a|dans|avec|sur|in|into|with|to|on)\s+(?:mon\s+|my\s+)?"
    r"(?:claude|chatgpt|copilot|cursor|vs\s?code|vscode|ide|assistant|agent)"
    r"|(?:filon|tes\s+outils|your\s+tools)\s+(?:\w+\s+){0,2}?(?:depuis|from|in|dans)\s+"
    r"(?:claude|chatgpt|copilot|cursor|vs\s?code|vscode|mon\s+ide|my\s+ide)"
)
AUTOMATIC_EMAILS = _words(
    r"relance\w*\s+(?:\w+\s+){0,3}?par\s+e-?mails?|automati\w*\s+(?:\w+\s+){0,4}?e-?mails?"
    r"|e-?mails?\s+(?:de\s+\w+\s+)?automati\w*|auto[- ]?(?:emails?|follow[- ]?ups?)"
)


class OffLimitsIntent:
    """Sharing, accounts, quotas, quotes, private life, reports, chat apps, other assistants:
    answered plainly."""

    name = "off_limits"
    tools: tuple[str, ...] = ()

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """An honest answer, naming the command that does it when there is one, or None."""
        request = Request(text)
        language = conversation.language
        if request.has(PRIVATE_LIFE):  # before anything reads a company or a role in it
            return TextReply(t("offline.off_limits.private_life", language))
        if request.has(PASSWORDS):
            return TextReply(t("offline.off_limits.passwords", language))
        if request.has(SCHEDULE):  # before Slack: "poste le pipeline chaque lundi" is a cron job
            return TextReply(t("offline.off_limits.schedule", language))
        if request.has(CHAT_APPS) or asks_to_post(request):
            if not conversation.has_tool(SLACK_TOOL):
                return TextReply(unavailable_text("slack", language))
            # "post it to #ventes": a channel written so is Slack's, not another app's
            slack = request.has(SLACK) or channel_in(request) is not None
            key = "only_pipeline" if slack else "other_apps"
            return TextReply(t(f"slack.answer.{key}", language))
        if request.has(AUTOMATIC_EMAILS) and not conversation.has_tool("send_email"):
            return TextReply(unavailable_text("email_sending", language))
        if request.has(OTHER_ASSISTANTS):
            return TextReply(t("offline.off_limits.other_assistants", language))
        if request.has(SHARING_A_LIST):  # the list named is the one "that list" then means
            named = list_name(request) or known_list_in(request, conversation)
            focus = {"list": named} if named else None
            return TextReply(t("offline.off_limits.share_list", language), memo=focus)
        if request.has(USER_ACCOUNTS):
            return TextReply(t("offline.off_limits.user_accounts", language))
        if request.has(QUOTA):
            return TextReply(t("offline.off_limits.quota", language))
        if request.has(QUOTE):
            return TextReply(t("offline.off_limits.quote", language))
        if asks_for_a_format(request):  # "la liste ESN Lyon en PDF": what is offered for it
            return TextReply(format_answer(request, conversation))
        shown_here = all(conversation.has_tool(tool) for tool, _ in DASHBOARD_CALLS)
        if request.has(DIGEST) and not request.has(_SENT_OR_FILED) and shown_here:
            memo = {"notes": ["offline.off_limits.digest_here"]}
            return ToolCallPlan(calls=DASHBOARD_CALLS, memo=memo)
        if request.has(REPORT):
            return TextReply(t("offline.off_limits.report", language))
        return None

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """No tool is called."""
        return ""
