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
quand même, ils ont signé le bon de commande") overrides instead. This module opens, resumes and
asks about an interview; `qualify_interview.py` reads the answers given during one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from langchain_core.messages import ToolMessage

from agent.artifacts import CompaniesArtifact, LeadsArtifact
from agent.i18n import Language, t
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan, plan_or_unavailable
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.qualify_card import card_text
from agent.llm.offline.intents.qualify_interview import (
    BANT,
    INTERVIEW,
    NOT_AN_ANSWER,
    QUALIFY,
    RESUME,
    TOOL,
    a_search,
    after_refused_sql,
    interview_reply,
    lead_then_facts,
    qualify_call,
)
from agent.llm.offline.intents.stages import (
    _a_name,
    _target,
    moves_a_lead,
)
from agent.llm.offline.names import capitalised_name
from agent.llm.offline.references import find_reference
from agent.llm.offline.request import (
    Request,
    clean,
    is_question,
    is_statement,
)
from agent.llm.offline.results import ToolResult
from agent.search.parse import parse_company_query
from agent.search.vocabulary.fold import fold

SEARCH = "search_companies"

# "BANT de Neoeo ?", "la qualification de la deuxième", "Neoeo's BANT"
_BANT_OF = re.compile(
    rf"^\W*(?:(?:et|and)\s+)?(?:le\s+|la\s+|the\s+)?(?:{BANT}|qualification)\s+(?:de|du|d'|of|for)\s*"
    r"(?P<who>[^:?]+?)(?P<said>)\s*\??$"
)
_IN_LIST = re.compile(
    r"(?i)\s+(?:de|dans|du|in|from|of|on)\s+(?:la\s+|ma\s+|sa\s+|the\s+|my\s+)?(?:liste|list)\s+\S"
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
    rf"(?:{BANT}|qualif\w*)(?![\w])|(?<![\w])(?:{BANT})\s+(?:update|debrief|recap)(?![\w])"
)


class QualifyIntent:
    """ "qualifie Neoeo selon BANT", "qualify the second one: 40k budget approved by the CFO",
    "reprenons la qualification"."""

    name = "qualify"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `qualify_lead` call (to show the card, or record what the rep said), or None."""
        request = Request(text)
        resumed = RESUME.match(request.folded)
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
        found = QUALIFY.match(request.folded) or _BANT_OF.match(request.folded)
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
        found = lead_then_facts(request)
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
        if shown is None or not is_statement(request) or request.has(NOT_AN_ANSWER):
            return None
        if moves_a_lead(request) or a_search(request):
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
        if not is_statement(request) or is_question(request) or request.has(NOT_AN_ANSWER):
            return None
        if moves_a_lead(request) or a_search(request) or request.has(_NOT_BANT):
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
            return after_refused_sql(results, conversation)
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


def _list_of(siren: str, conversation: Conversation) -> str | None:
    """The list of a lead picked from a leads page (the company may be in several)."""
    shown = conversation.previous_leads
    rows = [lead for lead in (shown.leads if shown else []) if lead.siren == siren]
    return rows[0].list_name if len(rows) == 1 and rows[0].list_name else None
