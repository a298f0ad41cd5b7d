"""`filon digest [--html FILE] [--slack CHANNEL] [--period last_week] [--weeks 12]
[--stale-days 14] [--user U]`: the weekly digest — the manager's dashboard as one
self-contained HTML file (inline CSS and SVG, nothing fetched), written privately to
`$FILON_HOME/digests/` unless `--html` names the file; or, with `--slack '#ventes'`, posted to
that Slack channel as blocks (and written too when `--html` is also given). Made for cron: one
line on stdout per thing done (the file's path, where it was posted), one line on stderr and a
non-zero exit on error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.cli.common import fail, load_settings, terminal_language
from agent.cli.lead_errors import UserOption, acting
from agent.cli.pipeline import StaleDaysOption, WeeksOption, open_dashboard
from agent.cli.slack_post import post_digest_to
from agent.digest.files import write_digest
from agent.digest.html import digest_html
from agent.i18n import t
from agent.pipeline.stale import DEFAULT_DAYS
from agent.pipeline.trends import DEFAULT_WEEKS


def digest(
    html: Annotated[
        Path | None, typer.Option("--html", help="Write here instead of FILON_HOME/digests/")
    ] = None,
    period: Annotated[
        str, typer.Option("--period", help="The summary's period: last_week by default")
    ] = "last_week",
    weeks: WeeksOption = DEFAULT_WEEKS,
    stale_days: StaleDaysOption = DEFAULT_DAYS,
    user: UserOption = "rep",
    slack: Annotated[
        str | None,
        typer.Option("--slack", help="Post it to this Slack channel (#ventes) instead of a file"),
    ] = None,
) -> None:
    """Write the weekly digest (HTML) and print its path, or post it to Slack: for cron."""
    login, _role = acting(user)
    language = terminal_language()
    dashboard = open_dashboard(login, period=period, since=None, weeks=weeks, days=stale_days)
    if slack is not None:
        posted = post_digest_to(slack, dashboard, sent_by=login)
        typer.echo(t("slack.cli.posted", language, channel=posted.channel, ts=posted.ts))
        if html is None:
            return
    page = digest_html(dashboard, language)
    home = load_settings().ensure_home()
    try:
        path = write_digest(page, home=home, day=dashboard.generated_at.date(), path=html)
    except OSError as error:
        where = html or home / "digests"
        fail(
            t(
                "dashboard.cli.cannot_write",
                language,
                path=str(where),
                reason=error.strerror or str(error),
            )
        )
    typer.echo(t("dashboard.cli.written", language, path=str(path)))
