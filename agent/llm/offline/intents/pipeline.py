"""Pipeline summary: "résumé du pipeline de la semaine", "pipeline summary for this quarter",
"leads gagnés le mois dernier", "combien de SQL depuis le 1er octobre ?".

Periods: "cette semaine / ce mois / ce trimestre / cette année" are the current period to date;
"la semaine dernière / le mois précédent / last quarter" the whole previous one; "depuis le 1er
octobre", "depuis le 01/10", "since October 1", "depuis lundi" a start up to today (the latest
such day not after today when no year is said). The answer states the exact days counted, and
which counts are a snapshot of now and which happened within the period.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from langchain_core.messages import HumanMessage

from agent.artifacts import ConversionItem, OwnerItem, PipelineArtifact, TrendItem
from agent.i18n import Language, Markdown, format_number, format_percent, md, t
from agent.i18n.labels import display_name, stage_label
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, plan_or_unavailable
from agent.llm.offline.intents.lists import named_focus_list
from agent.llm.offline.intents.owners import NOT_A_PERSON, owner_in, person_in
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets, plain

TOOL = "pipeline_summary"
DEFAULT_PERIOD = "week"  # the tool's own default: managers review the week
_UNITS = (
    ("week", r"semaines?|weeks?|weekly|hebdo\w*|7\s+(?:derniers\s+)?(?:jours|days)"),
    ("month", r"mois|months?|monthly|mensuel\w*|30\s+(?:derniers\s+)?(?:jours|days)"),
    ("quarter", r"trimestres?|quarters?|quarterly|trimestriel\w*|q[1-4]"),
    ("year", r"annees?|l'\s*an|years?|yearly|annuel\w*|ytd"),
)
PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (period, re.compile(rf"(?<![\w]){pattern}(?![\w])")) for period, pattern in _UNITS
)
_PREVIOUS = r"(?:derniere?s?|precedente?s?|passee?s?|last|previous|past)"
LAST_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (
        f"last_{period}",
        re.compile(
            rf"(?<![\w])(?:(?:{pattern})\s+{_PREVIOUS}|{_PREVIOUS}\s+(?:{pattern}))(?![\w])"
        ),
    )
    for period, pattern in _UNITS
)
_MONTH_NAMES = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "january": 1,
    "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
_WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip
_MONTH = "|".join(_MONTH_NAMES)
_SINCE = r"(?<![\w])(?:depuis|since|a\s+partir\s+(?:du|de)|from)\s+(?:le\s+|the\s+)?"
_SINCE_DAY_MONTH = re.compile(
    rf"{_SINCE}(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})"
    r"(?:\s+(?P<year>(?:19|20)\d{2}))?(?![\w])"
)
_SINCE_MONTH_DAY = re.compile(
    rf"{_SINCE}(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?(?![\w])"
)
_SINCE_NUMERIC = re.compile(
    rf"{_SINCE}(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})(?:/(?P<year>(?:19|20)?\d{{2}}))?(?![\w/])"
)
_SINCE_SPAN = re.compile(
    r"(?<![\w])(?:depuis|since|over\s+the\s+(?:last|past)|in\s+the\s+(?:last|past)|(?:les|the|last|past)"
    r"|sur\s+les)\s+(?P<n>\d{1,2})\s+(?:derniers?\s+|dernieres?\s+)?(?P<unit>jours|semaines|mois|ans|annees|days"
    r"|weeks|months|years)(?![\w])"
)
_SINCE_WEEKDAY = re.compile(rf"{_SINCE}(?P<weekday>{'|'.join(_WEEKDAYS)})(?![\w])")
# "depuis septembre", "since March 2026": from the first of that month
_SINCE_MONTH = re.compile(
    rf"{_SINCE}(?:(?:le\s+)?(?:mois\s+)?d'|de\s+)?(?P<month>{_MONTH})"
    r"(?:\s+(?P<year>(?:19|20)\d{2}))?(?![\w])"
)
# "en novembre", "in October 2026", "le mois de mars": that whole month
_IN_MONTH = re.compile(
    rf"(?<![\w])(?:en|in|pour|for|de|du\s+mois\s+de|le\s+mois\s+de|sur)\s+"
    rf"(?P<month>{_MONTH})(?:\s+(?P<year>(?:19|20)\d{{2}}))?(?![\w])"
)
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
_THIS = re.compile(
    r"(?<![\w])(?:cette|ce|cet|this|current|en\s+cours|du|de\s+la|de\s+l'|depuis|since)"
    r"(?:\s+|\s*-\s*ci\s*)?"
)


_MINE = re.compile(
    r"(?<![\w])(?:mon|ma|mes|my|mine|perso|personnel(?:le)?|j'ai|j'en\s+ai|i\s+have|i've|have\s+i)"
    r"(?![\w])"
)
_COMPARE = re.compile(
    r"(?<![\w])(?:compare\w*|comparaison|versus|vs|par\s+rapport|against)(?![\w])"
)
_HOW_MANY_MINE = re.compile(
    r"(?<![\w])(?:combien|how\s+many)\b.*(?:j'ai|j'en\s+ai|ai-je|est-ce\s+que\s+j'ai|i\s+have|have\s+i)"
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
_RANKING = re.compile(
    r"(?<![\w])(?:qui|who|quel(?:le)?\s+commercial\w*|which\s+(?:rep|salesperson)|lequel|laquelle"
    r"|which\s+of\s+(?:the\s+)?(?:two|them|us))\b.*\b(?:le\s+plus|most|le\s+mieux|best|top|meilleur\w*)"
    r"(?![\w])|(?<![\w])(?:classement|ranking|leaderboard)(?![\w])"
)
_RANK_METRICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (metric, re.compile(rf"(?<![\w])(?:{pattern})(?![\w])"))
    for metric, pattern in (
        ("disqualified", r"disqualifi\w*"),
        ("lost", r"perdu\w*|lost|lose|perd\w*"),
        ("sql", r"sqls?"),
        ("mql", r"mqls?"),
        ("new_leads", r"nouveaux\s+leads|new\s+leads"),
        ("leads", r"leads?"),
        ("won", r"gagn\w*|sign\w*|won|wins?|closed|close|conclu\w*|vend\w*|sold|deals?|ventes"),
    )
)
# "et les perdus ?", "and disqualified?": after a summary, the reps ranked on another figure
_RANK_FOLLOW = re.compile(
    r"^\W*(?:et|and|what\s+about)\s+(?:by\s+|par\s+|en\s+|in\s+|sur\s+|on\s+)?(?:les\s+|the\s+|nombre\s+de\s+)?"
    r"(?P<what>perdu\w*|lost|disqualifi\w*"
    r"|sqls?|mqls?|gagn\w*|won|wins?|signatures?)\W*$"
)


_BY_WHOM = re.compile(r"^\W*(?:et\s+|and\s+)?(?:par\s+qui|by\s+whom|qui\s+ca|who)\W*$")


def rank_metric(request: Request, earlier: str = "") -> str | None:
    """The figure a "who … the most" question ranks reps on, or None when it asks none; "par
    qui ?" ranks on what the previous question asked about (`earlier`)."""
    if request.has(_BY_WHOM):
        folded = Request(earlier).folded
        return next((m for m, pattern in _RANK_METRICS if pattern.search(folded)), "won")
    follow = _RANK_FOLLOW.match(request.folded)
    if follow is None and not request.has(_RANKING):
        return None
    text = follow["what"] if follow is not None else request.folded
    return next((m for m, pattern in _RANK_METRICS if pattern.search(text)), "won")


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
_HOW_MANY_LEADS = re.compile(r"(?<![\w])(?:combien|how\s+many)\b.*\b(?:leads?|deals?)(?![\w])")
_NOW_STAGE = re.compile(r"(?<![\w])(?:en|at|in)\s+(?:sqls?|mqls?|nouveau|new)(?![\w])")


