"""Honest scope: a request for something Filon cannot do (yet) is answered as such, naming it,
instead of being routed to an unrelated tool; off-topic requests are declined.

Each capability names the tool that will serve it: once that tool is bound to the model, the
request goes to its own intent and this one steps aside.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, TextReply
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.references import find_reference
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.search.parse import parse_company_query


@dataclass(frozen=True)
class Capability:
    """Something reps ask for, the tool that does it, and how to recognise the request."""

    key: str
    tool: str
    pattern: re.Pattern[str]


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


CAPABILITIES: tuple[Capability, ...] = (
    Capability("call_prep", "prepare_call", _words(
        r"prepare\w*(?:[- ]moi)?\s+(?:mon|ma|le|la|l'|un|une|my|the|a|notre|our)\s*(?:\w+\s+)?(?:call|appel|rdv"
        r"|rendez-vous|meeting|reunion|demo|entretien|pitch|brief\w*)|brief\w*\s+(?:moi|me)"
        r"|argumentaire|talking\s+points|pitch\s+(?:pour|for)|script\s+d'appel|call\s+script")),
    Capability("enrichment", "enrich_contacts", _words(
        r"enrichi\w*|enrich\w*|(?:trouve|cherche|donne|find|get)\w*\s+(?:moi\s+)?(?:l'|les?\s+|the\s+)?"
        r"(?:e-?mails?|mails?|adresses?\s+e-?mail|telephones?|numeros?|phones?|linkedin)"
        r"|(?:e-?mails?|mails?|telephones?|phones?)\s+(?:du|de\s+la|des|of\s+the)\s+"
        r"(?:dsi|daf|drh|dg|ceo|cfo|cto|cio|directeur|directrice|responsable|head)"
        r"|verifi\w*\s+(?:les\s+)?e-?mails?|verify\s+(?:the\s+)?emails?|waterfall"
        r"|dropcontact|hunter(?:\.io)?|kaspr|lusha|apollo(?:\.io)?|zoominfo|lemlist"
        r"|(?:pas|non|not)\s+verifie\w*.*(?:trouve\w*|find)")),
    Capability("scraping", "scrape_web", _words(
        r"scrap\w*|sales\s+navigator|aspire\w*\s+(?:linkedin|les\s+profils)|crawl\w*")),
    Capability("decision_makers", "find_decision_makers", _words(
        r"decideurs?|decision[- ]makers?|qui\s+(?:contacter|appeler)|who\s+(?:to|should\s+i)"
        r"\s+(?:contact|call)|(?:le|la|les|the)\s+(?:dsi|daf|drh|cto|cfo|cio|ceo)\b")),
    Capability("signals", "find_signals", _words(
        r"signaux(?:\s+d'achat)?|signals?|intent(?:ion)?\s+(?:d'achat|score|data)"
        r"|(?:qui|lesquelles|lesquels|which)\s+(?:recrutent|embauchent|are\s+hiring|hire)"
        r"|recrutent|levees?\s+de\s+fonds|ont\s+leve|raised\s+(?:funds|money)|fundrais\w*"
        r"|bodacc|annonces?\s+legales?|legal\s+notices?|procedures?\s+collectives?")),
    Capability("qualification", "qualify_lead", _words(
        r"bant|qualifi\w*|qualify\w*|budget\s+(?:valide|confirme)|decision\s+maker\s+confirmed")),
    Capability("scoring", "score_leads", _words(
        r"scor(?:e|er|ing)\s+(?:les|des|mes|ces|the|my|these)?\s*leads?|lead\s+scoring"
        r"|(?:fit|icp|engagement)\s+score|profil\s+client\s+ideal|ideal\s+customer"
        r"|(?:re)?calcul\w*\s+(?:le\s+|les\s+|the\s+|du\s+|des\s+)?scor\w*|re-?scor\w*"
        r"|(?:update|refresh|mets?\s+a\s+jour)\s+(?:le\s+|les\s+|the\s+)?scor\w*"
        r"|scores?\s+de\s+(?:propension|maturite|chaleur|priorite|fit)|propension|propensity"
        r"|predictive\s+scor\w*|note\s+(?:chaque|les|mes)\s+leads")),
    Capability("ai_columns", "add_ai_column", _words(
        r"colonnes?\s+(?:ia|ai|intelligente?s?|personnalisee?s?)|ai\s+columns?"
        r"|custom\s+columns?|prompt\s+(?:sur|on)\s+(?:chaque|each|every)"
        r"|(?:ajoute\w*|cree\w*|add|create|nouvelle|new)\s+(?:une\s+|a\s+|la\s+|the\s+)?"
        r"(?:colonnes?|columns?)"
        r"|(?:do|does)\s+(?:they|it|these|those)\s+use|est-ce\s+qu'(?:elle|ils|elles)\s+utilise\w*"
        r"|(?:elle|ils|elles)\s+utilise\w*\s+(?:salesforce|hubspot|pipedrive|aws|sap)")),
    Capability("forecast", "forecast_revenue", _words(
        r"forecast\w*|previsions?\s+(?:de\s+|du\s+)?(?:ca|chiffre|ventes|revenus?)|previsionnel"
        r"|projection\w*\s+(?:de\s+|du\s+)?(?:ca|chiffre|ventes)")),
    Capability("reassign_leads", "assign_leads", _words(
        r"(?:r?e?attribue\w*|reassign\w*|transfere\w*|transfer\w*|donne|give|passe|move)\s+"
        r"(?:tous\s+|all\s+)?(?:les\s+|the\s+|ses\s+|his\s+|her\s+)?(?:\w+\s+){0,4}?(?:leads|deals)"
        r"(?:\s+(?:[\w']+\s+){0,4}?)?\s*(?:a|to)"
        r"(?!\s+(?:sqls?|mqls?|new|nouveau|won|lost|gagne\w*|perdu\w*|disqualifi\w*|l'etape|stage))")),
    Capability("slack", "post_pipeline_to_slack", _words(r"slack")),
    Capability("email_writing", "draft_email", _words(
        r"(?:ecri[st]\w*|redige\w*|write|draft|prepare\w*)(?:[- ](?:moi|lui|leur))?\s+(?:un|une|des|le|a|an)?\s*"
        r"(?:e-?mails?|mails?|messages?|courriels?|sequences?|relances?\s+e-?mail)")),
    Capability("notes", "add_note", _words(
        r"(?:ajoute\w*|mets|add|write|prends?|laisse)\s+(?:une|un|des|a)?\s*(?:notes?|commentaires?|comments?)"
        r"|notes?\s+sur\s+(?:le|la|ce|cette)|^note\s+(?:que|qu'|bien)|prends?\s+note|make\s+a\s+note"
        r"|noter\s+(?:que|qu'|bien|quelque\s+part)|(?:tu\s+peux|peux-tu|pourrais-tu)\s+noter"
        r"|(?:can|could)\s+you\s+note|jot\s+(?:it\s+)?down"
        r"|take\s+(?:a\s+)?note|note\s+(?:that|down)")),
    Capability("meetings", "book_meeting", _words(
        r"(?:reserve\w*|book\w*|cale\w*|prends?|fixe\w*|organise\w*|planifie\w*|schedule\w*"
        r"|programme\w*|set\s+up)\s+(?:moi\s+)?(?:un|une|a|le|the)?\s*(?:rdv|rendez-vous|meetings?"
        r"|reunions?|calls?|demos?|visio)")),
    Capability("calls", "place_call", _words(
        r"(?:appelle\w*|telephone\w*)[- ](?:le|la|les|lui|leur)\b(?:\s+\S+){0,3}?\s+pour\s+moi"
        r"|(?:passe\w*|fais|fait)(?:[- ]moi)?\s+(?:un\s+)?(?:coup\s+de\s+(?:fil|telephone)|appel)"
        r"\s+(?:a|au|aux|pour)\b"
        r"|(?:call|phone|ring|dial)\s+(?:him|her|them|it|this\s+\w+)\s+for\s+me"
        r"|(?:make|place)\s+(?:a|the)\s+(?:phone\s+)?call\s+(?:to|for)")),
    Capability("social_networks", "linkedin_connect", _words(
        r"(?:ajoute\w*|invite\w*|connecte\w*|add|connect|follow|suis|message)(?:[- ](?:le|la|les|lui|leur|moi))?"
        r"(?:\s+\S+){0,3}?\s+(?:sur|on|via)\s+linkedin"
        r"|(?:envoie\w*|send)(?:[- ](?:lui|leur|moi))?\s+(?:\S+\s+){0,3}?(?:invitation|inmail"
        r"|demande\s+de\s+connexion"
        r"|connection\s+request)")),
    Capability("reminders", "schedule_task", _words(
        r"(?:programme\w*|planifie\w*|schedule\w*|cree\w*|set|mets|ajoute\w*)(?:[- ]moi)?\s+(?:une|un|a)?\s*"
        r"(?:relances?|rappels?|reminders?|taches?|tasks?|follow[- ]?ups?|rdv|rendez-vous)"
        r"|rappelle[- ]moi|remind\s+me|relance[- ](?:les|le|la|lui|leur)|follow\s+up\s+(?:with\s+)?"
        r"(?:them|him|her|it|these)")),
    Capability("competitors", "find_competitors", _words(
        r"(?:qui\s+sont|quels\s+sont|trouve\w*|cherche\w*|donne\w*|find|who\s+are|what\s+are|list\w*"
        r"|show)(?:[- ]moi|\s+me)?\s+(?:\w+\s+){0,2}?(?:concurrents?|competitors?)"
        r"|(?:concurrents?|competitors?)\s+(?:de|d'|du|of|for|sur|dans|en|in|on)|benchmark\w*"
        r"|(?:principaux|main|direct|directs|biggest|key|top)\s+(?:concurrents?|competitors?)"
        # "c'est qui nos concurrents ?", "who do we compete with?": ours, not a company's
        r"|(?:nos|mes|notre|our|my|leurs|their|ses|its)\s+(?:\w+\s+)?(?:concurrents?|competitors?"
        r"|concurrence|competition)|c'est\s+qui\s+(?:les\s+)?concurrents?|la\s+concurrence\s+(?:de|d'|du)"
        r"|(?:who|which\s+companies)\s+(?:do|does)\s+(?:we|they|it|\w+)\s+compete\s+with"
        r"|(?:qui|quelles\s+entreprises)\s+(?:nous\s+|les\s+|leur\s+|lui\s+)?fai\w+\s+concurrence")),
    Capability("charts", "draw_chart", _words(
        r"graphiques?|graphes?|graphs?|charts?|camemberts?|courbes?|diagrammes?|histogrammes?"
        r"|dashboards?|tableaux?\s+de\s+bord|visuali[sz]\w*|plot\w*")),
    Capability("remove_leads", "remove_from_list", _words(
        r"(?:retire\w*|enleve\w*|supprime\w*|remove\w*|take\s+out)(?:[- ](?:la|le|les|l'))?"
        r"\s+(?:\w+\s+){0,4}?"
        r"(?:de|from)\s+(?:la|ma|cette|the|my|this)\s+(?:\S+\s+){0,5}?(?:liste|list)"
        r"|(?:vide\w*|empty|clear|purge\w*)\s+(?:la|ma|cette|the|my|this)\s+(?:liste|list)"
        r"|(?:efface\w*|supprime\w*|delete\w*|remove\w*|retire\w*|enleve\w*|vire\w*)\s+"
        r"(?:tous\s+|toutes\s+|all\s+(?:of\s+)?)?(?:mes|les|ces|nos|my|the|these|our)\s+"
        r"(?:\w+\s+)?(?:leads?|deals?|prospects?)")),
    Capability("lead_history", "lead_history", _words(
        r"historique|history|historiques|journal\s+des\s+(?:changements|modifications)"
        r"|(?:audit|change)\s+(?:log|trail)|qui\s+a\s+(?:change|modifie|touche)\w*\s+(?:ce|le|la|this|it)"
        r"|who\s+(?:changed|moved|touched)\s+(?:it|this|the)")),
    Capability("email_sending", "send_email", _words(
        r"(?:envoie\w*|envoy\w*)(?:[- ](?:lui|leur|moi))?\s+(?:un|une|des|le|les)?\s*(?:\S+\s+)?"
        r"(?:e-?mails?|mails?|messages?)"
        r"|send\s+(?:(?:him|her|them)\s+)?(?:an?\s+)?(?:\S+\s+)?"
        r"(?:e-?mails?|messages?)|sequences?\s+(?:d'e-?mails?|emails?)|campagnes?\s+(?:d'e-?mailing|emailing)"
        r"|emailing|cold\s+e-?mails?")),
)  # fmt: skip
_OFF_TOPIC = _words(
    r"meteo|weather|temps\s+qu'il\s+fait|quel\s+temps|temps\s+fait[- ]il|pluie|blagues?|jokes?|recettes?|recipes?|football"
    r"|match\s+de|horoscope|poemes?|poems?|chansons?|songs?|traduis|translate|capitale\s+de"
    r"|capital\s+of|president\s+de\s+la\s+republique"
    r"|(?:who\s+won|qui\s+a\s+gagne)\s+(?:le\s+match|la\s+coupe|l'election|the\s+(?:game|match|cup|election))"
    r"|champions\s+league|ligue\s+des\s+champions|coupe\s+du\s+monde|world\s+cup|super\s+bowl"
    r"|tour\s+de\s+france|jeux\s+olympiques|olympics|roland[- ]garros|premier\s+league"
    r"|(?:reserve\w*|book\w*)(?:[- ]moi|\s+me)?\s+(?:une|a)\s+table\b(?!\s+(?:de|of)\b)"
)


class ScopeIntent:
    """Capabilities Filon lacks (named) and requests outside prospecting (declined)."""

    name = "scope"
    tools: tuple[str, ...] = ()

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A plain answer for a capability not available or an off-topic request, else None."""
        request = Request(text)
        language = conversation.language
        for capability in CAPABILITIES:
            if conversation.has_tool(capability.tool):
                continue
            if not request.has(capability.pattern):
                continue
            if capability.key == "signals" and parse_company_query(text).has_filters:
                return None  # "ESN à Lyon qui recrutent": a search, told the signals are ignored
            if capability.key in ABOUT_A_COMPANY and _points_at_a_company(request, conversation):
                return None  # the company's card shows the contacts known, with a note
            named = list_name(request)  # "synchronise ma liste X avec HubSpot", then "exporte-la"
            memo = {"list": named} if named else None
            return TextReply(unavailable_text(capability.key, language), memo=memo)
        if request.has(_OFF_TOPIC):
            return TextReply(t("offline.scope.off_topic", language))
        return None

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """No tool is called."""
        return ""


