"""Rankings of reps in a pipeline summary: "qui a signé le plus ?", "who has the most SQLs?",
"par qui ?" — the figure asked, and a line naming the reps who lead on it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.artifacts import OwnerItem, PipelineArtifact
from agent.i18n import Language, format_number, md, t
from agent.i18n.labels import display_name, stage_label
from agent.llm.offline.intents.periods import names_a_period
from agent.llm.offline.request import Request
from agent.llm.offline.results import ToolResult

# "qui est à la traîne ?", "who's behind this week?", "qui a signé le moins ?": the last ones
_LEAST = (
    r"le\s+moins|least|fewest|the\s+lowest|worst|le\s+pire|a\s+la\s+traine|trainent|traine"
    r"|behind|lagging|en\s+retard|a\s+la\s+ramasse|bottom|dernier\w*\s+du\s+classement"
)
LEAST = re.compile(rf"(?<![\w])(?:{_LEAST})(?![\w])")
RANKING = re.compile(
    r"(?<![\w])(?:qui|ki|who|quel(?:le)?\s+commercial\w*|which\s+(?:rep|salesperson)|lequel|laquelle"
    r"|which\s+of\s+(?:the\s+)?(?:two|them|us))\b.*(?:\ble\s*\+|\b(?:le\s+plus|most|le\s+mieux|best|top|meilleur\w*"
    rf"|{_LEAST}))(?![\w])|(?<![\w])(?:classement|ranking|leaderboard)(?![\w])"
    r"|(?<![\w])(?:rank\w*|classe[rz]?|ordonne[rz]?)\s+(?:the\s+|les\s+|my\s+|mes\s+|our\s+|nos\s+)?"
    r"(?:reps|sales\s*(?:people|reps)|salespeople|commerciaux|commerciales|vendeurs|team|equipe)(?![\w])"
)
_RANK_METRICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (metric, re.compile(rf"(?<![\w])(?:{pattern})(?![\w])"))
    for metric, pattern in (
        ("disqualified", r"dis?qualif\w*"),
        ("lost", r"perdu\w*|lost|lose|perd\w*"),
        ("sql", r"sqls?"),
        ("mql", r"mqls?"),
        ("new_leads", r"nouveaux\s+leads|new\s+leads"),
        ("leads", r"leads?"),
        ("won", r"gagn\w*|sign\w*|won|wins?|closed|close|conclu\w*|vend\w*|sold|deals?|ventes"),
    )
)
# "et les perdus ?", "and disqualified?": after a summary, the reps ranked on another figure
RANK_FOLLOW = re.compile(
    r"^\W*(?:et|and|what\s+about|how\s+about|now|maintenant|plutot)\s+(?:by\s+|par\s+|en\s+|in\s+|sur\s+|on\s+"
    r"|de\s+|d'|of\s+"
    r"|for\s+|pour\s+)?(?:le\s+plus\s+de\s+|le\s*\+\s*de\s+|the\s+most\s+|most\s+)?"
    r"(?:les\s+|the\s+|nombre\s+de\s+|number\s+of\s+|le\s+nombre\s+de\s+)?"
    r"(?:deals?\s+|leads?\s+)?"
    r"(?P<what>perdu\w*|lost|disqualifi\w*|sqls?|mqls?|gagn\w*|won|wins?|signatures?|signe\w*"
    r"|nouveaux\s+leads|new\s+leads|leads|nouveaux|new\s+ones)(?:\s+(?:deals?|leads?|ones))?\W*$"
)


# The stages a summary counts now, for every owner: what several may be asked of at once
_STAGE_WORDS = {
    "mql": r"mqls?",
    "sql": r"sqls?",
    "lost": r"perdu\w*|lost",
    "disqualified": r"dis?qualif\w*",
}


def stages_named(request: Request) -> list[str]:
    """The stages of now a request names together ("perdus et disqualifiés"), funnel order."""
    return [
        stage
        for stage, pattern in _STAGE_WORDS.items()
        if re.search(rf"(?<![\w])(?:{pattern})(?![\w])", request.folded)
    ]


BY_WHOM = re.compile(r"^\W*(?:et\s+|and\s+)?(?:par\s+qui|by\s+whom|qui\s+ca|who)\W*$")


def rank_metric(request: Request, earlier: str = "") -> str | None:
    """The figure a "who … the most" question ranks reps on, or None when it asks none; "par
    qui ?" ranks on what the previous question asked about (`earlier`)."""
    if request.has(BY_WHOM):
        folded = Request(earlier).folded
        return next((m for m, pattern in _RANK_METRICS if pattern.search(folded)), "won")
    follow = RANK_FOLLOW.match(request.folded)
    if follow is None and not request.has(RANKING):
        return None
    text = follow["what"] if follow is not None else request.folded
    if follow is not None and re.fullmatch(r"nouveaux|new\s+ones", text):
        return "new_leads"
    several = stages_named(request)
    if len(several) > 1:  # "qui a le plus de perdus et disqualifiés ?": both together
        return ("least:" if request.has(LEAST) else "") + "+".join(several)
    metric = next((m for m, pattern in _RANK_METRICS if pattern.search(text)), "won")
    if metric == "sql" and follow is None and names_a_period(request):
        metric = "new_sqls"  # "classement sur les SQL ce mois-ci": the leads that became SQL
    if follow is None and request.has(LEAST):
        return f"least:{metric}"  # "qui a signé le moins ?": the reps last on that figure
    return metric


