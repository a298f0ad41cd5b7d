"""The BANT interview under way (`qualify.py` opens it): the rep's answers, the question the
card asks next, and a move to SQL refused for want of BANT.

An answer is read against the pending question the thread's memo holds ("asked": budget,
"proposal": move to SQL?, "override": the refused move): "oui" confirms a proposal, "passe-le
quand même, ils ont signé" overrides a refusal with its reason, "40 k€ validé par le DAF"
answers; a message that is another request ("trouve des ESN à Lyon", a question, another
lead's facts) leaves the interview waiting ("reprenons la qualification").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from agent.artifacts import QualificationArtifact
from agent.i18n import md
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.intents.qualify_card import card_text, history_text, why_text
from agent.llm.offline.intents.stages import _last_call, moves_a_lead, pronoun_move
from agent.llm.offline.request import (
    Request,
    clean,
    is_acknowledgement,
    is_cancellation,
    is_question,
    is_statement,
)
from agent.llm.offline.results import ToolResult
from agent.search.parse import parse_company_query
from agent.search.vocabulary.fold import fold
from agent.tools.failures import read_refusal

TOOL = "qualify_lead"
STAGE_TOOL = "set_lead_stage"
INTERVIEW = "interview"

# What opens or resumes an interview (`qualify.py` reads them too): an answer that says so is
# a request again, not an answer.
BANT = r"(?:(?:la\s+)?(?:methode\s+|grille\s+)?bant|budget,?\s+authority,?\s+need,?\s+timing)"
# "qualifie Neoeo selon BANT", "qualify the second one", "fais le BANT de 552100554",
# "où en est la qualification de Neoeo ?", "montre le BANT de Neoeo"
QUALIFY = re.compile(
    r"^\W*(?:(?:ok|bon|alors|so|now|maintenant|et|and)[\s,]+)?(?:(?:on\s+)?(?:peut|pourrais-tu"
    r"|peux-tu|can\s+you|could\s+you|let'?s|je\s+veux|i\s+want\s+to)\s+)?"
    r"(?:qualifie[rz]?|qualify|(?:fais|faire|do|run|lance[rz]?)\s+(?:le\s+|la\s+|un\s+|une\s+|the\s+|a\s+)?"
    rf"(?:{BANT}|qualification)\s+(?:de|du|d'|pour|of|for|on)"
    rf"|(?:montre|affiche|show|donne|give)[-\s]?(?:moi\s+|me\s+)?(?:le\s+|la\s+|the\s+)?"
    rf"(?:{BANT}|qualification|fiche\s+de\s+qualification)\s+(?:de|du|d'|pour|of|for)"
    r"|ou\s+en\s+est\s+(?:la\s+qualification|le\s+bant)\s+(?:de|du|d')"
    r"|where\s+(?:are\s+we|do\s+we\s+stand)\s+(?:with|on)\s+(?:the\s+)?(?:qualification|bant)\s+(?:of|for))"
    r"\s*(?P<who>.*?)"
    rf"(?:\s+(?:selon|avec|par|en|with|using|via|on)\s+(?:le\s+|la\s+)?{BANT})?"
    r"\s*(?:[:–]\s*(?P<said>\S.*))?\s*\??$"
)
# "reprenons la qualification", "on reprend le BANT de Neoeo", "let's resume the qualification"
RESUME = re.compile(
    r"^\W*(?:(?:ok|bon|alors|so)[\s,]+)?(?:reprenons|reprends|on\s+reprend|reprendre|continuons"
    r"|on\s+continue|continue[rz]?|resume|let'?s\s+(?:resume|continue|get\s+back\s+to)|back\s+to)"
    rf"\s+(?:la\s+|le\s+|the\s+|our\s+)?(?:qualification|{BANT}|interview|entretien)"
    r"(?:\s+(?:de|du|d'|of|for|with)\s*(?P<who>.+?))?\W*$"
)
# "pour Talis Tech, le budget est validé", "about Neoeo: no budget this year"
_ABOUT = re.compile(
    r"^\W*(?:(?:au\s+fait|btw|by\s+the\s+way|ok|bon)[\s,]+)?(?:pour|chez|concernant|about|for|at)\s+"
    r"(?P<who>[^,:;]{2,60}?)\s*[,:;–]\s*(?P<said>\S.*)$"
)
# "Neoeo : budget 40 k€ validé par le DAF"
_NAME_COLON = re.compile(r"^\W*(?P<who>[^,:;?]{2,60}?)\s*:\s*(?P<said>\S.*)$")
# Words before a colon that are a criterion, not a lead: "budget : 40 k€"
_CRITERION_WORDS = re.compile(
    r"(?<![\w])(?:budget|decideur|decision\w*|besoin|need|timing|echeance|delai|calendrier"
    r"|authority|autorite|pain|deadline|montant|amount|qui\s+signe|who\s+signs|bant)(?![\w])"
)


# "ajoute une note sur X : …", "trouve X : …": a request, not a lead's name
_A_REQUEST = re.compile(
    r"^\W*(?:ajoute\w*|note\w*|add|passe\w*|mets|marque\w*|move|mark|set|put|cree\w*|create"
    r"|envoie\w*|send|trouve\w*|find|cherche\w*|search|montre\w*|show|affiche\w*|exporte?\w*"
    r"|supprime\w*|delete|renomme\w*|rename|donne\w*|give|ecri\w*|write|rappelle\w*|remind)(?![\w])"
)
MAX_NAME_WORDS = 6


def lead_then_facts(request: Request) -> re.Match[str] | None:
    """ "pour X, …" or "X : …" where X is not a criterion word."""
    if moves_a_lead(request):  # "passe X en perdu : hors budget": a stage change
        return None
    found = _ABOUT.match(request.folded) or _NAME_COLON.match(request.folded)
    if found is None or _CRITERION_WORDS.search(found["who"]) or _A_REQUEST.match(found["who"]):
        return None
    return found if len(found["who"].split()) <= MAX_NAME_WORDS else None


NOT_AN_ANSWER = re.compile(
    r"^\W*(?:trouve\w*|cherche\w*|recherche\w*|montre\w*|affiche\w*|liste\w*|exporte?\w*"
    r"|find|search|show|list|export|pipeline|resume|summary|aide|help|combien|how\s+many"
    r"|ajoute\w*|add|cree\w*|create|supprime\w*|delete|renomme\w*|rename|enrichi\w*|enrich"
    r"|quel(?:le)?s?\s+(?:sont|est)\s+(?:les|mes)|qui\s+(?:sont|est)\s+les|mes\s+leads|my\s+leads)"
    r"(?![\w])"
)
_LEAVE = re.compile(
    r"^\W*(?:(?:ok|bon)[\s,]+)?(?:on\s+arrete|arretons|stop|pause|plus\s+tard|on\s+verra\s+plus\s+tard"
    r"|later|let'?s\s+stop|that'?s\s+all\s+for\s+now|laisse\s+tomber|on\s+en\s+reste)"
    r"(?:\s+(?:la|ici|here|there|now|pour\s+l'instant|pour\s+aujourd'hui|for\s+now))?\W*$"
)
_OVERRIDE = re.compile(
    r"(?<![\w])(?:quand\s+meme|malgre\s+tout|force\w*|anyway|regardless|override|all\s+the\s+same"
    r"|sans\s+(?:le\s+)?bant"
    r"|raison\s*:|reason\s*:)(?![\w])"
)
# "bon alors passe-la quand même, ils ont signé le bon de commande", "move it anyway, they sent
# a purchase order", "force it: verbal OK from the CEO": the reason follows
_OVERRIDE_LEAD_IN = re.compile(
    r"^\W*(?:(?:bon|alors|ok|okay|bah|ben|eh\s+bien|dans\s+ce\s+cas|tant\s+pis|well|so|fine|then"
    r"|in\s+that\s+case)[\s,.!]+)*"
    r"(?:(?:go\s+ahead(?:\s+and)?|just|juste)\s+)?"
    r"(?:(?:do|fais)\s+(?:it|le|ca)\s*|(?:passe|mets|bascule|move|put|set|push|force|switch|change)[\w-]*"
    r"(?:\s+(?:le|la|l'|it|them|him|her))?\s*)?"
    r"(?:(?:en|to|in|as|into)\s+sql\s*)?(?:quand\s+meme|malgre\s+tout|anyway|regardless|all\s+the\s+same"
    r"|force\w*)?"
    r"(?:\s*(?:[,:;.!–-]|(?:car|because|since|as)(?![\w])|parce\s+qu(?:e|')|raison\s*:|reason\s*:))*"
    r"\s*"
)
_YES = re.compile(
    r"^\W*(?:oui|yes|y|ok|okay|d'accord|daccord|vas-y|go|confirme\w*|confirm\w*|valide\w*"
    r"|c'est\s+bon|parfait|bien\s+sur|sure|yep|ouais|absolument|tout\s+a\s+fait|passe[- ]le|do\s+it)"
    r"(?![\w])"
)
_NO = re.compile(
    r"^\W*(?:non|no|nope|nan|pas\s+encore|not\s+yet|pas\s+maintenant|not\s+now|attends|wait"
    r"|laisse[- ]le|keep\s+it|garde[- ]le)(?![\w])"
)
# "qu'est-ce qui manque ?", "what's left?", "il faut quoi ?": the card, with what is missing
_WHAT_IS_MISSING = re.compile(
    r"(?<![\w])(?:manque\w*|missing|reste|left|il\s+faut\s+quoi|need|besoin\s+de\s+quoi"
    r"|bant|criteres?|criteria|ou\s+en\s+(?:est|sont)|where\s+(?:are|do)\s+we)(?![\w])"
)
MAX_ANSWER_WORDS = 12  # a yes/no to a proposal is short; longer is more BANT


def qualify_call(
    conversation: Conversation,
    siren: str,
    list_name: str | None,
    *,
    text: str | None = None,
    asked: str | None = None,
    confirm: bool | None = None,
) -> Plan:
    """The `qualify_lead` call, whose answer carries the interview's pending question."""
    args: dict[str, Any] = {"siren": siren}
    if text:
        args["text"] = text
    if asked:
        args["asked"] = asked
    if confirm is not None:
        args["confirm"] = confirm
    if list_name:
        args["list_name"] = list_name
    return plan_or_unavailable(conversation, TOOL, args, memo={"then": INTERVIEW})


