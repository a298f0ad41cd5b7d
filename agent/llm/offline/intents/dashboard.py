"""The manager's dashboard beyond the summary: "tendance sur 12 semaines", "weekly trend for
Bruno" (`pipeline_trends`), and "quels leads dorment ?", "stale leads", "leads qui n'ont pas
bougé depuis 3 semaines" (`stale_leads`). The pipeline by rep ("résumé du pipeline par
commercial") stays with the pipeline intent.

Answers say the exact weeks and moments counted, and name reps by their display names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from agent.artifacts import METRICS, StaleLeadsArtifact, TrendsArtifact
from agent.i18n import Language, Markdown, format_date, md, t
from agent.i18n.labels import stage_label
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, plan_or_unavailable
from agent.llm.offline.intents.owners import NOT_A_PERSON, owner_in, person_in
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets
from store.users import display_name

TRENDS, STALE, SUMMARY = "pipeline_trends", "stale_leads", "pipeline_summary"
# "depuis plus de 30 jours", "for over a month", "more than 3 weeks": only how long
_SINCE = re.compile(
    r"^\W*(?:(?:et|and|ok|alors|so|mais|but)\s+)*(?:(?:seulement|only|just)\s+)?(?:ceux\s+|those\s+)?"
    r"(?:(?:depuis|for|since|idle\s+for|de)\s+)?(?:(?:plus\s+d[e']|over|more\s+than|au\s+moins|at\s+least"
    r"|\+\s*de)\s*)?(?:\d{1,4}|un|une|a|one)\s+(?:jours?|days?|semaines?|weeks?|mois|months?)\W*$"
)
_TREND = re.compile(
    r"(?<![\w])(?:tendances?|trends?|trending|semaine\s+(?:par|apres)\s+semaine"
    r"|week\s+(?:by|over|on)\s+week|wow|hebdomadaires?\s+(?:des|du)\s+(?:leads|pipe\w*)"
    r"|evolution\s+(?:hebdo\w*|par\s+semaine|sur\s+\d+\s+semaines|du\s+pipe\w*)"
    r"|(?:weekly|per\s+week|par\s+semaine)\s+(?:trend|evolution|counts?|chiffres|figures)"
    r"|(?:sur|over)\s+(?:les\s+|the\s+)?(?:\d+\s+)?(?:dernieres\s+|last\s+)?\d+\s+(?:semaines|weeks))"
    r"(?![\w])"
)
_STALE = re.compile(
    r"(?<![\w])(?:dorm\w*|endormi\w*|stale|stagn\w*|idle|forgotten|neglected|stuck|a\s+l'abandon"
    r"|leads?\s+(?:oublie\w*|abandonne\w*|inacti\w*|inactive|bloque\w*)"
    r"|(?:oublie\w*|abandonne\w*)\s+(?:leads?|deals?)"
    r"|(?:n'|ne\s+)?(?:ont|a)\s+pas\s+(?:bouge|avance|progresse)|n'avancent\s+(?:pas|plus)"
    r"|qui\s+trainent|(?:not|n't|haven't|hasn't|have\s+not|has\s+not)\s+(?:moved|progressed)"
    r"|(?:no|without)\s+(?:activity|movement|progress))(?![\w])"
)
_WEEKS = re.compile(
    r"(?<![\w])(?P<n>\d{1,3})\s+(?:dernieres\s+|last\s+)?(?:semaines|weeks)(?![\w])"
)
_IDLE_FOR = re.compile(
    r"(?<![\w])(?P<n>\d{1,4})\s+(?P<unit>jours?|days?|semaines?|weeks?|mois|months?)(?![\w])"
    r"|(?<![\w])(?:un|une|a|one)\s+(?P<one>semaine|week|mois|month)(?![\w])"
)
_UNIT_DAYS = {"jour": 1, "day": 1, "semaine": 7, "week": 7, "moi": 30, "month": 30}
_MINE = re.compile(r"(?<![\w])(?:mes|ma|mon|my|mine|j'ai|i\s+have)(?![\w])")
# a manager's "mes commerciaux", "my reps", "mon équipe": the team, not her own leads
_MY_TEAM = re.compile(
    r"(?<![\w])(?:mes|my|our|nos)\s+(?:commerciaux|commerciales|vendeurs|reps|sales\s*(?:people|reps)"
    r"|salespeople|equipes?|teams?)|(?:mon|my|our|notre)\s+(?:equipe|team)(?![\w])"
)
# right after stale leads or a trend, "et chez Chloé ?", "lesquels chez David ?", "and for the
# whole team?": the same view for another rep, or for the team
_FOLLOW_UP = re.compile(
    r"^\W*(?:(?:et|and|ok|alors|so)\s+)*(?:lesquels|lesquelles|which(?:\s+ones)?|what\s+about"
    r"|(?:(?:do|fais|refais)\s+)?(?:the\s+)?same(?:\s+thing)?\s+(?:for|with)|(?:(?:fais|refais)\s+)?"
    r"(?:pareil|idem|la\s+meme\s+chose|meme\s+chose)\s+(?:pour|avec)"
    r"|how\s+about|show\s+me|show|montre(?:-moi|\s+moi)?|affiche|chez|pour|for|de|du|of|a|at|le|la"
    r"|les|the|ceux|celles)?(?:\s|$)"
)
# what a follow-up asks for when it is not the stale leads or the trend again: "les listes de
# Bruno", "les contacts de", "le pipeline de David", "ses leads MQL"
_ANOTHER_VIEW = re.compile(
    r"(?<![\w])(?:listes?|lists?|contacts?|decideurs|people|fiche|signaux|signals|exports?|csv"
    r"|mql|sql|gagne\w*|won|perdu\w*|lost|disqualifi\w*|scores?|crm)(?![\w])"
)
# "show me David's", "et ceux de Chloé": a rep by a possessive alone
_THEIRS = re.compile(r"(?<![\w])(?P<who>[a-z][a-z-]{1,20})'s(?:\s+(?:ones|too))?\W*$")
# right after a trend or a summary, "et le mois dernier ?": a month is the summary's period
_MONTH = re.compile(
    r"^\W*(?:(?:et|and|ok|alors|so)\s+)*(?:(?:pour|sur|for|over|what\s+about|how\s+about)\s+)?"
    r"(?P<period>le\s+mois\s+dernier|le\s+mois\s+passe|last\s+month|ce\s+mois(?:-ci)?"
    r"|this\s+month)\W*$"
)
# "lesquels dorment ?" right after a rep's leads: that rep's
_THOSE = re.compile(
    r"(?<![\w])(?:lesquels|lesquelles|ceux-ci|celles-ci|parmi\s+eux|parmi\s+elles|which\s+ones"
    r"|which\s+of\s+(?:them|these|those)|among\s+them|ses|sa|son|his|her|their"
    r"|(?:chez|pour|de|for|at)\s+(?:elle|lui|him))(?![\w])"
)
_WHOLE_TEAM = re.compile(
    r"(?<![\w])(?:(?:toute\s+)?l'equipe|(?:the\s+)?whole\s+team|the\s+team|everyone|tout\s+le\s+monde"
    r"|tous\s+les\s+commerciaux|all\s+(?:the\s+)?reps)(?![\w])"
)


class DashboardIntent:
    """Weekly trends and stale leads, for the team or one rep."""

    name = "dashboard"
    tools = (TRENDS, STALE)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `stale_leads` {days, owner or mine} or `pipeline_trends` {weeks, owner or mine}
        call, or None."""
        request = Request(text)
        if request.has(_STALE):
            args: dict[str, Any] = {}
            days = _idle_days(request)
            if days is not None:
                args["days"] = days
            args = self._whose(request, args, conversation)
            focus = conversation.focus_owner
            if request.has(_THOSE) and focus and not {"owner", "mine"} & args.keys():
                args["owner"] = focus  # "lesquels dorment ?" after Alice's MQL leads
            return plan_or_unavailable(conversation, STALE, args)
        if request.has(_TREND):
            args = {}
            weeks = request.group(_WEEKS, "n")
            if weeks is not None:
                args["weeks"] = int(weeks)
            args = self._whose(request, args, conversation)
            focus = conversation.focus_owner
            if request.has(_THOSE) and focus and not {"owner", "mine"} & args.keys():
                args["owner"] = focus  # "et sa tendance ?" after Chloé's leads
            return plan_or_unavailable(conversation, TRENDS, args)
        return self._follow_up(request, conversation)

    @staticmethod
    def _follow_up(request: Request, conversation: Conversation) -> Plan | None:
        """The stale leads or the trend just shown, for the rep or the team a short follow-up
        names, or None."""
        latest = conversation.latest_dashboard
        if latest is None or len(request.folded.split()) > 7 or request.has(_ANOTHER_VIEW):
            return None  # "montre les listes de Bruno" after the digest: his lists
        kept: dict[str, Any] = {"owner": latest.owner} if latest.owner else {}
        if isinstance(latest, TrendsArtifact) and _a_period_alone(request):
            # "et ce trimestre ?", "and in November?" after the trend: that period's summary
            from agent.llm.offline.intents.pipeline import period_args

            today = conversation.today or date.today()
            dates = period_args(request, today)
            if dates:
                return plan_or_unavailable(conversation, SUMMARY, {**dates, **kept})
        if isinstance(latest, TrendsArtifact) and request.has(_MONTH):
            # "et le mois dernier ?" after the 12-week trend: that month's summary, same rep
            period = (
                "month" if re.search(r"ce\s+mois|this\s+month", request.folded) else "last_month"
            )
            return plan_or_unavailable(conversation, SUMMARY, {"period": period, **kept})
        days = _idle_days(request)
        if (
            isinstance(latest, StaleLeadsArtifact)
            and days is not None
            and _SINCE.match(request.folded)
        ):
            # "depuis plus de 30 jours" after the stale leads: the same rep, idle that long
            return plan_or_unavailable(conversation, STALE, {"days": days, **kept})
        if not (request.has(_FOLLOW_UP) or request.has(_THEIRS)):
            return None
        if isinstance(latest, StaleLeadsArtifact):
            tool, args = STALE, {"days": latest.days}
        else:
            tool, args = TRENDS, {"weeks": len(latest.weeks)}
        theirs = _THEIRS.search(request.folded)
        possessive = theirs["who"] if theirs and theirs["who"] not in NOT_A_PERSON else None
        owner = owner_in(request) or person_in(request) or possessive
        if owner:
            if possessive and owner == possessive:
                owner = request.original(theirs.start("who"), theirs.end("who"))  # type: ignore[union-attr]
            return plan_or_unavailable(conversation, tool, {**args, "owner": owner})
        if request.has(_WHOLE_TEAM):
            return plan_or_unavailable(conversation, tool, args)
        return None

    @staticmethod
    def _whose(
        request: Request, args: dict[str, Any], conversation: Conversation
    ) -> dict[str, Any]:
        owner = owner_in(request) or person_in(request)
        if owner:
            return {**args, "owner": owner}
        if request.has(_MINE) and not request.has(_MY_TEAM):
            return {**args, "mine": True}
        if (
            conversation.user
            and conversation.focus_owner == conversation.user
            and not request.has(_WHOLE_TEAM)
            and not request.has(_MY_TEAM)
        ):
            # "quels leads dorment ?" right after "mon pipeline du mois": still one's own
            return {**args, "mine": True}
        return args

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """The trend's figures week by week, or the stale leads per rep and the oldest ones."""
        return "\n\n".join(_answer(result, language) for result in results)


