"""What an assistant reads when a tool call is refused: one line from the catalogue, in the
language of Filon's settings, never a traceback.

A refusal that names its catalogue message (`agent.tools.failures`: a code and values, such as
`leads.error.not_shared`) is worded, in order of preference, from `mcp.refusal.<code>` (where
the chat's wording would speak of a conversation: "ask for my lists"), `offline.refusal.<code>`
(the chat's wording, which speaks to someone using tools), or the refusal's own message (the
CLI's). A refusal without a code (the tool's own sentence, written for a model in English) comes
back inside `mcp.error.tool_refused`. Who is calling, bad arguments, an unknown tool, a store
that cannot be used and a bug have their own lines.
"""

from __future__ import annotations

from pydantic import ValidationError

from agent.cli.failures import failure_line  # the CLI's wording of store failures, shared
from agent.i18n import Language, catalogue_keys, t
from agent.i18n.catalogue import CatalogueError
from agent.i18n.markdown import one_line
from agent.tools.failures import read_refusal
from agent.users.errors import UserRequestError
from store.failures import StoreUnavailable


def refusal_line(tool: str, content: str, language: Language) -> str:
    """The line for an agent tool's error message (`content`)."""
    refused = read_refusal(content)
    if refused.key is not None:
        code = refused.key.rsplit(".", 1)[-1]
        known = catalogue_keys()
        for key in (f"mcp.refusal.{code}", f"offline.refusal.{code}", refused.key):
            if key not in known:
                continue
            try:
                return one_line(t(key, language, **(refused.values or {})))
            except CatalogueError:
                continue  # values missing for that wording: try the next one
    reason = one_line(refused.message) or t("offline.errors.unknown", language)
    return t("mcp.error.tool_refused", language, tool=tool, reason=reason)


def user_line(error: UserRequestError, language: Language) -> str:
    """The line for a caller the users table refuses (unknown, disabled, a role above theirs)."""
    return one_line(t(f"users.error.{error.code}", language, **error.values))


def arguments_line(tool: str, error: ValidationError | list[str], language: Language) -> str:
    """The line for arguments that do not fit the tool's schema: what is wrong with each."""
    if isinstance(error, ValidationError):
        reasons = [_reason(item) for item in error.errors()]
    else:
        reasons = [t("mcp.error.unknown_argument", language, name=name) for name in error]
    return one_line(t("mcp.error.bad_arguments", language, tool=tool, reasons="; ".join(reasons)))


def unknown_tool_line(tool: str, known: list[str], language: Language) -> str:
    """The line for a tool Filon does not offer."""
    return one_line(t("mcp.error.unknown_tool", language, tool=tool, known=", ".join(known)))


def store_line(error: StoreUnavailable, language: Language) -> str:
    """The line for a store that cannot be used (locked, unreachable…)."""
    return one_line(failure_line(error, language))


def internal_line(language: Language) -> str:
    """The line for a bug: logged on Filon's side, never shown."""
    return t("mcp.error.internal", language)


def _reason(item: object) -> str:
    details = item if isinstance(item, dict) else {}
    message = str(details.get("msg", "")).removeprefix("Value error, ")
    where = ".".join(str(part) for part in details.get("loc", ()))
    return f"{where}: {message}" if where else message
