"""The pipeline chart: leads by stage (a funnel) and this period against the previous one
(a trend), drawn as a self-contained SVG so it works offline with no plotting library."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from agent.artifacts import PipelineArtifact
from agent.i18n import Language
from ui.tables import stage_label
from ui.texts import text

STAGE_ORDER = ("new", "mql", "sql", "won", "lost", "disqualified")
_OPEN = "#2563eb"
_CLOSED = "#94a3b8"
_PREVIOUS = "#cbd5e1"
_CURRENT = "#16a34a"
_WIDTH, _HEIGHT = 720, 250


@dataclass(frozen=True)
class ChartData:
    """What the chart shows: (label, count) per stage, (label, current, previous) per trend."""

    stages: list[tuple[str, str, int]]  # (stage, label, count)
    trend: list[tuple[str, int, int]]  # (label, current, previous)


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
    return ChartData(stages=stages, trend=trend)


def pipeline_svg(data: ChartData, language: Language) -> str:
    """An SVG document: horizontal stage bars on the left, paired trend bars on the right."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{_WIDTH}" height="{_HEIGHT}" fill="#ffffff"/>',
        _label(12, 20, text("chart_title", language), weight="bold", size=14),
        _label(430, 20, text("trend_title", language), weight="bold", size=14),
    ]
    parts += _funnel(data.stages)
    parts += _trend(data.trend)
    parts.append("</svg>")
    return "\n".join(parts)


def _funnel(stages: list[tuple[str, str, int]]) -> list[str]:
    top, row, bar_x, bar_max = 36, 34, 110, 260
    peak = max((count for _, _, count in stages), default=0) or 1
    out = []
    for index, (stage, label, count) in enumerate(stages):
        y = top + index * row
        width = max(2, round(bar_max * count / peak)) if count else 0
        colour = _CLOSED if stage in ("lost", "disqualified") else _OPEN
        out.append(_label(12, y + 17, label))
        out.append(
            f'<rect x="{bar_x}" y="{y + 4}" width="{width}" height="20" rx="3" fill="{colour}"/>'
        )
        out.append(_label(bar_x + width + 6, y + 19, str(count)))
    return out


def _trend(trend: list[tuple[str, int, int]]) -> list[str]:
    base, height, left, group = 200, 140, 440, 90
    peak = max((max(c, p) for _, c, p in trend), default=0) or 1
    out = [f'<line x1="{left - 6}" y1="{base}" x2="{_WIDTH - 12}" y2="{base}" stroke="#64748b"/>']
    for index, (label, current, previous) in enumerate(trend):
        x = left + index * group
        for offset, value, colour in ((0, previous, _PREVIOUS), (32, current, _CURRENT)):
            bar = round(height * value / peak)
            out.append(
                f'<rect x="{x + offset}" y="{base - bar}" width="28" height="{bar}" fill="{colour}"/>'
            )
            out.append(_label(x + offset + 14, base - bar - 4, str(value), anchor="middle"))
        out.append(_label(x + 30, base + 18, label, anchor="middle", size=11))
    return out


def _label(
    x: float, y: float, value: str, *, weight: str = "normal", size: int = 12, anchor: str = "start"
) -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="#0f172a">{escape(value)}</text>'
    )
