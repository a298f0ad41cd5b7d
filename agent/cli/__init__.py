"""The `filon` command line: the same services as the UI, no business logic of its own."""

from __future__ import annotations

import typer

from agent.cli import ask, chat, demo, imports, search, ui

app = typer.Typer(
    name="filon",
    help="Filon, a prospecting copilot for B2B sales teams (French market first).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(imports.app, name="import")
app.command("search")(search.search)
app.command("demo")(demo.demo)
app.command("ask")(ask.ask)
app.command("chat")(chat.chat)
app.command("ui")(ui.ui)


def main() -> None:
    """Console-script entry point."""
    app()