def _count_now(request: Request) -> bool:
    """ "combien de leads Bruno a en SQL ?": a count of leads at a stage now, not a period's
    activity: the leads tool answers it."""
    if not (request.has(_HOW_MANY_LEADS) and request.has(_NOW_STAGE)):
        return False
    return not any(request.has(p) for _, p in (*LAST_PERIODS, *PERIODS))


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
    r"(?:\s+(?:this|last|ce|cette|le)\s+\w+(?:\s+(?:dernier|derniere))?)?\W*$"
    r"|^\W*(?:et\s+|and\s+)?(?P<whom>[a-z][a-z-]{1,20})\s*,?\s*(?:elle|il)\s+en\s+est\s+ou"
    r"(?:\s+(?:this|last|ce|cette|le)\s+\w+(?:\s+(?:dernier|derniere))?)?\W*$"
)


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
    names_period = any(request.has(p) for _, p in (*LAST_PERIODS, *PERIODS))
    names_period = names_period or bool(_IN_MONTH.search(request.folded))
    names_period = names_period or bool(_SINCE_MONTH.search(request.folded))
    names_period = names_period or any(
        request.has(pattern)
        for pattern in (_SINCE_DAY_MONTH, _SINCE_MONTH_DAY, _SINCE_NUMERIC, _SINCE_WEEKDAY)
    )
    names_period = names_period or request.has(_SAME_PERIOD) or request.has(_RANGE)
    names_period = names_period or request.has(_BEFORE) or request.has(_SINCE_SPAN)
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


