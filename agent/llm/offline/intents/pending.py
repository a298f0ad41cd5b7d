"""Answers to Filon's own questions: the rep's next message completes the pending request.

    rep:   ajoute les 3 premières à une liste
    filon: Quel nom donner à la liste ?          (memo: pending list name, the 3 SIRENs)
    rep:   ESN Lyon                              → create_lead_list {name: ESN Lyon, sirens: …}

    filon: Confirmez-vous … ? (oui / non)        (memo: pending confirmation, the tool call)
    rep:   oui                                   → the call, confirmed

A message that is plainly another request (a search, a question) is not taken as the answer:
the pending request is dropped and the message is read as usual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.homonyms import ask_again
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan, plan_or_unavailable
from agent.llm.offline.intents.scope import asks_an_action_filon_lacks
from agent.llm.offline.references import find_reference
from agent.llm.offline.request import (
    Request,
    clean,
    is_acknowledgement,
    is_cancellation,
    is_question,
    is_statement,
)
from agent.llm.offline.results import ToolResult

_YES = re.compile(
    r"^\W*(?:oui|yes|y|ok|okay|d'accord|daccord|vas-y|go|confirme\w*|confirm\w*|valide\w*"
    r"|c'est\s+bon|parfait|bien\s+sur|sure|yep|ouais|absolument|tout\s+a\s+fait)\b"
)
_NO = re.compile(
    r"^\W*(?:(?:attends?|attendez|wait|hold\s+on|euh|heu|hmm+|ah|oh|oups|oops|en\s+fait|actually"
    r"|finalement|mmh?)[\s,.!]+)*"
    r"(?:non|no|nope|nan|annule\w*|cancel\w*|laisse\s+tomber|stop|arrete\w*|pas\s+maintenant"
    r"|never\s*mind|oublie\w*|surtout\s+pas|pas\s+du\s+tout|don'?t|ne\s+(?:la|le|les)\s+supprime\w*\s+pas"
    r"|on\s+garde|keep\s+it|garde[- ]la|garde[- ]le)\b"
)
_NOT_A_NAME = re.compile(
    r"(?<![\w])(?:trouve\w*|cherche\w*|recherche\w*|montre\w*|affiche\w*|find|search|show"
    r"|pipeline|resume|summary|aide|help|combien|how\s+many)(?![\w])|\?\s*$"
    r"|^\W*(?:(?:ok|okay|bon|alors|bah|ben|d'accord|daccord|dac|euh|ah)[\s,.!]+)*"
    r"(?:passe|mets|met|marque|move|mark|put|supprime|delete|exporte?|renomme|rename|donne|give"
    r"|ouvre|open)"
    r"(?:[- ](?:le|la|les|it|them))?(?![\w])"
)
MAX_NAME_WORDS = 8
_WHOLE_COMPANY = re.compile(
    r"(?<![\w])(?:toute\s+l'entreprise|toute\s+la\s+(?:boite|societe)|l'entreprise|la\s+boite"
    r"|the\s+whole\s+company|the\s+company|tous|toutes|all\s+of\s+them|everyone)(?![\w])"
)
_POINTER_START = re.compile(
    r"^\W*(?:celles?|ceux|celui|lesquelles|lesquels|those|the\s+ones|which|et|and|seulement|only)(?![\w])"
)
# "dans Compta Bordeaux", "call it Lyon accountants", "la liste ESN Lyon": the name follows
_NAME_LEAD = re.compile(
    r"(?i)^\W*(?:call\s+it|name\s+it|appelle[- ]la|nomme[- ]la|appelle[- ]le)\s+"
    r"|^\W*(?:(?:ok|oui|yes|alors|so)[\s,]+)?(?:(?:dans|in|into|to|vers|sur|pour|à)\s+)?"
    r"(?:(?:la|ma|une|the|my|a)\s+)?(?:(?:nouvelle|new)\s+)?(?:(?:liste|list)(?![\w])\s*)?"
    r"(?:(?:appel[ée]e|nomm[ée]e|called|named)\s+)?"
)


_ARTICLES = frozenset(["le", "la", "les", "l", "saint", "sainte", "st", "ste", "sur", "en"])


def _names_city(request: Request, city: str) -> bool:
    """Whether the request names this city whole, as a word ("Le Puy-en-Velay", "Paris 7e")."""
    folded = Request(city).folded.strip()
    return bool(folded) and re.search(_as_word(folded), request.folded) is not None


def _names_town(request: Request, city: str) -> bool:
    """Whether the request names the city by its first significant word ("celle du Puy",
    "celle de Paris")."""
    words = [w for w in re.split(r"[\s'-]+", Request(city).folded) if w not in _ARTICLES]
    words = [w for w in words if len(w) > 2]
    return bool(words) and re.search(_as_word(words[0]), request.folded) is not None


def _as_word(text: str) -> str:
    return rf"(?<![\w-]){re.escape(text)}(?![\w-])"


def _person_said(request: Request, people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The people of a "which one?" question the answer names: in full, by a first or last
    name ("Sandrine"), by what tells namesakes apart ("celui de Data Services Paris", "le
    DAF"), or by rank ("le deuxième")."""
    said = request.folded
    words = set(re.findall(r"[\w']+", said))
    described = [
        (p, set(re.findall(r"[\w']+", Request(str(p.get("name"))).folded))) for p in people
    ]
    chosen = [p for p in people if Request(str(p.get("name"))).folded in said]
    if not chosen:  # a first or a last name alone: "Sandrine"
        chosen = [p for p, known in described if words & known]
    if len(chosen) > 1:  # namesakes: the words that are not everyone's
        common = set.intersection(*(known for _p, known in described)) if described else set()
        chosen = [p for p, known in described if words & (known - common)]
    if len(chosen) != 1:
        reference = find_reference(said)
        positions = reference.positions if reference is not None else ()
        if len(positions) == 1 and 1 <= positions[0] <= len(people):
            chosen = [people[positions[0] - 1]]
    return chosen


