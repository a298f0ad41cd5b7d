"""Qualifying a lead with BANT, as an interview the rep can leave and resume.

    rep:   qualifie Neoeo selon BANT             → qualify_lead {siren}: the card, one question
    filon: … Il manque : budget, … Quel budget … ?  (memo: pending "bant", asked budget)
    rep:   40 k€ validé par le DAF               → qualify_lead {siren, text, asked: budget}
    …
    filon: Les quatre critères sont confirmés : je passe Neoeo en SQL ? (oui / non)
    rep:   oui                                   → qualify_lead {siren, confirm: true}

The interview's state is the conversation itself (checkpointed with the thread) and the BANT
answers in the store: a rep who asks something else drops the pending question, and "reprenons
la qualification" picks the latest lead qualified in the thread back up, also after a restart.
A refused move to SQL ("BANT non confirmé") opens the same interview, where a reason ("passe-le
quand même, ils ont signé le bon de commande") overrides instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from langchain_core.messages import ToolMessage

from agent.artifacts import CompaniesArtifact, LeadsArtifact, QualificationArtifact
from agent.i18n import Language, md, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan, plan_or_unavailable
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.qualify_card import card_text, history_text, why_text
from agent.llm.offline.intents.stages import (
    _a_name,
    _last_call,
    _target,
    moves_a_lead,
    pronoun_move,
)
from agent.llm.offline.names import capitalised_name
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
from agent.search.parse import parse_company_query
from agent.search.vocabulary.fold import fold
from agent.tools.failures import read_refusal

TOOL = "qualify_lead"
STAGE_TOOL = "set_lead_stage"
SEARCH = "search_companies"
INTERVIEW = "interview"

_BANT = r"(?:(?:la\s+)?(?:methode\s+|grille\s+)?bant|budget,?\s+authority,?\s+need,?\s+timing)"
# "qualifie Neoeo selon BANT", "qualify the second one", "fais le BANT de 552100554",
# "où en est la qualification de Neoeo ?", "montre le BANT de Neoeo"
_QUALIFY = re.compile(
    r"^\W*(?:(?:ok|bon|alors|so|now|maintenant|et|and)[\s,]+)?(?:(?:on\s+)?(?:peut|pourrais-tu"
    r"|peux-tu|can\s+you|could\s+you|let'?s|je\s+veux|i\s+want\s+to)\s+)?"
    r"(?:qualifie[rz]?|qualify|(?:fais|faire|do|run|lance[rz]?)\s+(?:le\s+|la\s+|un\s+|une\s+|the\s+|a\s+)?"
    rf"(?:{_BANT}|qualification)\s+(?:de|du|d'|pour|of|for|on)"
    rf"|(?:montre|affiche|show|donne|give)[-\s]?(?:moi\s+|me\s+)?(?:le\s+|la\s+|the\s+)?"
    rf"(?:{_BANT}|qualification|fiche\s+de\s+qualification)\s+(?:de|du|d'|pour|of|for)"
    r"|ou\s+en\s+est\s+(?:la\s+qualification|le\s+bant)\s+(?:de|du|d')"
    r"|where\s+(?:are\s+we|do\s+we\s+stand)\s+(?:with|on)\s+(?:the\s+)?(?:qualification|bant)\s+(?:of|for))"
    r"\s*(?P<who>.*?)"
    rf"(?:\s+(?:selon|avec|par|en|with|using|via|on)\s+(?:le\s+|la\s+)?{_BANT})?"
    r"\s*(?:[:–]\s*(?P<said>\S.*))?\s*\??$"
)
# "reprenons la qualification", "on reprend le BANT de Neoeo", "let's resume the qualification"
_RESUME = re.compile(
    r"^\W*(?:(?:ok|bon|alors|so)[\s,]+)?(?:reprenons|reprends|on\s+reprend|reprendre|continuons"
    r"|on\s+continue|continue[rz]?|resume|let'?s\s+(?:resume|continue|get\s+back\s+to)|back\s+to)"
    rf"\s+(?:la\s+|le\s+|the\s+|our\s+)?(?:qualification|{_BANT}|interview|entretien)"
    r"(?:\s+(?:de|du|d'|of|for|with)\s*(?P<who>.+?))?\W*$"
)
# "BANT de Neoeo ?", "la qualification de la deuxième", "Neoeo's BANT"
_BANT_OF = re.compile(
    rf"^\W*(?:(?:et|and)\s+)?(?:le\s+|la\s+|the\s+)?(?:{_BANT}|qualification)\s+(?:de|du|d'|of|for)\s*"
    r"(?P<who>[^:?]+?)(?P<said>)\s*\??$"
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


def _lead_then_facts(request: Request) -> re.Match[str] | None:
    """ "pour X, …" or "X : …" where X is not a criterion word."""
    if moves_a_lead(request):  # "passe X en perdu : hors budget": a stage change
        return None
    found = _ABOUT.match(request.folded) or _NAME_COLON.match(request.folded)
    if found is None or _CRITERION_WORDS.search(found["who"]) or _A_REQUEST.match(found["who"]):
        return None
    return found if len(found["who"].split()) <= MAX_NAME_WORDS else None


_IN_LIST = re.compile(
    r"(?i)\s+(?:de|dans|du|in|from|of|on)\s+(?:la\s+|ma\s+|sa\s+|the\s+|my\s+)?(?:liste|list)\s+\S"
)
_NOT_AN_ANSWER = re.compile(
    r"^\W*(?:trouve\w*|cherche\w*|recherche\w*|montre\w*|affiche\w*|liste\w*|exporte?\w*"
    r"|find|search|show|list|export|pipeline|resume|summary|aide|help|combien|how\s+many"
    r"|ajoute\w*|add|cree\w*|create|supprime\w*|delete|renomme\w*|rename|enrichi\w*|enrich"
    r"|quel(?:le)?s?\s+(?:sont|est)\s+(?:les|mes)|qui\s+(?:sont|est)\s+les|mes\s+leads|my\s+leads)"
    r"(?![\w])"
)
# "historique des changements d'étape de ce lead ?", "stage history of Verilia"
_HISTORY = re.compile(
    r"(?<![\w])(?:historique|history|journal\s+des\s+(?:changements|modifications)"
    r"|(?:audit|change)\s+(?:log|trail))(?![\w])"
)
_OF_A_LEAD = re.compile(
    r"(?<![\w])(?:etapes?|stages?|statuts?|leads?|changements|changes|ce\s+(?:lead|client|compte)"
    r"|cette\s+(?:boite|entreprise|societe)|this\s+(?:lead|one|company))(?![\w])"
)
# Who decides, said as such: "c'est le DG qui signe", "Paul Martin valide", "the CFO decides"
_DECIDES = re.compile(
    r"(?<![\w])(?:sign\w*|decid\w*|decision\w*|tranch\w*|valid\w*|approuv\w*|approv\w*"
    r"|arbitr\w*|c'est\s+(?:le|la|lui|elle)|is\s+the\s+one|has\s+the\s+final|dernier\s+mot"
    r"|final\s+say|budget\s+holder|porteur|sponsor)(?![\w])"
)
# "pourquoi il a été perdu ?", "why was it disqualified?", "la raison de la perte ?"
# "pourquoi on les a perdus ?": several leads, whose recorded reasons the leads intent counts
_THEM_ALL = re.compile(r"(?<![\w])(?:les|them|those|these|ceux|celles|they|ils|elles|eux)(?![\w])")
_WHY_WORD = re.compile(
    r"(?<![\w])(?:pourquoi|why|pour\s+quelle\s+raison|quelle\s+(?:est\s+la\s+|etait\s+la\s+)?raison"
    r"|what\s+(?:was\s+|is\s+)?the\s+reason|la\s+raison|the\s+reason)(?![\w])"
)
_STAGE_WORD = re.compile(
    r"(?<![\w])(?:(?:il|elle|it|they|ils|on\s+l')\s+)?(?:a\s+ete\s+|est\s+|was\s+|were\s+|got\s+|l'a\s+|a\s+)?"
    r"(?:perdu\w*|lost|disqualifi\w*|gagne\w*|won|perte|rejete\w*|refuse\w*|abandon\w*|dropped"
    r"|declined)(?![\w])"
)
_WHY_STAGE = re.compile(
    r"(?<![\w])(?:pourquoi|why|pour\s+quelle\s+raison|quelle\s+(?:est\s+la\s+|etait\s+la\s+)?raison"
    r"|what\s+(?:was\s+|is\s+)?the\s+reason|la\s+raison|the\s+reason)(?![\w])"
    r"(?:[\w\s',-]{0,40}?)(?<![\w])(?:perdu\w*|lost|disqualifi\w*|gagne\w*|won|perte|passe\w*\s+en"
    r"|rejete\w*|refuse\w*|abandon\w*|dropped|declined)(?![\w])"
)
# "je sors d'un call avec Vitance, on fait le point BANT", "BANT update on Vitance"
_DEBRIEF = re.compile(
    rf"(?<![\w])(?:point|bilan|debrief\w*|update|recap\w*|mise\s+a\s+jour)\s+(?:sur\s+(?:le\s+)?)?"
    rf"(?:{_BANT}|qualif\w*)(?![\w])|(?<![\w])(?:{_BANT})\s+(?:update|debrief|recap)(?![\w])"
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


class QualifyIntent:
    """ "qualifie Neoeo selon BANT", "qualify the second one: 40k budget approved by the CFO",
    "reprenons la qualification"."""

    name = "qualify"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `qualify_lead` call (to show the card, or record what the rep said), or None."""
        request = Request(text)
        resumed = _RESUME.match(request.folded)
        if resumed is not None:
            who = resumed["who"]
            if not who:
                latest = conversation.latest_qualification
                if latest is None:
                    return TextReply(t("offline.qualify.nothing_to_resume", conversation.language))
                return qualify_call(conversation, latest.lead.siren, latest.lead.list_name)
            return self._lead(request, clean(request.original(*resumed.span("who"))), None,
                              conversation)  # fmt: skip
        if request.has(_HISTORY) and request.has(_OF_A_LEAD):
            return self._history(request, conversation)
        if is_question(request) and request.has(_WHY_STAGE) and not request.has(_THEM_ALL):
            return self._why(request, conversation)
        found = _QUALIFY.match(request.folded) or _BANT_OF.match(request.folded)
        if found is None:
            return (
                self._facts_about(request, conversation)
                or self._debrief(request, conversation)
                or self._more_facts(request, conversation)
                or self._facts_without_interview(request, conversation)
            )
        if re.search(r"(?<![\w])en\s+(?:mql|sql)(?![\w])", request.folded):
            return None  # "qualifie-le en MQL": a stage change
        who = clean(request.original(*found.span("who"))) if found["who"] else ""
        said = clean(request.original(*found.span("said"))) if found["said"] else None
        return self._lead(request, who, said, conversation)

    def _facts_about(self, request: Request, conversation: Conversation) -> Plan | None:
        """ "pour Talis Tech, le budget est de 30 k€ validé", "Neoeo : décision avant juin":
        what the rep learnt about a lead, said without asking to qualify it — when the words
        after the lead are about BANT (the parser finds a criterion in them)."""
        found = _lead_then_facts(request)
        if found is None:
            return None
        said = clean(request.original(*found.span("said")))
        today = conversation.today or date.today()
        from agent.qualification.extract import extract_bant

        if not extract_bant(said, today=today).mentioned():
            return None
        who = clean(request.original(*found.span("who")))
        return self._lead(request, who, said, conversation)

    def _history(self, request: Request, conversation: Conversation) -> Plan:
        """ "historique des changements d'étape de ce lead ?": its qualification, which holds
        every recorded change, said with the changes."""
        plan = self._lead(request, capitalised_name(request.text) or "it", None, conversation)
        if (
            isinstance(plan, ToolCallPlan)
            and plan.memo
            and plan.memo.get("then")
            in (
                INTERVIEW,
                "qualify",  # found by name first: the history follows (see `follow`)
            )
        ):
            return ToolCallPlan(calls=plan.calls, memo={**plan.memo, "history": True})
        if isinstance(plan, TextReply):  # no lead in focus: which one?
            return TextReply(t("offline.qualify.which_history", conversation.language))
        return plan

    def _why(self, request: Request, conversation: Conversation) -> Plan:
        """ "le premier, pourquoi il a été perdu ?", "why was Verilia disqualified?": a
        question, answered with the lead's stage changes and their reasons — never a move."""
        rest = _STAGE_WORD.sub(" ", _WHY_WORD.sub(" ", request.folded)).strip(" ,;:?!")
        reference = find_reference(rest)
        ranked = reference is not None and reference.is_single
        who = rest if ranked else (capitalised_name(request.text) or "it")
        plan = self._lead(request, who, None, conversation)
        if isinstance(plan, ToolCallPlan) and plan.memo:
            return ToolCallPlan(calls=plan.calls, memo={**plan.memo, "history": True, "why": True})
        if isinstance(plan, TextReply):
            return TextReply(t("offline.qualify.which_history", conversation.language))
        return plan

    def _debrief(self, request: Request, conversation: Conversation) -> Plan | None:
        """ "je sors d'un call avec Vitance, on fait le point BANT": the lead named, its BANT
        and the next question."""
        if not request.has(_DEBRIEF) or is_question(request):
            return None
        name = capitalised_name(request.text)
        return None if name is None else self._lead(request, name, None, conversation)

    @staticmethod
    def _more_facts(request: Request, conversation: Conversation) -> Plan | None:
        """ "budget 60 k€ validé par la DAF", "décision avant fin mars" right after a lead's
        qualification (complete or not, whoever started it): recorded on that lead."""
        shown = conversation.qualification_on_screen
        if shown is None or not is_statement(request) or request.has(_NOT_AN_ANSWER):
            return None
        if moves_a_lead(request) or _a_search(request):
            return None
        from agent.qualification.extract import extract_bant
        from agent.qualification.facts import Criterion

        today = conversation.today or date.today()
        mentioned = set(extract_bant(request.text, today=today).mentioned())
        if not mentioned or (mentioned == {Criterion.authority} and not request.has(_DECIDES)):
            return None  # "le DAF", "leur DSI": people asked about, not who decides
        return qualify_call(conversation, shown.lead.siren, shown.lead.list_name,
                            text=request.text)  # fmt: skip

    @staticmethod
    def _facts_without_interview(request: Request, conversation: Conversation) -> Plan | None:
        """ "budget 25k€ validé par le DAF", "c'est la DAF qui signe", "ils veulent automatiser
        leur saisie", "avant fin mars" with no interview open and no card on screen: the
        qualification of the lead in focus; with none, say that no qualification is under way
        and ask which lead — never a contacts request nor a company search on those words."""
        if not is_statement(request) or is_question(request) or request.has(_NOT_AN_ANSWER):
            return None
        if moves_a_lead(request) or _a_search(request) or request.has(_NOT_BANT):
            return None
        if not _BANT_STATEMENT.match(request.folded):
            return None  # "note que le client veut un devis…", "perf de l'équipe": requests
        from agent.qualification.extract import extract_bant
        from agent.qualification.facts import Criterion

        today = conversation.today or date.today()
        mentioned = set(extract_bant(request.text, today=today).mentioned())
        if not mentioned or (mentioned == {Criterion.authority} and not request.has(_DECIDES)):
            return None  # "le DAF de la première": people asked about, not who decides
        if parse_company_query(request.text).has_filters and not request.has(_ABOUT_THEM):
            return None  # "ESN à Lyon avec un budget": a search that says "budget"
        focus = conversation.focus_company
        if focus is not None and not _qualification_refused(conversation):
            return qualify_call(conversation, focus[0], _list_of(focus[0], conversation),
                                text=request.text)  # fmt: skip
        return TextReply(t("offline.qualify.none_open", conversation.language))

    def _lead(
        self, request: Request, who: str, said: str | None, conversation: Conversation
    ) -> Plan:
        """The lead `who` names (or the one in focus) with what the rep said about it; "… de la
        liste X" says which of its lists."""
        in_list = _IN_LIST.search(who)
        named_list = list_name(Request(who[in_list.start() :])) if in_list else None
        if in_list is not None:
            who = who[: in_list.start()]
        who = re.sub(r"(?i)^(?:le\s+lead|the\s+lead|lead)\s+", "", who).strip()
        ranked = _rank_in_list(who, named_list, conversation)
        if ranked is not None:  # "le premier lead de ma liste X": that list's rows first
            return ranked
        if re.fullmatch(r"(?i)(?:ce|cet|this|le|that)\s+(?:lead|client|compte|prospect|one)|", who):
            who = "it"  # "qualifie ce lead": the company in focus
        siren = _target(who, request, conversation) if who != "it" else None
        if siren is None and who == "it":
            focus = conversation.focus_company
            latest = conversation.latest_qualification
            siren = focus[0] if focus else (latest.lead.siren if latest else None)
        if siren is None:
            if who and who != "it" and _a_name(who) and conversation.has_tool(SEARCH):
                memo = {"then": "qualify", "name": who, "said": said}
                return plan_or_unavailable(conversation, SEARCH, {"text": who, "limit": 10}, memo)
            return TextReply(t("offline.qualify.which", conversation.language))
        chosen_list = named_list or _list_of(siren, conversation)
        return qualify_call(conversation, siren, chosen_list, text=said)

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """After a qualification, the answer and the pending question; after searching the
        lead by name, its qualification."""
        if step == INTERVIEW:
            return interview_reply(results, conversation)
        if step == "ask_reason":  # a move to SQL refused for want of BANT
            return _after_refused_sql(results, conversation)
        if step == RANKED:
            return _ranked_lead(results, conversation)
        if step != "qualify":
            return None
        memo = conversation.memo_of_calls or {}
        found = next(
            (r.artifact for r in results if isinstance(r.artifact, CompaniesArtifact)), None
        )
        if found is None or not found.companies:
            return None
        wanted = fold(str(memo.get("name") or "")).lower().strip()
        named = [c for c in found.companies if fold(c.name).lower().strip() == wanted]
        leads = [c for c in (named or found.companies) if c.siren in found.leads]
        if len(leads) != 1:
            return None  # the companies found answer; the rep picks one
        said = memo.get("said")
        found_plan = qualify_call(
            conversation, leads[0].siren, None, text=str(said) if said else None
        )
        if memo.get("history") and isinstance(found_plan, ToolCallPlan):
            return ToolCallPlan(calls=found_plan.calls, memo={**(found_plan.memo or {}),
                                                              "history": True})  # fmt: skip
        return found_plan

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The card in words (used when no interview step follows)."""
        return "\n\n".join(card_text(result, language) for result in results)


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
    if _QUALIFY.match(request.folded) or _RESUME.match(request.folded):
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
    if request.has(_NOT_AN_ANSWER) or request.folded.rstrip().endswith("?"):
        return None
    if moves_a_lead(request):  # "passe-le en perdu": a stage change, read as such
        return None
    if _a_search(request):  # "les DAF des ESN à Lyon": a request; the interview waits
        return None
    about = _lead_then_facts(request)
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


RANKED = "qualify_ranked"
_ROLE = r"(?:daf|dg|dsi|drh|cfo|ceo|cto|cio|pdg|president\w*|directeur\w*|directrice\w*|gerant\w*|boss|patron\w*)"
# How a BANT answer opens when said on its own: a budget, who signs, what they want, when
_BANT_STATEMENT = re.compile(
    r"^\W*(?:(?:ok|bon|alors|et|and|so|donc|en\s+fait|actually)[\s,]+)*(?:"
    r"(?:le\s+|un\s+|leur\s+|their\s+|the\s+|a\s+)?budget(?![\w])|(?:pas\s+de|aucun|no)\s+budget"
    r"|\d[\d\s.,]*\s*(?:k|m)?\s*(?:€|euros?|eur)(?![\w])"
    r"|c'est\s+(?:le|la|lui|elle|leur|notre)\s+\S+.{0,40}?(?:sign\w*|decid\w*|valid\w*|tranch\w*)"
    rf"|(?:le|la|leur|the|their)\s+{_ROLE}\s+(?:\w+\s+){{0,3}}?(?:sign\w*|decid\w*|valid\w*|tranch\w*|approv\w*)"
    r"|(?:ils|elles|on|le\s+client|la\s+boite|they|we|the\s+client)\s+(?:veulent|voudraient|souhaitent"
    r"|cherchent|ont\s+besoin|a\s+besoin|need|want|are\s+looking|would\s+like|doivent|must|have\s+to"
    r"|decident|decide|signent|sign|visent|prevoient|plan)"
    r"|avant(?![\w])|d'ici(?![\w])|by\s+(?:the\s+)?(?:end|mid|early|q\d)|before(?![\w])"
    r"|pour\s+(?:fin|debut|mi)(?![\w])|(?:la\s+)?decision(?![\w])|deadline|echeance|timing"
    r"|go[- ]live|demarrage)"
)
# Words of a request about rows, lists or the pipeline, never of a BANT answer: "leads de la
# liste 'Prospects Q1' en SQL" (Q1 reads as a timing)
_NOT_BANT = re.compile(
    r"(?<![\w])(?:leads?|listes?|lists?|entreprises|societes|companies|contacts?|pipeline|signaux"
    r"|signals?|fiche|mqls?|sqls?|scores?|export\w*|csv|stats?|tendance|trend|resume|summary"
    r"|combien|how\s+many|montre\w*|show|affiche\w*|trouve\w*|find|cherche\w*|search)(?![\w])"
)
LEADS = "list_leads"
# "ils veulent…", "le client a…", "they need…": said about the lead, not a search's words
_ABOUT_THEM = re.compile(
    r"^\W*(?:(?:et|and|alors|bon|ok|so)[\s,]+)?(?:ils|elles|il|elle|on|they|he|she|we|le\s+client"
    r"|la\s+boite|leur\s+\w+|their\s+\w+|the\s+client|the\s+customer)\s"
)


def _qualification_refused(conversation: Conversation) -> bool:
    """Whether the latest tool result of the thread is a refused qualification (a teammate's
    lead): no interview is open, and what the rep says next is not that lead's."""
    for message in reversed(conversation.messages):
        if isinstance(message, ToolMessage):
            return message.name == TOOL and message.status == "error"
    return False


