"""Command-line mistakes as one line in the person's language, with the `--help` to read.

Typer ships its own copy of Click (`typer._click`) without re-exporting its exception
classes, hence the private import (the version is pinned in requirements.lock).
"""

from __future__ import annotations

import re

from pydantic import ValidationError
from typer._click.core import Context
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)

from agent.cli.values import expected, shown_value
from agent.i18n import Language, t

_EXTRA_ARGUMENTS = re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$")


class UnknownCommand(UsageError):
    """A command name the group does not have."""

    def __init__(self, name: str, near: list[str], ctx: Context) -> None:
        super().__init__(f"No such command {name!r}.", ctx)
        self.name = name
        self.near = near


def usage_line(error: UsageError, language: Language) -> str:
    """One line saying what is wrong with the command line and which `--help` to read."""
    command = error.ctx.command_path if error.ctx is not None else "filon"
    help_text = t("cli.help", language, command=f"{command} --help")
    if isinstance(error, UnknownCommand):
        if error.near:
            near = ", ".join(error.near)
            return t(
                "cli.usage.unknown_command_near",
                language,
                name=error.name,
                near=near,
                help=help_text,
            )
        return t("cli.usage.unknown_command", language, name=error.name, help=help_text)
    if isinstance(error, NoSuchOption):
        if error.possibilities:
            near = ", ".join(sorted(error.possibilities))
            return t(
                "cli.usage.unknown_option_near",
                language,
                option=error.option_name,
                near=near,
                help=help_text,
            )
        return t("cli.usage.unknown_option", language, option=error.option_name, help=help_text)
    if isinstance(error, MissingParameter):
        kind = (
            "option"
            if error.param is not None and error.param.param_type_name == "option"
            else "argument"
        )
        return t(f"cli.usage.missing_{kind}", language, name=_name(error), help=help_text)
    if isinstance(error, BadParameter):
        return _bad_value(error, language, help_text)
    if isinstance(error, BadOptionUsage):
        flag = "does not take a value" in error.message  # `--json=yes`
        key = "cli.usage.option_takes_no_value" if flag else "cli.usage.option_needs_value"
        return t(key, language, option=error.option_name, help=help_text)
    extra = _EXTRA_ARGUMENTS.match(error.message)
    if extra is not None:
        return t("cli.usage.extra_arguments", language, arguments=extra["args"], help=help_text)
    detail = " ".join(error.format_message().split())
    return t("cli.usage.other", language, detail=detail, help=help_text)


def _bad_value(error: BadParameter, language: Language, help_text: str) -> str:
    cause = error.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        detail = cause.errors()[0]
        value = shown_value(detail.get("input", ""))
        wanted = expected(detail, language)
    else:
        value = ""
        wanted = t("cli.expected.other", language, detail=" ".join(error.message.split()))
    return t(
        "cli.usage.bad_value",
        language,
        name=_name(error),
        value=value,
        expected=wanted,
        help=help_text,
    )


def _name(error: BadParameter) -> str:
    """`--limit` for an option, `TEXT` for an argument."""
    param = error.param
    if param is None:
        return str(error.param_hint or "?")
    if param.param_type_name == "option" and param.opts:
        return str(param.opts[0])
    return str(param.display_name_raw).upper()
