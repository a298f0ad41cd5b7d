"""Lead scores: "score mes leads" (the rep's own), "score les leads de David" (his),
"recalcule les scores de la liste ESN Lyon" (a list's), "rescore" (every lead the user may
score: the service decides whose) and "pourquoi ce lead a ce score ?", "why does the second one
score 72?" (the lead pointed at: on its card, by rank, by SIREN), through `score_leads`.

Sorting by score ("trie par score") is the leads' order, and the intent score of signals
("score d'intention de la 2e") is `find_signals`: both are left to their intents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import ScoredLeadItem, ScoresArtifact
from agent.i18n import Language, Markdown, md, t
from agent.i18n.labels import display_name
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.homonyms import homonyms_found, which_homonym
from agent.llm.offline.intents.base import Plan, TextReply, ToolCallPlan, plan_or_unavailable
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.owners import owner_in, person_in
from agent.llm.offline.names import capitalised_name, named_company
from agent.llm.offline.references import find_reference, resolve_rows
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets
from agent.qualification.parts import Reason
from agent.qualification.reasons import reasons_text
from agent.search.vocabulary.fold import fold

TOOL = "score_leads"
SEARCH = "search_companies"
EXPLAIN = "explain_score"
NAMED = "named"  # a company named, not on screen: searched by name first
SHOWN = 5
EXPLAINED = 3


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")


# Scoring again: "score mes leads", "recalcule les scores", "rescore", "mets à jour les scores"
_RUN = _words(
    r"scr?or(?:e|er|ing)\s+(?:(?:les|des|mes|ces|nos|the|my|these|our|all)\s+)?(?:\w+\s+)?"
    r"(?:leads?|prospects?)"
    r"|lead\s+scoring|re-?scor\w*|note\s+(?:chaque|les|mes|tous\s+les)\s+(?:leads|prospects)"
    r"|(?:re)?calcul\w*\s+(?:le\s+|les\s+|the\s+|du\s+|des\s+|mes\s+|nos\s+|my\s+|our\s+)?scor\w*"
    r"|(?:update|refresh|recompute|mets?\s+a\s+jour)\s+(?:le\s+|les\s+|the\s+|my\s+)?(?:lead\s+)?scor\w*"
)
# Asking why: "pourquoi ce lead a ce score ?", "explique son score", "why this score?"
_WHY = _words(
    r"pourquoi\b.*\b(?:score|note)\w*|why\b.*\bscor\w*|expliqu\w*\b.*\bscore|explain\b.*\bscore"
    r"|d'ou\s+vient\s+(?:ce|son|le)\s+score|score\s+vient\s+d'ou|score\s+comes?\s+from|detail\w*\s+(?:du|de\s+son|of\s+the)\s+score"
    r"|how\s+(?:was|is)\s+(?:this|the|its)\s+score"
)
_MINE = _words(r"mes|my|mine|moi|perso")
_MY_LEADS = _words(r"(?:mes|my)\s+(?:\w+\s+)?(?:leads?|prospects?)")  # in a list too
# Not ours: a sort, the signals' intent score
_NOT_OURS = _words(r"tri\w*|sort\w*|classe\w*|score\s+d'intention|intent\s+score")
_IDENTIFIER = re.compile(r"(?<!\d)\d{3}[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{5})?(?!\d)")


class ScoresIntent:
    """Score leads again, or explain a lead's score, through `score_leads`."""

    name = "scores"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `score_leads` call, a question back, or None when not about lead scores."""
        if not conversation.has_tool(TOOL):
            return None  # the honest-scope intent says scoring is not available
        request = Request(text)
        if request.has(_NOT_OURS):
            return None
        if request.has(_WHY):
            sirens = _pointed(request, conversation)
            if not sirens:
                return TextReply(t("scores.offline.which", conversation.language))
            if sirens == [NAMED]:  # "why is Nexys Elec scored like that?": found by name first
                name = str(capitalised_name(text))
                memo = {"then": EXPLAIN, "name": name}
                return plan_or_unavailable(conversation, SEARCH, {"text": name, "limit": 10}, memo)
            return ToolCallPlan.one(TOOL, {"sirens": sirens})
        if not request.has(_RUN):
            return None
        named = list_name(request)
        args: dict[str, object] = {"list_name": named} if named else {}
        owner = owner_in(request) or (None if named else person_in(request))
        takes = conversation.tools.get(TOOL, {}).get("properties", {})
        if owner and "owner" in takes:  # "score les leads de David": his (a manager's request)
            args["owner"] = owner
        elif (request.has(_MY_LEADS) or (request.has(_MINE) and not named)) and "mine" in takes:
            args["mine"] = True  # "score mes leads": the rep's own, never the team's
        return ToolCallPlan.one(TOOL, args)

    def follow(
        self, step: object, results: Sequence[ToolResult], conversation: Conversation
    ) -> Plan | None:
        """After searching the company named (`then: explain_score`), its score's reasons;
        among homonyms, which one first."""
        if step != EXPLAIN:
            return None
        name = str((conversation.memo_of_calls or {}).get("name") or "")
        company = named_company(results, name)
        if company is not None:
            return ToolCallPlan.one(TOOL, {"sirens": [company.siren]})
        several = homonyms_found(results, name)  # which one, then its score's reasons
        if several:
            return which_homonym(several, {"name": TOOL, "args": {}}, conversation, key="sirens")
        return None

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The counts and the best leads, or the reasons of the lead asked about."""
        return "\n\n".join(scores_answer(result, language) for result in results)


