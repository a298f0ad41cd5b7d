"""The `filon` command line: the same services as the UI, no business logic of its own.

Failures a person can act on are told in one line on stderr (see `agent.cli.group`).
"""

from __future__ import annotations

import typer

from agent.cli import (
    ask,
    chat,
    columns,
    contacts,
    demo,
    digest,
    enrich,
    export,
    imports,
    leads,
    lists,
    mcp,
    optout,
    pipeline,
    purge,
    score,
    search,
    signals,
    sync,
    ui,
    users,
)
from agent.cli.group import FilonGroup

app = typer.Typer(
    name="filon",
    cls=FilonGroup,
    help="Filon, a prospecting copilot for B2B sales teams (French market first).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(imports.app, name="import")
app.add_typer(lists.app, name="lists")
app.add_typer(leads.app, name="leads")
app.add_typer(export.app, name="export")
app.add_typer(optout.app, name="optout")
app.add_typer(signals.app, name="signals")
app.add_typer(columns.app, name="columns")
app.add_typer(users.app, name="users")
app.command("search")(search.search)
app.command("contacts")(contacts.contacts)
app.command("enrich")(enrich.enrich_command)
app.command("purge")(purge.purge_command)
app.command("demo")(demo.demo)
app.command("score")(score.score)
app.command("pipeline")(pipeline.pipeline)
app.command("digest")(digest.digest)
app.command("sync")(sync.sync_command)
app.command("ask")(ask.ask)
app.command("chat")(chat.chat)
app.command("ui")(ui.ui)
app.command("mcp")(mcp.mcp)


def main() -> None:
    """Console-script entry point."""
    app()
