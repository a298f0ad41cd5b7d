"""How the UI names people: a display name for a login ("alice.martin" → "Alice Martin").

Until the users service gives real names, the name is read from the login; this is the one
function to swap for it.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[._\-]+")


def display_name(login: str | None) -> str:
    """The login's parts, split on `.`, `_` and `-`, each capitalised; "" for no login."""
    if not login or not login.strip():
        return ""
    parts = [part for part in _SEPARATORS.split(login.strip()) if part]
    return " ".join(part[:1].upper() + part[1:] for part in parts) or login.strip()
