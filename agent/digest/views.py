"""The dashboard's sections as worded tables and charts, in one language: what the CLI prints,
the HTML digest lays out and the web UI shows (a Slack message would format the same grids as
blocks). Values are plain text here — each output escapes them its own way — and people are
named by their display names, never by their logins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from agent.artifacts import (
    METRICS,
    DashboardArtifact,
    PipelineArtifact,
    StaleLeadsArtifact,
    TrendItem,
    TrendsArtifact,
)
from agent.digest.charts import (
    METRIC_COLOURS,
    STAGE_COLOURS,
    Bar,
    Segment,
    stacked_bars,
    trend_lines,
)
from agent.i18n import Language, format_date, format_number, format_percent, t
from agent.i18n.labels import stage_label
from store.users import display_name

STAGES = tuple(STAGE_COLOURS)
ACTIVITY = ("stage_changes", "bant_answers", "leads_added")


@dataclass(frozen=True)
class Grid:
    """A titled table of plain-text cells; `numeric[i]` says column i holds numbers."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool] = field(default_factory=list)
    note: str = ""  # a line under the title: the dates counted, what "stale" means


def person(login: str | None, language: Language) -> str:
    """A rep's display name, or "no owner" for leads nobody owns."""
    return display_name(login) or t("dashboard.no_owner", language)


def metric_label(metric: str, language: Language) -> str:
    """ "Nouveaux leads", "Won"…"""
    return t(f"dashboard.metric.{metric}", language)


def moment(value: datetime, language: Language) -> str:
    """A day and a time, UTC: "18/11/2026 15:20 UTC"."""
    return f"{format_date(value, language)} {value:%H:%M} UTC"


def overview(summary: PipelineArtifact, language: Language) -> Grid:
    """The period's new leads, new SQLs and wins against the period before, then the leads
    at each stage now."""
    headers = [
        t("dashboard.column.figure", language),
        t("dashboard.column.period", language),
        t("dashboard.column.previous", language),
        t("dashboard.column.change", language),
    ]
    rows = [
        _trend_row(metric_label(name, language), getattr(summary, name), language)
        for name in ("new_leads", "new_sqls", "won")
    ]
    rows += [
        [
            t("dashboard.stage_now", language, stage=stage_label(stage, language)),
            format_number(summary.stages.get(stage, 0), language),
            "",
            "",
        ]
        for stage in STAGES
    ]
    return Grid(
        t("dashboard.title.overview", language),
        headers,
        rows,
        [False, True, True, True],
        note=_period_note(summary, language),
    )


def stages_by_rep(summary: PipelineArtifact, language: Language) -> Grid:
    """Each rep's leads per stage now, and their activity within the period."""
    headers = [t("dashboard.column.rep", language)]
    headers += [stage_label(stage, language) for stage in STAGES]
    headers += [t("dashboard.column.total", language)]
    headers += [metric_label(name, language) for name in ("new_leads", "new_sqls", "won")]
    rows = [
        [
            person(item.owner, language),
            *(format_number(item.stages.get(stage, 0), language) for stage in STAGES),
            format_number(sum(item.stages.values()), language),
            *(format_number(n, language) for n in (item.new_leads, item.new_sqls, item.won)),
        ]
        for item in summary.owners
    ]
    return Grid(
        t("dashboard.title.stages_by_rep", language),
        headers,
        rows,
        [False] + [True] * (len(headers) - 1),
        note=_period_note(summary, language),
    )


def conversion(summary: PipelineArtifact, language: Language) -> Grid:
    """The team's conversion between stages, all leads together."""
    rows = []
    for name, item in summary.conversion.items():
        first, second = name.split("_to_")
        rate = format_percent(item.rate * 100, language) if item.rate is not None else "—"
        rows.append(
            [
                f"{stage_label(first, language)} → {stage_label(second, language)}",
                format_number(item.reached, language),
                format_number(item.converted, language),
                rate,
            ]
        )
    headers = [t(f"dashboard.column.{key}", language) for key in ("step", "reached", "converted")]
    headers.append(t("dashboard.column.rate", language))
    return Grid(t("dashboard.title.conversion", language), headers, rows, [False, True, True, True])


def activity(summary: PipelineArtifact, language: Language) -> Grid:
    """What each person did within the period."""
    headers = [t("dashboard.column.rep", language)]
    headers += [t(f"dashboard.activity.{name}", language) for name in ACTIVITY]
    rows = [
        [
            person(item.login, language),
            *(format_number(getattr(item, name), language) for name in ACTIVITY),
        ]
        for item in summary.activity
    ]
    return Grid(
        t("dashboard.title.activity", language),
        headers,
        rows,
        [False, True, True, True],
        note=_period_note(summary, language),
    )


def week_to_date(trends: TrendsArtifact, language: Language) -> Grid:
    """This week to date against last week's same span, metric by metric, and the exact
    moments compared."""
    span = trends.week_to_date
    headers = [
        t("dashboard.column.figure", language),
        t("dashboard.column.this_week", language),
        t("dashboard.column.last_week", language),
        t("dashboard.column.change", language),
    ]
    rows = [_trend_row(metric_label(m, language), span.totals[m], language) for m in METRICS]
    note = t(
        "dashboard.week_to_date.span",
        language,
        start=moment(span.start, language),
        end=moment(span.end, language),
        previous_start=moment(span.previous_start, language),
        previous_end=moment(span.previous_end, language),
    )
    return Grid(
        t("dashboard.title.week_to_date", language),
        headers,
        rows,
        [False, True, True, True],
        note=note,
    )


