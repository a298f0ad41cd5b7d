"""Pipeline summary: "résumé du pipeline de la semaine", "pipeline summary for this quarter"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.artifacts import ConversionItem, OwnerItem, PipelineArtifact, TrendItem
from agent.i18n import Language, Markdown, format_number, format_percent, md, t
from agent.i18n.labels import stage_label
from agent.llm.offline.conversation import Conversation
from agent.llm.offline.generic import explain_error, plain_answer
from agent.llm.offline.intents.base import Plan, plan_or_unavailable
from agent.llm.offline.intents.owners import owner_in
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult
from agent.llm.offline.wording import bullets, plain

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


_IN_A_LIST = re.compile(
    r"(?<![\w])(?:de|dans|of|in|from|sur)\s+(?:la|ma|notre|the|my|our|cette|this)\s+(?:liste|list)(?![\w])"
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
        if not request.has(_PIPELINE) or request.has(_IN_A_LIST):
            return None  # "combien de leads dans la liste X ?" is about that list
        args: dict[str, Any] = {"period": period_in(request)}
        owner = owner_in(request)
        if owner:
            args["owner"] = owner
        return plan_or_unavailable(conversation, TOOL, args)

    def answer(self, results: Sequence[ToolResult], language: Language) -> str:
        """Stages, new leads and SQLs with their trend, wins, conversion, reps."""
        return "\n\n".join(pipeline_answer(result, language) for result in results)


def _trend(name: str, trend: TrendItem, language: Language) -> str:
    """ "New leads: 14 (+40% vs the previous period: 10)"."""
    if trend.change_pct is None:
        return t(
            "offline.pipeline.trend_no_change",
            language,
            name=name,
            current=trend.current,
            previous=trend.previous,
        )
    change = format_percent(trend.change_pct, language, signed=True)
    return t(
        "offline.pipeline.trend",
        language,
        name=name,
        current=trend.current,
        previous=trend.previous,
        change=change,
    )


def _owner_line(owner: OwnerItem, language: Language) -> Markdown:
    return md(
        "offline.pipeline.owner_line",
        language,
        owner=owner.owner or t("offline.pipeline.no_owner", language),
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
    period = artifact.period
    head = (
        md("offline.pipeline.head_owner", language, owner=artifact.owner)
        if artifact.owner
        else md("offline.pipeline.head", language)
    )
    label = t(f"offline.pipeline.period_label.{period.label}", language)
    span = t("offline.pipeline.period", language, label=label, start=period.start, end=period.end)
    return Markdown(f"{head} — {span}")


def pipeline_answer(result: ToolResult, language: Language) -> str:
    """The answer for one "pipeline" result."""
    if result.is_error:
        return explain_error(result, language)
    artifact = result.artifact
    if not isinstance(artifact, PipelineArtifact):
        return plain_answer(result, language)
    counts = ", ".join(
        f"{stage_label(stage, language)} {format_number(count, language)}"
        for stage, count in artifact.stages.items()
    )
    lines = [t("offline.pipeline.stages", language, total=artifact.total, counts=counts)]
    for key, trend in (
        ("new_leads", artifact.new_leads),
        ("new_sqls", artifact.new_sqls),
        ("won", artifact.won),
    ):
        lines.append(_trend(t(f"offline.pipeline.{key}", language), trend, language))
    rates = ", ".join(
        " → ".join(stage_label(stage, language) for stage in name.split("_to_"))
        + f" {_rate(item, language)}"
        for name, item in artifact.conversion.items()
    )
    lines.append(t("offline.pipeline.conversion", language, rates=rates))
    parts: list[str] = [_head(artifact, language), bullets([plain(line) for line in lines])]
    owners = artifact.owners
    if owners and not (artifact.owner and len(owners) == 1):
        title = t("offline.pipeline.by_owner", language)
        parts.append(title + "\n" + bullets([_owner_line(o, language) for o in owners[:10]]))
    return "\n\n".join(parts)