class PendingIntent:
    """Completes the request Filon asked a question about (a list name, a confirmation)."""

    name = "pending"
    tools: tuple[str, ...] = ()

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """The completed request, a "cancelled" answer, or None when nothing is pending."""
        pending = (conversation.memo or {}).get("pending")
        if not isinstance(pending, dict):
            return None
        request = Request(text)
        if pending.get("kind") in ("bant", "reason") and asks_an_action_filon_lacks(
            text, conversation
        ):
            return None  # "cale moi un rdv avec eux": a meeting, not an answer nor a reason
        if pending.get("kind") == "bant":  # "non, pas de budget" answers the interview
            from agent.llm.offline.intents.qualify_interview import interview_answer

            return interview_answer(request, pending, conversation)
        # "no budget, they're too small" answers "why?": a reason, not a cancel
        is_reason = pending.get("kind") == "reason" and len(request.folded.split()) > 2
        if is_cancellation(request) or (request.has(_NO) and not is_reason):
            return TextReply(t("offline.pending.cancelled", conversation.language))
        match pending.get("kind"):
            case "list_name":
                return self._named(request, pending, conversation)
            case "confirm":
                return self._confirmed(request, pending, conversation)
            case "reason":
                return self._reason(request, pending, conversation)
            case "person":
                return self._person(request, pending, conversation)
            case "pick":
                return self._pick(request, pending, conversation)
        return None

    @staticmethod
    def _pick(request: Request, pending: dict[str, Any], conversation: Conversation) -> Plan | None:
        """Which of the companies listed: "la 2e", "celle de Bordeaux", a SIREN."""
        choices = [c for c in pending.get("choices") or [] if isinstance(c, dict)]
        digits = re.sub(r"\D", "", request.text)
        chosen = [c for c in choices if digits and str(c.get("siren")) in digits]
        if not chosen:
            reference = find_reference(request.folded)
            if reference is not None and reference.positions and len(reference.positions) == 1:
                index = reference.positions[0]
                index = len(choices) if index == -1 else index
                chosen = choices[index - 1 : index] if 1 <= index <= len(choices) else []
        if not chosen:  # "celle de Paris 7e" before "celle de Paris"
            chosen = [c for c in choices if _names_city(request, str(c.get("city") or ""))]
        if not chosen:
            chosen = [c for c in choices if _names_town(request, str(c.get("city") or ""))]
        if len(chosen) > 1 and all(c.get("name") for c in chosen):
            return ask_again(chosen, pending, conversation)  # "celle de Paris": three are
        if len(chosen) != 1:
            return None
        call = pending.get("call") or {}
        name = str(call.get("name") or "set_lead_stage")
        picked = str(pending.get("key") or "")  # the argument the SIREN goes in
        if picked not in ("siren", "sirens"):
            picked = "sirens" if name in ("add_to_list", "create_lead_list") else "siren"
        chosen_siren = chosen[0]["siren"]
        args = {
            **(call.get("args") or {}),
            picked: [chosen_siren] if picked == "sirens" else chosen_siren,
        }
        memo = {"then": pending["then"]} if pending.get("then") else None
        return plan_or_unavailable(conversation, name, args, memo=memo)

    @staticmethod
    def _person(
        request: Request, pending: dict[str, Any], conversation: Conversation
    ) -> Plan | None:
        """Which of the people named in the question: "Sandrine Rémy", "la deuxième", "toute
        l'entreprise" (the company instead)."""
        people = [p for p in pending.get("people") or [] if isinstance(p, dict)]
        if is_question(request):
            return None  # "c'est qui Sandrine ?": a question, nobody is opted out
        if request.has(_WHOLE_COMPANY) and pending.get("siren"):
            args: dict[str, Any] = {"value": pending["siren"]}
        else:
            chosen = _person_said(request, people)
            if len(chosen) != 1:
                return None
            args = {"contact_id": chosen[0]["id"]}
        call = pending.get("call") or {}
        extra = {k: v for k, v in (call.get("args") or {}).items() if k == "reason"}
        return plan_or_unavailable(
            conversation, str(call.get("name") or "opt_out"), {**args, **extra}
        )

    def _named(
        self, request: Request, pending: dict[str, Any], conversation: Conversation
    ) -> Plan | None:
        name = request.quoted() or clean(_NAME_LEAD.sub("", request.text, count=1))
        if not request.quoted() and is_acknowledgement(request):
            return None  # "ok", "merci": not a list's name
        if not name or len(name.split()) > MAX_NAME_WORDS or request.has(_NOT_A_NAME):
            return None
        if not request.quoted() and request.has(_POINTER_START):
            return None  # "celles qui ont plus de 10 salariés": a refinement, not a name
        choices = {Request(str(c)).folded: str(c) for c in pending.get("lists") or []}
        if choices:  # "which of its lists?": one of those, as it is spelt
            name = choices.get(Request(name).folded, "")
            if not name:
                return None
        tool = str(pending.get("tool") or "create_lead_list")
        key = "name" if tool == "create_lead_list" else "list_name"
        args = {key: name, **(pending.get("args") or {})}
        return plan_or_unavailable(conversation, tool, args)

    def _confirmed(
        self, request: Request, pending: dict[str, Any], conversation: Conversation
    ) -> Plan | None:
        if not request.has(_YES) or is_question(request):
            return None  # "ok, ça supprime quoi ?" asks, it does not confirm
        calls = pending.get("calls") or []
        planned = tuple(
            (str(call["name"]), {**call["args"], "confirm": True})
            for call in calls
            if isinstance(call, dict) and conversation.has_tool(str(call.get("name")))
        )
        return ToolCallPlan(calls=planned) if planned else None

    def _reason(
        self, request: Request, pending: dict[str, Any], conversation: Conversation
    ) -> Plan | None:
        reason = clean(request.text)
        call = pending.get("call") or {}
        if not reason or request.has(_NOT_A_NAME) or not isinstance(call, dict):
            return None
        if not is_statement(request):
            return None  # "ok", "pourquoi ?": never the reason a lead moves
        args = {**(call.get("args") or {}), "reason": reason}
        return plan_or_unavailable(conversation, str(call.get("name")), args)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The completed request's own intent writes the answer."""
        return ""
