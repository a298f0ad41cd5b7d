"""What every command shares: settings, the store, who acts, and one-line errors on stderr.

Who acts: a command taking --user names its person with `act_as` (through
`agent.cli.lead_errors.acting`), kept in the Click context's `meta` for this command line only;
`store_engine` checks that person against the store's users as it opens it (an unknown or
disabled user, or a role above their own, is refused in one line before anything runs) and reads
the users' display names once for the command.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import typer
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from typer._click.globals import get_current_context

from agent.cli.values import setting_line
from agent.i18n import Language, t
from agent.i18n.markdown import one_line
from agent.settings import LanguageSettings, Settings
from store.db import StoreUnavailable, open_store
from store.failures import store_failure

if TYPE_CHECKING:
    from agent.context import Role

_ACTING = "filon.acting"  # the Click context's meta key: (login, role) of --user and --role
# How long a command waits for another process's lock on the SQLite store before saying so:
# a person at a terminal would rather hear "locked, try again" than wait on a silent prompt.
CLI_BUSY_TIMEOUT_MS = 3_000


def tell(message: str) -> None:
    """Print `message` as one line on stderr, `filon: …` (multi-line driver messages joined)."""
    typer.echo(f"filon: {one_line(message)}", err=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line on stderr and exit non-zero."""
    tell(message)
    raise typer.Exit(code)


def say(key: str, **values: object) -> NoReturn:
    """`fail` with the catalogue's message `key`, in the terminal's language."""
    fail(t(key, terminal_language(), **values))


def terminal_language() -> Language:
    """The language of the person at the terminal, even when FILON_LANGUAGE itself is wrong."""
    try:
        return LanguageSettings().language
    except ValidationError:  # a bad FILON_LANGUAGE: the locale decides, and the error is told
        return LanguageSettings(FILON_LANGUAGE=None).language


def validation_message(error: ValidationError) -> str:
    """The first validation error as one readable line."""
    first = error.errors()[0]
    message = str(first.get("msg", error))
    return message.removeprefix("Value error, ")


def load_settings() -> Settings:
    """Settings from the environment, or a one-line error naming the bad variable."""
    try:
        return Settings()
    except ValidationError as error:
        fail(setting_line(error, terminal_language()))


def act_as(login: str, role: Role | None) -> None:
    """Say who this command acts for; `store_engine` checks them against the users table."""
    context = get_current_context(silent=True)
    if context is not None:
        context.meta[_ACTING] = (login, role)


@contextmanager
def store_engine(settings: Settings) -> Iterator[Engine]:
    """The migrated store engine, disposed of afterwards, once the person the command acts for
    (`act_as`) is checked against the store's users.

    Failures, on opening or inside the block (a lock met by `filon demo --clear`), raise
    `StoreUnavailable` or `HomeUnavailable`; a refused person raises `UserRequestError`:
    `FilonGroup.main` tells each in one line.
    """
    from agent.users import identify, load_names

    settings.ensure_home()
    engine = open_store(settings.database_url, busy_timeout_ms=CLI_BUSY_TIMEOUT_MS)
    try:
        context = get_current_context(silent=True)
        acting = context.meta.get(_ACTING) if context is not None else None
        if acting is not None:
            identify(engine, *acting)
        load_names(engine)
        yield engine
    except (DBAPIError, sqlite3.Error, StoreUnavailable) as error:
        failure = store_failure(error, engine.url)
        if failure is None or failure is error:
            raise
        raise failure from error
    finally:
        engine.dispose()


def stdout_is_terminal() -> bool:
    """Whether a person is watching (progress bars and colours only then)."""
    return sys.stdout.isatty()
