"""The `filon` command group: Typer's, with every failure a person can act on told in one line.

Typer prints usage errors in a multi-line box, in English, and lets other exceptions out as
tracebacks. `FilonGroup.main` runs the command line in Typer's non-standalone mode, so usage
errors and the typed failures of the store, the conversation memory and FILON_HOME reach it
as exceptions, and tells each as one line on stderr, `filon: …`, in the person's language,
with a non-zero exit. Anything else is a bug and keeps its traceback. Being the group's own
`main`, it serves the console script and `typer.testing.CliRunner` alike.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from difflib import get_close_matches
from typing import Any

import typer
from typer._click.core import Command, Context
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from agent.cli.common import tell, terminal_language
from agent.cli.failures import FAILURES, failure_line
from agent.cli.usage import UnknownCommand, usage_line
from agent.i18n import t


class FilonGroup(TyperGroup):
    """Typer's group, telling failures in one line and unknown commands with close matches."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; exit with its code (or return it, when not standalone)."""
        try:
            result = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )
            code = result if isinstance(result, int) else 0
        except NoArgsIsHelpError as error:  # `filon` or `filon import` alone: the help
            error.show()
            code = error.exit_code
        except UsageError as error:
            tell(usage_line(error, terminal_language()))
            code = error.exit_code
        except FAILURES as error:
            tell(failure_line(error, terminal_language()))
            code = 1
        except typer.Abort:  # end of input at a prompt
            tell(t("cli.aborted", terminal_language()))
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        """The subcommand named first in `args`; `UnknownCommand` when there is none."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            raise UnknownCommand(name, get_close_matches(name, list(self.commands)), ctx)
        return super().resolve_command(ctx, args)