def interview_answer(
    request: Request, pending: dict[str, Any], conversation: Conversation
) -> Plan | None:
    """The rep's answer during an interview: yes/no to a proposal, a reason to override a
    refused move, or what they learnt; None when the message is another request (the
    interview waits: "reprenons la qualification")."""
    siren = str(pending.get("siren") or "")
    list_name = pending.get("list_name")
    language = conversation.language
    if request.has(_LEAVE):
        return TextReply(
            md("offline.qualify.paused", language, name=str(pending.get("name") or siren))
        )
    if QUALIFY.match(request.folded) or RESUME.match(request.folded):
        return None  # another lead, or the same asked again: read as a request
    if is_question(request) and request.has(_WHAT_IS_MISSING):
        return qualify_call(conversation, siren, list_name)  # "ok qu'est-ce qui manque ?"
    if is_acknowledgement(request):
        return TextReply(
            md("offline.qualify.paused", language, name=str(pending.get("name") or siren))
        )
    if is_cancellation(request):  # "ok laisse", "forget it": nothing moves, the lead waits
        return TextReply(
            md("offline.qualify.paused", language, name=str(pending.get("name") or siren))
        )
    if moves_a_lead(request):  # "ok mets-le en perdu alors": that order, never a reason
        move = pronoun_move(request)
        if move is None:
            return None  # another lead named: read as a request
        stage, reason = move
        args = {"siren": siren, "stage": stage, **({"list_name": list_name} if list_name else {})}
        if reason:
            args["reason"] = reason
        # lost and disqualified need a reason: "pour quelle raison ?" then completes the move
        return plan_or_unavailable(conversation, STAGE_TOOL, args, memo={"then": "ask_reason"})
    short = len(request.folded.split()) <= MAX_ANSWER_WORDS
    override = pending.get("override")
    # a reason is a statement: a question or an "ok" never moves the lead
    if (
        isinstance(override, dict)
        and is_statement(request)
        and (request.has(_OVERRIDE) or _says_no_bant(request.text, conversation))
    ):
        reason = _reason_of(request) or request.text
        return plan_or_unavailable(conversation, STAGE_TOOL, {**override, "reason": reason})
    if (
        pending.get("proposal")
        and short
        and not is_question(request)
        and (request.has(_YES) or request.has(_NO))
    ):
        confirm = request.has(_YES) and not request.has(_NO)
        return qualify_call(conversation, siren, list_name, confirm=confirm)
    if request.has(NOT_AN_ANSWER) or request.folded.rstrip().endswith("?"):
        return None
    if moves_a_lead(request):  # "passe-le en perdu": a stage change, read as such
        return None
    if a_search(request):  # "les DAF des ESN à Lyon": a request; the interview waits
        return None
    about = lead_then_facts(request)
    if about is not None and not _names_the_lead(about["who"], pending):
        return None  # "Groupe Rousseau : décision avant juin": another lead
    asked = pending.get("asked")
    return qualify_call(conversation, siren, list_name, text=request.text,
                        asked=str(asked) if asked else None)  # fmt: skip