ABOUT_A_COMPANY = ("enrichment", "decision_makers", "signals")
# Orders to do something Filon does not do: never the reason of a stage move asked just before
# ("cale moi un rdv avec eux jeudi" after a refused move to SQL is a meeting, declined)
_ORDERS = ("call_prep", "meetings", "calls", "reminders", "email_writing", "email_sending")


def asks_an_action_filon_lacks(text: str, conversation: Conversation) -> bool:
    """Whether the request orders an action Filon does not take (a meeting, a call, an
    email, a reminder), whose tool is not bound."""
    request = Request(text)
    return any(
        capability.key in _ORDERS
        and not conversation.has_tool(capability.tool)
        and request.has(capability.pattern)
        for capability in CAPABILITIES
    )


_NAMED_COMPANY = re.compile(r"(?:\b(?:de|du|of|for|chez)\s+|\bd')[A-Z0-9]")
_POINTER = re.compile(r"(?<![\w])(?:son|sa|ses|leur|leurs|its|their|his|her)(?![\w])")


def _points_at_a_company(request: Request, conversation: Conversation) -> bool:
    """Whether the request is about one company Filon can show: by rank, by name, or "son …"
    after a company's card."""
    reference = find_reference(request.folded)
    if reference is not None and reference.is_single and conversation.shown_rows:
        return True
    if _NAMED_COMPANY.search(request.text):
        return True
    return conversation.focus_company is not None and (
        request.has(_POINTER) or len(request.folded.split()) <= 6
    )


def unavailable_text(key: str, language: Language) -> str:
    """What Filon says of a capability it lacks: its name, then what it can do instead."""
    name = t(f"offline.scope.capability.{key}", language)
    return (
        t("offline.scope.unavailable", language, capability=name)
        + " "
        + t(f"offline.scope.instead.{key}", language)
    )
