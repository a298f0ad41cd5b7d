"""Pipeline summary: "résumé du pipeline de la semaine", "pipeline summary for this quarter",
"leads gagnés le mois dernier", "combien de SQL depuis le 1er octobre ?", and the follow-ups
that change its period or rep ("et Bruno ?", "et le mois dernier ?").

The periods are read by `periods.py`, "who … the most" questions by `ranking.py`. The answer
states the exact days counted, and which counts are a snapshot of now and which happened
within the period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage

from agent.artifacts import ConversionItem, OwnerItem, PipelineArtifact, TrendItem
from agent.i18n import Language, Markdown, format_number, format_percent, md, t
from agent.i18n.labels import display_name, stage_label
from agent.llm.offline.conversation import MEMO_KEY, Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, ToolCallPlan, plan_or_unavailable
from agent.llm.offline.intents.lead_lists import list_name
from agent.llm.offline.intents.leads import stages_in, why_closed, without_contact_for
from agent.llm.offline.intents.lists import list_named_loosely, named_focus_list
from agent.llm.offline.intents.owners import NOT_A_PERSON, owner_in, person_in
from agent.llm.offline.intents.periods import (
    DEFAULT_PERIOD,
    LAST_PERIODS,
    PERIODS,
    month_in,
    names_a_date,
    names_a_period,
    period_in,
    range_in,
    since_in,
)
from agent.llm.offline.intents.ranking import (
    BY_WHOM,
    RANK_FOLLOW,
    RANKING,
    rank_metric,
    stages_named,
)
from agent.llm.offline.intents.stages import moves_a_lead
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets, plain

TOOL = "pipeline_summary"
_PIPELINE = re.compile(
    r"(?<![\w])(?:pipe(?:line)?s?|funnel|entonnoir|taux\s+de\s+conversion"
    r"|conversion\s+rates?|kpis?|statistiques|stats|metrics|perfs?|performances?|bilan"
    r"|compare[rz]?|comparaison|compare\s+to|versus|vs|win\s+rates?|taux\s+de\s+(?:gain|succes)"
    r"|chiffres|resultats\s+(?:de\s+l'equipe|commerciaux|de\s+la\s+semaine|du\s+mois)"
    r"|qui\s+a\s+(?:signe|gagne|le\s+plus)|top\s+(?:commercial|rep|seller)s?"
    r"|meilleure?s?\s+commerciale?s?|best\s+reps?|classement|ranking|leaderboard"
    r"|how\s+(?:is|are)\s+(?:the\s+team|we|things|sales)\s+(?:doing|going)|how'?s\s+the\s+team"
    r"|how\s+(?:did|have)\s+(?:we|i|the\s+team)\s+(?:do|done)|how'?d\s+we\s+do"
    r"|comment\s+(?:on\s+a|j'ai|l'equipe\s+a)\s+fait|on\s+a\s+fait\s+comment"
    r"|(?:break\w*\s+(?:it\s+)?down|ventil\w*|detaill?\w*)\s+(?:by|par)\s+(?:rep|commercial|owner)"
    r"|comment\s+(?:va|se\s+porte)\s+l'equipe|ou\s+en\s+est\s+l'equipe|ou\s+en\s+sont\s+les\s+ventes"
    r"|who\s+(?:closed|won|signed|sold)|qui\s+a\s+(?:close|conclu|vendu)|most\s+(?:deals|wins|sqls?|leads)"
    r"|(?:which|what|quel|quelle)\s+(?:rep|commercial|commerciale|salesperson|sales\s+rep|vendeur|vendeuse)"
    r"|le\s+plus\s+de\s+(?:deals|sqls?|mqls?|ventes|signatures|leads)"
    r"|(?:qu'est-ce\s+qui|ce\s+qui|qu'est-ce\s+qu'il)\s+(?:a\s+)?(?:bouge|change|avance|s'est\s+passe)"
    r"|what(?:'s|\s+has)?\s+(?:changed|moved|happened)|quoi\s+de\s+neuf|what'?s\s+new"
    r"|(?:resume|recap\w*|synthese|point|summary|overview|rapport|report)\s+"
    r"(?:(?:de|du|des|d'|l'|la|le|of|the|for|my|our|mon|ma|notre|cette|ce|this|l'activite)\s*){0,3}"
    r"(?:equipe|team|semaine|mois|trimestre|week|weekly|month|monthly|quarter|activite|activity"
    r"|ventes|sales|commercial|hebdo\w*|mensuel\w*)"
    r"|(?:weekly|monthly|quarterly|team|sales)\s+(?:\w+\s+)?(?:summary|recap|report|overview|review))"
    r"(?![\w])"
    r"|(?<![\w])(?:combien|how\s+many)\b.*(?:leads?|sqls?|mqls?|deals?|gagn|won|signe)"
)
# What happened to leads ("gagnés", "new SQLs"): with a period, a count over that period.
_OUTCOME = re.compile(
    r"(?<![\w])(?:gagne(?:e|s|es)?|won|wins?|signe(?:e|s|es)?|perdu(?:e|s|es)?|lost"
    r"|sqls?|mqls?|nouveaux\s+leads|new\s+leads)(?![\w])"
)


_MINE = re.compile(
    r"(?<![\w])(?:mon|ma|mes|my|mine|perso|personnel(?:le)?|j'ai|j'en\s+ai|i\s+have|i've|have\s+i)"
    r"(?![\w])"
)
_COMPARE = re.compile(
    r"(?<![\w])(?:compare\w*|comparaison|versus|vs|par\s+rapport|against)(?![\w])"
)
_HOW_MANY_MINE = re.compile(
    r"(?<![\w])(?:combien|how\s+many)\b.*(?:j'ai|j'en\s+ai|ai-je|est-ce\s+que\s+j'ai|i\s+have|have\s+i"
    r"|m'en\s+reste|me\s+reste|do\s+i\s+(?:still\s+)?have|i\s+(?:still\s+)?have\s+left)"
)
# "how many leads does Chloe have now?", "combien de leads a Bruno maintenant ?": a count now
_NOW = re.compile(
    r"(?<![\w])(?:now|right\s+now|currently|today|maintenant|actuellement|en\s+ce\s+moment"
    r"|aujourd'hui|(?:does|do)\s+[a-z][a-z-]{1,20}\s+(?:still\s+)?have)(?![\w])"
)
_TEAM = re.compile(
    r"(?<![\w])(?:we|us|our\s+team|nous|on|l'equipe|equipe|team|everyone|tout\s+le\s+monde)(?![\w])"
)
_BY_REP = re.compile(r"(?<![\w])(?:par|by|pour\s+chaque|per)\s+(?:commercial|rep|vendeur|owner)")
_FOLLOW_UP = re.compile(
    r"^\W*(?:et|and|what\s+about|how\s+about|plutot|instead|pareil|idem|meme\s+chose|same)?"
    r"(?:\s+(?:pour|for|sur|de|du|d'|le|la|les))*\b"
)


_ASKS_FOR_ROWS = re.compile(
    r"(?<![\w])(?:leads?|deals?|listes?|lists?|entreprises|companies|fiche)(?![\w])"
)
_STAGE_WORD = re.compile(
    r"sqls?|mqls?|won|lost|perdu\w*|gagne\w*|disqualifi\w*|signe\w*|nouveaux|new|leads?|deals?"
)
# "qui a signé le plus ?", "who has the most SQLs?": a ranking of reps on one figure
# "combien de leads il a ?": about the rep just talked of, a count of their leads
_THEIR_COUNT = re.compile(r"(?<![\w])(?:il|elle|he|she)\s+(?:en\s+)?(?:a|has)(?![\w])")
_BEFORE = re.compile(
    r"(?<![\w])(?:the\s+(?:week|month|quarter|year|one)\s+before|before\s+that"
    r"|(?:la\s+semaine|le\s+mois|le\s+trimestre|l'annee|celle|celui)\s+d'avant"
    r"|(?:la\s+semaine|le\s+mois|le\s+trimestre|l'annee)\s+(?:encore\s+)?(?:avant|precedente?))(?![\w])"
)
_NOT_CONTACTED = re.compile(
    r"(?:(?<![\w])(?:pas|non|jamais|not|never|sans|nobody|no\s+one)|n't)\s+(?:\w+\s+){0,2}?"
    r"(?:contacte\w*|relance\w*|contacted|touched|appele\w*|called|reached)"
)
# "montre les perdus de David", "show me David's lost leads", "liste ses gagnés": the leads
# themselves, not a summary of them
_SHOW_STAGE_LEADS = re.compile(
    r"(?<![\w])(?:montre\w*|affiche\w*|liste|lister|show|list|display|voir|vois)(?:[- ]moi|\s+me)?"
    r"\s+(?:les\s+|the\s+|ses\s+|his\s+|her\s+|their\s+|[a-z][a-z-]{1,20}'s\s+)?"
    r"(?:leads?\s+|deals?\s+)?(?:perdus?|gagnes?|lost|won|disqualifi\w*|sqls?|mqls?)(?![\w])"
)
_HOW_MANY_LEADS = re.compile(r"(?<![\w])(?:combien|how\s+many)\b.*\b(?:leads?|deals?)(?![\w])")
_NOW_STAGE = re.compile(
    r"(?<![\w])(?:(?:en|at|in)\s+(?:sqls?|mqls?|nouveau|new)|leads?\s+(?:sqls?|mqls?))(?![\w])"
)


def _count_now(request: Request) -> bool:
    """ "combien de leads Bruno a en SQL ?": a count of leads at a stage now, not a period's
    activity: the leads tool answers it."""
    if not (request.has(_HOW_MANY_LEADS) and (request.has(_NOW_STAGE) or request.has(_NOW))):
        return False
    return not any(request.has(p) for _, p in (*LAST_PERIODS, *PERIODS))


_COUNT = re.compile(r"(?<![\w])(?:combien|how\s+many)(?![\w])")
_SAYS_PIPELINE = re.compile(r"(?<![\w])(?:pipe(?:line)?s?|funnel|equipe|team)(?![\w])")


def _count_in_the_list_shown(request: Request, conversation: Conversation) -> bool:
    """ "combien de SQL David a ?" with a list's leads on screen: a count in that list (the
    leads tool answers it), unless a period or the pipeline is named."""
    shown = conversation.previous_leads
    if shown is None or shown.list is None or not request.has(_COUNT):
        return False
    return not (names_a_period(request) or request.has(_SAYS_PIPELINE))


def _stages_of_the_leads_shown(request: Request, conversation: Conversation) -> bool:
    """ "combien de perdus et disqualifiés ?" right after "mes leads": those stages among the
    leads on screen (the leads tool answers it), unless a period, the team or the pipeline
    is named."""
    if conversation.previous_leads is None or not stages_in(request):
        return False
    return not (names_a_period(request) or request.has(_SAYS_PIPELINE) or request.has(_BY_REP))


# "compare avec Chloé", "compared to David", "vs Chloé": the rep just shown against another
_COMPARE_WITH = re.compile(
    r"^\W*(?:(?:et|and|ok|alors|now|maintenant)[\s,]+)?(?:compare\w*(?:[- ](?:le|la|les|lui|it|them|her|him))?"
    r"\s+(?:a|avec|to|with)|par\s+rapport\s+a|versus|vs\.?|against|face\s+a)\s"
)
_SAME_PERIOD = re.compile(
    r"(?<![\w])(?:(?:sur\s+)?la\s+meme\s+periode|(?:over|for)\s+the\s+same\s+period)(?![\w])"
)
# "et Bruno ?", "what about Chloé?": after a summary, a rep named alone
_BARE_PERSON = re.compile(
    r"^\W*(?:(?:et|and)\s+)?(?:what\s+about|how\s+about|pareil\s+pour|same\s+for|compared\s+(?:to|with)"
    r"|compare\w*\s+(?:a|avec|to|with)|par\s+rapport\s+a|versus|vs|et|and)\s+(?:pour\s+|for\s+|chez\s+)?"
    r"(?P<name>[a-z][a-z-]{1,20})(?:\s+(?:sur|over|for|pendant|on)\s+(?:la\s+|the\s+)?"
    r"(?:meme\s+periode|same\s+period))?(?:\s+(?:aussi|too|also))?\W*$"
    r"|^\W*(?:how'?s|how\s+is|how\s+did|how\s+are\s+things\s+with|comment\s+va|comment\s+s'en\s+sort"
    r"|ou\s+en\s+est)\s+(?P<who>[a-z][a-z-]{1,20})(?:\s+(?:doing|going|do))?"
    r"(?:\s+(?:this|last|ce|cette|le)\s+\w+(?:-ci|-la)?(?:\s+(?:dernier|derniere))?)?"
    r"(?:\s+(?:over|for|on|in|sur)\s+(?:the\s+|la\s+)?(?:same\s+period|meme\s+periode))?\W*$"
    r"|^\W*(?:et\s+|and\s+)?(?P<whom>[a-z][a-z-]{1,20})\s*,?\s*(?:elle|il)\s+en\s+est\s+ou"
    r"(?:\s+(?:this|last|ce|cette|le)\s+\w+(?:-ci|-la)?(?:\s+(?:dernier|derniere))?)?\W*$"
)


def _name_after(request: Request, pattern: re.Pattern[str]) -> str | None:
    """The one first name that ends the request after `pattern` ("compare her with Bruno"),
    as written, or None."""
    match = pattern.search(request.folded)
    if match is None:
        return None
    word = re.fullmatch(r"\s*([a-z][a-z-]{1,20})\W*", request.folded[match.end() :])
    if word is None or word[1] in NOT_A_PERSON or _STAGE_WORD.fullmatch(word[1]):
        return None
    return request.original(match.end() + word.start(1), match.end() + word.end(1))


def bare_person(request: Request) -> str | None:
    """The rep a short follow-up names alone ("et Bruno ?"), as written, or None."""
    match = _BARE_PERSON.match(request.folded)
    if match is None:
        return None
    group = "name" if match["name"] else "who" if match["who"] else "whom"
    if match[group] in NOT_A_PERSON or _STAGE_WORD.fullmatch(match[group]):
        return None
    return request.original(match.start(group), match.end(group))


def _is_follow_up(request: Request) -> bool:
    """A short message that changes the last summary's period or rep, or asks it by rep."""
    if len(request.folded.split()) > 10:
        return False
    if request.has(_ASKS_FOR_ROWS) and not request.has(_PIPELINE):
        return False  # "show me David's leads": his leads, not his summary
    names_period = names_a_period(request) or request.has(_SAME_PERIOD) or request.has(_BEFORE)
    named = person_in(request) is not None or bare_person(request) is not None
    return names_period or request.has(_BY_REP) or named or request.has(_TEAM)


