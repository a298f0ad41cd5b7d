"""`filon pipeline`: the manager's dashboard in the terminal — the pipeline over a period, the
conversion between stages, this week to date against the same span of last week, the weekly
trends and the stale leads; `--by rep` details each section by rep.

    filon pipeline [--by rep] [--period week|month|quarter|year|last_week|…] [--since DATE]
                   [--weeks 12] [--stale-days 14] [--user U] [--json]

A rep sees their own leads, a manager or an admin the team's (the service decides).
`--json` prints the whole dashboard as one document, whatever `--by` says.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.artifacts import DashboardArtifact
from agent.cli.common import load_settings, say, store_engine, terminal_language
from agent.cli.lead_errors import UserOption, acting, fail_on
from agent.cli.signals_show import JsonOption
from agent.digest import views
from agent.digest.views import Grid
from agent.i18n import Language
from agent.leads import LeadRequestError
from agent.pipeline import PERIOD_NAMES, PeriodName, build_dashboard
from agent.pipeline.stale import DEFAULT_DAYS
from agent.pipeline.trends import DEFAULT_WEEKS, MAX_WEEKS

WeeksOption = Annotated[
    int, typer.Option("--weeks", min=1, max=MAX_WEEKS, help="Complete weeks in the trend")
]
StaleDaysOption = Annotated[
    int,
    typer.Option(
        "--stale-days", min=1, help="An open lead neither moved nor contacted this long is stale"
    ),
]


def pipeline(
    by: Annotated[str | None, typer.Option("--by", help="rep: each section by rep")] = None,
    period: Annotated[
        str, typer.Option("--period", help="week, month, quarter, year (to date), last_week, …")
    ] = "week",
    since: Annotated[
        datetime | None,
        typer.Option("--since", formats=["%Y-%m-%d"], help="From this day to today"),
    ] = None,
    weeks: WeeksOption = DEFAULT_WEEKS,
    stale_days: StaleDaysOption = DEFAULT_DAYS,
    user: UserOption = "rep",
    json_output: JsonOption = False,
) -> None:
    """The pipeline by stage and by rep, conversion, week to date, trends and stale leads."""
    login, _role = acting(user)
    if by is not None and by.strip().lower() != "rep":
        say("dashboard.cli.bad_by", by=by)
    dashboard = open_dashboard(
        login, period=period, since=since.date() if since else None, weeks=weeks, days=stale_days
    )
    if json_output:
        typer.echo(json.dumps(dashboard.model_dump(mode="json"), ensure_ascii=False))
        return
    language = terminal_language()
    console = Console()
    for grid in _grids(dashboard, language, by_rep=by is not None):
        console.print(grid_table(grid))


def open_dashboard(
    login: str, *, period: str, since: date | None, weeks: int, days: int
) -> DashboardArtifact:
    """The dashboard as `login` sees it now, or a one-line error."""
    if period not in PERIOD_NAMES:
        say("dashboard.cli.bad_period", period=period, periods=", ".join(PERIOD_NAMES))
    now = datetime.now(UTC)
    if since is not None and since > now.date():
        say("dashboard.cli.bad_since", since=since.isoformat())
    chosen: PeriodName = period  # type: ignore[assignment]  # checked against PERIOD_NAMES
    with store_engine(load_settings()) as engine:
        try:
            return build_dashboard(
                engine,
                now=now,
                period=chosen,
                since=since,
                weeks=weeks,
                stale_days=days,
                user=login,
            )
        except LeadRequestError as error:
            fail_on(error)


def grid_table(grid: Grid) -> Table:
    """A section as a rich table: its title, its note as the caption, numbers on the right."""
    table = Table(title=escape(grid.title), caption=escape(grid.note) if grid.note else None)
    numeric = grid.numeric or [False] * len(grid.headers)
    for header, flag in zip(grid.headers, numeric, strict=True):
        table.add_column(escape(header), justify="right" if flag else "left")
    for row in grid.rows:
        table.add_row(*(escape(value) for value in row))
    return table


def _grids(dashboard: DashboardArtifact, language: Language, *, by_rep: bool) -> list[Grid]:
    summary, trends, stale = dashboard.summary, dashboard.trends, dashboard.stale
    if not by_rep:
        return [
            views.overview(summary, language),
            views.conversion(summary, language),
            views.week_to_date(trends, language),
            views.weekly(trends, language),
            views.stale(stale, language),
        ]
    return [
        views.stages_by_rep(summary, language),
        views.conversion(summary, language),
        views.activity(summary, language),
        views.week_to_date(trends, language),
        views.week_to_date_by_rep(trends, language),
        views.weekly(trends, language, by_rep=True),
        views.stale_by_rep(stale, language),
        views.stale(stale, language),
    ]
