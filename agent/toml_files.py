"""Reading a settings file the team edits (TOML): when it last changed, and its document, with a
one-line error the caller words (`unusable(message)`), for loaders that cache by change time."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

Unusable = Callable[[str], Exception]


def changed_at(path: Path, unusable: Unusable) -> int:
    """When `path` last changed (ns): a new cache key once it is edited."""
    try:
        return path.stat().st_mtime_ns
    except OSError as error:
        raise unusable(f"cannot read {path}: {error.strerror or error}") from error


def read_toml(path: Path, unusable: Unusable) -> dict[str, Any]:
    """The TOML document in `path`."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise unusable(f"cannot read {path}: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise unusable(f"{path} is not valid TOML: {error}") from error
