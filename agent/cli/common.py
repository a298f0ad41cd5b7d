"""What every command shares: settings, the store, and one-line errors on stderr."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from agent.cli.values import setting_line
from agent.i18n import Language, t
from agent.i18n.markdown import one_line
from agent.settings import LanguageSettings, Settings
from store.db import StoreUnavailable, open_store
from store.failures import store_failure

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


@contextmanager
def store_engine(settings: Settings) -> Iterator[Engine]:
    """The migrated store engine, disposed of afterwards.

    Failures, on opening or inside the block (a lock met by `filon demo --clear`), raise
    `StoreUnavailable` or `HomeUnavailable`, which `FilonGroup.main` tells in one line.
    """
    settings.ensure_home()
    engine = open_store(settings.database_url, busy_timeout_ms=CLI_BUSY_TIMEOUT_MS)
    try:
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