def _pointed(request: Request, conversation: Conversation) -> list[str]:
    """The companies a "why" is about: SIRENs given, rows by rank, or the one in focus."""
    digits = _IDENTIFIER.findall(request.text)
    if digits:
        return list(dict.fromkeys(re.sub(r"\D", "", found)[:9] for found in digits))
    reference = find_reference(request.folded)
    rows = conversation.shown_rows
    if reference is not None and reference.kind != "all" and rows:
        chosen = resolve_rows(reference, rows)
        if chosen:
            return [siren for siren, _ in chosen]
    name = capitalised_name(request.text)
    if name is not None and list_name(request) is None:
        wanted = fold(name).lower()
        shown = [siren for siren, shown in rows if fold(shown).lower() == wanted]
        return shown[:1] if shown else [NAMED]
    focus = conversation.focus_company
    if focus is not None:
        return [focus[0]]
    return [rows[0][0]] if len(rows) == 1 else []


def scores_answer(result: ToolResult, language: Language) -> str:
    """The answer for one `score_leads` result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, ScoresArtifact):
        return plain_answer(result, language)
    where = (
        md("scores.offline.in_list", language, name=artifact.list_name)
        if artifact.list_name
        else ""
    )
    if artifact.owner:  # "pour Alice Martin": whose leads were scored
        owner = md("scores.offline.of_owner", language, name=display_name(artifact.owner) or "")
        where = Markdown(where + owner)
    if not artifact.scored:
        return md("scores.offline.none", language, where=where)
    if artifact.scope == "companies":
        return "\n\n".join(_explained(lead, language) for lead in artifact.leads[:EXPLAINED])
    parts = [
        md("scores.offline.done", language, scored=artifact.scored, changed=artifact.changed,
           promoted=artifact.promoted, where=where),
        t("scores.offline.top", language),
        bullets([_line(lead, language) for lead in artifact.leads[:SHOWN]]),
    ]  # fmt: skip
    return "\n\n".join(parts)


def _line(lead: ScoredLeadItem, language: Language) -> Markdown:
    promoted = t("scores.offline.promoted", language) if lead.promoted else ""
    return md(
        "scores.offline.lead", language, name=lead.name, score=lead.score, fit=lead.fit.score,
        engagement=lead.engagement.score, intent=lead.intent.score, promoted=promoted,
    )  # fmt: skip


def _explained(lead: ScoredLeadItem, language: Language) -> str:
    head = md("scores.offline.why", language, name=lead.name, score=lead.score, list=lead.list_name)
    lines = []
    for name, part in (("fit", lead.fit), ("engagement", lead.engagement), ("intent", lead.intent)):
        reasons = [Reason(r.code, r.value, r.points) for r in part.reasons]
        lines.append(
            md(
                "scores.offline.why_part",
                language,
                part=t(f"scores.part.{name}", language).capitalize(),
                score=part.score,
                reasons=reasons_text(reasons, language),
            )
        )
    return head + "\n" + bullets(lines)