def rank_note(results: Sequence[ToolResult], metric: str, language: Language) -> str:
    """Who leads the summary's reps on one figure: "Le plus de deals gagnés : Alice Martin,
    Bruno Petit (5)." Won, new leads and new SQLs count within the period; the stages (SQL,
    lost…) are a snapshot of now."""
    summary = next((r.artifact for r in results if isinstance(r.artifact, PipelineArtifact)), None)
    if summary is None or not summary.owners:
        return ""
    least = metric.startswith("least:")
    metric = metric.removeprefix("least:")

    def value(owner: OwnerItem) -> int:
        match metric:
            case "won":
                return owner.won
            case "new_leads":
                return owner.new_leads
            case "new_sqls":
                return owner.new_sqls
            case "leads":
                return sum(owner.stages.values())
            case _:
                return sum(owner.stages.get(stage, 0) for stage in metric.split("+"))

    if "+" in metric:  # several stages together: "leads aux étapes Perdu, Disqualifié"
        what = t("offline.pipeline.rank_what_stages", language, stages=_labels(metric, language))
    else:
        what = t(f"offline.pipeline.rank_what.{metric}", language)
    reps = [owner for owner in summary.owners if owner.owner]  # the unowned leads are no rep
    if least and reps:
        last = min(value(owner) for owner in reps)
        names = ", ".join(display_name(o.owner) or "" for o in reps if value(o) == last)
        return md("offline.pipeline.rank_least", language, what=what, names=names, count=last)
    best = max(value(owner) for owner in summary.owners)
    if best == 0:
        return t("offline.pipeline.rank_none", language, what=what)
    leaders = [
        display_name(owner.owner) or t("offline.pipeline.no_owner", language)
        for owner in summary.owners
        if value(owner) == best
    ]
    return md("offline.pipeline.rank", language, what=what, names=", ".join(leaders), count=best)


def _labels(stages: str, language: Language) -> str:
    """ "lost+disqualified" → "Perdu, Disqualifié"."""
    return ", ".join(stage_label(stage, language) for stage in stages.split("+"))


def stages_note(results: Sequence[ToolResult], stages: str, language: Language) -> str:
    """Several stages counted together, from a pipeline summary: their total now and each
    one's, then the same per rep when the summary is the team's ("perdus et disqualifiés")."""
    summary = next((r.artifact for r in results if isinstance(r.artifact, PipelineArtifact)), None)
    if summary is None:
        return ""
    if stages.endswith("@period"):
        return _closed_note(summary, stages.removesuffix("@period").split("+"), language)
    wanted = stages.split("+")

    def line(counts: dict[str, int]) -> tuple[int, str]:
        parts = ", ".join(
            f"{stage_label(stage, language)} {format_number(counts.get(stage, 0), language)}"
            for stage in wanted
        )
        return sum(counts.get(stage, 0) for stage in wanted), parts

    total, parts = line(summary.stages)
    head = t("offline.pipeline.stages_total", language, stages=_labels(stages, language),
             total=total, counts=parts)  # fmt: skip
    reps = [owner for owner in summary.owners if owner.owner]
    if summary.owner or len(reps) < 2:
        return head
    lines = []
    for owner in sorted(reps, key=lambda rep: -line(rep.stages)[0]):
        count, split = line(owner.stages)
        name = display_name(owner.owner) or ""
        lines.append(md("offline.pipeline.stages_owner", language, name=name, total=count,
                        counts=split))  # fmt: skip
    return head + "\n\n" + "\n".join(f"- {entry}" for entry in lines)


def _closed_in(item: PipelineArtifact | OwnerItem, stage: str) -> int:
    """How many leads `item` (the team, or one rep) closed at `stage` within the period."""
    if isinstance(item, PipelineArtifact):
        return item.lost.current if stage == "lost" else item.disqualified.current
    return item.lost if stage == "lost" else item.disqualified


def _closed_note(summary: PipelineArtifact, wanted: list[str], language: Language) -> str:
    """ "combien de perdus et disqualifiés ce trimestre ?": the leads closed so within the
    summary's period, each stage's, then per rep when the summary is the team's."""

    def line(item: PipelineArtifact | OwnerItem) -> tuple[int, str]:
        counts = {stage: _closed_in(item, stage) for stage in wanted}
        parts = ", ".join(
            f"{stage_label(stage, language)} {format_number(count, language)}"
            for stage, count in counts.items()
        )
        return sum(counts.values()), parts

    total, parts = line(summary)
    period = summary.period
    head = t("offline.pipeline.closed_total", language, stages=_labels("+".join(wanted), language),
             total=total, counts=parts, start=period.start, end=period.end)  # fmt: skip
    reps = [owner for owner in summary.owners if owner.owner]
    if summary.owner or len(reps) < 2:
        return head
    lines = []
    for owner in sorted(reps, key=lambda rep: -line(rep)[0]):
        count, split = line(owner)
        name = display_name(owner.owner) or ""
        lines.append(md("offline.pipeline.stages_owner", language, name=name, total=count,
                        counts=split))  # fmt: skip
    return head + "\n\n" + "\n".join(f"- {entry}" for entry in lines)