# "et ce trimestre ?", "what about last quarter?", "pour novembre ?": a period and nothing else
_PERIOD_LEAD_IN = re.compile(
    r"^\W*(?:(?:et|and|ok|alors|so)\s+)*(?:(?:pour|sur|for|over|in|en|what\s+about|how\s+about"
    r"|et\s+pour)\s+)?(?:le|la|les|ce|cette|this|last|the)?(?:\s|$)"
)


def _a_period_alone(request: Request) -> bool:
    """Whether a short follow-up only names a period ("et ce trimestre ?")."""
    from agent.llm.offline.intents.periods import names_a_period

    words = request.folded.split()
    return (
        len(words) <= 6 and names_a_period(request) and bool(_PERIOD_LEAD_IN.match(request.folded))
    )


def _idle_days(request: Request) -> int | None:
    match = _IDLE_FOR.search(request.folded)
    if match is None:
        return None
    if match["one"]:
        return _UNIT_DAYS[match["one"].rstrip("s")]
    return int(match["n"]) * _UNIT_DAYS[match["unit"].rstrip("s")]


def _answer(result: ToolResult, language: Language) -> str:
    if result.is_error:
        return explain_error(result, language)
    match result.artifact:
        case TrendsArtifact() as trends:
            return trends_answer(trends, language)
        case StaleLeadsArtifact() as stale:
            return stale_answer(stale, language)
    return plain_answer(result, language)


