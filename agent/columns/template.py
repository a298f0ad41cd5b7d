"""A column's prompt template: its `$variables` checked against the lead's facts when the
column is defined, and filled with one lead's facts (as JSON strings: data, never instructions)
when it runs."""

from __future__ import annotations

import hashlib
import json
from string import Template
from typing import Any

from agent.columns.errors import BadTemplate, UnknownVariables
from agent.columns.facts import VARIABLES

UNKNOWN = "unknown"


def variables_of(prompt: str) -> list[str]:
    """The variables `prompt` names, in order of first use; raises on a malformed `$`."""
    template = Template(prompt)
    if not template.is_valid():
        raise BadTemplate(_stray(prompt))
    return list(dict.fromkeys(template.get_identifiers()))


def check_prompt(prompt: str) -> list[str]:
    """The prompt's variables; raises `UnknownVariables` naming those the facts lack."""
    used = variables_of(prompt)
    unknown = [name for name in used if name not in VARIABLES]
    if unknown:
        raise UnknownVariables(unknown, list(VARIABLES))
    return used


def fill(prompt: str, values: dict[str, str | None]) -> tuple[str, dict[str, str | None]]:
    """The prompt with the facts in, and the facts it used."""
    used = {name: values.get(name) for name in variables_of(prompt)}
    text = Template(prompt).substitute({name: _data(value) for name, value in used.items()})
    return text, used


def prompt_hash(prompt: str, kind: str, options: list[str]) -> str:
    """What identifies a column's question: its prompt, type and options."""
    return _digest({"prompt": prompt, "type": kind, "options": options})


def input_hash(column_hash: str, facts: dict[str, Any], model: str) -> str:
    """The cell's cache key: the column's question, the facts it read and the model."""
    return _digest({"column": column_hash, "facts": facts, "model": model})


def _digest(document: dict[str, Any]) -> str:
    data = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def _data(value: str | None) -> str:
    # A JSON string with < and > escaped: a value from the data cannot close a marker or pass
    # for an instruction of the rep's.
    text = UNKNOWN if value is None else value
    return json.dumps(text, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def _stray(prompt: str) -> str:
    index = next(
        (i for i in range(len(prompt)) if prompt[i] == "$" and not _starts_variable(prompt, i)),
        0,
    )
    return prompt[max(0, index - 10) : index + 10]


def _starts_variable(prompt: str, index: int) -> bool:
    rest = prompt[index + 1 : index + 2]
    if rest == "$":
        return True
    if index > 0 and prompt[index - 1] == "$":
        return True
    return rest == "{" or rest.isidentifier()
