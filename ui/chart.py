"""The pipeline chart: leads by stage (a funnel) above this period against the previous one
(a trend, with a legend naming both periods and their dates), drawn as a self-contained SVG so
it works offline with no plotting library.

The drawing is narrow (WIDTH units) and stacked, so that on a phone, where it is shown about as
wide as its viewBox, no label is smaller than MIN_FONT units; on a wide screen the UI's
stylesheet caps its width.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from agent.artifacts import PipelineArtifact
from agent.i18n import Language, format_date
from ui.tables import stage_label
from ui.texts import text

STAGE_ORDER = ("new", "mql", "sql", "won", "lost", "disqualified")
WIDTH = 320
MIN_FONT = 13
_OPEN = "#2563eb"
_CLOSED = "#94a3b8"
_PREVIOUS = "#cbd5e1"
_CURRENT = "#16a34a"
_INK = "#0f172a"
_ROW = 26  # funnel row height
_TREND_BARS = 110  # tallest trend bar


@dataclass(frozen=True)
class ChartData:
    """What the chart shows: (stage, label, count) per stage, (label, current, previous) per
    trend, and the legend's two entries (this period, the previous one, with their dates)."""

    stages: list[tuple[str, str, int]]
    trend: list[tuple[str, int, int]]
    legend: tuple[str, str] = ("", "")


def pipeline_chart_data(artifact: PipelineArtifact, language: Language) -> ChartData:
    """The funnel and trend series of a pipeline summary, stages in pipeline order."""
    counts = artifact.stages
    ordered = [s for s in STAGE_ORDER if s in counts] + [s for s in counts if s not in STAGE_ORDER]
    stages = [(stage, stage_label(stage, language), int(counts[stage])) for stage in ordered]
    trend = [
        (text(f"trend_{key}", language), item.current, item.previous)
        for key, item in (
            ("new_leads", artifact.new_leads),
            ("new_sqls", artifact.new_sqls),
            ("won", artifact.won),
        )
    ]
    legend = (
        text(
            "chart_this_period",
            language,
            start=format_date(artifact.period.start, language),
            end=format_date(artifact.period.end, language),
        ),
        text(
            "chart_previous_period",
            language,
            start=format_date(artifact.previous.start, language),
            end=format_date(artifact.previous.end, language),
        ),
    )
    return ChartData(stages=stages, trend=trend, legend=legend)


def pipeline_svg(data: ChartData, language: Language) -> str:
    """An SVG document: the stage bars, then the legend and the paired trend bars."""
    funnel_end = 36 + len(data.stages) * _ROW
    trend_top = funnel_end + 30
    base = trend_top + 112 + _TREND_BARS  # title and legend, then the bars
    height = base + 42
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Inter, system-ui, sans-serif">',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        _label(8, 22, text("chart_title", language), weight="bold", size=15),
    ]
    parts += _funnel(data.stages)
    parts.append(_label(8, trend_top, text("trend_title", language), weight="bold", size=15))
    parts += _legend(data.legend, trend_top + 10)
    parts += _trend(data.trend, base)
    parts.append("</svg>")
    return "\n".join(parts)


def _funnel(stages: list[tuple[str, str, int]]) -> list[str]:
    top, bar_x, bar_max = 36, 100, 170
    peak = max((count for _, _, count in stages), default=0) or 1
    out = []
    for index, (stage, label, count) in enumerate(stages):
        y = top + index * _ROW
        width = max(2, round(bar_max * count / peak)) if count else 0
        colour = _CLOSED if stage in ("lost", "disqualified") else _OPEN
        out.append(_label(8, y + 17, label))
        out.append(
            f'<rect x="{bar_x}" y="{y + 4}" width="{width}" height="18" rx="3" fill="{colour}"/>'
        )
        out.append(_label(bar_x + width + 6, y + 18, str(count)))
    return out


def _legend(entries: tuple[str, str], top: int) -> list[str]:
    """Each period's swatch and name, its dates on the line below (a phone is narrow)."""
    out = []
    for index, (label, colour) in enumerate(zip(entries, (_CURRENT, _PREVIOUS), strict=True)):
        y = top + index * 42
        name, _, dates = label.partition(" : " if " : " in label else ": ")
        out.append(f'<rect x="8" y="{y + 4}" width="13" height="13" rx="2" fill="{colour}"/>')
        out.append(_label(28, y + 16, name, weight="bold"))
        out.append(_label(28, y + 34, dates))
    return out


def _trend(trend: list[tuple[str, int, int]], base: int) -> list[str]:
    left, group = 8, (WIDTH - 16) / 3
    peak = max((max(c, p) for _, c, p in trend), default=0) or 1
    out = [f'<line x1="{left}" y1="{base}" x2="{WIDTH - 8}" y2="{base}" stroke="#64748b"/>']
    for index, (label, current, previous) in enumerate(trend):
        middle = round(left + group * index + group / 2)
        for x, value, colour in (
            (middle - 31, previous, _PREVIOUS),
            (middle + 3, current, _CURRENT),
        ):
            bar = round(_TREND_BARS * value / peak)
            out.append(
                f'<rect x="{x}" y="{base - bar}" width="28" height="{bar}" fill="{colour}"/>'
            )
            out.append(_label(x + 14, base - bar - 5, str(value), anchor="middle"))
        for line, words in enumerate(_two_lines(label)):
            out.append(_label(middle, base + 20 + line * 16, words, anchor="middle"))
    return out


def _two_lines(label: str) -> list[str]:
    """A bar's label on one line, or two when long ("Nouveaux" / "leads")."""
    if len(label) <= 10 or " " not in label:
        return [label]
    cut = min((i for i, c in enumerate(label) if c == " "), key=lambda i: abs(i - len(label) / 2))
    return [label[:cut], label[cut + 1 :]]


def _label(
    x: float,
    y: float,
    value: str,
    *,
    weight: str = "normal",
    size: int = MIN_FONT,
    anchor: str = "start",
) -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="{_INK}">{escape(value)}</text>'
    )