def _previous_period(previous: PipelineArtifact) -> dict[str, Any]:
    period = previous.period
    if period.label in ("custom", "since"):
        return {"start": period.start.isoformat(), "end": period.end.isoformat()}
    return {"period": period.label}


_IN_A_LIST = re.compile(
    r"(?<![\w])(?:de|dans|of|in|from|sur)\s+(?:la|ma|notre|the|my|our|cette|this|that)"
    r"\s+(?:liste|list)(?![\w])|(?<![\w])(?:dedans|in\s+it|in\s+there|inside)(?![\w])"
)


# "et la liste BTP récents Bretagne elle a combien de leads ?": a list's leads, not a period's
_A_LIST_NAMED = re.compile(
    r"(?<![\w])(?:la|ma|sa|cette|the|my|this)\s+(?:liste|list)\s+(?!de\s|d'|of\s)\S"
)
_WHICH_LIST = re.compile(r"(?<![\w])(?:quelles?|which)\s+(?:listes?|lists?)(?![\w])")


def _is_pipeline(request: Request) -> bool:
    if request.has(_WHICH_LIST):
        return False  # "quelle liste a le plus de deals gagnés ?": the lists' counts
    if request.has(_PIPELINE) or request.has(RANKING):
        return True
    if request.has(_COUNT) and len(stages_named(request)) > 1:
        return True  # "combien de perdus et disqualifiés ?": the team's, or the rep's own
    if not request.has(_OUTCOME):
        return False
    return names_a_date(request)


