"""The sentence a person reads when the store, the conversation memory or FILON_HOME fails.

The store and the settings raise typed failures carrying a code and values; this module
words them in the terminal's language through the catalogue (`cli.store.*`, `cli.home.*`).
"""

from __future__ import annotations

from agent.i18n import Language, catalogue_keys, t
from agent.memory import MemoryUnavailable
from agent.settings import HomeUnavailable
from store.failures import StoreUnavailable

# Failures a person can do something about: told in one line, never as a traceback.
FAILURES = (StoreUnavailable, HomeUnavailable)
_DEFAULTS = {"where": "", "reason": "", "user": "", "backend": "", "revision": ""}


def failure_line(error: StoreUnavailable | HomeUnavailable, language: Language) -> str:
    """One line saying what failed and what to do about it."""
    if isinstance(error, HomeUnavailable):
        reason = error.reason or error.problem
        return t(f"cli.home.{error.problem}", language, home=str(error.home), reason=reason)
    values = {**_DEFAULTS, "reason": str(error), **error.values}
    if isinstance(error, MemoryUnavailable) and f"cli.memory.{error.code}" in catalogue_keys():
        return t(f"cli.memory.{error.code}", language, **values)
    return t(f"cli.store.{error.code}", language, **values)
