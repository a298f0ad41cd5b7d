"""`filon import …`: bring outside data into the store."""

import typer

app = typer.Typer(help="Import data into the store.", no_args_is_help=True)