def week_to_date_by_rep(trends: TrendsArtifact, language: Language) -> Grid:
    """Each rep's week to date: a column per metric, "this week (last week's same span)"."""
    headers = [t("dashboard.column.rep", language)]
    headers += [metric_label(metric, language) for metric in METRICS]
    rows = [
        [
            person(item.owner, language),
            *(
                t(
                    "dashboard.week_to_date.cell",
                    language,
                    current=item.series[m][0],
                    previous=item.series[m][1],
                )
                for m in METRICS
            ),
        ]
        for item in trends.week_to_date.owners
    ]
    return Grid(
        t("dashboard.title.week_to_date_by_rep", language),
        headers,
        rows,
        [False] + [True] * len(METRICS),
        note=t("dashboard.week_to_date.cells", language),
    )


def weekly(trends: TrendsArtifact, language: Language, *, by_rep: bool = False) -> Grid:
    """The counts per week, a row per week (and per rep and week when `by_rep`)."""
    headers = [t("dashboard.column.week", language)]
    if by_rep:
        headers.append(t("dashboard.column.rep", language))
    headers += [metric_label(metric, language) for metric in METRICS]
    rows: list[list[str]] = []
    for index, week in enumerate(trends.weeks):
        name = f"{week.label} ({format_date(week.start, language)})"
        series = (
            [(item.owner, item.series) for item in trends.owners]
            if by_rep
            else [(None, trends.totals)]
        )
        for owner, counts in series:
            cells = [format_number(counts[metric][index], language) for metric in METRICS]
            rows.append([name, *([person(owner, language)] if by_rep else []), *cells])
    numeric = [False] * (2 if by_rep else 1) + [True] * len(METRICS)
    return Grid(
        _trends_title(trends, language), headers, rows, numeric, note=_weeks_note(trends, language)
    )


def stale(artifact: StaleLeadsArtifact, language: Language) -> Grid:
    """The idle leads, longest idle first."""
    headers = [
        t(f"dashboard.column.{key}", language)
        for key in ("company", "rep", "stage", "idle_days", "last_moved", "last_contacted")
    ]
    never = t("dashboard.never", language)
    rows = [
        [
            lead.name,
            person(lead.owner, language),
            stage_label(lead.stage, language),
            format_number(lead.idle_days, language),
            format_date(lead.last_moved, language),
            format_date(lead.last_contacted_on, language) if lead.last_contacted_on else never,
        ]
        for lead in artifact.leads
    ]
    note = t("dashboard.stale.note", language, count=artifact.total, days=artifact.days)
    if artifact.total > len(artifact.leads):
        note += " " + t("dashboard.stale.first", language, count=len(artifact.leads))
    return Grid(
        t("dashboard.title.stale", language),
        headers,
        rows,
        [False, False, False, True, False, False],
        note=note,
    )


def stale_by_rep(artifact: StaleLeadsArtifact, language: Language) -> Grid:
    """How many idle leads each rep has, and the oldest's idle days."""
    headers = [
        t("dashboard.column.rep", language),
        t("dashboard.column.stale", language),
        t("dashboard.column.oldest", language),
    ]
    rows = [
        [
            person(item.owner, language),
            format_number(item.count, language),
            format_number(item.oldest_idle_days, language),
        ]
        for item in artifact.owners
    ]
    return Grid(t("dashboard.title.stale_by_rep", language), headers, rows, [False, True, True])


def stages_chart(summary: PipelineArtifact, language: Language) -> str:
    """Stages by rep, as stacked bars (SVG)."""
    segments = [Segment(s, stage_label(s, language), STAGE_COLOURS[s]) for s in STAGES]
    bars = [Bar(person(item.owner, language), dict(item.stages)) for item in summary.owners]
    return stacked_bars(t("dashboard.title.stages_by_rep", language), bars, segments)


def trends_chart(trends: TrendsArtifact, language: Language) -> str:
    """The weekly counts of every metric, as lines with a legend (SVG)."""
    lines = [
        (Segment(m, metric_label(m, language), METRIC_COLOURS[m]), trends.totals[m])
        for m in METRICS
    ]
    return trend_lines(
        _trends_title(trends, language), [week.label for week in trends.weeks], lines
    )


def dashboard_grids(dashboard: DashboardArtifact, language: Language) -> list[Grid]:
    """Every table of the dashboard, in the order people read them."""
    return [
        overview(dashboard.summary, language),
        stages_by_rep(dashboard.summary, language),
        conversion(dashboard.summary, language),
        activity(dashboard.summary, language),
        week_to_date(dashboard.trends, language),
        week_to_date_by_rep(dashboard.trends, language),
        weekly(dashboard.trends, language),
        stale_by_rep(dashboard.stale, language),
        stale(dashboard.stale, language),
    ]


def _trend_row(label: str, trend: TrendItem, language: Language) -> list[str]:
    change = (
        format_percent(trend.change_pct, language, signed=True)
        if trend.change_pct is not None
        else "—"
    )
    return [
        label,
        format_number(trend.current, language),
        format_number(trend.previous, language),
        change,
    ]


def _period_note(summary: PipelineArtifact, language: Language) -> str:
    period, previous = summary.period, summary.previous
    return t(
        "dashboard.period",
        language,
        label=t(f"pipeline.label.{period.label}", language),
        start=period.start,
        end=period.end,
        previous_start=previous.start,
        previous_end=previous.end,
    )


def _trends_title(trends: TrendsArtifact, language: Language) -> str:
    return t("dashboard.title.trends", language, weeks=len(trends.weeks))


def _weeks_note(trends: TrendsArtifact, language: Language) -> str:
    if not trends.weeks:
        return ""
    return t(
        "dashboard.trends.span",
        language,
        count=len(trends.weeks),
        first=trends.weeks[0].label,
        start=trends.weeks[0].start,
        last=trends.weeks[-1].label,
        end=trends.weeks[-1].end,
    )