def _rank_in_list(who: str, named: str | None, conversation: Conversation) -> Plan | None:
    """For "le premier lead de ma liste X": the list's first rows (`list_leads`), whose row at
    that rank is then qualified; None when `who` is not one rank or no list is named."""
    if named is None or not conversation.has_tool(LEADS):
        return None
    reference = find_reference(Request(who).folded)
    if reference is None or not reference.is_single:
        return None
    if reference.kind == "first":
        position = 1
    else:
        positions = [p for p in reference.positions if p >= 1]
        if len(positions) != 1:
            return None
        position = positions[0]
    memo = {"then": RANKED, "position": position, "list_name": named}
    return plan_or_unavailable(conversation, LEADS, {"list_name": named, "limit": position}, memo)


def _ranked_lead(results: Sequence[ToolResult], conversation: Conversation) -> Plan | None:
    """The lead at the rank asked, in the list just read, qualified; the list's own answer
    (empty, unknown, shorter than the rank) otherwise."""
    memo = conversation.memo_of_calls or {}
    leads = next((r.artifact for r in results if isinstance(r.artifact, LeadsArtifact)), None)
    position = int(memo.get("position") or 0)
    if leads is None or not 1 <= position <= len(leads.leads):
        if leads is not None and leads.leads:
            return TextReply(t("offline.qualify.rank_beyond", conversation.language,
                               rank=position, count=len(leads.leads)))  # fmt: skip
        return None
    lead = leads.leads[position - 1]
    return qualify_call(conversation, lead.siren, lead.list_name)


_PLURAL_START = re.compile(r"^\W*(?:et\s+)?(?:les|des|the|any|some|toutes?\s+les|all)\s")


def _a_search(request: Request) -> bool:
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


def _after_refused_sql(results: Sequence[ToolResult], conversation: Conversation) -> Plan | None:
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


def _list_of(siren: str, conversation: Conversation) -> str | None:
    """The list of a lead picked from a leads page (the company may be in several)."""
    shown = conversation.previous_leads
    rows = [lead for lead in (shown.leads if shown else []) if lead.siren == siren]
    return rows[0].list_name if len(rows) == 1 and rows[0].list_name else None
