"""A tool's refusal, for the model and for people: the English sentence the model reads, then
one machine line naming the catalogue message and its values, so the offline model and the UI
word the refusal in the rep's language instead of quoting English.

    the company 552100554 is a lead in several lists ('A', 'B'): … call again with list_name.
    ⟦leads.error.ambiguous_lead {"siren": "552100554", "lists": "A, B"}⟧
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from langchain_core.tools import ToolException

from agent.columns.errors import ColumnRequestError
from agent.crm.errors import CrmRequestError
from agent.leads.errors import LeadRequestError
from agent.slack.errors import SlackFailure

_LINE = re.compile(r"\n?⟦(?P<key>[a-z0-9_.]+) (?P<values>\{.*\})⟧\s*$", re.DOTALL)


def refusal(error: Exception, *, hint: str = "") -> ToolException:
    """`error` as the ToolException a tool raises: its sentence (and a hint for the model),
    with the machine line when the error carries a code."""
    message = f"{error}{hint}"
    key = _key(error)
    if key is not None:
        values = {name: _plain(value) for name, value in getattr(error, "values", {}).items()}
        message += f"\n⟦{key} {json.dumps(values, ensure_ascii=False)}⟧"
    return ToolException(message)


@dataclass(frozen=True)
class Refusal:
    """A refusal read back from a ToolMessage: the sentence, and the catalogue key if any."""

    message: str
    key: str | None = None
    values: dict[str, Any] | None = None


def read_refusal(content: str) -> Refusal:
    """The sentence and, when present, the catalogue key and values of a refusal's text."""
    match = _LINE.search(content)
    if match is None:
        return Refusal(content.strip())
    try:
        values = json.loads(match["values"])
    except json.JSONDecodeError:
        return Refusal(content.strip())
    return Refusal(content[: match.start()].strip(), match["key"], values)


def _key(error: Exception) -> str | None:
    if isinstance(error, LeadRequestError):
        return f"leads.error.{error.code}"
    if isinstance(error, ColumnRequestError):
        return f"columns.error.{error.code}"
    if isinstance(error, CrmRequestError):
        return f"crm_chat.error.{error.code}"
    if isinstance(error, SlackFailure):
        return f"slack.error.{error.code}"
    code = getattr(error, "code", None)
    if isinstance(code, str) and isinstance(getattr(error, "values", None), dict):
        return f"companies.error.{code}"
    return None


def _plain(value: object) -> object:
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)
