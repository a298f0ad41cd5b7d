"""What every command shares: settings, the store, and one-line errors on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from agent.settings import Settings
from store.db import StoreUnavailable, open_store


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line on stderr and exit non-zero (multi-line driver messages are joined)."""
    typer.echo(f"filon: {' '.join(message.split())}", err=True)
    raise typer.Exit(code)


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
        first = error.errors()[0]
        fail(f"bad setting {'.'.join(map(str, first['loc']))}: {first['msg']}")


@contextmanager
def store_engine(settings: Settings) -> Iterator[Engine]:
    """The migrated store engine, disposed of afterwards; a clear error when unavailable."""
    settings.ensure_home()
    try:
        engine = open_store(settings.database_url)
    except StoreUnavailable as error:
        fail(str(error))
    try:
        yield engine
    finally:
        engine.dispose()


def stdout_is_terminal() -> bool:
    """Whether a person is watching (progress bars and colours only then)."""
    return sys.stdout.isatty()