class PipelineIntent:
    """Counts, conversion and trends over a period, for the team or one rep."""

    name = "pipeline"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `pipeline_summary` call {period or dates, owner or mine}, or None."""
        request = Request(text)
        if moves_a_lead(request):
            return None  # "mets-la en perdu, raison : pas de budget cette année": a stage move
        two = self._two_reps(request, conversation)
        if two is not None:
            return two
        after_summary = conversation.previous_pipeline is not None
        follow_up = after_summary and (
            _is_follow_up(request)
            or RANK_FOLLOW.match(request.folded) is not None
            or request.has(BY_WHOM)
        )
        if (
            request.has(_IN_A_LIST)
            or (request.has(_HOW_MANY_MINE) and not names_a_period(request))
            or named_focus_list(request, conversation)
            or list_named_loosely(request)
            or (request.has(_A_LIST_NAMED) and list_name(request) is not None)
            or why_closed(request)
            or (request.has(_THEIR_COUNT) and conversation.focus_owner is not None)
            or request.has(_NOT_CONTACTED)
            or without_contact_for(request)
            or _count_now(request)
            or _count_in_the_list_shown(request, conversation)
            or _stages_of_the_leads_shown(request, conversation)
            or request.has(_SHOW_STAGE_LEADS)
        ):
            return None  # "combien de leads dans la liste X ?", "combien de leads j'ai ?"
        doing = _BARE_PERSON.match(request.folded)
        asks_how_a_rep_does = doing is not None and (doing["who"] or doing["whom"]) is not None
        if not (_is_pipeline(request) or follow_up or asks_how_a_rep_does):
            return None
        today = conversation.today or date.today()
        args = period_args(request, today)
        before = _BEFORE.search(request.folded)
        if before is not None and conversation.previous_pipeline is not None:
            # "and the week before?": the period the last summary compared with
            earlier = conversation.previous_pipeline.previous
            args = {"start": earlier.start.isoformat(), "end": earlier.end.isoformat()}
        if not args and conversation.previous_pipeline is not None:
            # "qui a le plus de SQL ?" after a summary: the period being discussed
            previous = conversation.previous_pipeline
            assert previous is not None
            args = _previous_period(previous)
        args = args or {"period": DEFAULT_PERIOD}
        named_alone = (follow_up or asks_how_a_rep_does) and bare_person(request)
        owner = owner_in(request) or person_in(request) or named_alone
        if owner:
            args["owner"] = owner
        elif (
            request.has(_MINE)
            and not request.has(_TEAM)  # "mon équipe a combien de SQL ?": the team's
            and "mine" in conversation.tools.get(TOOL, {}).get("properties", {})
        ):
            args["mine"] = True
        elif (
            follow_up
            and not request.has(_BY_REP)
            and not request.has(_TEAM)
            and rank_metric(request, _previous_request(conversation)) is None
        ):
            previous_owner = conversation.previous_pipeline and conversation.previous_pipeline.owner
            if previous_owner:
                args["owner"] = previous_owner
        metric = rank_metric(request, _previous_request(conversation))
        if metric and request.has(BY_WHOM) and _stages_counted_before(conversation):
            metric = None  # "par qui ?" after "combien de perdus et disqualifiés ?": per rep
        counted = _stages_counted(request, conversation, follow_up=follow_up, ranked=bool(metric))
        if (
            metric in _CLOSED
            and follow_up
            and RANK_FOLLOW.match(request.folded) is not None
            and not request.has(RANKING)
            and not request.has(_MOST)
            and _previous_rank(conversation) is None
        ):
            # "and disqualified?" after November's summary (not after a ranking): November's
            counted = f"{metric}{WITHIN}"
        if counted is not None and names_a_period(request) and _closed_only(counted):
            counted = (
                counted.removesuffix(WITHIN) + WITHIN
            )  # "… perdus ce trimestre": the quarter's
        if counted is not None:
            # "combien de perdus et disqualifiés ?", then "et ceux de Bruno ?": those stages'
            # total, each one's, per rep
            only = {"notes": [f"stages:{counted}"], "notes_only": True}
            return plan_or_unavailable(conversation, TOOL, args, memo=only)
        if metric is None and follow_up and "owner" not in args:
            metric = _previous_rank(conversation)  # "et la semaine dernière ?" after a ranking
        notes = [f"rank:{metric}"] if metric else []
        if _conversion_out_of_scope(request, args, conversation):
            # said, not silently all-time; no ranking on another figure in its place
            notes = ["offline.pipeline.conversion_scope"]
        memo = {"notes": notes} if notes else None
        return plan_or_unavailable(conversation, TOOL, args, memo=memo)

    def _two_reps(self, request: Request, conversation: Conversation) -> Plan | None:
        """ "how does Chloé compare with David?": both reps' summaries, same period; "compare
        avec Chloé" right after Bruno's: Bruno's and Chloé's, side by side."""
        match = _TWO_REPS.search(request.folded)
        if match is None:
            return self._compared_with(request, conversation)
        groups = ("a", "b") if match["a"] else ("a2", "b2")
        names = [match[group] for group in groups]
        if any(name in NOT_A_PERSON or _STAGE_WORD.fullmatch(name) for name in names):
            return self._compared_with(request, conversation)  # "compare her with Bruno"
        today = conversation.today or date.today()
        period = period_args(request, today)
        if not period and conversation.previous_pipeline is not None:
            period = _previous_period(conversation.previous_pipeline)
        period = period or {"period": DEFAULT_PERIOD}
        owners = [request.original(match.start(g), match.end(g)) for g in groups]
        if not conversation.has_tool(TOOL):
            return None
        return ToolCallPlan(calls=tuple((TOOL, {**period, "owner": who}) for who in owners))

    @staticmethod
    def _compared_with(request: Request, conversation: Conversation) -> Plan | None:
        """ "compare avec Chloé", "compared to David?" after one rep's summary: both reps'
        summaries for the period being discussed; None otherwise."""
        previous = conversation.previous_pipeline
        if previous is None or not previous.owner or not request.has(_COMPARE_WITH):
            return None
        named = bare_person(request) or owner_in(request) or person_in(request)
        if named is None:  # "compare her with Bruno": the one name after "with"
            named = _name_after(request, _COMPARE_WITH)
        if named is None or not conversation.has_tool(TOOL):
            return None
        today = conversation.today or date.today()
        period = period_args(request, today) or _previous_period(previous)
        calls = ((TOOL, {**period, "owner": previous.owner}), (TOOL, {**period, "owner": named}))
        return ToolCallPlan(calls=calls)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Stages, new leads and SQLs with their trend, wins, conversion, reps."""
        return "\n\n".join(pipeline_answer(result, language) for result in results)


def period_args(request: Request, today: date) -> dict[str, Any]:
    """The dates or period a request names as `pipeline_summary` takes them, {} when it
    names none."""
    days = range_in(request, today)
    if days:
        return {"start": days[0].isoformat(), "end": days[1].isoformat()}
    since = since_in(request, today)
    if since:
        return {"since": since.isoformat()}
    month = month_in(request, today)
    if month:
        return {"start": month[0].isoformat(), "end": month[1].isoformat()}
    if request.has(_COMPARE):  # "compare cette semaine à la dernière": this one, compared
        current = next((p for p, pattern in PERIODS if request.has(pattern)), None)
        if current is not None:
            return {"period": current}
    if any(request.has(p) for _, p in (*LAST_PERIODS, *PERIODS)):
        return {"period": period_in(request)}
    return {}


def _trend(name: str, trend: TrendItem, language: Language) -> str:
    """ "New leads in the period: 14 (+40% vs the comparison period: 10)"."""
    if trend.change_pct is None:
        return t(
            "pipeline.answer.trend_no_change",
            language,
            name=name,
            current=trend.current,
            previous=trend.previous,
        )
    change = format_percent(trend.change_pct, language, signed=True)
    return t(
        "pipeline.answer.trend",
        language,
        name=name,
        current=trend.current,
        previous=trend.previous,
        change=change,
    )


_NAME = r"[a-z][a-z-]{1,20}"
_TWO_REPS = re.compile(
    rf"(?<![\w])(?:compare\w*|comparaison|comparison)\s+(?:de\s+|d'|entre\s+|between\s+|of\s+)?"
    rf"(?P<a>{_NAME})\s+(?:et|and|a|avec|with|to|vs|versus|contre)\s+(?P<b>{_NAME})(?![\w])"
    rf"|(?<![\w])(?:how\s+does|how\s+do|comment)\s+(?P<a2>{_NAME})\s+(?:compare|se\s+compare)\s+"
    rf"(?:with|to|a|avec)\s+(?P<b2>{_NAME})(?![\w])"
)


_CONVERSION = re.compile(
    r"(?<![\w])(?:conversion\w*|convert\w*|taux\s+de\s+transfo\w*|win\s+rates?|taux\s+de\s+(?:signature"
    r"|closing|gain))(?![\w])"
)
_PER_REP = re.compile(
    r"(?<![\w])(?:par|by|per|pour\s+chaque|for\s+each)\s+(?:commercial\w*|reps?|vendeurs?|owner)"
    r"|(?<![\w])(?:which|quel(?:le)?|quels)\s+(?:rep|commercial\w*|vendeur)(?![\w])"
    r"|(?<![\w])(?:who|qui)\b.*\b(?:best|worst|meilleur\w*|pire|moins\s+bon\w*)(?![\w])"
)


def _conversion_out_of_scope(
    request: Request, args: dict[str, object], conversation: Conversation
) -> bool:
    """Whether the request asks for a conversion the summary does not give: over a period,
    or per rep (the summary's conversion is the team's, over all leads), asked now or just
    before ("et par commercial ?")."""
    asked = request.has(_CONVERSION) or (
        conversation.previous_pipeline is not None
        and request.has(_PER_REP)
        and len(request.folded.split()) <= 5
        and Request(_previous_request(conversation)).has(_CONVERSION)
    )
    if not asked:
        return False
    return request.has(_PER_REP) or names_a_period(request) or "owner" in args


_CLOSED = ("lost", "disqualified", "lost+disqualified")
_MOST = re.compile(r"(?<![\w])(?:most|le\s+plus|le\s*\+|fewest|least|le\s+moins)(?![\w])")
WITHIN = "@period"  # stages counted as closed within the period, not as they stand now


def _closed_only(counted: str) -> bool:
    """Whether the stages counted are all closing ones (lost, disqualified), which the summary
    also counts within its period."""
    return set(counted.removesuffix(WITHIN).split("+")) <= {"lost", "disqualified"}


def _stages_counted(
    request: Request, conversation: Conversation, *, follow_up: bool, ranked: bool
) -> str | None:
    """The stages ("lost+disqualified") a request counts together: named in a count ("combien
    de perdus et disqualifiés ?") or in a follow-up of a summary ("et les perdus et
    disqualifiés de Bruno ?"), or those of the count just made ("et ceux de Bruno ?"); None
    for a ranking or anything else."""
    if ranked:
        return None
    several = stages_named(request)
    if len(several) > 1 and (request.has(_COUNT) or follow_up):
        return "+".join(several)
    if not follow_up or several:
        return None
    earlier = _stages_counted_before(conversation)
    if earlier and earlier.endswith(WITHIN) and names_a_period(request):
        return None  # "and disqualified?", then "this week vs last week?": the new summary
    return earlier


def _stages_counted_before(conversation: Conversation) -> str | None:
    """The stages the last summary counted together ("lost+disqualified"), if it did."""
    notes = (conversation.memo_of_latest_call(TOOL) or {}).get("notes") or []
    earlier = [str(note) for note in notes if str(note).startswith("stages:")]
    return earlier[0].removeprefix("stages:") if earlier else None


def _previous_rank(conversation: Conversation) -> str | None:
    """The figure the last summary ranked reps on ("qui a signé le plus ?"), if it did."""
    for message in reversed(conversation.messages):
        if isinstance(message, AIMessage) and any(c["name"] == TOOL for c in message.tool_calls):
            notes = (message.response_metadata.get(MEMO_KEY) or {}).get("notes") or []
            ranked = [str(n).removeprefix("rank:") for n in notes if str(n).startswith("rank:")]
            return ranked[0] if ranked else None
    return None


def _previous_request(conversation: Conversation) -> str:
    """The rep's message before this one ("combien de deals perdus ?" before "par qui ?")."""
    humans = [m for m in conversation.messages if isinstance(m, HumanMessage)]
    return str(humans[-2].content) if len(humans) >= 2 else ""


def _owner_line(owner: OwnerItem, language: Language) -> Markdown:
    login = owner.owner or t("offline.pipeline.no_owner", language)
    return md(
        "pipeline.answer.owner_line",
        language,
        name=display_name(owner.owner) if owner.owner else login,
        owner=login,
        new_leads=owner.new_leads,
        new_sqls=owner.new_sqls,
        won=owner.won,
    )


def _rate(item: ConversionItem, language: Language) -> str:
    """ "40 % (4/10)", or n/a when nothing reached the first stage."""
    if item.rate is None:
        return t("offline.pipeline.no_rate", language)
    rate = format_percent(item.rate * 100, language)
    return t(
        "offline.pipeline.rate", language, rate=rate, converted=item.converted, reached=item.reached
    )


def _head(artifact: PipelineArtifact, language: Language) -> Markdown:
    """ "Pipeline — ce mois-ci, du 01/11/2026 au 18/11/2026, comparé à la période du …"."""
    period, previous = artifact.period, artifact.previous
    who = (
        md("offline.pipeline.head_owner", language, owner=display_name(artifact.owner))
        if artifact.owner
        else md("offline.pipeline.head", language)
    )
    return md(
        "pipeline.answer.head",
        language,
        who=who,
        label=t(f"pipeline.label.{period.label}", language),
        start=period.start,
        end=period.end,
        previous_start=previous.start,
        previous_end=previous.end,
    )


def pipeline_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "pipeline" result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, PipelineArtifact):
        return plain_answer(result, language)
    period = artifact.period
    counts = ", ".join(
        f"{stage_label(stage, language)} {format_number(count, language)}"
        for stage, count in artifact.stages.items()
    )
    won = t("pipeline.answer.won", language, start=period.start, end=period.end)
    lines = [
        _trend(won, artifact.won, language),
        _trend(t("pipeline.answer.new_leads", language), artifact.new_leads, language),
        _trend(t("pipeline.answer.new_sqls", language), artifact.new_sqls, language),
        t("pipeline.answer.stages_now", language, total=artifact.total, counts=counts),
    ]
    rates = ", ".join(
        " → ".join(stage_label(stage, language) for stage in name.split("_to_"))
        + f" {_rate(item, language)}"
        for name, item in artifact.conversion.items()
    )
    lines.append(t("pipeline.answer.conversion", language, rates=rates))
    parts: list[str] = [_head(artifact, language), bullets([plain(line) for line in lines])]
    owners = artifact.owners
    if owners and not (artifact.owner and len(owners) == 1):
        title = t("offline.pipeline.by_owner", language)
        parts.append(title + "\n" + bullets([_owner_line(o, language) for o in owners[:10]]))
    return "\n\n".join(parts)
