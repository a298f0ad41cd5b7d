"""The dashboard's charts as self-contained SVG: stages by rep as stacked bars, and weekly
trend lines, each with a legend. No script, no font or image to fetch: the web UI shows them
as images, and the HTML digest inlines them, so they read the same in a mail client offline.

Like the pipeline chart (`ui/chart.py`), they are drawn narrow (WIDTH units) so that on a
phone, where they are shown about as wide as their viewBox, no text is smaller than MIN_FONT
units; a legend wraps to as many rows as it needs rather than shrinking. Every text is
escaped here: rep names come from the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH = 320
MIN_FONT = 13
_INK = "#0f172a"
_AXIS = "#64748b"
_GRID = "#e2e8f0"
_LEGEND_ROW = 22
_CHAR = 7.6  # a MIN_FONT character's average width, for laying out legends

STAGE_COLOURS = {
    "new": "#93c5fd",
    "mql": "#3b82f6",
    "sql": "#1d4ed8",
    "won": "#16a34a",
    "lost": "#94a3b8",
    "disqualified": "#cbd5e1",
}
METRIC_COLOURS = {
    "new_leads": "#2563eb",
    "new_mqls": "#7c3aed",
    "new_sqls": "#d97706",
    "won": "#16a34a",
    "lost": "#dc2626",
}


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar, or one line: its key, its legend's label, its colour."""

    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Bar:
    """One rep's stacked bar: their name and a count per segment key."""

    label: str
    values: dict[str, int]


def stacked_bars(title: str, bars: Sequence[Bar], segments: Sequence[Segment]) -> str:
    """An SVG document: the legend, then one row per bar — its name above, the bar below,
    its total at the end."""
    legend, top = _legend(segments, 34)
    row = 42
    height = top + 8 + row * max(1, len(bars))
    peak = max((sum(bar.values.values()) for bar in bars), default=0) or 1
    room = WIDTH - 16 - 44  # the longest bar leaves room for its total
    parts = [*_open(height), _text(8, 22, title, weight="bold", size=15), *legend]
    for index, bar in enumerate(bars):
        y = top + 8 + index * row
        parts.append(_text(8, y + 13, bar.label))
        x = 8.0
        for segment in segments:
            count = bar.values.get(segment.key, 0)
            if not count:
                continue
            width = room * count / peak
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 19}" width="{width:.1f}" height="16" '
                f'fill="{segment.colour}"><title>{escape(segment.label)}: {count}</title></rect>'
            )
            x += width
        parts.append(_text(x + 6, y + 32, str(sum(bar.values.values()))))
    parts.append("</svg>")
    return "\n".join(parts)


def trend_lines(
    title: str, weeks: Sequence[str], lines: Sequence[tuple[Segment, Sequence[int]]]
) -> str:
    """An SVG document: the legend, then one line per series over the weeks, the highest
    count marked on the axis and every third week named below it."""
    legend, top = _legend([segment for segment, _ in lines], 34)
    plot_top, plot_height, left, right = top + 14, 150, 36, WIDTH - 10
    base = plot_top + plot_height
    height = base + 34
    peak = max((max(values, default=0) for _, values in lines), default=0) or 1
    step = (right - left) / max(1, len(weeks) - 1)
    parts = [*_open(height), _text(8, 22, title, weight="bold", size=15), *legend]
    parts.append(
        f'<line x1="{left}" y1="{plot_top}" x2="{right}" y2="{plot_top}" stroke="{_GRID}"/>'
    )
    parts.append(f'<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="{_AXIS}"/>')
    parts.append(_text(left - 6, plot_top + 5, str(peak), anchor="end"))
    parts.append(_text(left - 6, base + 5, "0", anchor="end"))
    for index, week in enumerate(weeks):
        if index % 3 == (len(weeks) - 1) % 3:  # the last week is always named
            x = left + step * index
            parts.append(_text(x, base + 22, week.rsplit("-", 1)[-1], anchor="middle"))
    for segment, values in lines:
        points = " ".join(
            f"{left + step * index:.1f},{base - plot_height * value / peak:.1f}"
            for index, value in enumerate(values)
        )
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{segment.colour}" '
            f'stroke-width="2.5" stroke-linejoin="round"><title>{escape(segment.label)}</title>'
            "</polyline>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(segments: Sequence[Segment], top: int) -> tuple[list[str], int]:
    """Each segment's swatch and label, as many to a row as fit; and where the rows end."""
    out: list[str] = []
    x, y = 8.0, top
    for segment in segments:
        width = 18 + len(segment.label) * _CHAR + 14
        if x > 8 and x + width > WIDTH - 4:
            x, y = 8.0, y + _LEGEND_ROW
        out.append(
            f'<rect x="{x:.1f}" y="{y + 2}" width="12" height="12" rx="2" fill="{segment.colour}"/>'
        )
        out.append(_text(x + 18, y + 13, segment.label))
        x += width
    return out, y + _LEGEND_ROW


def _open(height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="Inter, system-ui, sans-serif" role="img">',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]


def _text(
    x: float,
    y: float,
    value: str,
    *,
    weight: str = "normal",
    size: int = MIN_FONT,
    anchor: str = "start",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="{_INK}">{escape(value)}</text>'
    )