def forced_reason(request: Request) -> str | None:
    """The reason of an order to move a lead whatever was refused ("passe-le quand même : le
    DG a donné son accord oral", "move it anyway, they sent a purchase order"): the words after
    the order; None when the message is no such order or gives no reason."""
    if not is_statement(request) or not request.has(_OVERRIDE):
        return None
    return _reason_of(request)


def _reason_of(request: Request) -> str | None:
    """The words of an overriding order after the order itself ("bon alors passe-le quand
    même :" is the order, "le DG a donné son accord oral" the reason)."""
    lead_in = _OVERRIDE_LEAD_IN.match(request.folded)
    end = lead_in.end() if lead_in else 0
    return clean(request.original(end, len(request.folded))) or None


_PLURAL_START = re.compile(r"^\W*(?:et\s+)?(?:les|des|the|any|some|toutes?\s+les|all)\s")


def a_search(request: Request) -> bool:
    """Whether the message asks for companies ("les DAF des ESN à Lyon") rather than saying
    something about the lead ("le besoin : prospecter les cabinets comptables")."""
    return request.has(_PLURAL_START) and parse_company_query(request.text).has_filters


def _names_the_lead(who: str, pending: dict[str, Any]) -> bool:
    """Whether `who` (folded) is the interviewed lead: its SIREN or its name."""
    name = fold(str(pending.get("name") or "")).lower()
    digits = re.sub(r"\D", "", who)
    return bool(digits and digits == str(pending.get("siren"))) or (
        bool(name) and (who.strip() in name or name in who)
    )


