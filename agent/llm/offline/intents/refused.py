"""What the rep says right after a stage change Filon refused: the refused move is remembered.

    rep:   passe le premier en gagné
    filon: **Altis Apps** est un lead de Chloe Bernard : … Rien n'a été modifié.
    rep:   en fait non remets-le en SQL        → nothing moved: it is still in SQL
    rep:   ils ont pris un concurrent moins cher → nothing changed: Chloe Bernard's lead, once more
    rep:   passe-le en perdu alors             → set_lead_stage on that lead (refused again)

A move refused for want of a reason asks "why?" (`pending.py`) and one refused for BANT opens the
interview (`qualify.py`): there the rep's reason completes the move. A lead of several lists
asks which list; "move it anyway, they sent a purchase order" then asks it again, keeping the
reason, and the list named completes the move.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.i18n import Language, md, t
from agent.i18n.labels import display_name
from agent.llm.offline.conversation import STAGE_TOOL, Conversation
from agent.llm.offline.intents.base import Plan, TextReply, plan_or_unavailable
from agent.llm.offline.intents.qualify_interview import forced_reason
from agent.llm.offline.intents.scope import asks_an_action_filon_lacks
from agent.llm.offline.intents.stages import moves_a_stage, pronoun_move
from agent.llm.offline.references import find_reference
from agent.llm.offline.request import (
    Request,
    is_acknowledgement,
    is_cancellation,
    is_question,
    is_statement,
)
from agent.llm.offline.results import ToolResult
from agent.search.parse import parse_company_query
from agent.tools.failures import Refusal

_STAGES = r"sqls?|mqls?|nouveau|new|gagne\w*|won|perdu\w*|lost|disqualifi\w*"
# "en fait non remets-le en SQL", "put it back to MQL", "annule", "undo that": the move undone
_REVERT = re.compile(
    r"^\W*(?:(?:non|no|ok|bon|alors|oups|oops|en\s+fait|finalement|actually|sorry|pardon|wait"
    r"|attends)[\s,!.]+){0,4}"
    r"(?:(?:remets?|remettre|repasse[rz]?|rebascule[rz]?|retourne|reviens?)(?:[- ](?:le|la|l'|les))?"
    r"|(?:put|move|set|switch|change)\s+(?:it|them|him|her)\s+back|revert(?:\s+it)?|undo(?:\s+(?:it|that))?"
    r"|annule\w*(?:\s+(?:ca|cela|le\s+changement))?|cancel\s+(?:it|that))"
    rf"(?:\s+(?:en|to|a|au\s+stade|as|in(?:to)?)\s+(?:stade\s+|stage\s+)?(?:{_STAGES}))?"
    r"(?:\s+(?:comme\s+avant|as\s+(?:it\s+)?was|back|stp|svp|please))*\W*$"
)
# Words of a request, never of a reason: "montre mes leads", "combien de SQL ?"
_A_REQUEST = re.compile(
    r"^\W*(?:trouve\w*|cherche\w*|montre\w*|affiche\w*|liste\w*|exporte?\w*|find|search|show|list"
    r"|export|ajoute\w*|add|cree\w*|create|supprime\w*|delete|renomme\w*|rename|enrichi\w*|enrich"
    r"|qualifie\w*|qualify|donne\w*|give|envoie\w*|send|pousse\w*|push|score\w*|resume|summary"
    r"|aide|help|mes|my)(?![\w])"
    r"|(?<![\w])(?:leads?|listes?|lists?|pipeline|signaux|signals?|fiche|decideurs?|contacts?"
    r"|e-?mails?)(?![\w])"
)
_STAGE_WORD = re.compile(rf"(?<![\w])(?:{_STAGES})(?![\w])")
NOT_OWNER = "leads.error.not_lead_owner"
AMBIGUOUS = "leads.error.ambiguous_lead"


class RefusedMoveIntent:
    """The rep's next words after a refused stage change, about that same move."""

    name = "refused_move"
    tools: tuple[str, ...] = ()  # the stages intent writes up set_lead_stage

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A reply saying nothing moved, the refused move completed, or None."""
        refused = conversation.refused_stage_change
        if refused is None:
            return None
        args, refusal = refused
        request = Request(text)
        if is_question(request) or asks_an_action_filon_lacks(text, conversation):
            return None  # "cale moi un rdv avec eux": a meeting, declined as such
        language = conversation.language
        if request.has(_REVERT):
            return TextReply(_nothing_moved(args, refusal, language))
        if refusal.key == AMBIGUOUS:
            return _which_list(request, args, refusal, conversation)
        if refusal.key != NOT_OWNER:
            return None
        move = pronoun_move(request)
        if move is not None:  # "passe-le en perdu alors": that lead, which the tool refuses
            stage, reason = move
            again = {k: v for k, v in args.items() if k in ("siren", "list_name")}
            again |= {"stage": stage, **({"reason": reason} if reason else {})}
            return plan_or_unavailable(conversation, STAGE_TOOL, again)
        if _a_reason(request):
            values = refusal.values or {}
            return TextReply(
                md(
                    "offline.refused.not_yours",
                    language,
                    name=str(values.get("name") or args.get("siren") or ""),
                    owner=display_name(str(values.get("owner") or "")),
                    stage=str(args.get("stage") or ""),
                )
            )
        return None

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Never called: this intent answers in words or hands over to the stages intent."""
        return ""


def _nothing_moved(args: dict[str, Any], refusal: Refusal, language: Language) -> str:
    """ "Rien n'a bougé : le passage de X en gagné a été refusé, il est toujours en SQL."."""
    values = refusal.values or {}
    name, current = values.get("name"), values.get("current")
    if not name or not current:
        return t("offline.refused.nothing_moved", language)
    return md(
        "offline.refused.still_at",
        language,
        name=str(name),
        wanted=str(args.get("stage") or ""),
        current=str(current),
    )


def _which_list(
    request: Request, args: dict[str, Any], refusal: Refusal, conversation: Conversation
) -> Plan | None:
    """ "move it anyway, they sent a purchase order" after "a lead of several lists: which?":
    the question again, the reason kept; the list named next completes the move."""
    reason = forced_reason(request)
    if reason is None:
        return None
    values = refusal.values or {}
    lists = [name for name in str(values.get("lists") or "").split(", ") if name]
    move = {**args, "reason": reason}
    pending = {"kind": "list_name", "tool": STAGE_TOOL, "args": move, "lists": lists}
    text = md("offline.refused.which_list", conversation.language,
              siren=str(args.get("siren") or ""), lists=", ".join(lists),
              stage=str(args.get("stage") or ""), reason=reason)  # fmt: skip
    return TextReply(text, memo={"pending": pending})


def _a_reason(request: Request) -> bool:
    """Whether the message reads as the reason of the move ("ils ont pris un concurrent moins
    cher", "pas de budget cette année"): a statement of a few words, not a request, a move, a
    search, an "ok" or a "laisse tomber"."""
    if not is_statement(request) or is_acknowledgement(request) or is_cancellation(request):
        return False
    if len(request.folded.split()) < 2 or request.has(_A_REQUEST) or moves_a_stage(request):
        return False
    if request.has(_STAGE_WORD) or find_reference(request.folded) is not None:
        return False  # "et le deuxième en perdu": another move, the stages intent's
    return not parse_company_query(request.text).has_filters