def period_in(request: Request) -> str:
    """The period a request names ("le mois dernier": last_month); the week when it names none."""
    for period, pattern in LAST_PERIODS:
        if request.has(pattern):
            return period
    for period, pattern in PERIODS:
        if request.has(pattern):
            return period
    return DEFAULT_PERIOD


_DAY = r"(?P<{d}>\d{{1,2}})(?:er|re|st|nd|rd|th)?(?:\s+(?P<{m}>{months})|/(?P<{n}>\d{{1,2}}))?"
_RANGE = re.compile(
    r"(?<![\w])(?:du|from|entre\s+le|between(?:\s+the)?)\s+"
    + _DAY.format(d="d1", m="m1", n="n1", months="|".join(_MONTH_NAMES))
    + r"\s+(?:au|to|until|et\s+le|and(?:\s+the)?|-|–)\s+"
    + _DAY.format(d="d2", m="m2", n="n2", months="|".join(_MONTH_NAMES))
    + r"(?:\s+(?P<year>(?:19|20)\d{2}))?(?![\w/])"
)


def range_in(request: Request, today: date) -> tuple[date, date] | None:
    """The days of "du 1er au 15 novembre", "entre le 01/10 et le 31/10", "from 3 to 9
    October" (without a year: the latest such range that has begun)."""
    found = _RANGE.search(request.folded)
    if found is None:
        return None

    def month(name: str | None, number: str | None) -> int | None:
        return _MONTH_NAMES[name] if name else int(number) if number else None

    second = month(found["m2"], found["n2"])
    first = month(found["m1"], found["n1"]) or second
    second = second or first
    if first is None or second is None:
        return None
    year = int(found["year"]) if found["year"] else today.year
    try:
        start = date(year, first, int(found["d1"]))
        if not found["year"] and start > today:
            year -= 1
            start = date(year, first, int(found["d1"]))
        end = date(year + (second < first), second, int(found["d2"]))
    except ValueError:
        return None
    return (start, end) if start <= end else None


def month_in(request: Request, today: date) -> tuple[date, date] | None:
    """The first and last day of "en novembre", "in October 2026" (without a year: the latest
    such month that has begun)."""
    found = _IN_MONTH.search(request.folded)
    if found is None:
        return None
    month = _MONTH_NAMES[found["month"]]
    year = int(found["year"]) if found["year"] else today.year
    if not found["year"] and date(year, month, 1) > today:
        year -= 1
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def since_in(request: Request, today: date) -> date | None:
    """The first day of "depuis le 1er octobre", "since Oct 1, 2026", "depuis le 01/10",
    "depuis lundi"; without a year, the latest such day not after `today`."""
    folded = request.folded
    span = _SINCE_SPAN.search(folded)
    if span:  # "depuis 3 mois", "over the last 6 weeks"
        count = int(span["n"])
        unit = span["unit"]
        if unit.startswith(("jour", "day")):
            return today - timedelta(days=count)
        if unit.startswith(("semaine", "week")):
            return today - timedelta(weeks=count)
        if unit.startswith(("an", "year")):
            return today.replace(year=today.year - count)
        months_back = today.month - count
        back_year = today.year + (months_back - 1) // 12
        back_month = (months_back - 1) % 12 + 1
        return date(back_year, back_month, min(today.day, 28))
    weekday = _SINCE_WEEKDAY.search(folded)
    if weekday:
        back = (today.weekday() - _WEEKDAYS[weekday["weekday"]]) % 7
        return today - timedelta(days=back)
    whole_month = _SINCE_MONTH.search(folded)
    if whole_month and not any(
        p.search(folded) for p in (_SINCE_DAY_MONTH, _SINCE_MONTH_DAY, _SINCE_NUMERIC)
    ):
        month = _MONTH_NAMES[whole_month["month"]]
        start_year = int(whole_month["year"]) if whole_month["year"] else today.year
        first = date(start_year, month, 1)
        return first if first <= today or whole_month["year"] else date(start_year - 1, month, 1)
    for pattern in (_SINCE_DAY_MONTH, _SINCE_MONTH_DAY, _SINCE_NUMERIC):
        found = pattern.search(folded)
        if found is None:
            continue
        raw_month = found["month"]
        month = int(raw_month) if raw_month.isdigit() else _MONTH_NAMES[raw_month]
        year = found["year"]
        try:
            if year:
                return date(int(year) + (2000 if len(year) == 2 else 0), month, int(found["day"]))
            day = date(today.year, month, int(found["day"]))
            return day if day <= today else date(today.year - 1, month, int(found["day"]))
        except ValueError:
            return None
    return None