def _says_no_bant(text: str, conversation: Conversation) -> bool:
    """Whether the parser finds nothing about BANT in `text`: then, after a refused move to
    SQL, it is the reason to go ahead ("ils ont signé la lettre d'intention")."""
    from agent.qualification.extract import extract_bant

    today = conversation.today or date.today()
    return extract_bant(text, today=today).empty


def interview_reply(results: Sequence[ToolResult], conversation: Conversation) -> TextReply | None:
    """The qualification's answer, and the question the rep's next message answers."""
    result = next((r for r in results if r.tool == TOOL), None)
    if result is None:
        return None
    language = conversation.language
    text = card_text(result, language)
    memo = conversation.memo_of_calls or {}
    if memo.get("why") and isinstance(result.artifact, QualificationArtifact):
        return TextReply(why_text(result, language))  # a question: its answer, no interview
    if memo.get("history"):
        return TextReply(history_text(result, language) + "\n\n" + text)
    artifact = result.artifact
    if result.is_error or not isinstance(artifact, QualificationArtifact):
        return TextReply(text)
    if artifact.promoted_to or not (artifact.asking or artifact.proposal):
        return TextReply(text)
    pending = {
        "kind": "bant",
        "siren": artifact.lead.siren,
        "name": artifact.lead.name,
        "list_name": artifact.lead.list_name,
        "asked": artifact.asking,
        "proposal": artifact.proposal,
    }
    return TextReply(text, memo={"pending": pending})


def after_refused_sql(results: Sequence[ToolResult], conversation: Conversation) -> Plan | None:
    """A move to SQL refused for want of BANT: say what is missing and open the interview,
    where what the rep learnt qualifies the lead and a reason overrides."""
    call = _last_call(conversation, STAGE_TOOL)
    refused = [r for r in results if r.is_error]
    if call is None or len(refused) != 1:
        return None
    refusal = read_refusal(refused[0].content)
    if refusal.key != "leads.error.bant_incomplete":
        return None
    values = refusal.values or {}
    missing = str(values.get("missing") or "")
    pending = {
        "kind": "bant",
        "siren": str(values.get("siren") or call.get("siren") or ""),
        "name": str(values.get("name") or ""),
        "list_name": call.get("list_name"),
        "asked": None,
        "proposal": None,
        "override": call,
    }
    text = md("offline.refusal.bant_incomplete", conversation.language,
              name=str(values.get("name") or ""), missing=missing)  # fmt: skip
    return TextReply(text, memo={"pending": pending})