def _who(owner: str | None, language: Language) -> Markdown:
    if owner:
        return md("dashboard.answer.of_rep", language, name=display_name(owner) or owner)
    return md("dashboard.answer.of_team", language)


def trends_answer(artifact: TrendsArtifact, language: Language) -> str:
    """ "Tendance de l'équipe sur 12 semaines, du … au …" then a line per figure, then this
    week to date against last week's same span."""
    first, last = artifact.weeks[0], artifact.weeks[-1]
    head = md(
        "dashboard.answer.trends_head",
        language,
        who=_who(artifact.owner, language),
        weeks=len(artifact.weeks),
        first=first.label,
        start=first.start,
        last=last.label,
        end=last.end,
    )
    lines = [
        md(
            "dashboard.answer.series",
            language,
            name=t(f"dashboard.metric.{metric}", language),
            values=" · ".join(str(value) for value in artifact.totals[metric]),
            total=sum(artifact.totals[metric]),
        )
        for metric in METRICS
    ]
    span = artifact.week_to_date
    moments = {
        key: f"{format_date(value, language)} {value:%H:%M}"
        for key, value in (
            ("start", span.start),
            ("end", span.end),
            ("previous_start", span.previous_start),
            ("previous_end", span.previous_end),
        )
    }
    to_date = ", ".join(
        t(
            "dashboard.answer.to_date_item",
            language,
            name=t(f"dashboard.metric.{metric}", language),
            current=item.current,
            previous=item.previous,
        )
        for metric, item in span.totals.items()
    )
    week = md("dashboard.answer.week_to_date", language, figures=to_date, **moments)
    return "\n\n".join([head, bullets(lines), week])


def stale_answer(artifact: StaleLeadsArtifact, language: Language) -> str:
    """How many open leads sleep, per rep, and the oldest ones."""
    head = md(
        "dashboard.answer.stale_head",
        language,
        who=_who(artifact.owner, language),
        count=artifact.total,
        days=artifact.days,
    )
    if not artifact.total:
        return head
    per_rep = [
        md(
            "dashboard.answer.stale_rep",
            language,
            name=display_name(item.owner) or t("dashboard.no_owner", language),
            count=item.count,
            oldest=item.oldest_idle_days,
        )
        for item in artifact.owners
    ]
    oldest = [
        md(
            "dashboard.answer.stale_lead",
            language,
            company=lead.name,
            stage=stage_label(lead.stage, language),
            name=display_name(lead.owner) or t("dashboard.no_owner", language),
            days=lead.idle_days,
        )
        for lead in artifact.leads[:5]
    ]
    title = t("dashboard.answer.oldest", language)
    return "\n\n".join([head, bullets(per_rep), title + "\n" + bullets(oldest)])
