"""Mistakes in an AI-column request that the caller can correct.

Each carries a `code` and its `values` (data, never wording): the CLI and the UI word it
through the catalogue (`columns.error.<code>`); its `str()` is the English sentence the tools
hand to the model, saying what to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ColumnRequestError(Exception):
    """An AI-column request that cannot be done as asked; `code` and `values` say why."""

    code = "column_request"

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message)
        self.values = values


class UnknownVariables(ColumnRequestError):
    """The prompt names variables the lead's facts do not have."""

    code = "unknown_variables"

    def __init__(self, unknown: Sequence[str], known: Sequence[str]) -> None:
        names = ", ".join(f"${name}" for name in unknown)
        known_names = ", ".join(f"${name}" for name in known)
        super().__init__(
            f"unknown variables in the prompt: {names}; use only {known_names}",
            unknown=names,
            known=known_names,
        )


class BadTemplate(ColumnRequestError):
    """A `$` that starts no variable (write `$$` for a dollar sign)."""

    code = "bad_template"

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"the prompt has a stray $ ({detail}): write $$ for a dollar sign", detail=detail
        )


class BadColumnType(ColumnRequestError):
    """A type the columns do not have."""

    code = "bad_type"

    def __init__(self, kind: str, known: Sequence[str]) -> None:
        super().__init__(
            f"unknown column type {kind!r}: use one of {', '.join(known)}",
            kind=kind,
            known=", ".join(known),
        )


class BadOptions(ColumnRequestError):
    """An enum column without at least two distinct options, or options on another type."""

    code = "bad_options"

    def __init__(self, kind: str) -> None:
        super().__init__(
            "an enum column needs at least two distinct options (--options a,b,c); "
            f"a {kind} column takes none",
            kind=kind,
        )


class EmptyColumn(ColumnRequestError):
    """A column without a name or a prompt."""

    code = "empty"

    def __init__(self) -> None:
        super().__init__("an AI column needs a name and a prompt")


class ColumnExists(ColumnRequestError):
    """The list has a column of that name already (with another prompt)."""

    code = "exists"

    def __init__(self, name: str, list_name: str) -> None:
        super().__init__(
            f"the list {list_name!r} already has a column {name!r}: choose another name, "
            "or replace its prompt (replace=true, --replace)",
            name=name,
            list_name=list_name,
        )


class UnknownColumn(ColumnRequestError, LookupError):
    """No column of the list has that name."""

    code = "unknown_column"

    def __init__(self, name: str, list_name: str, existing: Sequence[str]) -> None:
        super().__init__(
            f"the list {list_name!r} has no AI column {name!r}; its columns: "
            f"{', '.join(existing) or 'none yet'}",
            name=name,
            list_name=list_name,
            existing=", ".join(existing),
        )


class CustomPromptOffline(ColumnRequestError):
    """A custom prompt cannot run without a language model."""

    code = "offline"

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__(
            "no language model is configured (offline mode): a custom prompt cannot run; "
            f"only the built-in columns run on rules. Not run: {', '.join(names)}. "
            "Set OPENAI_API_KEY to run them.",
            names=", ".join(names),
        )


class CustomColumnOffline(ColumnRequestError):
    """A custom column asked for in a conversation without a language model: not added, since
    it could not be filled."""

    code = "offline_add"

    def __init__(self, name: str, list_name: str) -> None:
        super().__init__(
            "no language model is configured (offline mode): the custom column "
            f"{name!r} is not added, since it could not be filled; the built-in columns run "
            f"on rules (add them to {list_name!r}), or set OPENAI_API_KEY and ask again.",
            name=name,
            list_name=list_name,
        )


class BadFilter(ColumnRequestError):
    """A filter value that the column's type cannot hold."""

    code = "bad_filter"

    def __init__(self, name: str, value: str, reason: str) -> None:
        super().__init__(
            f"{value!r} cannot be a value of the column {name!r}: {reason}",
            name=name,
            value=value,
            reason=reason,
        )