_WHICH_LIST = re.compile(r"(?<![\w])(?:quelles?|which)\s+(?:listes?|lists?)(?![\w])")


def _names_a_period(request: Request) -> bool:
    """Whether a request names a period ("ce mois-ci", "last week", "depuis le 1er")."""
    periods = any(request.has(p) for _, p in (*LAST_PERIODS, *PERIODS))
    return (
        periods
        or request.has(_SINCE_SPAN)
        or request.has(_RANGE)
        or bool(_IN_MONTH.search(request.folded) or _SINCE_MONTH.search(request.folded))
    )


def _is_pipeline(request: Request) -> bool:
    if request.has(_WHICH_LIST):
        return False  # "quelle liste a le plus de deals gagnés ?": the lists' counts
    if request.has(_PIPELINE) or request.has(_RANKING):
        return True
    if not request.has(_OUTCOME):
        return False
    dated = any(request.has(pattern) for _, pattern in LAST_PERIODS)
    dated = dated or any(
        request.has(re.compile(_THIS.pattern + rf"(?:{unit})(?![\w])")) for _, unit in _UNITS
    )
    return dated or any(
        request.has(pattern)
        for pattern in (_SINCE_DAY_MONTH, _SINCE_MONTH_DAY, _SINCE_NUMERIC, _SINCE_WEEKDAY, _RANGE)
    )


class PipelineIntent:
    """Counts, conversion and trends over a period, for the team or one rep."""

    name = "pipeline"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `pipeline_summary` call {period or dates, owner or mine}, or None."""
        request = Request(text)
        after_summary = conversation.previous_pipeline is not None
        follow_up = after_summary and (
            _is_follow_up(request)
            or _RANK_FOLLOW.match(request.folded) is not None
            or request.has(_BY_WHOM)
        )
        if (
            request.has(_IN_A_LIST)
            or (request.has(_HOW_MANY_MINE) and not _names_a_period(request))
            or named_focus_list(request, conversation)
            or (request.has(_THEIR_COUNT) and conversation.focus_owner is not None)
            or request.has(_NOT_CONTACTED)
            or _count_now(request)
        ):
            return None  # "combien de leads dans la liste X ?", "combien de leads j'ai ?"
        doing = _BARE_PERSON.match(request.folded)
        asks_how_a_rep_does = doing is not None and (doing["who"] or doing["whom"]) is not None
        if not (_is_pipeline(request) or follow_up or asks_how_a_rep_does):
            return None
        today = conversation.today or date.today()
        args = self._period(request, today)
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
        elif request.has(_MINE) and "mine" in conversation.tools.get(TOOL, {}).get(
            "properties", {}
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
        memo = {"notes": [f"rank:{metric}"]} if metric else None
        return plan_or_unavailable(conversation, TOOL, args, memo=memo)

    @staticmethod
    def _period(request: Request, today: date) -> dict[str, Any]:
        """The dates or period a request names, {} when it names none."""
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

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Stages, new leads and SQLs with their trend, wins, conversion, reps."""
        return "\n\n".join(pipeline_answer(result, language) for result in results)


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


def _previous_request(conversation: Conversation) -> str:
    """The rep's message before this one ("combien de deals perdus ?" before "par qui ?")."""
    humans = [m for m in conversation.messages if isinstance(m, HumanMessage)]
    return str(humans[-2].content) if len(humans) >= 2 else ""


def rank_note(results: Sequence[ToolResult], metric: str, language: Language) -> str:
    """Who leads the summary's reps on one figure: "Le plus de deals gagnés : Alice Martin,
    Bruno Petit (5)." Won, new leads and new SQLs count within the period; the stages (SQL,
    lost…) are a snapshot of now."""
    summary = next((r.artifact for r in results if isinstance(r.artifact, PipelineArtifact)), None)
    if summary is None or not summary.owners:
        return ""

    def value(owner: OwnerItem) -> int:
        match metric:
            case "won":
                return owner.won
            case "new_leads":
                return owner.new_leads
            case "leads":
                return sum(owner.stages.values())
            case _:
                return owner.stages.get(metric, 0)

    best = max(value(owner) for owner in summary.owners)
    what = t(f"offline.pipeline.rank_what.{metric}", language)
    if best == 0:
        return t("offline.pipeline.rank_none", language, what=what)
    leaders = [
        display_name(owner.owner) or t("offline.pipeline.no_owner", language)
        for owner in summary.owners
        if value(owner) == best
    ]
    return md("offline.pipeline.rank", language, what=what, names=", ".join(leaders), count=best)


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
        md("offline.pipeline.head_owner", language, owner=artifact.owner)
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
