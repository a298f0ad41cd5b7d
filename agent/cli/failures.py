"""The sentence a person reads when the store, the conversation memory or FILON_HOME fails,
or when the person acting is refused (an unknown or disabled user, someone else's thread…).

The store, the settings and the users service raise typed failures carrying a code and values;
this module words them in the terminal's language through the catalogue (`cli.store.*`,
`cli.home.*`, `users.error.*`).
"""

from __future__ import annotations

from agent.i18n import Language, catalogue_keys, t
from agent.memory import MemoryUnavailable
from agent.settings import HomeUnavailable
from agent.users.errors import UserRequestError
from store.failures import StoreUnavailable

# Failures a person can do something about: told in one line, never as a traceback.
FAILURES = (StoreUnavailable, HomeUnavailable, UserRequestError)
_DEFAULTS = {"where": "", "reason": "", "user": "", "backend": "", "revision": ""}


def failure_line(
    error: StoreUnavailable | HomeUnavailable | UserRequestError, language: Language
) -> str:
    """One line saying what failed and what to do about it."""
    if isinstance(error, UserRequestError):
        return user_error_line(error, language)
    if isinstance(error, HomeUnavailable):
        reason = error.reason or error.problem
        return t(f"cli.home.{error.problem}", language, home=str(error.home), reason=reason)
    values = {**_DEFAULTS, "reason": str(error), **error.values}
    if isinstance(error, MemoryUnavailable) and f"cli.memory.{error.code}" in catalogue_keys():
        return t(f"cli.memory.{error.code}", language, **values)
    return t(f"cli.store.{error.code}", language, **values)


def user_error_line(error: UserRequestError, language: Language) -> str:
    """A refusal of the users service, worded from `users.error.<code>`."""
    return t(f"users.error.{error.code}", language, **error.values)
