"""The weekly digest as one self-contained HTML file: inline CSS, inline SVG charts, no script,
no font, image or stylesheet to fetch — it opens the same in a browser, a mail client or an
archive years later, offline.

Every value from the data (reps' display names, company and list names) is HTML-escaped here,
once, as it is written: names are typed by people and imported from files.
"""

from __future__ import annotations

from html import escape

from agent.artifacts import DashboardArtifact
from agent.digest.views import Grid, dashboard_grids, moment, person, stages_chart, trends_chart
from agent.i18n import Language, t

# The charts are standalone SVG documents for the web UI; inline in HTML, the parser puts
# <svg> in the SVG namespace itself, so the file names no URL at all.
_SVG_NAMESPACE = ' xmlns="http://www.w3.org/2000/svg"'
_STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #0f172a;
       margin: 0 auto; padding: 16px; max-width: 980px; background: #f8fafc; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 4px; }
p.note, p.meta { color: #475569; margin: 0 0 8px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.charts svg { width: 100%; max-width: 480px; height: auto; background: #fff;
              border: 1px solid #e2e8f0; border-radius: 8px; }
.table { overflow-x: auto; }
table { border-collapse: collapse; background: #fff; min-width: 60%; }
th, td { padding: 6px 10px; border-bottom: 1px solid #e2e8f0; text-align: left;
         white-space: nowrap; }
th { background: #f1f5f9; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
"""


def digest_html(dashboard: DashboardArtifact, language: Language) -> str:
    """The digest of `dashboard`, as an HTML document in `language`."""
    title = t("dashboard.digest.title", language)
    who = (
        t("dashboard.digest.own", language, name=person(dashboard.summary.owner, language))
        if dashboard.summary.owner
        else t("dashboard.digest.team", language)
    )
    when = moment(dashboard.generated_at, language)
    meta = t("dashboard.digest.generated", language, when=when, who=who)
    charts = [stages_chart(dashboard.summary, language), trends_chart(dashboard.trends, language)]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{language}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(meta)}</p>',
        '<div class="charts">',
        *(svg.replace(_SVG_NAMESPACE, "", 1) for svg in charts),
        "</div>",
        *(_grid(grid, language) for grid in dashboard_grids(dashboard, language)),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _grid(grid: Grid, language: Language) -> str:
    out = [f"<section><h2>{escape(grid.title)}</h2>"]
    if grid.note:
        out.append(f'<p class="note">{escape(grid.note)}</p>')
    if not grid.rows:
        out.append(f'<p class="note">{escape(t("dashboard.digest.empty", language))}</p>')
        return "\n".join([*out, "</section>"])
    numeric = grid.numeric or [False] * len(grid.headers)
    head = "".join(
        f'<th{_number(flag)} scope="col">{escape(h)}</th>'
        for h, flag in zip(grid.headers, numeric, strict=True)
    )
    out.append(f'<div class="table"><table><thead><tr>{head}</tr></thead><tbody>')
    for row in grid.rows:
        cells = "".join(
            f"<td{_number(flag)}>{escape(value)}</td>"
            for value, flag in zip(row, numeric, strict=True)
        )
        out.append(f"<tr>{cells}</tr>")
    out.append("</tbody></table></div></section>")
    return "\n".join(out)


def _number(numeric: bool) -> str:
    return ' class="n"' if numeric else ""
