"""Pipeline summary: "résumé du pipeline de la semaine", "pipeline summary for this quarter"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.llm.language import Language
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, plan_or_unavailable
from agent.llm.offline.intents.owners import owner_in
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets, number, percent, ratio, stage_label

TOOL = "pipeline_summary"
DEFAULT_PERIOD = "week"  # the tool's own default: managers review the week
PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (period, re.compile(rf"(?<![\w]){pattern}(?![\w])"))
    for period, pattern in (
        ("week", r"semaines?|weeks?|weekly|hebdo\w*|7\s+(?:derniers\s+)?(?:jours|days)"),
        ("month", r"mois|months?|monthly|mensuel\w*|30\s+(?:derniers\s+)?(?:jours|days)"),
        ("quarter", r"trimestres?|quarters?|quarterly|trimestriel\w*|q[1-4]"),
        ("year", r"annees?|years?|yearly|annuel\w*|ytd"),
    )
)
_PIPELINE = re.compile(
    r"(?<![\w])(?:pipe(?:line)?s?|funnel|entonnoir|forecast|previsionnel|taux\s+de\s+conversion"
    r"|conversion\s+rates?|kpis?|statistiques|stats|metrics)(?![\w])"
    r"|(?<![\w])(?:combien|how\s+many)\b.*(?:leads?|sqls?|mqls?|deals?|gagn|won|signe)"
)


def period_in(request: Request) -> str:
    """The period a request names; the week when it names none."""
    for period, pattern in PERIODS:
        if request.has(pattern):
            return period
    return DEFAULT_PERIOD


class PipelineIntent:
    """Counts, conversion and trends over a period, for the team or one rep."""

    name = "pipeline"
    tools = (TOOL,)

    def match(self, text: str, conversation: Conversation) -> Plan | None:
        """A `pipeline_summary` call {period, owner?}, or None."""
        request = Request(text)
        if not request.has(_PIPELINE):
            return None
        args: dict[str, Any] = {"period": period_in(request)}
        owner = owner_in(request)
        if owner:
            args["owner"] = owner
        return plan_or_unavailable(conversation, TOOL, args)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Stages, new leads and SQLs with their trend, wins, conversion, reps."""
        return "\n\n".join(pipeline_answer(result, language) for result in results)


def _trend(name: str, trend: Any, language: Language) -> str:
    """ "New leads: 14 (+40% vs previous period: 10)"."""
    sep = ": " if language == "en" else " : "
    text = f"{name}{sep}{number(trend['current'], language)}"
    change, previous = trend.get("change_pct"), trend.get("previous")
    if previous is None:
        return text
    before = "previous period" if language == "en" else "période précédente"
    if isinstance(change, int | float) and not isinstance(change, bool):
        before = f"{percent(change, language, signed=True)} vs {before}"
    return text + f" ({before}{sep}{number(previous, language)})"


def _owner_line(owner: dict[str, Any], language: Language) -> str:
    parts = []
    for key, fr, en in (("new_leads", "nouveaux leads", "new leads"), ("new_sqls", "SQL", "SQL"),
                        ("won", "gagnés", "won")):  # fmt: skip
        if owner.get(key) is not None:
            parts.append(f"{number(owner[key], language)} {en if language == 'en' else fr}")
    separator = ": " if language == "en" else " : "
    who = owner.get("owner") or ("(none)" if language == "en" else "(sans commercial)")
    return f"{who}{separator}{', '.join(parts)}"


_PERIOD_LABELS = {
    "fr": {"week": "semaine", "month": "mois", "quarter": "trimestre", "year": "année",
           "custom": "période"},
    "en": {"week": "week", "month": "month", "quarter": "quarter", "year": "year",
           "custom": "period"},
}  # fmt: skip
_COUNTS = (
    ("new_leads", "Nouveaux leads", "New leads"),
    ("new_sqls", "Nouveaux SQL", "New SQLs"),
    ("won", "Gagnés", "Won"),
)


def _rate(item: Any, language: Language) -> str:
    """A conversion item {reached, converted, rate} (or a bare rate) as "40 % (4/10)"."""
    if not isinstance(item, dict):
        return ratio(item, language)
    rate = item.get("rate")
    text = ratio(rate, language) if rate is not None else "n/a"
    if item.get("reached") is not None and item.get("converted") is not None:
        text += f" ({number(item['converted'], language)}/{number(item['reached'], language)})"
    return text


def _head(artifact: dict[str, Any], language: Language) -> str:
    period = artifact.get("period") or {}
    label = str(period.get("label") or "")
    head = "Pipeline"
    if artifact.get("owner"):
        head += f" {'of' if language == 'en' else 'de'} {artifact['owner']}"
    if label:
        head += f" — {_PERIOD_LABELS[language].get(label, label)}"
    if period.get("start") and period.get("end"):
        head += f" ({period['start']} → {period['end']})"
    return head


def pipeline_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "pipeline" result."""
    if result.is_error:
        return explain_error(result, language)
    if result.artifact is None or result.kind != "pipeline":
        return plain_answer(result, language)
    artifact = result.artifact
    en = language == "en"
    sep = ": " if en else " : "
    lines = []
    stages = artifact.get("stages") or {}
    if stages:
        counts = ", ".join(
            f"{stage_label(s, language)} {number(n, language)}" for s, n in stages.items()
        )
        total = artifact.get("total")
        title = "Stages" if en else "Étapes"
        if isinstance(total, int):
            title += f" ({number(total, language)} leads)"
        lines.append(title + sep + counts)
    trends = artifact.get("trend") or {}
    for key, fr, en_name in _COUNTS:
        name = en_name if en else fr
        trend = trends.get(key)
        if isinstance(trend, dict) and trend.get("current") is not None:
            lines.append(_trend(name, trend, language))
        elif artifact.get(key) is not None:
            lines.append(f"{name}{sep}{number(artifact[key], language)}")
    conversion = artifact.get("conversion") or {}
    if conversion:
        rates = ", ".join(
            " → ".join(stage_label(stage, language) for stage in name.split("_to_"))
            + f" {_rate(item, language)}"
            for name, item in conversion.items()
        )
        lines.append("Conversion" + sep + rates)
    parts = [_head(artifact, language)]
    if lines:
        parts.append(bullets(lines))
    owners = artifact.get("owners") or []
    if owners and not (artifact.get("owner") and len(owners) == 1):
        title = "By owner:" if en else "Par commercial :"
        parts.append(title + "\n" + bullets([_owner_line(o, language) for o in owners[:10]]))
    return "\n\n".join(parts)
